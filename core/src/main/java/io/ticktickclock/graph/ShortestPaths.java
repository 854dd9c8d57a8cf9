package io.ticktickclock.graph;

import io.ticktickclock.BspRuntime;
import io.ticktickclock.ReduceOp;
import io.ticktickclock.graph.GraphPartition.Direction;

/**
 * Single-source shortest paths over non-negative edge weights, the Pregel way (Malewicz et al., "Pregel: a
 * system for large-scale graph processing", SIGMOD 2010, section 5.2): a parallel Bellman-Ford in which a
 * vertex whose distance improved offers {@code distance + weight} along each out-edge, offers are combined
 * with {@code MIN} at the sender, and every vertex votes to halt. Of parallel edges the lightest counts;
 * unreachable vertices keep {@code +∞}. Edges are directed (load with {@link Direction#UNDIRECTED} for an
 * undirected graph).
 *
 * <h2>Performance</h2>
 * At most {@code h + 1} supersteps, {@code h} the largest number of edges on a shortest path; a vertex may
 * improve several times (unlike Dijkstra), so the total work is {@code O(m · h)} in the worst case and
 * usually a small multiple of {@code m}.
 */
public final class ShortestPaths {
    private ShortestPaths() {}

    /** The program: the distance of every vertex from {@code source} ({@code +∞} if unreachable). */
    public static VertexProgram<DoubleVertex, DoubleMessages> program(long source) {
        return VertexProgram.ofDoubles("sssp")
                .init(v -> v.setValue(v.id() == source ? 0 : Double.POSITIVE_INFINITY))
                .combiner(ReduceOp.MIN)
                .compute((v, messages) -> {
                    double offered = messages.min();
                    boolean start = v.superstep() == 0 && v.id() == source;
                    if (offered < v.value() || start) {
                        v.setValue(Math.min(offered, v.value()));
                        for (int e = 0; e < v.edgeCount(); e++) {
                            v.sendAlong(e, v.value() + v.edgeWeight(e));
                        }
                    }
                    v.voteToHalt();
                })
                .build();
    }

    /**
     * Loads {@code edges} as a directed graph and computes the distances from {@code source}.
     *
     * @return the distance of every vertex ({@link VertexResult#doubleValue}), {@code +∞} if unreachable
     * @throws IllegalArgumentException if {@code source} is not a vertex of the graph
     * @throws io.ticktickclock.BspException if loading failed, with the cause
     */
    public static VertexResult run(BspRuntime runtime, EdgeSource edges, VertexPartitioner partitioner, long source) {
        VertexResult r = PartitionedGraph.load(runtime, edges, partitioner, Direction.DIRECTED).run(program(source));
        if (!r.contains(source)) {
            throw new IllegalArgumentException("source " + source + " is not a vertex of the graph");
        }
        return r;
    }
}
