package io.ticktickclock.graph;

import io.ticktickclock.BspRuntime;
import io.ticktickclock.ReduceOp;
import io.ticktickclock.graph.GraphPartition.Direction;

/**
 * Hop distances from a source along out-edges: level-synchronous breadth-first search, one frontier per
 * superstep, as in the Pregel paper's shortest paths with unit weights (Malewicz et al., SIGMOD 2010). A
 * vertex reached for the first time takes the hop count offered (combined with {@code MIN}) and offers one
 * more to its neighbours; every vertex votes to halt. Unreachable vertices keep {@link #UNREACHABLE}.
 *
 * <h2>Performance</h2>
 * {@code e + 1} supersteps for eccentricity {@code e} of the source; each vertex and each edge is processed
 * once, so the total work is {@code O(n + m)}, plus one barrier per level.
 */
public final class BreadthFirstSearch {
    private BreadthFirstSearch() {}

    /** The distance of a vertex the source cannot reach. */
    public static final long UNREACHABLE = Long.MAX_VALUE;

    /** The program: the hop distance of every vertex from {@code source}, {@link #UNREACHABLE} if none. */
    public static VertexProgram<LongVertex, LongMessages> program(long source) {
        return VertexProgram.ofLongs("bfs")
                .init(v -> v.setValue(v.id() == source ? 0 : UNREACHABLE))
                .combiner(ReduceOp.MIN)
                .compute((v, messages) -> {
                    boolean start = v.superstep() == 0 && v.id() == source;
                    if (start || (v.value() == UNREACHABLE && !messages.isEmpty())) {
                        v.setValue(Math.min(v.value(), messages.min()));
                        v.sendToAllNeighbors(v.value() + 1);
                    }
                    v.voteToHalt();
                })
                .build();
    }

    /**
     * Loads {@code edges} as a directed graph and computes the hop distances from {@code source}.
     *
     * @return the hop distance of every vertex ({@link VertexResult#longValue}), {@link #UNREACHABLE} if none
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
