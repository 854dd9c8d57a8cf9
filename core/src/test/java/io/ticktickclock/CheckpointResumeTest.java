package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints of superstep programs on the local runtime, and resuming from them. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CheckpointResumeTest {

    @TempDir
    Path dir;

    private static final int P = 3;

    private static BspResult<CheckpointChild.Acc> reference(int p) {
        return BspRuntime.builder().processors(p).build().run(CheckpointChild.program(false), CheckpointChild.input());
    }

    /** Records the checkpoint and resume calls an observer gets. */
    static final class Recorder implements BspObserver {
        final List<Integer> written = new CopyOnWriteArrayList<>();
        final List<Integer> resumed = new CopyOnWriteArrayList<>();
        final List<Integer> completed = new CopyOnWriteArrayList<>();

        @Override
        public void checkpointWritten(RunInfo run, int superstep, long bytes, long nanos) {
            assertThat(bytes).isPositive();
            written.add(superstep);
        }

        @Override
        public void runResumed(RunInfo run, int superstep) {
            resumed.add(superstep);
        }

        @Override
        public void superstepCompleted(RunInfo run, SuperstepStats stats) {
            completed.add(stats.superstep());
        }
    }

    private BspRuntime.Builder checkpointing(int p, Path store, int every) {
        return BspRuntime.builder().processors(p).checkpointStore(CheckpointStore.directory(store))
                .checkpointEvery(every);
    }

    @Test
    void checkpointsAreTakenAtEveryNthSuperstepWithoutChangingTheResult() throws Exception {
        Recorder events = new Recorder();
        BspResult<CheckpointChild.Acc> r = checkpointing(P, dir, 4).observer(events).build()
                .run(CheckpointChild.program(false), CheckpointChild.input());
        assertThat(r.results()).isEqualTo(reference(P).results());
        int last = r.superstepCount();
        List<Integer> expected = new ArrayList<>();
        for (int s = 4; s < last; s += 4) {
            expected.add(s);
        }
        assertThat(events.written).isEqualTo(expected);
        // The store keeps the newest two.
        assertThat(CheckpointStore.directory(dir).supersteps())
                .isEqualTo(expected.subList(expected.size() - 2, expected.size()));
    }

    @Test
    void aRunThatFailedResumesFromItsLastCheckpointToTheSameResult() throws Exception {
        AtomicBoolean crash = new AtomicBoolean(true);
        BspProgram<Integer, CheckpointChild.Acc, String> base = CheckpointChild.program(false);
        // The same program, failing in superstep 13 while 'crash' is set.
        BspProgram<Integer, CheckpointChild.Acc, String> failing = BspProgram.<Integer, CheckpointChild.Acc, String>
                builder(base.name()).combinePairs(Double::sum).init(base.initializer())
                .superstep("prepare", step -> step.compute(base.supersteps().get(0).compute()))
                .superstep("ring", step -> step.compute((ctx, acc) -> {
                    if (crash.get() && ctx.superstep() == 13) {
                        throw new IllegalStateException("crash");
                    }
                    return base.supersteps().get(1).compute().compute(ctx, acc);
                }).communicate(base.supersteps().get(1).communicate()).until(a -> a.rounds() >= CheckpointChild.ROUNDS))
                .build();
        BspRuntime runtime = checkpointing(P, dir, 5).build();
        assertThatThrownBy(() -> runtime.run(failing, CheckpointChild.input())).isInstanceOf(BspException.class);
        assertThat(CheckpointStore.directory(dir).latest()).hasValue(10);

        crash.set(false);
        Recorder events = new Recorder();
        BspResult<CheckpointChild.Acc> resumed = checkpointing(P, dir, 5).observer(events).build()
                .resume(failing, CheckpointChild.input());
        assertThat(resumed.results()).isEqualTo(reference(P).results());
        assertThat(events.resumed).containsExactly(10);
        assertThat(events.completed.get(0)).as("the restore superstep").isEqualTo(9);
        assertThat(resumed.supersteps().get(0).name()).isEqualTo("restore");
        assertThat(events.written).startsWith(15);
    }

    @Test
    void aJvmKilledWithSigkillMidRunResumesToTheSameResult() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classPath = String.join(File.pathSeparator, System.getProperty("java.class.path"),
                System.getProperty("jdk.module.path", ""));
        Process child = new ProcessBuilder(java.toString(), "-cp", classPath, CheckpointChild.class.getName(),
                dir.toString(), Integer.toString(P), "crash").redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            // The child blocks in superstep 14 for good; the checkpoint of superstep 12 is the marker.
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.equals("checkpoint-written 12")) {
                    break;
                }
            }
            assertThat(lines).as("the child's output").contains("checkpoint-written 12");
            child.destroyForcibly();                  // SIGKILL on Linux and macOS
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(CheckpointStore.directory(dir).latest()).hasValue(12);
        Recorder events = new Recorder();
        BspResult<CheckpointChild.Acc> resumed = BspRuntime.builder().processors(P)
                .checkpointStore(CheckpointStore.directory(dir)).observer(events).build()
                .resume(CheckpointChild.program(false), CheckpointChild.input());
        assertThat(resumed.results()).isEqualTo(reference(P).results());
        assertThat(events.resumed).containsExactly(12);
    }

    /** Leaves the checkpoints of a finished run in {@code dir}; returns the newest one's file. */
    private Path checkpointed() throws Exception {
        checkpointing(P, dir, 4).build().run(CheckpointChild.program(false), CheckpointChild.input());
        return dir.resolve("checkpoint-" + CheckpointStore.directory(dir).latest().getAsInt() + ".ttc");
    }

    @Test
    void resumingWithAnotherProcessorCountIsRefusedSayingSo() throws Exception {
        checkpointed();
        assertThatThrownBy(() -> BspRuntime.builder().processors(P + 1).checkpointStore(CheckpointStore.directory(dir))
                .build().resume(CheckpointChild.program(false), CheckpointChild.input()))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining(P + " processors, not " + (P + 1))
                .satisfies(e -> assertThat(((CheckpointException) e).problem())
                        .isEqualTo(CheckpointException.Problem.FOREIGN));
    }

    @Test
    void resumingAnotherProgramOrInputIsRefusedSayingWhich() throws Exception {
        checkpointed();
        assertThatThrownBy(() -> BspRuntime.builder().processors(P).checkpointStore(CheckpointStore.directory(dir))
                .checkpointFingerprint("other input").build()
                .resume(CheckpointChild.program(false), CheckpointChild.input()))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("input fingerprint '', not 'other input'");
        BspProgram<Integer, Long, Void> other = BspProgram.<Integer, Long, Void>builder("other-program")
                .init((ctx, share) -> 0L).superstep("nothing", step -> step.compute((ctx, s) -> s)).build();
        assertThatThrownBy(() -> BspRuntime.builder().processors(P).checkpointStore(CheckpointStore.directory(dir))
                .build().resume(other, List.of()))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("program 'checkpoint-ring', not 'other-program'");
    }

    @Test
    void aCorruptedCheckpointIsDetected() throws Exception {
        Path file = checkpointed();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10);
        }
        assertThatThrownBy(() -> BspRuntime.builder().processors(P).checkpointStore(CheckpointStore.directory(dir))
                .build().resume(CheckpointChild.program(false), CheckpointChild.input()))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("checksum")
                .satisfies(e -> assertThat(((CheckpointException) e).problem())
                        .isEqualTo(CheckpointException.Problem.CORRUPTED));
    }

    @Test
    void aTruncatedCheckpointIsDetected() throws Exception {
        Path file = checkpointed();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() - 100);
        }
        assertThatThrownBy(() -> BspRuntime.builder().processors(P).checkpointStore(CheckpointStore.directory(dir))
                .build().resume(CheckpointChild.program(false), CheckpointChild.input()))
                .isInstanceOf(CheckpointException.class)
                .satisfies(e -> assertThat(((CheckpointException) e).problem())
                        .isEqualTo(CheckpointException.Problem.TRUNCATED));
    }

    @Test
    void aForeignFileIsNotTakenForACheckpoint() throws Exception {
        Files.writeString(dir.resolve("checkpoint-8.ttc"), "not a checkpoint at all, just some text");
        assertThatThrownBy(() -> BspRuntime.builder().processors(P).checkpointStore(CheckpointStore.directory(dir))
                .build().resume(CheckpointChild.program(false), CheckpointChild.input()))
                .isInstanceOf(CheckpointException.class)
                .satisfies(e -> assertThat(((CheckpointException) e).problem())
                        .isEqualTo(CheckpointException.Problem.NOT_A_CHECKPOINT));
    }

    @Test
    void resumingFromAnEmptyStoreSaysThereIsNothingToResume() {
        assertThatThrownBy(() -> BspRuntime.builder().processors(P).checkpointStore(CheckpointStore.directory(dir))
                .build().resume(CheckpointChild.program(false), CheckpointChild.input()))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("holds no checkpoint");
    }

    /** A state that cannot be encoded: neither a record nor Serializable. */
    static final class Opaque {
        int value;
    }

    @Test
    void aStateThatCannotBeEncodedFailsTheRunAtItsStartNamingTheProcessorAndClass() throws Exception {
        BspProgram<Integer, Opaque, Void> program = BspProgram.<Integer, Opaque, Void>builder("opaque")
                .init((ctx, share) -> new Opaque())
                .superstep("step", step -> step.until(s -> ++s.value > 100))
                .build();
        Recorder events = new Recorder();
        assertThatThrownBy(() -> checkpointing(2, dir, 50).observer(events).build().run(program, List.of()))
                .isInstanceOf(BspException.class)
                .satisfies(e -> assertThat(((BspException) e).superstep()).isZero())
                .cause().hasMessageMatching("(?s).*the state of processor [01] .*").hasMessageContaining(Opaque.class.getName())
                .hasMessageContaining("Serializable");
        assertThat(events.completed).isEmpty();
        assertThat(CheckpointStore.directory(dir).supersteps()).isEmpty();
    }

    /** A state whose Java serialization is {@code bytes} long, without holding them. */
    static final class Huge implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final transient long bytes;

        Huge(long bytes) {
            this.bytes = bytes;
        }

        private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
            byte[] chunk = new byte[1 << 20];
            for (long written = 0; written < bytes; written += chunk.length) {
                out.write(chunk);
            }
        }
    }

    /** One processor's state of {@code big} (processor 1) or a small one. */
    private static BspProgram<Integer, Object, Void> holding(Object big) {
        return BspProgram.<Integer, Object, Void>builder("huge")
                .init((ctx, share) -> ctx.pid() == 1 ? big : new Huge(1 << 10))
                .superstep("step", step -> step.until(s -> true))
                .build();
    }

    @Test
    void aStateThatEncodesPastTheLargestPartFailsTheRunAtItsStartSayingHowLarge() throws Exception {
        // Java-serialized: counted without holding the bytes; one value may take 2 GiB - 8.
        assertThatThrownBy(() -> checkpointing(2, dir, 2).build().run(holding(new Huge(2L << 30)), List.of()))
                .isInstanceOf(BspException.class)
                .satisfies(e -> assertThat(((BspException) e).superstep()).isZero())
                .cause().hasMessageContaining("the state of processor 1 (a " + Huge.class.getName() + ")")
                .hasMessageContaining("its Java serialization takes").hasMessageContaining("bytes, more than the "
                        + (Integer.MAX_VALUE - 8) + " one value may take");
        // Each value fits, the whole state does not.
        List<Huge> two = List.of(new Huge(1100L << 20), new Huge(1100L << 20));
        assertThatThrownBy(() -> checkpointing(2, dir, 2).build().run(holding(two), List.of()))
                .isInstanceOf(BspException.class)
                .satisfies(e -> assertThat(((BspException) e).superstep()).isZero())
                .cause().hasMessageMatching("checkpoints: the state of processor 1 \\(a java.util.\\S+\\) encodes to \\d+ "
                        + "bytes; a processor's part of a checkpoint holds at most " + (Integer.MAX_VALUE - 16) + " .*");
        assertThat(CheckpointStore.directory(dir).supersteps()).isEmpty();
    }

    @Test
    void anAsynchronousRunsStatusNamesItsNewestCheckpoint() throws Exception {
        BspRun<CheckpointChild.Acc> run = checkpointing(P, dir, 4).build()
                .start(CheckpointChild.program(false), CheckpointChild.input());
        BspResult<CheckpointChild.Acc> r = run.join();
        int newest = (r.superstepCount() - 1) / 4 * 4;
        assertThat(run.status().lastCheckpoint()).hasValue(newest);
        assertThat(CheckpointStore.directory(dir).latest()).hasValue(newest);
    }

    /** Waits until {@code run} is in {@code superstep} or has ended. */
    private static void awaitSuperstep(BspRun<?> run, int superstep) throws InterruptedException {
        while (run.status().superstep() < superstep && run.status().state() == BspRun.State.RUNNING) {
            Thread.sleep(1);
        }
    }

    @Test
    void aResumedRunCanBeStartedWatchedAndCancelledAndThenResumedAgain() throws Exception {
        BspRuntime stopping = checkpointing(P, dir, 5).build();
        // A run that blocks in superstep 14 stands for one that is stopped there: cancelled, it leaves 10.
        BspRun<CheckpointChild.Acc> first = stopping.start(CheckpointChild.program(true), CheckpointChild.input());
        awaitSuperstep(first, CheckpointChild.BLOCK_AT);
        assertThat(first.cancel()).isTrue();
        assertThatThrownBy(first::join).isInstanceOf(BspCancelledException.class);
        assertThat(CheckpointStore.directory(dir).latest()).hasValue(10);

        Recorder events = new Recorder();
        BspRun<CheckpointChild.Acc> resumed = checkpointing(P, dir, 5).observer(events).build()
                .startResume(CheckpointChild.program(true), CheckpointChild.input());
        awaitSuperstep(resumed, CheckpointChild.BLOCK_AT);
        BspRun.Status status = resumed.status();
        assertThat(status.state()).isEqualTo(BspRun.State.RUNNING);
        assertThat(status.superstep()).isEqualTo(CheckpointChild.BLOCK_AT);
        assertThat(status.superstepName()).isEqualTo("ring");
        assertThat(status.lastCheckpoint()).as("the checkpoint it resumed from").hasValue(10);
        assertThat(events.resumed).containsExactly(10);
        assertThat(resumed.cancel()).isTrue();
        assertThatThrownBy(resumed::join).isInstanceOf(BspCancelledException.class);
        assertThat(resumed.status().state()).isEqualTo(BspRun.State.CANCELLED);
        assertThat(CheckpointStore.directory(dir).latest()).as("cancelling keeps the checkpoint").hasValue(10);

        BspRuntime runtime = checkpointing(P, dir, 5).build();
        BspProgram<Integer, CheckpointChild.Acc, String> program = CheckpointChild.program(false);
        List<Integer> input = CheckpointChild.input();
        BspRun<CheckpointChild.Acc> run = runtime.startResume(program, input);  // NoSuchFileException if nothing to resume
        java.util.OptionalInt from = run.status().lastCheckpoint();             // OptionalInt[10]
        BspResult<CheckpointChild.Acc> r = run.join();
        assertThat(from).hasValue(10);
        assertThat(r.results()).isEqualTo(reference(P).results());
    }

    /** A directory store whose save of one superstep waits for a latch, and that says when that save ended. */
    static final class SlowStore implements CheckpointStore {
        final CheckpointStore inner;
        final int slow;
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        volatile boolean slowSaved;

        SlowStore(Path dir, int slow) {
            this.inner = CheckpointStore.directory(dir);
            this.slow = slow;
        }

        @Override
        public void save(Checkpoint checkpoint) throws java.io.IOException {
            if (checkpoint.superstep() == slow) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
            inner.save(checkpoint);
            if (checkpoint.superstep() == slow) {
                slowSaved = true;
            }
        }

        @Override
        public Checkpoint load(Identity expected, int superstep) throws java.io.IOException {
            return inner.load(expected, superstep);
        }

        @Override
        public List<Integer> supersteps() throws java.io.IOException {
            return inner.supersteps();
        }

        @Override
        public boolean delete(int superstep) throws java.io.IOException {
            return inner.delete(superstep);
        }
    }

    @Test
    void aCancelledRunsHandleReportsTheEndOnlyOnceItsLastCheckpointIsWritten() throws Exception {
        SlowStore store = new SlowStore(dir, 10);
        BspRun<CheckpointChild.Acc> run = BspRuntime.builder().processors(P).checkpointStore(store)
                .checkpointEvery(5).build().start(CheckpointChild.program(true), CheckpointChild.input());
        awaitSuperstep(run, CheckpointChild.BLOCK_AT);
        assertThat(run.cancel()).isTrue();
        store.release.countDown();       // the write of checkpoint 10 goes on after the processors stopped
        assertThatThrownBy(run::join).isInstanceOf(BspCancelledException.class);
        assertThat(store.slowSaved).as("checkpoint 10 written when join returned").isTrue();
        assertThat(run.status().lastCheckpoint()).hasValue(10);
        assertThat(store.latest()).hasValue(10);
    }

    @Test
    void startingAResumeFailsAtOnceWhenThereIsNothingToResume() {
        BspRuntime runtime = checkpointing(P, dir, 5).build();
        assertThatThrownBy(() -> runtime.startResume(CheckpointChild.program(false), CheckpointChild.input()))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("holds no checkpoint");
    }

    @Test
    void anSpmdProgramCannotBeCheckpointed() {
        BspRuntime runtime = checkpointing(2, dir, 5).build();
        assertThatThrownBy(() -> runtime.run((BspContext<Void> ctx) -> 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SPMD program");
    }

    @Test
    void checkpointsNeedAStoreAndAPositiveInterval() {
        assertThatThrownBy(() -> BspRuntime.builder().checkpointEvery(5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkpointStore");
        assertThatThrownBy(() -> BspRuntime.builder().checkpointEvery(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkpointEvery");
    }

    @Test
    void aFreshRunRefusesAStoreThatHoldsAnEarlierRunsCheckpoints() throws Exception {
        checkpointed();
        List<Integer> before = CheckpointStore.directory(dir).supersteps();
        assertThatThrownBy(() -> checkpointing(P, dir, 4).build().run(CheckpointChild.program(false),
                CheckpointChild.input()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already holds checkpoints");
        assertThat(CheckpointStore.directory(dir).supersteps()).isEqualTo(before);
    }

    @Test
    void theGuidesExampleRunsOrResumes() throws Exception {
        Path ckpt = dir;
        BspProgram<Integer, CheckpointChild.Acc, String> program = CheckpointChild.program(false);
        List<Integer> input = CheckpointChild.input();
        BspRuntime runtime = BspRuntime.builder()
                .processors(4)
                .checkpointStore(CheckpointStore.directory(ckpt))
                .checkpointEvery(10)                        // at supersteps 10, 20, 30, ...
                .checkpointFingerprint("numbers.txt v1")    // what identifies the input
                .build();
        BspResult<CheckpointChild.Acc> r = runtime.checkpointStore().orElseThrow().latest().isPresent()
                ? runtime.resume(program, input)            // the last JVM died: go on from its newest checkpoint
                : runtime.run(program, input);
        assertThat(r.results()).isEqualTo(reference(4).results());
        assertThat(CheckpointStore.directory(ckpt).latest()).hasValue(20);
    }
}
