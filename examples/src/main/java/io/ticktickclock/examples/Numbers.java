package io.ticktickclock.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/** Reading, generating and atomically writing the examples' numbers. */
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
        return generate(n, distribution, seed, done -> { });
    }

    /**
     * {@code n} numbers drawn from {@code distribution}, deterministic for {@code seed}, telling
     * {@code generated} how many are done every {@link Progress#REPORT_EVERY}.
     */
    public static long[] generate(int n, Distribution distribution, long seed, LongConsumer generated) {
        if (n < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + n);
        }
        SplittableRandom r = new SplittableRandom(seed);
        long[] a = new long[n];
        for (int from = 0; from < n; from += Progress.REPORT_EVERY) {
            int to = (int) Math.min(n, (long) from + Progress.REPORT_EVERY);
            for (int i = from; i < to; i++) {
                a[i] = switch (distribution) {
                    case UNIFORM -> r.nextLong();
                    case SKEWED -> r.nextLong() >> r.nextInt(64);
                    case SORTED -> i * 3L - n;
                    case REVERSE -> (long) (n - i) * 3L;
                    case DUPLICATES -> r.nextInt(10);
                    case EQUAL -> 42;
                };
            }
            generated.accept(to);
        }
        return a;
    }

    /** The most numbers a file may hold: the largest array a JVM allocates. */
    static final int MAX_COUNT = Integer.MAX_VALUE - 8;

    /**
     * Reads signed 64-bit integers, one per line, optionally signed and surrounded by spaces or tabs
     * ({@code #} comments and blank lines ignored, {@code \r\n} line ends accepted, {@code .gz}
     * decompressed). Any other byte makes its line malformed.
     *
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws java.nio.file.FileSystemException if it cannot be read or is a directory
     * @throws EdgeListReader.FormatException for a malformed line, naming the file, the line and its text
     *     (escaped), a line longer than {@link InputLines#MAX_LINE_BYTES}, more than {@link #MAX_COUNT}
     *     numbers, or corrupt gzip data
     */
    public static long[] read(Path file) throws IOException {
        return read(file, done -> { });
    }

    /**
     * Reads {@code file} as {@link #read(Path)} does, telling {@code bytesRead} how many bytes of it have been
     * read (compressed bytes for a {@code .gz}) every {@link Progress#REPORT_EVERY} lines.
     */
    public static long[] read(Path file, LongConsumer bytesRead) throws IOException {
        long[] values = new long[1 << 16];
        int count = 0;
        try (InputLines lines = InputLines.open(file)) {
            while (lines.nextData(bytesRead)) {
                if (count == values.length) {
                    if (count == MAX_COUNT) {
                        throw new EdgeListReader.FormatException(file + ": more than " + MAX_COUNT
                                + " numbers, the most ttc reads");
                    }
                    values = Arrays.copyOf(values, (int) Math.min(2L * count, MAX_COUNT));
                }
                values[count++] = parseLong(lines);
            }
            bytesRead.accept(lines.bytesRead());
        }
        return Arrays.copyOf(values, count);
    }

    /** The current line's number, as {@link Long#parseLong} reads it but from ASCII bytes only. */
    private static long parseLong(InputLines lines) {
        byte[] line = lines.bytes();
        int length = lines.length();
        int at = lines.skipBlanks(0);
        boolean negative = line[at] == '-';
        if (negative || line[at] == '+') {
            at++;
        }
        int start = at;
        long value = 0;                     // accumulated negatively: -Long.MIN_VALUE does not fit
        while (at < length && line[at] >= '0' && line[at] <= '9') {
            int digit = line[at++] - '0';
            if (value < (Long.MIN_VALUE + digit) / 10) {
                throw lines.malformed("the integer does not fit in 64 bits");
            }
            value = value * 10 - digit;
        }
        if (at == start || lines.skipBlanks(at) != length) {
            throw lines.malformed("expected one signed 64-bit integer");
        }
        if (!negative && value == Long.MIN_VALUE) {
            throw lines.malformed("the integer does not fit in 64 bits");
        }
        return negative ? value : -value;
    }

    /**
     * Writes {@code file} as {@link OutputFile} does: atomically (into a temporary file in the same
     * directory, renamed over the file only when complete, so a failed run never leaves a partial output),
     * through symbolic links, and in place for a device or FIFO.
     *
     * @throws Failures.UsageException if the file cannot be written (its directory is missing, ...)
     */
    public static void writeAtomically(Path file, OutputFile.Content content) throws IOException {
        OutputFile.check(null, file).write(content);
    }

    /** Formats a double so that it reads back to the same value. */
    public static String exact(double d) {
        return Double.toString(d);
    }
}
