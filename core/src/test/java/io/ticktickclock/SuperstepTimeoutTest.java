package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ticktickclock.telemetry.BspEvent;
import io.ticktickclock.telemetry.Telemetry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No silent hang: a superstep timeout names the processors that did not arrive, with their stack traces;
 * a processor that ignores interrupts neither hides another failure nor keeps {@code run} from returning;
 * a slow superstep is reported to the observer while it runs. The timeouts here are short, but no
 * assertion depends on how long anything took: a stuck processor stays stuck until the test releases it.
 */
@Timeout(60)
class SuperstepTimeoutTest {

    private final AtomicBoolean release = new AtomicBoolean();

    /** A processor stuck in code that ignores interrupts (a busy loop), until the test releases it. */
    private void spinIgnoringInterrupts() {
        while (!release.get()) {
            Thread.onSpinWait();
        }
    }

    @AfterEach
    void releaseStuckProcessorsAndCheckTheyEnd() throws InterruptedException {
        release.set(true);
        for (int i = 0; i < 500 && Runtimes.liveRuntimeThreads() > 0; i++) {
            Thread.sleep(20);
        }
        assertThat(Runtimes.liveRuntimeThreads()).as("runtime threads left once released").isZero();
    }

    private static List<String> suppressedMessages(Throwable t) {
        return Arrays.stream(t.getSuppressed()).map(Throwable::getMessage).toList();
    }

    private static boolean hasFrame(Throwable t, String method) {
        return Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals(method));
    }

    @Test
    @DisplayName("a superstep past the timeout fails the run naming the late processors, with their stack traces")
    void aStuckProcessorTimesOut() {
        BspRuntime runtime = BspRuntime.builder().processors(3).superstepTimeout(Duration.ofMillis(200)).build();
        BspTimeoutException e = catchThrowableOfType(BspTimeoutException.class, () ->
                runtime.run((BspContext<Void> ctx) -> {
                    ctx.sync();
                    if (ctx.pid() == 1) {
                        spinIgnoringInterrupts();
                    }
                    ctx.sync();
                    return null;
                }));
        assertThat(e).isNotNull();
        assertThat(e.lateProcessors()).containsExactly(1);
        assertThat(e.superstep()).isEqualTo(1);
        assertThat(e.processor()).isEqualTo(1);
        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(e).hasMessageContaining("exceeded the superstep timeout of 200 ms")
                .hasMessageContaining("processors [1] had not reached its barrier");
        Throwable stack = e.getSuppressed()[0];
        assertThat(stack.getMessage()).startsWith("processor 1 (thread ttc-").contains("had not reached the barrier");
        assertThat(hasFrame(stack, "spinIgnoringInterrupts")).as("the stuck processor's stack trace").isTrue();
        assertThat(suppressedMessages(e)).anyMatch(m -> m.startsWith("processor 1")
                && m.contains("could not be stopped"));
    }

    @Test
    @DisplayName("a processor that ignores interrupts does not hide another processor's failure")
    void aStuckProcessorDoesNotHideAFailure() {
        CountDownLatch spinning = new CountDownLatch(1);
        BspException e = catchThrowableOfType(BspException.class, () -> Runtimes.of(3).run((BspContext<Void> ctx) -> {
            if (ctx.pid() == 0) {
                spinning.await();
                throw new IllegalStateException("processor 0 fails");
            }
            if (ctx.pid() == 2) {
                spinning.countDown();
                spinIgnoringInterrupts();
            }
            ctx.sync();
            return null;
        }));
        assertThat(e).isNotInstanceOf(BspTimeoutException.class);
        assertThat(e.getCause()).hasMessage("processor 0 fails");
        assertThat(e.processor()).isZero();
        assertThat(suppressedMessages(e)).anyMatch(m -> m.startsWith("processor 2") && m.contains("could not be stopped"));
    }

    @Test
    @DisplayName("the caller's interrupt ends a run whose processor ignores interrupts, naming that processor")
    void anInterruptEndsARunWithAStuckProcessor() throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch stuck = new CountDownLatch(1);
        Thread caller = new Thread(() -> {
            try {
                Runtimes.of(2).run((BspContext<Void> ctx) -> {
                    if (ctx.pid() == 1) {
                        stuck.countDown();
                        spinIgnoringInterrupts();
                    }
                    ctx.sync();
                    return null;
                });
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        assertThat(stuck.await(30, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(caller.isAlive()).as("run returned").isFalse();
        assertThat(thrown.get()).isInstanceOf(BspCancelledException.class);
        assertThat(suppressedMessages(thrown.get()))
                .anyMatch(m -> m.startsWith("processor 1") && m.contains("could not be stopped"));
    }

    @Test
    @DisplayName("a slow superstep is reported once, while it runs, naming the stragglers")
    void aSlowSuperstepIsReportedWithItsStragglers() {
        List<BspEvent.SuperstepSlow> slow = new CopyOnWriteArrayList<>();
        CountDownLatch reported = new CountDownLatch(1);
        Telemetry telemetry = Telemetry.create();
        telemetry.attach("slow", event -> {
            if (event instanceof BspEvent.SuperstepSlow s) {
                slow.add(s);
                reported.countDown();
            }
        });
        BspRuntime runtime = BspRuntime.builder().processors(4).observer(telemetry)
                .slowSuperstepThreshold(Duration.ofMillis(20)).build();
        BspResult<Boolean> r = runtime.run((BspContext<Void> ctx) -> {
            ctx.sync();
            // Processor 2 is the straggler of superstep 1 until the slow report arrives.
            boolean seen = ctx.pid() != 2 || reported.await(30, TimeUnit.SECONDS);
            ctx.sync();
            return seen;
        });
        assertThat(r.results()).containsOnly(true);
        assertThat(slow).hasSize(1);
        assertThat(slow.get(0).superstep()).isEqualTo(1);
        assertThat(slow.get(0).lateProcessors()).containsExactly(2);
        assertThat(slow.get(0).elapsedNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(slow.get(0).eventName()).isEqualTo("tick_tick_clock.coordinator.superstep_slow");
    }

    @Test
    @DisplayName("a run whose supersteps end in time is not affected by the timeout")
    void aRunWithinTheTimeoutSucceeds() {
        BspRuntime runtime = BspRuntime.builder().processors(3).superstepTimeout(Duration.ofMinutes(1)).build();
        BspResult<Integer> r = runtime.run((BspContext<Void> ctx) -> {
            for (int i = 0; i < 100; i++) {
                ctx.sync();
            }
            return ctx.superstep();
        });
        assertThat(r.results()).containsOnly(100);
        assertThat(runtime.superstepTimeout()).contains(Duration.ofMinutes(1));
    }

    @Test
    @DisplayName("timeouts must be positive; null is rejected naming the argument")
    void timeoutsAreValidated() {
        assertThatThrownBy(() -> BspRuntime.builder().superstepTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("superstepTimeout must be positive, got PT0S");
        assertThatThrownBy(() -> BspRuntime.builder().slowSuperstepThreshold(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slowSuperstepThreshold must be positive, got PT-1S");
        assertThatThrownBy(() -> BspRuntime.builder().superstepTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessage("timeout must not be null");
    }
}
