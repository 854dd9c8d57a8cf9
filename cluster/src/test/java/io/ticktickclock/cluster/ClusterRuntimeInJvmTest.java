package io.ticktickclock.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ticktickclock.BspContext;
import io.ticktickclock.BspException;
import io.ticktickclock.BspJob;
import io.ticktickclock.BspObserver;
import io.ticktickclock.BspProgram;
import io.ticktickclock.BspProgramJob;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.ReduceOp;
import io.ticktickclock.RunInfo;
import io.ticktickclock.SuperstepStats;
import io.ticktickclock.SpmdProgram;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cluster runtime against the local one, with two workers in this JVM (each a Hazelcast member with its
 * own data mesh): the same jobs give the same results, to the bit, and the same failures.
 */
@Timeout(180)
class ClusterRuntimeInJvmTest {
    private static final String NAME = "ttc-test-" + ProcessHandle.current().pid();
    private static InJvmWorkers workers;
    private static ClusterRuntime cluster;
    private static final Recorder onWorker = new Recorder();

    @BeforeAll
    static void start() throws IOException {
        workers = InJvmWorkers.start(NAME, onWorker, 2, 3);
        cluster = workers.connect(5);
    }

    @AfterAll
    static void stop() {
        if (workers != null) {
            workers.close();      // the client too
        }
    }

    /** Messages in every lane and a few collectives; the result records every inbox in delivery order. */
    public record Mixed(long seed, int rounds) implements BspJob<String, List<String>> {
        @Override
        public SpmdProgram<String, List<String>> program() {
            return ctx -> {
                List<String> seen = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    SplittableRandom r = new SplittableRandom(seed + 31L * round + ctx.pid());
                    for (int k = 0; k < 4 * ctx.processors(); k++) {
                        int d = r.nextInt(ctx.processors());
                        switch (r.nextInt(3)) {
                            case 0 -> ctx.send(d, "m" + round + "." + ctx.pid() + "." + k);
                            case 1 -> ctx.sendLong(d, r.nextLong());
                            default -> ctx.sendPair(d, r.nextLong(50), r.nextDouble());
                        }
                    }
                    double sum = ctx.allReduce(r.nextDouble() * 1e10, ReduceOp.SUM);
                    seen.add(Double.doubleToRawLongBits(sum) + " " + ctx.allGather("g" + ctx.pid()) + " "
                            + inbox(ctx));
                }
                return seen;
            };
        }

