package io.ticktickclock.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticktickclock.BspContext;
import io.ticktickclock.BspException;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.ReduceOp;
import io.ticktickclock.graph.GraphPartition.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The vertex program contract: halting and waking, messages and combiners, aggregators, the master step. */
@Timeout(60)
class VertexProgramTest {

    private static PartitionedGraph graph(int p, long[] sources, long[] targets) {
        return PartitionedGraph.load(BspRuntime.builder().processors(p).build(), EdgeSource.of(sources, targets),
                VertexPartitioner.hash(), Direction.DIRECTED);
    }

    /** The path 0 -> 1 -> 2 -> 3. */
    private static PartitionedGraph path(int p) {
        return graph(p, new long[] {0, 1, 2}, new long[] {1, 2, 3});
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {1, 2, 3})
    @DisplayName("every vertex computes in superstep 0; a halted vertex computes again only when a message "
            + "arrives; the run ends when all have halted and no message is in flight")
    void haltedVerticesWakeOnMessages(int p) {
        // Each vertex records the supersteps it computed in as bits of its value.
        VertexProgram<LongVertex, LongMessages> relay = VertexProgram.ofLongs("relay")
                .compute((v, messages) -> {
                    v.setValue(v.value() | 1L << v.superstep());
                    if ((v.superstep() == 0 && v.id() == 0) || !messages.isEmpty()) {
                        v.sendToAllNeighbors(1);
                    }
                    v.voteToHalt();
                })
                .build();
        VertexResult r = path(p).run(relay);
        assertThat(r.longValues()).containsExactly(0b1, 0b11, 0b101, 0b1001);
        assertThat(r.supersteps()).isEqualTo(4);
        assertThat(r.halted()).isTrue();
    }

