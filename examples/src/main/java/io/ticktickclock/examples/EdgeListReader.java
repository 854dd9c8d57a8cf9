package io.ticktickclock.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Reads a text edge list: one {@code src dst [weight]} line per edge, separated by spaces or tabs; ids are
 * non-negative 64-bit integers; the optional weight is a finite non-negative decimal number ({@code 1},
 * {@code 0.25}, {@code 2.5e-3}; 1 when absent); {@code #} comment lines and blank lines are ignored; lines
 * may end in {@code \n} or {@code \r\n}; a {@code .gz} file is decompressed. Any other byte makes its line
 * malformed, and so does a negative, NaN or infinite weight. Duplicate edges and self-loops are kept.
 * Parses ids from the bytes directly (no String per line).
 */
public final class EdgeListReader {
    private EdgeListReader() {}

    /**
     * The most edges a file may hold: {@link Graph#fromIds} sorts the {@code 2 · edges} ids in one array.
     */
    static final int MAX_EDGES = (Integer.MAX_VALUE - 8) / 2;

    /** A malformed input file: its name and, for a malformed line, the line number and text are in the message. */
    public static final class FormatException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }

        FormatException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The edges of a file, in file order: edge {@code i} runs from {@code sources[i]} to {@code targets[i]}
     * with weight {@code weights[i]}.
     *
     * @param weights the weights, or null when no line has one (every weight is then 1)
     */
    public record Edges(long[] sources, long[] targets, double[] weights) {
        /** The number of edges. */
        public int count() {
            return sources.length;
        }
    }

    /**
     * Reads {@code file} into a graph (weights are checked, then dropped).
     *
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws java.nio.file.FileSystemException if it cannot be read or is a directory
     * @throws FormatException for a malformed line (shown escaped), a line longer than
     *     {@link InputLines#MAX_LINE_BYTES}, more than {@link #MAX_EDGES} edges, or corrupt gzip data
     */
    public static Graph read(Path file) throws IOException {
        return read(file, done -> { });
    }

    /**
     * Reads {@code file} into a graph, telling {@code bytesRead} how many bytes of the file have been read
     * (compressed bytes for a {@code .gz}) every {@link Progress#REPORT_EVERY} lines; see {@link #read(Path)}.
     */
    public static Graph read(Path file, LongConsumer bytesRead) throws IOException {
        Edges e = edges(file, bytesRead);
        return Graph.fromIds(e.sources(), e.targets(), e.count());
    }

    /**
     * Reads the edges of {@code file}, with their weights; see {@link #read(Path, LongConsumer)}.
     *
     * @throws FormatException as {@link #read(Path)} does, also if there is no edge
     */
    public static Edges edges(Path file, LongConsumer bytesRead) throws IOException {
        long[] src = new long[1 << 16];
        long[] dst = new long[1 << 16];
        double[] weights = null;
        long[] pair = new long[2];
        int count = 0;
        try (InputLines lines = InputLines.open(file)) {
            while (lines.nextData(bytesRead)) {
                double weight = parseEdge(lines, pair);
                if (count == src.length) {
                    if (count == MAX_EDGES) {
                        throw new FormatException(file + ": more than " + MAX_EDGES + " edges, the most ttc reads");
                    }
                    int capacity = (int) Math.min(2L * count, MAX_EDGES);
                    src = Arrays.copyOf(src, capacity);
                    dst = Arrays.copyOf(dst, capacity);
                    if (weights != null) {
                        weights = Arrays.copyOf(weights, capacity);
                    }
                }
                if (weights == null && !Double.isNaN(weight)) {
                    weights = new double[src.length];
                    Arrays.fill(weights, 0, count, 1.0);
                }
                if (weights != null) {
                    weights[count] = Double.isNaN(weight) ? 1.0 : weight;
                }
                src[count] = pair[0];
                dst[count] = pair[1];
                count++;
            }
            bytesRead.accept(lines.bytesRead());
        }
        if (count == 0) {
            throw new FormatException(file + ": no edges (only comments or blank lines)");
        }
        return new Edges(Arrays.copyOf(src, count), Arrays.copyOf(dst, count),
                weights == null ? null : Arrays.copyOf(weights, count));
    }

    /**
     * Parses the current line, which is neither blank nor a comment, into {@code pair}; returns its weight,
     * or NaN when it has none.
     */
    static double parseEdge(InputLines lines, long[] pair) {
        byte[] line = lines.bytes();
        int length = lines.length();
        int at = lines.skipBlanks(0);
        for (int k = 0; k < 2; k++) {
            int start = at;
            long value = 0;
            while (at < length && line[at] >= '0' && line[at] <= '9') {
                int digit = line[at] - '0';
                if (value > (Long.MAX_VALUE - digit) / 10) {
                    throw lines.malformed("id does not fit in 64 bits");
                }
                value = value * 10 + digit;
                at++;
            }
            if (at == start) {
                throw lines.malformed(k == 0 ? "expected a non-negative integer source id"
                        : "expected a non-negative integer target id");
            }
            pair[k] = value;
            int next = lines.skipBlanks(at);
            if (next == at && next < length) {
                throw lines.malformed(k == 0 ? "expected a space or tab after the source id"
                        : "expected a space or tab after the target id");
            }
            at = next;
        }
        if (at == length) {
            return Double.NaN;
        }
        int start = at;
        while (at < length && line[at] != ' ' && line[at] != '\t') {
            at++;
        }
        String text = new String(line, start, at - start, StandardCharsets.US_ASCII);
        if (lines.skipBlanks(at) != length) {
            throw lines.malformed("expected at most three columns: source id, target id, weight");
        }
        return weight(lines, text);
    }

    /** The weight in {@code text}: a decimal number, finite and non-negative. */
    private static double weight(InputLines lines, String text) {
        double w = Double.NaN;
        // Double.parseDouble also takes hex, "NaN", "Infinity" and a 'd' or 'f' suffix: not a weight.
        if (text.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+'
                || c == '-')) {
            try {
                w = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        boolean special = lower.matches("[+-]?(nan|inf|infinity)");
        if (Double.isNaN(w) && !special) {
            throw lines.malformed("expected a decimal number as the weight, got '" + text + "'");
        }
        if (!(w >= 0 && w < Double.POSITIVE_INFINITY)) {
            throw lines.malformed("the weight " + text + " is not allowed: weights must be finite and >= 0");
        }
        return w;
    }
}
