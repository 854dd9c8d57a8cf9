package io.ticktickclock.cluster;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The per-superstep data exchange between the workers of one job: one batch per ordered pair of workers per
 * superstep, over direct TCP connections between the workers.
 *
 * <p>In superstep {@code s} a worker {@linkplain #send sends} each other worker at most one batch, then calls
 * {@link #receive(long) receive(s)}, which returns the batch of every other worker for {@code s}. {@code receive}
 * returning is the barrier: every other worker has finished sending for {@code s}. Supersteps are consecutive: the
 * first {@code send} or {@code receive} fixes the first superstep, and each pair then moves on by one.
 *
 * <pre>{@code
 * Mesh mesh = ctx.mesh();
 * for (long s = 0; s < supersteps; s++) {
 *     for (int w = 0; w < mesh.workers(); w++) {
 *         if (w != mesh.self()) mesh.send(w, s, outgoing(w));
 *     }
 *     List<ByteBuffer> in = mesh.receive(s);   // in.get(w): the batch worker w sent us in s
 * }
 * }</pre>
 *
 * <p>Failure is prompt: {@code send} and {@code receive} throw {@link MeshException}, naming the worker, when a
 * peer's connection ends without the peer finishing the job (a crash), a peer aborts, a peer leaves the cluster,
 * the job is cancelled, a frame fails its checks, or the configured receive timeout passes.
 *
 * <p>Thread safety: {@code send} and {@code receive} are called by one thread at a time (the job's driving
 * thread); {@link #abort} by any thread.
 * Memory consistency effects: what a worker wrote into a batch before {@code send} is what the peer reads from the
 * buffer {@code receive} returns.
 */
public interface Mesh {

    /** The number of workers in the job. */
    int workers();

    /** This worker's index in the job's worker order. */
    int self();

    /**
     * Sends worker {@code toWorker} this worker's batch for {@code superstep}: the remaining bytes of
     * {@code payload}, in order, as one batch (an empty batch is allowed). The buffers' positions move to their limits;
     * the bytes are on their way (in the kernel's socket buffer) when this returns, and the buffers may be reused.
     *
     * @param toWorker  another worker's index
     * @param superstep the current superstep (one batch per pair per superstep)
     * @param payload   the batch's bytes; heap or direct buffers (direct ones avoid a copy)
     * @throws IllegalArgumentException if {@code toWorker} is out of range or this worker, or the pair already has a
     *                                  batch for {@code superstep}, or {@code superstep} is not the pair's next one
     * @throws MeshException            if the job failed (names the worker responsible)
     */
    void send(int toWorker, long superstep, ByteBuffer... payload);

    /**
     * Waits for the batch of every other worker for {@code superstep} and returns them, indexed by worker (this
     * worker's own entry is an empty buffer). Workers this worker has not sent a batch for {@code superstep} are sent
     * an empty one first. The returned buffers hold the bytes as sent (big-endian unless you set the order you wrote
     * with) and stay valid until the next {@code receive}; calling it releases them.
     *
     * @param superstep the superstep after the previous {@code receive}'s one
     * @return the batches, one per worker in worker order
     * @throws IllegalArgumentException if {@code superstep} is not the next one
     * @throws MeshException            if the job fails before every batch has arrived (names the worker)
     */
    List<ByteBuffer> receive(long superstep);

    /**
     * Fails the job from any thread: a waiting {@code receive} on this worker throws at once, and the connections
     * end, so every peer fails at once too (naming this worker). The submitter reports {@code cause} as the job's
     * failure. Idempotent; the first failure wins.
     *
     * @param cause why the job fails here
     */
    void abort(Throwable cause);
}
