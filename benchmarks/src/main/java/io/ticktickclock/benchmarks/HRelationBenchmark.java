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
 * An h-relation of {@code h} longs per processor at p=2: each processor sends {@code h} longs to the other in
 * one bulk {@code sendLongs}, and after the barrier reads what it received, either by copying it into its
 * own array or by summing it in place. Baselines, with the same two fresh threads:
 * <ul>
 *   <li>{@code arraycopyBaseline}: each thread {@link System#arraycopy}s {@code h} longs per round between
 *       private arrays; no data crosses cores and no barrier;
 *   <li>{@code handWrittenExchangeBaseline}: what a programmer would write with threads: copy into a shared
 *       slot, {@link Phaser} barrier, copy the partner's slot out (double-buffered slots, like the runtime).
 * </ul>
 * One operation is one superstep (one round).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class HRelationBenchmark {

    static final int ROUNDS = 200;

    @Param({"65536"})
    public int h;

    private BspRuntime runtime;

    @Setup
    public void setUp() {
        runtime = BspRuntime.builder().processors(2).build();
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    @ComparedWith({"handWrittenExchangeBaseline", "arraycopyBaseline", "arraycopyPhaserBaseline"})
    public long ttcBulkExchange() {
        int n = h;
        return runtime.run((BspContext<Void> ctx) -> {
            long[] mine = new long[n];
            long[] received = new long[n];
            for (int i = 0; i < n; i++) {
                mine[i] = i;
            }
            int other = 1 - ctx.pid();
            for (int r = 0; r < ROUNDS; r++) {
                mine[r] = r;
                ctx.sendLongs(other, mine, 0, n);
                ctx.sync();
                ctx.longInbox().copyTo(received, 0);
            }
            return received[ROUNDS - 1];
        }).result(0);
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    @ComparedWith({"handWrittenExchangeBaseline", "arraycopyBaseline", "arraycopyPhaserBaseline"})
    public long ttcBulkExchangeReadInPlace() {
        int n = h;
        return runtime.run((BspContext<Void> ctx) -> {
            long[] mine = new long[n];
            for (int i = 0; i < n; i++) {
                mine[i] = i;
            }
            int other = 1 - ctx.pid();
            long sum = 0;
            for (int r = 0; r < ROUNDS; r++) {
                mine[r] = r;
                ctx.sendLongs(other, mine, 0, n);
                ctx.sync();
                sum += ctx.longInbox().sum();
            }
            return sum;
        }).result(0);
    }

    /** Baseline: hand-written exchange through shared double-buffered slots and a Phaser. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int handWrittenExchangeBaseline() throws InterruptedException {
        int n = h;
        Phaser phaser = new Phaser(2);
        long[][][] slots = new long[2][2][n];
        return Threads.runAll(2, id -> {
            long[] mine = new long[n];
            long[] received = new long[n];
            for (int r = 0; r < ROUNDS; r++) {
                mine[r] = r;
                System.arraycopy(mine, 0, slots[r & 1][id], 0, n);
                phaser.arriveAndAwaitAdvance();
                System.arraycopy(slots[r & 1][1 - id], 0, received, 0, n);
            }
            return (int) received[ROUNDS - 1];
        });
    }

    /** Baseline: the copy only, no exchange and no barrier. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int arraycopyBaseline() throws InterruptedException {
        int n = h;
        return Threads.runAll(2, id -> {
            long[] src = new long[n];
            long[] dst = new long[n];
            for (int r = 0; r < ROUNDS; r++) {
                src[r] = r;
                System.arraycopy(src, 0, dst, 0, n);
            }
            return (int) dst[ROUNDS - 1];
        });
    }

    /** Baseline: the same copies with a {@link Phaser} barrier between rounds. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int arraycopyPhaserBaseline() throws InterruptedException {
        int n = h;
        Phaser phaser = new Phaser(2);
        return Threads.runAll(2, id -> {
            long[] src = new long[n];
            long[] dst = new long[n];
            for (int r = 0; r < ROUNDS; r++) {
                src[r] = r;
                System.arraycopy(src, 0, dst, 0, n);
                phaser.arriveAndAwaitAdvance();
            }
            return (int) dst[ROUNDS - 1];
        });
    }
}
