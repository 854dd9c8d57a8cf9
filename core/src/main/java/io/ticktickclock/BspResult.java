package io.ticktickclock;

import java.time.Duration;
import io.ticktickclock.internal.StatsList;
import java.util.List;

/**
 * The outcome of a run.
 *
 * @param results each processor's result, in processor order (unmodifiable; elements may be null if the
 *     program returned null)
 * @param superstepCount the number of supersteps executed
 * @param converged for a {@link BspProgram}: {@code true} if the program ran to its end (every looping
 *     superstep converged); {@code false} if the runtime's superstep limit stopped it first. Always
 *     {@code true} for an {@link SpmdProgram}, which decides itself when to stop
 * @param supersteps statistics of each superstep, in order (unmodifiable; the runtime's list builds each
 *     element when it is read, so keep the elements you read more than once)
 * @param wallNanos wall-clock time of the run, threads started and stopped included
 * @param <R> the type of a processor's result
 */
public record BspResult<R>(
        List<R> results, int superstepCount, boolean converged, List<SuperstepStats> supersteps, long wallNanos) {

    /** Copies {@code results} (which may hold nulls) and {@code supersteps} into unmodifiable lists. */
    public BspResult {
        results = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(results));
        // The runtime's own statistics list is immutable and built on demand; anything else is copied.
        supersteps = supersteps instanceof StatsList ? supersteps : List.copyOf(supersteps);
    }

    /** The result of processor {@code pid}. */
    public R result(int pid) {
        return results.get(pid);
    }

    /** {@link #wallNanos()} as a {@link Duration}. */
    public Duration wallTime() {
        return Duration.ofNanos(wallNanos);
    }

    /** All messages sent during the run (after sender-side combining). */
    public long totalMessages() {
        long total = 0;
        for (SuperstepStats s : supersteps) {
            total += s.totalMessages();
        }
        return total;
    }
}
