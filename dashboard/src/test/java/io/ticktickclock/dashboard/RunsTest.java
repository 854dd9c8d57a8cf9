package io.ticktickclock.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticktickclock.RunInfo;
import io.ticktickclock.ProcessorStats;
import io.ticktickclock.SuperstepStats;
import io.ticktickclock.telemetry.BspEvent;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The dashboard's model of runs, fed with telemetry events directly. */
class RunsTest {

    private static SuperstepStats stats(int superstep, long compute) {
        return new SuperstepStats(superstep, "step", false, List.of(
                new ProcessorStats(0, compute, 0, 7, 2, 2, 2, 2, 2),
                new ProcessorStats(1, 3, 0, compute + 4, 2, 2, 2, 2, 2)));
    }

    private static RunInfo run(String program) {
        return new RunInfo("test-" + program, program, RunInfo.LOCAL);
    }

    private static BspEvent completed(String program, int superstep, long compute) {
        SuperstepStats s = stats(superstep, compute);
        return new BspEvent.SuperstepCompleted(run(program), superstep, s.name(), s.durationNanos(), false,
                s.totalMessages(), s);
    }

    @Test
    @DisplayName("a long run keeps its recent supersteps in full and the rest in a bounded number of buckets "
            + "that cover every older superstep once, with their totals")
    void memoryIsBoundedAndNothingIsLost() {
        Runs runs = new Runs(10, 4, 100, null);
        runs.apply(new BspEvent.CoordinatorInitialized(run("long"), 2));
        long total = 0;
        for (int s = 0; s < 100_000; s++) {
            BspEvent e = completed("long", s, s % 100);
            total += ((BspEvent.SuperstepCompleted) e).durationNanos();
            runs.apply(e);
        }
        Views.RunDetail d = runs.detail(1, false);
        assertThat(d.run().supersteps()).isEqualTo(100_000);
        assertThat(d.supersteps()).extracting(Views.Superstep::superstep)
                .containsExactly(99_990, 99_991, 99_992, 99_993, 99_994, 99_995, 99_996, 99_997, 99_998, 99_999);
        assertThat(d.olderSupersteps()).hasSizeLessThanOrEqualTo(4);
        int next = 0;
        long sum = 0;
        for (Views.Bucket b : d.olderSupersteps()) {
            assertThat(b.first()).isEqualTo(next);
            assertThat(b.count()).isEqualTo(b.last() - b.first() + 1);
            next = b.last() + 1;
            sum += b.sumDurationNanos();
        }
        assertThat(next).isEqualTo(99_990);
        for (Views.Superstep r : d.supersteps()) {
            sum += r.durationNanos();
        }
        assertThat(sum).isEqualTo(total);
    }

    @Test
    @DisplayName("a run shows its checkpoints, its cluster workers and what happened when it lost one")
    void checkpointsAndRecoveries() {
        Runs runs = new Runs(100, 4, 100, null);
        RunInfo.Worker a = new RunInfo.Worker("10.0.0.1:5701", 0, 1);
        RunInfo.Worker b = new RunInfo.Worker("10.0.0.2:5701", 1, 1);
        RunInfo run = new RunInfo("cluster-00000000000000ab", "pagerank", RunInfo.CLUSTER, List.of(a, b));
        runs.apply(new BspEvent.CoordinatorInitialized(run, 2));
        assertThat(runs.list(false).get(0).checkpoints()).isNull();
        assertThat(runs.list(false).get(0).workers())
                .containsExactly("10.0.0.1:5701 (processors 0)", "10.0.0.2:5701 (processors 1)");
        runs.apply(new BspEvent.CheckpointWritten(run, 4, 1_000, 10));
        runs.apply(new BspEvent.CheckpointWritten(run, 8, 1_200, 10));
        runs.apply(new BspEvent.WorkerLost(run, b, 11));
        runs.apply(new BspEvent.RecoveryStarted(run, 8, List.of(new RunInfo.Worker("10.0.0.1:5701", 0, 2))));
        runs.apply(new BspEvent.RecoveryCompleted(run, 10, 2_500_000_000L));
        Views.Checkpoints c = runs.list(false).get(0).checkpoints();
        assertThat(c.written()).isEqualTo(2);
        assertThat(c.lastSuperstep()).isEqualTo(8);
        assertThat(c.lastBytes()).isEqualTo(1_200);
        assertThat(c.events()).containsExactly("lost worker 10.0.0.2:5701 (processor 1) in superstep 11",
                "recovering from superstep 8 on 1 worker", "recovered: back at superstep 10, 2.5 s after the loss");
    }

