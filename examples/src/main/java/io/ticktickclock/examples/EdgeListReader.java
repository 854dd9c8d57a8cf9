package io.ticktickclock.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a text edge list: one {@code src dst} pair per line, separated by spaces or tabs; ids are
 * non-negative 64-bit integers; {@code #} comment lines and blank lines are ignored; lines may end in
 * {@code \n} or {@code \r\n}; a {@code .gz} file is decompressed. Any other byte makes its line malformed.
 * Duplicate edges and self-loops are kept. Parses bytes directly (no String per line).
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
     * Reads {@code file} into a graph.
     *
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws java.nio.file.FileSystemException if it cannot be read or is a directory
     * @throws FormatException for a malformed line (shown escaped), a line longer than
     *     {@link InputLines#MAX_LINE_BYTES}, more than {@link #MAX_EDGES} edges, or corrupt gzip data
     */
    public static Graph read(Path file) throws IOException {
        long[] src = new long[1 << 16];
        long[] dst = new long[1 << 16];
        long[] pair = new long[2];
        int count = 0;
        try (InputLines lines = InputLines.open(file)) {
            while (lines.next()) {
                if (lines.skippable()) {
                    continue;
                }
                parsePair(lines, pair);
                if (count == src.length) {
                    if (count == MAX_EDGES) {
                        throw new FormatException(file + ": more than " + MAX_EDGES + " edges, the most ttc reads");
                    }
                    int capacity = (int) Math.min(2L * count, MAX_EDGES);
                    src = Arrays.copyOf(src, capacity);
                    dst = Arrays.copyOf(dst, capacity);
                }
                src[count] = pair[0];
                dst[count] = pair[1];
                count++;
            }
        }
        if (count == 0) {
            throw new FormatException(file + ": no edges (only comments or blank lines)");
        }
        return Graph.fromIds(src, dst, count);
    }

    /** Parses the current line, which is neither blank nor a comment, into {@code pair}. */
    private static void parsePair(InputLines lines, long[] pair) {
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
            if (k == 0 && next == at && next < length) {
                throw lines.malformed("expected a space or tab after the source id");
            }
            at = next;
        }
        if (at != length) {
            throw lines.malformed("expected exactly two ids");
        }
    }
}
