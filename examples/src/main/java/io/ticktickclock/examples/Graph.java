package io.ticktickclock.examples;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * A directed multigraph in compressed sparse row form: the out-edges of node {@code u} are
 * {@code targets[offsets[u] .. offsets[u + 1])}. Nodes are {@code 0 .. nodes - 1}; {@code ids} maps them back
 * to the ids of the input (sorted ascending), or is null when the ids are {@code 0 .. nodes - 1} themselves.
 * Immutable by convention: the arrays are shared read-only by all processors of a run.
 *
 * @param nodes the number of nodes
 * @param offsets {@code nodes + 1} row offsets
 * @param targets edge targets, grouped by source
 * @param ids the input id of each node, ascending, or null for the identity
 */
public record Graph(int nodes, long[] offsets, int[] targets, long[] ids) {

    public Graph {
        if (nodes < 1) {
            throw new IllegalArgumentException("a graph needs at least one node, got " + nodes);
        }
        if (offsets.length != nodes + 1) {
            throw new IllegalArgumentException("offsets must have nodes + 1 = " + (nodes + 1) + " entries, got "
                    + offsets.length);
        }
        if (offsets[0] != 0 || offsets[nodes] != targets.length) {
            throw new IllegalArgumentException("offsets must run from 0 to targets.length = " + targets.length
                    + ", got " + offsets[0] + " to " + offsets[nodes]);
        }
        if (ids != null && ids.length != nodes) {
            throw new IllegalArgumentException("ids must have nodes = " + nodes + " entries, got " + ids.length);
        }
    }

    /**
     * The edges as input ids, in CSR order: {@code {sources, targets}}, for programs that take an edge list
     * (the vertex programs of {@code io.ticktickclock.graph}).
     */
    public long[][] edgeIds() {
        long[] s = new long[targets.length];
        long[] t = new long[targets.length];
        int i = 0;
        for (int u = 0; u < nodes; u++) {
            for (long e = offsets[u], end = offsets[u + 1]; e < end; e++, i++) {
                s[i] = id(u);
                t[i] = id(targets[(int) e]);
            }
        }
        return new long[][] {s, t};
    }

    /** The number of edges. */
    public long edges() {
        return targets.length;
    }

    /** The out-degree of {@code node}. */
    public int outDegree(int node) {
        return (int) (offsets[node + 1] - offsets[node]);
    }

    /** The input id of {@code node}. */
    public long id(int node) {
        return ids == null ? node : ids[node];
    }

    private static void checkEdges(long edges) {
        if (edges < 0 || edges > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("edges must be in [0, " + (Integer.MAX_VALUE - 8) + "], got " + edges);
        }
    }

    /**
     * A uniform random multigraph: {@code edges} edges whose endpoints are drawn uniformly and independently
     * (self-loops and duplicates included), deterministic for {@code seed}.
     *
     * @throws IllegalArgumentException if {@code nodes < 1} or {@code edges} is negative or above 2^31 - 9
     */
    public static Graph uniform(int nodes, long edges, long seed) {
        return uniform(nodes, edges, seed, done -> { });
    }

