package io.ticktickclock.benchmarks;

import io.ticktickclock.BspContext;
import io.ticktickclock.BspRuntime;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of an empty superstep: {@code sync()} with nothing sent, against the JDK's barriers doing the same
 * number of rounds on the same number of fresh platform threads. One operation is one superstep (one round).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SuperstepBenchmark {

    static final int ROUNDS = 20_000;

    @Param({"2", "4"})
    public int processors;

    private BspRuntime runtime;

    @Setup
    public void setUp() {
        runtime = BspRuntime.builder().processors(processors).build();
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    @ComparedWith({"phaserBaseline", "cyclicBarrierBaseline"})
    public int ttcEmptySuperstep() {
        return runtime.run((BspContext<Void> ctx) -> {
            for (int i = 1; i < ROUNDS; i++) {
                ctx.sync();
            }
            return ctx.superstep();
        }).superstepCount();
    }

    /** Baseline: the same rounds with {@link Phaser#arriveAndAwaitAdvance()}. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int phaserBaseline() throws InterruptedException {
        Phaser phaser = new Phaser(processors);
        return Threads.runAll(processors, pid -> {
            int phase = 0;
            for (int i = 1; i < ROUNDS; i++) {
                phase = phaser.arriveAndAwaitAdvance();
            }
            return phase;
        });
    }

    /** Second baseline: {@link CyclicBarrier#await()}. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int cyclicBarrierBaseline() throws InterruptedException {
        CyclicBarrier barrier = new CyclicBarrier(processors);
        return Threads.runAll(processors, pid -> {
            int index = 0;
            for (int i = 1; i < ROUNDS; i++) {
                index += barrier.await();
            }
            return index;
        });
    }
}
