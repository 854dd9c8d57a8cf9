package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Edge-list input, PageRank on it, the R-MAT generator, and sample sort on every input shape. */
@Timeout(120)
class InputsAndSortTest {

    @TempDir
    Path dir;

    static final String EDGES = """
            # a small graph with sparse ids, a self-loop, a duplicate edge and dangling nodes
            10 20
            10\t30

            20 10
            20 20
            30 10
            30 10
            30 1000000000000
            """;

    @Test
    @DisplayName("edge lists: comments and blank lines skipped, sparse ids numbered in order, multi-edges kept")
    void readsEdgeLists() throws Exception {
        Path file = dir.resolve("g.txt");
        Files.writeString(file, EDGES);
        Graph g = EdgeListReader.read(file);
        assertThat(g.nodes()).isEqualTo(4);
        assertThat(g.edges()).isEqualTo(7);
        assertThat(g.ids()).containsExactly(10, 20, 30, 1_000_000_000_000L);
        assertThat(g.outDegree(2)).isEqualTo(3);                    // 30 -> 10, 10, 1e12
        assertThat(g.outDegree(3)).isZero();                        // dangling
        Path gz = dir.resolve("g.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(EDGES.getBytes(StandardCharsets.UTF_8));
        }
        Graph fromGz = EdgeListReader.read(gz);
        assertThat(fromGz.targets()).isEqualTo(g.targets());
        assertThat(fromGz.offsets()).isEqualTo(g.offsets());
    }

    @Test
    @DisplayName("a malformed line fails with the file name, the line number and the text")
    void malformedLines() throws Exception {
        for (String bad : List.of("1 2\n3 x\n", "1 2\n3\n", "1 2 3 4\n", "-1 2\n", "1 99999999999999999999\n",
                "1 2x\n")) {
            Path file = dir.resolve("bad.txt");
            Files.writeString(file, bad);
            assertThatThrownBy(() -> EdgeListReader.read(file)).as(bad)
                    .isInstanceOf(EdgeListReader.FormatException.class)
                    .hasMessageContaining(file + ":");
        }
        Path file = dir.resolve("bad.txt");
        Files.writeString(file, "# header\n1 2\n7 seven\n");
        assertThatThrownBy(() -> EdgeListReader.read(file)).hasMessage(file + ":3: expected a non-negative integer "
                + "target id: \"7 seven\"");
        Files.writeString(file, "# nothing\n\n");
        assertThatThrownBy(() -> EdgeListReader.read(file)).hasMessageContaining("no edges");
    }

    @Test
    @DisplayName("weights: the optional third column, 1 when absent; negative, NaN, infinite or not a number is a "
            + "malformed line naming file and line")
    void weights() throws Exception {
        Path file = dir.resolve("w.txt");
        Files.writeString(file, "1 2 0.5\n2 3\n3 1 2.5e-3\n1 3 0\n");
        EdgeListReader.Edges e = EdgeListReader.edges(file, done -> { });
        assertThat(e.sources()).containsExactly(1, 2, 3, 1);
        assertThat(e.targets()).containsExactly(2, 3, 1, 3);
        assertThat(e.weights()).containsExactly(0.5, 1.0, 2.5e-3, 0.0);
        Files.writeString(file, "1 2\n2 3\n");
        assertThat(EdgeListReader.edges(file, done -> { }).weights()).isNull();
        for (String weight : List.of("-1", "NaN", "nan", "Infinity", "-inf", "1e999", "0x10", "1.5d", "two", "1..2")) {
            Files.writeString(file, "# weighted\n1 2 1\n2 3 " + weight + "\n");
            assertThatThrownBy(() -> EdgeListReader.edges(file, done -> { })).as(weight)
                    .isInstanceOf(EdgeListReader.FormatException.class)
                    .hasMessageStartingWith(file + ":3: ")
                    .hasMessageContaining("weight")
                    .hasMessageEndingWith("\"2 3 " + weight + "\"");
        }
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {1, 2, 3, 8})
    @DisplayName("PageRank on a sparse-id multigraph matches the sequential reference and does not depend on p")
    void pageRankOnAFile(int p) throws Exception {
        Path file = dir.resolve("g.txt");
        Files.writeString(file, EDGES);
        Graph g = EdgeListReader.read(file);
        double[] expected = ExamplesTest.sequentialPageRank(g, 0.85, 1e-15);
        BspResult<PageRank.State> r = BspRuntime.builder().processors(p).build()
                .run(PageRank.program(g, 0.85, 1e-14), PageRank.noInput());
        double[] ranks = PageRank.ranks(r, g.nodes());
        for (int v = 0; v < g.nodes(); v++) {
            assertThat(ranks[v]).as("node %d", g.id(v)).isCloseTo(expected[v], within(1e-12));
        }
    }

