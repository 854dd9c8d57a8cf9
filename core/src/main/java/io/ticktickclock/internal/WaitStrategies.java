package io.ticktickclock.internal;

import io.ticktickclock.WaitStrategy;

/** The built-in {@link WaitStrategy} implementations. */
public final class WaitStrategies {

    public static final WaitStrategy BUSY_SPIN = new WaitStrategy() {
        @Override
        public boolean idle(int attempt) {
            Thread.onSpinWait();
            return false;
        }

        @Override
        public String toString() {
            return "busySpin";
        }
    };

    public static final WaitStrategy YIELDING = new WaitStrategy() {
        @Override
        public boolean idle(int attempt) {
            Thread.yield();
            return false;
        }

        @Override
        public String toString() {
            return "yielding";
        }
    };

    public static final WaitStrategy PARKING = new WaitStrategy() {
        @Override
        public boolean idle(int attempt) {
            return true;
        }

        @Override
        public String toString() {
            return "parking";
        }
    };

    private WaitStrategies() {}

    public static WaitStrategy adaptive(int processors, int cores) {
        Checks.positive("processors", processors);
        Checks.positive("cores", cores);
        // Spin briefly even with a core per processor: the JIT, the GC and the OS also need cores, and a
        // spinner that keeps its core while the processor it waits for is preempted makes the whole barrier
        // wait a time slice (measured on 2 cores: 100 spins gave 1.0 us mean per empty superstep, 20,000
        // spins 24 us, from a p99 of over a millisecond).
        if (processors <= cores) {
            return new Backoff(100, 100);
        }
        // With more processors than cores, a few yields first hand the core to a processor that still has to
        // arrive; parking (until released, no timer) only after them. Measured on 2 cores, empty supersteps:
        // 20 yields before parking were 2-2.5x faster than parking at once at p = 4, 8, 64 and 512.
        return new Backoff(20, 20);
    }

    /** Spin, then yield, then park until the barrier opens. */
    public record Backoff(int spins, int yields) implements WaitStrategy {

        public Backoff {
            Checks.nonNegative("spins", spins);
            Checks.nonNegative("yields", yields);
        }

        @Override
        public boolean idle(int attempt) {
            if (attempt < spins) {
                Thread.onSpinWait();
                return false;
            }
            if (attempt - spins < yields) {
                Thread.yield();
                return false;
            }
            return true;
        }
    }
}
