package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The primitive lanes allocate nothing per message once the channels have grown to their steady size:
 * each processor measures the bytes its own thread allocates over many supersteps of heavy traffic.
 */
@Timeout(60)
class AllocationTest {

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    @DisplayName("sendLong, sendPair (also combined) and reading the inboxes allocate nothing per message")
    void primitiveLanesDoNotAllocatePerMessage() {
        int perSuperstep = 50_000;
        int warmup = 40;
        int measured = 100;
        BspResult<Long> r = Runtimes.of(2).run((BspContext<Void> ctx) -> {
            int other = 1 - ctx.pid();
            long checksum = 0;
            long before = 0;
            double[] acc = new double[1];
            PairInbox.PairConsumer adder = (k, v) -> acc[0] += v;
            for (int s = 0; s < warmup + measured; s++) {
                if (s == warmup) {
                    before = allocatedBytes();
                }
                ctx.combinePairs(s % 2 == 0 ? null : Double::sum);
                for (int i = 0; i < perSuperstep; i++) {
                    ctx.sendLong(other, i);
                    ctx.sendPair(other, i & 1023, 1.0);
                }
                ctx.sync();
                checksum += ctx.longInbox().sum();
                LongInbox longs = ctx.longInbox();
                for (int i = 0; i < longs.size(); i++) {
                    checksum += longs.get(i);
                }
                ctx.pairInbox().forEach(adder);
            }
            long bytes = allocatedBytes() - before;
            return bytes + (checksum == 42 ? (long) acc[0] : 0);
        });
        long messages = 2L * measured * perSuperstep;
        for (long bytes : r.results()) {
            // Allowance: a statistics chunk (57 KiB per 1024 supersteps) and lambdas created by the loop.
            assertThat(bytes).as("bytes allocated by a processor for %d messages", messages).isLessThan(80_000);
            assertThat((double) bytes / messages).isLessThan(0.01);
        }
    }
}
