package io.ticktickclock.benchmarks;

import io.ticktickclock.BspRuntime;
import io.ticktickclock.examples.Numbers;
import io.ticktickclock.examples.ParallelSum;
import io.ticktickclock.examples.SampleSort;
import java.util.Arrays;
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
 * Sample sort of 10M random longs at p = 2 against {@code Arrays.sort} and {@code Arrays.parallelSort} (the
 * common pool's parallelism set to 2), and the parallel sum of 100M generated longs at p = 2 against a
 * parallel {@code LongStream} computing the same values. One operation is one whole sort or sum.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2"})
public class SortAndSumBenchmark {

    static final int SORT_N = 10_000_000;
    static final long SUM_N = 100_000_000;

    private long[] input;
    private BspRuntime runtime;

    @Setup
    public void setUp() {
        input = Numbers.generate(SORT_N, Numbers.Distribution.UNIFORM, 1);
        runtime = BspRuntime.builder().processors(2).build();
    }

    @Benchmark
    public int ttcSampleSort() {
        return runtime.run(SampleSort.program(input)).result(1).length;
    }

    @Benchmark
    public long arraysSortBaseline() {
        long[] copy = input.clone();
        Arrays.sort(copy);
        return copy[SORT_N / 2];
    }

    @Benchmark
    public long arraysParallelSortBaseline() {
        long[] copy = input.clone();
        Arrays.parallelSort(copy);
        return copy[SORT_N / 2];
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
