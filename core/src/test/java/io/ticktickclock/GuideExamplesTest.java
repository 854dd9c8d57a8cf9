package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of docs/guide.md, compiled and run: each test is one numbered example of the guide. */
@Timeout(60)
class GuideExamplesTest {

    @Test
    @DisplayName("01 hello superstep: every processor greets its right neighbour")
    void example01HelloSuperstep() {
        BspRuntime runtime = BspRuntime.builder().processors(4).build();
        BspResult<String> r = runtime.run((BspContext<String> ctx) -> {
            int right = (ctx.pid() + 1) % ctx.processors();
            ctx.send(right, "hello from " + ctx.pid());
            ctx.sync();
            return ctx.inbox().get(0);
        });
        assertThat(r.results()).containsExactly("hello from 3", "hello from 0", "hello from 1", "hello from 2");
        assertThat(r.superstepCount()).isEqualTo(2);
    }

    /** Example 02's messages. */
    sealed interface Msg permits Offer, Accept {}

    record Offer(int from, double price) implements Msg {}

    record Accept(int from) implements Msg {}

    @Test
    @DisplayName("02 typed messages: a sealed interface of records, read with pattern matching")
    void example02TypedMessages() {
        BspResult<String> r = BspRuntime.builder().processors(3).build().run((BspContext<Msg> ctx) -> {
            if (ctx.pid() != 0) {
                ctx.send(0, new Offer(ctx.pid(), 10.0 * ctx.pid()));
            }
            ctx.sync();
            StringBuilder log = new StringBuilder();
            for (Msg m : ctx.inbox()) {
                switch (m) {
                    case Offer o -> {
                        log.append("offer ").append(o.from()).append(' ');
                        ctx.send(o.from(), new Accept(0));
                    }
                    case Accept a -> log.append("accepted by ").append(a.from());
                }
            }
            ctx.sync();
            for (Msg m : ctx.inbox()) {
                if (m instanceof Accept a) {
                    log.append("accepted by ").append(a.from());
                }
            }
            return log.toString().trim();
        });
        assertThat(r.results()).containsExactly("offer 1 offer 2", "accepted by 0", "accepted by 0");
    }

    @Test
    @DisplayName("03 primitive lanes: longs and (key, value) pairs with sender-side combining")
    void example03PrimitiveLanes() {
        BspResult<double[]> r = BspRuntime.builder().processors(2).build().run((BspContext<Void> ctx) -> {
            ctx.combinePairs(Double::sum);              // pairs to one destination with one key become one
            for (int i = 0; i < 1_000; i++) {
                ctx.sendPair(i % 2, i % 10, 1.0);        // key i % 10 lives on processor (i % 10) % 2
            }
            ctx.sendLongs(0, new long[] {1, 2, 3}, 0, 3);
            ctx.sync();
            double[] perKey = new double[10];
            ctx.pairInbox().forEach((key, value) -> perKey[(int) key] += value);
            if (ctx.pid() == 0) {
                assertThat(ctx.longInbox().sum()).isEqualTo(2 * 6);
            }
            return perKey;
        });
        assertThat(r.result(0)).containsExactly(200, 0, 200, 0, 200, 0, 200, 0, 200, 0);
        // 5 distinct keys per destination and source cross the barrier, not 500 pairs.
        assertThat(r.supersteps().get(0).processors().get(0).messagesSent()).isEqualTo(10 + 3);
    }

    @Test
    @DisplayName("04 global convergence: sync(converged) returns the AND of every processor's vote")
    void example04GlobalConvergence() {
        BspResult<Integer> r = BspRuntime.builder().processors(4).build().run((BspContext<Void> ctx) -> {
            int rounds = 0;
            boolean allDone;
            do {
                rounds++;
                allDone = ctx.sync(rounds >= ctx.pid() + 1); // processor i is done after i + 1 rounds
            } while (!allDone);
            return rounds;
        });
        assertThat(r.results()).containsOnly(4);             // everyone leaves with the slowest
    }

    @Test
    @DisplayName("05 superstep programs: named supersteps, partitioned input, a loop until converged")
    void example05SuperstepProgram() {
        // Halve every number until all are below 10, then add everything up at processor 0.
        BspProgram<Long, long[], Long> program = BspProgram.<Long, long[], Long>builder("halve-then-sum")
                .partitioner(Partitioner.roundRobin())
                .init((ctx, share) -> share.stream().mapToLong(Long::longValue).toArray())
                .superstep("halve", step -> step
                        .compute((ctx, values) -> {
                            for (int i = 0; i < values.length; i++) {
                                values[i] = values[i] >= 10 ? values[i] / 2 : values[i];
                            }
                            return values;
                        })
                        .until(values -> LongStream.of(values).allMatch(v -> v < 10)))
                .superstep("send", step -> step
                        .communicate((ctx, values) -> ctx.sendLong(0, LongStream.of(values).sum())))
                .superstep("total", step -> step
                        .compute((ctx, values) -> new long[] {ctx.longInbox().sum()}))
                .build();
        List<Long> input = List.of(5L, 100L, 37L, 1_000L, 8L);
        BspResult<long[]> r = BspRuntime.builder().processors(2).build().run(program, input);
        assertThat(r.result(0)[0]).isEqualTo(5 + 6 + 9 + 7 + 8);
        assertThat(r.converged()).isTrue();
        assertThat(r.supersteps().get(0).name()).isEqualTo("init");
    }

