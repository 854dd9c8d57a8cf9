package io.ticktickclock.benchmarks;

import io.ticktickclock.BspContext;
import io.ticktickclock.BspRuntime;
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
 * Many more processors than cores: a near-empty superstep (each processor sends one {@code long} to its
 * right neighbour and sums its inbox), against {@link Phaser} rounds on as many fresh platform threads. One
 * operation is one superstep of all {@code processors}; divide by {@code processors} for the cost per
 * processor-superstep, which should stay flat as {@code processors} grows (run with the default wait
 * strategy, which parks waiting processors until the barrier opens).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ManyProcessorsBenchmark {

    static final int ROUNDS = 200;

    @Param({"64", "1000"})
    public int processors;

    private BspRuntime runtime;

    @Setup
    public void setUp() {
        runtime = BspRuntime.builder().processors(processors).build();
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public long ttcNearEmptySuperstep() {
        return runtime.run((BspContext<Void> ctx) -> {
            int right = (ctx.pid() + 1) % ctx.processors();
            long sum = 0;
            for (int i = 1; i < ROUNDS; i++) {
                ctx.sendLong(right, i);
                ctx.sync();
                sum += ctx.longInbox().sum();
            }
            return sum;
        }).results().get(0);
    }

    /** Baseline: the same rounds with {@link Phaser#arriveAndAwaitAdvance()}, no messages. */
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
}
