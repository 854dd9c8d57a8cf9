package io.ticktickclock.graph;

import io.ticktickclock.BspRuntime;
import io.ticktickclock.ReduceOp;
import io.ticktickclock.graph.GraphPartition.Direction;

/**
 * Weakly connected components by label propagation, HashMin: every vertex ends labelled with the smallest id
 * of its component, edges taken as undirected. The algorithm of Rastogi, Machanavajjhala, Chitnis and Das
 * Sarma, "Finding connected components in map-reduce in logarithmic rounds" (ICDE 2013), in its Pregel form as
 * analysed by Yan, Cheng, Xing, Lu, Ng and Bu, "Pregel algorithms for graph connectivity problems with
 * performance guarantees" (VLDB 2014).
 *
 * <p>Each vertex starts with the smallest id among itself and its neighbours (which it knows without a
 * message), sends it to its neighbours, and thereafter forwards its label only when a smaller one arrives;
 * messages are combined with {@code MIN} at the sender. Every vertex votes to halt after each superstep, so
 * the run ends when no label changes.
 *
 * <h2>Performance</h2>
 * {@code O(d)} supersteps for a graph of diameter {@code d}, each with {@code O((n + m) / p)} work per
 * processor at most; messages flow only from vertices whose label changed, so late supersteps are cheap. A
 * long path is the worst case ({@code d = n - 1}).
 */
public final class ConnectedComponents {
    private ConnectedComponents() {}

    /**
     * The HashMin program; run it on a graph loaded with {@link Direction#UNDIRECTED} (on a directed load the
     * labels propagate along out-edges only and are not components).
     */
    public static VertexProgram<LongVertex, LongMessages> program() {
        return VertexProgram.ofLongs("connected-components")
                .init(v -> {
                    long label = v.id();
                    for (int e = 0; e < v.edgeCount(); e++) {
                        label = Math.min(label, v.edgeTarget(e));
                    }
                    v.setValue(label);
                })
                .combiner(ReduceOp.MIN)
                .compute((v, messages) -> {
                    if (v.superstep() == 0) {
                        v.sendToAllNeighbors(v.value());
                    } else if (messages.min() < v.value()) {
                        v.setValue(messages.min());
                        v.sendToAllNeighbors(v.value());
                    }
                    v.voteToHalt();
                })
                .build();
    }

    /**
     * Loads {@code edges} as an undirected graph and labels every vertex with the smallest id of its
     * component.
     *
     * @return the label of every vertex ({@link VertexResult#longValue})
     * @throws io.ticktickclock.BspException if loading failed, with the cause
     */
    public static VertexResult run(BspRuntime runtime, EdgeSource edges, VertexPartitioner partitioner) {
        return PartitionedGraph.load(runtime, edges, partitioner, Direction.UNDIRECTED).run(program());
    }
}