    @Test
    @DisplayName("06 statistics and the observer: what each superstep cost")
    void example06Statistics() {
        StringBuilder progress = new StringBuilder();
        BspRuntime runtime = BspRuntime.builder()
                .processors(2)
                .observer(new BspObserver() {
                    @Override
                    public void superstepCompleted(RunInfo run, SuperstepStats s) {
                        progress.append(s.name()).append(": h=").append(s.hWords()).append('\n');
                    }
                })
                .build();
        BspResult<Void> r = runtime.run((BspContext<Void> ctx) -> {
            ctx.nameSuperstep("scatter");
            for (int i = 0; i < 100; i++) {
                ctx.sendLong(1 - ctx.pid(), i);
            }
            ctx.sync();
            ctx.nameSuperstep("done");
            return null;
        });
        SuperstepStats scatter = r.supersteps().get(0);
        assertThat(scatter.hWords()).isEqualTo(100);
        assertThat(scatter.processors().get(1).wordsReceived()).isEqualTo(100);
        assertThat(progress.toString()).isEqualTo("scatter: h=100\ndone: h=0\n");
    }

    @Test
    @DisplayName("07 failures: the run stops and names the processor, the superstep and the cause")
    void example07Failures() {
        BspRuntime runtime = BspRuntime.builder().processors(4).build();
        assertThatThrownBy(() -> runtime.run((BspContext<Void> ctx) -> {
            ctx.nameSuperstep("load");
            if (ctx.pid() == 2) {
                throw new java.io.UncheckedIOException(new java.io.IOException("disk full"));
            }
            ctx.sync();
            return null;
        }))
                .isInstanceOf(BspException.class)
                .hasMessageContaining("processor 2 failed in superstep 0 ('load')")
                .hasRootCauseMessage("disk full");
    }

    @Test
    @DisplayName("08 wait strategies: choose how processors wait at the barrier")
    void example08WaitStrategies() {
        BspRuntime oversubscribed = BspRuntime.builder()
                .processors(16)
                .waitStrategy(WaitStrategy.backoff(10, 10))
                .build();
        assertThat(oversubscribed.run((BspContext<Void> ctx) -> {
            for (int i = 0; i < 100; i++) {
                ctx.sync();
            }
            return ctx.superstep();
        }).results()).containsOnly(100);
    }

    @Test
    @DisplayName("09 collectives: all-reduce, broadcast, all-gather, variable-size all-to-all, scan")
    void example09Collectives() {
        BspResult<String> r = BspRuntime.builder().processors(4).build().run((BspContext<Void> ctx) -> {
            double total = ctx.allReduce(ctx.pid() + 1.0, ReduceOp.SUM);         // 1 + 2 + 3 + 4 everywhere
            String greeting = ctx.broadcast(0, ctx.pid() == 0 ? "hi from 0" : null);
            List<Integer> everyone = ctx.allGather(ctx.pid() * ctx.pid());        // in processor order
            long[][] byDestination = new long[ctx.processors()][];
            for (int d = 0; d < ctx.processors(); d++) {
                byDestination[d] = new long[] {10L * ctx.pid() + d};              // one value for each
            }
            long[] mine = ctx.allToAllv(byDestination);                           // what everyone sent me
            long offset = ctx.exscan(2L, ReduceOp.SUM);                           // 2 * pid
            return total + " " + greeting + " " + everyone + " " + java.util.Arrays.toString(mine) + " " + offset;
        });
        assertThat(r.result(1)).isEqualTo("10.0 hi from 0 [0, 1, 4, 9] [1, 11, 21, 31] 2");
        assertThat(r.supersteps()).extracting(SuperstepStats::name)
                .startsWith("allReduce", "broadcast", "allGather", "allToAllv", "exscan");
    }

    @Test
    @DisplayName("10 custom reductions: a non-commutative operation is applied in processor order")
    void example10CustomReduction() {
        ReduceOp.OfObject<String> concat = ReduceOp.of("concat", String::concat, false, "");
        BspResult<String> r = BspRuntime.builder().processors(4).build()
                .run((BspContext<Void> ctx) -> ctx.allReduce(Integer.toString(ctx.pid()), concat));
        assertThat(r.results()).containsOnly("0123");
    }

    @Test
    @DisplayName("11 posted collectives in a superstep program: post in communicate, read in the next compute")
    void example11PostedCollectives() {
        BspProgram<Integer, double[], Void> normalize = BspProgram.<Integer, double[], Void>builder("normalize")
                .init((ctx, share) -> share.stream().mapToDouble(Integer::doubleValue).toArray())
                .superstep("total", step -> step
                        .communicate((ctx, xs) -> ctx.postAllReduce(java.util.Arrays.stream(xs).sum(), ReduceOp.SUM)))
                .superstep("divide", step -> step
                        .compute((ctx, xs) -> {
                            double total = ctx.allReduceResult();
                            return java.util.Arrays.stream(xs).map(x -> x / total).toArray();
                        }))
                .build();
        BspResult<double[]> r = BspRuntime.builder().processors(2).build().run(normalize, List.of(1, 1, 2));
        assertThat(r.result(0)).containsExactly(0.25);
        assertThat(r.result(1)).containsExactly(0.25, 0.5);
    }

    @Test
    @DisplayName("12 telemetry: attach a handler to some events, detach it by id")
    void example12Telemetry() {
        io.ticktickclock.telemetry.Telemetry telemetry = io.ticktickclock.telemetry.Telemetry.create();
        List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();
        telemetry.attach("steps", java.util.Set.of(io.ticktickclock.telemetry.BspEvent.SuperstepCompleted.class),
                e -> names.add(((io.ticktickclock.telemetry.BspEvent.SuperstepCompleted) e).name()));
        BspRuntime runtime = BspRuntime.builder().processors(2).observer(telemetry).build();
        runtime.run((BspContext<Void> ctx) -> {
            ctx.nameSuperstep("hello");
            ctx.sync();
            ctx.nameSuperstep("bye");
            return null;
        });
        assertThat(names).containsExactly("hello", "bye");
        telemetry.detach("steps");
    }
}
