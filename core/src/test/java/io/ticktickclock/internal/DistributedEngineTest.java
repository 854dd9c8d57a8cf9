package io.ticktickclock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ticktickclock.BspContext;
import io.ticktickclock.BspException;
import io.ticktickclock.BspProgram;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.ProcessorStats;
import io.ticktickclock.ReduceOp;
import io.ticktickclock.SpmdProgram;
import io.ticktickclock.SuperstepStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine seam: a run whose processors are split over several workers, which exchange real batches
 * (bytes, objects serialized) once per superstep, gives exactly what the local engine gives for the same
 * {@code p}: the same inboxes in the same order, the same collective results to the bit (reductions fold in
 * processor order), the same statistics counts, the same mismatch errors.
 */
@Timeout(120)
class DistributedEngineTest {

    private static final long SEED = 0x7ec0ffeeL;

    static Stream<Arguments> splits() {
        return Stream.of(Arguments.of(2, 2), Arguments.of(3, 2), Arguments.of(5, 3), Arguments.of(8, 3),
                Arguments.of(4, 4), Arguments.of(5, 4), Arguments.of(5, 5));
    }

    private static <R> BspResult<R> local(int p, SpmdProgram<String, R> program) {
        return BspRuntime.builder().processors(p).build().run("contract", program);
    }

    private static <R> BspResult<R> split(int p, int workers, SpmdProgram<String, R> program) {
        return LoopbackWorkers.run("contract", p, LoopbackWorkers.blocks(p, workers), 1000, program);
    }

    /** What processor {@code pid} sends in {@code round}: every lane, to a seeded choice of destinations. */
    private static void send(BspContext<String> ctx, int round) {
        SplittableRandom r = new SplittableRandom(SEED + 31L * round + ctx.pid());
        int n = ctx.processors();
        for (int k = 0; k < 3 * n; k++) {
            int d = r.nextInt(n);
            switch (r.nextInt(4)) {
                case 0 -> ctx.send(d, "m" + round + "." + ctx.pid() + "." + k);
                case 1 -> ctx.sendLong(d, r.nextLong());
                case 2 -> ctx.sendPair(d, r.nextLong(100), r.nextDouble());
                default -> ctx.sendLongs(d, new long[] {k, round, ctx.pid()}, 0, 1 + r.nextInt(3));
            }
        }
    }

    /** The inbox of the current superstep, every lane in delivery order. */
    private static String inbox(BspContext<String> ctx) {
        StringBuilder b = new StringBuilder();
        ctx.inbox().forEach(m -> b.append(m).append(','));
        b.append('|');
        var longs = ctx.longInbox();
        for (int i = 0; i < longs.size(); i++) {
            b.append(longs.get(i)).append(',');
        }
        b.append('|');
        var pairs = ctx.pairInbox();
        for (int i = 0; i < pairs.size(); i++) {
            b.append(pairs.key(i)).append('=').append(Double.doubleToRawLongBits(pairs.value(i))).append(',');
        }
        return b.toString();
    }

    @ParameterizedTest(name = "p={0} over {1} workers")
    @MethodSource("splits")
    void messagesArriveInTheSameOrderAsLocally(int p, int workers) {
        SpmdProgram<String, List<String>> program = ctx -> {
            List<String> seen = new ArrayList<>();
            for (int round = 0; round < 6; round++) {
                send(ctx, round);
                ctx.sync();
                seen.add(inbox(ctx));
            }
            return seen;
        };
        BspResult<List<String>> expected = local(p, program);
        BspResult<List<String>> actual = split(p, workers, program);
        assertThat(actual.results()).isEqualTo(expected.results());
        assertSameCounts(actual, expected);
    }

    private record Call(String name, Function<BspContext<String>, Object> call) {}

    private static final ReduceOp.OfObject<String> CONCAT = ReduceOp.of("concat", String::concat, false, "");

