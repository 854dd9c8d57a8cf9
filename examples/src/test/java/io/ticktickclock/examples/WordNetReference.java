package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticktickclock.graph.BreadthFirstSearch;
import io.ticktickclock.graph.EdgeSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * NetworkX's answers on WordNet's pointer graph (~118k synsets with sparse ids, ~378k pointers with
 * multi-edges, self-loops and dangling vertices; the edges of {@link WordNetPageRankTest#writeEdges}), for the
 * tests that check {@code io.ticktickclock.graph} against it: weakly connected components, BFS hops and
 * Dijkstra distances from the synset "entity", and PageRank. The edges are written plain and as a gzipped
 * weighted copy (line i weighs (1 + 7i mod 8) / 4: binary fractions, so every path sum is exact and parallel
 * edges differ); NetworkX reads the weighted copy ({@code networkx_graph.py}), about 10 s of CPU.
 *
 * @param plain the unweighted edge list
 * @param weighted the gzipped weighted edge list, as {@link EdgeSource#fromFile} reads it
 * @param ids every synset id, ascending; the other arrays are parallel to it
 * @param components the smallest id of each synset's weak component
 * @param hops BFS hops from {@link #ENTITY} ({@link BreadthFirstSearch#UNREACHABLE} if unreachable)
 * @param distances Dijkstra distances from {@link #ENTITY} (the lightest parallel edge counts; +∞ if unreachable)
 * @param ranks PageRank (0.85, dangling mass spread uniformly, parallel edges counted), NetworkX's
 *     tolerance {@link #NETWORKX_TOL}
 */
record WordNetReference(Path plain, EdgeSource weighted, long[] ids, long[] components, long[] hops,
        double[] distances, double[] ranks) {

    /** The noun synset "entity" (offset 00001740), the root of the noun hierarchy: it reaches most nouns. */
    static final long ENTITY = 1740L * 4;
    /** NetworkX's PageRank tolerance: it stops once the L1 change of an iteration is below N times it. */
    static final double NETWORKX_TOL = 1e-13;

    /**
     * Why the reference cannot be computed here (WordNet, python3, NetworkX or SciPy missing), or empty if it
     * can. {@code .ci/run} installs all of them.
     */
    static Optional<String> unavailable() {
        if (!Files.isDirectory(WordNetPageRankTest.WORDNET)) {
            return Optional.of("WordNet is missing (" + WordNetPageRankTest.WORDNET + "): apt-get install wordnet-base");
        }
        try {
            Process python = new ProcessBuilder("python3", "-c", "import networkx, scipy")
                    .redirectErrorStream(true).start();
            String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!python.waitFor(60, TimeUnit.SECONDS) || python.exitValue() != 0) {
                python.destroyForcibly();
                return Optional.of("python3 cannot import networkx and scipy (apt-get install python3-networkx "
                        + "python3-scipy): " + output.strip());
            }
        } catch (IOException e) {
            return Optional.of("python3 is missing (apt-get install python3 python3-networkx python3-scipy): " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while looking for python3");
        }
        return Optional.empty();
    }

    /** Writes the edge lists into {@code dir} and runs NetworkX on them. */
    static WordNetReference compute(Path dir) throws Exception {
        Path plain = dir.resolve("wordnet.txt");
        assertThat(WordNetPageRankTest.writeEdges(plain)).isGreaterThan(300_000);
        Path weightedText = dir.resolve("wordnet-weighted.txt");
        Path gz = dir.resolve("wordnet-weighted.txt.gz");
        try (BufferedWriter text = Files.newBufferedWriter(weightedText);
                BufferedWriter zipped = new BufferedWriter(new OutputStreamWriter(
                        new GZIPOutputStream(Files.newOutputStream(gz)), StandardCharsets.US_ASCII))) {
            long i = 0;
            for (String line : Files.readAllLines(plain)) {
                String w = line + " " + (1 + (i++ * 7) % 8) / 4.0 + "\n";
                text.write(w);
                zipped.write(w);
            }
        }
        Path script = dir.resolve("networkx_graph.py");
        try (InputStream in = WordNetReference.class.getResourceAsStream("/networkx_graph.py")) {
            Files.copy(in, script);
        }
        Path reference = dir.resolve("networkx.tsv");
        Process python = new ProcessBuilder("python3", script.toString(), weightedText.toString(),
                Long.toString(ENTITY), Double.toString(NETWORKX_TOL), reference.toString())
                .redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as("python3 with networkx (apt-get install python3-networkx): %s", output)
                .isZero();
        List<String> lines = Files.readAllLines(reference);
        long[] ids = new long[lines.size()];
        long[] components = new long[ids.length];
        long[] hops = new long[ids.length];
        double[] distances = new double[ids.length];
        double[] ranks = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            String[] f = lines.get(i).split("\t");
            ids[i] = Long.parseLong(f[0]);
            components[i] = Long.parseLong(f[1]);
            hops[i] = f[2].equals("inf") ? BreadthFirstSearch.UNREACHABLE : Long.parseLong(f[2]);
            distances[i] = f[3].equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(f[3]);
            ranks[i] = Double.parseDouble(f[4]);
        }
        return new WordNetReference(plain, EdgeSource.fromFile(gz), ids, components, hops, distances, ranks);
    }
}
