package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The examples compute what their sequential references compute, for any processor count. */
@Timeout(60)
class ExamplesTest {

    /** Textbook power iteration with dangling mass spread uniformly, to a fixed point. */
    static double[] sequentialPageRank(Graph g, double d, double tolerance) {
        int n = g.nodes();
        double[] rank = new double[n];
        java.util.Arrays.fill(rank, 1.0 / n);
        for (int iteration = 0; iteration < 10_000; iteration++) {
            double[] next = new double[n];
            double dangling = 0;
            for (int u = 0; u < n; u++) {
                int degree = g.outDegree(u);
                if (degree == 0) {
                    dangling += rank[u];
                }
                for (long e = g.offsets()[u]; e < g.offsets()[u + 1]; e++) {
                    next[g.targets()[(int) e]] += rank[u] / degree;
                }
            }
            double change = 0;
            for (int v = 0; v < n; v++) {
                next[v] = (1 - d) / n + d * (next[v] + dangling / n);
                change += Math.abs(next[v] - rank[v]);
            }
            rank = next;
            if (change < tolerance) {
                break;
            }
        }
        return rank;
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {1, 2, 3, 8})
    @DisplayName("PageRank agrees with the sequential power iteration to 1e-12 per node and sums to 1")
    void pageRankMatchesTheSequentialReference(int p) {
        // 500 nodes and 1,500 random edges leave many dangling nodes, self-loops and duplicate edges.
        Graph g = Graph.uniform(500, 1_500, 7);
        double[] expected = sequentialPageRank(g, 0.85, 1e-15);
        BspResult<PageRank.State> r = BspRuntime.builder().processors(p).build()
                .run(PageRank.program(g, 0.85, 1e-14), PageRank.noInput());
        double[] ranks = PageRank.ranks(r, g.nodes());
        assertThat(r.converged()).isTrue();
        double sum = 0;
        for (int v = 0; v < g.nodes(); v++) {
            assertThat(ranks[v]).as("rank of node %d", v).isCloseTo(expected[v], org.assertj.core.data.Offset.offset(1e-12));
            sum += ranks[v];
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    @DisplayName("the generated graph is deterministic for a seed and its CSR holds every edge once")
    void uniformGraphIsDeterministic() {
        Graph a = Graph.uniform(100, 1_000, 42);
        Graph b = Graph.uniform(100, 1_000, 42);
        assertThat(a.targets()).isEqualTo(b.targets());
        assertThat(a.offsets()).isEqualTo(b.offsets());
        assertThat(a.offsets()[100]).isEqualTo(1_000);
        assertThat(Graph.uniform(100, 1_000, 43).targets()).isNotEqualTo(a.targets());
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {1, 2, 3, 16})
    @DisplayName("the parallel sum equals the sequential sum, also when there are fewer numbers than processors")
    void parallelSumMatchesSequential(int p) {
        BspRuntime runtime = BspRuntime.builder().processors(p).build();
        for (long n : new long[] {0, 1, 5, 100_003}) {
            assertThat(runtime.run(ParallelSum.program(n)).result(0)).isEqualTo(ParallelSum.sequential(n));
        }
    }
}
