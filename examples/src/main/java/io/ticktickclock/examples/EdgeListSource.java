package io.ticktickclock.examples;

import io.ticktickclock.graph.EdgeSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * An edge list file ({@link EdgeListReader}'s format) as an {@link EdgeSource} that nobody holds whole: the
 * graph commands partition it while reading it, so no processor and no caller ever keeps a copy of all the
 * edges.
 *
 * <p>{@link #scan} reads the file once on the calling thread with {@link EdgeListReader}'s parser: every line
 * checked, with the same error messages (file, line number, escaped line) and progress, the edges counted, and
 * the start of every {@link #INDEX_EVERY}-th edge's line noted. Then, as the source of a load, processor
 * {@code i} of {@code p} reads its contiguous share of the edges, {@code [i·m/p, (i+1)·m/p)} in file order:
 * in a plain file it seeks to the noted line at or before its share, a {@code .gz} it decompresses from the
 * start, skipping the lines before its share unparsed. That is the share {@link EdgeSource#of} gives processor
 * {@code i} over the arrays of {@link EdgeListReader#edges}, so the partitions are the same.
 *
 * <p>Thread-safe: every {@link #read} opens the file on its own. A file that changes between the scan and a
 * read fails the read ({@link EdgeListReader.FormatException}).
 */
final class EdgeListSource implements EdgeSource {
    /** How many edges apart the noted line starts are: at most this many lines are skipped on a seek. */
    static final int INDEX_EVERY = 1 << 12;

    private final Path file;
    private final long count;
    private final boolean weights;
    private final boolean weighted;
    private final boolean hasNode;
    private final int every;
    /** Where edge {@code k·every}'s line starts (plain files) and its line number. */
    private final long[] offsets;
    private final long[] lineNumbers;

    private EdgeListSource(Path file, long count, boolean weights, boolean weighted, boolean hasNode, int every,
            long[] offsets, long[] lineNumbers) {
        this.file = file;
        this.count = count;
        this.weights = weights;
        this.weighted = weighted;
        this.hasNode = hasNode;
        this.every = every;
        this.offsets = offsets;
        this.lineNumbers = lineNumbers;
    }

    /**
     * Reads and checks {@code file}, telling {@code bytesRead} how many bytes have been read (compressed
     * bytes for a {@code .gz}) every {@link Progress#REPORT_EVERY} lines.
     *
     * @param node an id to look for ({@link #hasNode()}), or null
     * @throws EdgeListReader.FormatException as {@link EdgeListReader#edges} does (a malformed line, one too
     *     long, corrupt gzip data, no edge at all)
     * @throws IOException if the file cannot be read
     */
    static EdgeListSource scan(Path file, LongConsumer bytesRead, Long node) throws IOException {
        return scan(file, bytesRead, node, INDEX_EVERY);
    }

    /** {@link #scan(Path, LongConsumer, Long)}, noting every {@code every}-th edge (tests seek more often). */
    static EdgeListSource scan(Path file, LongConsumer bytesRead, Long node, int every) throws IOException {
        if (every < 1) {
            throw new IllegalArgumentException("every must be >= 1, got " + every);
        }
        long[] pair = new long[2];
        long[] offsets = new long[64];
        long[] lineNumbers = new long[64];
        int noted = 0;
        long count = 0;
        boolean weights = false;
        boolean found = false;
        long wanted = node == null ? -1 : node;
        try (InputLines lines = InputLines.open(file)) {
            while (lines.nextData(bytesRead)) {
                double weight = EdgeListReader.parseEdge(lines, pair);
                if (count % every == 0) {
                    if (noted == offsets.length) {
                        offsets = Arrays.copyOf(offsets, 2 * noted);
                        lineNumbers = Arrays.copyOf(lineNumbers, 2 * noted);
                    }
                    offsets[noted] = lines.lineStart();
                    lineNumbers[noted] = lines.lineNumber();
                    noted++;
                }
                weights |= !Double.isNaN(weight);
                found |= pair[0] == wanted || pair[1] == wanted;
                count++;
            }
            bytesRead.accept(lines.bytesRead());
        }
        if (count == 0) {
            throw new EdgeListReader.FormatException(file + ": no edges (only comments or blank lines)");
        }
        return new EdgeListSource(file, count, weights, weights, found, every, Arrays.copyOf(offsets, noted),
                Arrays.copyOf(lineNumbers, noted));
    }

    /** The number of edges. */
    long count() {
        return count;
    }

    /** Whether a line has a weight column. */
    boolean hasWeights() {
        return weights;
    }

    /** Whether the id given to {@link #scan} is an endpoint of an edge: a node of the graph. */
    boolean hasNode() {
        return hasNode;
    }

    /** This source without the weights: every edge weighs 1 and a load stores none. */
    EdgeListSource unweighted() {
        return new EdgeListSource(file, count, weights, false, hasNode, every, offsets, lineNumbers);
    }

    /** Whether the file has a weight column on some line (and {@link #unweighted()} did not drop them). */
    @Override
    public boolean weighted() {
        return weighted;
    }

    @Override
    public void read(int pid, int processors, EdgeSink sink) throws IOException {
        long from = share(pid, processors);
        long to = share(pid + 1, processors);
        if (from == to) {
            return;
        }
        boolean gzip = file.toString().endsWith(".gz");
        int k = gzip ? 0 : (int) (from / every);
        long at = (long) k * every; // the number of the next edge line
        long[] pair = new long[2];
        try (InputLines lines = gzip ? InputLines.open(file) : InputLines.openAt(file, offsets[k], lineNumbers[k])) {
            while (at < to) {
                if (!lines.next()) {
                    throw new EdgeListReader.FormatException(file + ": changed while it was read: it has fewer than the "
                            + count + " edges it had");
                }
                if (at < from) {
                    int first = lines.skipBlanks(0);
                    if (first < lines.length() && lines.bytes()[first] != '#') {
                        at++;
                    }
                    continue;
                }
                if (lines.skippable()) {
                    continue;
                }
                double weight = EdgeListReader.parseEdge(lines, pair);
                sink.accept(pair[0], pair[1], weighted && !Double.isNaN(weight) ? weight : 1.0);
                at++;
            }
        }
    }

    /** The first edge of processor {@code pid}'s share: {@code pid·m/p}. */
    private long share(int pid, int processors) {
        return Math.multiplyExact(count, (long) pid) / processors;
    }

    @Override
    public String toString() {
        return "EdgeListSource[" + file + ", " + count + " edges" + (weighted ? ", weighted" : "") + "]";
    }
}
