package io.ticktickclock.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticktickclock.BspRuntime;
import io.ticktickclock.ReduceOp;
import io.ticktickclock.graph.GraphPartition.Direction;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Object-valued vertex programs ({@link VertexProgram#ofObjects}): records as values and messages, through the
 * same API as the primitive programs, checked against a sequential reference for 1, 2, 3 and 8 processors and
 * both partitioners.
 */
@Timeout(120)
class ObjectVertexTest {

    /** A vertex's distance from the source and the vertex it is reached from (itself if none). */
    record Route(double distance, long via) {}

    /** A route offered along an edge. */
    record Offer(double distance, long from) {}

    /** Shortest paths that also record the predecessor: the smallest id among those on a shortest path. */
    static VertexProgram<ObjectVertex<Route, Offer>, ObjectMessages<Offer>> routes(long source) {
        return VertexProgram.<Route, Offer>ofObjects("routes")
                .init(v -> v.setValue(new Route(v.id() == source ? 0 : Double.POSITIVE_INFINITY, v.id())))
                .compute((v, offers) -> {
                    Route best = v.value();
                    for (int i = 0; i < offers.size(); i++) {
                        Offer o = offers.get(i);
                        if (o.distance() < best.distance() || (o.distance() == best.distance() && o.from() < best.via())) {
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
    }

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    @DisplayName("records as values and messages: distances equal Dijkstra's, each via is the smallest predecessor on a shortest path")
    void routesMatchDijkstra(long seed) {
        RandomGraph g = RandomGraph.generate(seed);
        long source = g.sources()[0];
        long[] ids = g.ids();
        double[] expected = g.distances(source);
        for (int p : new int[] {1, 2, 3, 8}) {
            for (VertexPartitioner partitioner : List.of(VertexPartitioner.hash(), VertexPartitioner.range())) {
                VertexResult r = PartitionedGraph.load(BspRuntime.builder().processors(p).build(), g.weighted(),
                        partitioner, Direction.DIRECTED).run(routes(source));
                List<Route> routes = r.objectValues(Route.class);
                assertThat(r.ids()).containsExactly(ids);
                for (int i = 0; i < ids.length; i++) {
                    Route route = routes.get(i);
                    String where = "seed " + seed + ", p=" + p + ", " + partitioner + ", vertex " + ids[i];
                    assertThat(route.distance()).as(where).isEqualTo(expected[i]);
                    long smallest = ids[i];
                    if (ids[i] != source && expected[i] < Double.POSITIVE_INFINITY) {
                        smallest = Long.MAX_VALUE;
                        for (int e = 0; e < g.sources().length; e++) {
                            int u = java.util.Arrays.binarySearch(ids, g.sources()[e]);
                            if (g.targets()[e] == ids[i] && expected[u] + g.weights()[e] == expected[i]) {
                                smallest = Math.min(smallest, g.sources()[e]);
                            }
                        }
                    }
                    assertThat(route.via()).as(where).isEqualTo(smallest);
                    assertThat(r.objectValue(ids[i], Route.class)).as(where).isEqualTo(route);
                }
            }
        }
    }

    @Test
    @DisplayName("object messages sent by id arrive after those sent along edges, and wake halted vertices")
    void sendByIdAndWake() {
        // 1 -> 2, 3 (isolated target of nobody's edge but 2's send by id)
        EdgeSource edges = EdgeSource.of(new long[] {1, 3}, new long[] {2, 3});
        VertexProgram<ObjectVertex<List<String>, String>, ObjectMessages<String>> program =
                VertexProgram.<List<String>, String>ofObjects("mail")
                        .init(v -> v.setValue(List.of()))
                        .compute((v, mail) -> {
                            if (v.superstep() == 0 && v.id() == 1) {
                                v.send(2, "by id from 1");
                                v.sendToAllNeighbors("along an edge from 1");
                            }
                            if (v.superstep() == 1 && v.id() == 2) {
                                v.send(3, "by id from 2");
                            }
                            List<String> seen = new java.util.ArrayList<>(v.value());
                            for (int i = 0; i < mail.size(); i++) {
                                seen.add(mail.get(i));
                            }
                            v.setValue(List.copyOf(seen));
                            v.voteToHalt();
                        })
                        .build();
        for (int p : new int[] {1, 2, 3}) {
            VertexResult r = PartitionedGraph.load(BspRuntime.builder().processors(p).build(), edges).run(program);
            @SuppressWarnings("rawtypes")
            List<List> values = r.objectValues(List.class);
            assertThat(values).as("p=%d", p).containsExactly(List.of(),
                    List.of("along an edge from 1", "by id from 1"), List.of("by id from 2"));
            assertThat(r.supersteps()).isEqualTo(3);
        }
    }

    @Test
    @DisplayName("an object program takes no combiner, and its result has no numeric values")
    void noCombinerNoNumbers() {
        assertThatThrownBy(() -> VertexProgram.<String, String>ofObjects("x").combiner(ReduceOp.MIN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("vertex program 'x' has object messages: they take no combiner (fold them in compute, "
                        + "or use ofDoubles or ofLongs)");
        VertexResult r = PartitionedGraph.load(BspRuntime.builder().processors(2).build(),
                EdgeSource.of(new long[] {1}, new long[] {2}))
                .run(VertexProgram.<String, String>ofObjects("x").compute((v, m) -> v.voteToHalt()).build());
        assertThat(r.objectValue(1, String.class)).isNull();
        assertThatThrownBy(r::doubleValues).isInstanceOf(IllegalStateException.class)
                .hasMessage("the program's values are objects; use the object accessors");
    }
}
