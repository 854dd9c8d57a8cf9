package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticktickclock.telemetry.BspEvent;
import io.ticktickclock.telemetry.Telemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs started with {@code BspRuntime.start}: status, cancel, join and the future. */
@Timeout(60)
class AsyncRunTest {

    @AfterEach
    void noRuntimeThreadIsLeft() {
        assertThat(Runtimes.liveRuntimeThreads()).isZero();
    }

    private static void awaitSuperstep(BspRun<?> run, int superstep) throws InterruptedException {
        while (run.status().superstep() < superstep && run.status().state() == BspRun.State.RUNNING) {
            Thread.sleep(1);
        }
    }

    @Test
    @DisplayName("cancel ends a run whose processors wait at the barrier for one that computes until interrupted")
    void cancelEndsARunParkedAtTheBarrier() throws InterruptedException {
        for (WaitStrategy wait : List.of(WaitStrategy.parking(), WaitStrategy.busySpin(), WaitStrategy.yielding())) {
            BspRuntime runtime = BspRuntime.builder().processors(4).waitStrategy(wait).build();
            BspRun<Integer> run = runtime.start("stuck", (BspContext<Void> ctx) -> {
                ctx.sync();
                if (ctx.pid() == 2) {
                    while (!Thread.currentThread().isInterrupted()) {
                        Thread.onSpinWait(); // a long computation that checks for interruption
                    }
                }
                ctx.sync();
                return ctx.pid();
            });
            awaitSuperstep(run, 1);
            assertThat(run.status().state()).isEqualTo(BspRun.State.RUNNING);
            assertThat(run.cancel()).isTrue();
            assertThatThrownBy(run::join).isInstanceOf(BspCancelledException.class)
                    .hasMessageContaining("cancelled through its BspRun handle").hasMessageContaining("superstep 1");
            BspRun.Status s = run.status();
            assertThat(s.state()).as("%s", wait).isEqualTo(BspRun.State.CANCELLED);
            assertThat(s.superstep()).isEqualTo(1);
            assertThat(run.cancel()).as("a second cancel").isFalse();
        }
    }

    @Test
    @DisplayName("cancel ends a run whose processors sleep in user code (interruptible) and one that loops over sync()")
    void cancelEndsSleepingAndLoopingRuns() {
        BspRun<Void> sleeping = Runtimes.of(3).start("sleep", (BspContext<Void> ctx) -> {
            Thread.sleep(TimeUnit.HOURS.toMillis(1));
            return null;
        });
        BspRun<Void> looping = Runtimes.of(3).start("loop", (BspContext<Void> ctx) -> {
            while (true) {
                ctx.sync();
            }
        });
        sleeping.cancel();
        looping.cancel();
        assertThatThrownBy(sleeping::join).isInstanceOf(BspCancelledException.class);
        assertThatThrownBy(looping::join).isInstanceOf(BspCancelledException.class);
        assertThat(sleeping.status().state()).isEqualTo(BspRun.State.CANCELLED);
        assertThat(looping.status().state()).isEqualTo(BspRun.State.CANCELLED);
    }

    /** Supersteps 1..20 are 'grow', 21..40 'shrink': the state counts supersteps. */
    private static BspProgram<Long, long[], Void> namedPhases() {
        return BspProgram.<Long, long[], Void>builder("phases")
                .init((ctx, share) -> new long[1])
                .superstep("grow", step -> step
                        .compute((ctx, state) -> {
                            Thread.sleep(2);
                            state[0]++;
                            return state;
                        })
                        .until(state -> state[0] >= 20))
                .superstep("shrink", step -> step
                        .compute((ctx, state) -> {
                            Thread.sleep(2);
                            state[0]++;
                            return state;
                        })
                        .until(state -> state[0] >= 40))
                .build();
    }

    @Test
    @DisplayName("status while running: supersteps never go back, each name is its superstep's, then SUCCEEDED")
    void statusIsConsistentWhileRunning() throws InterruptedException {
        BspRun<long[]> run = Runtimes.of(3).start(namedPhases(), List.of(1L, 2L, 3L));
        List<BspRun.Status> seen = new ArrayList<>();
        BspRun.Status s;
        do {
            s = run.status();
            seen.add(s);
            Thread.sleep(1);
        } while (s.state() == BspRun.State.RUNNING);
        BspResult<long[]> r = run.join();
        assertThat(r.result(0)[0]).isEqualTo(40);
        int last = -1;
        long lastElapsed = -1;
        for (BspRun.Status x : seen) {
            assertThat(x.superstep()).as("%s after superstep %d", x, last).isGreaterThanOrEqualTo(last);
            assertThat(x.elapsed().toNanos()).isGreaterThanOrEqualTo(lastElapsed);
            last = x.superstep();
            lastElapsed = x.elapsed().toNanos();
            String expected = x.superstep() == 0 ? "init" : x.superstep() <= 20 ? "grow" : "shrink";
            assertThat(x.superstepName()).as("%s", x).isIn(expected, "superstep-" + x.superstep());
            assertThat(x.lastCheckpoint()).isEmpty();
        }
        assertThat(seen).extracting(BspRun.Status::superstepName).contains("grow", "shrink");
        assertThat(run.status().state()).isEqualTo(BspRun.State.SUCCEEDED);
        // The last superstep processor 0 was in: a superstep program's trailing one, which ends the program.
        assertThat(run.status().superstep()).isEqualTo(r.superstepCount());
        assertThat(run.status().elapsed()).isEqualTo(run.status().elapsed());
    }

