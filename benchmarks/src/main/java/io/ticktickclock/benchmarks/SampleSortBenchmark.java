package io.ticktickclock.benchmarks;

import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.examples.Numbers;
import io.ticktickclock.examples.SampleSort;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sorting 10M random longs that the caller keeps: the sample sort at p = 2 (it returns new sorted slices and
 * only reads the input) against what a user would write instead, in the same run:
 * <ul>
 *   <li>{@code arraysParallelSortCopyBaseline}: {@code input.clone()}, then {@code Arrays.parallelSort} of
 *       the copy: the same contract;
 *   <li>{@code arraysParallelSortInPlaceBaseline}: {@code Arrays.parallelSort} of an array the caller may
 *       destroy (refilled from the input before each call, untimed): the fastest sort the JDK offers;
 *   <li>{@code arraysSortCopyBaseline}: {@code input.clone()}, then {@code Arrays.sort}: one thread.
 * </ul>
 * {@code parallelSort} cuts the array for the common pool's parallelism, which is 1 on a 2-core machine (the
 * pool keeps a core for the caller), and then sorts on one thread: the fork sets it to {@code P}, and the
 * setup fails if it is not. The heap is sized and touched up front so that no measured call pays for
 * faulting in fresh heap pages. One operation is one whole sort.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2",
        jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class SampleSortBenchmark {

    static final int N = 10_000_000;
    static final int P = 2;

    private long[] input;
    private BspRuntime runtime;

    @Setup
    public void setUp() {
        if (ForkJoinPool.getCommonPoolParallelism() != P) {
            throw new IllegalStateException("the common pool's parallelism is "
                    + ForkJoinPool.getCommonPoolParallelism() + ", so parallelSort would not use " + P
                    + " threads: run the fork with -Djava.util.concurrent.ForkJoinPool.common.parallelism=" + P);
        }
        input = Numbers.generate(N, Numbers.Distribution.UNIFORM, 1);
        runtime = BspRuntime.builder().processors(P).build();
    }

    /** An array the in-place baseline may sort: a fresh copy of the input before each call, untimed. */
    @State(Scope.Thread)
    public static class Scratch {
        long[] keys;

        @Setup(Level.Invocation)
        public void refill(SampleSortBenchmark b) {
            if (keys == null) {
                keys = new long[b.input.length];
            }
            System.arraycopy(b.input, 0, keys, 0, keys.length);
        }
    }

    @Benchmark
    @ComparedWith({"arraysParallelSortInPlaceBaseline", "arraysParallelSortCopyBaseline", "arraysSortCopyBaseline"})
    public BspResult<long[]> ttcSampleSort() {
        return runtime.run(SampleSort.program(input));
    }

    @Benchmark
    public long[] arraysParallelSortCopyBaseline() {
        long[] copy = input.clone();
        Arrays.parallelSort(copy);
        return copy;
    }

    @Benchmark
    public long[] arraysParallelSortInPlaceBaseline(Scratch scratch) {
        Arrays.parallelSort(scratch.keys);
        return scratch.keys;
    }

    @Benchmark
    public long[] arraysSortCopyBaseline() {
        long[] copy = input.clone();
        Arrays.sort(copy);
        return copy;
    }
}
