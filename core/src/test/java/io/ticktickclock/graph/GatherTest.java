package io.ticktickclock.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticktickclock.BspRuntime;
import io.ticktickclock.ReduceOp;
import io.ticktickclock.graph.GraphPartition.Direction;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine's gather path (a value sent to all neighbours by every vertex with out-edges, folded at the
 * targets' owners over an in-edge index) gives the bits of the scatter through the slots, whatever mix of
 * sends a superstep has.
 */
@Timeout(120)
class GatherTest {

    private static final int[] PROCESSORS = {1, 2, 3, 8};

    static Stream<Arguments> cases() {
        return Stream.of(11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L).flatMap(seed ->
                Stream.of(Arguments.of(seed, "hash"), Arguments.of(seed, "range")));
    }

    private static PartitionedGraph load(RandomGraph g, int p, String partitioner) {
        return PartitionedGraph.load(BspRuntime.builder().processors(p).build(), g.unweighted(),
                partitioner.equals("hash") ? VertexPartitioner.hash() : VertexPartitioner.range(), Direction.DIRECTED);
    }

    /** PageRank as in {@link PageRank}, sending with one {@code sendToAllNeighbors} or a {@code sendAlong} per edge. */
    private static VertexProgram<DoubleVertex, DoubleMessages> pageRank(boolean broadcast, int iterations) {
        var program = VertexProgram.ofDoubles("pagerank-" + broadcast);
        Aggregator.OfDouble dangling = program.doubleAggregator("dangling", ReduceOp.SUM);
        return program
                .init(v -> v.setValue(1.0 / v.graphVertexCount()))
                .combiner(ReduceOp.SUM)
                .maxSupersteps(iterations + 1)
                .compute((v, shares) -> {
                    double n = v.graphVertexCount();
                    if (v.superstep() > 0) {
                        v.setValue(0.15 / n + 0.85 * (shares.sum() + v.aggregated(dangling) / n));
                    }
                    if (v.edgeCount() == 0) {
                        v.aggregate(dangling, v.value());
                    } else if (broadcast) {
                        v.sendToAllNeighbors(v.value() / v.edgeCount());
                    } else {
                        for (int e = 0; e < v.edgeCount(); e++) {
                            v.sendAlong(e, v.value() / v.edgeCount());
                        }
                    }
                })
                .build();
    }

    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    private static boolean indexed(PartitionedGraph graph) {
        return graph.partitions().stream().allMatch(part -> part.gatherIndex() != null);
    }

    @ParameterizedTest(name = "seed={0}, {1}")
    @MethodSource("cases")
    @DisplayName("PageRank gathered (while the index is built, and with it from the start) has the bits of "
            + "PageRank scattered along each edge")
    void pageRankGatheredHasTheBitsOfScattered(long seed, String partitioner) {
        RandomGraph g = RandomGraph.generate(seed);
        for (int p : PROCESSORS) {
            PartitionedGraph graph = load(g, p, partitioner);
            long[] scattered = bits(graph.run(pageRank(false, 12)).doubleValues());
            assertThat(indexed(graph)).as("seed %d, p=%d: no index without broadcasts", seed, p).isFalse();
            long[] first = bits(graph.run(pageRank(true, 12)).doubleValues());
            assertThat(indexed(graph)).as("seed %d, p=%d: index built", seed, p).isTrue();
            long[] second = bits(graph.run(pageRank(true, 12)).doubleValues());
            assertThat(first).as("seed %d, p=%d: first run", seed, p).containsExactly(scattered);
            assertThat(second).as("seed %d, p=%d: second run", seed, p).containsExactly(scattered);
            assertThat(bits(graph.run(PageRank.program(0.85, 0, 12)).doubleValues()))
                    .as("seed %d, p=%d: PageRank.program", seed, p)
                    .containsExactly(bits(load(g, p, partitioner).run(PageRank.program(0.85, 0, 12)).doubleValues()));
        }
    }

    /**
     * A long program over {@code op} whose supersteps mix what can be gathered with what cannot: every vertex
     * broadcasts (s % 4 == 0 or 2), only some do (s % 4 == 1), some broadcast twice or also send along an
     * edge or by id (s % 4 == 3). With {@code broadcast} false every broadcast is a {@code sendAlong} per edge.
     */
    private static VertexProgram<LongVertex, LongMessages> mixed(ReduceOp op, boolean broadcast) {
        return VertexProgram.ofLongs("mixed-" + broadcast)
                .init(v -> v.setValue(v.id() * 0x9E3779B97F4A7C15L))
                .combiner(op)
                .maxSupersteps(14)
                .compute((v, messages) -> {
                    long x = v.value() * 31 + (messages.isEmpty() ? 7 : messages.get(0));
                    v.setValue(x);
                    int s = v.superstep() % 4;
                    if (s == 1 && (x & 1) == 0) {
                        return;
                    }
                    send(v, x >>> 3, broadcast);
                    if (s == 3 && (x & 3) == 0) {
                        send(v, x >>> 5, broadcast);
                    } else if (s == 3 && (x & 3) == 1 && v.edgeCount() > 0) {
                        v.sendAlong(v.edgeCount() - 1, x >>> 7);
                    } else if (s == 3 && (x & 3) == 2) {
                        v.send(v.id(), x >>> 9);
                    }
                })
                .build();
    }

