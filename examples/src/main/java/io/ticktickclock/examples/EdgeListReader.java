package io.ticktickclock.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads a text edge list: one {@code src dst} pair per line, separated by spaces or tabs; ids are
 * non-negative 64-bit integers; {@code #} comment lines and blank lines are ignored; a {@code .gz} file is
 * decompressed. Duplicate edges and self-loops are kept. Parses bytes directly (no String per line).
 */
public final class EdgeListReader {
    private EdgeListReader() {}

    /** A malformed line: its file, line number and text are in the message. */
    public static final class FormatException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    /**
     * Reads {@code file} into a graph.
     *
     * @throws NoSuchFileException if the file does not exist
     * @throws FormatException for a malformed line
     */
    public static Graph read(Path file) throws IOException {
        long[] src = new long[1 << 16];
        long[] dst = new long[1 << 16];
        int count = 0;
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            Bytes bytes = new Bytes(in);
            byte[] line = new byte[256];
            long lineNumber = 0;
            while (true) {
                int length = 0;
                int c;
                while ((c = bytes.next()) != -1 && c != '\n') {
                    if (length == line.length) {
                        line = Arrays.copyOf(line, length * 2);
                    }
                    line[length++] = (byte) c;
                }
                if (c == -1 && length == 0) {
                    break;
                }
                lineNumber++;
                int at = skipBlanks(line, 0, length);
                if (at == length || line[at] == '#') {
                    continue;
                }
                long[] parsed = parsePair(file, lineNumber, line, at, length);
                if (count == src.length) {
                    src = Arrays.copyOf(src, count * 2);
                    dst = Arrays.copyOf(dst, count * 2);
                }
                src[count] = parsed[0];
                dst[count] = parsed[1];
                count++;
                if (c == -1) {
                    break;
                }
            }
        }
        if (count == 0) {
            throw new FormatException(file + ": no edges (only comments or blank lines)");
        }
        return Graph.fromIds(src, dst, count);
    }

    /** Unsynchronized byte-at-a-time reading from a 64 KiB buffer. */
    static final class Bytes {
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;

        Bytes(InputStream in) {
            this.in = in;
        }

        int next() throws IOException {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return -1;
                }
            }
            return buffer[position++];
        }
    }

    private static int skipBlanks(byte[] line, int at, int length) {
        while (at < length && (line[at] == ' ' || line[at] == '\t' || line[at] == '\r')) {
            at++;
        }
        return at;
    }

    private static long[] parsePair(Path file, long lineNumber, byte[] line, int at, int length) {
        long[] pair = new long[2];
        for (int k = 0; k < 2; k++) {
            int start = at;
            long value = 0;
            while (at < length && line[at] >= '0' && line[at] <= '9') {
                int digit = line[at] - '0';
                if (value > (Long.MAX_VALUE - digit) / 10) {
                    throw malformed(file, lineNumber, line, length, "id does not fit in 64 bits");
                }
                value = value * 10 + digit;
                at++;
            }
            if (at == start) {
                throw malformed(file, lineNumber, line, length,
                        k == 0 ? "expected a non-negative integer source id" : "expected a non-negative integer target id");
            }
            pair[k] = value;
            int next = skipBlanks(line, at, length);
            if (k == 0 && next == at && next < length) {
                throw malformed(file, lineNumber, line, length, "expected a space or tab after the source id");
            }
            at = next;
        }
        if (at != length) {
            throw malformed(file, lineNumber, line, length, "expected exactly two ids");
        }
        return pair;
    }

    private static FormatException malformed(Path file, long lineNumber, byte[] line, int length, String why) {
        String text = new String(line, 0, Math.min(length, 200), StandardCharsets.UTF_8).strip();
        return new FormatException(file + ":" + lineNumber + ": " + why + ": \"" + text + "\"");
    }
}
