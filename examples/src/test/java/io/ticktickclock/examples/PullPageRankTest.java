package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transposed graph, and the pull PageRank against the hand-written threaded baseline. */
@Timeout(60)
class PullPageRankTest {

    /** Row {@code u} of {@code g}, sorted. */
    private static int[] row(Graph g, int u) {
        int[] r = Arrays.copyOfRange(g.targets(), (int) g.offsets()[u], (int) g.offsets()[u + 1]);
        Arrays.sort(r);
        return r;
    }

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {1, 2, 3})
    @DisplayName("transpose reverses every edge with its multiplicity, lists sources ascending, and transposing "
            + "twice gives the rows back (up to order within a row)")
    void transposeReversesEveryEdge(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int nodes = 1 + random.nextInt(300);
        Graph g = Graph.uniform(nodes, random.nextInt(3_000), seed);
        Graph t = g.transpose();
        assertThat(t.nodes()).as("seed %d", seed).isEqualTo(g.nodes());
        assertThat(t.edges()).as("seed %d", seed).isEqualTo(g.edges());
        long[][] counts = new long[nodes][nodes];
        for (int u = 0; u < nodes; u++) {
            for (int v : row(g, u)) {
                counts[u][v]++;
            }
        }
        for (int v = 0; v < nodes; v++) {
            int[] sources = Arrays.copyOfRange(t.targets(), (int) t.offsets()[v], (int) t.offsets()[v + 1]);
            assertThat(sources).as("seed %d: in-edges of %d are ascending", seed, v).isSorted();
            for (int u : sources) {
                counts[u][v]--;
            }
        }
        for (int u = 0; u < nodes; u++) {
            for (int v = 0; v < nodes; v++) {
                assertThat(counts[u][v]).as("seed %d: edge %d -> %d", seed, u, v).isZero();
            }
        }
        Graph back = t.transpose();
        for (int u = 0; u < nodes; u++) {
            assertThat(row(back, u)).as("seed %d: row %d after two transposes", seed, u).isEqualTo(row(g, u));
        }
    }

    @Test
    @DisplayName("a graph whose offsets do not span its targets is rejected, naming both")
    void graphChecksItsOffsets() {
        assertThatThrownBy(() -> new Graph(2, new long[] {0, 1, 3}, new int[2], null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offsets must run from 0 to targets.length = 2, got 0 to 3");
        assertThatThrownBy(() -> new Graph(2, new long[] {1, 1, 2}, new int[2], null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offsets must run from 0 to targets.length = 2, got 1 to 2");
    }

    @Test
    @DisplayName("transpose keeps the input ids of a sparse graph")
    void transposeKeepsIds() {
        Graph g = Graph.fromIds(new long[] {10, 500}, new long[] {500, 7}, 2);
        Graph t = g.transpose();
        assertThat(t.ids()).containsExactly(7, 10, 500);
        // 500 -> 7 reversed: node 0 (id 7) has one out-edge in the transpose, to node 2 (id 500).
        assertThat(row(t, 0)).containsExactly(2);
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {1, 2, 3, 8})
    @DisplayName("k iterations of the BSP program equal k iterations of the threaded baseline bit for bit")
    void bspAndThreadedBaselineAgreeExactly(int p) throws InterruptedException {
        Graph g = Graph.uniform(700, 2_500, 11);
        int iterations = 7;
        BspResult<PageRank.State> r = BspRuntime.builder().processors(p).maxSupersteps(iterations + 1).build()
                .run(PageRank.program(g, 0.85, 0), PageRank.noInput());
        double[] bsp = PageRank.ranks(r, g.nodes());
        double[] threaded = ThreadedPageRank.run(g, g.transpose(), 0.85, iterations, p);
        assertThat(r.result(0).iterations()).isEqualTo(iterations);
        assertThat(bsp).as("p=%d", p).containsExactly(threaded);
    }

    @Test
    @DisplayName("more processors than nodes, and a graph without edges, still agree with the baseline exactly")
    void emptyBlocksAndNoEdges() throws InterruptedException {
        Graph tiny = Graph.uniform(3, 5, 1);
        BspResult<PageRank.State> r = BspRuntime.builder().processors(8).maxSupersteps(5).build()
                .run(PageRank.program(tiny, 0.85, 0), PageRank.noInput());
        assertThat(PageRank.ranks(r, 3)).containsExactly(ThreadedPageRank.run(tiny, tiny.transpose(), 0.85, 4, 8));
        Graph edgeless = Graph.fromEdges(4, new int[0], new int[0]);
        BspResult<PageRank.State> e = BspRuntime.builder().processors(3).build()
                .run(PageRank.program(edgeless, 0.85, 1e-12), PageRank.noInput());
        // Every node is dangling: the ranks stay uniform and the first measured change is 0.
        assertThat(e.converged()).isTrue();
        assertThat(PageRank.ranks(e, 4)).containsOnly(0.25);
        assertThat(PageRank.ranks(e, 4)).containsExactly(
                ThreadedPageRank.run(edgeless, edgeless.transpose(), 0.85, e.result(0).iterations(), 3));
    }

    @Test
    @DisplayName("the program rejects a bad damping, tolerance or transpose, naming the value")
    void programRejectsBadArguments() {
        Graph g = Graph.uniform(10, 20, 1);
        assertThatThrownBy(() -> PageRank.program(g, 1.5, 1e-9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("damping must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> PageRank.program(g, Double.NaN, 1e-9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("damping must be in [0, 1], got NaN");
        assertThatThrownBy(() -> PageRank.program(g, 0.85, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tolerance must be >= 0, got -1.0");
        assertThatThrownBy(() -> PageRank.program(g, Graph.uniform(10, 21, 1), 0.85, 0, (s, c) -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("transposed must be the transpose of graph: it has 10 nodes and 21 edges, expected 10 and 20");
    }

    @Test
    @DisplayName("the threaded baseline reports a failing thread instead of hanging")
    void threadedBaselineReportsFailures() {
        // A "transpose" whose last in-edge comes from node 1,000: the thread owning it fails at its first
        // pull while the other waits at the barrier.
        Graph g = Graph.uniform(10, 20, 1);
        Graph t = g.transpose();
        int[] sources = t.targets().clone();
        sources[sources.length - 1] = 1_000;
        Graph broken = new Graph(10, t.offsets(), sources, null);
        assertThatThrownBy(() -> ThreadedPageRank.run(g, broken, 0.85, 3, 2))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("a thread failed")
                .hasCauseInstanceOf(ArrayIndexOutOfBoundsException.class);
    }

    @Test
    @DisplayName("the threaded baseline rejects bad arguments, naming them")
    void threadedBaselineRejectsBadArguments() {
        Graph g = Graph.uniform(10, 20, 1);
        assertThatThrownBy(() -> ThreadedPageRank.run(g, g.transpose(), 0.85, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be >= 1, got 0");
        assertThatThrownBy(() -> ThreadedPageRank.run(g, g.transpose(), 0.85, -1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("iterations must be >= 0, got -1");
        assertThatThrownBy(() -> ThreadedPageRank.run(g, Graph.uniform(11, 20, 1), 0.85, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("in must be the transpose of graph: it has 11 nodes and 20 edges, expected 10 and 20");
        assertThatThrownBy(() -> ThreadedPageRank.run(g, g.transpose(), -0.1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("damping must be in [0, 1], got -0.1");
    }
}
