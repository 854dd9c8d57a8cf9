package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ttc components}, {@code sssp}, {@code bfs} and {@code pagerank --vertex-centric} on a small graph
 * checked by hand: outputs {@code id<TAB>value} sorted by id, the same for every processor count.
 */
@Timeout(120)
class GraphCommandsTest {

    @TempDir
    Path dir;

    /**
     * Sparse ids, a parallel edge (the lighter counts), a self-loop, a node that only points in (10), a
     * separate component (20, 30), and a path whose length 0.1 + 0.2 needs 17 digits to read back.
     */
    static final String GRAPH = """
            # src dst weight
            1 2 4
            1 3 1
            3 2 2
            2 4 1
            2 4 0.5
            4 4 7
            10 1 1
            20 30 0.1
            1 5 0.1
            5 6 0.2
            """;

    static final Map<String, String> DISTANCES = ordered("1", "0.0", "2", "3.0", "3", "1.0", "4", "3.5", "5", "0.1",
            "6", "0.30000000000000004", "10", "inf", "20", "inf", "30", "inf");
    static final Map<String, String> HOPS = ordered("1", "0", "2", "1", "3", "1", "4", "2", "5", "1", "6", "2",
            "10", "inf", "20", "inf", "30", "inf");
    static final Map<String, String> COMPONENTS = ordered("1", "1", "2", "1", "3", "1", "4", "1", "5", "1", "6", "1",
            "10", "1", "20", "20", "30", "20");

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private Path graph() throws Exception {
        Path file = dir.resolve("g.txt");
        Files.writeString(file, GRAPH);
        return file;
    }

