package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A collective ends the superstep like {@code sync()}: every message sent before it, in every lane, is in
 * the inbox when it returns, and the superstep after it delivers as usual. Checked for every collective,
 * every algorithm of the element-wise all-reduce (direct and two-phase, by size), and the posted forms.
 */
@Timeout(120)
class CollectiveDeliveryTest {

    /** Array lengths on both sides of the element-wise all-reduce's switch to two phases at p = 3. */
    private static final int[] LENGTHS = {1, 4096, 4097, 100_000};

    static Stream<Arguments> collectivesAndCounts() {
        List<Arguments> cases = new ArrayList<>();
        for (var c : collectives()) {
            for (int p : new int[] {1, 2, 3, 5, 8}) {
                cases.add(Arguments.of(c.name(), p, c.call()));
            }
        }
        return cases.stream();
    }

    private record Call(String name, Consumer<BspContext<String>> call) {}

    private static List<Call> collectives() {
        List<Call> calls = new ArrayList<>(List.of(
                new Call("barrier", Collectives::barrier),
                new Call("broadcast", ctx -> ctx.broadcast(0, 1L)),
                new Call("scatter", ctx -> ctx.scatter(0, ctx.pid() == 0 ? Collections.nCopies(ctx.processors(), 1) : null)),
                new Call("gather", ctx -> ctx.gather(0, 1L)),
                new Call("allGather", ctx -> ctx.allGather(1L)),
                new Call("allToAll", ctx -> ctx.allToAll(Collections.nCopies(ctx.processors(), 1))),
                new Call("gatherv", ctx -> ctx.gatherv(0, List.of(1, 2))),
                new Call("allGatherv(List)", ctx -> ctx.allGatherv(List.of(1, 2))),
                new Call("allGatherv(long[])", ctx -> ctx.allGatherv(new long[] {1, 2})),
                new Call("allToAllv(long[][])", ctx -> ctx.allToAllv(new long[ctx.processors()][3])),
                new Call("allToAllv(List)", ctx -> ctx.allToAllv(Collections.nCopies(ctx.processors(), List.of(1)))),
                new Call("allReduce(double)", ctx -> ctx.allReduce(1.0, ReduceOp.SUM)),
                new Call("allReduce(long)", ctx -> ctx.allReduce(1L, ReduceOp.MAX)),
                new Call("allReduce(object)", ctx -> ctx.allReduce("x", ReduceOp.of("concat", String::concat, false, ""))),
                new Call("allReduce(int[])", ctx -> ctx.allReduce(new int[5000], ReduceOp.SUM)),
                new Call("reduce", ctx -> ctx.reduce(0, "x", ReduceOp.of("concat", String::concat, false, ""))),
                new Call("scan(double)", ctx -> ctx.scan(1.0, ReduceOp.SUM)),
                new Call("scan(long)", ctx -> ctx.scan(1L, ReduceOp.SUM)),
                new Call("exscan(long)", ctx -> ctx.exscan(1L, ReduceOp.SUM)),
                new Call("exscan(double)", ctx -> ctx.exscan(1.0, ReduceOp.SUM)),
                new Call("post + sync", ctx -> {
                    ctx.postAllReduce(1.0, ReduceOp.SUM);
                    ctx.sync();
                    ctx.allReduceResult();
                })));
        for (int n : LENGTHS) {
            calls.add(new Call("allReduce(double[" + n + "])", ctx -> ctx.allReduce(new double[n], ReduceOp.SUM)));
            calls.add(new Call("allReduce(long[" + n + "])", ctx -> ctx.allReduce(new long[n], ReduceOp.SUM)));
            calls.add(new Call("allReduceInPlace(double[" + n + "])",
                    ctx -> ctx.allReduceInPlace(new double[n], ReduceOp.MAX)));
            calls.add(new Call("allReduceInPlace(long[" + n + "])",
                    ctx -> ctx.allReduceInPlace(new long[n], ReduceOp.MIN)));
            calls.add(new Call("reduceScatter(double[" + n + "])", ctx -> ctx.reduceScatter(new double[n], ReduceOp.SUM)));
            calls.add(new Call("reduceScatter(long[" + n + "])", ctx -> ctx.reduceScatter(new long[n], ReduceOp.SUM)));
        }
        return calls;
    }

    /** What processor {@code pid} sent to {@code destination} in round {@code round}, in every lane. */
    private static void sendAll(BspContext<String> ctx, int round) {
        for (int d = 0; d < ctx.processors(); d++) {
            ctx.send(d, round + ":" + ctx.pid() + "->" + d);
            ctx.sendLong(d, code(round, ctx.pid(), d));
            ctx.sendPair(d, code(round, ctx.pid(), d), ctx.pid() + 0.5);
        }
    }

    private static long code(int round, int source, int destination) {
        return ((long) round << 40) | ((long) source << 20) | destination;
    }

    /** Every lane of the inbox, as text, in delivery order. */
    private static List<String> inbox(BspContext<String> ctx) {
        List<String> all = new ArrayList<>(ctx.inbox());
        ctx.longInbox().forEach(v -> all.add("long " + v));
        ctx.pairInbox().forEach((k, v) -> all.add("pair " + k + "=" + v));
        return all;
    }

    private static List<String> expected(int processors, int me, int round) {
        List<String> all = new ArrayList<>();
        IntStream.range(0, processors).forEach(s -> all.add(round + ":" + s + "->" + me));
        IntStream.range(0, processors).forEach(s -> all.add("long " + code(round, s, me)));
        IntStream.range(0, processors).forEach(s -> all.add("pair " + code(round, s, me) + "=" + (s + 0.5)));
        return all;
    }

    @ParameterizedTest(name = "{0}, p={1}")
    @MethodSource("collectivesAndCounts")
    void messagesSentBeforeACollectiveAreInTheInboxWhenItReturns(String name, int p,
            Consumer<BspContext<String>> collective) {
        BspResult<List<List<String>>> r = BspRuntime.builder().processors(p).build().run((BspContext<String> ctx) -> {
            sendAll(ctx, 1);
            collective.accept(ctx);
            List<String> afterCollective = inbox(ctx);
            sendAll(ctx, 2);
            ctx.sync();
            List<String> afterSync = inbox(ctx);
            ctx.sync();
            return List.of(afterCollective, afterSync, inbox(ctx));
        });
        for (int i = 0; i < p; i++) {
            assertThat(r.result(i).get(0)).as("%s at p = %d: inbox of processor %d when the call returns", name, p, i)
                    .isEqualTo(expected(p, i, 1));
            assertThat(r.result(i).get(1)).as("%s at p = %d: inbox of processor %d one superstep later", name, p, i)
                    .isEqualTo(expected(p, i, 2));
            assertThat(r.result(i).get(2)).as("then empty").isEmpty();
        }
    }
}
