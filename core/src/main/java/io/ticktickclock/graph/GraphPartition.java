package io.ticktickclock.graph;

import io.ticktickclock.BspContext;
import io.ticktickclock.ReduceOp;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One processor's part of a partitioned graph: the vertices it owns (the {@link VertexPartitioner} decides)
 * and their out-edges, and nothing else. Built by {@link #load} on every processor of a run at once.
 *
 * <h2>Layout</h2>
 * The owned vertices are numbered {@code 0 .. vertexCount() - 1} in ascending id order (the <em>local
 * index</em>); {@link #indexOf(long)} finds a vertex by id with a binary search. Out-edges are in compressed
 * sparse row form: vertex {@code v}'s edges are {@code firstEdge(v) .. firstEdge(v + 1) - 1}, in input
 * order. An edge is its target's <em>slot</em>: the distinct targets of this processor's edges are
 * numbered, and a slot holds the target's id, owner and local index at that owner, so a message along an
 * edge is sent (and combined at the sender, in a per-slot array) without hashing or searching. A vertex that
 * appears only as a target exists, with no out-edges. Memory ({@link #memoryBytes()}): 12 bytes per owned
 * vertex (id and row offset), 4 bytes per out-edge (its slot; 12 with weights) and 16 per distinct target
 * (id, owner and local index); a weighted source whose weights are all 1 stores none. A vertex program whose
 * vertices all send to all their neighbours with a built-in combiner (PageRank) makes the first run build an
 * index of the in-edges, kept with the partition for later runs and not counted by {@code memoryBytes()}: 4
 * bytes per in-edge, 8 per (vertex, processor it has an in-edge from), 4 per (vertex, other processor it has
 * an edge to).
 *
 * <h2>Loading</h2>
 * Every processor reads its own part of the {@link EdgeSource}, sends each edge to the owner of its source
 * and each target id to its owner (two all-to-alls), builds its vertices and rows from what it received,
 * and asks the targets' owners for their local indices (a round trip of two more). The loader holds a
 * processor's own edges, twice at most while building; no processor holds the whole graph. Cost: five
 * supersteps (six for {@link VertexPartitioner#range()}, which first finds the id bounds) and
 * {@code O((m/p) log m)} work per processor for {@code m} edges if the partitioner balances them.
 *
 * <p>A partition is immutable once loaded and may be shared by later runs with the same processor count;
 * reading it from several threads is safe.
 */
public final class GraphPartition {

    /** Which edges a vertex sees as its own. */
    public enum Direction {
        /** Each edge {@code u -> v} is an out-edge of {@code u} only. */
        DIRECTED,
        /**
         * Each edge {@code u -> v} is also added reversed, {@code v -> u}, with the same weight: a vertex's edges
         * are its out- and in-edges, as algorithms on undirected graphs (connected components) need. A
         * self-loop appears twice.
         */
        UNDIRECTED
    }

    private final int pid;
    private final int processors;
    private final VertexPartitioner partitioner;
    private final Direction direction;
    private final long[] ids;
    private final int[] offsets;
    private final int[] edgeSlots;
    private final long[] slotIds;
    private final int[] slotOwners;
    private final int[] slotIndices;
    private final double[] weights;
    private final long graphVertexCount;
    private final long graphEdgeCount;
    /** The vertex engine's in-edge index, built by the first run that gathers (see VertexEngine); not in memoryBytes. */
    private volatile GatherIndex gatherIndex;

    private GraphPartition(int pid, int processors, VertexPartitioner partitioner, Direction direction, long[] ids,
            int[] offsets, int[] edgeSlots, long[] slotIds, int[] slotOwners, int[] slotIndices, double[] weights,
            long graphVertexCount, long graphEdgeCount) {
        this.pid = pid;
        this.processors = processors;
        this.partitioner = partitioner;
        this.direction = direction;
        this.ids = ids;
        this.offsets = offsets;
        this.edgeSlots = edgeSlots;
        this.slotIds = slotIds;
        this.slotOwners = slotOwners;
        this.slotIndices = slotIndices;
        this.weights = weights;
        this.graphVertexCount = graphVertexCount;
        this.graphEdgeCount = graphEdgeCount;
    }

    /** The processor that owns this partition. */
    public int pid() {
        return pid;
    }

    /** The number of processors the graph is partitioned over. */
    public int processors() {
        return processors;
    }

    /** The partitioner, bound to the graph's ids for {@link VertexPartitioner#range()}. */
    public VertexPartitioner partitioner() {
        return partitioner;
    }

    /** Whether edges were also added reversed. */
    public Direction direction() {
        return direction;
    }

    /** Whether the edges carry weights ({@link #weight} is 1 for every edge otherwise). */
    public boolean weighted() {
        return weights != null;
    }

    /** The number of vertices this processor owns. */
    public int vertexCount() {
        return ids.length;
    }

    /** The number of out-edges of the vertices this processor owns. */
    public int edgeCount() {
        return edgeSlots.length;
    }

    /** The number of vertices of the whole graph. */
    public long graphVertexCount() {
        return graphVertexCount;
    }

    /** The number of edges of the whole graph (counting reversed edges of an undirected load). */
    public long graphEdgeCount() {
        return graphEdgeCount;
    }

    /** The id of the vertex at local index {@code v}. */
    public long id(int v) {
        return ids[v];
    }

    /** The local index of vertex {@code id}, or {@code -1} if this processor does not own it. */
    public int indexOf(long id) {
        int i = Arrays.binarySearch(ids, id);
        return i >= 0 ? i : -1;
    }

    /** The first edge of vertex {@code v}; {@code firstEdge(vertexCount())} is {@link #edgeCount()}. */
    public int firstEdge(int v) {
        return offsets[v];
    }

    /** The number of out-edges of vertex {@code v}. */
    public int outDegree(int v) {
        return offsets[v + 1] - offsets[v];
    }

    /** The target id of edge {@code e}. */
    public long target(int e) {
        return slotIds[edgeSlots[e]];
    }

    /** The processor that owns the target of edge {@code e}. */
    public int targetOwner(int e) {
        return slotOwners[edgeSlots[e]];
    }

    /** The local index of the target of edge {@code e} at its owner. */
    public int targetIndex(int e) {
        return slotIndices[edgeSlots[e]];
    }

    /** The number of distinct targets of this processor's edges (each has a slot). */
    public int slotCount() {
        return slotOwners.length;
    }

    /** The weight of edge {@code e}; 1 if the graph is unweighted. */
    public double weight(int e) {
        return weights == null ? 1.0 : weights[e];
    }

    /**
     * The bytes this partition's arrays take (their lengths times their element sizes, without the arrays'
     * headers): {@code 12·vertexCount() + 4 + 4·edgeCount() (+ 8·edgeCount() if weighted) + 16·slotCount()}.
     */
    public long memoryBytes() {
        return 8L * ids.length + 4L * offsets.length + 4L * edgeSlots.length + 8L * slotIds.length
                + 4L * slotOwners.length + 4L * slotIndices.length + (weights == null ? 0 : 8L * weights.length);
    }

    /** The owned vertex ids, ascending (a copy). */
    public long[] ids() {
        return ids.clone();
    }

    // Package-private access for the engine's loops.
    long[] idArray() {
        return ids;
    }

    int[] offsetArray() {
        return offsets;
    }

    int[] edgeSlotArray() {
        return edgeSlots;
    }

    long[] slotIdArray() {
        return slotIds;
    }

    int[] slotOwnerArray() {
        return slotOwners;
    }

    int[] slotIndexArray() {
        return slotIndices;
    }

    double[] weightArray() {
        return weights;
    }

    GatherIndex gatherIndex() {
        return gatherIndex;
    }

    void gatherIndex(GatherIndex index) {
        gatherIndex = index;
    }

    @Override
    public String toString() {
        return "GraphPartition[pid=" + pid + " of " + processors + ", vertices=" + ids.length + ", edges="
                + edgeSlots.length + ", graph=" + graphVertexCount + " vertices and " + graphEdgeCount + " edges, "
                + partitioner + ", " + direction + "]";
    }

    /**
     * Loads this processor's partition; every processor of the run must call it at the same point, with
     * equal arguments (it is a sequence of collectives).
     *
     * @param ctx this processor's context; the load uses collectives only and leaves the message lanes alone
     * @param edges the graph's edges, each processor reading its part
     * @param partitioner who owns which vertex
     * @param direction whether edges are also added reversed
     * @return this processor's partition
     * @throws IllegalArgumentException if an edge has a negative, NaN or infinite weight, the partitioner
     *     returns a processor outside {@code [0, p)} (the message names the vertex), or a processor would own
     *     more than {@code 2^31 - 9} edges
     * @throws Exception what {@link EdgeSource#read} throws
     */
    public static GraphPartition load(BspContext<?> ctx, EdgeSource edges, VertexPartitioner partitioner,
            Direction direction) throws Exception {
        Objects.requireNonNull(ctx, "ctx must not be null");
        Objects.requireNonNull(edges, "edges must not be null");
        Objects.requireNonNull(partitioner, "partitioner must not be null");
        Objects.requireNonNull(direction, "direction must not be null");
        int p = ctx.processors();
        int pid = ctx.pid();
        VertexPartitioner owner = partitioner instanceof RangePartitioner r && !r.bound ? bindRange(ctx, edges) : partitioner;
        boolean weighted = edges.weighted();
        boolean undirected = direction == Direction.UNDIRECTED;

        // 1. Route each edge read here to the owner of its source, and each target (directed) to its owner.
        LongList[] edgesTo = new LongList[p];
        LongList[] targetsTo = new LongList[p];
        for (int q = 0; q < p; q++) {
            edgesTo[q] = new LongList();
            targetsTo[q] = new LongList();
        }
        edges.read(pid, p, (source, target, weight) -> {
            if (weighted) {
                EdgeSource.checkWeight(weight, source, target, "edge read by processor " + pid + " ");
            }
            int qs = ownerOf(owner, source, p);
            int qt = ownerOf(owner, target, p);
            long bits = Double.doubleToRawLongBits(weight);
            if (weighted) {
                edgesTo[qs].add(source, target, bits);
            } else {
                edgesTo[qs].add(source, target);
            }
            if (undirected) {
                if (weighted) {
                    edgesTo[qt].add(target, source, bits);
                } else {
                    edgesTo[qt].add(target, source);
                }
            } else {
                targetsTo[qt].add(target);
            }
        });
        long[][] out = new long[p][];
        for (int q = 0; q < p; q++) {
            out[q] = edgesTo[q].toArray();
            edgesTo[q] = null;
        }
        long[] received = ctx.allToAllv(out);
        for (int q = 0; q < p; q++) {
            out[q] = targetsTo[q].toSortedSet();
            targetsTo[q] = null;
        }
        long[] receivedTargets = ctx.allToAllv(out);
        out = null;

        // 2. The owned vertices: sources of the received edges and received targets, sorted and distinct.
        int stride = weighted ? 3 : 2;
        long m = received.length / stride;
        if (m > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("processor " + pid + " would own " + m + " edges, more than "
                    + (Integer.MAX_VALUE - 8) + "; use more processors");
        }
        int edgeCount = (int) m;
        long[] all = Arrays.copyOf(receivedTargets, receivedTargets.length + edgeCount);
        for (int e = 0; e < edgeCount; e++) {
            all[receivedTargets.length + e] = received[e * stride];
        }
        long[] ids = LongList.sortedSet(all, all.length);
        all = null;
        receivedTargets = null;

        // 3. Rows, in received order: by reading processor, then read order (input order for ArrayEdgeSource).
        int n = ids.length;
        int[] offsets = new int[n + 1];
        int[] sourceIndex = new int[edgeCount];
        for (int e = 0; e < edgeCount; e++) {
            int v = Arrays.binarySearch(ids, received[e * stride]);
            sourceIndex[e] = v;
            offsets[v + 1]++;
        }
        for (int v = 0; v < n; v++) {
            offsets[v + 1] += offsets[v];
        }
        int[] fill = Arrays.copyOf(offsets, n);
        long[] targetIds = new long[edgeCount];
        double[] weights = weighted ? new double[edgeCount] : null;
        for (int e = 0; e < edgeCount; e++) {
            int at = fill[sourceIndex[e]]++;
            targetIds[at] = received[e * stride + 1];
            if (weighted) {
                weights[at] = Double.longBitsToDouble(received[e * stride + 2]);
            }
        }
        received = null;
        sourceIndex = null;
        fill = null;

        // 4. Ask each target's owner for its local index: one sorted, distinct query list per owner.
        int[] targetOwners = new int[edgeCount];
        LongList[] queriesTo = new LongList[p];
        for (int q = 0; q < p; q++) {
            queriesTo[q] = new LongList();
        }
        for (int e = 0; e < edgeCount; e++) {
            int q = ownerOf(owner, targetIds[e], p);
            targetOwners[e] = q;
            queriesTo[q].add(targetIds[e]);
        }
        long[][] queries = new long[p][];
        long[][] framed = new long[p][];
        for (int q = 0; q < p; q++) {
            queries[q] = queriesTo[q].toSortedSet();
            queriesTo[q] = null;
            framed[q] = new long[queries[q].length + 1];
            framed[q][0] = queries[q].length;
            System.arraycopy(queries[q], 0, framed[q], 1, queries[q].length);
        }
        long[] asked = ctx.allToAllv(framed);
        long[][] answers = new long[p][];
        for (int q = 0, at = 0; q < p; q++) {
            int count = (int) asked[at++];
            answers[q] = new long[count];
            for (int i = 0; i < count; i++, at++) {
                int v = Arrays.binarySearch(ids, asked[at]);
                if (v < 0) {
                    throw new IllegalStateException("processor " + q + " asked processor " + pid + " for vertex "
                            + asked[at] + ", which it does not own: is the partitioner deterministic?");
                }
                answers[q][i] = v;
            }
        }
        asked = null;
        long[] replies = ctx.allToAllv(answers);
        answers = null;
        // Slots: the distinct targets by owner, then by id; the replies come in that order.
        int[] slotStart = new int[p];
        for (int q = 1; q < p; q++) {
            slotStart[q] = slotStart[q - 1] + queries[q - 1].length;
        }
        int[] slotOwners = new int[replies.length];
        int[] slotIndices = new int[replies.length];
        long[] slotIds = new long[replies.length];
        for (int q = 0; q < p; q++) {
            Arrays.fill(slotOwners, slotStart[q], slotStart[q] + queries[q].length, q);
            System.arraycopy(queries[q], 0, slotIds, slotStart[q], queries[q].length);
        }
        for (int i = 0; i < replies.length; i++) {
            slotIndices[i] = (int) replies[i];
        }
        int[] edgeSlots = targetOwners; // reused: each edge's owner is read once, then replaced by its slot
        for (int e = 0; e < edgeCount; e++) {
            int q = targetOwners[e];
            edgeSlots[e] = slotStart[q] + Arrays.binarySearch(queries[q], targetIds[e]);
        }

        targetIds = null;

        // A weighted source whose weights are all 1 (an edge file without a weight column) stores none.
        long notOne = 0;
        for (int e = 0; weights != null && e < edgeCount && notOne == 0; e++) {
            notOne = weights[e] == 1.0 ? 0 : 1;
        }
        long[] totals = ctx.allReduce(new long[] {n, edgeCount, notOne}, ReduceOp.SUM);
        return new GraphPartition(pid, p, owner, direction, ids, offsets, edgeSlots, slotIds, slotOwners,
                slotIndices, totals[2] == 0 ? null : weights, totals[0], totals[1]);
    }

    private static int ownerOf(VertexPartitioner partitioner, long id, int p) {
        int q = partitioner.ownerOf(id, p);
        if (q < 0 || q >= p) {
            throw new IllegalArgumentException("the partitioner " + partitioner + " put vertex " + id
                    + " on processor " + q + ", expected [0, " + p + ")");
        }
        return q;
    }

    /** {@link VertexPartitioner#range()} bound to the smallest and largest id of the graph. */
    private static VertexPartitioner bindRange(BspContext<?> ctx, EdgeSource edges) throws Exception {
        long[] bounds = {Long.MAX_VALUE, Long.MIN_VALUE};
        edges.read(ctx.pid(), ctx.processors(), (source, target, weight) -> {
            bounds[0] = Math.min(bounds[0], Math.min(source, target));
            bounds[1] = Math.max(bounds[1], Math.max(source, target));
        });
        List<long[]> all = ctx.allGather(bounds);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long[] b : all) {
            min = Math.min(min, b[0]);
            max = Math.max(max, b[1]);
        }
        return min > max ? VertexPartitioner.range(0, 0) : VertexPartitioner.range(min, max);
    }
}
