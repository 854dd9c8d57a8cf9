package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many more processors than cores: waiting costs no wake-ups, and memory follows the traffic, not p². Tagged
 * "stress": thousands of threads on a few cores for a minute or more, skipped by {@code bin/test --quick}.
 */
@Tag("stress")
class ManyProcessorsTest {

    @Test
    @Timeout(60)
    @DisplayName("a parked processor is not woken while the barrier stays closed: it asks its wait strategy once")
    void parkedProcessorsDoNotWakeOnATimer() {
        AtomicInteger idleCalls = new AtomicInteger();
        int processors = 4;
        int supersteps = 3;
        BspRuntime runtime = BspRuntime.builder().processors(processors).waitStrategy(attempt -> {
            idleCalls.incrementAndGet();
            return true;
        }).build();
        runtime.run((BspContext<Void> ctx) -> {
            for (int s = 0; s < supersteps; s++) {
                if (ctx.pid() == 0) {
                    Thread.sleep(100); // the others park meanwhile
                }
                ctx.sync();
            }
            return null;
        });
        // One park per waiter and superstep; a stray unpark left from an earlier barrier may add one more.
        // A timer of a millisecond would have called the strategy about a hundred times per superstep.
        assertThat(idleCalls.get()).isLessThanOrEqualTo(2 * processors * supersteps);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    @DisplayName("10,000 processors that each talk to one neighbour run in the default heap and deliver everything")
    void tenThousandProcessorsWithNeighbourTraffic() {
        int p = 10_000;
        int supersteps = 4;
        BspResult<Long> r = Runtimes.of(p).run((BspContext<Void> ctx) -> {
            int right = (ctx.pid() + 1) % p;
            int left = (ctx.pid() + p - 1) % p;
            long wrong = 0;
            for (int s = 0; s < supersteps; s++) {
                ctx.sendLong(right, s * (long) p + ctx.pid());
                ctx.sync();
                LongInbox in = ctx.longInbox();
                if (in.size() != 1 || in.get(0) != s * (long) p + left || in.countFrom(left) != 1) {
                    wrong++;
                }
            }
            return wrong;
        });
        assertThat(r.results()).containsOnly(0L);
        assertThat(r.supersteps().subList(0, supersteps))
                .allSatisfy(step -> assertThat(step.totalMessages()).isEqualTo(p));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName("a failure releases 2,000 parked processors at once")
    void failureReleasesManyParkedProcessors() {
        BspRuntime parking = BspRuntime.builder().processors(2_000).waitStrategy(WaitStrategy.parking()).build();
        assertThatThrownBy(() -> parking.run((BspContext<Void> ctx) -> {
            ctx.sync();
            if (ctx.pid() == 1_234) {
                Thread.sleep(50);
                throw new IllegalStateException("late failure");
            }
            ctx.sync();
            return null;
        })).isInstanceOf(BspException.class).hasRootCauseMessage("late failure");
        assertThat(Runtimes.liveRuntimeThreads()).isZero();
    }

    @Test
    @Timeout(60)
    @DisplayName("the statistics log starts small and keeps every superstep's row as it grows")
    void statisticsSurviveTheGrowthOfTheLog() {
        int supersteps = 2_100; // past the doublings of the first chunk and into the third chunk
        BspResult<Void> r = Runtimes.of(2).run((BspContext<Void> ctx) -> {
            for (int s = 0; s < supersteps; s++) {
                for (int i = 0; i < s % 7 && ctx.pid() == 0; i++) {
                    ctx.sendLong(1, i);
                }
                ctx.sync();
            }
            return null;
        });
        for (int s = 0; s < supersteps; s++) {
            assertThat(r.supersteps().get(s).totalMessages()).as("superstep %d", s).isEqualTo(s % 7);
        }
    }

    /** Destinations of {@code source} in {@code superstep}: a few random ones, repeats allowed, derived. */
    static int[] destinations(long seed, int superstep, int source, int p) {
        SplittableRandom r = new SplittableRandom(seed ^ (superstep * 1_000_003L) ^ (source * 7919L));
        int[] d = new int[r.nextInt(0, 4)];
        for (int i = 0; i < d.length; i++) {
            // Mostly near neighbours, sometimes anyone, sometimes itself: channels appear in later supersteps.
            int pick = r.nextInt(10);
            d[i] = pick < 6 ? (source + 1 + r.nextInt(3)) % p : pick < 9 ? r.nextInt(p) : source;
        }
        return d;
    }

    static long code(int source, int superstep, int seq) {
        return ((long) source << 32) | ((long) superstep << 16) | seq;
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {7, 1_500})
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName("sparse random traffic is delivered exactly, by source then send order, on every lane")
    void sparseTrafficIsDeliveredInOrder(int p) {
        long seed = System.nanoTime();
        int supersteps = 5;
        try {
            BspResult<List<String>> result = Runtimes.of(p).run((BspContext<Long> ctx) -> {
                List<String> problems = new ArrayList<>();
                for (int s = 0; s < supersteps; s++) {
                    int seq = 0;
                    for (int d : destinations(seed, s, ctx.pid(), p)) {
                        long c = code(ctx.pid(), s, seq++);
                        ctx.send(d, c);
                        ctx.sendLong(d, c);
                        ctx.sendPair(d, c, c / 2.0);
                    }
                    ctx.sync();
                    check(ctx, seed, s, p, problems);
                }
                return problems;
            });
            for (List<String> problems : result.results()) {
                assertThat(problems).isEmpty();
            }
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }

    private static void check(BspContext<Long> ctx, long seed, int sentIn, int p, List<String> problems) {
        List<Long> expected = new ArrayList<>();
        int[] from = new int[p];
        for (int src = 0; src < p; src++) {
            int seq = 0;
            for (int d : destinations(seed, sentIn, src, p)) {
                if (d == ctx.pid()) {
                    expected.add(code(src, sentIn, seq));
                    from[src]++;
                }
                seq++;
            }
        }
        if (problems.size() > 10) {
            return;
        }
        String at = "p" + ctx.pid() + " superstep " + ctx.superstep() + ": ";
        if (!List.copyOf(ctx.inbox()).equals(expected)) {
            problems.add(at + "objects " + ctx.inbox() + " expected " + expected);
            return;
        }
        LongInbox longs = ctx.longInbox();
        PairInbox pairs = ctx.pairInbox();
        if (longs.size() != expected.size() || pairs.size() != expected.size()) {
            problems.add(at + "sizes " + longs.size() + "/" + pairs.size() + " expected " + expected.size());
            return;
        }
        for (int i = 0; i < expected.size(); i++) {
            long c = expected.get(i);
            if (longs.get(i) != c || pairs.key(i) != c || pairs.value(i) != c / 2.0
                    || ctx.inbox().sourceOf(i) != (int) (c >>> 32)) {
                problems.add(at + "message " + i + " is not " + Long.toHexString(c));
            }
        }
        for (int src = 0; src < p; src++) {
            int n = from[src];
            if (ctx.inbox().countFrom(src) != n || longs.countFrom(src) != n || pairs.countFrom(src) != n) {
                problems.add(at + "countFrom(" + src + ") != " + n);
            }
            long[] copy = new long[n];
            if (longs.copyFrom(src, copy, 0) != n) {
                problems.add(at + "copyFrom(" + src + ") did not copy " + n);
            }
        }
    }
}