    /** Collectives with values that differ per processor; doubles chosen so that the fold order shows. */
    static List<Call> collectives() {
        List<Call> calls = new ArrayList<>(List.of(
                new Call("barrier", ctx -> {
                    ctx.barrier();
                    return "done";
                }),
                new Call("broadcast", ctx -> ctx.broadcast(ctx.processors() - 1, ctx.pid() == ctx.processors() - 1
                        ? List.of("root", 7) : null)),
                new Call("scatter", ctx -> ctx.scatter(1, ctx.pid() == 1
                        ? IntStream.range(0, ctx.processors()).mapToObj(i -> "chunk" + i).toList() : null)),
                new Call("gather", ctx -> ctx.gather(0, "v" + ctx.pid())),
                new Call("allGather", ctx -> ctx.allGather(ctx.pid() * 1.5)),
                new Call("allToAll", ctx -> ctx.allToAll(IntStream.range(0, ctx.processors())
                        .mapToObj(d -> ctx.pid() + ">" + d).toList())),
                new Call("gatherv", ctx -> ctx.gatherv(1, List.of(ctx.pid(), -ctx.pid()))),
                new Call("allGatherv(List)", ctx -> ctx.allGatherv(Collections.nCopies(ctx.pid() + 1, ctx.pid()))),
                new Call("allGatherv(long[])", ctx -> Arrays.toString(ctx.allGatherv(new long[ctx.pid()]))),
                new Call("allToAllv(long[][])", ctx -> Arrays.toString(ctx.allToAllv(
                        IntStream.range(0, ctx.processors()).mapToObj(d -> new long[] {ctx.pid(), d})
                                .toArray(long[][]::new)))),
                new Call("allToAllv(List)", ctx -> ctx.allToAllv(IntStream.range(0, ctx.processors())
                        .mapToObj(d -> List.of(ctx.pid() * 100 + d)).toList())),
                new Call("allReduce(double)", ctx -> Double.doubleToRawLongBits(
                        ctx.allReduce(1.0 / (3 + ctx.pid()) * 1e16, ReduceOp.SUM))),
                new Call("allReduce(long)", ctx -> ctx.allReduce((long) ctx.pid() * 7919, ReduceOp.MAX)),
                new Call("allReduce(object)", ctx -> ctx.allReduce("s" + ctx.pid(), CONCAT)),
                new Call("allReduce(int[])", ctx -> Arrays.toString(ctx.allReduce(new int[] {ctx.pid(), 1},
                        ReduceOp.SUM))),
                new Call("reduce", ctx -> ctx.reduce(0, "r" + ctx.pid(), CONCAT)),
                new Call("scan(double)", ctx -> Double.doubleToRawLongBits(ctx.scan(0.1 * ctx.pid(), ReduceOp.SUM))),
                new Call("exscan(long)", ctx -> ctx.exscan(ctx.pid() + 1L, ReduceOp.PRODUCT)),
                new Call("custom double", ctx -> Double.doubleToRawLongBits(ctx.allReduce(ctx.pid() + 0.5,
                        ReduceOp.ofDouble("hypot", Math::hypot, true, 0.0)))),
                new Call("post + sync", ctx -> {
                    ctx.postAllReduce(ctx.pid() * 0.3, ReduceOp.SUM);
                    ctx.sync();
                    return Double.doubleToRawLongBits(ctx.allReduceResult());
                })));
        for (int n : new int[] {3, 5000, 100_000}) {
            calls.add(new Call("allReduce(double[" + n + "])", ctx -> Arrays.hashCode(
                    ctx.allReduce(doubles(ctx.pid(), n), ReduceOp.SUM))));
            calls.add(new Call("allReduceInPlace(long[" + n + "])", ctx -> {
                long[] v = new long[n];
                Arrays.setAll(v, i -> (i * 31L) ^ ctx.pid());
                ctx.allReduceInPlace(v, ReduceOp.MIN);
                return Arrays.hashCode(v);
            }));
            calls.add(new Call("reduceScatter(double[" + n + "])", ctx -> Arrays.hashCode(
                    ctx.reduceScatter(doubles(ctx.pid(), n), ReduceOp.SUM))));
        }
        return calls;
    }

    private static double[] doubles(int pid, int n) {
        SplittableRandom r = new SplittableRandom(SEED + pid);
        double[] v = new double[n];
        Arrays.setAll(v, i -> r.nextDouble() * Math.pow(10, r.nextInt(20)));
        return v;
    }

