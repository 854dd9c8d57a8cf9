package io.ticktickclock.cluster;

/**
 * The part of a job that runs on each worker. A job class implements this interface and has a public no-argument
 * constructor; {@link ClusterClient#submit} ships the jar (or class directory) that holds it to every worker, which
 * loads it in a class loader of its own for the job and drops that loader when the job ends.
 *
 * <p>What may cross JVMs, as the job's parameters and each worker's result: records, enums, primitives and their
 * boxes, strings, arrays, {@code BigInteger}/{@code BigDecimal}, {@code UUID}, {@code java.time} values, the JDK's
 * lists, sets and maps of these, and serializable classes of the job's own jar. Nothing else is instantiated when
 * they are decoded.
 *
 * <pre>{@code
 * public final class RingJob implements WorkerJob {
 *     public Object run(JobContext ctx) {
 *         Mesh mesh = ctx.mesh();
 *         int next = (mesh.self() + 1) % mesh.workers();
 *         mesh.send(next, 0, ByteBuffer.allocate(8).putLong(0, ctx.firstProcessor()));
 *         return mesh.receive(0).get((mesh.self() + mesh.workers() - 1) % mesh.workers()).getLong(0);
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface WorkerJob {

    /**
     * Runs this worker's part of the job.
     *
     * @param ctx the job as this worker sees it
     * @return this worker's result (see the class comment for what may cross JVMs), or null
     * @throws Exception anything: the job fails, and the submitter gets its class name, message and stack trace
     */
    Object run(JobContext ctx) throws Exception;
}
