package io.ticktickclock.benchmarks;

import io.ticktickclock.BspProgram;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.examples.Graph;
import io.ticktickclock.examples.PageRank;
import io.ticktickclock.graph.ConnectedComponents;
import io.ticktickclock.graph.DoubleMessages;
import io.ticktickclock.graph.DoubleVertex;
import io.ticktickclock.graph.EdgeSource;
import io.ticktickclock.graph.GraphPartition.Direction;
import io.ticktickclock.graph.PartitionedGraph;
import io.ticktickclock.graph.ShortestPaths;
import io.ticktickclock.graph.VertexPartitioner;
import io.ticktickclock.graph.VertexProgram;
import io.ticktickclock.graph.VertexResult;
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
 * Vertex programs ({@code io.ticktickclock.graph}) against their baselines, in one run so the results are
 * ratios:
 * <ul>
 *   <li>PageRank on a uniform random graph, time per iteration: the vertex program at p = 2 against the pull
 *       PageRank of the examples at p = 2 (every processor holds the whole graph there) and a sequential CSR
 *       pull loop (the best single-thread code, for COST).
 *   <li>Connected components of an R-MAT graph (edge factor 16) at p = 2, by local union-find then label
 *       propagation between partitions ({@code ConnectedComponents.run}) and by HashMin (the plain vertex
 *       program), against a hand-written sequential union-find over the same edges (the CSR rows).
 *   <li>Single-source shortest paths on the same R-MAT graph, directed, with uniform random weights in
 *       [0, 1), from vertex 0: the Pregel program at p = 2 against a hand-written sequential Dijkstra with a
 *       binary heap over a CSR.
 *   <li>Loading the R-MAT graph into partitions at p = 2 (for scale: not part of the other measurements).
 * </ul>
 * The sizes are {@code -p nodes=4194304 -p edges=67108864 -p scale=20}, with a larger heap.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class VertexProgramBenchmark {

    static final int ITERATIONS = 10;

    @Param({"262144"})
    public int nodes;

    @Param({"4194304"})
    public long edges;

    @Param({"18"})
    public int scale;

    private Graph uniform;
    private long[] inOffsets;
    private int[] inSources;
    private double[] rank;
    private double[] next;
    private double[] share;
    private BspProgram<Void, PageRank.State, PageRank.Totals> pull;
    private BspRuntime p2;
    private PartitionedGraph uniformPartitioned;
    private VertexProgram<DoubleVertex, DoubleMessages> vertexPageRank;

    private long[] rmatSources;
    private long[] rmatTargets;
    private int rmatNodes;
    private PartitionedGraph rmatPartitioned;
    private PartitionedGraph rmatWeighted;
    private VertexProgram<DoubleVertex, DoubleMessages> sssp;
    private long[] csrOffsets;
    private int[] csrTargets;
    private double[] csrWeights;

    @Setup
    public void setUp() {
        p2 = BspRuntime.builder().processors(2).build();
        uniform = Graph.uniform(nodes, edges, 1);
        Graph in = uniform.transpose();
        inOffsets = in.offsets();
        inSources = in.targets();
        rank = new double[nodes];
        next = new double[nodes];
        share = new double[nodes];
        pull = PageRank.program(uniform, in, 0.85, 0, (superstep, change) -> { });
        long[][] e = idEdges(uniform);
        uniformPartitioned = PartitionedGraph.load(p2, EdgeSource.of(e[0], e[1]), VertexPartitioner.range(),
                Direction.DIRECTED);
        vertexPageRank = io.ticktickclock.graph.PageRank.program(0.85, 0, ITERATIONS);

        Graph rmat = Graph.rmat(scale, 16, 1);
        rmatNodes = rmat.nodes();
        long[][] r = idEdges(rmat);
        rmatSources = r[0];
        rmatTargets = r[1];
        rmatPartitioned = PartitionedGraph.load(p2, EdgeSource.of(rmatSources, rmatTargets), VertexPartitioner.hash(),
                Direction.UNDIRECTED);

        // The R-MAT rows are the CSR the Dijkstra baseline reads; the same edges, weighted, for the program.
        csrOffsets = rmat.offsets();
        csrTargets = rmat.targets();
        csrWeights = new double[csrTargets.length];
        java.util.SplittableRandom random = new java.util.SplittableRandom(2);
        for (int i = 0; i < csrWeights.length; i++) {
            csrWeights[i] = random.nextDouble();
        }
        rmatWeighted = PartitionedGraph.load(p2, EdgeSource.weighted(rmatSources, rmatTargets, csrWeights),
                VertexPartitioner.hash(), Direction.DIRECTED);
        // The program and the baseline find the same components (the baseline counts the R-MAT's isolated
        // vertices too, which no edge brings into the partitioned graph).
        VertexResult labels = componentsLocalUnionFindP2();
        long components = java.util.Arrays.stream(labels.longValues()).distinct().count()
                + (rmatNodes - labels.ids().length);
        if (components != componentsSequentialUnionFindBaseline()) {
            throw new IllegalStateException("components: the program finds " + components + ", union-find "
                    + componentsSequentialUnionFindBaseline());
        }
        sssp = ShortestPaths.program(0);
        // The program and the baseline compute the same distances (sums of the same weights, in path order).
        double expected = ssspSequentialDijkstraBaseline();
        double actual = 0;
        for (double d : ssspVertexP2().doubleValues()) {
            actual += d < Double.POSITIVE_INFINITY ? d : 0;
        }
        if (Math.abs(actual - expected) > 1e-9 * Math.abs(expected)) {
            throw new IllegalStateException("SSSP: the program's distances sum to " + actual + ", Dijkstra's to "
                    + expected);
        }
    }

    private static long[][] idEdges(Graph g) {
        long[] s = new long[(int) g.edges()];
        long[] t = new long[s.length];
        int i = 0;
        for (int u = 0; u < g.nodes(); u++) {
            for (long e = g.offsets()[u]; e < g.offsets()[u + 1]; e++, i++) {
                s[i] = u;
                t[i] = g.targets()[(int) e];
            }
        }
        return new long[][] {s, t};
    }

    /** Baseline: a sequential pull iteration over the in-CSR, with dangling mass and L1 change. */
    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    public double pageRankSequentialCsrBaseline() {
        int n = nodes;
        java.util.Arrays.fill(rank, 1.0 / n);
        double change = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            double dangling = 0;
            for (int u = 0; u < n; u++) {
                int degree = uniform.outDegree(u);
                if (degree == 0) {
                    dangling += rank[u];
                    share[u] = 0;
                } else {
                    share[u] = rank[u] / degree;
                }
            }
            double base = 0.15 / n + 0.85 * dangling / n;
            change = 0;
            for (int v = 0; v < n; v++) {
                double sum = 0;
                for (long e = inOffsets[v], end = inOffsets[v + 1]; e < end; e++) {
                    sum += share[inSources[(int) e]];
                }
                double r = base + 0.85 * sum;
                change += Math.abs(r - rank[v]);
                next[v] = r;
            }
            double[] t = rank;
            rank = next;
            next = t;
        }
        return change;
    }

    /** Baseline: the examples' pull PageRank at p = 2 (each processor reads the whole graph). */
    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    @ComparedWith("pageRankSequentialCsrBaseline")
    public double pageRankPullP2() {
        return BspRuntime.builder().processors(2).maxSupersteps(ITERATIONS + 1).build()
                .run(pull, PageRank.noInput()).result(0).ranks()[0];
    }

    /** The vertex program at p = 2 on the range-partitioned graph: superstep 0 and {@value #ITERATIONS} iterations. */
    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    @ComparedWith({"pageRankSequentialCsrBaseline", "pageRankPullP2"})
    public double pageRankVertexP2() {
        return uniformPartitioned.run(vertexPageRank).doubleValue(0);
    }

    /**
     * Baseline: sequential union-find (path halving, union by smaller root) over the R-MAT graph's CSR rows
     * (the same edges), keeping the source's root at hand along its row.
     */
    @Benchmark
    public long componentsSequentialUnionFindBaseline() {
        int[] parent = new int[rmatNodes];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (int u = 0; u < rmatNodes; u++) {
            int a = find(parent, u);
            for (long e = csrOffsets[u], end = csrOffsets[u + 1]; e < end; e++) {
                int b = find(parent, csrTargets[(int) e]);
                if (b < a) {
                    parent[a] = b;
                    a = b;
                } else if (b > a) {
                    parent[b] = a;
                }
            }
        }
        long components = 0;
        for (int i = 0; i < parent.length; i++) {
            if (find(parent, i) == i) {
                components++;
            }
        }
        return components;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /**
     * {@link ConnectedComponents#run(PartitionedGraph)} at p = 2 on the hash-partitioned undirected graph: local
     * union-find, then label propagation between the partitions' components.
     */
    @Benchmark
    @ComparedWith("componentsSequentialUnionFindBaseline")
    public VertexResult componentsLocalUnionFindP2() {
        return ConnectedComponents.run(rmatPartitioned);
    }

    /** HashMin at p = 2 on the hash-partitioned undirected graph. */
    @Benchmark
    @ComparedWith("componentsSequentialUnionFindBaseline")
    public VertexResult componentsVertexP2() {
        return rmatPartitioned.run(ConnectedComponents.program());
    }

    /** Loading the R-MAT graph (undirected) into 2 partitions. */
    @Benchmark
    public PartitionedGraph loadRmatP2() {
        return PartitionedGraph.load(p2, EdgeSource.of(rmatSources, rmatTargets), VertexPartitioner.hash(),
                Direction.UNDIRECTED);
    }

    /** Baseline: sequential Dijkstra from vertex 0 with a binary heap of (distance, vertex), lazy deletion. */
    @Benchmark
    public double ssspSequentialDijkstraBaseline() {
        int n = rmatNodes;
        double[] dist = new double[n];
        java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
        double[] heapKeys = new double[16];
        int[] heapValues = new int[16];
        int size = 0;
        dist[0] = 0;
        heapKeys[0] = 0;
        heapValues[0] = 0;
        size = 1;
        while (size > 0) {
            double d = heapKeys[0];
            int u = heapValues[0];
            size--;
            // Sift the last entry down from the root.
            double key = heapKeys[size];
            int value = heapValues[size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && heapKeys[child + 1] < heapKeys[child]) {
                    child++;
                }
                if (heapKeys[child] >= key) {
                    break;
                }
                heapKeys[i] = heapKeys[child];
                heapValues[i] = heapValues[child];
                i = child;
            }
            heapKeys[i] = key;
            heapValues[i] = value;
            if (d > dist[u]) {
                continue;                                   // a stale entry
            }
            for (long e = csrOffsets[u], end = csrOffsets[u + 1]; e < end; e++) {
                int v = csrTargets[(int) e];
                double nd = d + csrWeights[(int) e];
                if (nd < dist[v]) {
                    dist[v] = nd;
                    if (size == heapKeys.length) {
                        heapKeys = java.util.Arrays.copyOf(heapKeys, 2 * size);
                        heapValues = java.util.Arrays.copyOf(heapValues, 2 * size);
                    }
                    int j = size++;                         // sift up
                    while (j > 0 && heapKeys[(j - 1) / 2] > nd) {
                        heapKeys[j] = heapKeys[(j - 1) / 2];
                        heapValues[j] = heapValues[(j - 1) / 2];
                        j = (j - 1) / 2;
                    }
                    heapKeys[j] = nd;
                    heapValues[j] = v;
                }
            }
        }
        double sum = 0;
        for (double x : dist) {
            sum += x < Double.POSITIVE_INFINITY ? x : 0;
        }
        return sum;
    }

    /** Shortest paths from vertex 0 at p = 2 on the hash-partitioned weighted graph. */
    @Benchmark
    @ComparedWith("ssspSequentialDijkstraBaseline")
    public VertexResult ssspVertexP2() {
        return rmatWeighted.run(sssp);
    }
}
