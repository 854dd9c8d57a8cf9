package io.ticktickclock.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticktickclock.BspContext;
import io.ticktickclock.BspException;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.ReduceOp;
import io.ticktickclock.graph.GraphPartition.Direction;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The examples of docs/guide.md's chapter "Vertex programs", compiled and run: test Gn is example Gn. */
@Timeout(60)
class GraphGuideExamplesTest {

    private final BspRuntime runtime = BspRuntime.builder().processors(3).build();

    @Test
    @DisplayName("G1 a first vertex program: every vertex learns the largest id of its component")
    void exampleG1FirstProgram() {
        EdgeSource edges = EdgeSource.of(new long[] {1, 2, 3, 7}, new long[] {2, 3, 1, 8});
        PartitionedGraph graph = PartitionedGraph.load(runtime, edges, VertexPartitioner.hash(), Direction.UNDIRECTED);

        VertexProgram<LongVertex, LongMessages> maxId = VertexProgram.ofLongs("max-id")
                .init(v -> v.setValue(v.id()))
                .compute((v, messages) -> {
                    long best = Math.max(v.value(), messages.max());
                    if (v.superstep() == 0 || best > v.value()) {
                        v.setValue(best);
                        v.sendToAllNeighbors(best);
                    }
                    v.voteToHalt();
                })
                .build();

        VertexResult r = graph.run(maxId);
        assertThat(r.ids()).containsExactly(1, 2, 3, 7, 8);
        assertThat(r.longValues()).containsExactly(3, 3, 3, 8, 8);
        assertThat(r.longValue(1)).isEqualTo(3);
        assertThat(r.supersteps()).isEqualTo(3);
    }

    @Test
    @DisplayName("G2 weights and a combiner: shortest paths in a dozen lines")
    void exampleG2Combiner() {
        EdgeSource roads = EdgeSource.weighted(new long[] {1, 1, 2, 3}, new long[] {2, 3, 3, 4},
                new double[] {4.0, 1.5, 1.0, 2.0});
        PartitionedGraph graph = PartitionedGraph.load(runtime, roads, VertexPartitioner.hash(), Direction.DIRECTED);
        long source = 1;

        VertexProgram<DoubleVertex, DoubleMessages> sssp = VertexProgram.ofDoubles("sssp")
                .init(v -> v.setValue(v.id() == source ? 0 : Double.POSITIVE_INFINITY))
                .combiner(ReduceOp.MIN)                     // at most one message per vertex, the smallest
                .compute((v, messages) -> {
                    if (messages.min() < v.value() || (v.superstep() == 0 && v.id() == source)) {
                        v.setValue(Math.min(v.value(), messages.min()));
                        for (int e = 0; e < v.edgeCount(); e++) {
                            v.sendAlong(e, v.value() + v.edgeWeight(e));
                        }
                    }
                    v.voteToHalt();
                })
                .build();

        VertexResult r = graph.run(sssp);
        assertThat(r.doubleValues()).containsExactly(0.0, 4.0, 1.5, 3.5);
    }

    @Test
    @DisplayName("G3 loading and computing inside your own SPMD program")
    void exampleG3InsideSpmd() {
        EdgeSource edges = EdgeSource.of(new long[] {10, 20, 30}, new long[] {20, 30, 40});
        List<VertexResult> parts = runtime.<Void, VertexResult>run((BspContext<Void> ctx) -> {
            GraphPartition mine = GraphPartition.load(ctx, edges, VertexPartitioner.range(), Direction.UNDIRECTED);
            return ConnectedComponents.program().run(ctx, mine);
        }).results();
        VertexResult labels = VertexResult.merge(parts);
        assertThat(labels.longValues()).containsExactly(10, 10, 10, 10);
    }

    @Test
    @DisplayName("G4 aggregators: PageRank with dangling mass and an L1 stopping rule")
    void exampleG4Aggregators() {
        double damping = 0.85;
        double tolerance = 1e-12;
        var builder = VertexProgram.ofDoubles("pagerank");
        Aggregator.OfDouble dangling = builder.doubleAggregator("dangling", ReduceOp.SUM);
        Aggregator.OfDouble change = builder.doubleAggregator("change", ReduceOp.SUM);
        VertexProgram<DoubleVertex, DoubleMessages> pageRank = builder
                .init(v -> v.setValue(1.0 / v.graphVertexCount()))
                .combiner(ReduceOp.SUM)
                .compute((v, shares) -> {
                    double n = v.graphVertexCount();
                    if (v.superstep() > 0) {
                        double next = (1 - damping) / n + damping * (shares.sum() + v.aggregated(dangling) / n);
                        v.aggregate(change, Math.abs(next - v.value()));
                        v.setValue(next);
                        if (v.superstep() > 1 && v.aggregated(change) < tolerance) {
                            v.voteToHalt();                 // every vertex reads the same value: all halt
                            return;
                        }
                    }
                    if (v.edgeCount() == 0) {
                        v.aggregate(dangling, v.value());   // spread over all vertices in the next superstep
                    } else {
                        v.sendToAllNeighbors(v.value() / v.edgeCount());
                    }
                })
                .build();

        RandomGraph g = RandomGraph.generate(7);
        PartitionedGraph graph = PartitionedGraph.load(runtime, g.unweighted());
        VertexResult ranks = graph.run(pageRank);
        // The library's PageRank is this program.
        assertThat(ranks.doubleValues()).containsExactly(graph.run(PageRank.program(damping, tolerance)).doubleValues());
        assertThat(ranks.aggregated(change)).isLessThan(tolerance);
    }