    private static void send(LongVertex v, long message, boolean broadcast) {
        if (broadcast) {
            v.sendToAllNeighbors(message);
        } else {
            for (int e = 0; e < v.edgeCount(); e++) {
                v.sendAlong(e, message);
            }
        }
    }

    static Stream<Arguments> ops() {
        return Stream.of(ReduceOp.SUM, ReduceOp.MIN, ReduceOp.MAX).flatMap(op ->
                Stream.of(21L, 22L, 23L, 24L).map(seed -> Arguments.of(op, seed)));
    }

    @ParameterizedTest(name = "{0}, seed={1}")
    @MethodSource("ops")
    @DisplayName("supersteps that mix broadcasts with partial, repeated, per-edge and by-id sends give the "
            + "values of sending along every edge")
    void mixedSendsHaveTheValuesOfSendingAlongEdges(ReduceOp op, long seed) {
        RandomGraph g = RandomGraph.generate(seed);
        for (int p : PROCESSORS) {
            PartitionedGraph graph = load(g, p, "hash");
            long[] expected = graph.run(mixed(op, false)).longValues();
            graph.run(pageRank(true, 3)); // builds the index
            assertThat(indexed(graph)).isTrue();
            assertThat(graph.run(mixed(op, true)).longValues()).as("%s, seed %d, p=%d", op, seed, p)
                    .containsExactly(expected);
        }
    }

    @ParameterizedTest(name = "{0}, seed={1}")
    @MethodSource("ops")
    @DisplayName("double MIN and MAX gathered give the bits of scattering")
    void doubleMinMax(ReduceOp op, long seed) {
        if (op == ReduceOp.SUM) {
            return; // PageRank covers the double sum
        }
        RandomGraph g = RandomGraph.generate(seed);
        for (int p : PROCESSORS) {
            PartitionedGraph graph = load(g, p, "range");
            graph.run(pageRank(true, 3));
            long[][] results = new long[2][];
            for (int b = 0; b < 2; b++) {
                boolean broadcast = b == 1;
                results[b] = bits(graph.run(VertexProgram.ofDoubles("extremes")
                        .init(v -> v.setValue(Math.sin(v.id())))
                        .combiner(op)
                        .maxSupersteps(6)
                        .compute((v, m) -> {
                            double x = m.isEmpty() ? v.value() : 0.5 * v.value() + m.get(0);
                            v.setValue(x);
                            if (broadcast) {
                                v.sendToAllNeighbors(-x);
                            } else {
                                for (int e = 0; e < v.edgeCount(); e++) {
                                    v.sendAlong(e, -x);
                                }
                            }
                        })
                        .build()).doubleValues());
            }
            assertThat(results[1]).as("%s, seed %d, p=%d", op, seed, p).containsExactly(results[0]);
        }
    }

    @Test
    @DisplayName("a gathered superstep wakes exactly the halted vertices with an in-edge")
    void gatheringWakesOnlyVerticesWithInEdges() {
        RandomGraph g = RandomGraph.generate(31);
        VertexProgram<LongVertex, LongMessages> wake = VertexProgram.ofLongs("wake")
                .combiner(ReduceOp.SUM)
                .compute((v, messages) -> {
                    v.setValue(v.value() | 1L << v.superstep());
                    if (v.superstep() == 0) {
                        v.sendToAllNeighbors(1);
                    }
                    v.voteToHalt();
                })
                .build();
        for (int p : PROCESSORS) {
            PartitionedGraph graph = load(g, p, "hash");
            graph.run(pageRank(true, 3));
            VertexResult r = graph.run(wake);
            long[] ids = r.ids();
            for (int i = 0; i < ids.length; i++) {
                long id = ids[i];
                boolean hasInEdge = Arrays.stream(g.targets()).anyMatch(t -> t == id);
                assertThat(r.longValues()[i]).as("p=%d, vertex %d", p, id).isEqualTo(hasInEdge ? 0b11 : 0b1);
            }
        }
    }

    @Test
    @DisplayName("an index held by some partitions only is not used, and the results do not change")
    void indexOnSomePartitionsIsIgnored() {
        RandomGraph g = RandomGraph.generate(41);
        PartitionedGraph indexed = load(g, 3, "hash");
        long[] expected = bits(indexed.run(pageRank(true, 8)).doubleValues());
        assertThat(indexed(indexed)).isTrue();
        PartitionedGraph partly = load(g, 3, "hash");
        partly.partitions().get(1).gatherIndex(indexed.partitions().get(1).gatherIndex());
        assertThat(bits(partly.run(pageRank(true, 8)).doubleValues())).containsExactly(expected);
        assertThat(indexed(partly)).isTrue();
    }
}
