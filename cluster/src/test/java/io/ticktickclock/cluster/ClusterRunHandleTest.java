package io.ticktickclock.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticktickclock.BspCancelledException;
import io.ticktickclock.BspJob;
import io.ticktickclock.BspProgram;
import io.ticktickclock.BspProgramJob;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRun;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.SpmdProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster runs started asynchronously ({@link ClusterRuntime#start}): the handle follows the run, gives the
 * local result, and cancels the job on every worker. Two workers in this JVM.
 */
@Timeout(180)
class ClusterRunHandleTest {
    private static final String NAME = "ttc-handle-" + ProcessHandle.current().pid();
    private static InJvmWorkers workers;
    private static ClusterRuntime cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        workers = InJvmWorkers.start(NAME, null, 2, 1);
        cluster = workers.connect(3);
    }

    @AfterAll
    static void stop() {
        if (workers != null) {
            workers.close();      // the client too
        }
    }

    /**
     * Runs {@code supersteps} supersteps, each processor adding what its left neighbour sent; in superstep
     * {@code at} every processor waits until the file {@code gate} exists, processor 0 having written
     * {@code gate.reached} (the job's classes are loaded apart on the workers, so files are what the test and the
     * job share).
     */
    public record Gated(String gate, int at, int supersteps) implements BspJob<Long, Long> {
        @Override
        public SpmdProgram<Long, Long> program() {
            return ctx -> {
                long acc = ctx.pid();
                for (int s = 0; s < supersteps; s++) {
                    if (ctx.superstep() == at) {
                        if (ctx.pid() == 0) {
                            Files.writeString(Path.of(gate + ".reached"), "");
                        }
                        while (!Files.exists(Path.of(gate))) {
                            Thread.sleep(2);
                        }
                    }
                    ctx.send((ctx.pid() + 1) % ctx.processors(), acc);
                    ctx.sync();
                    for (long x : ctx.inbox()) {
                        acc = acc * 7 + x;
                    }
                }
                return acc;
            };
        }
    }

    /** A superstep program: the sum of the input, one superstep per round, {@code rounds} rounds. */
    public record Rounds(int rounds) implements BspProgramJob<Long, long[], Long> {
        @Override
        public BspProgram<Long, long[], Long> program() {
            return BspProgram.<Long, long[], Long>builder("rounds")
                    .init((ctx, share) -> new long[] {share.stream().mapToLong(Long::longValue).sum(), 0})
                    .superstep("round", step -> step
                            .compute((ctx, s) -> {
                                for (long x : ctx.inbox()) {
                                    s[0] += x;
                                }
                                s[1]++;
                                return s;
                            })
                            .communicate((ctx, s) -> ctx.send((ctx.pid() + 1) % ctx.processors(), s[0] % 1000))
                            .until(s -> s[1] >= rounds))
                    .build();
        }
    }

    private static void awaitSuperstep(BspRun<?> run, int superstep) throws InterruptedException {
        while (run.status().superstep() < superstep && run.status().state() == BspRun.State.RUNNING) {
            Thread.sleep(5);
        }
    }

    @Test
    void aStartedRunReportsTheSuperstepItWaitsInAndEndsWithTheLocalResult() throws Exception {
        Path gate = dir.resolve("open");
        Gated job = new Gated(gate.toString(), 6, 10);
        BspRun<Long> run = cluster.start(job);
        awaitSuperstep(run, 6);
        BspRun.Status waiting = run.status();
        assertThat(waiting.state()).isEqualTo(BspRun.State.RUNNING);
        assertThat(waiting.superstep()).as("the processors wait in superstep 6").isEqualTo(6);
        assertThat(waiting.superstepName()).isEqualTo("superstep-6");
        assertThat(waiting.lastCheckpoint()).isEmpty();
        assertThat(run.program()).isEqualTo(job.name());

        Files.createFile(gate);
        BspResult<Long> r = run.join();
        assertThat(r.results()).isEqualTo(BspRuntime.builder().processors(3).build().run(job).results());
        assertThat(run.status().state()).isEqualTo(BspRun.State.SUCCEEDED);
        assertThat(run.toCompletableFuture().get().results()).isEqualTo(r.results());
        assertThat(run.cancel()).as("cancelling a finished run").isFalse();
    }

    @Test
    void cancelEndsTheJobOnEveryWorkerAndTheWorkersStayUsable() throws Exception {
        BspRun<Long> run = cluster.start(new Gated(dir.resolve("never").toString(), 4, 10));
        awaitSuperstep(run, 4);
        assertThat(run.status().state()).isEqualTo(BspRun.State.RUNNING);
        assertThat(run.cancel()).isTrue();
        assertThatThrownBy(run::join).isInstanceOf(BspCancelledException.class)
                .hasMessageContaining("cancelled through its BspRun handle").hasMessageContaining("superstep 4");
        assertThat(run.status().state()).isEqualTo(BspRun.State.CANCELLED);
        assertThat(run.cancel()).as("a second cancel").isFalse();

        Path gate = Files.createFile(dir.resolve("open"));
        Gated next = new Gated(gate.toString(), 4, 6);
        assertThat(cluster.run(next).results())
                .isEqualTo(BspRuntime.builder().processors(3).build().run(next).results());
    }

    @Test
    void aStartedProgramJobGivesTheLocalResult() {
        List<Long> input = LongStream.rangeClosed(1, 1000).boxed().toList();
        BspRun<long[]> run = cluster.start(new Rounds(12), input);
        BspResult<long[]> r = run.join();
        BspResult<long[]> local = BspRuntime.builder().processors(3).build().run(new Rounds(12), input);
        assertThat(r.results()).usingRecursiveFieldByFieldElementComparator().isEqualTo(local.results());
        assertThat(run.status().state()).isEqualTo(BspRun.State.SUCCEEDED);
    }

    @Test
    void aCheckpointedRunsHandleNamesItsNewestCheckpointAsALocalOneDoes() throws Exception {
        List<Long> input = LongStream.rangeClosed(1, 1000).boxed().toList();
        BspRun<long[]> local = BspRuntime.builder().processors(3).checkpointEvery(4)
                .checkpointStore(io.ticktickclock.CheckpointStore.directory(dir.resolve("local")))
                .build().start(new Rounds(14).program(), input);
        local.join();
        try (ClusterRuntime checkpointing = workers.client().processors(3).checkpointEvery(4).connect()) {
            BspRun<long[]> run = checkpointing.start(new Rounds(14), input);
            run.join();
            assertThat(local.status().lastCheckpoint()).isPresent();
            assertThat(run.status().lastCheckpoint()).isEqualTo(local.status().lastCheckpoint());
        }
    }

    @Test
    void anInterruptedBlockingRunIsCancelledAndKeepsTheInterrupt() throws Exception {
        Gated job = new Gated(dir.resolve("never").toString(), 2, 5);
        Thread caller = Thread.currentThread();
        Path reached = dir.resolve("never.reached");
        Thread interrupter = new Thread(() -> {
            try {
                while (!Files.exists(reached)) {
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                return;
            }
            caller.interrupt();
        });
        interrupter.start();
        try {
            assertThatThrownBy(() -> cluster.run(job)).isInstanceOf(BspCancelledException.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.interrupted()).as("the interrupt is set again").isTrue();
        } finally {
            interrupter.join();
            Thread.interrupted();
        }
    }
}
