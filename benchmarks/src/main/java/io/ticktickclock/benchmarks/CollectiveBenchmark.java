package io.ticktickclock.benchmarks;

import io.ticktickclock.BspContext;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.ReduceOp;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Collectives at p=2. A scalar all-reduce against an empty superstep (both one barrier), and an all-reduce
 * of a 1M-element {@code double[]} against copying 1M doubles once per thread (two threads, no barrier):
 * the cost of reading and writing the data once. One operation is one collective (one round).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class CollectiveBenchmark {

    static final int SCALAR_ROUNDS = 20_000;
    static final int VECTOR_ROUNDS = 20;
    static final int N = 1 << 20;

    private BspRuntime runtime;

    @Setup
    public void setUp() {
        runtime = BspRuntime.builder().processors(2).build();
    }

    /** Baseline for the scalar all-reduce: the same number of empty supersteps. */
    @Benchmark
    @OperationsPerInvocation(SCALAR_ROUNDS)
    public int emptySuperstepBaseline() {
        return runtime.run((BspContext<Void> ctx) -> {
            for (int i = 1; i < SCALAR_ROUNDS; i++) {
                ctx.sync();
            }
            return ctx.superstep();
        }).superstepCount();
    }

    @Benchmark
    @OperationsPerInvocation(SCALAR_ROUNDS)
    @ComparedWith("emptySuperstepBaseline")
    public double scalarAllReduce() {
        return runtime.run((BspContext<Void> ctx) -> {
            double acc = 0;
            for (int i = 1; i < SCALAR_ROUNDS; i++) {
                acc += ctx.allReduce(i + ctx.pid(), ReduceOp.SUM);
            }
            return acc;
        }).result(0);
    }

    @Benchmark
    @OperationsPerInvocation(VECTOR_ROUNDS)
    @ComparedWith("copyBaseline")
    public double vectorAllReduce() {
        return runtime.run((BspContext<Void> ctx) -> {
            double[] mine = new double[N];
            double acc = 0;
            for (int r = 0; r < VECTOR_ROUNDS; r++) {
                mine[r] = r + ctx.pid();
                acc += ctx.allReduce(mine, ReduceOp.SUM)[r];
            }
            return acc;
        }).result(0);
    }

    @Benchmark
    @OperationsPerInvocation(VECTOR_ROUNDS)
    @ComparedWith("copyBaseline")
    public double vectorAllReduceInPlace() {
        return runtime.run((BspContext<Void> ctx) -> {
            double[] mine = new double[N];
            double acc = 0;
            for (int r = 0; r < VECTOR_ROUNDS; r++) {
                mine[r] = r + ctx.pid();
                ctx.allReduceInPlace(mine, ReduceOp.SUM);
                acc += mine[r];
            }
            return acc;
        }).result(0);
    }

    /** Baseline: every thread reads and writes 1M doubles once per round. */
    @Benchmark
    @OperationsPerInvocation(VECTOR_ROUNDS)
    public int copyBaseline() throws InterruptedException {
        return Threads.runAll(2, id -> {
            double[] src = new double[N];
            double[] dst = new double[N];
            for (int r = 0; r < VECTOR_ROUNDS; r++) {
                src[r] = r;
                System.arraycopy(src, 0, dst, 0, N);
            }
            return (int) dst[VECTOR_ROUNDS - 1];
        });
    }
}