    /**
     * {@link #uniform(int, long, long)}, telling {@code generated} how many edges are drawn every
     * {@link Progress#REPORT_EVERY}.
     */
    public static Graph uniform(int nodes, long edges, long seed, LongConsumer generated) {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be >= 1, got " + nodes);
        }
        checkEdges(edges);
        int m = (int) edges;
        return collect(nodes, m, draw -> drawUniform(nodes, seed, m, draw), generated);
    }

    /** The graph of the {@code m} edges {@code generator} draws, reporting each {@link Progress#REPORT_EVERY}. */
    private static Graph collect(int nodes, int m, java.util.function.Consumer<EdgeDraw> generator,
            LongConsumer generated) {
        int[] sources = new int[m];
        int[] targets = new int[m];
        generator.accept((i, u, v) -> {
            sources[i] = u;
            targets[i] = v;
            if ((i & (Progress.REPORT_EVERY - 1)) == 0) {
                generated.accept(i);
            }
        });
        generated.accept(m);
        return fromEdges(nodes, sources, targets);
    }

    /** Receives generated edge {@code i}, from node {@code u} to node {@code v}. */
    @FunctionalInterface
    interface EdgeDraw {
        void accept(int i, int u, int v);
    }

    /**
     * Draws the first {@code until} edges of {@link #uniform(int, long, long)} in order (they do not depend on
     * how many follow), one at a time: what the graph and a streamed {@link GeneratedEdges} both read, so
     * they hold the same edges.
     */
    static void drawUniform(int nodes, long seed, int until, EdgeDraw draw) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < until; i++) {
            int u = random.nextInt(nodes);
            int v = random.nextInt(nodes);
            draw.accept(i, u, v);
        }
    }

    /**
     * An R-MAT graph (Chakrabarti, Zhan and Faloutsos 2004) with the Graph500 parameters a = 0.57,
     * b = c = 0.19, d = 0.05: {@code 2^scale} nodes and {@code edgeFactor · 2^scale} edges, each placed by
     * {@code scale} recursive quadrant choices. Deterministic for {@code seed}; self-loops and duplicates kept.
     *
     * @throws IllegalArgumentException if {@code scale} is not in [1, 30] or {@code edgeFactor < 1}
     */
    public static Graph rmat(int scale, int edgeFactor, long seed) {
        return rmat(scale, edgeFactor, seed, done -> { });
    }

    /**
     * {@link #rmat(int, int, long)}, telling {@code generated} how many edges are drawn every
     * {@link Progress#REPORT_EVERY}.
     */
    public static Graph rmat(int scale, int edgeFactor, long seed, LongConsumer generated) {
        if (scale < 1 || scale > 30) {
            throw new IllegalArgumentException("scale must be in [1, 30], got " + scale);
        }
        if (edgeFactor < 1) {
            throw new IllegalArgumentException("edge factor must be >= 1, got " + edgeFactor);
        }
        int nodes = 1 << scale;
        long edges = (long) edgeFactor * nodes;
        checkEdges(edges);
        int m = (int) edges;
        return collect(nodes, m, draw -> drawRmat(scale, seed, m, draw), generated);
    }

    /** Draws the first {@code until} edges of {@link #rmat(int, int, long)} in order; see {@link #drawUniform}. */
    static void drawRmat(int scale, long seed, int until, EdgeDraw draw) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < until; i++) {
            int u = 0;
            int v = 0;
            for (int bit = scale - 1; bit >= 0; bit--) {
                double r = random.nextDouble();
                if (r < 0.57) {
                    continue;                       // a: top left
                } else if (r < 0.76) {
                    v |= 1 << bit;                  // b: top right
                } else if (r < 0.95) {
                    u |= 1 << bit;                  // c: bottom left
                } else {
                    u |= 1 << bit;                  // d: bottom right
                    v |= 1 << bit;
                }
            }
            draw.accept(i, u, v);
        }
    }

    /**
     * The transposed graph: the same nodes and ids, every edge reversed, so that {@code transpose().targets()}
     * in row {@code v} lists the sources of {@code v}'s in-edges (ascending, with multiplicity). A pull
     * algorithm such as {@link PageRank} reads it. Costs one pass over the edges and as much memory as this
     * graph.
     */
    public Graph transpose() {
        long[] inOffsets = rowOffsets(nodes, targets);
        long[] next = Arrays.copyOf(inOffsets, nodes);
        int[] sources = new int[targets.length];
        for (int u = 0; u < nodes; u++) {
            for (long e = offsets[u], end = offsets[u + 1]; e < end; e++) {
                sources[(int) next[targets[(int) e]]++] = u;
            }
        }
        return new Graph(nodes, inOffsets, sources, ids);
    }

    /** Builds the CSR form of the edge list {@code (sources[i], targets[i])} by a counting sort on sources. */
    public static Graph fromEdges(int nodes, int[] sources, int[] targets) {
        return fromEdges(nodes, sources, targets, null);
    }

    /** The CSR row offsets of edges whose rows are {@code rows}: counts per row, then their prefix sums. */
    private static long[] rowOffsets(int nodes, int[] rows) {
        long[] offsets = new long[nodes + 1];
        for (int r : rows) {
            offsets[r + 1]++;
        }
        for (int u = 0; u < nodes; u++) {
            offsets[u + 1] += offsets[u];
        }
        return offsets;
    }

    private static Graph fromEdges(int nodes, int[] sources, int[] targets, long[] ids) {
        long[] offsets = rowOffsets(nodes, sources);
        long[] next = Arrays.copyOf(offsets, nodes);
        int[] sorted = new int[targets.length];
        for (int i = 0; i < sources.length; i++) {
            sorted[(int) next[sources[i]]++] = targets[i];
        }
        return new Graph(nodes, offsets, sorted, ids);
    }

    /**
     * Builds a graph from edges between arbitrary non-negative ids: the nodes are the ids that appear,
     * numbered in ascending id order.
     *
     * @throws IllegalArgumentException if there is no edge, or an id is negative
     */
    public static Graph fromIds(long[] sources, long[] targets, int count) {
        if (count == 0) {
            throw new IllegalArgumentException("the graph has no edges, so no nodes");
        }
        long[] all = new long[2 * count];
        System.arraycopy(sources, 0, all, 0, count);
        System.arraycopy(targets, 0, all, count, count);
        Arrays.parallelSort(all);
        int unique = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] < 0) {
                throw new IllegalArgumentException("node ids must be >= 0, got " + all[i]);
            }
            if (i == 0 || all[i] != all[i - 1]) {
                all[unique++] = all[i];
            }
        }
        long[] ids = Arrays.copyOf(all, unique);
        boolean identity = ids[unique - 1] == unique - 1;
        int[] s = new int[count];
        int[] t = new int[count];
        for (int i = 0; i < count; i++) {
            s[i] = identity ? (int) sources[i] : Arrays.binarySearch(ids, sources[i]);
            t[i] = identity ? (int) targets[i] : Arrays.binarySearch(ids, targets[i]);
        }
        return fromEdges(unique, s, t, identity ? null : ids);
    }
}