    @Test
    @DisplayName("G5 the master step: phases, waking every vertex, halting the run")
    void exampleG5Master() {
        EdgeSource edges = EdgeSource.of(new long[] {1, 2, 4}, new long[] {2, 3, 5});
        PartitionedGraph graph = PartitionedGraph.load(runtime, edges);

        var builder = VertexProgram.ofLongs("reach-then-count");
        Aggregator.OfLong reached = builder.longAggregator("reached", ReduceOp.SUM);
        VertexProgram<LongVertex, LongMessages> program = builder
                .init(v -> v.setValue(v.id() == 1 ? 1 : 0))
                .combiner(ReduceOp.MAX)
                .compute((v, messages) -> {
                    if (v.phase() == 0) {                   // phase 0: flood from vertex 1
                        if ((v.superstep() == 0 && v.value() == 1) || (v.value() == 0 && messages.max() == 1)) {
                            v.setValue(1);
                            v.sendToAllNeighbors(1);
                        }
                    } else {                                // phase 1: count the vertices reached
                        v.aggregate(reached, v.value());
                    }
                    v.voteToHalt();
                })
                .master(m -> {
                    if (m.phase() == 0 && m.activeVertices() == 0 && m.messagesSent() == 0) {
                        m.setPhase(1);                      // the flood is over
                        m.activateAllVertices();            // every vertex runs once more, in phase 1
                    } else if (m.phase() == 1) {
                        m.haltRun();
                    }
                })
                .build();

        VertexResult r = graph.run(program);
        assertThat(r.aggregated(reached)).isEqualTo(3);
        assertThat(r.longValues()).containsExactly(1, 1, 1, 0, 0);
        assertThat(r.phase()).isEqualTo(1);
    }

    @Test
    @DisplayName("G3 an edge list file: a malformed line fails the load, naming the file, the line number and the line")
    void exampleG3EdgeFile(@TempDir Path dir) throws Exception {
        StringBuilder lines = new StringBuilder("# roads: from to kilometres\n");
        for (int i = 0; i < 15; i++) {
            lines.append(i).append(' ').append(i + 1).append(" 2.5\n");
        }
        lines.append("4 9 -2\n");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("roads.txt.gz")))) {
            out.write(lines.toString().getBytes(StandardCharsets.US_ASCII));
        }

        Path file = dir.resolve("roads.txt.gz");        // line 17 is "4 9 -2"
        EdgeSource roads = EdgeSource.fromFile(file);   // NoSuchFileException if it is missing
        assertThatThrownBy(() -> PartitionedGraph.load(runtime, roads))
                .isInstanceOf(BspException.class)
                .cause()
                .hasMessage(file + ":17: weight -2 is negative; weights must be finite and >= 0: \"4 9 -2\"");
    }

    @Test
    @DisplayName("G6 the algorithms of the library")
    void exampleG6Algorithms() {
        EdgeSource edges = EdgeSource.weighted(new long[] {1, 2, 2, 5}, new long[] {2, 3, 1, 6},
                new double[] {1.0, 2.0, 0.5, 1.0});
        VertexPartitioner hash = VertexPartitioner.hash();
        VertexResult components = ConnectedComponents.run(runtime, edges, hash);
        VertexResult distances = ShortestPaths.run(runtime, edges, hash, 1);
        VertexResult hops = BreadthFirstSearch.run(runtime, edges, hash, 1);
        VertexResult ranks = PageRank.run(runtime, edges, hash, 0.85, 1e-10);

        assertThat(components.longValues()).containsExactly(1, 1, 1, 5, 5);
        assertThat(distances.doubleValues()).containsExactly(0.0, 1.0, 3.0, Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY);
        assertThat(hops.longValue(3)).isEqualTo(2);
        assertThat(hops.longValue(6)).isEqualTo(BreadthFirstSearch.UNREACHABLE);
        assertThat(java.util.Arrays.stream(ranks.doubleValues()).sum()).isCloseTo(1.0,
                org.assertj.core.api.Assertions.within(1e-9));
    }

    /** G7's value (the distance from the source and the vertex it is reached from) and message (an offer). */
    record Route(double distance, long via) {}
    record Offer(double distance, long from) {}

    @Test
    @DisplayName("G7 object values and messages: shortest paths that remember the way")
    void exampleG7Objects() {
        EdgeSource roads = EdgeSource.weighted(new long[] {1, 1, 2, 3}, new long[] {2, 3, 3, 4},
                new double[] {4.0, 1.5, 1.0, 2.0});
        PartitionedGraph graph = PartitionedGraph.load(runtime, roads, VertexPartitioner.hash(), Direction.DIRECTED);
        long source = 1;

        VertexProgram<ObjectVertex<Route, Offer>, ObjectMessages<Offer>> routes =
                VertexProgram.<Route, Offer>ofObjects("routes")
            .init(v -> v.setValue(new Route(v.id() == source ? 0 : Double.POSITIVE_INFINITY, v.id())))
            .compute((v, offers) -> {
                Route best = v.value();
                for (int i = 0; i < offers.size(); i++) {
                    Offer o = offers.get(i);
                    if (o.distance() < best.distance()) {
                        best = new Route(o.distance(), o.from());
                    }
                }
                if (best != v.value() || (v.superstep() == 0 && v.id() == source)) {
                    v.setValue(best);
                    for (int e = 0; e < v.edgeCount(); e++) {
                        v.sendAlong(e, new Offer(best.distance() + v.edgeWeight(e), v.id()));
                    }
                }
                v.voteToHalt();
            })
            .build();

        VertexResult r = graph.run(routes);
        assertThat(r.objectValue(4, Route.class)).isEqualTo(new Route(3.5, 3));   // 1 -> 3 -> 4
        assertThat(r.objectValues(Route.class)).extracting(Route::via).containsExactly(1L, 1L, 1L, 3L);
    }
}
