package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.graph.BreadthFirstSearch;
import io.ticktickclock.graph.ConnectedComponents;
import io.ticktickclock.graph.EdgeSource;
import io.ticktickclock.graph.GraphPartition.Direction;
import io.ticktickclock.graph.PartitionedGraph;
import io.ticktickclock.graph.ShortestPaths;
import io.ticktickclock.graph.VertexPartitioner;
import io.ticktickclock.graph.VertexResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The graph algorithms of {@code io.ticktickclock.graph} on a real graph, WordNet's pointer graph (~118k
 * synsets with sparse ids, ~378k pointers with multi-edges, self-loops and dangling vertices; the edges of
 * {@link WordNetPageRankTest#writeEdges}), against NetworkX: weakly connected components, BFS and Dijkstra
 * from the synset "entity", and PageRank; loaded from a gzipped weighted edge list with
 * {@link EdgeSource#fromFile}, for 1, 2, 3 and 8 processors and both partitioners. Needs Debian's
 * {@code wordnet-base} and {@code python3-networkx} (with SciPy): NetworkX runs once, about 15 s of CPU
 * (building its graph takes most of it), so the class is slow: run with {@code bin/test -Pslow}.
 */
@Tag("slow")
@Timeout(600)
class WordNetGraphTest {

    static final long ENTITY = WordNetReference.ENTITY;
    static final double NETWORKX_TOL = WordNetReference.NETWORKX_TOL;
    /** The processor counts and partitioners: every count once, each partitioner twice. */
    static final List<Object[]> RUNS = List.of(new Object[] {1, VertexPartitioner.hash()},
            new Object[] {2, VertexPartitioner.range()}, new Object[] {3, VertexPartitioner.hash()},
            new Object[] {8, VertexPartitioner.range()});

    static Path plain;
    static EdgeSource weighted;
    static long[] ids;
    static long[] components;
    static long[] hops;
    static double[] distances;
    static double[] ranks;

    /** Writes WordNet's edges and runs NetworkX on them ({@link WordNetReference}). */
    @BeforeAll
    @Timeout(300)
    static void networkXReference(@TempDir Path dir) throws Exception {
        WordNetReference r = WordNetReference.compute(dir);
        plain = r.plain();
        weighted = r.weighted();
        ids = r.ids();
        components = r.components();
        hops = r.hops();
        distances = r.distances();
        ranks = r.ranks();
    }

    private static BspRuntime runtime(Object[] run) {
        return BspRuntime.builder().processors((Integer) run[0]).build();
    }

    private static String describe(Object[] run) {
        return "p=" + run[0] + ", " + run[1];
    }

    @Test
    @DisplayName("connected components: every synset labelled with the smallest id of its weak component, as NetworkX")
    void componentsAgree() {
        for (Object[] run : RUNS) {
            VertexResult r = ConnectedComponents.run(runtime(run), weighted, (VertexPartitioner) run[1]);
            assertThat(r.ids()).as(describe(run)).containsExactly(ids);
            assertThat(r.longValues()).as(describe(run)).containsExactly(components);
        }
    }

    @Test
    @DisplayName("BFS hops and Dijkstra distances from 'entity' equal NetworkX's exactly (lightest parallel edge)")
    void pathsAgree() {
        for (Object[] run : RUNS) {
            PartitionedGraph g = PartitionedGraph.load(runtime(run), weighted, (VertexPartitioner) run[1],
                    Direction.DIRECTED);
            assertThat(g.run(BreadthFirstSearch.program(ENTITY)).longValues()).as(describe(run))
                    .containsExactly(hops);
            assertThat(g.run(ShortestPaths.program(ENTITY)).doubleValues()).as(describe(run))
                    .containsExactly(distances);
        }
    }

    @Test
    @DisplayName("vertex PageRank equals the pull PageRank to 1e-12 per synset and NetworkX within its tolerance")
    void pageRankAgrees() throws Exception {
        Graph graph = EdgeListReader.read(plain);
        BspResult<PageRank.State> pull = BspRuntime.builder().processors(2).build()
                .run(PageRank.program(graph, 0.85, 1e-14), PageRank.noInput());
        double[] pullRanks = PageRank.ranks(pull, graph.nodes());
        assertThat(graph.nodes()).isEqualTo(ids.length);
        double[] expected = new double[ids.length];
        for (int v = 0; v < graph.nodes(); v++) {
            expected[java.util.Arrays.binarySearch(ids, graph.id(v))] = pullRanks[v];
        }
        assertThat(pull.converged()).isTrue();
        for (Object[] run : RUNS) {
            VertexResult r = io.ticktickclock.graph.PageRank.run(runtime(run), EdgeSource.fromFile(plain),
                    (VertexPartitioner) run[1], 0.85, 1e-14);
            assertThat(r.ids()).as(describe(run)).containsExactly(ids);
            double pullWorst = 0;
            double networkXDistance = 0;
            double[] got = r.doubleValues();
            for (int i = 0; i < ids.length; i++) {
                double rank = got[i];
                pullWorst = Math.max(pullWorst, Math.abs(rank - expected[i]));
                networkXDistance += Math.abs(rank - ranks[i]);
            }
            assertThat(pullWorst).as("%s: largest difference to the pull PageRank", describe(run)).isLessThan(1e-12);
            // NetworkX stops once an iteration changes the ranks by less than N·tol (L1); its distance to the
            // fixed point is then below that times d / (1 - d) < 6.
            assertThat(networkXDistance).as("%s: L1 distance to NetworkX", describe(run))
                    .isLessThan(6 * ids.length * NETWORKX_TOL);
        }
    }
}