    /** The output file as a map, in file order, checking that it is sorted by id. */
    private static Map<String, String> read(Path file) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        long previous = -1;
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t");
            assertThat(f).as(line).hasSize(2);
            assertThat(Long.parseLong(f[0])).as("sorted by id").isGreaterThan(previous);
            previous = Long.parseLong(f[0]);
            m.put(f[0], f[1]);
        }
        return m;
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {1, 2, 3})
    @DisplayName("sssp: the lightest of parallel edges counts, unreachable nodes are 'inf', distances round-trip; "
            + "the same with either partitioner")
    void shortestPaths(int p) throws Exception {
        for (String partitioner : List.of("hash", "range")) {
            Path out = dir.resolve("d-" + partitioner + ".tsv");
            TtcTest.Outcome o = TtcTest.run("sssp", "--input", graph().toString(), "--source", "1", "-p",
                    Integer.toString(p), "--output", out.toString(), "--quiet", "--partitioner", partitioner);
            assertThat(o.exitCode()).as(o.err()).isZero();
            assertThat(read(out)).as(partitioner).containsExactlyEntriesOf(DISTANCES);
            assertThat(o.out()).contains("from node 1: 6 of 9 nodes reachable")
                    .contains("distances written to " + out.toAbsolutePath());
        }
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {1, 2, 3})
    @DisplayName("bfs: hop counts along directed edges, weights ignored, 'inf' when unreachable")
    void breadthFirst(int p) throws Exception {
        Path out = dir.resolve("h.tsv");
        TtcTest.Outcome o = TtcTest.run("bfs", "--input", graph().toString(), "--source", "1", "-p",
                Integer.toString(p), "--output", out.toString(), "--quiet");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(read(out)).containsExactlyEntriesOf(HOPS);
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {1, 2, 3})
    @DisplayName("components: every node labelled with the smallest id of its weakly connected component")
    void components(int p) throws Exception {
        Path out = dir.resolve("c.tsv");
        TtcTest.Outcome o = TtcTest.run("components", "--input", graph().toString(), "-p", Integer.toString(p),
                "--output", out.toString(), "--json", "--quiet", "--partitioner", p == 2 ? "range" : "hash");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(read(out)).containsExactlyEntriesOf(COMPONENTS);
        JsonNode doc = TtcTest.json(o.out());
        assertThat(doc.get("command").asText()).isEqualTo("components");
        assertThat(doc.get("processors").asInt()).isEqualTo(p);
        assertThat(doc.get("nodes").asInt()).isEqualTo(9);
        assertThat(doc.get("edges").asInt()).isEqualTo(10);
        // 12 bytes a vertex, 4 a row end per processor, 4 an edge (20 of them, undirected), 16 a distinct target
        assertThat(doc.get("partitionBytes").asLong()).isBetween(12L * 9 + 4 * p + 4 * 20 + 16 * 9,
                12L * 9 + 4 * p + 4 * 20 + 16 * 9L * p);
        assertThat(doc.get("components").asInt()).isEqualTo(2);
        assertThat(doc.get("largestComponent").asInt()).isEqualTo(7);
        assertThat(doc.get("output").asText()).isEqualTo(out.toAbsolutePath().toString());
        assertThat(doc.has("converged")).isFalse();
    }

    @Test
    @DisplayName("a .gz edge list reads as the plain one; progress goes to stderr and --quiet silences it")
    void gzipAndProgress() throws Exception {
        Path gz = dir.resolve("g.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(GRAPH.getBytes(StandardCharsets.UTF_8));
        }
        Path out = dir.resolve("d.tsv");
        TtcTest.Outcome o = TtcTest.run("sssp", "--input", gz.toString(), "--source", "1", "-p", "2", "--output",
                out.toString());
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(read(out)).containsExactlyEntriesOf(DISTANCES);
        assertThat(o.err()).contains("[read] 10 edges (weighted) from " + gz.toAbsolutePath() + " in ")
                .contains("[write] 9 lines to " + out.toAbsolutePath() + " in ").contains("[sssp] superstep 0");
        assertThat(o.out()).doesNotContain("[read]").doesNotContain("superstep 0");
    }

    @Test
    @DisplayName("a bad weight, a missing source node and a missing file: one line naming what is wrong, no output")
    void errors() throws Exception {
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "1 2 1\n2 3 -0.5\n");
        Path out = dir.resolve("d.tsv");
        for (String command : List.of("sssp", "bfs", "components", "pagerank")) {
            List<String> args = new java.util.ArrayList<>(List.of(command, "--input", bad.toString(), "--output",
                    out.toString(), "--quiet"));
            if (!command.equals("components") && !command.equals("pagerank")) {
                args.addAll(List.of("--source", "1"));
            }
            TtcTest.Outcome o = TtcTest.run(args.toArray(String[]::new));
            assertThat(o.exitCode()).as(command).isEqualTo(1);
            assertThat(o.err()).as(command).isEqualTo("ttc: " + bad + ":2: the weight -0.5 is not allowed: weights "
                    + "must be finite and >= 0: \"2 3 -0.5\"" + System.lineSeparator());
            assertThat(out).doesNotExist();
        }
        TtcTest.Outcome missingNode = TtcTest.run("sssp", "--input", graph().toString(), "--source", "7",
                "--output", out.toString(), "--quiet");
        assertThat(missingNode.exitCode()).isEqualTo(2);
        assertThat(missingNode.err()).contains("--source 7 is not a node of the graph");
        assertThat(out).doesNotExist();
        TtcTest.Outcome noSource = TtcTest.run("bfs", "--input", graph().toString());
        assertThat(noSource.exitCode()).isEqualTo(2);
        assertThat(noSource.err()).contains("--source");
        TtcTest.Outcome negative = TtcTest.run("bfs", "--input", graph().toString(), "--source", "-1");
        assertThat(negative.exitCode()).isEqualTo(2);
        TtcTest.Outcome partitioner = TtcTest.run("bfs", "--input", graph().toString(), "--source", "1",
                "--partitioner", "random");
        assertThat(partitioner.exitCode()).isEqualTo(2);
        assertThat(partitioner.err()).contains("--partitioner").contains("random").contains("hash, range");
        TtcTest.Outcome missing = TtcTest.run("components", "--input", dir.resolve("none.txt").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file").doesNotContain("\tat ");
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {1, 2, 3})
    @DisplayName("pagerank --vertex-centric writes the ranks of the pull program to 1e-12, and the same iterations")
    void vertexCentricPageRank(int p) throws Exception {
        Path pull = dir.resolve("pull.tsv");
        Path vertex = dir.resolve("vertex.tsv");
        TtcTest.Outcome a = TtcTest.run("pagerank", "--input", graph().toString(), "-p", Integer.toString(p),
                "--output", pull.toString(), "--json", "--quiet", "--tolerance", "1e-13");
        TtcTest.Outcome b = TtcTest.run("pagerank", "--vertex-centric", "--input", graph().toString(), "-p",
                Integer.toString(p), "--output", vertex.toString(), "--json", "--quiet", "--tolerance", "1e-13");
        assertThat(a.exitCode()).as(a.err()).isZero();
        assertThat(b.exitCode()).as(b.err()).isZero();
        Map<String, String> expected = read(pull);
        Map<String, String> actual = read(vertex);
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (String id : expected.keySet()) {
            assertThat(Double.parseDouble(actual.get(id))).as("node %s", id)
                    .isCloseTo(Double.parseDouble(expected.get(id)), within(1e-12));
        }
        JsonNode pullDoc = TtcTest.json(a.out());
        JsonNode vertexDoc = TtcTest.json(b.out());
        assertThat(vertexDoc.get("program").asText()).isEqualTo("vertex-centric");
        assertThat(vertexDoc.get("iterations").asInt()).isEqualTo(pullDoc.get("iterations").asInt());
        assertThat(vertexDoc.get("converged").asBoolean()).isTrue();
        assertThat(vertexDoc.get("top")).hasSize(9);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pull", "vertex-centric"})
    @DisplayName("pagerank --iterations N runs exactly N iterations, then stops with exit 0")
    void exactIterations(String program) throws Exception {
        for (int n : new int[] {1, 2, 7}) {
            List<String> args = new java.util.ArrayList<>(List.of("pagerank", "--input", graph().toString(), "-p",
                    "2", "--iterations", Integer.toString(n), "--json", "--quiet", "--top", "0"));
            if (program.equals("vertex-centric")) {
                args.add("--vertex-centric");
            }
            TtcTest.Outcome o = TtcTest.run(args.toArray(String[]::new));
            assertThat(o.exitCode()).as(o.err()).isZero();
            JsonNode doc = TtcTest.json(o.out());
            assertThat(doc.get("iterations").asInt()).as("--iterations %d", n).isEqualTo(n);
            assertThat(doc.has("converged")).isFalse();
            assertThat(doc.has("top")).isFalse();
        }
    }

    @Test
    @DisplayName("the graph commands take --generate too: a generated graph's components, with its seed reported")
    void generated() {
        TtcTest.Outcome o = TtcTest.run("components", "--generate", "uniform:50:20", "--seed", "3", "-p", "2",
                "--json", "--quiet");
        assertThat(o.exitCode()).as(o.err()).isZero();
        JsonNode doc = TtcTest.json(o.out());
        assertThat(doc.get("generate").asText()).isEqualTo("uniform:50:20");
        assertThat(doc.get("seed").asInt()).isEqualTo(3);
        assertThat(doc.get("components").asInt()).isPositive();
    }
}
