package io.ticktickclock.cluster;

import java.io.Serial;

/**
 * The data exchange of a job failed: a peer crashed, aborted, left the cluster or sent a bad frame, the job was
 * cancelled, or a receive timed out. The message names the worker responsible and the processors it held.
 */
public final class MeshException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int worker;
    private final boolean causedElsewhere;

    /**
     * Creates the exception.
     *
     * @param message         what happened, naming the worker
     * @param worker          the index of the worker responsible, or -1 if none is
     * @param causedElsewhere whether the root cause lies outside this worker (a peer failed, the job was cancelled):
     *                        the submitter reports the root cause rather than this echo of it
     * @param cause           the underlying exception, or null
     */
    public MeshException(String message, int worker, boolean causedElsewhere, Throwable cause) {
        super(message, cause);
        this.worker = worker;
        this.causedElsewhere = causedElsewhere;
    }

    /** The index of the worker this failure is about, or -1 if it is about none in particular. */
    public int worker() {
        return worker;
    }

    /** Whether the root cause lies outside this worker (a peer's failure, a cancellation). */
    public boolean causedElsewhere() {
        return causedElsewhere;
    }
}
