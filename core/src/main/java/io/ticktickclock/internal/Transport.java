package io.ticktickclock.internal;

import java.nio.ByteBuffer;

/**
 * Moves one superstep's batches between the workers of a distributed run: the barrier between workers.
 *
 * <p>Workers are numbered {@code 0 .. workers() - 1} in the order of the processor blocks they hold. At the
 * end of every superstep each worker calls {@link #exchange} once, from the last of its processors to
 * arrive, with one batch (possibly empty) for every other worker, and gets the batch of every other worker
 * for the same superstep. The call returning is the barrier: every worker has then reached the superstep's
 * end.
 */
public interface Transport {

    /** How many workers take part. */
    int workers();

    /** This worker's index. */
    int self();

    /**
     * Sends {@code outgoing[w]} (positioned at 0, limited at its end; the entry for {@link #self()} is
     * ignored) to every other worker {@code w} and waits for theirs.
     *
     * @param superstep the superstep that is ending (the barrier's generation)
     * @return the batch of every other worker for this superstep, by worker ({@code null} for this one),
     *     each positioned at its start; valid until the next call
     * @throws io.ticktickclock.BspException naming the worker, when a worker is lost, sends a malformed batch
     *     or the run is aborted elsewhere
     */
    ByteBuffer[] exchange(int superstep, ByteBuffer[] outgoing);

    /** The run failed on this worker: wake a waiting {@link #exchange} and tell the others (best effort). */
    void abort(Throwable cause);
}
