package io.ticktickclock.examples;

import java.util.Locale;

/**
 * What ttc's workloads need from the Java heap, checked before allocating, and the one line that explains
 * an {@link OutOfMemoryError} when one happens anyway. The estimates count the large arrays only (they
 * are what grows with the input) and the moment they are all alive together; they are meant to refuse an
 * input that cannot fit, not to predict a run's footprint to the byte.
 */
final class Memory {
    private Memory() {}

    private static final double GIB = 1L << 30;

    /** The last estimate that passed {@link #require}, quoted if the run runs out of memory anyway. */
    private record Estimate(String what, long bytes) {}

    private static volatile Estimate lastEstimate;

    /** Refused before allocating: the estimate does not fit the heap. The message is the whole story. */
    static final class NotEnoughMemoryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotEnoughMemoryException(String message) {
            super(message);
        }
    }

    /** The bytes of a graph's CSR arrays: {@code nodes + 1} long offsets and {@code edges} int targets. */
    static long graph(long nodes, long edges) {
        return 8 * (nodes + 1) + 4 * edges;
    }

    /**
     * The peak of generating a graph (uniform, R-MAT): the int source and target of every edge, then the
     * CSR arrays and the counting sort's cursors.
     */
    static long generatedGraph(long nodes, long edges) {
        return 8 * edges + graph(nodes, edges) + 8 * nodes;
    }

    /**
     * PageRank of a graph, once built: the graph and its blocks (as large as its transpose), one share vector of
     * {@code 8 · nodes} bytes per processor, the ranks, and the top-k ranking of the command line (a boxed
     * index per node); or, if larger, generating the graph. A cluster run holds no share vector here, but the
     * blocks encoded for the workers.
     */
    static long pageRank(long nodes, long edges, long processors, boolean generated) {
        return pageRank(nodes, edges, processors, generated, false);
    }

    /** {@link #pageRank(long, long, long, boolean)} on the submitter of a cluster run when {@code cluster}. */
    static long pageRank(long nodes, long edges, long processors, boolean generated, boolean cluster) {
        long run = 2 * graph(nodes, edges) + 4 * nodes + (cluster ? graph(nodes, edges) + 4 * nodes
                : 8 * nodes * processors) + 40 * nodes;
        return generated ? Math.max(run, generatedGraph(nodes, edges)) : run;
    }

    /**
     * A vertex program of {@code io.ticktickclock.graph} on a graph streamed into its partitions
     * ({@link GraphInput#stream}): the peak of the load, when the processors hold their received edges
     * (16 bytes an edge, 24 weighted; twice as many edges for an undirected load) and the targets' ids of their
     * rows (8 bytes an edge, 16 weighted), plus about 64 bytes a vertex (id, row offset, value, message
     * buffers). The run itself needs less: 4 bytes an edge (12 weighted) for the partitions, and the vertex
     * state.
     *
     * @param vertices the vertices, 0 when unknown (an edge list: its vertices are counted while it loads)
     */
    static long vertexProgram(long vertices, long edges, boolean weighted, boolean undirected) {
        long held = (undirected ? 2 : 1) * edges;
        return (weighted ? 40 : 24) * held + 64 * vertices;
    }

    /**
     * Sample sort of {@code count} longs held in an array: the input, every processor's copy of its block,
     * and the pairwise merge's two levels of arrays.
     */
    static long sort(long count) {
        return 32 * count;
    }

    /**
     * Refuses, before anything is allocated, a workload whose estimate exceeds the heap's limit
     * ({@link Runtime#maxMemory()}).
     *
     * @param what what needs the memory, for the message ("pagerank of uniform:100000:1000000 at p = 4")
     * @throws NotEnoughMemoryException naming {@code what}, the estimate, the limit and what to do
     */
    static void require(String what, long bytes) {
        require(what, bytes, Runtime.getRuntime().maxMemory());
    }

    static void require(String what, long bytes, long heapLimit) {
        if (bytes > heapLimit) {
            throw new NotEnoughMemoryException(String.format(Locale.ROOT, "out of memory: %s needs about %s, more "
                    + "than the Java heap's limit of %s; %s, or make the input smaller", what, size(bytes),
                    size(heapLimit), larger(bytes)));
        }
        lastEstimate = new Estimate(what, bytes);
    }

    /** Forgets the last estimate (a new command starts). */
    static void reset() {
        lastEstimate = null;
    }

    /** The one line for an {@link OutOfMemoryError}: what ran out, the estimate if there was one, what to do. */
    static String explain(OutOfMemoryError e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        long limit = Runtime.getRuntime().maxMemory();
        Estimate last = lastEstimate;
        String estimate = last == null ? "" : " (" + last.what() + " was estimated to need about "
                + size(last.bytes()) + ")";
        if (message.contains("native thread")) {
            return "out of memory: cannot start another thread (" + message + ")" + estimate
                    + "; use fewer --processors, or raise the system's limit on threads (ulimit -u)";
        }
        if (message.contains("array size exceeds")) {
            return "out of memory: an array larger than the JVM allows was needed" + estimate
                    + "; make the input smaller";
        }
        String what = message.contains("Metaspace") || message.contains("Direct buffer") ? message
                : "the Java heap (limit " + size(limit) + ")";
        return "out of memory: " + what + " ran out" + estimate + "; " + larger(Math.max(2 * limit,
                last == null ? 0 : last.bytes())) + ", or make the input smaller or use fewer --processors";
    }

    /** The advice for a heap that holds {@code bytes}, with a quarter to spare. */
    private static String larger(long bytes) {
        long gib = (long) Math.ceil(bytes * 1.25 / GIB);
        return "run with a larger heap, e.g. TTC_JAVA_OPTS=-Xmx" + Math.max(1, gib) + "g";
    }

    /** {@code bytes} in GiB (or MiB below one GiB), one decimal. */
    static String size(long bytes) {
        return bytes >= GIB ? String.format(Locale.ROOT, "%.1f GiB", bytes / GIB)
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }
}
