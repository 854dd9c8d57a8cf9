package io.ticktickclock.graph;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the edges of a graph come from, read in parallel: every processor reads its own part of the edges
 * and the loader sends each edge to the owner of its source, so no processor ever holds the whole graph.
 * An edge is a source id, a target id and a weight (1 for unweighted graphs); weights must be finite and
 * non-negative, since the algorithms that read them (shortest paths) require it.
 *
 * <pre>{@code
 * EdgeSource edges = EdgeSource.of(new long[] {1, 2, 2}, new long[] {2, 3, 1});
 * EdgeSource roads = EdgeSource.weighted(from, to, kilometres);
 * EdgeSource web = EdgeSource.fromFile(Path.of("web.txt.gz"));
 * }</pre>
 *
 * <p>Implementations must be thread-safe: all processors call {@link #read} at once, each for its part.
 * The loader may call {@code read} more than once per processor (a {@linkplain VertexPartitioner#range()
 * range partitioner} reads once to find the id bounds), and each call must deliver the same edges.
 */
@FunctionalInterface
public interface EdgeSource {

    /** Receives edges. */
    @FunctionalInterface
    interface EdgeSink {
        /** One edge from {@code source} to {@code target} with {@code weight}. */
        void accept(long source, long target, double weight);
    }

    /**
     * Delivers processor {@code pid}'s part of the edges to {@code sink}, one edge at a time, on the calling
     * thread (the loader exchanges edges with the other processors from inside the sink, every so many
     * edges). The parts of all processors together are the graph's edges, each exactly once.
     *
     * @param pid the reading processor, in {@code [0, processors)}
     * @param processors the number of processors
     * @throws Exception to fail the load (an unreadable or malformed file, say)
     */
    void read(int pid, int processors, EdgeSink sink) throws Exception;

    /**
     * Whether the edges may carry weights; unweighted edges have weight 1 and store none, and neither do
     * the edges of a weighted source whose weights all turn out to be 1. Default: false.
     */
    default boolean weighted() {
        return false;
    }

    /**
     * Unweighted edges {@code sources[i] -> targets[i]} from two arrays, which the source keeps (not copied:
     * do not change them while a load runs). Processor {@code i} of {@code p} reads the contiguous block of
     * edges {@code [i·m/p, (i+1)·m/p)}.
     *
     * @throws IllegalArgumentException if the arrays differ in length
     */
    static EdgeSource of(long[] sources, long[] targets) {
        Objects.requireNonNull(sources, "sources must not be null");
        Objects.requireNonNull(targets, "targets must not be null");
        if (sources.length != targets.length) {
            throw new IllegalArgumentException("sources and targets must have the same length, got "
                    + sources.length + " and " + targets.length);
        }
        return new ArrayEdgeSource(sources, targets, null);
    }

    /**
     * Weighted edges {@code sources[i] -> targets[i]} of weight {@code weights[i]}; see {@link #of}. The
     * weights are checked now.
     *
     * @throws IllegalArgumentException if the arrays differ in length, or a weight is negative, NaN or
     *     infinite (the message names the first such edge: its index, endpoints and weight)
     */
    static EdgeSource weighted(long[] sources, long[] targets, double[] weights) {
        Objects.requireNonNull(sources, "sources must not be null");
        Objects.requireNonNull(targets, "targets must not be null");
        Objects.requireNonNull(weights, "weights must not be null");
        if (sources.length != targets.length || sources.length != weights.length) {
            throw new IllegalArgumentException("sources, targets and weights must have the same length, got "
                    + sources.length + ", " + targets.length + " and " + weights.length);
        }
        for (int i = 0; i < weights.length; i++) {
            checkWeight(weights[i], sources[i], targets[i], "edge " + i + " ");
        }
        return new ArrayEdgeSource(sources, targets, weights);
    }

    /**
     * Edges from a text file, one {@code src dst [weight]} line per edge: ids are non-negative 64-bit
     * integers (sparse ids are fine), the optional weight a decimal number ({@code 2}, {@code 0.25},
     * {@code 1e-3}), finite and non-negative, 1 when absent; fields are separated by spaces or tabs; blank
     * lines and {@code #} comment lines are skipped; lines end in {@code \n} or {@code \r\n}; a file whose name
     * ends in {@code .gz} is decompressed. The format of {@code ttc pagerank}'s edge lists, plus the weight.
     * Duplicate edges and self-loops are kept (of parallel edges, shortest paths take the lightest).
     *
     * <p>Each processor parses its own share of the lines: a plain file is split into byte ranges, each
     * processor seeking to its own; a gzip file cannot be entered in the middle, so every processor
     * decompresses all of it and parses every {@code p}-th block of lines. No processor holds the file or
     * the whole graph.
     *
     * @param file the edge list
     * @return a thread-safe source that reads {@code file} on every {@link #read}
     * @throws java.nio.file.NoSuchFileException if {@code file} does not exist
     * @throws java.nio.file.AccessDeniedException if it cannot be read
     * @throws java.nio.file.FileSystemException if it is a directory
     * @throws FormatException if its name ends in {@code .gz} and it is not gzip data
     * @throws IOException if it cannot be opened for another reason
     */
    static EdgeSource fromFile(Path file) throws IOException {
        return EdgeListFile.open(Objects.requireNonNull(file, "file must not be null"));
    }

    /**
     * A malformed edge file, thrown by {@link #read} of {@link #fromFile}: the message names the file, the
     * line number, what was expected and the line, escaped ({@code edges.txt:17: weight -2 is negative;
     * weights must be finite and >= 0: "4 9 -2"}); or, for bad gzip data, the file and the problem.
     */
    final class FormatException extends IOException {
        private static final long serialVersionUID = 1L;

        /**
         * A format error.
         *
         * @param message {@code FILE:LINE: WHY: "LINE TEXT"}
         */
        public FormatException(String message) {
            super(message);
        }
    }

    /**
     * Checks one edge's weight.
     *
     * @param where how to name the edge, followed by its endpoints ("edge 17 ", "line 4 ")
     * @throws IllegalArgumentException if the weight is negative, NaN or infinite
     */
    static void checkWeight(double weight, long source, long target, String where) {
        if (!(weight >= 0 && weight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(where + "(" + source + " -> " + target + ") has weight " + weight
                    + "; weights must be finite and >= 0");
        }
    }
}

/** Edges in arrays; processor {@code i} reads a contiguous block. */
record ArrayEdgeSource(long[] sources, long[] targets, double[] weights) implements EdgeSource {

    @Override
    public void read(int pid, int processors, EdgeSink sink) {
        int m = sources.length;
        int from = (int) ((long) pid * m / processors);
        int to = (int) ((long) (pid + 1) * m / processors);
        for (int i = from; i < to; i++) {
            sink.accept(sources[i], targets[i], weights == null ? 1.0 : weights[i]);
        }
    }

    @Override
    public boolean weighted() {
        return weights != null;
    }
}
