package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every byte of an input file is data: a byte no format has makes its line malformed, and the error names
 * the file and the line and shows the line escaped. Edge lists and number files alike.
 */
@Timeout(120)
class InputBytesTest {

    @TempDir
    Path dir;

    /** Overridable with -Dttc.test.seed=N to replay a failure. */
    private static final long SEED = Long.getLong("ttc.test.seed", new SplittableRandom().nextLong());

    /** An edge line: two ids and an optional weight (here only the plain decimals a single byte can make). */
    private static final Pattern EDGE = Pattern.compile("[ \t]*[0-9]+[ \t]+[0-9]+(?:[ \t]+[0-9]+(?:\\.[0-9]*)?)?[ \t]*");
    private static final Pattern NUMBER = Pattern.compile("[ \t]*[+-]?[0-9]+[ \t]*");
    private static final Pattern SKIPPED = Pattern.compile("[ \t]*(#[\t\\x20-\\x7E]*)?");

    /** A reader under test: reads a file, returns how many records it holds. */
    @FunctionalInterface
    interface Reader {
        long count(Path file) throws IOException;
    }

    @Test
    @DisplayName("edge lists: every byte value 0-255 inserted at a random position reads as the format says")
    void everyByteInAnEdgeList() throws Exception {
        everyByte("# a graph\n10 20\n\n20\t30\n  30 10  \n4 5\n", EDGE, f -> EdgeListReader.read(f).edges());
    }

    @Test
    @DisplayName("number files: every byte value 0-255 inserted at a random position reads as the format says")
    void everyByteInANumberFile() throws Exception {
        everyByte("# numbers\n10\n-20\n\n+30\n  40  \n5\n", NUMBER, f -> Numbers.read(f).length);
    }

