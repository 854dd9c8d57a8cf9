package io.ticktickclock.benchmarks;

import io.ticktickclock.BspRuntime;
import io.ticktickclock.examples.ParallelSum;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The parallel sum of 100M generated longs at p = 2 against a parallel {@code LongStream} computing the same
 * values (the common pool's parallelism set to 2). One operation is one whole sum.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2"})
public class ParallelSumBenchmark {

    static final long SUM_N = 100_000_000;

    private BspRuntime runtime;

    @Setup
    public void setUp() {
        runtime = BspRuntime.builder().processors(2).build();
    }

    @Benchmark
    public long ttcParallelSum() {
        return runtime.run(ParallelSum.program(SUM_N)).result(0);
    }

    @Benchmark
    public long parallelLongStreamBaseline() {
        return LongStream.range(0, SUM_N).parallel().map(ParallelSum::value).sum();
    }
}
