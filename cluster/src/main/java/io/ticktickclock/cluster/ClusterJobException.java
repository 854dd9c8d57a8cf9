package io.ticktickclock.cluster;

import java.io.Serial;

/**
 * A job failed on the cluster. Names the worker responsible (its address and processors) and carries the original
 * exception's class name, message and stack trace as strings, which need no class of the job on the submitter.
 */
public final class ClusterJobException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final long jobId;
    private final transient WorkerInfo worker;
    private final String remoteClassName;
    private final String remoteMessage;
    private final String remoteStackTrace;
    private final boolean workerLost;

    /**
     * Creates the exception.
     *
     * @param message          the whole story in one line
     * @param jobId            the job
     * @param worker           the worker responsible, or null if none is known
     * @param remoteClassName  the original exception's class name, or null
     * @param remoteMessage    the original exception's message, or null
     * @param remoteStackTrace the original exception's stack trace (with causes), or null
     * @param cause            a local cause (e.g. Hazelcast's exception when a worker vanished), or null
     */
    public ClusterJobException(String message, long jobId, WorkerInfo worker, String remoteClassName,
                               String remoteMessage, String remoteStackTrace, Throwable cause) {
        this(message, jobId, worker, remoteClassName, remoteMessage, remoteStackTrace, cause, false);
    }

    /**
     * Creates the exception, saying whether the job failed because {@code worker} died or left the cluster.
     */
    public ClusterJobException(String message, long jobId, WorkerInfo worker, String remoteClassName,
                               String remoteMessage, String remoteStackTrace, Throwable cause, boolean workerLost) {
        super(message, cause);
        this.workerLost = workerLost;
        this.jobId = jobId;
        this.worker = worker;
        this.remoteClassName = remoteClassName;
        this.remoteMessage = remoteMessage;
        this.remoteStackTrace = remoteStackTrace;
    }

    /** The job's id. */
    public long jobId() {
        return jobId;
    }

    /** The worker the failure is about, or null. */
    public WorkerInfo worker() {
        return worker;
    }

    /**
     * Whether the job failed because {@link #worker()} died or left the cluster (not because of an exception of
     * the job): running it again without that worker may succeed.
     */
    public boolean workerLost() {
        return workerLost;
    }

    /** The original exception's class name, e.g. {@code java.lang.IllegalStateException}, or null. */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** The original exception's message, or null. */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** The original exception's stack trace as {@link Throwable#printStackTrace()} wrote it, or null. */
    public String remoteStackTrace() {
        return remoteStackTrace;
    }
}