    @Test
    @DisplayName("events go to the running run of their program; runs of different programs are kept apart")
    void eventsFollowTheirProgram() {
        Runs runs = new Runs(100, 4, 100, null);
        runs.apply(new BspEvent.CoordinatorInitialized(run("a"), 2));
        runs.apply(new BspEvent.CoordinatorInitialized(run("b"), 2));
        runs.apply(completed("a", 0, 1));
        runs.apply(completed("b", 0, 1));
        runs.apply(completed("a", 1, 1));
        runs.apply(new BspEvent.ComputationCompleted(run("a"), 2, 100, 2, true));
        List<Views.RunSummary> list = runs.list(false);
        assertThat(list).extracting(Views.RunSummary::program, Views.RunSummary::supersteps, Views.RunSummary::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 2, "converged"),
                        org.assertj.core.groups.Tuple.tuple("b", 1, "running"));
    }

    @Test
    @DisplayName("a run that timed out (no single processor's exception) is shown failed with its error")
    void timedOutRunIsFailed() {
        Runs runs = new Runs(100, 4, 100, null);
        runs.apply(new BspEvent.CoordinatorInitialized(run("a"), 2));
        runs.apply(new BspEvent.ComputationFailed(run("a"), 3, "work", new io.ticktickclock.BspTimeoutException(3, "work",
                java.time.Duration.ofSeconds(1), List.of(1))));
        Views.RunSummary run = runs.list(false).get(0);
        assertThat(run.state()).isEqualTo("failed");
        assertThat(run.error()).contains("exceeded the superstep timeout");
    }

    @Test
    @DisplayName("two runs of one program at the same time are kept apart by their run id")
    void concurrentRunsOfOneProgram() {
        Runs runs = new Runs(100, 4, 100, null);
        RunInfo first = new RunInfo("local-1", "same", "local");
        RunInfo second = new RunInfo("local-2", "same", "local");
        runs.apply(new BspEvent.CoordinatorInitialized(first, 2));
        runs.apply(new BspEvent.CoordinatorInitialized(second, 3));
        for (int s = 0; s < 5; s++) {
            SuperstepStats st = stats(s, 1);
            runs.apply(new BspEvent.SuperstepCompleted(s < 2 ? first : second, s < 2 ? s : s - 2, st.name(), 1,
                    false, 0, st));
        }
        runs.apply(new BspEvent.ComputationCompleted(first, 2, 100, 2, true));
        assertThat(runs.list(false)).extracting(Views.RunSummary::runId, Views.RunSummary::processors,
                Views.RunSummary::supersteps, Views.RunSummary::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("local-1", 2, 2, "converged"),
                org.assertj.core.groups.Tuple.tuple("local-2", 3, 3, "running"));
    }

    @Test
    @DisplayName("reported series come with their superstep's row and in the summary's newest values; of several "
            + "processors the lowest-numbered one's value counts; the number of series names is bounded")
    void reportedSeries() {
        Runs runs = new Runs(100, 4, 100, null);
        RunInfo a = run("a");
        runs.apply(new BspEvent.CoordinatorInitialized(a, 2));
        runs.apply(new BspEvent.SeriesReported(a, 1, 0, "balance", 1.5));
        runs.apply(new BspEvent.SeriesReported(a, 0, 0, "balance", 1.25));
        runs.apply(new BspEvent.SeriesReported(a, 1, 0, "balance", 1.75));
        runs.apply(new BspEvent.SeriesReported(a, 0, 1, "l1", 0.5));
        runs.apply(completed("a", 0, 1));
        for (int i = 0; i < Run.MAX_SERIES + 5; i++) {
            runs.apply(new BspEvent.SeriesReported(a, 0, 1, "extra-" + i, i));
        }
        runs.apply(completed("a", 1, 1));
        // A report for a superstep that has its row already is ignored.
        runs.apply(new BspEvent.SeriesReported(a, 0, 0, "late", 1));
        runs.apply(completed("a", 2, 1));
        Views.RunDetail d = runs.detail(1, false);
        assertThat(d.supersteps().get(0).series()).containsExactly(java.util.Map.entry("balance", 1.25));
        assertThat(d.supersteps().get(1).series()).containsKey("l1").hasSize(Run.MAX_SERIES - 1);
        assertThat(d.supersteps().get(2).series()).isNull();
        assertThat(d.run().series()).containsEntry("balance", 1.25).containsEntry("l1", 0.5)
                .hasSize(Run.MAX_SERIES).doesNotContainKey("late");
    }

    @Test
    @DisplayName("summarized older supersteps keep the last value of each series")
    void seriesInBuckets() {
        Runs runs = new Runs(2, 4, 100, null);
        RunInfo a = run("a");
        runs.apply(new BspEvent.CoordinatorInitialized(a, 2));
        for (int s = 0; s < 10; s++) {
            runs.apply(new BspEvent.SeriesReported(a, 0, s, "l1", Math.pow(2, -s)));
            runs.apply(completed("a", s, 1));
        }
        Views.RunDetail d = runs.detail(1, false);
        assertThat(d.supersteps()).extracting(r -> r.series().get("l1")).containsExactly(Math.pow(2, -8),
                Math.pow(2, -9));
        Views.Bucket last = d.olderSupersteps().getLast();
        assertThat(last.last()).isEqualTo(7);
        assertThat(last.series()).containsExactly(java.util.Map.entry("l1", Math.pow(2, -7)));
    }

    @Test
    @DisplayName("a slow superstep is shown while it runs and marks its row, with the late processors")
    void slowSuperstep() {
        Runs runs = new Runs(100, 4, 100, null);
        runs.apply(new BspEvent.CoordinatorInitialized(run("a"), 2));
        runs.apply(new BspEvent.SuperstepSlow(run("a"), 0, 1_000_000, List.of(1)));
        assertThat(runs.list(false).getFirst().currentSlow()).isEqualTo(new Views.Slow(0, 1_000_000, List.of(1)));
        runs.apply(completed("a", 0, 1));
        Views.RunDetail d = runs.detail(1, false);
        assertThat(d.run().currentSlow()).isNull();
        assertThat(d.run().slowSupersteps()).isEqualTo(1);
        assertThat(d.supersteps().getFirst().lateProcessors()).containsExactly(1);
    }

    @Test
    @DisplayName("a failed run's stack trace is left out unless asked for (only a loopback-bound dashboard asks)")
    void stackTracesOnlyOnLoopback() {
        Runs runs = new Runs(100, 4, 100, null);
        runs.apply(new BspEvent.CoordinatorInitialized(run("a"), 2));
        runs.apply(new BspEvent.ComputeError(run("a"), 1, 0, "s", new io.ticktickclock.BspException("boom", 1, 0, "s",
                new IllegalStateException("inner"))));
        assertThat(runs.list(false).getFirst().error()).isEqualTo("boom");
        assertThat(runs.list(false).getFirst().errorDetail()).isNull();
        assertThat(runs.detail(1, false).run().errorDetail()).isNull();
        assertThat(runs.list(true).getFirst().errorDetail()).contains("IllegalStateException: inner");
        assertThat(Dashboard.isLoopback("127.0.0.1")).isTrue();
        assertThat(Dashboard.isLoopback("::1")).isTrue();
        assertThat(Dashboard.isLoopback("0.0.0.0")).isFalse();
    }

    @Test
    @DisplayName("beyond retainedRuns, the oldest ended runs are forgotten, never a running one")
    void retainedRuns() {
        Runs runs = new Runs(100, 4, 2, null);
        runs.apply(new BspEvent.CoordinatorInitialized(run("running"), 2));
        for (int i = 0; i < 5; i++) {
            runs.apply(new BspEvent.CoordinatorInitialized(run("p" + i), 2));
            runs.apply(new BspEvent.ComputationCompleted(run("p" + i), 2, 100, 0, true));
        }
        assertThat(runs.list(false)).extracting(Views.RunSummary::program).containsExactly("running", "p4");
    }

    @Test
    @DisplayName("updates carry the supersteps completed since the last update, once, and a growing version")
    void updatesCarryNewSupersteps() {
        Runs runs = new Runs(100, 4, 100, null);
        runs.apply(new BspEvent.CoordinatorInitialized(run("a"), 2));
        runs.apply(completed("a", 0, 1));
        assertThat(runs.takeChanged(500).getFirst().supersteps()).extracting(Views.Superstep::superstep)
                .containsExactly(0);
        long version = runs.list(false).getFirst().version();
        runs.apply(completed("a", 1, 1));
        runs.apply(completed("a", 2, 1));
        Views.Update u = runs.takeChanged(500).getFirst();
        assertThat(u.supersteps()).extracting(Views.Superstep::superstep).containsExactly(1, 2);
        assertThat(u.run().version()).as("a newer view has a larger version").isGreaterThan(version);
        assertThat(runs.hasChanges()).isFalse();
        assertThat(runs.takeChanged(500)).isEmpty();
    }
}
