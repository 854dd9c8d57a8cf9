package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Independent runs, wait strategies, statistics and the observer hook. */
@Timeout(60)
class RuntimeBehaviourTest {

    static SpmdProgram<Void, Long> ringSum(int rounds) {
        return ctx -> {
            long acc = ctx.pid();
            for (int r = 0; r < rounds; r++) {
                ctx.sendLong((ctx.pid() + 1) % ctx.processors(), acc);
                ctx.sync();
                acc = ctx.longInbox().get(0) + 1;
            }
            return acc;
        };
    }

    static long expectedRingSum(int p, int pid, int rounds) {
        return Math.floorMod(pid - rounds, p) + rounds;
    }

    @Test
    @DisplayName("two runs at once in one JVM do not see each other's messages or supersteps")
    void concurrentRunsAreIndependent() throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<BspResult<Long>> a = CompletableFuture.supplyAsync(() -> {
            await(start);
            return Runtimes.of(3).run(ringSum(500));
        });
        CompletableFuture<BspResult<Long>> b = CompletableFuture.supplyAsync(() -> {
            await(start);
            return Runtimes.of(5).run(ringSum(300));
        });
        BspResult<Long> ra = a.get();
        BspResult<Long> rb = b.get();
        for (int pid = 0; pid < 3; pid++) {
            assertThat(ra.result(pid)).isEqualTo(expectedRingSum(3, pid, 500));
        }
        for (int pid = 0; pid < 5; pid++) {
            assertThat(rb.result(pid)).isEqualTo(expectedRingSum(5, pid, 300));
        }
        assertThat(ra.superstepCount()).isEqualTo(501);
        assertThat(rb.superstepCount()).isEqualTo(301);
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<WaitStrategy> strategies() {
        return List.of(WaitStrategy.busySpin(), WaitStrategy.yielding(), WaitStrategy.parking(),
                WaitStrategy.backoff(10, 10), WaitStrategy.adaptive(16, 2));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    @DisplayName("every wait strategy gives the same results with more processors than cores")
    void everyWaitStrategyIsCorrectWhenOversubscribed(WaitStrategy strategy) {
        // Busy-spinning 16 threads on fewer cores is correct but slow (each barrier waits for time slices).
        int rounds = strategy == WaitStrategy.busySpin() ? 10 : 200;
        BspRuntime runtime = BspRuntime.builder().processors(16).waitStrategy(strategy).build();
        BspResult<Long> r = runtime.run(ringSum(rounds));
        for (int pid = 0; pid < 16; pid++) {
            assertThat(r.result(pid)).isEqualTo(expectedRingSum(16, pid, rounds));
        }
    }

    @Test
    @DisplayName("statistics count messages and words per lane, sent and received, per processor and superstep")
    void statisticsCountMessagesAndWords() {
        BspResult<Void> r = Runtimes.of(2).run((BspContext<String> ctx) -> {
            if (ctx.pid() == 0) {
                ctx.send(1, "a");
                ctx.sendLong(1, 1);
                ctx.sendLong(1, 2);
                ctx.sendPair(0, 1, 1.0);
            }
            ctx.nameSuperstep("exchange");
            ctx.sync();
            return null;
        });
        assertThat(r.superstepCount()).isEqualTo(2);
        SuperstepStats first = r.supersteps().get(0);
        assertThat(first.name()).isEqualTo("exchange");
        ProcessorStats p0 = first.processors().get(0);
        ProcessorStats p1 = first.processors().get(1);
        assertThat(p0.messagesSent()).isEqualTo(4);
        assertThat(p0.wordsSent()).isEqualTo(1 + 2 + 2);
        assertThat(p0.messagesReceived()).isEqualTo(1);
        assertThat(p0.wordsReceived()).isEqualTo(2);
        assertThat(p1.messagesSent()).isZero();
        assertThat(p1.messagesReceived()).isEqualTo(3);
        assertThat(p1.wordsReceived()).isEqualTo(3);
        assertThat(first.hWords()).isEqualTo(5);
        assertThat(first.totalMessages()).isEqualTo(4);
        assertThat(r.supersteps().get(1).name()).isEqualTo("superstep-1");
        assertThat(r.totalMessages()).isEqualTo(4);
        assertThat(p0.computeNanos()).isNotNegative();
        assertThat(p0.barrierNanos()).isNotNegative();
        assertThat(first.durationNanos()).isGreaterThanOrEqualTo(first.maxWorkNanos());
        assertThat(r.wallNanos()).isPositive();
    }

    @Test
    @DisplayName("the observer sees start, each superstep in order exactly once, and completion")
    void observerSeesEverySuperstepInOrder() {
        List<String> events = new CopyOnWriteArrayList<>();
        BspObserver observer = new BspObserver() {
            @Override
            public void runStarted(RunInfo run, int processors) {
                events.add("start " + run.program() + " " + processors);
            }

            @Override
            public void superstepCompleted(RunInfo run, SuperstepStats stats) {
                events.add("superstep " + stats.superstep() + " " + stats.name() + " " + stats.totalMessages());
            }

            @Override
            public void runCompleted(RunInfo run, BspResult<?> result) {
                events.add("done " + result.superstepCount());
            }
        };
        BspRuntime runtime = BspRuntime.builder().processors(3).observer(observer).build();
        BspProgram<Integer, Integer, Void> program = BspProgram.<Integer, Integer, Void>builder("obs")
                .init((ctx, share) -> 0)
                .superstep("talk", step -> step.communicate((ctx, s) -> ctx.sendLong(0, 1)))
                .superstep("listen", step -> step.compute((ctx, s) -> s + ctx.longInbox().size()))
                .build();
        runtime.run(program, List.of());
        assertThat(events).containsExactly("start obs 3", "superstep 0 init 0", "superstep 1 talk 3",
                "superstep 2 listen 0", "done 3");
    }

    @Test
    @DisplayName("an observer that throws is detached and the run completes")
    void throwingObserverIsDetached() {
        List<Integer> calls = Collections.synchronizedList(new ArrayList<>());
        BspObserver bad = new BspObserver() {
            @Override
            public void superstepCompleted(RunInfo run, SuperstepStats stats) {
                calls.add(stats.superstep());
                throw new IllegalStateException("observer bug");
            }
        };
        BspResult<Long> r = BspRuntime.builder().processors(2).observer(bad).build().run(ringSum(10));
        assertThat(r.result(0)).isEqualTo(expectedRingSum(2, 0, 10));
        assertThat(calls).containsExactly(0);
    }

    @Test
    @DisplayName("an observer whose toString() also throws is detached all the same")
    void observerWithBrokenToStringIsDetached() {
        BspObserver bad = new BspObserver() {
            @Override
            public void runStarted(RunInfo run, int processors) {
                throw new IllegalStateException("observer bug");
            }

            @Override
            public String toString() {
                throw new IllegalStateException("toString bug");
            }
        };
        BspResult<Long> r = BspRuntime.builder().processors(2).observer(bad).build().run(ringSum(3));
        assertThat(r.result(1)).isEqualTo(expectedRingSum(2, 1, 3));
    }

    @Test
    @DisplayName("the observer hears about failures")
    void observerSeesFailures() {
        List<BspException> failures = new CopyOnWriteArrayList<>();
        BspRuntime runtime = BspRuntime.builder().processors(2).observer(new BspObserver() {
            @Override
            public void runFailed(RunInfo run, BspException failure) {
                failures.add(failure);
            }
        }).build();
        try {
            runtime.run((BspContext<Void> ctx) -> {
                throw new RuntimeException("x");
            });
        } catch (BspException expected) {
            assertThat(failures).containsExactly(expected);
        }
        assertThat(failures).hasSize(1);
    }
}
