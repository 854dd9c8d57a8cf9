package io.ticktickclock.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ticktickclock.BspException;
import io.ticktickclock.BspRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The graph algorithms against sequential references (union-find, Dijkstra with a binary heap, a BFS queue,
 * power iteration) on seeded random multigraphs with sparse ids, self-loops and dangling vertices, for
 * 1, 2, 3 and 8 processors and the hash and range partitioners; and on small graphs checked by hand.
 */
@Timeout(120)
class AlgorithmsTest {

    private static final int[] PROCESSORS = {1, 2, 3, 8};

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (long seed = 1; seed <= 6; seed++) {
            for (String partitioner : List.of("hash", "range")) {
                cases.add(Arguments.of(seed, partitioner));
            }
        }
        return cases.stream();
    }

    private static VertexPartitioner partitioner(String name) {
        return name.equals("hash") ? VertexPartitioner.hash() : VertexPartitioner.range();
    }

    private static BspRuntime runtime(int p) {
        return BspRuntime.builder().processors(p).build();
    }

    @ParameterizedTest(name = "seed={0}, {1}")
    @MethodSource("cases")
    @DisplayName("connected components label each vertex with its component's smallest id, as union-find does")
    void componentsMatchUnionFind(long seed, String partitioner) {
        RandomGraph g = RandomGraph.generate(seed);
        long[] expected = g.components();
        for (int p : PROCESSORS) {
            VertexResult r = ConnectedComponents.run(runtime(p), g.unweighted(), partitioner(partitioner));
            assertThat(r.ids()).as("seed %d, p=%d: vertices", seed, p).containsExactly(g.ids());
            assertThat(r.longValues()).as("seed %d, p=%d: labels", seed, p).containsExactly(expected);
            assertThat(r.halted()).isTrue();
        }
    }

    @ParameterizedTest(name = "seed={0}, {1}")
    @MethodSource("cases")
    @DisplayName("HashMin, the plain vertex program, labels components as union-find does")
    void hashMinMatchesUnionFind(long seed, String partitioner) {
        RandomGraph g = RandomGraph.generate(seed);
        long[] expected = g.components();
        for (int p : PROCESSORS) {
            VertexResult r = PartitionedGraph.load(runtime(p), g.unweighted(), partitioner(partitioner),
                    GraphPartition.Direction.UNDIRECTED).run(ConnectedComponents.program());
            assertThat(r.longValues()).as("seed %d, p=%d: labels", seed, p).containsExactly(expected);
        }
    }

    @Test
    @DisplayName("components of long paths split over every processor: many exchange rounds, the same labels")
    void componentsOfPathsAcrossPartitions() {
        // Two paths, 1000 - 1001 - ... - 1999 and 5 - 3005 - 6005 - ..., and an isolated self-loop 42.
        int n = 1000;
        long[] s = new long[2 * n - 1];
        long[] t = new long[s.length];
        for (int i = 0; i < n - 1; i++) {
            s[i] = 1000 + i;
            t[i] = 1000 + i + 1;
            s[n - 1 + i] = 5 + 3000L * (i + 1);    // written target-first: the smallest id is at the far end
            t[n - 1 + i] = 5 + 3000L * i;
        }
        s[s.length - 1] = 42;
        t[t.length - 1] = 42;
        for (int p : PROCESSORS) {
            for (String partitioner : List.of("hash", "range")) {
                VertexResult r = ConnectedComponents.run(runtime(p), EdgeSource.of(s, t), partitioner(partitioner));
                for (long id : r.ids()) {
                    long expected = id == 42 ? 42 : id >= 1000 && id < 2000 ? 1000 : 5;
                    assertThat(r.longValue(id)).as("p=%d %s: vertex %d", p, partitioner, id).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    @DisplayName("connected components reject a directed load, naming the direction")
    void componentsNeedUndirectedLoad() {
        EdgeSource edges = EdgeSource.of(new long[] {1}, new long[] {2});
        PartitionedGraph directed = PartitionedGraph.load(runtime(2), edges);
        assertThatThrownBy(() -> ConnectedComponents.run(directed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("graph must be loaded with Direction.UNDIRECTED for connected components, got DIRECTED");
    }

    @ParameterizedTest(name = "seed={0}, {1}")
    @MethodSource("cases")
    @DisplayName("shortest paths equal Dijkstra's distances exactly (lightest parallel edge, +inf if unreachable)")
    void shortestPathsMatchDijkstra(long seed, String partitioner) {
        RandomGraph g = RandomGraph.generate(seed);
        long[] ids = g.ids();
        long source = g.sources()[0];
        double[] expected = g.distances(source);
        for (int p : PROCESSORS) {
            VertexResult r = ShortestPaths.run(runtime(p), g.weighted(), partitioner(partitioner), source);
            assertThat(r.ids()).as("seed %d, p=%d: vertices", seed, p).containsExactly(ids);
            assertThat(r.doubleValues()).as("seed %d, p=%d: distances from %d", seed, p, source)
                    .containsExactly(expected);
        }
    }

    @ParameterizedTest(name = "seed={0}, {1}")
    @MethodSource("cases")
    @DisplayName("breadth-first search gives the hop distances of a sequential BFS")
    void bfsMatchesQueue(long seed, String partitioner) {
        RandomGraph g = RandomGraph.generate(seed);
        long source = g.sources()[g.sources().length / 2];
        long[] expected = g.hops(source);
        for (int p : PROCESSORS) {
            VertexResult r = BreadthFirstSearch.run(runtime(p), g.unweighted(), partitioner(partitioner), source);
            assertThat(r.longValues()).as("seed %d, p=%d: hops from %d", seed, p, source).containsExactly(expected);
        }
    }

    @ParameterizedTest(name = "seed={0}, {1}")
    @MethodSource("cases")
    @DisplayName("PageRank agrees with sequential power iteration to 1e-12 and the ranks sum to 1")
    void pageRankMatchesPowerIteration(long seed, String partitioner) {
        RandomGraph g = RandomGraph.generate(seed);
        double[] expected = g.pageRank(0.85, 1e-10);
        for (int p : PROCESSORS) {
            VertexResult r = PageRank.run(runtime(p), g.unweighted(), partitioner(partitioner), 0.85, 1e-10);
            double[] ranks = r.doubleValues();
            for (int i = 0; i < ranks.length; i++) {
                assertThat(ranks[i]).as("seed %d, p=%d: rank of vertex %d", seed, p, r.ids()[i])
                        .isCloseTo(expected[i], within(1e-12));
            }
            assertThat(java.util.Arrays.stream(ranks).sum()).as("seed %d, p=%d", seed, p).isCloseTo(1, within(1e-9));
        }
    }

    @Test
    @DisplayName("hand-checked: two components, a self-loop, a vertex known only as a target")
    void componentsByHand() {
        // 5 - 3 - 9 (9 only a target), 7 -> 7 (self-loop), -4 -> 100
        EdgeSource edges = EdgeSource.of(new long[] {5, 3, 7, -4}, new long[] {3, 9, 7, 100});
        VertexResult r = ConnectedComponents.run(runtime(2), edges, VertexPartitioner.hash());
        assertThat(r.ids()).containsExactly(-4, 3, 5, 7, 9, 100);
        assertThat(r.longValues()).containsExactly(-4, 3, 3, 7, 3, -4);
    }

    @Test
    @DisplayName("hand-checked: shortest paths take the lightest of parallel edges and prefer a longer cheaper path")
    void shortestPathsByHand() {
        // 1 -> 2 (5), 1 -> 2 (3), 2 -> 3 (1), 1 -> 3 (10), 3 -> 4 (0), 5 -> 1 (1): 5 is unreachable from 1
        EdgeSource edges = EdgeSource.weighted(new long[] {1, 1, 2, 1, 3, 5}, new long[] {2, 2, 3, 3, 4, 1},
                new double[] {5, 3, 1, 10, 0, 1});
        VertexResult r = ShortestPaths.run(runtime(3), edges, VertexPartitioner.range(), 1);
        assertThat(r.ids()).containsExactly(1, 2, 3, 4, 5);
        assertThat(r.doubleValues()).containsExactly(0, 3, 4, 4, Double.POSITIVE_INFINITY);
    }

    @Test
    @DisplayName("hand-checked: BFS counts hops along out-edges only")
    void bfsByHand() {
        // 0 -> 1 -> 2 -> 3, 0 -> 2, 4 -> 0
        EdgeSource edges = EdgeSource.of(new long[] {0, 1, 2, 0, 4}, new long[] {1, 2, 3, 2, 0});
        VertexResult r = BreadthFirstSearch.run(runtime(2), edges, VertexPartitioner.hash(), 0);
        assertThat(r.longValues()).containsExactly(0, 1, 1, 2, BreadthFirstSearch.UNREACHABLE);
    }

    @Test
    @DisplayName("hand-checked: PageRank of a 2-cycle with a dangling vertex")
    void pageRankByHand() {
        // 1 <-> 2, 2 -> 3 (3 dangling). Fixed point with d = 0.5 and N = 3:
        EdgeSource edges = EdgeSource.of(new long[] {1, 2, 2}, new long[] {2, 1, 3});
        VertexResult r = PageRank.run(runtime(2), edges, VertexPartitioner.hash(), 0.5, 1e-15);
        // r1 = 1/6 + 0.5 (r2/2 + r3/3), r2 = 1/6 + 0.5 (r1 + r3/3), r3 = 1/6 + 0.5 (r2/2 + r3/3), r1+r2+r3 = 1
        // => r1 = r3 = x, r2 = 1 - 2x, 5x/6 = 1/6 + (1 - 2x)/4, so x = 5/16 and r2 = 6/16.
        assertThat(r.doubleValue(1)).isCloseTo(5.0 / 16, within(1e-12));
        assertThat(r.doubleValue(2)).isCloseTo(6.0 / 16, within(1e-12));
        assertThat(r.doubleValue(3)).isCloseTo(5.0 / 16, within(1e-12));
    }

    @Test
    @DisplayName("a source that is not a vertex is rejected, naming it")
    void unknownSourceRejected() {
        EdgeSource edges = EdgeSource.of(new long[] {1}, new long[] {2});
        assertThatThrownBy(() -> ShortestPaths.run(runtime(2), edges, VertexPartitioner.hash(), 42))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("source 42 is not a vertex of the graph");
        assertThatThrownBy(() -> BreadthFirstSearch.run(runtime(2), edges, VertexPartitioner.hash(), 42))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("source 42 is not a vertex of the graph");
    }

    @Test
    @DisplayName("negative, NaN and infinite weights are rejected up front, naming the edge")
    void badWeightsRejected() {
        long[] s = {1, 2, 3};
        long[] t = {2, 3, 4};
        assertThatThrownBy(() -> EdgeSource.weighted(s, t, new double[] {1, -0.5, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("edge 1 (2 -> 3) has weight -0.5; weights must be finite and >= 0");
        assertThatThrownBy(() -> EdgeSource.weighted(s, t, new double[] {Double.NaN, 1, 2}))
                .hasMessage("edge 0 (1 -> 2) has weight NaN; weights must be finite and >= 0");
        assertThatThrownBy(() -> EdgeSource.weighted(s, t, new double[] {1, 2, Double.POSITIVE_INFINITY}))
                .hasMessage("edge 2 (3 -> 4) has weight Infinity; weights must be finite and >= 0");
    }

    @Test
    @DisplayName("a custom edge source with a bad weight fails the load, naming the edge and the reading processor")
    void badWeightFromCustomSourceFailsLoad() {
        EdgeSource source = new EdgeSource() {
            @Override
            public void read(int pid, int processors, EdgeSink sink) {
                if (pid == 1) {
                    sink.accept(7, 8, -2.0);
                }
            }

            @Override
            public boolean weighted() {
                return true;
            }
        };
        assertThatThrownBy(() -> ShortestPaths.run(runtime(2), source, VertexPartitioner.hash(), 7))
                .isInstanceOf(BspException.class)
                .cause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("edge read by processor 1 (7 -> 8) has weight -2.0; weights must be finite and >= 0");
    }
}
