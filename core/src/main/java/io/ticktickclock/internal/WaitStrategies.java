package io.ticktickclock.internal;

import io.ticktickclock.WaitStrategy;

/** The built-in {@link WaitStrategy} implementations. */
public final class WaitStrategies {

    public static final WaitStrategy BUSY_SPIN = new WaitStrategy() {
        @Override
        public long idle(int attempt) {
            Thread.onSpinWait();
            return 0;
        }

        @Override
        public String toString() {
            return "busySpin";
        }
    };

    public static final WaitStrategy YIELDING = new WaitStrategy() {
        @Override
        public long idle(int attempt) {
            Thread.yield();
            return 0;
        }

        @Override
        public String toString() {
            return "yielding";
        }
    };

    public static final WaitStrategy PARKING = new WaitStrategy() {
        @Override
        public long idle(int attempt) {
            return 1_000_000L;
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
            return new Backoff(100, 100, 10_000, 1_000_000);
        }
        return new Backoff(20, 20, 10_000, 1_000_000);
    }

    /** Spin, then yield, then park with exponential growth. */
    public record Backoff(int spins, int yields, long minParkNanos, long maxParkNanos) implements WaitStrategy {

        public Backoff {
            Checks.nonNegative("spins", spins);
            Checks.nonNegative("yields", yields);
            if (minParkNanos < 1) {
                throw new IllegalArgumentException("minParkNanos must be >= 1, got " + minParkNanos);
            }
            if (maxParkNanos < minParkNanos) {
                throw new IllegalArgumentException("maxParkNanos must be >= minParkNanos (" + minParkNanos
                        + "), got " + maxParkNanos);
            }
        }

        @Override
        public long idle(int attempt) {
            if (attempt < spins) {
                Thread.onSpinWait();
                return 0;
            }
            int afterSpins = attempt - spins;
            if (afterSpins < yields) {
                Thread.yield();
                return 0;
            }
            int doublings = Math.min(afterSpins - yields, 40);
            long park = minParkNanos << doublings;
            return park <= 0 || park > maxParkNanos ? maxParkNanos : park;
        }
    }
}
