package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A failing processor stops the whole run promptly, reports where, and leaves no thread behind. */
@Timeout(60)
class FailureTest {

    @AfterEach
    void noRuntimeThreadIsLeft() {
        assertThat(Runtimes.liveRuntimeThreads()).isZero();
    }

    @Test
    @DisplayName("one throwing processor in a 16-processor run fails the run with its id, superstep and cause")
    void throwingProcessorFailsTheRunWithItsIdAndSuperstep() {
        IllegalStateException boom = new IllegalStateException("boom");
        BspException e = catchThrowableOfType(BspException.class, () -> Runtimes.of(16).run((BspContext<Void> ctx) -> {
            for (int s = 0; s < 100; s++) {
                ctx.nameSuperstep("step" + s);
                if (ctx.pid() == 11 && s == 5) {
                    throw boom;
                }
                ctx.sync();
            }
            return null;
        }));
        assertThat(e).isNotNull();
        assertThat(e.processor()).isEqualTo(11);
        assertThat(e.superstep()).isEqualTo(5);
        assertThat(e.superstepName()).isEqualTo("step5");
        assertThat(e.getCause()).isSameAs(boom);
        assertThat(e.getMessage()).contains("processor 11", "superstep 5", "step5", "boom");
    }

    @Test
    @DisplayName("a failure releases processors waiting at the barrier, also when they park")
    void failureReleasesParkedProcessors() {
        BspRuntime parking = BspRuntime.builder().processors(8).waitStrategy(WaitStrategy.parking()).build();
        assertThatThrownBy(() -> parking.run((BspContext<Void> ctx) -> {
            if (ctx.pid() == 3) {
                Thread.sleep(50);
                throw new RuntimeException("late failure");
            }
            ctx.sync();
            return null;
        })).isInstanceOf(BspException.class).hasRootCauseMessage("late failure");
    }

    @Test
    @DisplayName("a failure interrupts processors blocked outside the barrier")
    void failureInterruptsBlockedProcessors() {
        assertThatThrownBy(() -> Runtimes.of(3).run((BspContext<Void> ctx) -> {
            if (ctx.pid() == 0) {
                throw new RuntimeException("fail fast");
            }
            new CountDownLatch(1).await(); // would block forever without the interrupt
            return null;
        })).isInstanceOf(BspException.class).hasRootCauseMessage("fail fast");
    }

    @Test
    @DisplayName("a processor that returns while others call sync() fails the run naming both groups, never hangs")
    void mismatchedSyncCountsAreDetected() {
        BspException e = catchThrowableOfType(BspException.class, () -> Runtimes.of(4).run((BspContext<Void> ctx) -> {
            ctx.sync();
            if (ctx.pid() == 2) {
                return null;
            }
            ctx.sync();
            return null;
        }));
        assertThat(e.getMessage()).contains("processors [2] returned", "processors [0, 1, 3] called sync()");
        assertThat(e.processor()).isEqualTo(2);
        assertThat(e.superstep()).isEqualTo(1);
    }

    @Test
    @DisplayName("an SPMD program that syncs past the superstep limit fails with a message naming the limit")
    void spmdSuperstepLimit() {
        BspRuntime limited = BspRuntime.builder().processors(2).maxSupersteps(5).build();
        assertThatThrownBy(() -> limited.run((BspContext<Void> ctx) -> {
            while (true) {
                ctx.sync();
            }
        })).isInstanceOf(BspException.class).hasMessageContaining("superstep limit 5");
        assertThat(limited.run((BspContext<Void> ctx) -> {
            for (int i = 0; i < 4; i++) {
                ctx.sync();
            }
            return ctx.superstep();
        }).superstepCount()).isEqualTo(5);
    }

