package io.ticktickclock.benchmarks;

import io.ticktickclock.BspProgram;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.examples.Graph;
import io.ticktickclock.examples.PageRank;
import io.ticktickclock.graph.DoubleMessages;
import io.ticktickclock.graph.DoubleVertex;
import io.ticktickclock.graph.EdgeSource;
import io.ticktickclock.graph.GraphPartition.Direction;
import io.ticktickclock.graph.PartitionedGraph;
import io.ticktickclock.graph.VertexPartitioner;
import io.ticktickclock.graph.VertexProgram;
import java.util.concurrent.TimeUnit;
import org.jgrapht.graph.DirectedPseudograph;
import org.jgrapht.graph.DefaultEdge;
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
 * PageRank iterations of JGraphT's {@code PageRank} (a sequential, object-graph implementation) against the
 * {@code pagerank} example at p = 2 and the vertex program ({@code io.ticktickclock.graph.PageRank}) at p = 2,
 * on the same uniform multigraph; graph building and partitioning are excluded (done in setup). Smaller than
 * {@link PageRankBenchmark}: JGraphT keeps an object per edge (2^20 nodes and 2^24 edges need about 8 GiB of
 * heap: {@code -jvmArgsAppend -Xmx10g}). One operation is one iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class JGraphTPageRankBenchmark {

    static final int ITERATIONS = 10;

    @Param({"65536"})
    public int nodes;

    @Param({"1048576"})
    public long edges;

    private Graph graph;
    private BspProgram<Void, PageRank.State, PageRank.Totals> program;
    private DirectedPseudograph<Integer, DefaultEdge> jgrapht;
    private PartitionedGraph partitioned;
    private VertexProgram<DoubleVertex, DoubleMessages> vertex;

    @Setup
    public void setUp() {
        graph = Graph.uniform(nodes, edges, 1);
        // Building the program builds the transposed graph: graph building, excluded like JGraphT's.
        program = PageRank.program(graph, 0.85, 0);
        long[] sources = new long[(int) graph.edges()];
        long[] targets = new long[sources.length];
        for (int u = 0, i = 0; u < graph.nodes(); u++) {
            for (long e = graph.offsets()[u]; e < graph.offsets()[u + 1]; e++, i++) {
                sources[i] = u;
                targets[i] = graph.targets()[(int) e];
            }
        }
        partitioned = PartitionedGraph.load(BspRuntime.builder().processors(2).build(),
                EdgeSource.of(sources, targets), VertexPartitioner.range(), Direction.DIRECTED);
        vertex = io.ticktickclock.graph.PageRank.program(0.85, 0, ITERATIONS);
        jgrapht = new DirectedPseudograph<>(DefaultEdge.class);
        for (int v = 0; v < graph.nodes(); v++) {
            jgrapht.addVertex(v);
        }
        for (int u = 0; u < graph.nodes(); u++) {
            for (long e = graph.offsets()[u]; e < graph.offsets()[u + 1]; e++) {
                jgrapht.addEdge(u, graph.targets()[(int) e]);
            }
        }
    }

    /** Baseline: JGraphT, ITERATIONS iterations (a tolerance far below what 10 iterations reach). */
    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    public double jgraphtBaseline() {
        return new org.jgrapht.alg.scoring.PageRank<>(jgrapht, 0.85, ITERATIONS, 1e-300).getVertexScore(0);
    }

    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    public double ttcP2() {
        return BspRuntime.builder().processors(2).maxSupersteps(ITERATIONS + 1).build()
                .run(program, PageRank.noInput()).result(0).ranks()[0];
    }

    /** The vertex program at p = 2 on the range-partitioned graph: superstep 0 and ITERATIONS iterations. */
    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    @ComparedWith({"jgraphtBaseline", "ttcP2"})
    public double vertexP2() {
        return partitioned.run(vertex).doubleValue(0);
    }
}
