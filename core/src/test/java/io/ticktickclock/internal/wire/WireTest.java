package io.ticktickclock.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The wire format: what it round-trips, what it refuses, and how it fails on bad input. */
@Timeout(120)
class WireTest {

    enum Colour { RED, GREEN { @Override public String toString() { return "g"; } }, BLUE }

    record Point(int x, int y) {}

    record Vertex(long id, double rank, List<Long> edges, Optional<String> label, Colour colour) {}

    record Bag(Object any, int[] ints, Map<String, Point> byName) {}

    record Positive(int value) {
        Positive {
            if (value <= 0) {
                throw new IllegalArgumentException("value must be > 0, got " + value);
            }
        }
    }

    sealed interface Msg permits Offer, Accept {}

    record Offer(int from, double price) implements Msg {}

    record Accept(int from) implements Msg {}

    /** A Serializable class that is not a record: through Java serialization. */
    static final class Legacy implements Serializable {
        private static final long serialVersionUID = 1L;
        final String name;
        final ArrayList<Integer> values;

        Legacy(String name, List<Integer> values) {
            this.name = name;
            this.values = new ArrayList<>(values);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Legacy l && l.name.equals(name) && l.values.equals(values);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }

    static final AtomicInteger GADGET_READS = new AtomicInteger();

    /** Stands for a gadget class: Serializable, on the class path, but not allowed. */
    static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;
        final String command;

        Gadget(String command) {
            this.command = command;
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            GADGET_READS.incrementAndGet();
            in.defaultReadObject();
        }
    }

    /** Allowed, and holds a field that is a gadget. */
    static final class Holder implements Serializable {
        private static final long serialVersionUID = 1L;
        final Object payload;

        Holder(Object payload) {
            this.payload = payload;
        }
    }

    static final AtomicInteger NEVER_INITIALIZED = new AtomicInteger();

    /** A record whose static initializer must never run in these tests. */
    record NeverLoaded(int x) {
        static {
            NEVER_INITIALIZED.incrementAndGet();
        }
    }

    static final Wire.Options TEST_CLASSES = Wire.Options.defaults(
            type -> type.getEnclosingClass() == WireTest.class || type.getDeclaringClass() == WireTest.class,
            WireTest.class.getClassLoader());

    static final Wire.Options JDK_ONLY = Wire.Options.defaults(Wire.ClassPolicy.jdkOnly(),
            WireTest.class.getClassLoader());

    private static Object roundTrip(Object value) {
        return Wire.decode(Wire.encode(value), TEST_CLASSES);
    }

    @Test
    @DisplayName("every kind of encodable value decodes to an equal value of the documented type")
    void everyKindRoundTrips() {
        List<Object> values = new ArrayList<>(Arrays.asList(null, true, false, (byte) -7, (short) 300, 42, -1L << 40,
                1.5f, Math.PI, Double.NaN, -0.0, 'x', "", "plain", "caf\u00e9", "\u03bb \ud83d\ude00 \ud800 lone",
                new BigInteger("-123456789012345678901234567890"), new BigDecimal("3.14159265358979323846"),
                UUID.randomUUID(), Instant.ofEpochSecond(1_700_000_000L, 123), Duration.ofMillis(-1500),
                Colour.RED, Colour.GREEN, Optional.empty(), Optional.of("x"), new Point(1, -2),
                new Vertex(3, 0.25, List.of(1L, 2L), Optional.of("v3"), Colour.BLUE), new Offer(1, 2.5),
                new Accept(7), new Legacy("l", List.of(1, 2, 3)), TimeUnit.SECONDS, List.of(), Set.of(), Map.of()));
        for (Object v : values) {
            assertThat(deepEquals(v, roundTrip(v))).as("%s", v).isTrue();
        }
        assertThat(roundTrip(List.of(1, 2))).isInstanceOf(ArrayList.class);
        assertThat(roundTrip(new TreeMap<>(Map.of("b", 1, "a", 2)))).isInstanceOf(LinkedHashMap.class)
                .asString().isEqualTo("{a=2, b=1}");
        assertThat(roundTrip(new LinkedHashSet<>(List.of(3, 1, 2)))).isInstanceOf(LinkedHashSet.class)
                .asString().isEqualTo("[3, 1, 2]");
        assertThat(roundTrip(Colour.GREEN)).isSameAs(Colour.GREEN);
    }