    @Test
    @DisplayName("vertices that never halt run until the program's superstep limit; halted() is then false")
    void superstepLimit() {
        VertexProgram<LongVertex, LongMessages> counter = VertexProgram.ofLongs("count")
                .maxSupersteps(7)
                .compute((v, messages) -> v.setValue(v.value() + 1))
                .build();
        VertexResult r = path(2).run(counter);
        assertThat(r.longValues()).containsOnly(7);
        assertThat(r.supersteps()).isEqualTo(7);
        assertThat(r.halted()).isFalse();
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {1, 3})
    @DisplayName("without a combiner every message arrives: along edges, then by id, by processor and send order")
    void everyMessageArrivesWithoutCombiner(int p) {
        // 1..5 -> 0; each sends its id along its edge and 100 + id by id; 9 sends by id to 0, not a neighbour.
        PartitionedGraph star = graph(p, new long[] {1, 2, 3, 4, 5, 9}, new long[] {0, 0, 0, 0, 0, 9});
        List<Double> received = new CopyOnWriteArrayList<>();
        VertexProgram<DoubleVertex, DoubleMessages> program = VertexProgram.ofDoubles("gather")
                .compute((v, messages) -> {
                    if (v.superstep() == 0 && v.id() != 0 && v.id() != 9) {
                        v.sendAlong(0, v.id());
                        v.send(0, 100 + v.id());
                    } else if (v.superstep() == 0 && v.id() == 9) {
                        v.send(0, 900);
                    }
                    if (v.id() == 0) {
                        for (int i = 0; i < messages.size(); i++) {
                            received.add(messages.get(i));
                        }
                        v.setValue(messages.size());
                    }
                    v.voteToHalt();
                })
                .build();
        VertexResult r = star.run(program);
        assertThat(r.doubleValue(0)).isEqualTo(11); // woken in superstep 1 by all 11 messages at once
        assertThat(received).hasSize(11).containsExactlyInAnyOrder(1.0, 2.0, 3.0, 4.0, 5.0, 101.0, 102.0, 103.0,
                104.0, 105.0, 900.0);
        // Along-edge messages come before by-id ones.
        assertThat(received.subList(0, 5)).containsExactlyInAnyOrder(1.0, 2.0, 3.0, 4.0, 5.0);
        if (p == 1) {
            assertThat(received).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 101.0, 102.0, 103.0, 104.0, 105.0, 900.0);
        }
    }

    @Test
    @DisplayName("a message to an id that is not a vertex fails the run, naming the id")
    void messageToUnknownVertexFails() {
        VertexProgram<DoubleVertex, DoubleMessages> program = VertexProgram.ofDoubles("lost")
                .compute((v, messages) -> {
                    if (v.superstep() == 0 && v.id() == 0) {
                        v.send(12345, 1.0);
                    }
                    v.voteToHalt();
                })
                .build();
        assertThatThrownBy(() -> path(2).run(program))
                .isInstanceOf(BspException.class)
                .cause()
                .hasMessageContaining("a message was sent to vertex 12345, which is not in the graph");
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {1, 2, 8})
    @DisplayName("a combiner delivers one message per vertex: the sum of a double lane, the exact minimum of "
            + "longs whose bits are NaN patterns as doubles")
    void combinersDeliverOneMessage(int p) {
        long[] sources = new long[20];
        long[] targets = new long[20];
        for (int i = 0; i < 20; i++) {
            sources[i] = i + 1;
            targets[i] = 0;
        }
        PartitionedGraph star = graph(p, sources, targets);
        VertexProgram<DoubleVertex, DoubleMessages> sum = VertexProgram.ofDoubles("sum")
                .combiner(ReduceOp.SUM)
                .compute((v, messages) -> {
                    if (v.superstep() == 0) {
                        v.sendToAllNeighbors(v.id());
                    } else {
                        assertThat(messages.size()).isEqualTo(1);
                        v.setValue(messages.get(0));
                    }
                    v.voteToHalt();
                })
                .build();
        assertThat(star.run(sum).doubleValue(0)).isEqualTo(210.0);
        VertexProgram<LongVertex, LongMessages> min = VertexProgram.ofLongs("min")
                .combiner(ReduceOp.MIN)
                .compute((v, messages) -> {
                    if (v.superstep() == 0) {
                        // -1 - id: all bits set for id 0, NaN patterns for every one of these as a double.
                        v.sendToAllNeighbors(v.id() == 20 ? Long.MIN_VALUE + 1 : -1 - v.id());
                    } else {
                        assertThat(messages.size()).isEqualTo(1);
                        v.setValue(messages.get(0));
                    }
                    v.voteToHalt();
                })
                .build();
        assertThat(star.run(min).longValue(0)).isEqualTo(Long.MIN_VALUE + 1);
    }

    @Test
    @DisplayName("combined messages are folded by sending processor, then send order; a processor's messages to "
            + "its own vertices take its place in that order")
    void combiningOrder() {
        // Vertices 0..8, range-partitioned over 3 processors: {0, 1, 2}, {3, 4, 5}, {6, 7, 8}. All send their id
        // to vertex 4 (processor 1) through the non-commutative combiner f(a, b) = 10a + b. Each processor folds
        // its own in send order: 12 (0, 1, 2), 35 (3, 5, local), 678; vertex 4 folds those in processor order:
        // f(f(12, 35), 678) = 2228 (local last would give 8015, local first 4298).
        long[] sources = {0, 1, 2, 3, 5, 6, 7, 8};
        long[] targets = {4, 4, 4, 4, 4, 4, 4, 4};
        PartitionedGraph g = PartitionedGraph.load(BspRuntime.builder().processors(3).build(),
                EdgeSource.of(sources, targets), VertexPartitioner.range(0, 8), Direction.DIRECTED);
        VertexProgram<LongVertex, LongMessages> digits = VertexProgram.ofLongs("digits")
                .combiner(ReduceOp.ofLong("append", (a, b) -> a * 10 + b, false, 0))
                .compute((v, messages) -> {
                    if (v.superstep() == 0) {
                        v.sendToAllNeighbors(v.id());
                    } else {
                        v.setValue(messages.get(0));
                    }
                    v.voteToHalt();
                })
                .build();
        assertThat(g.run(digits).longValue(4)).isEqualTo(2228);
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {1, 2, 3, 8})
    @DisplayName("aggregators: contributions of superstep s are read by every vertex in s + 1, the identity in "
            + "superstep 0, and each superstep starts afresh")
    void aggregatorsReduceOverSupersteps(int p) {
        PartitionedGraph g = graph(p, new long[] {1, 2, 3, 4, 5}, new long[] {2, 3, 4, 5, 1});
        var builder = VertexProgram.ofLongs("aggregate").maxSupersteps(3);
        Aggregator.OfLong sum = builder.longAggregator("sum", ReduceOp.SUM);
        Aggregator.OfLong max = builder.longAggregator("max", ReduceOp.MAX);
        Aggregator.OfDouble min = builder.doubleAggregator("min", ReduceOp.MIN);
        Aggregator.OfLong concat = builder.longAggregator("digits",
                ReduceOp.ofLong("digits", (a, b) -> a * 10 + b, false, 0));
        List<String> seen = new CopyOnWriteArrayList<>();
        VertexProgram<LongVertex, LongMessages> program = builder
                .compute((v, messages) -> {
                    seen.add(v.superstep() + ":" + v.aggregated(sum) + "," + v.aggregated(max) + ","
                            + v.aggregated(min));
                    v.aggregate(sum, v.id() * (v.superstep() + 1));
                    v.aggregate(max, v.id());
                    v.aggregate(min, v.id() / 2.0);
                    v.aggregate(concat, v.id() % 10);
                })
                .build();
        VertexResult r = g.run(program);
        assertThat(seen).hasSize(15);
        assertThat(seen.stream().filter(s -> s.startsWith("0:")))
                .containsOnly("0:0," + Long.MIN_VALUE + ",Infinity");
        assertThat(seen.stream().filter(s -> s.startsWith("1:"))).containsOnly("1:15,5,0.5");
        assertThat(seen.stream().filter(s -> s.startsWith("2:"))).containsOnly("2:30,5,0.5");
        assertThat(r.aggregated(sum)).isEqualTo(45);
        // The non-commutative custom operation is folded in id order within a processor, processors in order.
        if (p == 1) {
            assertThat(r.aggregated(concat)).isEqualTo(12345);
        }
    }

    @Test
    @DisplayName("the master step sees each superstep's aggregates and counts, sets the phase and the values "
            + "vertices read next, wakes halted vertices, and halts the run")
    void masterStep() {
        var builder = VertexProgram.ofLongs("phases");
        Aggregator.OfLong count = builder.longAggregator("count", ReduceOp.SUM);
        Aggregator.OfLong budget = builder.longAggregator("budget", ReduceOp.SUM);
        List<String> log = new ArrayList<>(); // written by processor 0's master only
        List<String> vertices = new CopyOnWriteArrayList<>();
        VertexProgram<LongVertex, LongMessages> program = builder
                .compute((v, messages) -> {
                    vertices.add(v.superstep() + ":" + v.phase() + ":" + v.aggregated(budget));
                    v.aggregate(count, 1);
                    v.setValue(v.value() + v.phase());
                    v.voteToHalt();
                })
                .master(m -> {
                    log.add(m.superstep() + " count=" + m.aggregated(count) + " active=" + m.activeVertices()
                            + " sent=" + m.messagesSent() + " phase=" + m.phase());
                    if (m.superstep() == 0) {
                        m.setPhase(10);
                        m.setAggregated(budget, 77);
                        m.activateAllVertices();
                    } else if (m.superstep() == 1) {
                        m.activateAllVertices();
                    } else {
                        m.haltRun();
                    }
                })
                .build();
        VertexResult r = path(3).run(program);
        assertThat(log).containsExactly("0 count=4 active=0 sent=0 phase=0", "1 count=4 active=0 sent=0 phase=10",
                "2 count=4 active=0 sent=0 phase=10");
        assertThat(vertices.stream().filter(s -> s.startsWith("1:"))).containsOnly("1:10:77");
        assertThat(vertices.stream().filter(s -> s.startsWith("2:"))).containsOnly("2:10:0");
        assertThat(r.longValues()).containsOnly(20);
        assertThat(r.supersteps()).isEqualTo(3);
        assertThat(r.halted()).isTrue();
        assertThat(r.phase()).isEqualTo(10);
    }

    @Test
    @DisplayName("without a master, the run ends when every vertex has halted even if the phase would change")
    void noMasterEndsWhenAllHalted() {
        VertexProgram<LongVertex, LongMessages> program = VertexProgram.ofLongs("once")
                .compute((v, messages) -> v.voteToHalt())
                .build();
        VertexResult r = path(2).run(program);
        assertThat(r.supersteps()).isEqualTo(1);
        assertThat(r.halted()).isTrue();
    }

    @Test
    @DisplayName("loading and computing in one SPMD run, as a cluster runtime would")
    void loadAndRunInsideOneSpmdProgram() {
        BspRuntime runtime = BspRuntime.builder().processors(3).build();
        EdgeSource edges = EdgeSource.of(new long[] {1, 2, 3}, new long[] {2, 3, 1});
        List<VertexResult> parts = runtime.<Void, VertexResult>run((BspContext<Void> ctx) -> {
            GraphPartition part = GraphPartition.load(ctx, edges, VertexPartitioner.hash(), Direction.UNDIRECTED);
            return ConnectedComponents.program().run(ctx, part);
        }).results();
        VertexResult all = VertexResult.merge(parts);
        assertThat(all.ids()).containsExactly(1, 2, 3);
        assertThat(all.longValues()).containsOnly(1);
    }

    @Test
    @DisplayName("misuse fails clearly: sending from init, a foreign aggregator, an unsupported combiner, "
            + "a bad edge index, no compute function, a throwing compute, another processor's partition")
    void misuse() {
        VertexProgram<DoubleVertex, DoubleMessages> sendsInInit = VertexProgram.ofDoubles("bad-init")
                .init(v -> v.sendToAllNeighbors(1))
                .compute((v, messages) -> v.voteToHalt())
                .build();
        assertThatThrownBy(() -> path(2).run(sendsInInit))
                .isInstanceOf(BspException.class)
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("init must not send messages; send them in superstep 0");

        Aggregator.OfDouble foreign = VertexProgram.ofDoubles("other").doubleAggregator("x", ReduceOp.SUM);
        VertexProgram<DoubleVertex, DoubleMessages> usesForeign = VertexProgram.ofDoubles("foreign")
                .compute((v, messages) -> v.aggregate(foreign, 1))
                .build();
        assertThatThrownBy(() -> path(2).run(usesForeign))
                .isInstanceOf(BspException.class)
                .cause()
                .hasMessage("aggregator x belongs to another program");

        assertThatThrownBy(() -> VertexProgram.ofDoubles("avg").combiner(ReduceOp.AVG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("combiner must be SUM, PRODUCT, MIN, MAX or a custom operation on doubles with an "
                        + "identity, got AVG (Builtin)");
        assertThatThrownBy(() -> VertexProgram.ofLongs("mixed")
                        .combiner(ReduceOp.ofDouble("half", (a, b) -> a / 2, false, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("combiner must be SUM, PRODUCT, MIN, MAX or a custom operation on longs");
        var b = VertexProgram.ofDoubles("dup");
        b.doubleAggregator("a", ReduceOp.SUM);
        assertThatThrownBy(() -> b.longAggregator("a", ReduceOp.MAX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("program 'dup' already has an aggregator named 'a'");

        VertexProgram<DoubleVertex, DoubleMessages> badEdge = VertexProgram.ofDoubles("bad-edge")
                .compute((v, messages) -> v.sendAlong(v.edgeCount(), 1))
                .build();
        assertThatThrownBy(() -> path(1).run(badEdge))
                .isInstanceOf(BspException.class)
                .cause()
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("edge must be in [0, 1) for vertex 0, got 1");

        assertThatThrownBy(() -> VertexProgram.ofDoubles("empty").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("vertex program 'empty' has no compute function: call compute(...)");

        VertexProgram<DoubleVertex, DoubleMessages> throwing = VertexProgram.ofDoubles("throws")
                .compute((v, messages) -> {
                    if (v.id() == 2) {
                        throw new IllegalStateException("vertex 2 is broken");
                    }
                })
                .build();
        assertThatThrownBy(() -> path(2).run(throwing))
                .isInstanceOf(BspException.class)
                .cause()
                .hasMessage("vertex 2 is broken");

        PartitionedGraph g = path(2);
        assertThatThrownBy(() -> BspRuntime.builder().processors(2).build().<Void, VertexResult>run(
                        (BspContext<Void> ctx) -> throwing.run(ctx, g.partitions().get(1 - ctx.pid()))))
                .isInstanceOf(BspException.class)
                .cause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition must be processor");
    }

    @Test
    @DisplayName("merging results interleaves the processors' vertices by id and rejects a vertex held twice")
    void mergeInterleavesAndRejectsDuplicates() {
        VertexProgram<LongVertex, LongMessages> idValue = VertexProgram.ofLongs("id")
                .init(v -> v.setValue(v.id() * 10)).compute((v, m) -> v.voteToHalt()).build();
        long[] s = new long[500];
        long[] t = new long[500];
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int i = 0; i < s.length; i++) {
            s[i] = random.nextLong(-1_000_000, 1_000_000);
            t[i] = random.nextLong(-1_000_000, 1_000_000);
        }
        for (int p : new int[] {1, 2, 3, 8, 17}) {
            List<VertexResult> parts = BspRuntime.builder().processors(p).build().<Void, VertexResult>run(ctx ->
                    idValue.run(ctx, GraphPartition.load(ctx, EdgeSource.of(s, t), VertexPartitioner.hash(),
                            Direction.DIRECTED))).results();
            VertexResult merged = VertexResult.merge(parts);
            long[] ids = merged.ids();
            assertThat(ids).isSorted().doesNotHaveDuplicates();
            for (int i = 0; i < ids.length; i++) {
                assertThat(merged.longValues()[i]).isEqualTo(ids[i] * 10);
            }
            if (p > 1) {
                assertThatThrownBy(() -> VertexResult.merge(List.of(parts.get(0), parts.get(1), parts.get(0))))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageEndingWith(" is in two parts");
            }
        }
    }
}
