package io.ticktickclock;

import io.ticktickclock.internal.WaitStrategies;

/**
 * How a processor waits at the barrier for the others (after Agrona's idle strategies).
 *
 * <p>While a processor waits, the runtime calls {@link #idle(int)} repeatedly with an increasing attempt
 * number and re-checks the barrier between calls. The strategy may spin ({@link Thread#onSpinWait()}),
 * yield, or ask the runtime to park the thread by returning a positive number of nanoseconds. Parking is
 * done by the runtime, which wakes parked processors as soon as the barrier opens, so a long park never
 * delays a barrier; it only bounds how long a missed wake-up could take.
 *
 * <p>Pick by the ratio of processors to cores: with no more processors than free cores,
 * {@link #busySpin()} gives the lowest latency; with more processors than cores, spinning steals time from
 * the processors still computing, so yield or park early ({@link #backoff(int, int, long, long)} or
 * {@link #parking()}). The default ({@link #adaptive(int, int)}) chooses from the processor count and
 * {@link Runtime#availableProcessors()}.
 *
 * <p><b>Thread safety.</b> One instance is shared by every processor of every run, so implementations must
 * be stateless or thread-safe. The built-in strategies are immutable.
 *
 * <pre>{@code
 * BspRuntime runtime = BspRuntime.builder()
 *     .processors(4)
 *     .waitStrategy(WaitStrategy.backoff(1_000, 100, 1_000, 1_000_000))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface WaitStrategy {

    /**
     * Called while the barrier is not yet open.
     *
     * @param attempt how many times this method was already called during this wait, from 0
     * @return 0 to re-check the barrier at once, or a positive number of nanoseconds to park for
     */
    long idle(int attempt);

    /** Spins with {@link Thread#onSpinWait()}: lowest latency, burns a core while waiting. */
    static WaitStrategy busySpin() {
        return WaitStrategies.BUSY_SPIN;
    }

    /** Calls {@link Thread#yield()} on every attempt: for more processors than cores. */
    static WaitStrategy yielding() {
        return WaitStrategies.YIELDING;
    }

    /** Parks at once (1 ms bound; the runtime unparks on release): for long supersteps on busy machines. */
    static WaitStrategy parking() {
        return WaitStrategies.PARKING;
    }

    /**
     * Spins {@code spins} times, then yields {@code yields} times, then parks for a time that doubles from
     * {@code minParkNanos} up to {@code maxParkNanos}.
     *
     * @throws IllegalArgumentException if a count is negative, {@code minParkNanos < 1} or
     *     {@code maxParkNanos < minParkNanos}
     */
    static WaitStrategy backoff(int spins, int yields, long minParkNanos, long maxParkNanos) {
        return new WaitStrategies.Backoff(spins, yields, minParkNanos, maxParkNanos);
    }

    /**
     * The default: a {@link #backoff} that spins about a hundred times (a few microseconds), yields about a
     * hundred times, then parks; with {@code processors > cores} it yields almost at once. Short spinning
     * wins even with a core per processor, because the JIT, the GC and the OS need cores too.
     *
     * @param processors the number of processors of the run
     * @param cores the number of cores available (usually {@link Runtime#availableProcessors()})
     */
    static WaitStrategy adaptive(int processors, int cores) {
        return WaitStrategies.adaptive(processors, cores);
    }
}