    @Test
    @DisplayName("R-MAT is deterministic for a seed, has 2^scale nodes and edgeFactor * 2^scale edges, and is skewed")
    void rmat() {
        Graph a = Graph.rmat(10, 8, 5);
        Graph b = Graph.rmat(10, 8, 5);
        assertThat(a.targets()).isEqualTo(b.targets());
        assertThat(a.nodes()).isEqualTo(1024);
        assertThat(a.edges()).isEqualTo(8192);
        // Quadrant a (0.57) makes node 0 the most frequent source by far.
        int maxDegree = 0;
        for (int u = 0; u < a.nodes(); u++) {
            maxDegree = Math.max(maxDegree, a.outDegree(u));
        }
        assertThat(a.outDegree(0)).isEqualTo(maxDegree);
        assertThatThrownBy(() -> Graph.rmat(0, 8, 1)).hasMessage("scale must be in [1, 30], got 0");
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {1, 2, 3, 8, 16})
    @DisplayName("sample sort equals Arrays.sort for every distribution, n < p and empty input, leaves the input "
            + "alone and returns arrays of its own")
    void sampleSortIsCorrect(int p) {
        BspRuntime runtime = BspRuntime.builder().processors(p).build();
        for (Numbers.Distribution d : Numbers.Distribution.values()) {
            for (int n : new int[] {0, 1, p - 1, 1_000, 50_003}) {
                if (n < 0) {
                    continue;
                }
                long[] input = Numbers.generate(n, d, 7 + n);
                long[] original = input.clone();
                BspResult<long[]> r = runtime.run("sample-sort", SampleSort.program(input));
                long[] output = r.results().stream().flatMapToLong(Arrays::stream).toArray();
                long[] expected = input.clone();
                Arrays.sort(expected);
                assertThat(output).as("%s n=%d p=%d", d, n, p).isEqualTo(expected);
                assertThat(input).as("%s n=%d p=%d: input untouched", d, n, p).isEqualTo(original);
                java.util.Set<long[]> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                r.results().stream().filter(a -> a.length > 0).forEach(distinct::add);
                assertThat(distinct).as("%s n=%d p=%d: no result shares an array", d, n, p)
                        .hasSize((int) r.results().stream().filter(a -> a.length > 0).count());
                assertThat(distinct.contains(input)).as("%s n=%d p=%d: a result is the input array", d, n, p)
                        .isFalse();
            }
        }
    }

    @Test
    @DisplayName("regular sampling keeps buckets near n/p on uniform input")
    void bucketsAreBalanced() {
        long[] input = Numbers.generate(200_000, Numbers.Distribution.UNIFORM, 3);
        BspResult<long[]> r = BspRuntime.builder().processors(4).build().run(SampleSort.program(input));
        for (long[] bucket : r.results()) {
            assertThat(bucket.length).isLessThan(2 * 200_000 / 4);
        }
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {2, 3, 4, 8})
    @DisplayName("random samples keep every bucket within [n/2p, 2n/p] for every distribution, all-equal and "
            + "heavy-duplicate keys included (equal keys are split by position)")
    void bucketsAreBalancedForEveryDistribution(int p) {
        int n = 200_000;
        BspRuntime runtime = BspRuntime.builder().processors(p).build();
        for (Numbers.Distribution d : Numbers.Distribution.values()) {
            BspResult<long[]> r = runtime.run(SampleSort.program(Numbers.generate(n, d, 11)));
            for (long[] bucket : r.results()) {
                assertThat(bucket.length).as("%s p=%d", d, p).isBetween(n / (2 * p), 2 * n / p);
            }
        }
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {2, 3, 8})
    @DisplayName("sample sort of keys piled on Long.MIN_VALUE and Long.MAX_VALUE equals Arrays.sort and leaves the "
            + "input alone")
    void sampleSortAtTheExtremes(int p) {
        long seed = 20261202L + p;
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        BspRuntime runtime = BspRuntime.builder().processors(p).build();
        for (int n : new int[] {2, 17, 5_000}) {
            long[] input = new long[n];
            for (int i = 0; i < n; i++) {
                int pick = random.nextInt(10);
                input[i] = pick < 6 ? Long.MIN_VALUE : pick < 8 ? Long.MAX_VALUE : pick == 8 ? Long.MIN_VALUE + 1
                        : random.nextLong();
            }
            long[] original = input.clone();
            long[] output = runtime.run(SampleSort.program(input)).results().stream().flatMapToLong(Arrays::stream)
                    .toArray();
            long[] expected = input.clone();
            Arrays.sort(expected);
            assertThat(output).as("seed %d n=%d p=%d", seed, n, p).isEqualTo(expected);
            assertThat(input).as("seed %d n=%d p=%d: input untouched", seed, n, p).isEqualTo(original);
        }
    }