    @Test
    @DisplayName("join and the future return the same results and superstep count as a blocking run")
    void joinMatchesRun() throws Exception {
        BspRuntime runtime = Runtimes.of(4);
        List<Long> input = LongStream.rangeClosed(1, 1000).boxed().toList();
        BspProgram<Long, Long, Long> sum = BspProgram.<Long, Long, Long>builder("sum")
                .init((ctx, share) -> share.stream().mapToLong(Long::longValue).sum())
                .superstep("send", step -> step.communicate((ctx, partial) -> ctx.send(0, partial)))
                .superstep("add", step -> step.compute((ctx, partial) -> ctx.pid() == 0
                        ? ctx.inbox().stream().mapToLong(Long::longValue).sum() : partial))
                .build();
        BspResult<Long> blocking = runtime.run(sum, input);
        BspRun<Long> started = runtime.start(sum, input);
        CompletableFuture<BspResult<Long>> future = started.toCompletableFuture();
        BspResult<Long> joined = started.join();
        assertThat(joined.results()).isEqualTo(blocking.results()).startsWith(500_500L);
        assertThat(joined.superstepCount()).isEqualTo(blocking.superstepCount());
        assertThat(joined.converged()).isEqualTo(blocking.converged());
        assertThat(future.get().results()).isEqualTo(blocking.results());
        assertThat(started.join()).isSameAs(joined);

        BspRun<Integer> spmd = runtime.start((BspContext<Void> ctx) -> {
            ctx.sync();
            return ctx.pid() * 10;
        });
        assertThat(spmd.join().results()).containsExactly(0, 10, 20, 30);
        assertThat(spmd.program()).isEqualTo("spmd");
    }

    @Test
    @DisplayName("a failing run: status FAILED, join throws the run's exception, the future completes with it")
    void failedRun() {
        IllegalStateException boom = new IllegalStateException("boom");
        BspRun<Void> run = Runtimes.of(2).start("fails", (BspContext<Void> ctx) -> {
            ctx.sync();
            if (ctx.pid() == 1) {
                throw boom;
            }
            ctx.sync();
            return null;
        });
        CompletableFuture<BspResult<Void>> future = run.toCompletableFuture();
        assertThatThrownBy(run::join).isInstanceOf(BspException.class).hasCause(boom);
        assertThat(run.status().state()).isEqualTo(BspRun.State.FAILED);
        assertThat(run.cancel()).isFalse();
        assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class).hasRootCause(boom);
    }

    @Test
    @DisplayName("cancelling the future cancels the run; completing it by hand does not change the handle")
    void futureCancelsTheRun() {
        BspRun<Void> run = Runtimes.of(2).start("loop", (BspContext<Void> ctx) -> {
            while (true) {
                ctx.sync();
            }
        });
        CompletableFuture<BspResult<Void>> future = run.toCompletableFuture();
        future.complete(null);
        assertThat(run.status().state()).isEqualTo(BspRun.State.RUNNING);
        assertThat(run.toCompletableFuture().cancel(true)).isTrue();
        assertThatThrownBy(run::join).isInstanceOf(BspCancelledException.class);
        assertThat(run.status().state()).isEqualTo(BspRun.State.CANCELLED);
    }

    @Test
    @DisplayName("a cancelled run emits RunCancelled to telemetry, then the ComputationFailed that ends it")
    void cancelIsReportedToTelemetry() throws InterruptedException {
        Telemetry telemetry = Telemetry.create();
        List<BspEvent> events = new CopyOnWriteArrayList<>();
        telemetry.attach("all", events::add);
        BspRuntime runtime = BspRuntime.builder().processors(2).observer(telemetry).build();
        BspRun<Void> run = runtime.start("loop", (BspContext<Void> ctx) -> {
            while (true) {
                ctx.sync();
            }
        });
        awaitSuperstep(run, 3);
        run.cancel();
        assertThatThrownBy(run::join).isInstanceOf(BspCancelledException.class);
        assertThat(events).filteredOn(e -> e instanceof BspEvent.RunCancelled).singleElement()
                .satisfies(e -> {
                    BspEvent.RunCancelled c = (BspEvent.RunCancelled) e;
                    assertThat(c.program()).isEqualTo("loop");
                    assertThat(c.superstep()).isGreaterThanOrEqualTo(3);
                    assertThat(c.eventName()).isEqualTo("tick_tick_clock.coordinator.run_cancelled");
                });
        assertThat(events).noneMatch(e -> e instanceof BspEvent.ComputationCompleted);
        assertThat(events.get(events.size() - 2)).isInstanceOf(BspEvent.RunCancelled.class);
        assertThat(events.get(events.size() - 1)).isInstanceOf(BspEvent.ComputationFailed.class);
    }

    @Test
    @DisplayName("a blocking run whose caller is interrupted is still cancelled with the interrupt as its reason")
    void interruptingABlockingRunStillCancelsIt() throws InterruptedException {
        Thread caller = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            caller.interrupt();
        });
        interrupter.start();
        try {
            assertThatThrownBy(() -> Runtimes.of(2).run((BspContext<Void> ctx) -> {
                while (true) {
                    ctx.sync();
                }
            })).isInstanceOf(BspCancelledException.class).hasMessageContaining("the calling thread was interrupted");
            assertThat(Thread.interrupted()).isTrue();
        } finally {
            interrupter.join();
        }
    }
}