    @Test
    @DisplayName("interrupting the caller cancels the run: threads end, the caller's interrupt flag is set")
    void interruptingTheCallerCancelsTheRun() throws Exception {
        CountDownLatch running = new CountDownLatch(4);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flagAfter = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                Runtimes.of(4).run((BspContext<Void> ctx) -> {
                    running.countDown();
                    while (true) {
                        ctx.sync();
                    }
                });
            } catch (Throwable t) {
                thrown.set(t);
                flagAfter.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(10_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(BspCancelledException.class);
        assertThat(flagAfter.get()).isTrue();
    }

    @Test
    @DisplayName("a program that catches the abort signal and syncs again is still stopped")
    void swallowingTheAbortDoesNotHang() {
        assertThatThrownBy(() -> Runtimes.of(2).run((BspContext<Void> ctx) -> {
            if (ctx.pid() == 1) {
                throw new IllegalArgumentException("bad");
            }
            try {
                ctx.sync();
            } catch (BspAbortedError ignored) {
                ctx.sync();
            }
            return null;
        })).isInstanceOf(BspException.class).hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("after a failed run the same runtime runs the next program normally")
    void runtimeIsReusableAfterFailure() {
        BspRuntime runtime = Runtimes.of(3);
        assertThatThrownBy(() -> runtime.run((BspContext<Void> ctx) -> {
            throw new RuntimeException("x");
        })).isInstanceOf(BspException.class);
        assertThat(runtime.run((BspContext<Void> ctx) -> ctx.pid()).results()).isEqualTo(List.of(0, 1, 2));
    }

    @Test
    @DisplayName("an exception in a superstep program's compute step names the superstep")
    void programFailureNamesTheSuperstep() {
        BspProgram<Integer, Integer, Void> program = BspProgram.<Integer, Integer, Void>builder("fails")
                .init((ctx, share) -> 0)
                .superstep("ok", step -> {})
                .superstep("broken", step -> step.compute((ctx, s) -> {
                    if (ctx.pid() == 1) {
                        throw new ArithmeticException("divide by zero");
                    }
                    return s;
                }))
                .build();
        BspException e = catchThrowableOfType(BspException.class, () -> Runtimes.of(2).run(program, List.of()));
        assertThat(e.superstepName()).isEqualTo("broken");
        assertThat(e.superstep()).isEqualTo(2);
        assertThat(e.processor()).isEqualTo(1);
        assertThat(e.getCause()).isInstanceOf(ArithmeticException.class);
    }

    /** An exception whose message cannot be read. */
    static final class Unprintable extends RuntimeException {
        @Override
        public String getMessage() {
            throw new IllegalStateException("getMessage is broken too");
        }
    }

    @Test
    @DisplayName("an exception whose getMessage() throws still fails the run, without hanging")
    void unprintableExceptionsStillStopTheRun() {
        BspException e = catchThrowableOfType(BspException.class, () -> Runtimes.of(3).run((BspContext<Void> ctx) -> {
            if (ctx.pid() == 1) {
                throw new Unprintable();
            }
            ctx.sync();
            return null;
        }));
        assertThat(e.getCause()).isInstanceOf(Unprintable.class);
        assertThat(e.getMessage()).contains(Unprintable.class.getName(), "getMessage() threw");
    }

    @Test
    @DisplayName("a BspAbortedError thrown by user code stops the run like any other exception")
    void userThrownAbortErrorStopsTheRun() {
        for (int p : new int[] {1, 2}) {
            BspException e = catchThrowableOfType(BspException.class, () -> Runtimes.of(p).run((BspContext<Void> ctx) -> {
                if (ctx.pid() == p - 1) {
                    throw new BspAbortedError();
                }
                ctx.sync();
                return null;
            }));
            assertThat(e).as("p=%d", p).isNotNull();
            assertThat(e.getCause()).isInstanceOf(BspAbortedError.class);
        }
    }

    @Test
    @DisplayName("a wait strategy that throws aborts the barrier instead of leaving the others waiting")
    void throwingWaitStrategyAbortsTheRun() {
        BspRuntime runtime = BspRuntime.builder().processors(3).waitStrategy(attempt -> {
            throw new IllegalStateException("strategy bug");
        }).build();
        assertThatThrownBy(() -> runtime.run((BspContext<Void> ctx) -> {
            if (ctx.pid() == 0) {
                Thread.sleep(20); // the others wait, and their strategy throws
            }
            try {
                ctx.sync();
            } catch (IllegalStateException swallowed) {
                ctx.sync(); // a second arrival must not complete the barrier for the others
            }
            return null;
        })).isInstanceOf(BspException.class);
    }

    @Test
    @DisplayName("sync() called inside a superstep program's step still respects the superstep limit")
    void syncInsideProgramStepsIsLimited() {
        BspProgram<Integer, Integer, Void> program = BspProgram.<Integer, Integer, Void>builder("sneaky")
                .init((ctx, share) -> 0)
                .superstep("loop", step -> step.compute((ctx, s) -> {
                    while (true) {
                        ctx.sync();
                    }
                }))
                .build();
        assertThatThrownBy(() -> BspRuntime.builder().processors(2).maxSupersteps(20).build().run(program, List.of()))
                .isInstanceOf(BspException.class).hasMessageContaining("superstep limit 20");
    }

    @Test
    @DisplayName("a processor whose interrupt flag is set can still wait at a parking barrier, and keeps the flag")
    void pendingInterruptIsKeptAcrossSync() {
        BspRuntime parking = BspRuntime.builder().processors(2).waitStrategy(WaitStrategy.parking()).build();
        BspResult<Boolean> r = parking.run((BspContext<Void> ctx) -> {
            if (ctx.pid() == 0) {
                Thread.currentThread().interrupt();
            } else {
                Thread.sleep(20);
            }
            ctx.sync();
            return Thread.interrupted();
        });
        assertThat(r.results()).containsExactly(true, false);
    }
}
