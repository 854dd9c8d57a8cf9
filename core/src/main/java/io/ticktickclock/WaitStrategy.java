package io.ticktickclock;

import io.ticktickclock.internal.WaitStrategies;

/**
 * How a processor waits at the barrier for the others (after Agrona's idle strategies).
 *
 * <p>While a processor waits, the runtime calls {@link #idle(int)} repeatedly with an increasing attempt
 * number and re-checks the barrier between calls. The strategy may spin ({@link Thread#onSpinWait()}),
 * yield, or ask the runtime to park the thread by returning {@code true}. A parked processor sleeps until
 * the barrier opens or the run is aborted, without a timer: the runtime wakes it (parked processors wake
 * one another in a tree, so the last arriver does not wake them all itself), and nothing runs on its behalf
 * while it waits. So parking costs nothing while a superstep lasts, however many processors wait, and only
 * adds a wake-up (some microseconds) to the barrier's latency.
 *
 * <p>Pick by the ratio of processors to cores: with no more processors than free cores,
 * {@link #busySpin()} gives the lowest latency; with more processors than cores, spinning steals time from
 * the processors still computing, so park early ({@link #backoff(int, int)} or {@link #parking()}). The
 * default ({@link #adaptive(int, int)}) chooses from the processor count and
 * {@link Runtime#availableProcessors()}.
 *
 * <p><b>Thread safety.</b> One instance is shared by every processor of every run, so implementations must
 * be stateless or thread-safe. The built-in strategies are immutable.
 *
 * <pre>{@code
 * BspRuntime runtime = BspRuntime.builder()
 *     .processors(4)
 *     .waitStrategy(WaitStrategy.backoff(1_000, 100))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface WaitStrategy {

    /**
     * Called while the barrier is not yet open.
     *
     * @param attempt how many times this method was already called during this wait, from 0
     * @return {@code false} to re-check the barrier at once, {@code true} to park until it opens
     */
    boolean idle(int attempt);

    /** Spins with {@link Thread#onSpinWait()}: lowest latency, burns a core while waiting. */
    static WaitStrategy busySpin() {
        return WaitStrategies.BUSY_SPIN;
    }

    /** Calls {@link Thread#yield()} on every attempt: burns a core only while nothing else wants it. */
    static WaitStrategy yielding() {
        return WaitStrategies.YIELDING;
    }

    /** Parks at once until the barrier opens: for long supersteps, or many more processors than cores. */
    static WaitStrategy parking() {
        return WaitStrategies.PARKING;
    }

    /**
     * Spins {@code spins} times, then yields {@code yields} times, then parks until the barrier opens.
     *
     * @throws IllegalArgumentException if a count is negative
     */
    static WaitStrategy backoff(int spins, int yields) {
        return new WaitStrategies.Backoff(spins, yields);
    }

    /**
     * The default: a {@link #backoff} that spins about a hundred times (a few microseconds), yields about a
     * hundred times, then parks; with {@code processors > cores} it parks almost at once, so that waiting
     * processors leave the cores to the ones still computing and the cost of a superstep grows linearly
     * with the number of processors. Short spinning wins even with a core per processor, because the JIT,
     * the GC and the OS need cores too.
     *
     * @param processors the number of processors of the run
     * @param cores the number of cores available (usually {@link Runtime#availableProcessors()})
     */
    static WaitStrategy adaptive(int processors, int cores) {
        return WaitStrategies.adaptive(processors, cores);
    }
}
