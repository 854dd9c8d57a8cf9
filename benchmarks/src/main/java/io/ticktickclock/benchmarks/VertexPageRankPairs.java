package io.ticktickclock.benchmarks;

import io.ticktickclock.BspRuntime;
import io.ticktickclock.examples.Graph;
import io.ticktickclock.examples.PageRank;
import io.ticktickclock.graph.EdgeSource;
import io.ticktickclock.graph.GraphPartition.Direction;
import io.ticktickclock.graph.PartitionedGraph;
import io.ticktickclock.graph.VertexPartitioner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Vertex PageRank against the pull PageRank at p = 2, as pairs of runs in one JVM: each pair runs the vertex
 * program ({@code io.ticktickclock.graph.PageRank}) and the examples' pull program for 10 iterations each on
 * the same uniform graph, in alternating order, and the ratio of the pair's times per iteration is one
 * sample. On a shared machine whose load moves by the minute, adjacent runs see nearly the same load, which
 * separate JMH forks do not; the first pair (JIT, the vertex engine's in-edge index) is reported as a warmup
 * and left out of the median. The same programs and graph as {@code VertexProgramBenchmark.pageRankVertexP2}
 * and {@code pageRankPullP2}. Not JMH:
 *
 * <pre>{@code
 * java -Xms8g -Xmx8g -cp benchmarks/target/benchmarks.jar io.ticktickclock.benchmarks.VertexPageRankPairs \
 *     [nodes=4194304] [edges=67108864] [pairs=6]
 * }</pre>
 */
public final class VertexPageRankPairs {
    private static final int ITERATIONS = 10;

    private VertexPageRankPairs() {}

    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 22;
        long edges = args.length > 1 ? Long.parseLong(args[1]) : 1L << 26;
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        if (nodes < 1 || edges < 0 || pairs < 1) {
            throw new IllegalArgumentException("expected nodes >= 1, edges >= 0 and pairs >= 1, got nodes=" + nodes
                    + ", edges=" + edges + ", pairs=" + pairs);
        }
        Graph uniform = Graph.uniform(nodes, edges, 1);
        var pull = PageRank.program(uniform, uniform.transpose(), 0.85, 0, (superstep, change) -> { });
        long[] sources = new long[(int) uniform.edges()];
        long[] targets = new long[sources.length];
        for (int u = 0, i = 0; u < uniform.nodes(); u++) {
            for (long e = uniform.offsets()[u]; e < uniform.offsets()[u + 1]; e++, i++) {
                sources[i] = u;
                targets[i] = uniform.targets()[(int) e];
            }
        }
        PartitionedGraph graph = PartitionedGraph.load(BspRuntime.builder().processors(2).build(),
                EdgeSource.of(sources, targets), VertexPartitioner.range(), Direction.DIRECTED);
        sources = null;
        targets = null;
        var vertex = io.ticktickclock.graph.PageRank.program(0.85, 0, ITERATIONS);
        List<Double> ratios = new ArrayList<>();
        double sink = 0; // the runs' first ranks, printed so that no run's work can be dropped
        for (int r = 0; r <= pairs; r++) {
            long vertexNanos = 0;
            long pullNanos = 0;
            for (int k = 0; k < 2; k++) {
                long start = System.nanoTime();
                if ((r + k) % 2 == 0) {
                    sink += graph.run(vertex).doubleValue(0);
                    vertexNanos = System.nanoTime() - start;
                } else {
                    sink += BspRuntime.builder().processors(2).maxSupersteps(ITERATIONS + 1).build()
                            .run(pull, PageRank.noInput()).result(0).ranks()[0];
                    pullNanos = System.nanoTime() - start;
                }
            }
            double ratio = (double) vertexNanos / pullNanos;
            System.out.printf("%s vertex %.1f ms/iteration, pull %.1f ms/iteration, ratio %.2f, load %s%n",
                    r == 0 ? "warmup" : "pair", vertexNanos / 1e6 / ITERATIONS, pullNanos / 1e6 / ITERATIONS, ratio,
                    load());
            if (r > 0) {
                ratios.add(ratio);
            }
        }
        Collections.sort(ratios);
        System.out.printf("vertex/pull: median %.2f, range %.2f-%.2f, %d pairs (ranks %g)%n",
                ratios.get(ratios.size() / 2), ratios.get(0), ratios.get(ratios.size() - 1), ratios.size(), sink);
    }

    private static String load() {
        try {
            String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split(" ");
            return String.join(" ", java.util.Arrays.copyOf(fields, Math.min(3, fields.length)));
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
