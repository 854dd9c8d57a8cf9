package io.ticktickclock.graph;

import io.ticktickclock.BspRuntime;
import io.ticktickclock.graph.GraphPartition.Direction;
import java.util.List;
import java.util.Objects;

/**
 * A graph loaded once, partitioned over the processors of a runtime, on which vertex programs run. Each
 * processor loads and keeps its own {@link GraphPartition}; a run of a program on the graph gives processor
 * {@code i} partition {@code i}.
 *
 * <pre>{@code
 * BspRuntime runtime = BspRuntime.builder().processors(4).build();
 * PartitionedGraph graph = PartitionedGraph.load(runtime, EdgeSource.of(sources, targets));
 * VertexResult ranks = graph.run(PageRank.program(0.85, 1e-10));
 * VertexResult hops = graph.run(BreadthFirstSearch.program(42));
 * }</pre>
 *
 * <p>Immutable and thread-safe; programs may run on it one after the other or at once. To load and compute
 * in a single run (or on a cluster runtime, whose partitions live on its nodes), call
 * {@link GraphPartition#load} and {@link VertexProgram#run(io.ticktickclock.BspContext, GraphPartition)} from
 * your own SPMD program instead.
 */
public final class PartitionedGraph {
    private final BspRuntime runtime;
    private final List<GraphPartition> partitions;

    private PartitionedGraph(BspRuntime runtime, List<GraphPartition> partitions) {
        this.runtime = runtime;
        this.partitions = partitions;
    }

    /**
     * Loads a directed graph, hash-partitioned.
     *
     * @throws io.ticktickclock.BspException if loading failed (a bad weight, an unreadable source), with the
     *     cause
     */
    public static PartitionedGraph load(BspRuntime runtime, EdgeSource edges) {
        return load(runtime, edges, VertexPartitioner.hash(), Direction.DIRECTED);
    }

    /**
     * Loads a graph: one run in which every processor builds its partition ({@link GraphPartition#load}).
     *
     * @param runtime the runtime whose processors hold the partitions and run the programs
     * @param edges the edges, each processor reading its part
     * @param partitioner who owns which vertex
     * @param direction whether edges are also added reversed
     * @throws io.ticktickclock.BspException if loading failed (a bad weight, an unreadable source, a
     *     partitioner out of range), with the cause
     */
    public static PartitionedGraph load(BspRuntime runtime, EdgeSource edges, VertexPartitioner partitioner,
            Direction direction) {
        Objects.requireNonNull(runtime, "runtime must not be null");
        Objects.requireNonNull(edges, "edges must not be null");
        Objects.requireNonNull(partitioner, "partitioner must not be null");
        Objects.requireNonNull(direction, "direction must not be null");
        List<GraphPartition> parts = runtime.<Void, GraphPartition>run("load-graph",
                ctx -> GraphPartition.load(ctx, edges, partitioner, direction)).results();
        return new PartitionedGraph(runtime, List.copyOf(parts));
    }

    /**
     * Runs a vertex program on the graph and merges the processors' results.
     *
     * @return every vertex's final value, by id, and how the run ended
     * @throws io.ticktickclock.BspException if the program failed, with the cause
     */
    public VertexResult run(VertexProgram<?, ?> program) {
        Objects.requireNonNull(program, "program must not be null");
        List<VertexResult> parts = runtime.<Void, VertexResult>run(program.name(),
                ctx -> program.run(ctx, partitions.get(ctx.pid()))).results();
        return VertexResult.merge(parts);
    }

    /** The partitions, in processor order. */
    public List<GraphPartition> partitions() {
        return partitions;
    }

    /** The number of vertices. */
    public long vertexCount() {
        return partitions.get(0).graphVertexCount();
    }

    /** The number of edges (counting reversed edges of an undirected load). */
    public long edgeCount() {
        return partitions.get(0).graphEdgeCount();
    }

    /** The runtime the graph is loaded on. */
    public BspRuntime runtime() {
        return runtime;
    }

    @Override
    public String toString() {
        return "PartitionedGraph[" + vertexCount() + " vertices, " + edgeCount() + " edges, "
                + partitions.size() + " processors, " + partitions.get(0).partitioner() + ", "
                + partitions.get(0).direction() + "]";
    }
}