    /**
     * Inserts each byte value at random positions of {@code base} and checks the reader against a
     * line-by-line reference: a file whose lines all match {@code record} or are blank or comments loads
     * with one record per record line; any other file fails naming its first bad line, the message
     * printable ASCII only.
     */
    private void everyByte(String base, Pattern record, Reader reader) throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        byte[] original = base.getBytes(StandardCharsets.US_ASCII);
        Path file = dir.resolve("input.txt");
        for (int value = 0; value < 256; value++) {
            for (int trial = 0; trial < 4; trial++) {
                int at = random.nextInt(original.length + 1);
                byte[] bytes = new byte[original.length + 1];
                System.arraycopy(original, 0, bytes, 0, at);
                bytes[at] = (byte) value;
                System.arraycopy(original, at, bytes, at + 1, original.length - at);
                Files.write(file, bytes);
                String what = String.format(Locale.ROOT, "seed %d (-Dttc.test.seed), byte 0x%02X at offset %d",
                        SEED, value, at);
                Expected expected = expected(bytes, record);
                Throwable thrown = catchThrowable(() -> assertThat(reader.count(file)).as(what)
                        .isEqualTo(expected.records()));
                if (expected.badLine() == 0) {
                    assertThat(thrown).as(what).isNull();
                } else {
                    assertThat(thrown).as(what).isInstanceOf(EdgeListReader.FormatException.class)
                            .hasMessageStartingWith(file + ":" + expected.badLine() + ": ");
                    assertThat(thrown.getMessage().chars().allMatch(c -> c >= 0x20 && c <= 0x7E))
                            .as("%s: printable message %s", what, thrown.getMessage()).isTrue();
                }
            }
        }
    }

    record Expected(long records, int badLine) {}

    /** The reference: lines split at \n, one trailing \r dropped, each a record, blank, a comment or bad. */
    private static Expected expected(byte[] bytes, Pattern record) {
        List<String> lines = new ArrayList<>(Arrays.asList(
                new String(bytes, StandardCharsets.ISO_8859_1).split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);             // the file ends with \n: no line after it
        }
        long records = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (record.matcher(line).matches()) {
                records++;
            } else if (!SKIPPED.matcher(line).matches()) {
                return new Expected(records, i + 1);
            }
        }
        return new Expected(records, 0);
    }

    @Test
    @DisplayName("a 0xFF byte is a malformed line, not the end of the file")
    void ffIsNotEndOfFile() throws Exception {
        Path file = dir.resolve("ff.txt");
        Files.write(file, "1 2\n2 3\u00ff\n3 4\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> EdgeListReader.read(file))
                .hasMessage(file + ":2: unexpected byte 0xFF at column 4: \"2 3\\xFF\"");
        Files.write(file, "1\n\u00ff\n3\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Numbers.read(file)).hasMessage(file + ":2: unexpected byte 0xFF at column 1: \"\\xFF\"");
    }

    @Test
    @DisplayName("UTF-16 text, with or without a byte order mark, is rejected, not read as zero numbers")
    void utf16IsRejected() throws Exception {
        Path file = dir.resolve("utf16.txt");
        Files.writeString(file, "1\n2\n", StandardCharsets.UTF_16);         // big-endian with a BOM
        assertThatThrownBy(() -> Numbers.read(file)).hasMessageStartingWith(file + ":1: UTF-16 text");
        Files.writeString(file, "1 2\n", StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> EdgeListReader.read(file))
                .hasMessageStartingWith(file + ":1: unexpected byte 0x00 at column 2");
    }

    @Test
    @DisplayName("control characters and escape sequences are shown escaped, never raw")
    void controlCharactersAreEscaped() throws Exception {
        Path file = dir.resolve("ansi.txt");
        Files.write(file, "1 2\n\u001b[31mred\u001b[0m\t3\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> EdgeListReader.read(file))
                .hasMessage(file + ":2: unexpected byte 0x1B at column 1: \"\\x1B[31mred\\x1B[0m\\t3\"");
        TtcTest.Outcome o = TtcTest.run("pagerank", "--input", file.toString(), "--quiet");
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.err()).contains("\\x1B[31m").doesNotContain("\u001b");
    }

    @Test
    @DisplayName("CRLF line ends and UTF-8 comments are fine; a lone CR or a control character in a comment is not")
    void lineEndsAndComments() throws Exception {
        Path file = dir.resolve("crlf.txt");
        Files.writeString(file, "# café, naïve\r\n1 2\r\n2 3\r\n", StandardCharsets.UTF_8);
        assertThat(EdgeListReader.read(file).edges()).isEqualTo(2);
        Files.writeString(file, "1\r2\n");
        assertThatThrownBy(() -> Numbers.read(file)).hasMessage(file + ":1: unexpected byte 0x0D at column 2: \"1\\r2\"");
        Files.writeString(file, "# bell \u0007\n1\n");
        assertThatThrownBy(() -> Numbers.read(file)).hasMessageStartingWith(file + ":1: a comment must not hold");
        Files.writeString(file, "# \u009b2J\n1\n", StandardCharsets.UTF_8);          // a C1 CSI
        assertThatThrownBy(() -> Numbers.read(file)).hasMessageStartingWith(file + ":1: a comment must not hold");
    }

    @Test
    @DisplayName("numbers: the whole signed 64-bit range reads, one past it is malformed")
    void numberRange() throws Exception {
        Path file = dir.resolve("range.txt");
        Files.writeString(file, "-9223372036854775808\n9223372036854775807\n+0\n");
        assertThat(Numbers.read(file)).containsExactly(Long.MIN_VALUE, Long.MAX_VALUE, 0);
        for (String bad : List.of("9223372036854775808", "-9223372036854775809", "-", "+", "1-")) {
            Files.writeString(file, bad + "\n");
            assertThatThrownBy(() -> Numbers.read(file)).as(bad).hasMessageStartingWith(file + ":1: ");
        }
    }

    @Test
    @DisplayName("a line longer than the bound is an error naming the line, not a buffer that grows forever")
    void longLines() throws Exception {
        Path file = dir.resolve("long.txt");
        byte[] bytes = new byte[InputLines.MAX_LINE_BYTES + 10];
        Arrays.fill(bytes, (byte) '7');
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("1\n".getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
        }
        assertThatThrownBy(() -> Numbers.read(file))
                .hasMessageStartingWith(file + ":2: line 2 longer than " + InputLines.MAX_LINE_BYTES + " bytes");
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(zero), "no /dev/zero");
        TtcTest.Outcome o = TtcTest.run("sort", "--input", "/dev/zero", "--quiet");
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.err()).startsWith("ttc: /dev/zero:1: line 1 longer than").hasLineCount(1);
    }

    @Test
    @DisplayName("input errors name the path and the reason: not gzip, truncated gzip, a directory, no such file")
    void inputFileErrors() throws Exception {
        Path notGzip = dir.resolve("plain.txt.gz");
        Files.writeString(notGzip, "1 2\n");
        assertThatThrownBy(() -> EdgeListReader.read(notGzip)).hasMessage(notGzip + ": not in gzip format (the name "
                + "ends in .gz)");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            for (int i = 0; i < 20_000; i++) {
                out.write((i + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        Path truncated = dir.resolve("cut.txt.gz");
        Files.write(truncated, Arrays.copyOf(gz.toByteArray(), gz.size() / 2));
        assertThatThrownBy(() -> Numbers.read(truncated)).hasMessageStartingWith(truncated + ": truncated gzip");
        Path gzipWithoutName = dir.resolve("packed.txt");
        Files.write(gzipWithoutName, gz.toByteArray());
        assertThatThrownBy(() -> Numbers.read(gzipWithoutName))
                .hasMessageStartingWith(gzipWithoutName + ":1: gzip data in a file whose name does not end in .gz");
        assertThatThrownBy(() -> Numbers.read(dir)).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("is a directory");

        TtcTest.Outcome directory = TtcTest.run("pagerank", "--input", dir.toString(), "--quiet");
        assertThat(directory.exitCode()).isEqualTo(2);
        assertThat(directory.err()).isEqualTo("ttc: " + dir + ": is a directory" + System.lineSeparator());
        TtcTest.Outcome cut = TtcTest.run("sort", "--input", truncated.toString(), "--quiet");
        assertThat(cut.exitCode()).isEqualTo(1);
        assertThat(cut.err()).startsWith("ttc: " + truncated + ": truncated gzip").hasLineCount(1);
    }
}
