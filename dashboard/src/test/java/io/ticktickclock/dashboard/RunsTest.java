package io.ticktickclock.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

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

    private static BspEvent completed(String program, int superstep, long compute) {
        SuperstepStats s = stats(superstep, compute);
        return new BspEvent.SuperstepCompleted(program, superstep, s.name(), s.durationNanos(), false,
                s.totalMessages(), s);
    }

    @Test
    @DisplayName("a long run keeps its recent supersteps in full and the rest in a bounded number of buckets "
            + "that cover every older superstep once, with their totals")
    void memoryIsBoundedAndNothingIsLost() {
        Runs runs = new Runs(10, 4, 100, null);
        runs.apply(new BspEvent.CoordinatorInitialized("long", 2));
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
    @DisplayName("events go to the running run of their program; runs of different programs are kept apart")
    void eventsFollowTheirProgram() {
        Runs runs = new Runs(100, 4, 100, null);
        runs.apply(new BspEvent.CoordinatorInitialized("a", 2));
        runs.apply(new BspEvent.CoordinatorInitialized("b", 2));
        runs.apply(completed("a", 0, 1));
        runs.apply(completed("b", 0, 1));
        runs.apply(completed("a", 1, 1));
        runs.apply(new BspEvent.ComputationCompleted("a", 2, 100, 2, true));
        List<Views.RunSummary> list = runs.list(false);
        assertThat(list).extracting(Views.RunSummary::program, Views.RunSummary::supersteps, Views.RunSummary::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 2, "converged"),
                        org.assertj.core.groups.Tuple.tuple("b", 1, "running"));
    }

    @Test
    @DisplayName("a run that timed out (no single processor's exception) is shown failed with its error")
    void timedOutRunIsFailed() {
        Runs runs = new Runs(100, 4, 100, null);
        runs.apply(new BspEvent.CoordinatorInitialized("a", 2));
        runs.apply(new BspEvent.ComputationFailed("a", 3, "work", new io.ticktickclock.BspTimeoutException(3, "work",
                java.time.Duration.ofSeconds(1), List.of(1))));
        Views.RunSummary run = runs.list(false).get(0);
        assertThat(run.state()).isEqualTo("failed");
        assertThat(run.error()).contains("exceeded the superstep timeout");
    }

    @Test
    @DisplayName("a run that never reported its end is marked abandoned when a newer run of its program starts")
    void abandonedRun() {
        Runs runs = new Runs(100, 4, 100, null);
        runs.apply(new BspEvent.CoordinatorInitialized("a", 2));
        runs.apply(new BspEvent.CoordinatorInitialized("a", 2));
        assertThat(runs.list(false)).extracting(Views.RunSummary::state).containsExactly("abandoned", "running");
    }

    @Test
    @DisplayName("a slow superstep is shown while it runs and marks its row, with the late processors")
    void slowSuperstep() {
        Runs runs = new Runs(100, 4, 100, null);
        runs.apply(new BspEvent.CoordinatorInitialized("a", 2));
        runs.apply(new BspEvent.SuperstepSlow("a", 0, 1_000_000, List.of(1)));
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
        runs.apply(new BspEvent.CoordinatorInitialized("a", 2));
        runs.apply(new BspEvent.ComputeError("a", 1, 0, "s", new io.ticktickclock.BspException("boom", 1, 0, "s",
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
        runs.apply(new BspEvent.CoordinatorInitialized("running", 2));
        for (int i = 0; i < 5; i++) {
            runs.apply(new BspEvent.CoordinatorInitialized("p" + i, 2));
            runs.apply(new BspEvent.ComputationCompleted("p" + i, 2, 100, 0, true));
        }
        assertThat(runs.list(false)).extracting(Views.RunSummary::program).containsExactly("running", "p4");
    }

    @Test
    @DisplayName("updates carry the supersteps completed since the last update, once, and a growing version")
    void updatesCarryNewSupersteps() {
        Runs runs = new Runs(100, 4, 100, null);
        runs.apply(new BspEvent.CoordinatorInitialized("a", 2));
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
