package io.ticktickclock.benchmarks;

import io.ticktickclock.BspProgram;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.examples.Graph;
import io.ticktickclock.examples.PageRank;
import io.ticktickclock.examples.ThreadedPageRank;
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
 * included) on the transposed graph, and the same loop on 2 threads sharing memory ({@link ThreadedPageRank}); and
 * the program over {@linkplain PageRank#blocks blocks} (each processor its own part of the graph) at p = 2.
 * One operation is one iteration. The full size is {@code -p nodes=4194304 -p edges=67108864}; it
 * runs in a 4 GiB heap ({@code -jvmArgsAppend "-Xms4g -Xmx4g"}).
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
    private Graph transposed;
    private long[] inOffsets;
    private int[] inSources;
    private double[] rank;
    private double[] next;
    private double[] share;
    private BspProgram<Void, PageRank.State, PageRank.Totals> program;
    private java.util.List<PageRank.Block> blocksP2;

    @Setup
    public void setUp() {
        graph = Graph.uniform(nodes, edges, 1);
        // The transpose, for the pull loops: in-edges grouped by target, sources ascending.
        Graph in = graph.transpose();
        transposed = in;
        inOffsets = in.offsets();
        inSources = in.targets();
        int n = graph.nodes();
        rank = new double[n];
        next = new double[n];
        share = new double[n];
        // Built once, on the transpose the baselines read: graph building is not part of an iteration.
        program = PageRank.program(graph, in, 0.85, 0, (superstep, change) -> { });
        blocksP2 = PageRank.blocks(graph, 2);
    }

    /** Baseline: a sequential pull iteration over the in-CSR, with dangling mass and L1 change. */
    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    public double sequentialCsrPullBaseline() {
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

    /**
     * Baseline: the same pull iteration on 2 threads sharing one share vector (each writes its block),
     * with two {@link java.util.concurrent.CyclicBarrier} waits per iteration; threads started per run,
     * like the runtime's.
     */
    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    public double threadedCsrPullP2Baseline() throws Exception {
        return ThreadedPageRank.run(graph, transposed, 0.85, ITERATIONS, 2)[0];
    }

    private double ttc(int processors) {
        // Tolerance 0 never converges: the run does exactly ITERATIONS iterations (plus init).
        BspResult<PageRank.State> r = BspRuntime.builder().processors(processors).maxSupersteps(ITERATIONS + 1)
                .build().run(program, PageRank.noInput());
        return r.result(0).ranks()[0];
    }

    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    @ComparedWith("sequentialCsrPullBaseline")
    public double ttcP1() {
        return ttc(1);
    }

    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    @ComparedWith({"threadedCsrPullP2Baseline", "sequentialCsrPullBaseline"})
    public double ttcP2() {
        return ttc(2);
    }

    /** The program over blocks ({@code ttc pagerank}'s, local or on a cluster): each processor its own arrays. */
    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    @ComparedWith({"ttcP2", "sequentialCsrPullBaseline"})
    public double ttcBlocksP2() {
        BspResult<PageRank.State> r = BspRuntime.builder().processors(2).maxSupersteps(ITERATIONS + 1).build()
                .run(PageRank.program(0.85, 0), blocksP2);
        return r.result(0).ranks()[0];
    }
}
