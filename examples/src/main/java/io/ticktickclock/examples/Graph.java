package io.ticktickclock.examples;

import java.util.SplittableRandom;

/**
 * A directed multigraph in compressed sparse row form: the out-edges of node {@code u} are
 * {@code targets[offsets[u] .. offsets[u + 1])}. Nodes are {@code 0 .. nodes - 1}. Immutable by convention:
 * the arrays are shared read-only by all processors of a run.
 *
 * @param nodes the number of nodes
 * @param offsets {@code nodes + 1} row offsets
 * @param targets edge targets, grouped by source
 */
public record Graph(int nodes, long[] offsets, int[] targets) {

    public Graph {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be >= 1, got " + nodes);
        }
        if (offsets.length != nodes + 1) {
            throw new IllegalArgumentException("offsets must have nodes + 1 = " + (nodes + 1) + " entries, got "
                    + offsets.length);
        }
    }

    /** The number of edges. */
    public long edges() {
        return targets.length;
    }

    /** The out-degree of {@code node}. */
    public int outDegree(int node) {
        return (int) (offsets[node + 1] - offsets[node]);
    }

    /**
     * A uniform random multigraph: {@code edges} edges whose endpoints are drawn uniformly and independently
     * (self-loops and duplicates included), deterministic for {@code seed}.
     *
     * @throws IllegalArgumentException if {@code nodes < 1} or {@code edges} is negative or above 2^31 - 9
     */
    public static Graph uniform(int nodes, long edges, long seed) {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be >= 1, got " + nodes);
        }
        if (edges < 0 || edges > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("edges must be in [0, " + (Integer.MAX_VALUE - 8) + "], got " + edges);
        }
        int m = (int) edges;
        int[] sources = new int[m];
        int[] targets = new int[m];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < m; i++) {
            sources[i] = random.nextInt(nodes);
            targets[i] = random.nextInt(nodes);
        }
        return fromEdges(nodes, sources, targets);
    }

    /** Builds the CSR form of the edge list {@code (sources[i], targets[i])} by a counting sort on sources. */
    public static Graph fromEdges(int nodes, int[] sources, int[] targets) {
        long[] offsets = new long[nodes + 1];
        for (int s : sources) {
            offsets[s + 1]++;
        }
        for (int u = 0; u < nodes; u++) {
            offsets[u + 1] += offsets[u];
        }
        long[] next = java.util.Arrays.copyOf(offsets, nodes);
        int[] sorted = new int[targets.length];
        for (int i = 0; i < sources.length; i++) {
            sorted[(int) next[sources[i]]++] = targets[i];
        }
        return new Graph(nodes, offsets, sorted);
    }
}
