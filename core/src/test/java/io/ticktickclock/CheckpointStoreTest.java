package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ticktickclock.CheckpointException.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The directory checkpoint store: whole-or-nothing saves, and every kind of bad checkpoint named as such. */
@Timeout(120)
class CheckpointStoreTest {

    record Vertex(long id, double rank, List<Long> edges) {}

    record Part(long[] ranks, List<Vertex> vertices, Map<String, Integer> counters) {}

    private static final CheckpointStore.Identity ID = new CheckpointStore.Identity("pagerank", "sha256:abc", 3);

    @TempDir
    Path dir;

    private static List<Object> parts(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Object> parts = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            parts.add(new Part(r.longs(1000).toArray(), List.of(new Vertex(p, r.nextDouble(), List.of(1L, 2L))),
                    Map.of("p", p)));
        }
        parts.set(2, null);
        return parts;
    }

    private static void assertSameParts(List<?> actual, List<?> expected) {
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i) instanceof Part e) {
                Part a = (Part) actual.get(i);
                assertThat(a.ranks()).isEqualTo(e.ranks());
                assertThat(a.vertices()).isEqualTo(e.vertices());
                assertThat(a.counters()).isEqualTo(e.counters());
            } else {
                assertThat(actual.get(i)).isEqualTo(expected.get(i));
            }
        }
    }

    private CheckpointStore saved() throws IOException {
        CheckpointStore store = CheckpointStore.directory(dir);
        store.save(new CheckpointStore.Checkpoint(ID, 8, parts(8)));
        return store;
    }

    private Path file(int superstep) {
        return dir.resolve("checkpoint-" + superstep + ".ttc");
    }

    @Test
    @DisplayName("a saved checkpoint loads with equal parts; supersteps are listed in order; one can be replaced or deleted")
    void roundTrip() throws IOException {
        CheckpointStore store = CheckpointStore.directory(dir.resolve("new"));
        assertThat(store.latest()).isEmpty();
        for (int s : new int[] {12, 4, 8}) {
            store.save(new CheckpointStore.Checkpoint(ID, s, parts(s)));
        }
        assertThat(store.supersteps()).containsExactly(4, 8, 12);
        assertThat(store.latest()).hasValue(12);
        CheckpointStore.Checkpoint c = store.load(ID, 8);
        assertThat(c.superstep()).isEqualTo(8);
        assertThat(c.identity()).isEqualTo(ID);
        assertSameParts(c.parts(), parts(8));
        store.save(new CheckpointStore.Checkpoint(ID, 8, parts(99)));
        assertSameParts(store.load(ID, 8).parts(), parts(99));
        assertThat(store.delete(12)).isTrue();
        assertThat(store.delete(12)).isFalse();
        assertThat(store.supersteps()).containsExactly(4, 8);
        try (Stream<Path> files = Files.list(dir.resolve("new"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(
                    "checkpoint-4.ttc", "checkpoint-8.ttc");
        }
        assertThatThrownBy(() -> store.load(ID, 5)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    @DisplayName("a part that cannot be encoded fails the save naming the processor; nothing is written, the old checkpoint stays")
    void failedSaveLeavesNothing() throws IOException {
        CheckpointStore store = saved();
        List<Object> bad = parts(1);
        bad.set(1, new Object());
        assertThatThrownBy(() -> store.save(new CheckpointStore.Checkpoint(ID, 8, bad)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("processor 1")
                .hasMessageContaining("java.lang.Object");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("checkpoint-8.ttc");
        }
        assertSameParts(store.load(ID, 8).parts(), parts(8));
        assertThatThrownBy(() -> new CheckpointStore.Checkpoint(ID, 1, List.of(1, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one element per processor (3), got 2");
    }

    @Test
    @DisplayName("a checkpoint cut short anywhere is reported TRUNCATED")
    void truncated() throws IOException {
        CheckpointStore store = saved();
        byte[] whole = Files.readAllBytes(file(8));
        SplittableRandom r = new SplittableRandom(7);
        List<Integer> cuts = new ArrayList<>(List.of(0, 5, 20, 60, whole.length - 12, whole.length - 1));
        for (int i = 0; i < 20; i++) {
            cuts.add(r.nextInt(whole.length));
        }
        for (int cut : cuts) {
            Files.write(file(8), Arrays.copyOf(whole, cut));
            CheckpointException e = catchThrowableOfType(CheckpointException.class, () -> store.load(ID, 8));
            assertThat(e).as("cut at %d of %d", cut, whole.length).isNotNull();
            assertThat(e.problem()).as("cut at %d: %s", cut, e.getMessage()).isEqualTo(Problem.TRUNCATED);
            assertThat(e.getMessage()).contains(file(8).toString());
        }
    }

    @Test
    @DisplayName("a changed byte in the parts or the trailer is reported CORRUPTED by the checksum")
    void corruptedPayload() throws IOException {
        CheckpointStore store = saved();
        byte[] whole = Files.readAllBytes(file(8));
        int headerLength = ByteBuffer.wrap(whole).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 30; i++) {
            byte[] bytes = whole.clone();
            int at = headerLength + r.nextInt(whole.length - headerLength - 8);
            bytes[at] ^= (byte) (1 << r.nextInt(8));
            Files.write(file(8), bytes);
            CheckpointException e = catchThrowableOfType(CheckpointException.class, () -> store.load(ID, 8));
            assertThat(e).as("flip at %d", at).isNotNull();
            assertThat(e.problem()).as("flip at %d: %s", at, e.getMessage()).isEqualTo(Problem.CORRUPTED);
            assertThat(e.getMessage()).contains("checksum");
        }
    }

    @Test
    @DisplayName("a changed byte anywhere is never loaded: it is named corrupted, truncated, not a checkpoint or another version")
    void corruptedAnywhere() throws IOException {
        CheckpointStore store = saved();
        byte[] whole = Files.readAllBytes(file(8));
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = whole.clone();
            int at = i < 100 ? r.nextInt(100) : r.nextInt(whole.length);
            bytes[at] ^= (byte) (1 + r.nextInt(255));
            Files.write(file(8), bytes);
            CheckpointException e = catchThrowableOfType(CheckpointException.class, () -> store.load(ID, 8));
            assertThat(e).as("seed %d, byte %d", seed, at).isNotNull();
            assertThat(e.problem()).as("seed %d, byte %d: %s", seed, at, e.getMessage()).isNotEqualTo(Problem.FOREIGN);
        }
        Files.write(file(8), whole);
        assertSameParts(store.load(ID, 8).parts(), parts(8));
    }

    @Test
    @DisplayName("a changed header byte is CORRUPTED (its own checksum), not taken for a checkpoint of another run")
    void corruptedHeader() throws IOException {
        CheckpointStore store = saved();
        byte[] whole = Files.readAllBytes(file(8));
        int headerLength = ByteBuffer.wrap(whole).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        for (int at = 16; at < headerLength; at++) {
            byte[] bytes = whole.clone();
            bytes[at] ^= 0x20;
            Files.write(file(8), bytes);
            CheckpointException e = catchThrowableOfType(CheckpointException.class, () -> store.load(ID, 8));
            assertThat(e.problem()).as("byte %d: %s", at, e.getMessage()).isEqualTo(Problem.CORRUPTED);
        }
    }

    @Test
    @DisplayName("a checkpoint of another program, input or processor count is FOREIGN, and the message says which")
    void foreign() throws IOException {
        CheckpointStore store = saved();
        CheckpointException e = catchThrowableOfType(CheckpointException.class,
                () -> store.load(new CheckpointStore.Identity("sort", "sha256:abc", 3), 8));
        assertThat(e.problem()).isEqualTo(Problem.FOREIGN);
        assertThat(e.getMessage()).contains("program 'pagerank', not 'sort'").doesNotContain("fingerprint");
        e = catchThrowableOfType(CheckpointException.class,
                () -> store.load(new CheckpointStore.Identity("pagerank", "sha256:def", 3), 8));
        assertThat(e.getMessage()).contains("input fingerprint 'sha256:abc', not 'sha256:def'");
        e = catchThrowableOfType(CheckpointException.class,
                () -> store.load(new CheckpointStore.Identity("pagerank", "sha256:abc", 4), 8));
        assertThat(e.getMessage()).contains("3 processors, not 4");
        e = catchThrowableOfType(CheckpointException.class,
                () -> store.load(new CheckpointStore.Identity("x", "y", 1), 8));
        assertThat(e.getMessage()).contains("program 'pagerank', not 'x'; input fingerprint 'sha256:abc', not 'y'; "
                + "3 processors, not 1");
    }

    @Test
    @DisplayName("another format version and a file that is no checkpoint are named as such")
    void versionAndMagic() throws IOException {
        CheckpointStore store = saved();
        byte[] bytes = Files.readAllBytes(file(8));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 2);
        Files.write(file(8), bytes);
        CheckpointException e = catchThrowableOfType(CheckpointException.class, () -> store.load(ID, 8));
        assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED_VERSION);
        assertThat(e.getMessage()).contains("format version 2; this build reads version 1");
        Files.writeString(file(8), "{\"not\": \"a checkpoint at all\"}");
        e = catchThrowableOfType(CheckpointException.class, () -> store.load(ID, 8));
        assertThat(e.problem()).isEqualTo(Problem.NOT_A_CHECKPOINT);
    }

    @Test
    @DisplayName("a file renamed to another superstep is CORRUPTED, naming both supersteps")
    void renamed() throws IOException {
        CheckpointStore store = saved();
        Files.move(file(8), file(9));
        assertThatThrownBy(() -> store.load(ID, 9)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("named for superstep 9 but holds superstep 8");
    }
}
