package io.ticktickclock.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticktickclock.BspException;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.graph.GraphPartition.Direction;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link EdgeSource#fromFile}: every processor reads its own share of a text edge list (plain or gzip), the
 * shares together are every edge exactly once, and a malformed line fails the load naming the file, the
 * line number and the line.
 */
@Timeout(60)
class EdgeFileTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (name.endsWith(".gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(bytes);
            }
        } else {
            Files.write(file, bytes);
        }
        return file;
    }

    /** The edges each processor of {@code p} reads, concatenated as "src dst weight" strings, sorted. */
    private static List<String> readAll(EdgeSource source, int p) throws Exception {
        List<String> all = new ArrayList<>();
        for (int pid = 0; pid < p; pid++) {
            source.read(pid, p, (s, t, w) -> all.add(s + " " + t + " " + w));
        }
        all.sort(null);
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"edges.txt", "edges.txt.gz"})
    @DisplayName("the processors' shares of a file are its edges, each exactly once, for any processor count")
    void sharesPartitionTheEdges(String name) throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        StringBuilder text = new StringBuilder("# a comment\n\n");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            long s = random.nextLong(1L << 40);
            long t = random.nextInt(1000);
            if (i % 3 == 0) {
                double w = random.nextInt(1000) / 8.0;
                text.append(s).append('\t').append(t).append("  ").append(w).append(i % 2 == 0 ? "\r\n" : "\n");
                expected.add(s + " " + t + " " + w);
            } else {
                text.append("  ").append(s).append(' ').append(t).append(i % 7 == 0 ? " \n" : "\n");
                expected.add(s + " " + t + " 1.0");
            }
            if (i % 1000 == 0) {
                text.append("   # another comment\n   \n");
            }
        }
        text.append("5 6"); // the last line has no newline
        expected.add("5 6 1.0");
        expected.sort(null);
        Path file = write(name, text.toString());
        for (int p : new int[] {1, 2, 3, 8, 64}) {
            assertThat(readAll(EdgeSource.fromFile(file), p)).as("p=%d", p).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("weights parse exactly: decimals, exponents, integers, a missing weight is 1")
    void weightsParseExactly() throws Exception {
        Path file = write("w.txt", "1 2 0.1\n1 3 2\n1 4 1e-3\n1 5 .5\n1 6 3.\n1 7 0.30000000000000004\n1 8 0\n1 9\n");
        assertThat(readAll(EdgeSource.fromFile(file), 1)).containsExactly("1 2 0.1", "1 3 2.0", "1 4 0.001",
                "1 5 0.5", "1 6 3.0", "1 7 0.30000000000000004", "1 8 0.0", "1 9 1.0");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "7 8 -0.5|weight -0.5 is negative; weights must be finite and >= 0: \"7 8 -0.5\"",
        "7 8 NaN|weight NaN is not a number; weights must be finite and >= 0: \"7 8 NaN\"",
        "7 8 inf|weight inf is infinite; weights must be finite and >= 0: \"7 8 inf\"",
        "7 8 1e400|weight 1e400 is infinite; weights must be finite and >= 0: \"7 8 1e400\"",
        "7 8 abc|expected a weight, a finite number >= 0, after the target id: \"7 8 abc\"",
        "7 8 1 2|expected two ids and an optional weight: \"7 8 1 2\"",
        "7|expected a non-negative integer target id: \"7\"",
        "-7 8|expected a non-negative integer source id: \"-7 8\"",
        "7x 8|expected a space or tab after the source id: \"7x 8\"",
        "99999999999999999999 1|id does not fit in 64 bits: \"99999999999999999999 1\""})
    @DisplayName("a malformed line fails the load, naming the file, the line number and the line")
    void malformedLineNamed(String line, String why) throws Exception {
        for (String name : List.of("bad.txt", "bad.txt.gz")) {
            StringBuilder text = new StringBuilder("# header\n");
            for (int i = 0; i < 5000; i++) {
                text.append(i).append(' ').append(i + 1).append('\n');
            }
            text.append(line).append('\n').append("1 2\n");
            Path file = write(name, text.toString());
            for (int p : new int[] {1, 3}) {
                assertThatThrownBy(() -> PartitionedGraph.load(BspRuntime.builder().processors(p).build(),
                        EdgeSource.fromFile(file)))
                        .as("%s p=%d", name, p)
                        .isInstanceOf(BspException.class)
                        .cause()
                        .isInstanceOf(EdgeSource.FormatException.class)
                        .hasMessage(file + ":5002: " + why);
            }
        }
    }

    @Test
    @DisplayName("bytes that are not ASCII text are named: a byte order mark, gzip data, a NUL")
    void unexpectedBytesNamed() throws Exception {
        Path bom = dir.resolve("bom.txt");
        Files.write(bom, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1', ' ', '2', '\n'});
        assertThatThrownBy(() -> EdgeSource.fromFile(bom).read(0, 1, (s, t, w) -> { }))
                .isInstanceOf(EdgeSource.FormatException.class)
                .hasMessage(bom + ":1: a UTF-8 byte order mark; the format is ASCII without one: \"\\xEF\\xBB\\xBF1 2\"");
        Path gz = write("data.gz", "1 2\n");
        Path misnamed = dir.resolve("misnamed.txt");
        Files.copy(gz, misnamed);
        assertThatThrownBy(() -> EdgeSource.fromFile(misnamed).read(0, 1, (s, t, w) -> { }))
                .isInstanceOf(EdgeSource.FormatException.class)
                .hasMessageStartingWith(misnamed + ":1: gzip data in a file whose name does not end in .gz");
        Path nul = write("nul.txt", "1 2\n3\u00004\n");
        assertThatThrownBy(() -> EdgeSource.fromFile(nul).read(0, 1, (s, t, w) -> { }))
                .hasMessage(nul + ":2: unexpected byte 0x00 at column 2 (UTF-16 text? the format is ASCII): \"3\\x004\"");
    }

    @Test
    @DisplayName("a missing file, a directory or a .gz file that is not gzip fails when the source is made")
    void unopenableFilesFailEarly() throws Exception {
        assertThatThrownBy(() -> EdgeSource.fromFile(dir.resolve("missing.txt")))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> EdgeSource.fromFile(dir))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining("is a directory");
        Path fake = write("fake.gz", "1 2\n");
        Files.writeString(fake, "1 2\n");
        assertThatThrownBy(() -> EdgeSource.fromFile(fake))
                .isInstanceOf(EdgeSource.FormatException.class)
                .hasMessage(fake + ": not in gzip format (the name ends in .gz)");
    }

    @Test
    @DisplayName("vertices only named as targets exist without out-edges; an all-ones weight column stores no weights")
    void loadedGraph() throws Exception {
        Path file = write("g.txt", "10 20\n10 30 1\n40 10\n");
        PartitionedGraph g = PartitionedGraph.load(BspRuntime.builder().processors(2).build(),
                EdgeSource.fromFile(file));
        assertThat(g.vertexCount()).isEqualTo(4);
        assertThat(g.edgeCount()).isEqualTo(3);
        for (GraphPartition part : g.partitions()) {
            assertThat(part.weighted()).isFalse();
            assertThat(part.memoryBytes()).isEqualTo(12L * part.vertexCount() + 4 + 4L * part.edgeCount()
                    + 16L * part.slotCount());
            int v = part.indexOf(20);
            if (v >= 0) {
                assertThat(part.outDegree(v)).isZero();
            }
        }
    }

    @Test
    @DisplayName("shortest paths over a file take the lightest of parallel edges")
    void parallelEdgesLightestCounts() throws Exception {
        Path file = write("roads.txt.gz", "1 2 5\n1 2 3\n2 3 0.5\n1 3\n1 3 4\n");
        for (int p : new int[] {1, 2, 3}) {
            VertexResult r = ShortestPaths.run(BspRuntime.builder().processors(p).build(), EdgeSource.fromFile(file),
                    VertexPartitioner.range(), 1);
            assertThat(r.doubleValues()).as("p=%d", p).containsExactly(0, 3, 1);
        }
        PartitionedGraph g = PartitionedGraph.load(BspRuntime.builder().processors(2).build(),
                EdgeSource.fromFile(file), VertexPartitioner.hash(), Direction.DIRECTED);
        for (GraphPartition part : g.partitions()) {
            assertThat(part.weighted()).isTrue();
            assertThat(part.memoryBytes()).isEqualTo(12L * part.vertexCount() + 4 + 12L * part.edgeCount()
                    + 16L * part.slotCount());
        }
    }
}
