package io.ticktickclock;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * A run started with {@link BspRuntime#start(SpmdProgram)} (or one of its overloads): ask how it is doing,
 * cancel it, or wait for its result.
 *
 * <pre>{@code
 * BspRun<Double> run = runtime.start(pageRank, edges);
 * BspRun.Status s = run.status();      // RUNNING, superstep 17 'iterate', 2.3 s
 * if (tooSlow) {
 *     run.cancel();                    // ends within about a second; status() then says CANCELLED
 * }
 * BspResult<Double> r = run.join();    // the result, or the run's BspException
 * }</pre>
 *
 * <h2>Threads</h2>
 * The run's processors are started as by {@link BspRuntime#run(SpmdProgram)}, and one more thread,
 * {@code ttc-run-<program>}, watches them in place of the caller (timeouts, slow supersteps, cancellation) and
 * completes the handle. Interrupting a thread that waits in {@link #join()} does not cancel the run: call
 * {@link #cancel()}.
 *
 * <h2>Thread safety</h2>
 * A handle is thread-safe: any thread may query, cancel or join it, any number of times. Everything the
 * processors did happens-before {@link #join()} returns and before the future completes.
 *
 * @param <R> the type of a processor's result
 */
public interface BspRun<R> {

    /** Where a run is in its life. */
    enum State {
        /** Started, not ended yet. */
        RUNNING,
        /** Ended normally: {@link #join()} returns the result. */
        SUCCEEDED,
        /** A processor failed, the processors disagreed, or a limit or timeout was exceeded. */
        FAILED,
        /** Ended by {@link #cancel()}: {@link #join()} throws {@link BspCancelledException}. */
        CANCELLED
    }

    /**
     * A snapshot of a run.
     *
     * @param state where the run is in its life
     * @param superstep the superstep processor 0 is in (while running), or the last one it was in (for a
     *     superstep program, the trailing superstep that ends it, which {@link BspResult} leaves out)
     * @param superstepName the name processor 0 has given that superstep; {@code "superstep-N"} while it has
     *     not named it yet (a superstep program names each superstep just after the barrier that starts it)
     * @param elapsed time since the run started, or its whole length once it ended
     * @param lastCheckpoint the superstep of the run's newest durable checkpoint (for a resumed run, the one it
     *     resumed from until it writes another); empty when it has none
     */
    record Status(State state, int superstep, String superstepName, Duration elapsed, OptionalInt lastCheckpoint) {}

    /** The program's name. */
    String program();

    /** How the run is doing now. Cheap (a few volatile reads); callable from any thread, as often as needed. */
    Status status();

    /**
     * Cancels the run: its processors are released from the barrier and interrupted, and the run ends
     * within about a second, like a run whose caller was interrupted (see {@link BspRuntime}), with
     * {@link BspCancelledException}. A processor busy in a computation that neither checks its interrupt
     * status nor reaches {@code sync()} cannot be stopped; it is left behind as described there.
     *
     * @return true if this call asked the running run to stop; false if it had already ended or was
     *     already failing or cancelled
     */
    boolean cancel();

    /**
     * Waits for the run to end and all its threads to stop, and returns its result. Waits uninterruptibly
     * (an interrupt is kept and set again on return).
     *
     * @return the result, as {@code BspRuntime.run} would have returned it
     * @throws BspException what {@code BspRuntime.run} would have thrown; {@link BspCancelledException} if
     *     the run was cancelled
     */
    BspResult<R> join();

    /**
     * A future completed with the result, or exceptionally with the run's {@link BspException}. Cancelling
     * the future cancels the run.
     */
    CompletableFuture<BspResult<R>> toCompletableFuture();
}
