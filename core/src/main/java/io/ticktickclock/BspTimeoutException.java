package io.ticktickclock;

import java.time.Duration;
import java.util.List;

/**
 * A superstep lasted longer than the runtime's {@link BspRuntime.Builder#superstepTimeout(Duration) superstep
 * timeout}: some processors had not reached its barrier in time (a processor stuck in a busy loop, a monitor,
 * a blocking call that ignores interrupts). The message names them; the stack trace of each, taken when the
 * timeout expired, is attached as a suppressed exception.
 *
 * <p>The run is stopped as for any failure. A processor that ignores interrupts and never reaches a barrier
 * cannot be stopped (Java cannot kill a thread): {@code run} still returns within about a second, the
 * processor's daemon thread is left running, and a further suppressed exception names it.
 */
public final class BspTimeoutException extends BspException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;
    private final List<Integer> lateProcessors;

    /**
     * Creates the exception.
     *
     * @param superstep the superstep that did not end in time
     * @param superstepName its name
     * @param timeout the timeout it exceeded
     * @param lateProcessors the processors that had not reached its barrier, in order
     */
    public BspTimeoutException(int superstep, String superstepName, Duration timeout, List<Integer> lateProcessors) {
        super("superstep " + superstep + " ('" + superstepName + "') exceeded the superstep timeout of "
                + timeout.toMillis() + " ms: processors " + lateProcessors + " had not reached its barrier"
                + " (their stack traces are attached as suppressed exceptions)",
                lateProcessors.isEmpty() ? -1 : lateProcessors.get(0), superstep, superstepName, Phase.RUNTIME, null);
        this.timeout = timeout;
        this.lateProcessors = List.copyOf(lateProcessors);
    }

    /** The timeout the superstep exceeded. */
    public Duration timeout() {
        return timeout;
    }

    /** The processors that had not reached the superstep's barrier when the timeout expired, in order. */
    public List<Integer> lateProcessors() {
        return lateProcessors;
    }
}
