package io.ticktickclock.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticktickclock.BspException;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.graph.GraphPartition.Direction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Loading partitioned graphs, and the partitioners. */
@Timeout(60)
class GraphPartitionTest {

    private static PartitionedGraph load(int p, RandomGraph g, VertexPartitioner partitioner, Direction direction) {
        return PartitionedGraph.load(BspRuntime.builder().processors(p).build(), g.weighted(), partitioner, direction);
    }

    /** Every edge of the partitions as "source target weight", sorted. */
    private static List<String> edgesOf(PartitionedGraph graph) {
        List<String> edges = new ArrayList<>();
        for (GraphPartition part : graph.partitions()) {
            for (int v = 0; v < part.vertexCount(); v++) {
                for (int e = part.firstEdge(v); e < part.firstEdge(v + 1); e++) {
                    edges.add(part.id(v) + " " + part.target(e) + " " + part.weight(e));
                }
            }
        }
        edges.sort(null);
        return edges;
    }

    private static List<String> edgesOf(RandomGraph g, boolean reversedToo) {
        List<String> edges = new ArrayList<>();
        for (int e = 0; e < g.sources().length; e++) {
            edges.add(g.sources()[e] + " " + g.targets()[e] + " " + g.weights()[e]);
            if (reversedToo) {
                edges.add(g.targets()[e] + " " + g.sources()[e] + " " + g.weights()[e]);
            }
        }
        edges.sort(null);
        return edges;
    }

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {1, 2, 3, 4})
    @DisplayName("each vertex is held once, by its owner; each edge once, by its source's owner, with its weight; "
            + "each edge resolves to its target's owner and local index")
    void partitionsHoldEachVertexAndEdgeOnce(long seed) {
        RandomGraph g = RandomGraph.generate(seed);
        for (int p : new int[] {1, 2, 3, 8}) {
            for (VertexPartitioner partitioner : List.of(VertexPartitioner.hash(), VertexPartitioner.range(),
                    (VertexPartitioner) (id, q) -> (int) Math.floorMod(id, q))) {
                PartitionedGraph graph = load(p, g, partitioner, Direction.DIRECTED);
                String where = "seed " + seed + ", p=" + p + ", " + partitioner;
                List<Long> ids = new ArrayList<>();
                for (GraphPartition part : graph.partitions()) {
                    long[] mine = part.ids();
                    assertThat(mine).as(where).isSorted();
                    for (int v = 0; v < part.vertexCount(); v++) {
                        ids.add(part.id(v));
                        assertThat(part.partitioner().ownerOf(part.id(v), p)).as(where).isEqualTo(part.pid());
                        assertThat(part.indexOf(part.id(v))).isEqualTo(v);
                        for (int e = part.firstEdge(v); e < part.firstEdge(v + 1); e++) {
                            GraphPartition owner = graph.partitions().get(part.targetOwner(e));
                            assertThat(owner.id(part.targetIndex(e))).as(where).isEqualTo(part.target(e));
                        }
                    }
                }
                ids.sort(null);
                assertThat(ids).as(where + ": every vertex once").containsExactly(
                        Arrays.stream(g.ids()).boxed().toArray(Long[]::new));
                assertThat(edgesOf(graph)).as(where + ": every edge once").isEqualTo(edgesOf(g, false));
                assertThat(graph.vertexCount()).isEqualTo(g.ids().length);
                assertThat(graph.edgeCount()).isEqualTo(g.sources().length);
            }
        }
    }

    @Test
    @DisplayName("an undirected load adds every edge reversed, with its weight")
    void undirectedAddsReversedEdges() {
        RandomGraph g = RandomGraph.generate(9);
        PartitionedGraph graph = load(3, g, VertexPartitioner.hash(), Direction.UNDIRECTED);
        assertThat(edgesOf(graph)).isEqualTo(edgesOf(g, true));
        assertThat(graph.edgeCount()).isEqualTo(2L * g.sources().length);
    }

    @Test
    @DisplayName("a vertex that appears only as a target exists, with no out-edges; out-edges keep input order")
    void targetsOnlyVerticesExist() {
        PartitionedGraph graph = PartitionedGraph.load(BspRuntime.builder().processors(2).build(),
                EdgeSource.of(new long[] {1, 1, 1}, new long[] {50, 20, 50}));
        long[] targets = null;
        for (GraphPartition part : graph.partitions()) {
            int v = part.indexOf(1);
            if (v >= 0) {
                targets = new long[part.outDegree(v)];
                for (int e = 0; e < targets.length; e++) {
                    targets[e] = part.target(part.firstEdge(v) + e);
                }
            }
            for (long id : new long[] {20, 50}) {
                int t = part.indexOf(id);
                if (t >= 0) {
                    assertThat(part.outDegree(t)).isZero();
                }
            }
        }
        assertThat(targets).containsExactly(50, 20, 50);
        assertThat(graph.vertexCount()).isEqualTo(3);
    }

    @Test
    @DisplayName("range() binds to the loaded ids: owners grow with the id and every processor gets a range")
    void rangeIsContiguous() {
        long[] s = new long[1000];
        long[] t = new long[1000];
        for (int i = 0; i < s.length; i++) {
            s[i] = 5_000 + i;
            t[i] = 5_000 + (i * 7) % 1000;
        }
        PartitionedGraph graph = PartitionedGraph.load(BspRuntime.builder().processors(4).build(), EdgeSource.of(s, t),
                VertexPartitioner.range(), Direction.DIRECTED);
        assertThat(graph.partitions().get(0).partitioner()).isEqualTo(VertexPartitioner.range(5_000, 5_999));
        for (GraphPartition part : graph.partitions()) {
            assertThat(part.vertexCount()).isEqualTo(250);
            assertThat(part.id(0)).isEqualTo(5_000 + 250L * part.pid());
        }
    }

    @Test
    @DisplayName("range(min, max) splits into equal widths, clamps ids outside, and handles the whole long range")
    void rangeArithmetic() {
        VertexPartitioner r = VertexPartitioner.range(0, 9);
        int[] owners = new int[10];
        for (int i = 0; i < 10; i++) {
            owners[i] = r.ownerOf(i, 3);
        }
        assertThat(owners).containsExactly(0, 0, 0, 0, 1, 1, 1, 1, 2, 2);
        assertThat(r.ownerOf(-5, 3)).isZero();
        assertThat(r.ownerOf(100, 3)).isEqualTo(2);
        VertexPartitioner all = VertexPartitioner.range(Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(all.ownerOf(Long.MIN_VALUE, 4)).isZero();
        assertThat(all.ownerOf(-1, 4)).isEqualTo(1);
        assertThat(all.ownerOf(0, 4)).isEqualTo(2);
        assertThat(all.ownerOf(Long.MAX_VALUE, 4)).isEqualTo(3);
        assertThatThrownBy(() -> VertexPartitioner.range(5, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minId must be <= maxId, got minId 5 and maxId 4");
    }

    @Test
    @DisplayName("hash() spreads consecutive ids evenly over processors")
    void hashIsBalanced() {
        int[] counts = new int[8];
        for (long id = 0; id < 80_000; id++) {
            counts[VertexPartitioner.hash().ownerOf(id, 8)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(9_500, 10_500);
        }
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            assertThat(VertexPartitioner.hash().ownerOf(random.nextLong(), 7)).isBetween(0, 6);
        }
    }

    @Test
    @DisplayName("a partitioner that returns a processor out of range fails the load, naming the vertex")
    void badPartitionerFailsLoad() {
        assertThatThrownBy(() -> PartitionedGraph.load(BspRuntime.builder().processors(2).build(),
                EdgeSource.of(new long[] {1}, new long[] {2}), (id, p) -> (int) id, Direction.DIRECTED))
                .isInstanceOf(BspException.class)
                .cause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("put vertex 2 on processor 2, expected [0, 2)");
    }

    @Test
    @DisplayName("an empty edge source loads an empty graph")
    void emptyGraph() {
        PartitionedGraph graph = PartitionedGraph.load(BspRuntime.builder().processors(3).build(),
                EdgeSource.of(new long[0], new long[0]), VertexPartitioner.range(), Direction.DIRECTED);
        assertThat(graph.vertexCount()).isZero();
        assertThat(graph.run(ConnectedComponents.program()).size()).isZero();
    }

    @Test
    @DisplayName("array sources of different lengths are rejected, naming both")
    void arrayLengthsChecked() {
        assertThatThrownBy(() -> EdgeSource.of(new long[2], new long[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sources and targets must have the same length, got 2 and 3");
        assertThatThrownBy(() -> EdgeSource.weighted(new long[2], new long[2], new double[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sources, targets and weights must have the same length, got 2, 2 and 1");
    }

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {5, 6})
    @DisplayName("loading in rounds (of 1, 2, 7 edges or all at once) keeps each vertex's edges in input order, "
            + "reversed edges of an undirected load after their edge's forward one")
    void roundsKeepInputOrder(long seed) {
        RandomGraph g = RandomGraph.generate(seed);
        EdgeSource edges = g.weighted();
        for (int p : new int[] {1, 2, 3, 8}) {
            for (VertexPartitioner partitioner : List.of(VertexPartitioner.hash(), VertexPartitioner.range())) {
                for (Direction direction : Direction.values()) {
                    for (int round : new int[] {1, 2, 7, GraphPartition.ROUND_EDGES}) {
                        String where = "seed " + seed + ", p=" + p + ", " + partitioner + ", " + direction
                                + ", rounds of " + round;
                        List<GraphPartition> parts = BspRuntime.builder().processors(p).build()
                                .<Void, GraphPartition>run(ctx -> GraphPartition.load(ctx, edges, partitioner,
                                        direction, round)).results();
                        long vertices = 0;
                        for (GraphPartition part : parts) {
                            vertices += part.vertexCount();
                            for (int v = 0; v < part.vertexCount(); v++) {
                                List<String> row = new ArrayList<>();
                                for (int e = part.firstEdge(v); e < part.firstEdge(v + 1); e++) {
                                    row.add(part.target(e) + " " + part.weight(e));
                                    GraphPartition owner = parts.get(part.targetOwner(e));
                                    assertThat(owner.id(part.targetIndex(e))).as(where).isEqualTo(part.target(e));
                                }
                                assertThat(row).as(where + ", vertex " + part.id(v))
                                        .containsExactlyElementsOf(rowInInputOrder(g, part.id(v), direction));
                            }
                        }
                        assertThat(vertices).as(where).isEqualTo(g.ids().length);
                    }
                }
            }
        }
    }

    /** Vertex {@code id}'s edges as "target weight", in input order: what every load must give it. */
    private static List<String> rowInInputOrder(RandomGraph g, long id, Direction direction) {
        List<String> row = new ArrayList<>();
        for (int e = 0; e < g.sources().length; e++) {
            if (g.sources()[e] == id) {
                row.add(g.targets()[e] + " " + g.weights()[e]);
            }
            if (direction == Direction.UNDIRECTED && g.targets()[e] == id) {
                row.add(g.sources()[e] + " " + g.weights()[e]);
            }
        }
        return row;
    }
}
