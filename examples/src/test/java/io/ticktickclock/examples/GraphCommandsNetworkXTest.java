package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ttc components}, {@code bfs} and {@code sssp} on a real graph against NetworkX: the shipped WordNet
 * verb graph reversed (hypernym to hyponym, so that a search from a top verb reaches thousands of nodes),
 * each edge weighted with a seeded random multiple of 1/4 (sums of those are exact, so distances must agree
 * to the bit). Slow and needs {@code python3-networkx}: run with {@code bin/test -Pslow}.
 */
@Tag("slow")
@Timeout(300)
class GraphCommandsNetworkXTest {

    /** WordNet's "change, alter": the verb with the highest PageRank, root of a large tree. */
    static final String SOURCE = "126264";
    static final long SEED = Long.getLong("ttc.test.seed", 20261202L);

    static Path edges;
    static Path reference;

    @BeforeAll
    static void networkX(@TempDir Path dir) throws Exception {
        edges = dir.resolve("verbs-weighted.txt");
        SplittableRandom random = new SplittableRandom(SEED);
        EdgeListReader.Edges e = EdgeListReader.edges(ShippedGraphTest.DATA, done -> { });
        try (BufferedWriter w = Files.newBufferedWriter(edges)) {
            for (int i = 0; i < e.count(); i++) {
                w.write(e.targets()[i] + " " + e.sources()[i] + " " + random.nextInt(1, 41) / 4.0 + "\n");
            }
        }
        Path script = dir.resolve("networkx_graph_commands.py");
        try (InputStream in = GraphCommandsNetworkXTest.class.getResourceAsStream("/networkx_graph_commands.py")) {
            Files.copy(in, script);
        }
        reference = dir.resolve("networkx");
        Files.createDirectories(reference);
        Process python = new ProcessBuilder("python3", script.toString(), edges.toString(), SOURCE,
                reference.toString()).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as("python3 with networkx (apt-get install python3-networkx): %s", output)
                .isZero();
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {1, 3})
    @DisplayName("components, bfs and sssp write exactly NetworkX's values on WordNet's verbs (seed printed)")
    void agreesWithNetworkX(int p, @TempDir Path dir) throws Exception {
        for (String command : List.of("components", "bfs", "sssp")) {
            Path out = dir.resolve(command + ".tsv");
            List<String> args = new java.util.ArrayList<>(List.of(command, "--input", edges.toString(), "-p",
                    Integer.toString(p), "--output", out.toString(), "--quiet"));
            if (!command.equals("components")) {
                args.addAll(List.of("--source", SOURCE));
            }
            TtcTest.Outcome o = TtcTest.run(args.toArray(String[]::new));
            assertThat(o.exitCode()).as(o.err()).isZero();
            List<String> expected = Files.readAllLines(reference.resolve(command + ".tsv"));
            List<String> actual = Files.readAllLines(out);
            assertThat(actual).as("%s, seed %d (-Dttc.test.seed)", command, SEED).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                String[] want = expected.get(i).split("\t");
                String[] got = actual.get(i).split("\t");
                assertThat(got[0]).as("%s line %d", command, i + 1).isEqualTo(want[0]);
                if (command.equals("sssp") && !want[1].equals("inf")) {
                    assertThat(Double.parseDouble(got[1])).as("%s of node %s, seed %d", command, want[0], SEED)
                            .isEqualTo(Double.parseDouble(want[1]));
                } else {
                    assertThat(got[1]).as("%s of node %s", command, want[0]).isEqualTo(want[1]);
                }
            }
            if (!command.equals("components")) {
                long reached = actual.stream().filter(l -> !l.endsWith("\tinf")).count();
                assertThat(reached).as("a search that reaches many nodes").isGreaterThan(1_000);
            }
        }
    }
}
