package io.ticktickclock.cluster.internal;

import io.ticktickclock.BspCancelledException;
import io.ticktickclock.BspObserver;
import io.ticktickclock.BspResult;
import io.ticktickclock.RunInfo;
import io.ticktickclock.internal.Progress;
import io.ticktickclock.internal.ThreadedRun;
import java.util.List;
import java.util.function.Function;

/**
 * A cluster run started asynchronously: the submitting work runs on a thread of its own, {@code ttc-run-<program>},
 * and the handle follows the run through the live telemetry the workers send (the superstep processor 0 is in,
 * the newest checkpoint). {@link #cancel()} interrupts that thread, which cancels the job on every worker.
 */
public final class ClusterRun<R> extends ThreadedRun<R> {
    private final Tracker tracker = new Tracker();
    private final Function<Tracker, BspResult<R>> body;
    private volatile boolean cancelled;

    private ClusterRun(String program, Function<Tracker, BspResult<R>> body) {
        super(program);
        this.body = body;
    }

    /**
     * Starts {@code body} on a thread of its own and returns its handle.
     *
     * @param body runs the job, telling the tracker it is given what the workers report
     */
    public static <R> ClusterRun<R> start(String program, Function<Tracker, BspResult<R>> body) {
        ClusterRun<R> run = new ClusterRun<>(program, body);
        run.startThread();
        return run;
    }

    @Override
    protected BspResult<R> execute() {
        return body.apply(tracker);
    }

    /**
     * Cancelled, the job fails wherever the interrupt reached it (waiting for the workers, shipping the jar, in a
     * Hazelcast call): the handle reports the cancellation, with that failure attached.
     */
    @Override
    protected Throwable failure(Throwable t) {
        if (!cancelled || !(t instanceof RuntimeException)) {
            return t;
        }
        Progress.Snapshot at = tracker.at;
        BspCancelledException c = new BspCancelledException(at.superstep(), at.name(),
                "cancelled through its BspRun handle");
        c.addSuppressed(t);
        return c;
    }

    @Override
    protected Progress.Snapshot progress() {
        return tracker.at;
    }

    @Override
    protected int lastCheckpoint() {
        return tracker.lastCheckpoint;
    }

    @Override
    public boolean cancel() {
        if (done() || cancelled) {
            return false;
        }
        cancelled = true;
        coordinator().interrupt();
        return true;
    }

    /**
     * What the handle knows of the run, from the workers' telemetry: the superstep processor 0 is in and its
     * name (reported by its worker about every 100 ms), and the newest checkpoint.
     */
    public static final class Tracker implements BspObserver {
        private volatile Progress.Snapshot at = new Progress.Snapshot(0, "superstep-0");
        private volatile int lastCheckpoint = -1;

        private Tracker() {}

        /** Processor 0's worker reports the superstep it is in. */
        public void progress(String name, int superstep) {
            at = new Progress.Snapshot(superstep, name);
        }

        @Override
        public void checkpointWritten(RunInfo run, int superstep, long bytes, long nanos) {
            lastCheckpoint = Math.max(lastCheckpoint, superstep);
        }

        @Override
        public void recoveryStarted(RunInfo run, int fromSuperstep, List<RunInfo.Worker> workers) {
            if (fromSuperstep > 0) {
                lastCheckpoint = Math.max(lastCheckpoint, fromSuperstep);
            }
        }
    }
}
