package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticktickclock.BspRuntime;
import io.ticktickclock.graph.ConnectedComponents;
import io.ticktickclock.graph.EdgeSource;
import io.ticktickclock.graph.GraphPartition;
import io.ticktickclock.graph.GraphPartition.Direction;
import io.ticktickclock.graph.PageRank;
import io.ticktickclock.graph.ShortestPaths;
import io.ticktickclock.graph.VertexProgram;
import io.ticktickclock.graph.VertexResult;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The graph commands' streamed loading ({@link EdgeListSource}, {@link GeneratedEdges}) against the loading
 * it replaced (the whole edge list in arrays, {@link EdgeSource#of}): the same partitions, array for array,
 * and the same results to the bit, for P = 1, 2, 3 and 8, both partitioners and both directions (a generated
 * graph loaded undirected: each vertex's edges the same, in another order).
 */
class StreamedGraphTest {
    /** Sparse 64-bit ids, multi-edges, self-loops, dangling nodes, comments, blank lines, CRLF, some weights. */
    static final String GRAPH = """
            # sparse ids up to 2^63 - 1
            9223372036854775807 1000000000000000003 2.5
            1000000000000000003 5 0.25
            5 5
            5 5 3
            \t
            5 9223372036854775807 1
            0 5\r
            1000000000000000003 77 7
            77 5 0
            # 424242 only ever appears as a target: a dangling node
            77 424242 1.5
            0 1000000000000000003
            9223372036854775807 1000000000000000003 0.5
            12 13
            13 12 2
            """;

    private static final List<VertexProgram<?, ?>> PROGRAMS = List.of(ConnectedComponents.program(),
            PageRank.program(0.85, 0, 12));

    @TempDir
    Path dir;

    private Path write(String name, String text, boolean gzip) throws Exception {
        Path file = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("an edge list streamed by the processors loads into the partitions of the arrays, P = 1, 2, 3, 8")
    void fileLoadsAsTheArraysDid(boolean gzip) throws Exception {
        Path file = write(gzip ? "g.txt.gz" : "g.txt", GRAPH, gzip);
        EdgeListReader.Edges arrays = EdgeListReader.edges(file, done -> { });
        EdgeSource weightedArrays = EdgeSource.weighted(arrays.sources(), arrays.targets(), arrays.weights());
        EdgeSource plainArrays = EdgeSource.of(arrays.sources(), arrays.targets());
        for (int every : new int[] {1, 3, EdgeListSource.INDEX_EVERY}) {
            EdgeListSource streamed = EdgeListSource.scan(file, done -> { }, 424242L, every);
            assertThat(streamed.count()).isEqualTo(arrays.count());
            assertThat(streamed.hasWeights()).isTrue();
            assertThat(streamed.hasNode()).isTrue();
            for (int p : new int[] {1, 2, 3, 8}) {
                for (VertexRuns.Partitioner partitioner : VertexRuns.Partitioner.values()) {
                    for (Direction direction : Direction.values()) {
                        String what = "every " + every + ", p " + p + ", " + partitioner + ", " + direction;
                        assertSamePartitions(what + ", weighted", p, weightedArrays, streamed, partitioner, direction);
                        assertSamePartitions(what + ", unweighted", p, plainArrays, streamed.unweighted(), partitioner,
                                direction);
                    }
                    assertSameResults("every " + every + ", p " + p + ", " + partitioner, p, weightedArrays, streamed,
                            partitioner, 9223372036854775807L);
                }
            }
        }
    }

    @Test
    @DisplayName("a larger random edge list with sparse ids: the same partitions and results, P = 1, 2, 3, 8 (seed printed)")
    void randomFile() throws Exception {
        long seed = Long.getLong("ttc.test.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        long[] ids = new long[300];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextLong(Long.MAX_VALUE);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            if (random.nextInt(50) == 0) {
                text.append(random.nextBoolean() ? "# a comment\n" : "\n");
            }
            long u = ids[random.nextInt(ids.length)];
            long v = random.nextInt(20) == 0 ? u : ids[random.nextInt(ids.length / 2)];
            text.append(u).append(random.nextBoolean() ? " " : "\t").append(v);
            if (random.nextInt(3) == 0) {
                text.append(' ').append(random.nextInt(0, 40) / 8.0);
            }
            text.append(random.nextInt(10) == 0 ? "\r\n" : "\n");
        }
        Path file = write("random.txt", text.toString(), false);
        EdgeListReader.Edges arrays = EdgeListReader.edges(file, done -> { });
        EdgeSource weightedArrays = EdgeSource.weighted(arrays.sources(), arrays.targets(), arrays.weights());
        EdgeListSource streamed = EdgeListSource.scan(file, done -> { }, null, 7);
        for (int p : new int[] {1, 2, 3, 8}) {
            String what = "seed " + seed + " (-Dttc.test.seed), p " + p;
            for (Direction direction : Direction.values()) {
                assertSamePartitions(what + ", " + direction, p, weightedArrays, streamed, VertexRuns.Partitioner.hash,
                        direction);
            }
            assertSameResults(what, p, weightedArrays, streamed, VertexRuns.Partitioner.range, ids[0]);
        }
    }

    @Test
    @DisplayName("a generated graph drawn by the processors loads into the partitions of the built graph's edges")
    void generatedLoadsAsTheBuiltGraphDid() {
        for (GraphInput.Spec spec : List.of(new GraphInput.Spec("uniform", 300, 2_000, 0, 0),
                new GraphInput.Spec("rmat", 256, 2_048, 8, 8), new GraphInput.Spec("uniform", 1_000, 5, 0, 0))) {
            Graph built = spec.kind().equals("uniform") ? Graph.uniform((int) spec.nodes(), spec.edges(), 9)
                    : Graph.rmat(spec.scale(), spec.edgeFactor(), 9);
            long[][] edgeIds = built.edgeIds();
            EdgeSource arrays = EdgeSource.of(edgeIds[0], edgeIds[1]);
            long[] drawn = {0};
            GeneratedEdges streamed = new GeneratedEdges(spec, 9, more -> {
                synchronized (drawn) {
                    drawn[0] += more;
                }
            });
            for (int p : new int[] {1, 2, 3, 8}) {
                drawn[0] = 0;
                assertSamePartitions(spec + ", p " + p, p, arrays, streamed, VertexRuns.Partitioner.hash,
                        Direction.DIRECTED);
                // Undirected, a vertex's reversed in-edges come in the order drawn rather than by source:
                // the same edges in another order, which no program's result depends on.
                assertSamePartitions(spec + ", p " + p + ", undirected", p, arrays, streamed,
                        VertexRuns.Partitioner.hash, Direction.UNDIRECTED, true);
                assertThat(drawn[0]).as("every edge reported drawn, twice").isEqualTo(2 * spec.edges());
                assertSameResults(spec + ", p " + p, p, arrays, streamed, VertexRuns.Partitioner.range, edgeIds[0][0]);
            }
            assertThat(streamed.hasNode(edgeIds[1][0])).isTrue();
            assertThat(streamed.hasNode(spec.nodes())).isFalse();
            assertThat(streamed.hasNode(-1)).isFalse();
        }
    }

    @Test
    @DisplayName("the scan reports a malformed line as the reader does, and a file that shrinks fails the load")
    void errors() throws Exception {
        Path bad = write("bad.txt", "1 2\n# fine\n2 3 -1\n", false);
        assertThatThrownBy(() -> EdgeListSource.scan(bad, done -> { }, null))
                .isInstanceOf(EdgeListReader.FormatException.class)
                .hasMessage(bad + ":3: the weight -1 is not allowed: weights must be finite and >= 0: \"2 3 -1\"");
        Path empty = write("empty.txt", "# nothing\n\n", false);
        assertThatThrownBy(() -> EdgeListSource.scan(empty, done -> { }, null))
                .hasMessage(empty + ": no edges (only comments or blank lines)");
        Path shrinking = write("shrinking.txt", "1 2\n2 3\n3 4\n4 5\n", false);
        EdgeListSource source = EdgeListSource.scan(shrinking, done -> { }, 9L);
        assertThat(source.hasNode()).isFalse();
        Files.writeString(shrinking, "1 2\n");
        List<long[]> got = new ArrayList<>();
        assertThatThrownBy(() -> source.read(1, 2, (s, t, w) -> got.add(new long[] {s, t})))
                .isInstanceOf(EdgeListReader.FormatException.class).hasMessageContaining("changed while it was read");
    }

    /** Loads both sources at {@code p} and compares every partition's arrays. */
    private static void assertSamePartitions(String what, int p, EdgeSource expected, EdgeSource actual,
            VertexRuns.Partitioner partitioner, Direction direction) {
        assertSamePartitions(what, p, expected, actual, partitioner, direction, false);
    }

    /**
     * Loads both sources at {@code p} and compares every partition's arrays; with {@code anyEdgeOrder}, each
     * vertex's edges as a multiset.
     */
    private static void assertSamePartitions(String what, int p, EdgeSource expected, EdgeSource actual,
            VertexRuns.Partitioner partitioner, Direction direction, boolean anyEdgeOrder) {
        List<GraphPartition> want = load(p, expected, partitioner, direction);
        List<GraphPartition> got = load(p, actual, partitioner, direction);
        for (int q = 0; q < p; q++) {
            GraphPartition a = want.get(q);
            GraphPartition b = got.get(q);
            String at = what + ", processor " + q;
            assertThat(b.ids()).as(at).containsExactly(a.ids());
            assertThat(b.weighted()).as(at).isEqualTo(a.weighted());
            assertThat(b.graphVertexCount()).as(at).isEqualTo(a.graphVertexCount());
            assertThat(b.graphEdgeCount()).as(at).isEqualTo(a.graphEdgeCount());
            assertThat(b.edgeCount()).as(at).isEqualTo(a.edgeCount());
            assertThat(b.slotCount()).as(at).isEqualTo(a.slotCount());
            assertThat(b.memoryBytes()).as(at).isEqualTo(a.memoryBytes());
            for (int v = 0; v < a.vertexCount(); v++) {
                assertThat(b.firstEdge(v)).as(at).isEqualTo(a.firstEdge(v));
            }
            if (anyEdgeOrder) {
                for (int v = 0; v < a.vertexCount(); v++) {
                    assertThat(edges(b, v)).as(at + ", vertex " + a.id(v)).isEqualTo(edges(a, v));
                }
                continue;
            }
            for (int e = 0; e < a.edgeCount(); e++) {
                String edge = at + ", edge " + e;
                assertThat(b.target(e)).as(edge).isEqualTo(a.target(e));
                assertThat(b.targetOwner(e)).as(edge).isEqualTo(a.targetOwner(e));
                assertThat(b.targetIndex(e)).as(edge).isEqualTo(a.targetIndex(e));
                assertThat(Double.doubleToRawLongBits(b.weight(e))).as(edge)
                        .isEqualTo(Double.doubleToRawLongBits(a.weight(e)));
            }
        }
    }

    /** Vertex {@code v}'s edges as sorted "target owner index weight" lines. */
    private static List<String> edges(GraphPartition g, int v) {
        List<String> edges = new ArrayList<>();
        for (int e = g.firstEdge(v); e < g.firstEdge(v + 1); e++) {
            edges.add(g.target(e) + " " + g.targetOwner(e) + " " + g.targetIndex(e) + " " + g.weight(e));
        }
        edges.sort(null);
        return edges;
    }

    /** Components, PageRank and shortest paths from {@code source} on both sources: the same values, bit for bit. */
    private static void assertSameResults(String what, int p, EdgeSource expected, EdgeSource actual,
            VertexRuns.Partitioner partitioner, long source) {
        List<VertexProgram<?, ?>> programs = new ArrayList<>(PROGRAMS);
        programs.add(ShortestPaths.program(source));
        for (VertexProgram<?, ?> program : programs) {
            Direction direction = program.name().contains("component") ? Direction.UNDIRECTED : Direction.DIRECTED;
            VertexResult a = run(p, expected, partitioner, direction, program);
            VertexResult b = run(p, actual, partitioner, direction, program);
            String at = what + ", " + program.name();
            assertThat(b.ids()).as(at).containsExactly(a.ids());
            assertThat(b.supersteps()).as(at).isEqualTo(a.supersteps());
            if (program.name().equals("connected-components")) {
                assertThat(b.longValues()).as(at).containsExactly(a.longValues());
            } else {
                double[] x = a.doubleValues();
                double[] y = b.doubleValues();
                for (int i = 0; i < x.length; i++) {
                    assertThat(Double.doubleToRawLongBits(y[i])).as(at + ", vertex " + a.ids()[i])
                            .isEqualTo(Double.doubleToRawLongBits(x[i]));
                }
            }
        }
    }

    private static List<GraphPartition> load(int p, EdgeSource edges, VertexRuns.Partitioner partitioner,
            Direction direction) {
        return BspRuntime.builder().processors(p).build().<Void, GraphPartition>run("load",
                ctx -> GraphPartition.load(ctx, edges, partitioner.partitioner, direction)).results();
    }

    private static VertexResult run(int p, EdgeSource edges, VertexRuns.Partitioner partitioner, Direction direction,
            VertexProgram<?, ?> program) {
        return VertexResult.merge(VertexRuns.run(BspRuntime.builder().processors(p).maxSupersteps(10_000).build(),
                edges, direction, partitioner, program, new java.util.concurrent.atomic.LongAdder()).results());
    }
}
