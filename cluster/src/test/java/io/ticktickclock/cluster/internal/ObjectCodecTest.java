package io.ticktickclock.cluster.internal;

import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectCodecTest {
    record Params(String name, int[] sizes, List<Long> values, TimeUnit unit) implements Serializable {
    }

    /** Not a job class in these tests: decoding must refuse it before running its readObject. */
    static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean instantiated;

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            instantiated = true;
        }
    }

    private static Object roundTrip(Object value) {
        return ObjectCodec.decode(ObjectCodec.encode(value), ObjectCodecTest.class.getClassLoader(),
                c -> c == Params.class);
    }

    @Test
    void jdkValueTypesCollectionsEnumsAndJobClassesRoundTrip() {
        List<Object> values = new ArrayList<>(List.of("text", 42, 7L, 2.5, 'c', true, BigInteger.TEN, UUID.randomUUID(),
                Duration.ofSeconds(3), java.time.Instant.ofEpochSecond(1_796_000_000L), List.of(1, 2, 3), Map.of("a", 1),
                new TreeSet<>(List.of("x", "y")), new HashMap<>(Map.of(1L, List.of("z"))), new long[] {1, 2},
                new String[][] {{"a"}}, TimeUnit.SECONDS));
        for (Object v : values) {
            Object back = roundTrip(v);
            if (v.getClass().isArray()) {
                assertThat(back).usingRecursiveComparison().isEqualTo(v);
            } else {
                assertThat(back).isEqualTo(v);
            }
        }
        Params p = (Params) roundTrip(new Params("n", new int[] {1, 2}, List.of(3L), TimeUnit.DAYS));
        assertThat(p.name()).isEqualTo("n");
        assertThat(p.sizes()).containsExactly(1, 2);
        assertThat(p.values()).containsExactly(3L);
        assertThat(roundTrip(null)).isNull();
    }

    @Test
    void aClassOutsideTheAllowListIsRefusedBeforeItIsInstantiated() {
        Gadget.instantiated = false;
        byte[] bytes = ObjectCodec.encode(List.of(new Gadget()));
        assertThatThrownBy(() -> ObjectCodec.decode(bytes, getClass().getClassLoader(), c -> c == Params.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Gadget.class.getName())
                .hasMessageContaining("only the job's classes");
        assertThat(Gadget.instantiated).isFalse();
    }

    @Test
    void aNonSerializableValueIsReportedWithItsClass() {
        assertThatThrownBy(() -> ObjectCodec.encode(List.of(new Object())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
    }

    @Test
    void malformedBytesAreReportedNotThrownRaw() {
        assertThatThrownBy(() -> ObjectCodec.decode(new byte[] {1, 2, 3}, getClass().getClassLoader(), c -> false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refused to decode 3 bytes");
    }
}