    static Stream<Arguments> collectivesAndSplits() {
        List<Arguments> cases = new ArrayList<>();
        for (Call c : collectives()) {
            for (int[] split : new int[][] {{3, 2}, {5, 3}, {5, 4}}) {
                cases.add(Arguments.of(c.name(), split[0], split[1], c.call()));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: p={1} over {2} workers")
    @MethodSource("collectivesAndSplits")
    void collectivesGiveTheLocalResultsToTheBit(String name, int p, int workers,
            Function<BspContext<String>, Object> call) {
        SpmdProgram<String, List<String>> program = ctx -> {
            send(ctx, 1);
            Object result = call.apply(ctx);
            String delivered = inbox(ctx);
            ctx.sync();
            return List.of(String.valueOf(result), delivered, inbox(ctx));
        };
        BspResult<List<String>> expected = local(p, program);
        BspResult<List<String>> actual = split(p, workers, program);
        assertThat(actual.results()).isEqualTo(expected.results());
        assertSameCounts(actual, expected);
    }

    @Test
    void aMismatchAcrossWorkersIsReportedAsLocally() {
        SpmdProgram<String, Object> program = ctx -> ctx.pid() == 3 ? ctx.allReduce(1L, ReduceOp.MIN)
                : ctx.allReduce(1L, ReduceOp.SUM);
        BspException expected = catchThrowableOfType(BspException.class, () -> local(5, program));
        BspException actual = catchThrowableOfType(BspException.class, () -> split(5, 2, program));
        assertThat(actual).hasMessage(expected.getMessage());
        assertThat(actual.getMessage()).contains("processors [3] called allReduce");
        assertThat(actual.processor()).isEqualTo(3);
    }

    @Test
    void aThrowingProcessorFailsTheRunOnEveryWorkerWithItsOwnError() {
        SpmdProgram<String, Object> program = ctx -> {
            ctx.sync();
            if (ctx.pid() == 4) {
                throw new IllegalStateException("boom on 4");
            }
            ctx.sync();
            return null;
        };
        BspException e = catchThrowableOfType(BspException.class, () -> split(5, 2, program));
        assertThat(e.processor()).isEqualTo(4);
        assertThat(e.superstep()).isEqualTo(1);
        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("boom on 4");
    }

    @Test
    void superstepProgramsGiveTheLocalStates() {
        BspProgram<Integer, long[], String> program = BspProgram.<Integer, long[], String>builder("sums")
                .init((ctx, share) -> new long[] {share.stream().mapToLong(Integer::longValue).sum(), 0})
                .superstep("exchange", step -> step.communicate((ctx, state) -> {
                    for (int d = 0; d < ctx.processors(); d++) {
                        ctx.sendLong(d, state[0] * (d + 1));
                    }
                }))
                .superstep("fold", step -> step.compute((ctx, state) -> {
                    long sum = 0;
                    for (int i = 0; i < ctx.longInbox().size(); i++) {
                        sum = sum * 31 + ctx.longInbox().get(i);
                    }
                    state[1] = ctx.allReduce(sum, ReduceOp.SUM);
                    return state;
                }))
                .build();
        List<Integer> input = IntStream.range(0, 1000).boxed().toList();
        BspResult<long[]> expected = BspRuntime.builder().processors(5).build().run(program, input);
        BspResult<long[]> actual = LoopbackWorkers.run(program, input, 5, LoopbackWorkers.blocks(5, 2), 1000);
        assertThat(actual.results()).usingRecursiveComparison().isEqualTo(expected.results());
        assertThat(actual.superstepCount()).isEqualTo(expected.superstepCount());
        assertThat(actual.supersteps().stream().map(SuperstepStats::name).toList())
                .isEqualTo(expected.supersteps().stream().map(SuperstepStats::name).toList());
    }

    /** Message and word counts per processor and superstep (times differ between engines). */
    private static void assertSameCounts(BspResult<?> actual, BspResult<?> expected) {
        assertThat(actual.superstepCount()).isEqualTo(expected.superstepCount());
        for (int s = 0; s < expected.superstepCount(); s++) {
            assertThat(counts(actual.supersteps().get(s))).as("superstep %d", s)
                    .isEqualTo(counts(expected.supersteps().get(s)));
        }
    }

    private static List<List<Long>> counts(SuperstepStats s) {
        List<List<Long>> rows = new ArrayList<>();
        for (ProcessorStats r : s.processors()) {
            rows.add(List.of(r.messagesSent(), r.wordsSent(), r.messagesReceived(), r.wordsReceived(),
                    r.inboxMessages()));
        }
        return rows;
    }
}
