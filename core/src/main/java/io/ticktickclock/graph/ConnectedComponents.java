package io.ticktickclock.graph;

import io.ticktickclock.BspContext;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.PairInbox;
import io.ticktickclock.ReduceOp;
import io.ticktickclock.graph.GraphPartition.Direction;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Weakly connected components: every vertex ends labelled with the smallest id of its component, edges taken
 * as undirected. Two ways, with the same labels:
 *
 * <ul>
 *   <li>{@link #run(PartitionedGraph)} (and {@link #run(BspRuntime, EdgeSource, VertexPartitioner)}): each
 *       processor first joins the components of its own subgraph with a sequential union-find (Tarjan, "Efficiency
 *       of a good but not linear set union algorithm", JACM 1975; path halving, union by smaller index), then
 *       the local components exchange labels along the edges that cross partitions only, label propagation
 *       with the minimum as in HashMin below but between local components rather than vertices. This is the
 *       "think like a graph" refinement of vertex-centric programs (Tian, Balmin, Corsten, Tatikonda and
 *       McPherson, "From 'think like a vertex' to 'think like a graph'", VLDB 2013).
 *   <li>{@link #program()}: HashMin label propagation as a plain vertex program, the algorithm of Rastogi,
 *       Machanavajjhala, Chitnis and Das Sarma, "Finding connected components in map-reduce in logarithmic
 *       rounds" (ICDE 2013), in its Pregel form as analysed by Yan, Cheng, Xing, Lu, Ng and Bu, "Pregel
 *       algorithms for graph connectivity problems with performance guarantees" (VLDB 2014).
 * </ul>
 *
 * <h2>Performance</h2>
 * The union-find form does {@code O((m/p) α)} local work, then one superstep per round of the exchange; the
 * rounds are bounded by the diameter of the graph whose vertices are the local components, which a
 * partition's local edges shrink (a few rounds for a power-law graph at small {@code p}). Each round sends at
 * most one message per (local component, distinct remote target) pair whose label changed. HashMin needs
 * {@code O(d)} supersteps for a graph of diameter {@code d}, each with {@code O((n + m) / p)} work per
 * processor at most; a long path is its worst case ({@code d = n - 1}). Measured on an R-MAT graph (scale 20,
 * edge factor 16) at p = 2: see {@code docs/benchmarks.md}.
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
     * component (local union-find, then label propagation between partitions).
     *
     * @return the label of every vertex ({@link VertexResult#longValue})
     * @throws io.ticktickclock.BspException if loading failed, with the cause
     */
    public static VertexResult run(BspRuntime runtime, EdgeSource edges, VertexPartitioner partitioner) {
        return run(PartitionedGraph.load(runtime, edges, partitioner, Direction.UNDIRECTED));
    }

    /**
     * Labels every vertex of an undirected graph with the smallest id of its component: local union-find,
     * then label propagation between partitions. The labels do not depend on the processor count or the
     * partitioner.
     *
     * @param graph a graph loaded with {@link Direction#UNDIRECTED}
     * @return the label of every vertex ({@link VertexResult#longValue}); {@link VertexResult#supersteps()}
     *     counts the exchange's rounds
     * @throws IllegalArgumentException if the graph was loaded {@link Direction#DIRECTED}
     */
    public static VertexResult run(PartitionedGraph graph) {
        Objects.requireNonNull(graph, "graph must not be null");
        checkUndirected(graph.partitions().get(0));
        List<VertexResult> parts = graph.runtime().<Void, VertexResult>run("connected-components",
                ctx -> run(ctx, graph.partitions().get(ctx.pid()))).results();
        return VertexResult.merge(parts);
    }

    /**
     * {@link #run(PartitionedGraph)} inside an SPMD program: every processor calls it at the same point with
     * its own partition. It uses the pair lane and collectives (do not send on the pair lane in the superstep
     * in which you call it) and turns the pair lane's combiner off.
     *
     * @return this processor's vertices and their labels
     * @throws IllegalArgumentException if the partition is not this processor's, or was loaded
     *     {@link Direction#DIRECTED}
     */
    public static VertexResult run(BspContext<?> ctx, GraphPartition partition) {
        Objects.requireNonNull(ctx, "ctx must not be null");
        Objects.requireNonNull(partition, "partition must not be null");
        if (partition.pid() != ctx.pid() || partition.processors() != ctx.processors()) {
            throw new IllegalArgumentException("partition must be processor " + ctx.pid() + " of "
                    + ctx.processors() + "'s, got processor " + partition.pid() + " of " + partition.processors()
                    + "'s");
        }
        checkUndirected(partition);
        ctx.combinePairs(null);
        return new LocalFirst(ctx, partition).run();
    }

    private static void checkUndirected(GraphPartition partition) {
        if (partition.direction() != Direction.UNDIRECTED) {
            throw new IllegalArgumentException("graph must be loaded with Direction.UNDIRECTED for connected "
                    + "components, got " + partition.direction());
        }
    }

    /**
     * Union-find on the partition, then min-label propagation between its components along the edges that
     * leave it. A component is named by its root, its smallest local index (so its smallest id); its boundary
     * is the list of distinct remote slots its vertices have edges to, built once.
     */
    private static final class LocalFirst {
        private final BspContext<?> ctx;
        private final GraphPartition g;
        private final int n;
        private final int pid;

        LocalFirst(BspContext<?> ctx, GraphPartition g) {
            this.ctx = ctx;
            this.g = g;
            this.n = g.vertexCount();
            this.pid = ctx.pid();
        }

        VertexResult run() {
            long[] ids = g.idArray();
            int[] offsets = g.offsetArray();
            int[] edgeSlots = g.edgeSlotArray();
            int[] slotOwners = g.slotOwnerArray();
            int[] slotIndices = g.slotIndexArray();
            long[] slotIds = g.slotIdArray();
            int slots = slotOwners.length;

            // 1. Local union-find over the edges whose both ends are here (each is stored both ways: take one).
            int[] root = new int[n];
            for (int v = 0; v < n; v++) {
                root[v] = v;
            }
            for (int u = 0; u < n; u++) {
                for (int e = offsets[u], end = offsets[u + 1]; e < end; e++) {
                    int slot = edgeSlots[e];
                    if (slotOwners[slot] == pid && slotIndices[slot] < u) {
                        int a = find(root, u);
                        int b = find(root, slotIndices[slot]);
                        if (a != b) {
                            root[Math.max(a, b)] = Math.min(a, b);
                        }
                    }
                }
            }
            for (int v = 0; v < n; v++) {
                root[v] = root[root[v]]; // roots are smaller than their members: one pass flattens
            }

            // 2. Each component's distinct remote slots, grouped by component (vertices counting-sorted by root),
            //    and its first label: its smallest id, or a smaller id of a neighbour across the boundary.
            int[] members = new int[n + 1];
            for (int v = 0; v < n; v++) {
                members[root[v] + 1]++;
            }
            for (int v = 0; v < n; v++) {
                members[v + 1] += members[v];
            }
            int[] order = new int[n];
            int[] fill = Arrays.copyOf(members, n);
            for (int v = 0; v < n; v++) {
                order[fill[root[v]]++] = v;
            }
            fill = null;
            long[] label = new long[n];
            int[] boundaryStart = new int[n + 1];
            int[] boundary = new int[Math.min(16, slots)];
            int boundarySize = 0;
            int[] slotMark = new int[slots];
            for (int r = 0; r < n; r++) {
                boundaryStart[r] = boundarySize;
                if (root[r] != r) {
                    continue;
                }
                long best = ids[r];
                for (int i = members[r]; i < members[r + 1]; i++) {
                    int u = order[i];
                    for (int e = offsets[u], end = offsets[u + 1]; e < end; e++) {
                        int slot = edgeSlots[e];
                        if (slotOwners[slot] != pid && slotMark[slot] != r + 1) {
                            slotMark[slot] = r + 1;
                            best = Math.min(best, slotIds[slot]);
                            if (boundarySize == boundary.length) {
                                boundary = Arrays.copyOf(boundary, Math.max(16, boundarySize + (boundarySize >> 1)));
                            }
                            boundary[boundarySize++] = slot;
                        }
                    }
                }
                label[r] = best;
            }
            boundaryStart[n] = boundarySize;
            members = null;
            order = null;

            // 3. Rounds: every component whose label changed offers it to its remote slots, folded per slot.
            boolean[] changed = new boolean[n];
            for (int r = 0; r < n; r++) {
                changed[r] = root[r] == r;
            }
            long[] offer = new long[slots];
            int[] touched = new int[slots];
            Arrays.fill(slotMark, -1);
            int rounds = 0;
            while (true) {
                int touchedCount = 0;
                for (int r = 0; r < n; r++) {
                    if (!changed[r]) {
                        continue;
                    }
                    changed[r] = false;
                    long l = label[r];
                    for (int i = boundaryStart[r]; i < boundaryStart[r + 1]; i++) {
                        int slot = boundary[i];
                        if (slotMark[slot] != rounds) {
                            slotMark[slot] = rounds;
                            offer[slot] = l;
                            touched[touchedCount++] = slot;
                        } else if (l < offer[slot]) {
                            offer[slot] = l;
                        }
                    }
                }
                for (int i = 0; i < touchedCount; i++) {
                    int slot = touched[i];
                    ctx.sendPair(slotOwners[slot], slotIndices[slot], Double.longBitsToDouble(offer[slot]));
                }
                ctx.nameSuperstep("connected-components:exchange");
                long sent = ctx.allReduce(new long[] {touchedCount}, ReduceOp.SUM)[0];
                rounds++;
                if (sent == 0) {
                    break;
                }
                PairInbox inbox = ctx.pairInbox();
                for (int i = 0, size = inbox.size(); i < size; i++) {
                    int r = root[(int) inbox.key(i)];
                    long l = Double.doubleToRawLongBits(inbox.value(i));
                    if (l < label[r]) {
                        label[r] = l;
                        changed[r] = true;
                    }
                }
            }
            double[] values = new double[n];
            for (int v = 0; v < n; v++) {
                values[v] = Double.longBitsToDouble(label[root[v]]);
            }
            return new VertexResult(VertexProgram.Kind.LONG, ids, values, rounds, true, 0, List.of(), new long[0]);
        }

        private static int find(int[] parent, int i) {
            while (parent[i] != i) {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            return i;
        }
    }
}
