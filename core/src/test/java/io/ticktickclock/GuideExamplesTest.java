package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticktickclock.cost.CostModel;
import io.ticktickclock.cost.MachineProfile;
import io.ticktickclock.cost.Probe;
import io.ticktickclock.cost.RunAnalysis;
import io.ticktickclock.telemetry.BspEvent;
import io.ticktickclock.telemetry.JfrHandler;
import io.ticktickclock.telemetry.Telemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of docs/guide.md, compiled and run: each test is one numbered example of the guide, and each
 * Java block of the guide is an excerpt of these tests, word for word ({@link DocsCodeBlocksTest} checks it:
 * change both together).
 */
@Timeout(60)
class GuideExamplesTest {

    @Test
    @DisplayName("00 the runtime: the builder's settings, validated once")
    void example00Runtime() {
        BspObserver myObserver = new BspObserver() {};
        BspRuntime runtime = BspRuntime.builder()
                .processors(4)                          // default: Runtime.availableProcessors()
                .waitStrategy(WaitStrategy.busySpin())  // default: adaptive (spins, then yields, then parks)
                .maxSupersteps(10_000)                  // default: 1,000,000
                .observer(myObserver)                   // default: none
                .build();                               // validates: processors >= 1, maxSupersteps >= 1
        assertThat(runtime.processors()).isEqualTo(4);
        assertThat(runtime.maxSupersteps()).isEqualTo(10_000);
        assertThatThrownBy(() -> BspRuntime.builder().processors(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("processors");
    }

    @Test
    @DisplayName("01 hello superstep: every processor greets its right neighbour")
    void example01HelloSuperstep() {
        BspRuntime runtime = BspRuntime.builder().processors(4).build();
        BspResult<String> r = runtime.run((BspContext<String> ctx) -> {
            int right = (ctx.pid() + 1) % ctx.processors();
            ctx.send(right, "hello from " + ctx.pid());
            ctx.sync();
            return ctx.inbox().get(0);              // the left neighbour's greeting
        });
        assertThat(r.results()).containsExactly("hello from 3", "hello from 0", "hello from 1", "hello from 2");
        assertThat(r.superstepCount()).isEqualTo(2);   // the superstep before sync() and the one after it
    }

    /** Example 02's messages. */
    sealed interface Msg permits Offer, Accept {}
    record Offer(int from, double price) implements Msg {}
    record Accept(int from) implements Msg {}

    @Test
    @DisplayName("02 typed messages: a sealed interface of records, read with pattern matching")
    void example02TypedMessages() {
        BspResult<List<Integer>> r = BspRuntime.builder().processors(3).build().run((BspContext<Msg> ctx) -> {
            List<Integer> accepted = new ArrayList<>();
            if (ctx.pid() != 0) {
                ctx.send(0, new Offer(ctx.pid(), 10.0 * ctx.pid()));
            }
            for (int round = 0; round < 2; round++) {   // 0: processor 0 reads the offers; 1: the others read the acceptances
                ctx.sync();
                for (Msg m : ctx.inbox()) {
                    switch (m) {
                        case Offer o -> ctx.send(o.from(), new Accept(ctx.pid()));
                        case Accept a -> accepted.add(a.from());
                    }
                }
            }
            return accepted;
        });
        assertThat(r.results()).containsExactly(List.of(), List.of(0), List.of(0));
    }

    @Test
    @DisplayName("03 primitive lanes: (key, value) pairs with sender-side combining")
    void example03PrimitiveLanes() {
        BspResult<double[]> r = BspRuntime.builder().processors(2).build().run((BspContext<Void> ctx) -> {
            double[] perKey = new double[10];
            ctx.combinePairs(Double::sum);
            for (int i = 0; i < 1_000; i++) {
                ctx.sendPair(i % 2, i % 10, 1.0);     // 1,000 sends, 10 pairs cross the barrier
            }
            ctx.sync();
            ctx.pairInbox().forEach((key, value) -> perKey[(int) key] += value);
            return perKey;
        });
        assertThat(r.result(0)).containsExactly(200, 0, 200, 0, 200, 0, 200, 0, 200, 0);
        // 5 distinct keys per destination cross the barrier from each processor, not 1,000 pairs.
        assertThat(r.supersteps().get(0).processors().get(0).messagesSent()).isEqualTo(10);
    }

    /** Example 04's work: processor i's change falls below the tolerance from superstep i on. */
    static double work(BspContext<Void> ctx) {
        return ctx.superstep() >= ctx.pid() ? 0.0 : 1.0;
    }

    @Test
    @DisplayName("04 global convergence: sync(converged) returns the AND of every processor's vote")
    void example04GlobalConvergence() {
        double tolerance = 0.5;
        BspResult<Integer> r = BspRuntime.builder().processors(4).build().run((BspContext<Void> ctx) -> {
            double localChange;
            do {
                localChange = work(ctx);
            } while (!ctx.sync(localChange < tolerance));
            return ctx.superstep();
        });
        assertThat(r.results()).containsOnly(4);             // everyone leaves with the slowest, after superstep 3
    }

    /** Example 05's compute step: halves the numbers of at least 10. */
    static void halveLargeOnes(long[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = values[i] >= 10 ? values[i] / 2 : values[i];
        }
    }

    @Test
    @DisplayName("05 superstep programs: named supersteps, partitioned input, a loop until converged")
    void example05SuperstepProgram() {
        BspRuntime runtime = BspRuntime.builder().processors(2).build();
        // Halve every number until all are below 10, then add everything up at processor 0.
        BspProgram<Long, long[], Long> program = BspProgram.<Long, long[], Long>builder("halve-then-sum")
                .partitioner(Partitioner.roundRobin())   // block (default), roundRobin(), hash(key), or your own
                .init((ctx, share) -> share.stream().mapToLong(Long::longValue).toArray())
                .superstep("halve", step -> step
                        .compute((ctx, values) -> { halveLargeOnes(values); return values; })
                        .until(values -> LongStream.of(values).allMatch(v -> v < 10)))
                .superstep("send", step -> step
                        .communicate((ctx, values) -> ctx.sendLong(0, LongStream.of(values).sum())))
                .superstep("total", step -> step
                        .compute((ctx, values) -> new long[] {ctx.longInbox().sum()}))
                .build();

        BspResult<long[]> r = runtime.run(program, List.of(5L, 100L, 37L, 1_000L, 8L));
        assertThat(r.result(0)[0]).isEqualTo(35);   // 5 + 6 + 9 + 7 + 8
        assertThat(r.converged()).isTrue();         // false if the runtime's maxSupersteps stopped a loop
        assertThat(r.supersteps().get(0).name()).isEqualTo("init");
    }

    /** Example 05's clean-up in a finalizer: nothing to release here. */
    static void releaseResources() {}

    @Test
    @DisplayName("05 finalize: the result says why the run ended, and its type is not the state's")
    void example05Finalize() {
        BspProgram<Long, long[], Long> halving = BspProgram.<Long, long[], Long>builder("halve")
                .init((ctx, share) -> share.stream().mapToLong(Long::longValue).toArray())
                .superstep("halve", step -> step
                        .compute((ctx, values) -> {
                            for (int i = 0; i < values.length; i++) {
                                values[i] = values[i] >= 10 ? values[i] / 2 : values[i];
                            }
                            return values;
                        })
                        .until(values -> LongStream.of(values).allMatch(v -> v < 10)))
                .build();
        BspRuntime runtime = BspRuntime.builder().processors(2).build();
        BspProgram.Finalized<Long, long[], Long, String> described = halving.finalize((ctx, values, reason) ->
                switch (reason) {
                    case CONVERGED -> "p" + ctx.pid() + ": " + Arrays.toString(values);
                    case SUPERSTEP_LIMIT -> "p" + ctx.pid() + ": still halving";   // maxSupersteps stopped the loop
                    case FAILED -> {                   // best effort: another processor failed, or the run was cancelled
                        releaseResources();
                        yield null;                    // discarded: the run fails anyway
                    }
                });
        BspResult<String> r = runtime.run(described, List.of(5L, 100L, 37L, 1_000L, 8L));
        assertThat(r.results()).containsExactly("p0: [5, 6]", "p1: [9, 7, 8]");   // 2 processors, block partition
        List<Long> input = List.of(5L, 100L, 37L, 1_000L, 8L);
        BspResult<String> cut = BspRuntime.builder().processors(2).maxSupersteps(3).build().run(described, input);
        assertThat(cut.results()).containsExactly("p0: still halving", "p1: still halving");
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
    @DisplayName("07 superstep timeout: a processor that does not reach the barrier fails the run, named")
    void example07SuperstepTimeout() {
        {
            BspRuntime runtime = BspRuntime.builder()
                    .superstepTimeout(Duration.ofMinutes(5))        // default: none
                    .slowSuperstepThreshold(Duration.ofSeconds(10)) // default: none; reported to the observer
                    .build();
            assertThat(runtime.superstepTimeout()).contains(Duration.ofMinutes(5));
            assertThat(runtime.slowSuperstepThreshold()).contains(Duration.ofSeconds(10));
        }
        {
            // Processor 3 sleeps until interrupted: the run can only end by the timeout.
            BspRuntime runtime = BspRuntime.builder().processors(4).superstepTimeout(Duration.ofSeconds(2)).build();
            SpmdProgram<Void, Void> program = ctx -> {
                if (ctx.pid() == 3) {
                    Thread.sleep(Long.MAX_VALUE);
                }
                ctx.sync();
                return null;
            };
            try {
                runtime.run(program);
            } catch (BspTimeoutException e) {
                assertThat(e.lateProcessors()).contains(3);   // the processors that had not reached the barrier
                assertThat(e.getSuppressed()).isNotEmpty();   // their stack traces when the timeout expired
            }
        }
    }

    @Test
    @DisplayName("08 wait strategies: many more processors than cores, parked after a few checks")
    void example08WaitStrategies() {
        BspRuntime runtime = BspRuntime.builder()
                .processors(1_000)                                        // on a 2-core machine
                .waitStrategy(attempt -> attempt >= 20)                   // re-check 20 times, then park
                .build();
        assertThat(runtime.run((BspContext<Void> ctx) -> {
            for (int i = 0; i < 10; i++) {
                ctx.sync();
            }
            return ctx.superstep();
        }).results()).hasSize(1_000).containsOnly(10);
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
            long[][] byDestination = new long[ctx.processors()][];
            for (int d = 0; d < ctx.processors(); d++) {
                byDestination[d] = new long[] {10L * ctx.pid() + d};              // one value for each
            }
            double total = ctx.allReduce(ctx.pid() + 1.0, ReduceOp.SUM);     // same bits on every processor
            String hello = ctx.broadcast(0, ctx.pid() == 0 ? "hi from 0" : null);
            List<Integer> everyone = ctx.allGather(ctx.pid() * ctx.pid());    // processor order
            long[] mine = ctx.allToAllv(byDestination);                       // variable-size all-to-all
            long offset = ctx.exscan(2L, ReduceOp.SUM);                       // exclusive prefix sum
            return total + " " + hello + " " + everyone + " " + Arrays.toString(mine) + " " + offset;
        });
        assertThat(r.result(1)).isEqualTo("10.0 hi from 0 [0, 1, 4, 9] [1, 11, 21, 31] 2");
        assertThat(r.supersteps()).extracting(SuperstepStats::name)
                .startsWith("allReduce", "broadcast", "allGather", "allToAllv", "exscan");
    }

    @Test
    @DisplayName("10 custom reductions: a non-commutative operation is applied in processor order")
    void example10CustomReduction() {
        ReduceOp.OfObject<String> concat = ReduceOp.of("concat", String::concat, false, "");
        BspResult<String> r = BspRuntime.builder().processors(4).build().run((BspContext<Void> ctx) -> {
            return ctx.allReduce(Integer.toString(ctx.pid()), concat);   // "0123" at p = 4, on every processor
        });
        assertThat(r.results()).containsOnly("0123");
    }

    @Test
    @DisplayName("11 posted collectives in a superstep program: post in communicate, read in the next compute")
    void example11PostedCollectives() {
        BspProgram<Integer, double[], Void> normalize = BspProgram.<Integer, double[], Void>builder("normalize")
                .init((ctx, share) -> share.stream().mapToDouble(Integer::doubleValue).toArray())
                .superstep("total", step -> step
                        .communicate((ctx, xs) -> ctx.postAllReduce(Arrays.stream(xs).sum(), ReduceOp.SUM)))
                .superstep("divide", step -> step
                        .compute((ctx, xs) -> {
                            double total = ctx.allReduceResult();
                            return Arrays.stream(xs).map(x -> x / total).toArray();
                        }))
                .build();
        BspResult<double[]> r = BspRuntime.builder().processors(2).build().run(normalize, List.of(1, 1, 2));
        assertThat(r.result(0)).containsExactly(0.25);
        assertThat(r.result(1)).containsExactly(0.25, 0.5);
    }

    @Test
    @DisplayName("12 telemetry: attach handlers to all events or to some, detach them by id")
    void example12Telemetry() {
        List<String> names = new CopyOnWriteArrayList<>();
        Telemetry telemetry = Telemetry.create();
        telemetry.attach("log", Telemetry.loggingHandler());          // System.Logger "io.ticktickclock"
        telemetry.attach("jfr", new JfrHandler());                     // JDK Flight Recorder events
        telemetry.attach("steps", Set.of(BspEvent.SuperstepCompleted.class),
                e -> names.add(((BspEvent.SuperstepCompleted) e).name()));
        BspRuntime runtime = BspRuntime.builder().observer(telemetry).build();
        runtime.run((BspContext<Void> ctx) -> {
            ctx.nameSuperstep("hello");
            ctx.sync();
            ctx.nameSuperstep("bye");
            return null;
        });
        assertThat(names).containsExactly("hello", "bye");
        telemetry.detach("steps");
    }

    @Test
    @DisplayName("13 the cost model: probe g and l, save and load a profile, explain and re-predict a run")
    void example13CostModel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("profile.json");
        BspResult<Void> result = BspRuntime.builder().processors(2).build().run((BspContext<Void> ctx) -> {
            for (int i = 0; i < 1_000; i++) {
                ctx.sendLong(1 - ctx.pid(), i);
            }
            ctx.sync();
            return null;
        });
        MachineProfile profileAt4 = new MachineProfile(4, 2.0, 0.1, 10_000, 100, 0.99, 20, 4, "jvm", "os", "now");
        List<CostModel.Sample> samples = List.of(new CostModel.Sample(0, 0, 1_000), new CostModel.Sample(0, 100, 1_500),
                new CostModel.Sample(0, 200, 2_000));
        double measured = 1_100;
        double predicted = 1_000;
        double sequential = 8.0;
        double parallel = 5.0;
        int p = 2;

        // Measure g and l on this machine for p = 2 (like BSPlib's bspprobe) and keep the profile.
        MachineProfile profile = Probe.run(2, Probe.Options.quick());
        profile.save(file);

        // Explain a run: per superstep w, imbalance, h, measured and predicted time, error, what bounds it.
        RunAnalysis analysis = RunAnalysis.of(result, MachineProfile.load(file).parameters());
        String table = analysis.toTable();
        double atFour = analysis.predictAt(profileAt4.parameters(), RunAnalysis.HScaling.INVERSE);

        // The model's pieces on their own.
        CostModel.Fit fit = CostModel.fit(2, samples);           // least squares of T - w on h, with R² and residuals
        CostModel.Accuracy a = CostModel.analyze(measured, predicted);   // accurate within 20% by default
        double e = CostModel.efficiency(sequential, parallel, p);       // speedup / p

        assertThat(profile.processors()).isEqualTo(2);
        assertThat(table).contains("bound");
        assertThat(atFour).isPositive();
        assertThat(fit.parameters().gNanosPerWord()).isCloseTo(5.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(a.accurate()).isTrue();
        assertThat(e).isCloseTo(0.8, org.assertj.core.api.Assertions.within(1e-12));
    }

    /** Chapter 16's types: what may cross JVMs, and what may not. */
    static final class WireExample {
        // Good: records, a sealed interface of records, enums, lists.
        sealed interface Msg permits Rank, Halt {}
        record Rank(long vertex, double value) implements Msg {}
        record Halt(int from) implements Msg {}
        record State(long[] ids, double[] ranks, List<String> labels, Mode mode) {}
        enum Mode { PUSH, PULL }

        // Refused by Wire.requireEncodable(Job.class), with the path to the culprit:
        record Job(String name, Thread worker) {}   // "Job.worker is of type java.lang.Thread, which cannot cross JVMs"
    }

    @Test
    @DisplayName("16 the wire format: records, sealed interfaces, enums and lists cross JVMs; a Thread does not")
    void example16Wire() {
        io.ticktickclock.internal.wire.Wire.requireEncodable(WireExample.Msg.class);
        io.ticktickclock.internal.wire.Wire.requireEncodable(WireExample.State.class);
        assertThatThrownBy(() -> io.ticktickclock.internal.wire.Wire.requireEncodable(WireExample.Job.class))
                .isInstanceOf(io.ticktickclock.internal.wire.WireException.class)
                .hasMessageContaining("Job.worker is of type java.lang.Thread, which cannot cross JVMs");
    }
}