    @Test
    @DisplayName("primitive and object arrays keep their element type and contents")
    void arraysRoundTrip() {
        Object[] arrays = {new boolean[] {true, false}, new byte[] {1, -1}, new short[] {1, -300},
            new int[] {Integer.MIN_VALUE, 0}, new long[] {Long.MAX_VALUE, -1}, new float[] {1f, Float.NaN},
            new double[] {0.5, -0.0}, new char[] {'a', '\uffff'}, new String[] {"a", null}, new Point[] {new Point(1, 2)},
            new long[][] {{1, 2}, {}}, new Msg[] {new Offer(1, 1), new Accept(2)}, new Object[] {1, "two", null}};
        for (Object a : arrays) {
            Object back = roundTrip(a);
            assertThat(back.getClass()).isEqualTo(a.getClass());
            assertThat(deepEquals(a, back)).as("%s", a.getClass()).isTrue();
        }
        long[] big = new SplittableRandom(1).longs(1 << 20).toArray();
        assertThat((long[]) roundTrip(big)).isEqualTo(big);
        double[] doubles = new SplittableRandom(2).doubles(1 << 18).toArray();
        assertThat((double[]) roundTrip(doubles)).isEqualTo(doubles);
    }

    @Test
    @DisplayName("a stream written in the other byte order is read correctly (the header records the order)")
    void otherByteOrderIsSwapped() {
        ByteOrder other = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + 4 + 16 + 1 + 8).order(other);
        b.put((byte) 'T').put((byte) 'W').put((byte) 1).put((byte) (other == ByteOrder.LITTLE_ENDIAN ? 0 : 1));
        b.put(Wire.LONGS).putInt(2).putLong(1L).putLong(-2L);
        b.put(Wire.LONG).putLong(0x0102030405060708L);
        WireReader r = new WireReader(b.array(), 0, b.capacity(), JDK_ONLY);
        assertThat((long[]) r.readObject()).containsExactly(1L, -2L);
        assertThat(r.readObject()).isEqualTo(0x0102030405060708L);
        r.requireEnd();
    }

    @Test
    @DisplayName("several values written one after the other are read back in order; a reset writer starts afresh")
    void streamOfValues() {
        WireWriter w = new WireWriter(0);
        w.writeObject(new Point(1, 2)).writeObject(new Point(3, 4)).writeObject("end");
        WireReader r = new WireReader(w.toByteArray(), 0, w.toByteArray().length, TEST_CLASSES);
        assertThat(r.readObject(Point.class)).isEqualTo(new Point(1, 2));
        assertThat(r.readObject(Point.class)).isEqualTo(new Point(3, 4));
        assertThat(r.readObject(String.class)).isEqualTo("end");
        assertThat(r.hasMore()).isFalse();
        w.reset().writeObject(new Point(5, 6));
        assertThat(Wire.decode(w.toByteArray(), TEST_CLASSES)).isEqualTo(new Point(5, 6));
    }

    @Test
    @DisplayName("seeded random values of every kind, nested, decode to equal values")
    void randomValuesRoundTrip() {
        long seed = Long.getLong("ttc.seed", System.nanoTime());   // -Dttc.seed=N replays a printed seed
        System.out.println("WireTest.randomValuesRoundTrip seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 3000; i++) {
            Object v = randomValue(random, 0);
            Object back = roundTrip(v);
            assertThat(deepEquals(v, back)).as("seed %d, value %d: %s", seed, i, v).isTrue();
        }
    }

    @Test
    @DisplayName("a streaming writer with a small buffer hands its sink exactly the bytes a buffered writer holds")
    void streamingWriterMatchesBufferedWriter() {
        long seed = Long.getLong("ttc.seed", System.nanoTime());   // -Dttc.seed=N replays a printed seed
        System.out.println("WireTest.streamingWriterMatchesBufferedWriter seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        java.io.ByteArrayOutputStream sunk = new java.io.ByteArrayOutputStream();
        WireWriter streaming = new WireWriter(64 + random.nextInt(64), (b, off, len) -> {
            assertThat(len).isPositive();
            sunk.write(b, off, len);
        });
        for (int i = 0; i < 500; i++) {
            Object v = i % 50 == 0 ? new Bag(new long[5000], new int[3000], Map.of("x", new Point(1, 2)))
                    : randomValue(random, 0);
            byte[] expected = Wire.encode(v);
            sunk.reset();
            long length = streaming.reset().writeObject(v).finish();
            assertThat(length).as("seed %d, value %d", seed, i).isEqualTo(expected.length);
            assertThat(sunk.toByteArray()).as("seed %d, value %d", seed, i).isEqualTo(expected);
        }
        assertThatThrownBy(streaming::toByteArray).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("every truncation of a valid encoding fails with a WireException, never another exception")
    void truncatedInputFailsCleanly() {
        long seed = Long.getLong("ttc.seed", System.nanoTime());   // -Dttc.seed=N replays a printed seed
        System.out.println("WireTest.truncatedInputFailsCleanly seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = Wire.encode(randomValue(random, 0));
            for (int n = 0; n < bytes.length; n++) {
                byte[] prefix = Arrays.copyOf(bytes, n);
                int length = n;
                assertThatThrownBy(() -> Wire.decode(prefix, TEST_CLASSES))
                        .as("seed %d, value %d cut to %d bytes", seed, i, length).isInstanceOf(WireException.class);
            }
        }
    }

    @Test
    @DisplayName("bit-flipped and random-byte-patched encodings either decode or fail with a WireException")
    void corruptedInputFailsCleanly() {
        long seed = Long.getLong("ttc.seed", System.nanoTime());   // -Dttc.seed=N replays a printed seed
        System.out.println("WireTest.corruptedInputFailsCleanly seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        int failures = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes = Wire.encode(randomValue(random, 0));
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                int at = random.nextInt(bytes.length);
                if (random.nextBoolean()) {
                    bytes[at] ^= (byte) (1 << random.nextInt(8));
                } else {
                    bytes[at] = (byte) random.nextInt(256);
                }
            }
            try {
                Wire.decode(bytes, TEST_CLASSES);
            } catch (WireException expected) {
                failures++;
                assertThat(expected.getMessage()).as("seed %d, value %d", seed, i).isNotBlank();
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + ", value " + i + ": " + t, t);
            }
        }
        assertThat(failures).as("seed %d", seed).isPositive();
    }

    @Test
    @DisplayName("a forged length far beyond the input fails before anything is allocated for it")
    void forgedLengthsDoNotAllocate() {
        for (byte tag : new byte[] {Wire.LONGS, Wire.BYTES, Wire.STRING, Wire.LIST, Wire.MAP, Wire.OBJECTS}) {
            ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
            header(b).put(tag);
            if (tag == Wire.STRING) {
                b.put((byte) 0);
            }
            if (tag == Wire.OBJECTS) {
                b.putInt(0).put((byte) 0).putInt(6).put("x.Obj".getBytes(StandardCharsets.ISO_8859_1), 0, 5);
                b.position(b.position() - 5);
                b.put("java.lang.Object".getBytes(StandardCharsets.ISO_8859_1), 0, 0);
            }
            b.putInt(Integer.MAX_VALUE - 8);
            WireException e = catchThrowableOfType(WireException.class,
                    () -> Wire.decode(Arrays.copyOf(b.array(), b.position()), TEST_CLASSES));
            assertThat(e).as("tag %d", tag).isNotNull();
            assertThat(e.offset()).isPositive();
        }
    }

    @Test
    @DisplayName("the depth, length and size limits are enforced with a message naming the limit")
    void limitsAreEnforced() {
        Object nested = List.of();
        for (int i = 0; i < 20; i++) {
            nested = List.of(nested);
        }
        byte[] deep = Wire.encode(nested);
        assertThatThrownBy(() -> Wire.decode(deep, TEST_CLASSES.withLimits(new Wire.Limits(10, 100, 1000))))
                .isInstanceOf(WireException.class).hasMessageContaining("deeper than the limit of 10");
        byte[] longArray = Wire.encode(new long[50]);
        assertThatThrownBy(() -> Wire.decode(longArray, TEST_CLASSES.withLimits(new Wire.Limits(10, 40, 1000))))
                .isInstanceOf(WireException.class).hasMessageContaining("50 elements is over the limit of 40");
        assertThatThrownBy(() -> Wire.decode(longArray, TEST_CLASSES.withLimits(new Wire.Limits(10, 100, 100))))
                .isInstanceOf(WireException.class).hasMessageContaining("over the limit of 100 bytes");
        Object cycle = cycle();
        assertThatThrownBy(() -> Wire.check(cycle)).isInstanceOf(WireException.class)
                .hasMessageContaining("cycle");
    }

    private static Object cycle() {
        List<Object> self = new ArrayList<>();
        self.add(self);
        return self;
    }

    @Test
    @DisplayName("header problems, trailing bytes and unknown tags are reported with their offset")
    void malformedStreams() {
        assertThatThrownBy(() -> Wire.decode(new byte[] {'X', 'W', 1, 0, 0}, JDK_ONLY))
                .isInstanceOf(WireException.class).hasMessageContaining("\"TW\"");
        assertThatThrownBy(() -> Wire.decode(new byte[] {'T', 'W', 9, 0, 0}, JDK_ONLY))
                .isInstanceOf(WireException.class).hasMessageContaining("version 9");
        assertThatThrownBy(() -> Wire.decode(new byte[] {'T', 'W', 1, 0, 0, 0}, JDK_ONLY))
                .isInstanceOf(WireException.class).hasMessageContaining("1 bytes remain").hasMessageContaining("offset 5");
        assertThatThrownBy(() -> Wire.decode(new byte[] {'T', 'W', 1, 0, 99}, JDK_ONLY))
                .isInstanceOf(WireException.class).hasMessageContaining("unknown tag 99").hasMessageContaining("offset 4");
    }

    @Test
    @DisplayName("a record the policy does not allow is refused before its class is even initialized")
    void recordOutsideThePolicyIsNeverInitialized() {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
        byte[] name = NeverLoaded.class.getName().getBytes(StandardCharsets.ISO_8859_1);
        header(b).put(Wire.RECORD).putInt(0).put((byte) 0).putInt(name.length).put(name).putInt(1).put(Wire.INT)
                .putInt(5);
        byte[] bytes = Arrays.copyOf(b.array(), b.position());
        assertThatThrownBy(() -> Wire.decode(bytes, JDK_ONLY)).isInstanceOf(WireException.class)
                .hasMessageContaining(NeverLoaded.class.getName()).hasMessageContaining("does not allow");
        assertThat(NEVER_INITIALIZED.get()).isZero();
    }

    @Test
    @DisplayName("a Serializable gadget outside the allow-list is refused before it is instantiated, also nested")
    void gadgetIsRefusedBeforeInstantiation() {
        Wire.Options holderOnly = Wire.Options.defaults(Wire.ClassPolicy.of(Holder.class),
                WireTest.class.getClassLoader());
        GADGET_READS.set(0);
        for (Object attack : List.of(new Gadget("rm -rf /"), new Holder(new Gadget("calc")),
                new Holder(new ArrayList<>(List.of(new Gadget("x")))), List.of(new Holder(new Gadget[] {null})))) {
            byte[] bytes = Wire.encode(attack);
            assertThatThrownBy(() -> Wire.decode(bytes, holderOnly)).isInstanceOf(WireException.class)
                    .hasMessageContaining(Gadget.class.getName()).hasMessageContaining("not allowed");
        }
        assertThat(GADGET_READS.get()).isZero();
        // The same bytes decode when the caller's policy allows the class.
        assertThat(((Gadget) Wire.decode(Wire.encode(new Gadget("ok")), TEST_CLASSES)).command).isEqualTo("ok");
        assertThat(GADGET_READS.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("the loadedBy policy admits the job loader's classes and refuses the application's")
    void loadedByPolicy() {
        ClassLoader other = new ClassLoader(null) {};
        Wire.Options options = Wire.Options.defaults(Wire.ClassPolicy.loadedBy(other), WireTest.class.getClassLoader());
        byte[] bytes = Wire.encode(new Point(1, 2));
        assertThatThrownBy(() -> Wire.decode(bytes, options)).isInstanceOf(WireException.class)
                .hasMessageContaining(Point.class.getName());
        assertThat(Wire.decode(Wire.encode(List.of("jdk", 1L)), options)).isEqualTo(List.of("jdk", 1L));
    }

    @Test
    @DisplayName("a canonical constructor that rejects decoded components fails the decoding with its reason")
    void canonicalConstructorChecksRunOnDecode() {
        byte[] bytes = Wire.encode(new Positive(3));
        // The int component is the last four bytes: forge it to 0.
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).putInt(bytes.length - 4, 0);
        assertThatThrownBy(() -> Wire.decode(bytes, TEST_CLASSES)).isInstanceOf(WireException.class)
                .hasMessageContaining("value must be > 0, got 0").hasMessageContaining(Positive.class.getName());
    }

    record WithThread(int x, Thread worker) {}

    record WithTreeMap(TreeMap<String, Integer> sorted) {}

    record WithList(List<WithThread> rows) {}

    sealed interface Bad permits Fine, NotFine {}

    record Fine(int x) implements Bad {}

    /** Neither a record, an enum nor Serializable. */
    static final class Opaque {}

    record NotFine(Opaque text) implements Bad {}

    record Tree(String name, List<Tree> children) {}

    @Test
    @DisplayName("requireEncodable accepts encodable types and names the path to the first one that is not")
    void requireEncodableFromTypes() {
        for (Class<?> ok : List.of(Point.class, Vertex.class, Msg.class, Colour.class, long[].class, String.class,
                Object.class, Legacy.class, Tree.class, Bag.class, int.class)) {
            Wire.requireEncodable(ok);
        }
        assertThatThrownBy(() -> Wire.requireEncodable(WithThread.class)).isInstanceOf(WireException.class)
                .hasMessageContaining("WithThread.worker").hasMessageContaining("java.lang.Thread");
        assertThatThrownBy(() -> Wire.requireEncodable(WithTreeMap.class)).isInstanceOf(WireException.class)
                .hasMessageContaining("WithTreeMap.sorted").hasMessageContaining("declare it as Map");
        assertThatThrownBy(() -> Wire.requireEncodable(WithList.class)).isInstanceOf(WireException.class)
                .hasMessageContaining("WithList.rows<0>.worker");
        assertThatThrownBy(() -> Wire.requireEncodable(Bad.class)).isInstanceOf(WireException.class)
                .hasMessageContaining("NotFine.text").hasMessageContaining(Opaque.class.getName());
    }

    @Test
    @DisplayName("check names the class of a value that cannot be encoded, and a failed write leaves the writer as it was")
    void checkValues() {
        Wire.check(new Vertex(1, 1, List.of(), Optional.empty(), Colour.RED));
        assertThatThrownBy(() -> Wire.check(new Bag(new Object(), null, Map.of())))
                .isInstanceOf(WireException.class).hasMessageContaining("java.lang.Object");
        Runnable lambda = () -> { };
        assertThatThrownBy(() -> Wire.check(List.of(lambda))).isInstanceOf(WireException.class)
                .hasMessageContaining("Serializable");
        assertThatThrownBy(() -> Wire.check(new Holder(new Object()))).isInstanceOf(WireException.class)
                .hasMessageContaining("java.lang.Object");
        WireWriter w = new WireWriter().writeObject(new Point(1, 1));
        long size = w.size();
        assertThatThrownBy(() -> w.writeObject(List.of(new Point(2, 2), new Object())))
                .isInstanceOf(WireException.class);
        assertThat(w.size()).isEqualTo(size);
        w.writeObject(new Point(3, 3));
        WireReader r = new WireReader(w.toByteArray(), 0, w.toByteArray().length, TEST_CLASSES);
        assertThat(r.readObject()).isEqualTo(new Point(1, 1));
        assertThat(r.readObject()).isEqualTo(new Point(3, 3));
    }

    @Test
    @DisplayName("a Java-serialized value is written in place: the bytes a streaming writer hands its sink, also when the buffer grows under it")
    @SuppressWarnings("unchecked")
    void serializedValuesAreWrittenInPlace() {
        for (int n : new int[] {0, 1, 100, 10_000, 300_000}) {
            Legacy legacy = new Legacy("n" + n, java.util.stream.IntStream.range(0, n).boxed().toList());
            List<Object> value = List.of(new Point(1, 2), legacy, new Holder(legacy));
            java.io.ByteArrayOutputStream sunk = new java.io.ByteArrayOutputStream();
            new WireWriter(64, (b, off, len) -> sunk.write(b, off, len)).writeObject(value).finish();
            assertThat(new WireWriter(0).writeObject(value).toByteArray()).as("%d values", n)
                    .isEqualTo(sunk.toByteArray());
            List<Object> back = (List<Object>) roundTrip(value);
            assertThat(back.subList(0, 2)).containsExactly(new Point(1, 2), legacy);
            assertThat(((Holder) back.get(2)).payload).isEqualTo(legacy);
        }
        // One that fails part-way is taken back, and the writer goes on.
        WireWriter w = new WireWriter(0).writeObject(new Point(1, 1));
        long size = w.size();
        assertThatThrownBy(() -> w.writeObject(new Holder(List.of(new Legacy("x", List.of(1)), new Object()))))
                .isInstanceOf(WireException.class).hasMessageContaining("java.lang.Object");
        assertThat(w.size()).isEqualTo(size);
        byte[] bytes = w.writeObject(new Legacy("y", List.of(2))).toByteArray();
        WireReader r = new WireReader(bytes, 0, bytes.length, TEST_CLASSES);
        assertThat(r.readObject()).isEqualTo(new Point(1, 1));
        assertThat(r.readObject()).isEqualTo(new Legacy("y", List.of(2)));
    }

    @Test
    @DisplayName("takeBytes gives the encoding whether the buffer is exactly full or not, and the writer starts a new stream")
    void takeBytesHandsOverTheEncoding() {
        long seed = Long.getLong("ttc.seed", System.nanoTime());   // -Dttc.seed=N replays a printed seed
        System.out.println("WireTest.takeBytesHandsOverTheEncoding seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 300; i++) {
            Object v = randomValue(random, 0);
            byte[] expected = Wire.encode(v);
            assertThat(Wire.check(v)).as("seed %d, value %d", seed, i).isEqualTo(expected.length);
            int slack = i % 3 == 0 ? 0 : random.nextInt(1, 100);      // exactly full, or not
            WireWriter w = new WireWriter(expected.length + slack);
            assertThat(w.writeObject(v).takeBytes()).as("seed %d, value %d", seed, i).isEqualTo(expected);
            assertThat(w.size()).isEqualTo(Wire.HEADER);
            Object next = randomValue(random, 0);
            assertThat(w.writeObject(next).takeBytes()).as("seed %d, value %d", seed, i).isEqualTo(Wire.encode(next));
        }
        assertThatThrownBy(() -> new WireWriter(64, (b, off, len) -> { }).takeBytes())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("an ArrayPrefix encodes as a copy of the array's first elements would, and checks its arguments")
    void arrayPrefixEncodesAsTheCopy() {
        long[] longs = {1, 2, 3, 4};
        double[] doubles = {0.5, -1, Double.NaN};
        int[] ints = {7, 8};
        Point[] points = {new Point(1, 2), new Point(3, 4), null};
        for (int n = 0; n <= 2; n++) {
            assertThat(Wire.encode(new ArrayPrefix(longs, n))).isEqualTo(Wire.encode(Arrays.copyOf(longs, n)));
            assertThat(Wire.encode(new ArrayPrefix(doubles, n))).isEqualTo(Wire.encode(Arrays.copyOf(doubles, n)));
            assertThat(Wire.encode(new ArrayPrefix(ints, n))).isEqualTo(Wire.encode(Arrays.copyOf(ints, n)));
            assertThat(Wire.encode(List.of(new ArrayPrefix(points, n), new ArrayPrefix(points, n))))
                    .isEqualTo(Wire.encode(List.of(Arrays.copyOf(points, n), Arrays.copyOf(points, n))));
            assertThat((Point[]) roundTrip(new ArrayPrefix(points, n))).containsExactly(Arrays.copyOf(points, n));
        }
        assertThatThrownBy(() -> new ArrayPrefix(longs, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("length must be in [0, 4], got 5");
        assertThatThrownBy(() -> new ArrayPrefix(longs, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArrayPrefix(new byte[2], 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[B");
        assertThatThrownBy(() -> new ArrayPrefix(null, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("array must not be null");
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static ByteBuffer header(ByteBuffer b) {
        return b.put((byte) 'T').put((byte) 'W').put((byte) 1)
                .put((byte) (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 0 : 1));
    }

    static Object randomValue(SplittableRandom r, int depth) {
        int kinds = depth > 4 ? 16 : 27;
        return switch (r.nextInt(kinds)) {
            case 0 -> null;
            case 1 -> r.nextBoolean();
            case 2 -> (byte) r.nextInt();
            case 3 -> (short) r.nextInt();
            case 4 -> r.nextInt();
            case 5 -> r.nextLong();
            case 6 -> Float.intBitsToFloat(r.nextInt());
            case 7 -> Double.longBitsToDouble(r.nextLong());
            case 8 -> (char) r.nextInt(0x10000);
            case 9 -> randomString(r);
            case 10 -> new BigInteger(r.nextInt(200), new java.util.Random(r.nextLong()));
            case 11 -> new BigDecimal(new BigInteger(r.nextInt(100), new java.util.Random(r.nextLong())),
                    r.nextInt(-50, 50));
            case 12 -> new UUID(r.nextLong(), r.nextLong());
            case 13 -> Colour.values()[r.nextInt(3)];
            case 14 -> new Point(r.nextInt(), r.nextInt());
            case 15 -> randomPrimitiveArray(r);
            case 16, 17 -> {
                int n = r.nextInt(6);
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    list.add(randomValue(r, depth + 1));
                }
                yield list;
            }
            case 18 -> {
                Set<Object> set = new LinkedHashSet<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    set.add(randomString(r));
                }
                yield set;
            }
            case 19 -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    map.put(r.nextLong(), randomValue(r, depth + 1));
                }
                yield map;
            }
            case 20 -> r.nextBoolean() ? Optional.empty() : Optional.of(randomString(r));
            case 21 -> {
                List<Long> edges = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    edges.add(r.nextLong());
                }
                yield new Vertex(r.nextLong(), r.nextDouble(), edges,
                        r.nextBoolean() ? Optional.empty() : Optional.of(randomString(r)), Colour.BLUE);
            }
            case 22 -> r.nextBoolean() ? new Offer(r.nextInt(), r.nextDouble()) : new Accept(r.nextInt());
            case 23 -> {
                Object[] a = new Object[r.nextInt(4)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = randomValue(r, depth + 1);
                }
                yield a;
            }
            case 24 -> new Bag(randomValue(r, depth + 1), r.ints(r.nextInt(4)).toArray(),
                    Map.of(randomString(r), new Point(1, 2)));
            case 25 -> new Legacy(randomString(r), List.of(r.nextInt(), r.nextInt()));
            default -> new Instant[] {Instant.ofEpochSecond(r.nextLong(-1_000_000_000L, 1_000_000_000L))};
        };
    }

    private static String randomString(SplittableRandom r) {
        int n = r.nextInt(12);
        StringBuilder s = new StringBuilder();
        int range = r.nextBoolean() ? 0x80 : 0x10000;
        for (int i = 0; i < n; i++) {
            s.append((char) r.nextInt(range));
        }
        return s.toString();
    }

    private static Object randomPrimitiveArray(SplittableRandom r) {
        int n = r.nextInt(20);
        return switch (r.nextInt(8)) {
            case 0 -> r.longs(n).toArray();
            case 1 -> r.ints(n).toArray();
            case 2 -> r.doubles(n).toArray();
            case 3 -> {
                byte[] a = new byte[n];
                r.nextBytes(a);
                yield a;
            }
            case 4 -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = r.nextBoolean();
                }
                yield a;
            }
            case 5 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) r.nextInt();
                }
                yield a;
            }
            case 6 -> {
                char[] a = new char[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (char) r.nextInt();
                }
                yield a;
            }
            default -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = Float.intBitsToFloat(r.nextInt());
                }
                yield a;
            }
        };
    }

    /** Structural equality: arrays by content, collections in iteration order, records by component. */
    static boolean deepEquals(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.getClass().isArray()) {
            if (!b.getClass().equals(a.getClass()) || Array.getLength(a) != Array.getLength(b)) {
                return false;
            }
            for (int i = 0; i < Array.getLength(a); i++) {
                if (!deepEquals(Array.get(a, i), Array.get(b, i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> m) {
            return b instanceof Map<?, ?> n && deepEquals(new ArrayList<>(m.entrySet()), new ArrayList<>(n.entrySet()));
        }
        if (a instanceof Map.Entry<?, ?> e) {
            return b instanceof Map.Entry<?, ?> f && deepEquals(e.getKey(), f.getKey())
                    && deepEquals(e.getValue(), f.getValue());
        }
        if (a instanceof Iterable<?> i && !(a instanceof Path)) {
            if (!(b instanceof Iterable<?> j)) {
                return false;
            }
            Iterator<?> x = i.iterator();
            Iterator<?> y = j.iterator();
            while (x.hasNext() && y.hasNext()) {
                if (!deepEquals(x.next(), y.next())) {
                    return false;
                }
            }
            return !x.hasNext() && !y.hasNext();
        }
        if (a instanceof Optional<?> o) {
            return b instanceof Optional<?> p && deepEquals(o.orElse(null), p.orElse(null));
        }
        if (a instanceof Record) {
            if (!a.getClass().equals(b.getClass())) {
                return false;
            }
            for (RecordComponent rc : a.getClass().getRecordComponents()) {
                try {
                    rc.getAccessor().setAccessible(true);
                    if (!deepEquals(rc.getAccessor().invoke(a), rc.getAccessor().invoke(b))) {
                        return false;
                    }
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
            return true;
        }
        return a.getClass().equals(b.getClass()) && a.equals(b);
    }

    private interface Path extends Iterable<Object> {}
}
