package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sender-side combining of (key, value) pairs. */
@Timeout(60)
class CombiningTest {

    @Test
    @DisplayName("combined pairs equal the per-key fold of what was sent, in first-send order, per source")
    void combiningFoldsPerKeyInFirstSendOrder() {
        long seed = System.nanoTime();
        int p = 3;
        BspResult<String> r = Runtimes.of(p).run((BspContext<Void> ctx) -> {
            ctx.combinePairs(Double::sum);
            SplittableRandom random = new SplittableRandom(seed + ctx.pid());
            for (int i = 0; i < 10_000; i++) {
                ctx.sendPair(0, random.nextLong(0, 300), 1.0);
            }
            ctx.sync();
            if (ctx.pid() != 0) {
                return "";
            }
            StringBuilder problems = new StringBuilder();
            PairInbox in = ctx.pairInbox();
            int at = 0;
            for (int src = 0; src < p; src++) {
                Map<Long, Double> expected = new LinkedHashMap<>();
                SplittableRandom replay = new SplittableRandom(seed + src);
                for (int i = 0; i < 10_000; i++) {
                    expected.merge(replay.nextLong(0, 300), 1.0, Double::sum);
                }
                if (in.countFrom(src) != expected.size()) {
                    problems.append("source ").append(src).append(" sent ").append(in.countFrom(src))
                            .append(" pairs, expected ").append(expected.size());
                }
                for (Map.Entry<Long, Double> e : expected.entrySet()) {
                    if (in.key(at) != e.getKey() || in.value(at) != e.getValue()) {
                        problems.append(" pair ").append(at).append(" differs");
                    }
                    at++;
                }
            }
            return problems.toString();
        });
        assertThat(r.result(0)).as("seed %d", seed).isEmpty();
        // Statistics count pairs after combining: at most 300 distinct keys per source.
        assertThat(r.supersteps().get(0).processors().get(1).messagesSent()).isLessThanOrEqualTo(300);
    }

    @Test
    @DisplayName("combining restarts every superstep and can be switched off")
    void combiningIsPerSuperstepAndCanBeTurnedOff() {
        BspResult<String> r = Runtimes.of(1).run((BspContext<Void> ctx) -> {
            ctx.combinePairs(Math::max);
            ctx.sendPair(0, 7, 1);
            ctx.sendPair(0, 7, 5);
            ctx.sendPair(0, 7, 3);
            ctx.sync();
            String first = ctx.pairInbox().size() + ":" + ctx.pairInbox().value(0);
            ctx.sendPair(0, 7, 2);
            ctx.combinePairs(null);
            ctx.sendPair(0, 7, 9);
            ctx.sync();
            return first + " " + ctx.pairInbox().size();
        });
        assertThat(r.result(0)).isEqualTo("1:5.0 2");
    }

    @Test
    @DisplayName("turning combining on mid-superstep merges into pairs already sent")
    void combiningSwitchedOnMidSuperstepSeesEarlierPairs() {
        BspResult<String> r = Runtimes.of(1).run((BspContext<Void> ctx) -> {
            ctx.sendPair(0, 1, 1);
            ctx.sendPair(0, 2, 1);
            ctx.combinePairs(Double::sum);
            ctx.sendPair(0, 2, 10);
            ctx.sendPair(0, 3, 1);
            ctx.sync();
            PairInbox in = ctx.pairInbox();
            StringBuilder s = new StringBuilder();
            in.forEach((k, v) -> s.append(k).append('=').append(v).append(' '));
            return s.toString().trim();
        });
        assertThat(r.result(0)).isEqualTo("1=1.0 2=11.0 3=1.0");
    }
}
