package io.ticktickclock.examples;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/** Reading, generating and atomically writing the examples' inputs and outputs. */
public final class Numbers {
    private Numbers() {}

    /** How generated numbers are distributed. */
    public enum Distribution {
        /** Uniform over all longs. */
        UNIFORM,
        /** Heavily skewed towards small magnitudes (a random long shifted right by a random amount). */
        SKEWED,
        /** Already sorted ascending. */
        SORTED,
        /** Sorted descending. */
        REVERSE,
        /** Only ten distinct values. */
        DUPLICATES,
        /** All equal. */
        EQUAL
    }

    /** {@code n} numbers drawn from {@code distribution}, deterministic for {@code seed}. */
    public static long[] generate(int n, Distribution distribution, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + n);
        }
        SplittableRandom r = new SplittableRandom(seed);
        long[] a = new long[n];
        switch (distribution) {
            case UNIFORM -> Arrays.setAll(a, i -> r.nextLong());
            case SKEWED -> Arrays.setAll(a, i -> r.nextLong() >> r.nextInt(64));
            case SORTED -> Arrays.setAll(a, i -> i * 3L - n);
            case REVERSE -> Arrays.setAll(a, i -> (long) (n - i) * 3L);
            case DUPLICATES -> Arrays.setAll(a, i -> r.nextInt(10));
            case EQUAL -> Arrays.fill(a, 42);
        }
        return a;
    }

    /**
     * Reads signed 64-bit integers, one per line ({@code #} comments and blank lines ignored, {@code .gz}
     * decompressed).
     *
     * @throws EdgeListReader.FormatException for a malformed line, naming the file, the line and its text
     */
    public static long[] read(Path file) throws IOException {
        long[] values = new long[1 << 16];
        int count = 0;
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            EdgeListReader.Bytes bytes = new EdgeListReader.Bytes(in);
            StringBuilder line = new StringBuilder();
            long lineNumber = 0;
            int c = 0;
            while (c != -1) {
                line.setLength(0);
                while ((c = bytes.next()) != -1 && c != '\n') {
                    line.append((char) (c & 0xFF));
                }
                if (c == -1 && line.isEmpty()) {
                    break;
                }
                lineNumber++;
                String text = line.toString().strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                long v;
                try {
                    v = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new EdgeListReader.FormatException(file + ":" + lineNumber
                            + ": expected one signed 64-bit integer: \"" + (text.length() > 200 ? text.substring(0, 200)
                            : text) + "\"");
                }
                if (count == values.length) {
                    values = Arrays.copyOf(values, count * 2);
                }
                values[count++] = v;
            }
        }
        return Arrays.copyOf(values, count);
    }

    /** Something that writes an output file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer out) throws IOException;
    }

    /**
     * Writes {@code file} atomically: into a temporary file in the same directory, renamed over {@code file}
     * only when complete, so a failed run never leaves a partial output.
     */
    public static void writeAtomically(Path file, Content content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                content.writeTo(w);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            readable(file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Gives an output file the usual rw-r--r-- (temporary files are created owner-only). */
    public static void readable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: keep its defaults.
        }
    }

    /** Formats a double so that it reads back to the same value. */
    public static String exact(double d) {
        return Double.toString(d);
    }

    /** A JSON number for a double (finite) or null. */
    public static String json(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%s", d) : "null";
    }
}
