package io.ticktickclock.cluster.internal;

import io.ticktickclock.BspException;
import io.ticktickclock.cluster.ClusterJobException;
import io.ticktickclock.cluster.JobResult;
import io.ticktickclock.cluster.WorkerInfo;
import java.util.List;

/**
 * An exception thrown on a worker, as the submitter sees it: the original class name, message and stack trace,
 * kept as strings so that they survive even when the class cannot be loaded here.
 */
public final class RemoteFailure extends RuntimeException {
    private final String remoteClassName;
    private final String remoteStackTrace;

    RemoteFailure(String remoteClassName, String message, String remoteStackTrace) {
        super(remoteClassName + (message == null ? "" : ": " + message));
        this.remoteClassName = remoteClassName;
        this.remoteStackTrace = remoteStackTrace;
    }

    /** The class of the exception thrown on the worker. */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** Its stack trace as the worker printed it. */
    public String remoteStackTrace() {
        return remoteStackTrace;
    }

    @Override
    public String toString() {
        return getMessage();
    }

    /**
     * The workers' outcomes of a run that completed on every worker, or the run's failure: the failure that was
     * not caused by another worker's (the root cause), else the first.
     */
    @SuppressWarnings("unchecked")
    public static List<Object> check(JobResult result, ClassLoader loader) {
        List<Object> failed = null;
        for (Object o : result.results()) {
            List<Object> r = (List<Object>) o;
            if ("failed".equals(r.get(0)) && (failed == null || (Boolean) failed.get(9) && !(Boolean) r.get(9))) {
                failed = r;
            }
        }
        if (failed == null) {
            return result.results();
        }
        throw exception(failed, loader);
    }

    private static BspException exception(List<Object> f, ClassLoader loader) {
        String causeClass = (String) f.get(6);
        Throwable cause = causeClass == null ? null : cause(causeClass, (String) f.get(7), (String) f.get(8), loader);
        return new BspException((String) f.get(1), (Integer) f.get(2), (Integer) f.get(3), (String) f.get(4),
                BspException.Phase.valueOf((String) f.get(5)), cause);
    }

    /**
     * The original exception when its class is here and has a (String) constructor, with the worker's stack
     * trace attached; otherwise a {@link RemoteFailure}.
     */
    private static Throwable cause(String className, String message, String stackTrace, ClassLoader loader) {
        RemoteFailure remote = new RemoteFailure(className, message, stackTrace);
        try {
            Class<?> c = Class.forName(className, false, loader);
            if (Throwable.class.isAssignableFrom(c)) {
                Throwable t = (Throwable) c.getConstructor(String.class).newInstance(message);
                t.initCause(remote);
                return t;
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // Not loadable here, or no (String) constructor: the strings say it all.
        }
        return remote;
    }

    /** A run that lost a worker, or failed outside the BSP program (the job could not start on a worker). */
    public static BspException lost(ClusterJobException e) {
        return lost(e, "");
    }

    /** As {@link #lost(ClusterJobException)}, with {@code more} at the end of the message. */
    public static BspException lost(ClusterJobException e, String more) {
        WorkerInfo w = e.worker();
        return new BspException("the run failed: " + e.getMessage() + more,
                w == null ? -1 : w.firstProcessor(), -1, "unknown", BspException.Phase.RUNTIME, e);
    }
}
