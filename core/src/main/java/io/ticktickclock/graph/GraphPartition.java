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
 * (in rounds: one all-to-all per {@value #ROUND_EDGES} edges a processor reads, and a last one) and then each
 * distinct target id to its owner (one more), builds its vertices and rows from what it received, and asks
 * the targets' owners for their local indices (a round trip of two more). No processor holds the whole
 * graph: at its peak, while it builds its rows, the loader holds a processor's own edges as received (16
 * bytes an edge, 24 weighted) and their targets' ids in row order (8 bytes an edge, 16 weighted), plus one
 * round of edges in flight and sets of distinct ids; an undirected load holds twice as many edges. Cost: five
 * supersteps, plus one per {@value #ROUND_EDGES} edges the busiest processor reads (six for
 * {@link VertexPartitioner#range()}, which first finds the id bounds) and {@code O((m/p) log m)} work per
 * processor for {@code m} edges if the partitioner balances them.
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
        return load(ctx, edges, partitioner, direction, ROUND_EDGES);
    }

    /** {@link #load(BspContext, EdgeSource, VertexPartitioner, Direction)}, exchanging every {@code roundEdges} edges read. */
    static GraphPartition load(BspContext<?> ctx, EdgeSource edges, VertexPartitioner partitioner,
            Direction direction, int roundEdges) throws Exception {
        Objects.requireNonNull(ctx, "ctx must not be null");
        Objects.requireNonNull(edges, "edges must not be null");
        Objects.requireNonNull(partitioner, "partitioner must not be null");
        Objects.requireNonNull(direction, "direction must not be null");
        int p = ctx.processors();
        int pid = ctx.pid();
        VertexPartitioner owner = partitioner instanceof RangePartitioner r && !r.bound ? bindRange(ctx, edges) : partitioner;
        boolean weighted = edges.weighted();
        boolean undirected = direction == Direction.UNDIRECTED;

        // 1. Route each edge read here to the owner of its source, and each target (directed) to its owner. The
        // edges go in rounds of ROUND_EDGES read, so a processor holds what it received and one round in flight.
        int stride = weighted ? 3 : 2;
        Rounds rounds = new Rounds(ctx, stride, roundEdges);
        LongList.SetBuilder[] targetsTo = new LongList.SetBuilder[p];
        for (int q = 0; q < p; q++) {
            targetsTo[q] = new LongList.SetBuilder();
        }
        String reader = "edge read by processor " + pid + " ";
        edges.read(pid, p, (source, target, weight) -> {
            if (weighted) {
                EdgeSource.checkWeight(weight, source, target, reader);
            }
            int qs = ownerOf(owner, source, p);
            int qt = ownerOf(owner, target, p);
            long bits = Double.doubleToRawLongBits(weight);
            rounds.add(qs, source, target, bits);
            if (undirected) {
                rounds.add(qt, target, source, bits);
            } else {
                targetsTo[qt].add(target);
            }
            rounds.edgeRead();
        });
        while (!rounds.exchange(true)) {
            // the others are still reading: take part in their rounds
        }
        long[][] out = new long[p][];
        for (int q = 0; q < p; q++) {
            out[q] = targetsTo[q].toSortedSet();
            targetsTo[q] = null;
        }
        long[] receivedTargets = ctx.allToAllv(out);
        out = null;
        List<List<long[]>> received = rounds.received;

        // 2. The owned vertices: sources of the received edges and received targets, sorted and distinct.
        long m = 0;
        for (List<long[]> from : received) {
            for (long[] part : from) {
                m += part.length / stride;
            }
        }
        if (m > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("processor " + pid + " would own " + m + " edges, more than "
                    + (Integer.MAX_VALUE - 8) + "; use more processors");
        }
        int edgeCount = (int) m;
        LongList.SetBuilder owned = new LongList.SetBuilder();
        for (long t : receivedTargets) {
            owned.add(t);
        }
        receivedTargets = null;
        for (List<long[]> from : received) {
            for (long[] part : from) {
                for (int i = 0; i < part.length; i += stride) {
                    owned.add(part[i]);
                }
            }
        }
        long[] ids = owned.toSortedSet();
        owned = null;

        // 3. Rows, in received order: by reading processor, then read order (input order for ArrayEdgeSource).
        // Each received source id is replaced by its local index in place; each part is dropped once copied.
        int n = ids.length;
        int[] offsets = new int[n + 1];
        for (List<long[]> from : received) {
            for (long[] part : from) {
                for (int i = 0; i < part.length; i += stride) {
                    int v = Arrays.binarySearch(ids, part[i]);
                    part[i] = v;
                    offsets[v + 1]++;
                }
            }
        }
        for (int v = 0; v < n; v++) {
            offsets[v + 1] += offsets[v];
        }
        int[] fill = Arrays.copyOf(offsets, n);
        long[] targetIds = new long[edgeCount];
        double[] weights = weighted ? new double[edgeCount] : null;
        for (List<long[]> from : received) {
            for (int k = 0; k < from.size(); k++) {
                long[] part = from.get(k);
                from.set(k, null);
                for (int i = 0; i < part.length; i += stride) {
                    int at = fill[(int) part[i]]++;
                    targetIds[at] = part[i + 1];
                    if (weighted) {
                        weights[at] = Double.longBitsToDouble(part[i + 2]);
                    }
                }
            }
        }
        received = null;
        fill = null;

        // 4. Ask each target's owner for its local index: one sorted, distinct query list per owner.
        int[] targetOwners = new int[edgeCount];
        LongList.SetBuilder[] queriesTo = new LongList.SetBuilder[p];
        for (int q = 0; q < p; q++) {
            queriesTo[q] = new LongList.SetBuilder();
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

    /** Edges read per processor between two exchanges of a load: 2^20, 16 MiB of (source, target) pairs. */
    static final int ROUND_EDGES = 1 << 20;

    /**
     * The exchange of step 1 of {@link #load}: edges buffered by owner and sent in rounds, one all-to-all each
     * time a processor has read {@link #ROUND_EDGES} edges (or as many as the load says) and then until every processor has read all its
     * edges. Every processor takes part in every round (a round is a collective), so a processor still reading
     * exchanges with those that are done. What a processor receives is kept by sender, in the order sent.
     */
    private static final class Rounds {
        private final BspContext<?> ctx;
        private final int stride;
        private final int roundEdges;
        private final LongList[] to;
        private int read;
        /** By sending processor: the parts received from it, in order. */
        final List<List<long[]>> received;

        Rounds(BspContext<?> ctx, int stride, int roundEdges) {
            if (roundEdges < 1) {
                throw new IllegalArgumentException("roundEdges must be >= 1, got " + roundEdges);
            }
            this.ctx = ctx;
            this.stride = stride;
            this.roundEdges = roundEdges;
            int p = ctx.processors();
            to = new LongList[p];
            List<List<long[]>> parts = new java.util.ArrayList<>(p);
            for (int q = 0; q < p; q++) {
                to[q] = new LongList();
                parts.add(new java.util.ArrayList<>());
            }
            received = parts;
        }

        void add(int q, long source, long target, long weightBits) {
            if (stride == 3) {
                to[q].add(source, target, weightBits);
            } else {
                to[q].add(source, target);
            }
        }

        void edgeRead() {
            if (++read == roundEdges) {
                exchange(false);
            }
        }

        /**
         * Sends the buffered edges, each part framed by one word, {@code (length << 1) | done}, and keeps what
         * arrives.
         *
         * @param done whether this processor has read all its edges
         * @return whether every processor has
         */
        boolean exchange(boolean done) {
            int p = to.length;
            long[][] frames = new long[p][];
            for (int q = 0; q < p; q++) {
                int size = to[q].size();
                frames[q] = new long[size + 1];
                frames[q][0] = ((long) size << 1) | (done ? 1 : 0);
                System.arraycopy(to[q].items(), 0, frames[q], 1, size);
                to[q].clear();
            }
            read = 0;
            long[] in = ctx.allToAllv(frames);
            frames = null;
            boolean allDone = true;
            for (int j = 0, at = 0; j < p; j++) {
                long header = in[at++];
                int length = (int) (header >>> 1);
                allDone &= (header & 1) == 1;
                if (length > 0) {
                    received.get(j).add(Arrays.copyOfRange(in, at, at + length));
                }
                at += length;
            }
            if (allDone) {
                Arrays.fill(to, null); // the buffers
            }
            return allDone;
        }
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
