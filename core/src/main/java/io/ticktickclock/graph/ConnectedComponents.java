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
     * Union-find on the partition, then min-label propagation between partitions. The union-find's elements
     * are the slots {@code 0 .. slots-1} (the distinct targets of the partition's edges: a local target's slot
     * stands for that vertex, a remote target's slot is its proxy) and, as {@code slots + k}, the local
     * vertices that are no edge's target here; an edge joins its source's element and its target's slot
     * without looking up the target's local index. An edge to a remote vertex joins its proxy, so a local
     * component knows the remote vertices it touches, and each proxy belongs to exactly one component. A
     * component is named by its root, its smallest element. A local edge is stored both ways and taken once:
     * the local slots are in local index order, so "target index below the source's" is a comparison of slot
     * numbers. In each round every component whose label changed sends it through each of its proxies: one
     * message per remote target, no deduplication needed.
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
            // Slots are ordered by owner, then id: this processor's own targets are the slots [lo, hi), with
            // ascending local indices.
            int lo = 0;
            while (lo < slots && slotOwners[lo] < pid) {
                lo++;
            }
            int hi = lo;
            while (hi < slots && slotOwners[hi] == pid) {
                hi++;
            }

            // 1. Each local vertex's element: its slot if it has one, else one of its own after the slots.
            int[] element = new int[n];
            int elements = slots;
            for (int v = 0, s = lo; v < n; v++) {
                element[v] = s < hi && slotIndices[s] == v ? s++ : elements++;
            }
            int[] root = new int[elements];
            for (int x = 0; x < elements; x++) {
                root[x] = x;
            }
            // 2. Union-find over every edge, keeping the source's root at hand (it changes only by a link).
            for (int u = 0, s = lo; u < n; u++) {
                while (s < hi && slotIndices[s] < u) {
                    s++;
                }
                int skip = s;  // local slots [skip, hi) are targets with an index >= u: taken from their side
                int ru = find(root, element[u]);
                for (int e = offsets[u], end = offsets[u + 1]; e < end; e++) {
                    int slot = edgeSlots[e];
                    if (slot >= skip && slot < hi) {
                        continue;
                    }
                    int rt = find(root, slot);
                    if (rt < ru) {
                        root[ru] = rt;
                        ru = rt;
                    } else if (rt > ru) {
                        root[rt] = ru;
                    }
                }
            }
            // A root is smaller than its members, so one pass in index order flattens every tree.
            for (int x = 0; x < elements; x++) {
                root[x] = root[root[x]];
            }

            // 3. First labels: the smallest id of each component's vertices and proxies.
            long[] label = new long[elements];
            Arrays.fill(label, Long.MAX_VALUE);
            boolean[] changed = new boolean[elements];
            for (int v = 0; v < n; v++) {
                int r = root[element[v]];
                label[r] = Math.min(label[r], ids[v]);
                changed[r] = true;
            }
            for (int slot = lo == 0 ? hi : 0; slot < slots; slot = slot + 1 == lo ? hi : slot + 1) {
                int r = root[slot];
                label[r] = Math.min(label[r], slotIds[slot]);
            }

            // 4. Rounds: each changed component offers its label through its proxies.
            int rounds = 0;
            while (true) {
                long sent = 0;
                for (int slot = lo == 0 ? hi : 0; slot < slots; slot = slot + 1 == lo ? hi : slot + 1) { // the remote slots
                    int r = root[slot];
                    if (changed[r]) {
                        ctx.sendPair(slotOwners[slot], slotIndices[slot], Double.longBitsToDouble(label[r]));
                        sent++;
                    }
                }
                Arrays.fill(changed, false);
                ctx.nameSuperstep("connected-components:exchange");
                sent = ctx.allReduce(new long[] {sent}, ReduceOp.SUM)[0];
                rounds++;
                if (sent == 0) {
                    break;
                }
                PairInbox inbox = ctx.pairInbox();
                for (int i = 0, size = inbox.size(); i < size; i++) {
                    int r = root[element[(int) inbox.key(i)]];
                    long l = Double.doubleToRawLongBits(inbox.value(i));
                    if (l < label[r]) {
                        label[r] = l;
                        changed[r] = true;
                    }
                }
            }
            double[] values = new double[n];
            for (int v = 0; v < n; v++) {
                values[v] = Double.longBitsToDouble(label[root[element[v]]]);
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