        private static String inbox(BspContext<String> ctx) {
            StringBuilder b = new StringBuilder();
            ctx.inbox().forEach(m -> b.append(m).append(','));
            for (int i = 0; i < ctx.longInbox().size(); i++) {
                b.append(ctx.longInbox().get(i)).append(',');
            }
            for (int i = 0; i < ctx.pairInbox().size(); i++) {
                b.append(ctx.pairInbox().key(i)).append('=').append(ctx.pairInbox().value(i)).append(',');
            }
            return b.toString();
        }
    }

    public record Thrower(int victim) implements BspJob<String, Integer> {
        @Override
        public SpmdProgram<String, Integer> program() {
            return ctx -> {
                ctx.sync();
                if (ctx.pid() == victim) {
                    throw new IllegalStateException("boom on " + victim);
                }
                ctx.sync();
                return ctx.pid();
            };
        }
    }

    public record Sum() implements BspProgramJob<Long, Long, Long> {
        @Override
        public BspProgram<Long, Long, Long> program() {
            return BspProgram.<Long, Long, Long>builder("sum")
                    .init((ctx, share) -> share.stream().mapToLong(Long::longValue).sum())
                    .superstep("total", step -> step.compute((ctx, partial) -> ctx.allReduce(partial, ReduceOp.SUM)))
                    .build();
        }
    }

    /** Every observer call, in order, as text; and the run identities and statistics it was given. */
    static final class Recorder implements BspObserver {
        final List<String> calls = new ArrayList<>();
        final List<SuperstepStats> stats = new ArrayList<>();
        final List<RunInfo> runs = new ArrayList<>();

        @Override
        public synchronized void runStarted(RunInfo run, int processors) {
            runs.add(run);
            calls.add("started " + run.id() + " p=" + processors);
        }

        @Override
        public synchronized void superstepCompleted(RunInfo run, SuperstepStats s) {
            stats.add(s);
            calls.add("superstep " + s.superstep());
        }

        @Override
        public synchronized void seriesReported(RunInfo run, int processor, int superstep, String series, double v) {
            calls.add("series " + superstep + " p" + processor + " " + series + "=" + v);
        }

        @Override
        public synchronized void checkpointWritten(RunInfo run, int superstep, long bytes, long nanos) {
            calls.add("checkpoint " + superstep + " " + bytes + " bytes");
        }

        @Override
        public synchronized void runCompleted(RunInfo run, BspResult<?> result) {
            calls.add("completed " + run.id() + " supersteps=" + result.superstepCount());
        }

        @Override
        public synchronized void runFailed(RunInfo run, BspException failure) {
            calls.add("failed " + run.id() + " p" + failure.processor());
        }

        synchronized List<String> calls() {
            return List.copyOf(calls);
        }
    }

    /** Reports, on every processor in every superstep, its pid times the superstep as series "x". */
    public record Reporting(int supersteps) implements BspJob<String, Integer> {
        @Override
        public SpmdProgram<String, Integer> program() {
            return ctx -> {
                for (int s = 0; s < supersteps; s++) {
                    ctx.report("x", ctx.pid() * (double) ctx.superstep());
                    ctx.send((ctx.pid() + 1) % ctx.processors(), "hi");
                    ctx.sync();
                }
                return ctx.inbox().size();
            };
        }
    }

    @Test
    void theSubmittersObserverHearsTheRunLiveAsALocalObserverWould() {
        Recorder seen = new Recorder();
        BspResult<Integer> result;
        try (ClusterRuntime observed = workers.client().processors(5).observer(seen).connect()) {
            result = observed.run(new Reporting(6));
        }
        List<String> calls = seen.calls();
        RunInfo run = seen.runs.get(0);
        assertThat(run.engine()).isEqualTo(RunInfo.CLUSTER);
        assertThat(run.id()).matches("cluster-[0-9a-f]{16}");
        assertThat(run.program()).isEqualTo("Reporting");
        assertThat(run.workers()).extracting(RunInfo.Worker::firstProcessor, RunInfo.Worker::processors)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 2), org.assertj.core.groups.Tuple.tuple(2, 3));
        assertThat(run.workerOf(4).orElseThrow().address()).isEqualTo(workers.get(1).memberAddress());
        assertThat(calls.get(0)).isEqualTo("started " + run.id() + " p=5");
        assertThat(calls.get(calls.size() - 1)).isEqualTo("completed " + run.id() + " supersteps="
                + result.superstepCount());
        // Every superstep's statistics, in order, the same as the result's.
        assertThat(seen.stats).isEqualTo(result.supersteps());
        // Every processor's series value of superstep s comes before the statistics of s.
        for (int s = 0; s < 6; s++) {
            int stepAt = calls.indexOf("superstep " + s);
            for (int pid = 0; pid < 5; pid++) {
                int at = calls.indexOf("series " + s + " p" + pid + " x=" + (double) (pid * s));
                assertThat(at).as("series of p%d in superstep %d in %s", pid, s, calls).isBetween(1, stepAt - 1);
            }
        }
        // The worker's own observer heard the same run, under the same id.
        List<String> onTheWorker = onWorker.calls();
        assertThat(onTheWorker).contains("started " + run.id() + " p=5", "superstep 5",
                "completed " + run.id() + " supersteps=" + result.superstepCount());
        assertThat(onTheWorker).contains("series 3 p1 x=3.0").doesNotContain("series 3 p2 x=6.0");
    }

    @Test
    void theSubmittersObserverHearsEachCheckpointOnceEveryWorkerStoredItsPartsAsALocalRunWould(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        ClusterBspTest.Mixing job = new ClusterBspTest.Mixing(17, 0);
        Recorder local = new Recorder();
        BspResult<long[]> expected = BspRuntime.builder().processors(5).checkpointEvery(4)
                .checkpointStore(io.ticktickclock.CheckpointStore.directory(dir)).observer(local).build()
                .run(job, List.of());
        Recorder seen = new Recorder();
        BspResult<long[]> actual;
        try (ClusterRuntime observed = workers.client().processors(5).checkpointEvery(4).observer(seen)
                .connect()) {
            actual = observed.run(job, List.of());
        }
        for (int pid = 0; pid < 5; pid++) {
            assertThat(actual.results().get(pid)).containsExactly(expected.results().get(pid));
        }
        // The same checkpoints as the local run's, each once, with the same encoded size (the sum of the p parts),
        // before the run's end.
        List<String> checkpoints = seen.calls().stream().filter(c -> c.startsWith("checkpoint ")).toList();
        assertThat(checkpoints).isNotEmpty()
                .isEqualTo(local.calls().stream().filter(c -> c.startsWith("checkpoint ")).toList());
        List<String> calls = seen.calls();
        assertThat(calls.indexOf(checkpoints.get(checkpoints.size() - 1))).isLessThan(calls.size() - 1);
        assertThat(calls.get(calls.size() - 1)).startsWith("completed ");
    }

    @Test
    void aFailedRunIsReportedToTheSubmittersObserver() {
        Recorder seen = new Recorder();
        try (ClusterRuntime observed = workers.client().processors(5).observer(seen).connect()) {
            catchThrowableOfType(BspException.class, () -> observed.run(new Thrower(3)));
        }
        List<String> calls = seen.calls();
        assertThat(calls.get(0)).startsWith("started cluster-");
        assertThat(calls.get(calls.size() - 1)).isEqualTo("failed " + seen.runs.get(0).id() + " p3");
    }

    @Test
    void anSpmdJobGivesTheLocalResultsToTheBit() {
        Mixed job = new Mixed(42, 5);
        BspResult<List<String>> expected = BspRuntime.builder().processors(5).build().run(job);
        BspResult<List<String>> actual = cluster.run(job);
        assertThat(actual.results()).isEqualTo(expected.results());
        assertThat(actual.superstepCount()).isEqualTo(expected.superstepCount());
    }

    @Test
    void aProgramJobGetsItsInputSplitAsLocally() {
        List<Long> numbers = LongStream.rangeClosed(1, 10_000).boxed().toList();
        BspResult<Long> actual = cluster.run(new Sum(), numbers);
        assertThat(actual.results()).containsOnly(50_005_000L).hasSize(5);
        assertThat(actual.converged()).isTrue();
    }

    @Test
    void aThrowingProcessorFailsTheRunWithItsError() {
        BspException e = catchThrowableOfType(BspException.class, () -> cluster.run(new Thrower(3)));
        assertThat(e.processor()).isEqualTo(3);
        assertThat(e.superstep()).isEqualTo(1);
        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("boom on 3");
        // The workers are still usable.
        assertThat(cluster.run(new Mixed(7, 2)).results()).hasSize(5);
    }
}