    @Test
    @DisplayName("partition puts each key in bucket #{splitters (v, i) < (key, position)}, for 2 and more buckets, "
            + "splitters on Long.MIN_VALUE and Long.MAX_VALUE and repeated splitters included")
    void partitionFollowsTheSplitters() {
        long seed = 42;
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        long[] values = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE - 1, Long.MAX_VALUE};
        for (int trial = 0; trial < 2_000; trial++) {
            int n = random.nextInt(1, 40);
            long[] input = new long[n];
            Arrays.setAll(input, i -> values[random.nextInt(values.length)]);
            int from = random.nextInt(n);
            int to = random.nextInt(from, n + 1);
            int buckets = random.nextInt(2, 6);
            // Splitters: (value, position) pairs of the input, in order, possibly repeated.
            long[][] chosen = new long[buckets - 1][];
            for (int j = 0; j < chosen.length; j++) {
                int at = random.nextInt(n);
                chosen[j] = new long[] {input[at], at};
            }
            Arrays.sort(chosen, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            long[] splitters = new long[2 * chosen.length];
            for (int j = 0; j < chosen.length; j++) {
                splitters[2 * j] = chosen[j][0];
                splitters[2 * j + 1] = chosen[j][1];
            }
            long[] out = new long[to - from];
            int[] bounds = SampleSort.partition(input, from, to, splitters, out);
            String what = "seed " + seed + " trial " + trial + " input " + Arrays.toString(input) + " [" + from + ", "
                    + to + ") splitters " + Arrays.toString(splitters);
            assertThat(bounds).as(what).hasSize(buckets + 1);
            assertThat(bounds[0]).as(what).isZero();
            assertThat(bounds[buckets]).as(what).isEqualTo(to - from);
            for (int b = 0; b < buckets; b++) {
                java.util.List<Long> expected = new java.util.ArrayList<>();
                for (int g = from; g < to; g++) {
                    int bucket = 0;
                    for (long[] s : chosen) {
                        bucket += s[0] < input[g] || (s[0] == input[g] && s[1] < g) ? 1 : 0;
                    }
                    if (bucket == b) {
                        expected.add(input[g]);
                    }
                }
                java.util.List<Long> actual = new java.util.ArrayList<>();
                for (int i = bounds[b]; i < bounds[b + 1]; i++) {
                    actual.add(out[i]);
                }
                assertThat(actual).as("%s: bucket %d", what, b).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    @Test
    @DisplayName("the scaling study's sort baseline runs with the common pool's parallelism at least p (parallelSort "
            + "cuts the array by it) and restores it afterwards")
    void scalingSortBaselineSplitsForP() throws Exception {
        int before = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism();
        int p = before + 2;
        long seen = Scaling.withCommonParallelism(p, () -> (long) java.util.concurrent.ForkJoinPool
                .getCommonPoolParallelism());
        assertThat(seen).isEqualTo(p);
        assertThat(java.util.concurrent.ForkJoinPool.getCommonPoolParallelism()).isEqualTo(before);
        assertThat(Scaling.withCommonParallelism(1, () -> (long) java.util.concurrent.ForkJoinPool
                .getCommonPoolParallelism())).isEqualTo(before);
    }

    @Test
    @DisplayName("number files: comments skipped, malformed lines reported with file and line")
    void numberFiles() throws Exception {
        Path file = dir.resolve("n.txt");
        Files.writeString(file, "# numbers\n3\n-9223372036854775808\n\n7\n");
        assertThat(Numbers.read(file)).containsExactly(3, Long.MIN_VALUE, 7);
        Files.writeString(file, "3\nfour\n");
        assertThatThrownBy(() -> Numbers.read(file)).hasMessage(file + ":2: expected one signed 64-bit integer: \"four\"");
    }
}
