package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every algorithm of {@code io.ticktickclock.graph} against NetworkX on WordNet's pointer graph
 * ({@link WordNetReference}), once each, in every build: components at p = 3 with the hash partitioner, BFS and
 * Dijkstra at p = 2 with the range partitioner, vertex PageRank at p = 3 with the hash partitioner.
 * {@link WordNetGraphTest} (slow) repeats them for p = 1, 2, 3, 8 and both partitioners. Skipped, with the
 * reason, where WordNet, python3 or NetworkX is missing; {@code .ci/run} installs them, so CI runs it.
 */
@Timeout(300)
class WordNetGraphQuickTest {

    static WordNetReference reference;

    @BeforeAll
    static void networkXReference(@TempDir Path dir) throws Exception {
        Optional<String> missing = WordNetReference.unavailable();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: NetworkX comparison needs " + missing.orElseThrow());
        reference = WordNetReference.compute(dir);
    }

    @Test
    @DisplayName("connected components (p = 3, hash): every synset labelled with its weak component's smallest id, as NetworkX")
    void componentsAgree() {
        VertexResult r = ConnectedComponents.run(BspRuntime.builder().processors(3).build(), reference.weighted(),
                VertexPartitioner.hash());
        assertThat(r.ids()).containsExactly(reference.ids());
        assertThat(r.longValues()).containsExactly(reference.components());
    }

    @Test
    @DisplayName("BFS hops and Dijkstra distances from 'entity' (p = 2, range) equal NetworkX's exactly")
    void pathsAgree() {
        PartitionedGraph g = PartitionedGraph.load(BspRuntime.builder().processors(2).build(), reference.weighted(),
                VertexPartitioner.range(), Direction.DIRECTED);
        assertThat(g.run(BreadthFirstSearch.program(WordNetReference.ENTITY)).longValues())
                .containsExactly(reference.hops());
        assertThat(g.run(ShortestPaths.program(WordNetReference.ENTITY)).doubleValues())
                .containsExactly(reference.distances());
    }

    @Test
    @DisplayName("vertex PageRank (p = 3, hash) equals NetworkX's within its tolerance (the slow test also checks the pull PageRank)")
    void pageRankAgrees() throws Exception {
        VertexResult r = io.ticktickclock.graph.PageRank.run(BspRuntime.builder().processors(3).build(),
                EdgeSource.fromFile(reference.plain()), VertexPartitioner.hash(), 0.85, 1e-14);
        assertThat(r.ids()).containsExactly(reference.ids());
        double networkXDistance = 0;
        double[] got = r.doubleValues();
        for (int i = 0; i < got.length; i++) {
            networkXDistance += Math.abs(got[i] - reference.ranks()[i]);
        }
        // NetworkX stops once an iteration changes the ranks by less than N·tol (L1); its distance to the fixed
        // point is then below that times d / (1 - d) < 6.
        assertThat(networkXDistance).as("L1 distance to NetworkX")
                .isLessThan(6 * got.length * WordNetReference.NETWORKX_TOL);
    }
}
