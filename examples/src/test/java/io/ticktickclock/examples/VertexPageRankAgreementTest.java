package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.graph.EdgeSource;
import io.ticktickclock.graph.VertexPartitioner;
import io.ticktickclock.graph.VertexResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vertex-centric PageRank of {@code io.ticktickclock.graph} against the pull PageRank of the examples:
 * same damping, dangling mass and L1 stopping rule, so the ranks agree to 1e-12 for any processor counts and
 * partitioners on either side.
 */
@Timeout(120)
class VertexPageRankAgreementTest {

    /** The edges of {@code g} as input ids, rebuilt so that both programs see the same vertices (no isolated). */
    private static long[][] edges(Graph g) {
        long[] s = new long[(int) g.edges()];
        long[] t = new long[s.length];
        int i = 0;
        for (int u = 0; u < g.nodes(); u++) {
            for (long e = g.offsets()[u]; e < g.offsets()[u + 1]; e++, i++) {
                s[i] = g.id(u);
                t[i] = g.id(g.targets()[(int) e]);
            }
        }
        return new long[][] {s, t};
    }

    @ParameterizedTest(name = "{0} seed={1} tolerance={2}")
    @CsvSource({"uniform, 1, 1e-10", "uniform, 2, 1e-14", "rmat, 3, 1e-10", "rmat, 4, 1e-14", "sparse, 5, 1e-12"})
    @DisplayName("vertex-centric PageRank agrees with the pull PageRank to 1e-12, for p = 1, 2, 3, 8 on either side")
    void agreesWithPullPageRank(String shape, long seed, double tolerance) {
        Graph generated = switch (shape) {
            case "uniform" -> Graph.uniform(500, 3_000, seed);
            case "rmat" -> Graph.rmat(10, 8, seed);
            default -> {
                // Sparse ids with self-loops and parallel edges.
                java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
                long[] s = new long[2_000];
                long[] t = new long[2_000];
                for (int i = 0; i < s.length; i++) {
                    s[i] = 1_000_003L * random.nextInt(300);
                    t[i] = i % 10 == 0 ? s[i] : 1_000_003L * random.nextInt(400);
                }
                yield Graph.fromIds(s, t, s.length);
            }
        };
        long[][] e = edges(generated);
        Graph g = Graph.fromIds(e[0], e[1], e[0].length);
        int[] processors = {1, 2, 3, 8};
        for (int i = 0; i < processors.length; i++) {
            int pullP = processors[i];
            int vertexP = processors[(i + 1) % processors.length];
            BspResult<PageRank.State> pull = BspRuntime.builder().processors(pullP).build()
                    .run(PageRank.program(g, 0.85, tolerance), PageRank.noInput());
            double[] expected = PageRank.ranks(pull, g.nodes());
            VertexPartitioner partitioner = i % 2 == 0 ? VertexPartitioner.hash() : VertexPartitioner.range();
            VertexResult r = io.ticktickclock.graph.PageRank.run(BspRuntime.builder().processors(vertexP).build(),
                    EdgeSource.of(e[0], e[1]), partitioner, 0.85, tolerance);
            assertThat(r.size()).isEqualTo(g.nodes());
            for (int u = 0; u < g.nodes(); u++) {
                assertThat(r.doubleValue(g.id(u)))
                        .as("%s seed %d: node %d, pull p=%d, vertex p=%d %s", shape, seed, g.id(u), pullP, vertexP,
                                partitioner)
                        .isCloseTo(expected[u], within(1e-12));
            }
        }
    }
}
