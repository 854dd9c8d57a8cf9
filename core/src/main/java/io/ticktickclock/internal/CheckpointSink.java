package io.ticktickclock.internal;

import java.io.IOException;

/**
 * Where the processors of a run hand their parts of a checkpoint: the seam between the engine and the place
 * checkpoints are kept. Each processor encodes its own part on its own thread and hands the bytes here; the
 * sink commits the checkpoint once it holds every part it is responsible for. {@link LocalCheckpointSink}
 * gathers all {@code p} parts of a run in one JVM and saves them to a {@link io.ticktickclock.CheckpointStore};
 * a worker of a distributed run would implement it for its block of processors and commit the checkpoint
 * where every worker's parts come together.
 *
 * <p>Implementations are thread-safe: the processors call {@link #save} at the same time.
 */
public interface CheckpointSink {

    /**
     * Hands processor {@code pid}'s part of the checkpoint of {@code superstep}; called on that processor's
     * thread, at the barrier that starts {@code superstep}. Returns without waiting for the checkpoint to be
     * written (it may wait for the previous one, so that at most one write is pending).
     *
     * @throws IOException if an earlier checkpoint of the run could not be written
     */
    void save(int superstep, int pid, byte[] part) throws IOException;

    /**
     * Waits until every committed checkpoint is durable.
     *
     * @throws IOException if one could not be written
     * @throws InterruptedException if interrupted while waiting
     */
    void awaitWritten() throws IOException, InterruptedException;
}
