package io.ticktickclock.benchmarks;

import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.examples.Graph;
import io.ticktickclock.examples.PageRank;
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
 * Time per PageRank iteration on a uniform random graph: the {@code pagerank} example at p = 1 and p = 2
 * against a hand-written sequential CSR pull loop doing the same iteration (dangling mass and L1 change
 * included) on the transposed graph. One operation is one iteration. The full size is
 * {@code -p nodes=4194304 -p edges=67108864} (needs about 6 GiB of heap).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class PageRankBenchmark {

    static final int ITERATIONS = 10;

    @Param({"1048576"})
    public int nodes;

    @Param({"16777216"})
    public long edges;

    private Graph graph;
    private long[] inOffsets;
    private int[] inSources;
    private double[] rank;
    private double[] next;
    private double[] share;

    @Setup
    public void setUp() {
        graph = Graph.uniform(nodes, edges, 1);
        // The transpose, for the pull loop: in-edges grouped by target.
        int n = graph.nodes();
        inOffsets = new long[n + 1];
        for (int t : graph.targets()) {
            inOffsets[t + 1]++;
        }
        for (int v = 0; v < n; v++) {
            inOffsets[v + 1] += inOffsets[v];
        }
        long[] fill = java.util.Arrays.copyOf(inOffsets, n);
        inSources = new int[graph.targets().length];
        for (int u = 0; u < n; u++) {
            for (long e = graph.offsets()[u]; e < graph.offsets()[u + 1]; e++) {
                inSources[(int) fill[graph.targets()[(int) e]]++] = u;
            }
        }
        rank = new double[n];
        next = new double[n];
        share = new double[n];
    }

    /** Baseline: a sequential pull iteration over the in-CSR, with dangling mass and L1 change. */
    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    public double sequentialCsrPull() {
        int n = graph.nodes();
        java.util.Arrays.fill(rank, 1.0 / n);
        double d = 0.85;
        double change = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            double dangling = 0;
            for (int u = 0; u < n; u++) {
                int degree = graph.outDegree(u);
                if (degree == 0) {
                    dangling += rank[u];
                    share[u] = 0;
                } else {
                    share[u] = rank[u] / degree;
                }
            }
            double base = (1 - d) / n + d * dangling / n;
            change = 0;
            for (int v = 0; v < n; v++) {
                double sum = 0;
                for (long e = inOffsets[v], end = inOffsets[v + 1]; e < end; e++) {
                    sum += share[inSources[(int) e]];
                }
                double r = base + d * sum;
                change += Math.abs(r - rank[v]);
                next[v] = r;
            }
            double[] t = rank;
            rank = next;
            next = t;
        }
        return change;
    }

    private double ttc(int processors) {
        // Tolerance 0 never converges: the run does exactly ITERATIONS iterations (plus init).
        BspResult<PageRank.State> r = BspRuntime.builder().processors(processors).maxSupersteps(ITERATIONS + 1)
                .build().run(PageRank.program(graph, 0.85, 0), PageRank.noInput());
        return r.result(0).ranks()[0];
    }

    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    public double ttcP1() {
        return ttc(1);
    }

    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    public double ttcP2() {
        return ttc(2);
    }
}
