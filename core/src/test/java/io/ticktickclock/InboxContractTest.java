package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The inbox contract: the inbox of superstep s+1 holds exactly what was sent in superstep s, in order. */
@Timeout(60)
class InboxContractTest {

    /** A message that says who sent it, when, and its position in the sender's send order. */
    record Tagged(int source, int superstep, int seq) {}

    /** Random traffic: who sends how many of which lane to whom, derived from (seed, superstep, source). */
    static int count(long seed, int superstep, int source, int dest) {
        return new SplittableRandom(seed ^ (superstep * 1_000_003L) ^ (source * 7919L) ^ (dest * 104729L))
                .nextInt(0, 6);
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {1, 2, 3, 7, 16})
    @DisplayName("every lane delivers exactly the messages sent to it, by source then send order, for random traffic")
    void randomTrafficIsDeliveredExactlyAndInOrder(int p) {
        long seed = System.nanoTime();
        int supersteps = 6;
        try {
            BspResult<List<String>> result = Runtimes.of(p).run((BspContext<Tagged> ctx) -> {
                List<String> problems = new ArrayList<>();
                for (int s = 0; s < supersteps; s++) {
                    if (s > 0) {
                        checkInbox(ctx, seed, s - 1, problems);
                    } else if (!ctx.inbox().isEmpty() || !ctx.longInbox().isEmpty() || !ctx.pairInbox().isEmpty()) {
                        problems.add("superstep 0 inbox not empty");
                    }
                    for (int d = 0; d < ctx.processors(); d++) {
                        int n = count(seed, s, ctx.pid(), d);
                        for (int i = 0; i < n; i++) {
                            ctx.send(d, new Tagged(ctx.pid(), s, i));
                            ctx.sendLong(d, encode(ctx.pid(), s, i));
                            ctx.sendPair(d, encode(ctx.pid(), s, i), ctx.pid() + i / 8.0);
                        }
                    }
                    ctx.sync();
                }
                checkInbox(ctx, seed, supersteps - 1, problems);
                return problems;
            });
            for (List<String> problems : result.results()) {
                assertThat(problems).isEmpty();
            }
            assertThat(result.superstepCount()).isEqualTo(supersteps + 1);
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }

    static long encode(int source, int superstep, int seq) {
        return ((long) source << 40) | ((long) superstep << 20) | seq;
    }

    static void checkInbox(BspContext<Tagged> ctx, long seed, int sentIn, List<String> problems) {
        List<Tagged> expected = new ArrayList<>();
        for (int src = 0; src < ctx.processors(); src++) {
            int n = count(seed, sentIn, src, ctx.pid());
            for (int i = 0; i < n; i++) {
                expected.add(new Tagged(src, sentIn, i));
            }
        }
        if (!List.copyOf(ctx.inbox()).equals(expected)) {
            problems.add("p" + ctx.pid() + " superstep " + ctx.superstep() + ": objects " + ctx.inbox()
                    + " expected " + expected);
        }
        LongInbox longs = ctx.longInbox();
        PairInbox pairs = ctx.pairInbox();
        if (longs.size() != expected.size() || pairs.size() != expected.size()) {
            problems.add("p" + ctx.pid() + ": sizes " + longs.size() + "/" + pairs.size() + " expected "
                    + expected.size());
            return;
        }
        for (int i = 0; i < expected.size(); i++) {
            Tagged t = expected.get(i);
            long code = encode(t.source(), t.superstep(), t.seq());
            if (longs.get(i) != code || pairs.key(i) != code || pairs.value(i) != t.source() + t.seq() / 8.0) {
                problems.add("p" + ctx.pid() + ": primitive message " + i + " differs from " + t);
            }
            if (ctx.inbox().sourceOf(i) != t.source()) {
                problems.add("p" + ctx.pid() + ": sourceOf(" + i + ") != " + t.source());
            }
        }
        for (int src = 0; src < ctx.processors(); src++) {
            int n = count(seed, sentIn, src, ctx.pid());
            if (ctx.inbox().countFrom(src) != n || longs.countFrom(src) != n || pairs.countFrom(src) != n) {
                problems.add("p" + ctx.pid() + ": countFrom(" + src + ") != " + n);
            }
            long[] fromSrc = new long[n + 2];
            fromSrc[0] = 42;
            fromSrc[n + 1] = 43;
            int copied = longs.copyFrom(src, fromSrc, 1);
            for (int i = 0; i < n; i++) {
                if (fromSrc[i + 1] != encode(src, sentIn, i)) {
                    problems.add("p" + ctx.pid() + ": copyFrom(" + src + ") element " + i + " is " + fromSrc[i + 1]);
                }
            }
            if (copied != n || fromSrc[0] != 42 || fromSrc[n + 1] != 43) {
                problems.add("p" + ctx.pid() + ": copyFrom(" + src + ") copied " + copied + " of " + n
                        + " or wrote outside its range");
            }
        }
    }

    @Test
    @DisplayName("a processor's messages to itself arrive in its own next inbox")
    void selfSendsAreDelivered() {
        BspResult<List<Integer>> r = Runtimes.of(3).run((BspContext<Integer> ctx) -> {
            ctx.send(ctx.pid(), ctx.pid() * 10);
            ctx.send(ctx.pid(), ctx.pid() * 10 + 1);
            ctx.sync();
            return List.copyOf(ctx.inbox());
        });
        assertThat(r.results()).containsExactly(List.of(0, 1), List.of(10, 11), List.of(20, 21));
    }

    @Test
    @DisplayName("a superstep without sends leaves the next inbox empty, and messages are delivered only once")
    void emptySuperstepsDeliverNothingAndNothingIsDeliveredTwice() {
        BspResult<List<Integer>> r = Runtimes.of(4).run((BspContext<String> ctx) -> {
            List<Integer> sizes = new ArrayList<>();
            ctx.send((ctx.pid() + 1) % 4, "x");
            ctx.sendLong(0, 1);
            ctx.sync();
            sizes.add(ctx.inbox().size() + ctx.longInbox().size());
            ctx.sync();
            sizes.add(ctx.inbox().size() + ctx.longInbox().size());
            ctx.sync();
            sizes.add(ctx.inbox().size() + ctx.longInbox().size());
            return sizes;
        });
        assertThat(r.result(0)).containsExactly(1 + 4, 0, 0);
        assertThat(r.result(1)).containsExactly(1, 0, 0);
    }

    @Test
    @DisplayName("copyFrom places one source's longs and rejects a bad source or a destination too small")
    void copyFromChecksItsArguments() {
        BspResult<String> r = Runtimes.of(3).run((BspContext<Void> ctx) -> {
            ctx.sendLongs((ctx.pid() + 1) % 3, new long[] {ctx.pid(), ctx.pid(), ctx.pid()}, 0, 3);
            ctx.sync();
            LongInbox in = ctx.longInbox();
            int from = (ctx.pid() + 2) % 3;
            long[] exact = new long[3];
            assertThat(in.copyFrom(from, exact, 0)).isEqualTo(3);
            assertThat(exact).containsExactly(from, from, from);
            assertThat(in.copyFrom(ctx.pid(), new long[0], 0)).isZero();
            assertThatThrownBy(() -> in.copyFrom(3, exact, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("source must be in [0, 3), got 3");
            assertThatThrownBy(() -> in.copyFrom(-1, exact, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("source must be in [0, 3), got -1");
            assertThatThrownBy(() -> in.copyFrom(from, exact, 1)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("the 3 longs from processor " + from + " do not fit in destination[3] at offset 1");
            assertThatThrownBy(() -> in.copyFrom(from, exact, -1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> in.copyFrom(from, null, 0)).isInstanceOf(NullPointerException.class)
                    .hasMessage("destination must not be null");
            return "ok";
        });
        assertThat(r.results()).containsOnly("ok");
    }

    @Test
    @DisplayName("bulk sendLongs delivers the range in order, like one sendLong per element")
    void bulkLongsArriveInOrder() {
        BspResult<long[]> r = Runtimes.of(2).run((BspContext<Void> ctx) -> {
            long[] values = {1, 2, 3, 4, 5, 6};
            ctx.sendLong(1 - ctx.pid(), -1);
            ctx.sendLongs(1 - ctx.pid(), values, 1, 4);
            ctx.sendLong(1 - ctx.pid(), -2);
            ctx.sync();
            assertThat(ctx.longInbox().sum()).isEqualTo(-1 + 2 + 3 + 4 - 2);
            return ctx.longInbox().toArray();
        });
        assertThat(r.result(0)).containsExactly(-1, 2, 3, 4, -2);
        assertThat(r.result(1)).containsExactly(-1, 2, 3, 4, -2);
    }

    @Test
    @DisplayName("large exchanges grow the buffers and still arrive whole and in order")
    void largeExchangesArriveWhole() {
        int n = 200_000;
        BspResult<Long> r = Runtimes.of(3).run((BspContext<Void> ctx) -> {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < n; i++) {
                    ctx.sendLong((ctx.pid() + 1) % 3, i);
                }
                ctx.sync();
                LongInbox in = ctx.longInbox();
                for (int i = 0; i < n; i++) {
                    if (in.get(i) != i) {
                        throw new AssertionError("message " + i + " is " + in.get(i));
                    }
                }
            }
            return ctx.longInbox().sum();
        });
        assertThat(r.results()).containsOnly((long) n * (n - 1) / 2);
    }

    /** Rank message in a sealed hierarchy, to show typed messages with pattern matching. */
    sealed interface Msg permits Rank, Stop {}

    record Rank(long vertex, double value) implements Msg {}

    record Stop(String reason) implements Msg {}

    @Test
    @DisplayName("records of a sealed interface travel as typed messages and match by pattern")
    void sealedRecordMessagesArePatternMatchable() {
        BspResult<String> r = Runtimes.of(2).run((BspContext<Msg> ctx) -> {
            ctx.send(0, new Rank(ctx.pid(), 0.5));
            ctx.send(0, new Stop("p" + ctx.pid()));
            ctx.sync();
            StringBuilder seen = new StringBuilder();
            for (Msg m : ctx.inbox()) {
                switch (m) {
                    case Rank rank -> seen.append("R").append(rank.vertex());
                    case Stop stop -> seen.append("S").append(stop.reason());
                }
            }
            return seen.toString();
        });
        assertThat(r.result(0)).isEqualTo("R0Sp0R1Sp1");
        assertThat(r.result(1)).isEmpty();
    }
}
