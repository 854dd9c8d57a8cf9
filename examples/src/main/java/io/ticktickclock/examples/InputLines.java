package io.ticktickclock.examples;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The lines of a text input file of the examples (an edge list, a number file), read byte by byte: a
 * {@code .gz} file is decompressed, every byte value is data (none ends the file early), a line ends at
 * {@code \n} (a {@code \r} before it is dropped) or at the end of the file, and a line longer than
 * {@link #MAX_LINE_BYTES} is an error rather than a buffer that grows until the heap runs out.
 *
 * <p>The formats are ASCII: {@link #skippable()} accepts blank lines and {@code #} comments (UTF-8 text
 * without control characters); a reader parses the other lines and reports what it cannot parse with
 * {@link #malformed(String)}, which names the file and the line, shows the line escaped (see {@link Printable})
 * and, when the line holds a byte no format has, names that byte instead. Errors opening the file name the
 * path as the user gave it. Not thread-safe.
 */
final class InputLines implements Closeable {
    /** The longest line accepted, in bytes: far more than any edge or number line, small enough for any heap. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private final Path file;
    private final Counting raw;
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    /** The offset in the (decompressed) stream of {@code buffer[0]}. */
    private long bufferStart;
    /** The offset in the (decompressed) stream at which the current line starts. */
    private long lineStart;
    private boolean ended;
    private byte[] line = new byte[256];
    private int length;
    private long number;

    private InputLines(Path file, Counting raw, InputStream in) {
        this.file = file;
        this.raw = raw;
        this.in = in;
    }

    /** The file's bytes as read from the disk, counted: for progress, compressed bytes of a {@code .gz}. */
    private static final class Counting extends java.io.FilterInputStream {
        private long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /**
     * Opens {@code file}.
     *
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws java.nio.file.AccessDeniedException if it cannot be read
     * @throws FileSystemException if it is a directory
     * @throws EdgeListReader.FormatException if its name ends in {@code .gz} and it is not gzip data
     */
    static InputLines open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory");
        }
        Counting raw = new Counting(Files.newInputStream(file));
        try {
            return new InputLines(file, raw, file.toString().endsWith(".gz") ? gunzip(file, raw) : raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Opens a plain (not gzip) {@code file} at byte {@code offset}, where line {@code lineNumber} starts:
     * lines are numbered from there, and {@link #lineStart()} counts from the file's start.
     *
     * @throws IOException as {@link #open(Path)}
     */
    static InputLines openAt(Path file, long offset, long lineNumber) throws IOException {
        if (file.toString().endsWith(".gz")) {
            throw new IllegalArgumentException("a gzip stream cannot be entered in the middle: " + file);
        }
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory");
        }
        java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.READ);
        try {
            channel.position(offset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        Counting raw = new Counting(java.nio.channels.Channels.newInputStream(channel));
        InputLines lines = new InputLines(file, raw, raw);
        lines.bufferStart = offset;
        lines.lineStart = offset;
        lines.number = lineNumber - 1;
        return lines;
    }

    private static InputStream gunzip(Path file, InputStream raw) throws IOException {
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (ZipException | EOFException e) {
            throw gzipError(file, e);
        }
    }

    private static EdgeListReader.FormatException gzipError(Path file, IOException e) {
        String why = e instanceof EOFException ? "truncated gzip: the compressed data ends early"
                : "Not in GZIP format".equals(e.getMessage()) ? "not in gzip format (the name ends in .gz)"
                : "corrupt gzip data: " + e.getMessage();
        return new EdgeListReader.FormatException(file + ": " + why, e);
    }

    /**
     * Reads the next line.
     *
     * @return false at the end of the file
     * @throws EdgeListReader.FormatException if the line is longer than {@link #MAX_LINE_BYTES}, or the
     *     gzip data is truncated or corrupt
     */
    boolean next() throws IOException {
        length = 0;
        lineStart = bufferStart + position;
        int c;
        while ((c = read()) >= 0 && c != '\n') {
            if (length == line.length) {
                if (length >= MAX_LINE_BYTES) {
                    number++;
                    throw new EdgeListReader.FormatException(file + ":" + number + ": line " + number
                            + " longer than " + MAX_LINE_BYTES + " bytes: \"" + Printable.bytes(line, length, 40) + "\"");
                }
                line = Arrays.copyOf(line, Math.min(2 * length, MAX_LINE_BYTES));
            }
            line[length++] = (byte) c;
        }
        if (c < 0 && length == 0) {
            return false;
        }
        number++;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return true;
    }

    /**
     * Reads up to the next line that carries data (not {@linkplain #skippable() skippable}), telling
     * {@code bytesRead} how many bytes of the file have been read every {@link Progress#REPORT_EVERY} lines.
     *
     * @return false at the end of the file
     * @throws EdgeListReader.FormatException as {@link #next()} and {@link #skippable()} do
     */
    boolean nextData(java.util.function.LongConsumer bytesRead) throws IOException {
        while (next()) {
            if ((number & (Progress.REPORT_EVERY - 1)) == 0) {
                bytesRead.accept(bytesRead());
            }
            if (!skippable()) {
                return true;
            }
        }
        return false;
    }

    /** The next byte, 0 to 255, or -1 at the end of the file. */
    private int read() throws IOException {
        if (position == limit) {
            if (ended) {
                return -1;
            }
            bufferStart += limit;
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

    /** How many bytes of the file (compressed, for a {@code .gz}) have been read so far, for progress. */
    long bytesRead() {
        return raw.count;
    }

    /**
     * The offset at which the current line starts: in the file for a plain file, in the decompressed stream
     * for a {@code .gz}.
     */
    long lineStart() {
        return lineStart;
    }

    /** The current line's number, from 1. */
    long lineNumber() {
        return number;
    }

    /** The current line's bytes, {@code [0, length())}; valid until the next {@link #next()}. */
    byte[] bytes() {
        return line;
    }

    /** The current line's length in bytes, without its {@code \n} (or {@code \r\n}). */
    int length() {
        return length;
    }

    /** The index of the first byte at or after {@code at} that is not a space or a tab. */
    int skipBlanks(int at) {
        while (at < length && (line[at] == ' ' || line[at] == '\t')) {
            at++;
        }
        return at;
    }

    /**
     * Whether the current line carries no data: blank (spaces and tabs only) or a comment ({@code #} after
     * blanks).
     *
     * @throws EdgeListReader.FormatException if a comment is not UTF-8 text or holds control characters
     */
    boolean skippable() {
        int at = skipBlanks(0);
        if (at == length) {
            return true;
        }
        if (line[at] != '#') {
            return false;
        }
        String comment;
        try {
            comment = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line, at, length - at))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error("a comment must be UTF-8 text");
        }
        if (comment.chars().anyMatch(ch -> ch != '\t' && Character.isISOControl(ch))) {
            throw error("a comment must not hold control characters");
        }
        return true;
    }

    /**
     * The error for the current line: {@code FILE:LINE: WHY: "TEXT"}, the text escaped. When the line holds
     * a byte that is not printable ASCII or a tab, WHY names that byte and its column instead of {@code why}:
     * it is the reason the line did not parse.
     */
    EdgeListReader.FormatException malformed(String why) {
        for (int i = 0; i < length; i++) {
            int b = line[i] & 0xFF;
            if ((b < 0x20 && b != '\t') || b > 0x7E) {
                return error(unexpected(b, i));
            }
        }
        return error(why);
    }

    private String unexpected(int b, int at) {
        if (number == 1 && at == 0 && length >= 2) {
            int b1 = line[1] & 0xFF;
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

    private EdgeListReader.FormatException error(String why) {
        return new EdgeListReader.FormatException(file + ":" + number + ": " + why + ": \""
                + Printable.bytes(line, length, 200) + "\"");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
