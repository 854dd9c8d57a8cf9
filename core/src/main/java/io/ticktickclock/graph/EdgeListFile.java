package io.ticktickclock.graph;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * {@link EdgeSource#fromFile}: a text edge list read in parallel, each processor parsing its own share of
 * the lines. A plain file is split into {@code p} byte ranges; a processor reads the lines that start in
 * its range (seeking there, then skipping to the first line start). A gzip stream cannot be entered in the
 * middle, so every processor decompresses the whole file and parses the lines of every {@code p}-th block of
 * {@value #GZIP_BLOCK_LINES}. Either way each line is parsed by exactly one processor, and none holds more
 * than one line of text.
 */
final class EdgeListFile implements EdgeSource {
    /** The longest line accepted, in bytes, as the examples' readers. */
    static final int MAX_LINE_BYTES = 1 << 20;
    static final int GZIP_BLOCK_LINES = 4096;
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15};

    private final Path file;
    private final boolean gzip;

    private EdgeListFile(Path file) {
        this.file = file;
        this.gzip = file.toString().endsWith(".gz");
    }

    /** Opens {@code file} once, so a missing, unreadable or non-gzip {@code .gz} file fails here. */
    static EdgeListFile open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory");
        }
        EdgeListFile source = new EdgeListFile(file);
        try (InputStream in = Files.newInputStream(file)) {
            if (source.gzip) {
                gunzip(file, in).close();
            }
        }
        return source;
    }

    @Override
    public boolean weighted() {
        return true; // a line may carry a weight; the loader stores none if every weight is 1
    }

    @Override
    public void read(int pid, int processors, EdgeSink sink) throws IOException {
        if (gzip) {
            readGzip(pid, processors, sink);
        } else {
            readRange(pid, processors, sink);
        }
    }

    private void readGzip(int pid, int processors, EdgeSink sink) throws IOException {
        try (InputStream in = gunzip(file, Files.newInputStream(file))) {
            Lines lines = new Lines(in);
            long number = 1; // of the line being read
            try {
                for (; lines.next(); number++) {
                    if (((number - 1) / GZIP_BLOCK_LINES) % processors == pid) {
                        parseLine(lines, sink);
                    }
                }
            } catch (LineError e) {
                throw format(number, e.why, lines);
            }
        }
    }

    private void readRange(int pid, int processors, EdgeSink sink) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long from = size * pid / processors;
            long to = size * (pid + 1) / processors;
            if (from == to) {
                return;
            }
            // A line belongs to the range its first byte is in: start after the line that holds byte from - 1.
            long at = from == 0 ? 0 : from - 1;
            channel.position(at);
            Lines lines = new Lines(Channels.newInputStream(channel));
            if (from > 0) {
                at += lines.skipLine();
            }
            long start = at; // of the line being read
            try {
                while (at < to && lines.next()) {
                    at += lines.consumed;
                    parseLine(lines, sink);
                    start = at;
                }
            } catch (LineError e) {
                throw format(lineNumberAt(start), e.why, lines);
            }
        }
    }

    /** The 1-based number of the line that starts at byte {@code offset}: one more than the newlines before it. */
    private long lineNumberAt(long offset) throws IOException {
        long newlines = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            long left = offset;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        newlines++;
                    }
                }
                left -= n;
            }
        }
        return newlines + 1;
    }

    /** Why the current line is malformed; turned into a {@link FormatException} naming the line. */
    private static final class LineError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String why;

        LineError(String why) {
            super(why, null, false, false);
            this.why = why;
        }
    }

    /** Parses {@code src dst [weight]}, or nothing for a blank or comment line. */
    private static void parseLine(Lines lines, EdgeSink sink) {
        byte[] line = lines.line;
        int length = lines.length;
        int at = skipBlanks(line, 0, length);
        if (at == length) {
            return;
        }
        if (line[at] == '#') {
            checkComment(line, at, length);
            return;
        }
        long source = 0;
        long target = 0;
        for (int k = 0; k < 2; k++) {
            int start = at;
            long value = 0;
            while (at < length && line[at] >= '0' && line[at] <= '9') {
                int digit = line[at] - '0';
                if (value > (Long.MAX_VALUE - digit) / 10) {
                    throw malformed(lines, "id does not fit in 64 bits");
                }
                value = value * 10 + digit;
                at++;
            }
            if (at == start) {
                throw malformed(lines, k == 0 ? "expected a non-negative integer source id"
                        : "expected a non-negative integer target id");
            }
            int next = skipBlanks(line, at, length);
            if (next == at && next < length) {
                throw malformed(lines, k == 0 ? "expected a space or tab after the source id"
                        : "expected a space or tab after the target id");
            }
            at = next;
            if (k == 0) {
                source = value;
            } else {
                target = value;
            }
        }
        double weight = 1;
        if (at < length) {
            int start = at;
            while (at < length && line[at] != ' ' && line[at] != '\t') {
                at++;
            }
            weight = parseWeight(lines, start, at);
            if (skipBlanks(line, at, length) != length) {
                throw malformed(lines, "expected two ids and an optional weight");
            }
        }
        sink.accept(source, target, weight);
    }

    /** The weight in {@code line[from, to)}: a decimal number, finite and >= 0. */
    private static double parseWeight(Lines lines, int from, int to) {
        byte[] line = lines.line;
        // Fast path, exact: up to 15 digits with an optional point is a long divided by a power of ten, both
        // exact doubles, so the one division rounds correctly (Clinger's fast path).
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        boolean simple = true;
        for (int i = from; i < to && simple; i++) {
            byte b = line[i];
            if (b >= '0' && b <= '9') {
                mantissa = mantissa * 10 + (b - '0');
                digits++;
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (b == '.' && fraction < 0) {
                fraction = 0;
            } else {
                simple = false;
            }
        }
        if (simple && digits > 0 && digits <= 15) {
            return fraction <= 0 ? mantissa : mantissa / POWERS_OF_TEN[fraction];
        }
        String text = new String(line, from, to - from, StandardCharsets.US_ASCII);
        double weight = Double.NaN;
        String lower = text.toLowerCase(Locale.ROOT);
        boolean special = lower.matches("[+-]?(nan|inf|infinity)");
        if (!special) {
            if (!text.matches("[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?")) {
                throw malformed(lines, "expected a weight, a finite number >= 0, after the target id");
            }
            weight = Double.parseDouble(text);
        } else if (!lower.contains("nan")) {
            weight = lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (!(weight >= 0 && weight < Double.POSITIVE_INFINITY)) {
            throw malformed(lines, "weight " + text + (weight != weight ? " is not a number"
                    : weight < 0 ? " is negative" : " is infinite") + "; weights must be finite and >= 0");
        }
        return weight;
    }

    private static int skipBlanks(byte[] line, int at, int length) {
        while (at < length && (line[at] == ' ' || line[at] == '\t')) {
            at++;
        }
        return at;
    }

    private static void checkComment(byte[] line, int at, int length) {
        String comment;
        try {
            comment = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line, at, length - at))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new LineError("a comment must be UTF-8 text");
        }
        if (comment.chars().anyMatch(ch -> ch != '\t' && Character.isISOControl(ch))) {
            throw new LineError("a comment must not hold control characters");
        }
    }

    /**
     * The error for the current line; when the line holds a byte that is not printable ASCII or a tab, it
     * names that byte (the reason the line did not parse) instead of {@code why}.
     */
    private static LineError malformed(Lines lines, String why) {
        byte[] line = lines.line;
        for (int i = 0; i < lines.length; i++) {
            int b = line[i] & 0xFF;
            if ((b < 0x20 && b != '\t') || b > 0x7E) {
                return new LineError(unexpected(lines, b, i));
            }
        }
        return new LineError(why);
    }

    private static String unexpected(Lines lines, int b, int at) {
        if (lines.first && at == 0 && lines.length >= 2) {
            int b1 = lines.line[1] & 0xFF;
            if ((b == 0xFF && b1 == 0xFE) || (b == 0xFE && b1 == 0xFF)) {
                return "UTF-16 text (it starts with a byte order mark); the format is ASCII";
            }
            if (b == 0xEF && b1 == 0xBB) {
                return "a UTF-8 byte order mark; the format is ASCII without one";
            }
            if (b == 0x1F && b1 == 0x8B) {
                return "gzip data in a file whose name does not end in .gz";
            }
        }
        return String.format(Locale.ROOT, "unexpected byte 0x%02X at column %d%s", b, at + 1,
                b == 0 ? " (UTF-16 text? the format is ASCII)" : "");
    }

    /** {@code FILE:LINE: WHY: "TEXT"}, the text escaped, as the examples' edge list reader reports. */
    private FormatException format(long number, String why, Lines lines) {
        return new FormatException(file + ":" + number + ": " + why + ": \"" + escape(lines.line, lines.length, 200)
                + "\"");
    }

    /** Printable ASCII as it is; tabs, CR, LF, backslashes and quotes escaped, other bytes as {@code \xNN}. */
    static String escape(byte[] bytes, int length, int shown) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(length, shown); i++) {
            int c = bytes[i] & 0xFF;
            switch (c) {
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                default -> {
                    if (c >= 0x20 && c <= 0x7E) {
                        b.append((char) c);
                    } else {
                        b.append(String.format(Locale.ROOT, "\\x%02X", c));
                    }
                }
            }
        }
        return length > shown ? b.append("...").toString() : b.toString();
    }

    private static InputStream gunzip(Path file, InputStream raw) throws IOException {
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (ZipException | EOFException e) {
            raw.close();
            throw gzipError(file, e);
        }
    }

    private static FormatException gzipError(Path file, IOException e) {
        String why = e instanceof EOFException ? "truncated gzip: the compressed data ends early"
                : "Not in GZIP format".equals(e.getMessage()) ? "not in gzip format (the name ends in .gz)"
                : "corrupt gzip data: " + e.getMessage();
        FormatException f = new FormatException(file + ": " + why);
        f.initCause(e);
        return f;
    }

    @Override
    public String toString() {
        return "EdgeSource[" + file + "]";
    }

    /** The lines of a stream: a line ends at {@code \n} (a {@code \r} before it is dropped) or at the end. */
    private final class Lines {
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;
        private boolean ended;
        byte[] line = new byte[256];
        int length;
        /** The bytes the current line took, its {@code \n} included. */
        int consumed;
        /** Whether the current line is the file's first (for the byte order mark and gzip diagnostics). */
        boolean first;
        private boolean started;

        Lines(InputStream in) {
            this.in = in;
        }

        /** Skips to the start of the next line; returns the bytes skipped. */
        long skipLine() throws IOException {
            long skipped = 0;
            int c;
            while ((c = read()) >= 0) {
                skipped++;
                if (c == '\n') {
                    break;
                }
            }
            started = true;
            return skipped;
        }

        boolean next() throws IOException {
            length = 0;
            consumed = 0;
            first = !started;
            started = true;
            int c;
            while ((c = read()) >= 0) {
                consumed++;
                if (c == '\n') {
                    break;
                }
                if (length == line.length) {
                    if (length >= MAX_LINE_BYTES) {
                        throw new LineError("line longer than " + MAX_LINE_BYTES + " bytes");
                    }
                    line = Arrays.copyOf(line, Math.min(2 * length, MAX_LINE_BYTES));
                }
                line[length++] = (byte) c;
            }
            if (consumed == 0) {
                return false;
            }
            if (length > 0 && line[length - 1] == '\r') {
                length--;
            }
            return true;
        }

        private int read() throws IOException {
            if (position == limit) {
                if (ended) {
                    return -1;
                }
                try {
                    limit = in.read(buffer, 0, buffer.length);
                } catch (ZipException | EOFException e) {
                    throw gzipError(file, e);
                }
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    ended = true;
                    return -1;
                }
            }
            return buffer[position++] & 0xFF;
        }
    }
}
