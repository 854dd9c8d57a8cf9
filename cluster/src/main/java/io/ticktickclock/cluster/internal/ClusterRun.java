package io.ticktickclock.cluster.internal;

import io.ticktickclock.BspCancelledException;
import io.ticktickclock.BspException;
import io.ticktickclock.BspObserver;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRun;
import io.ticktickclock.RunInfo;
import io.ticktickclock.internal.Progress;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A cluster run started asynchronously: the submitting work runs on a thread of its own, {@code ttc-run-<program>},
 * and the handle follows the run through the live telemetry the workers send (the superstep reached, its name,
 * the newest checkpoint). {@link #cancel()} interrupts that thread, which cancels the job on every worker.
 */
public final class ClusterRun<R> implements BspRun<R> {
    private final String program;
    private final long startNanos = System.nanoTime();
    private volatile long endNanos;
    private final Tracker tracker = new Tracker();
    private final CompletableFuture<BspResult<R>> future = new CompletableFuture<>();
    private final Thread coordinator;
    private volatile boolean cancelled;

    private ClusterRun(String program, Function<Tracker, BspResult<R>> body) {
        this.program = program;
        this.coordinator = new Thread(() -> {
            try {
                future.complete(body.apply(tracker));
            } catch (RuntimeException e) {
                // Cancelled, the job fails wherever the interrupt reached it (waiting for the workers, shipping
                // the jar, in a Hazelcast call): the handle reports the cancellation, with that failure attached.
                future.completeExceptionally(cancelled ? cancelledHere(e) : e);
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
            endNanos = System.nanoTime();
        }, "ttc-run-" + program);
        coordinator.setDaemon(true);
    }

    /**
     * Starts {@code body} on a thread of its own and returns its handle.
     *
     * @param body runs the job, telling the tracker it is given what the workers report
     */
    public static <R> ClusterRun<R> start(String program, Function<Tracker, BspResult<R>> body) {
        ClusterRun<R> run = new ClusterRun<>(program, body);
        run.coordinator.start();
        return run;
    }

    private BspCancelledException cancelledHere(RuntimeException e) {
        BspCancelledException c = new BspCancelledException(tracker.superstep(), tracker.name(),
                "cancelled through its BspRun handle");
        c.addSuppressed(e);
        return c;
    }

    @Override
    public String program() {
        return program;
    }

    @Override
    public Status status() {
        long now = System.nanoTime();
        State state = switch (future.state()) {
            case RUNNING, CANCELLED -> State.RUNNING;
            case SUCCESS -> State.SUCCEEDED;
            case FAILED -> future.exceptionNow() instanceof BspCancelledException ? State.CANCELLED : State.FAILED;
        };
        long end = state == State.RUNNING ? now : endNanos;
        int checkpoint = tracker.lastCheckpoint;
        return new Status(state, tracker.superstep(), tracker.name(), Duration.ofNanos(Math.max(0, end - startNanos)),
                checkpoint < 0 ? OptionalInt.empty() : OptionalInt.of(checkpoint));
    }

    @Override
    public boolean cancel() {
        if (future.isDone() || cancelled) {
            return false;
        }
        cancelled = true;
        coordinator.interrupt();
        return true;
    }

    @Override
    public BspResult<R> join() {
        boolean interrupted = false;
        while (true) {
            try {
                coordinator.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (future.state() == java.util.concurrent.Future.State.SUCCESS) {
            return future.resultNow();
        }
        Throwable t = future.exceptionNow();
        if (t instanceof BspException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new BspException("the cluster run of '" + program + "' failed: " + t, -1, -1, "", t);
    }

    @Override
    public CompletableFuture<BspResult<R>> toCompletableFuture() {
        CompletableFuture<BspResult<R>> view = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                return ClusterRun.this.cancel();
            }
        };
        future.whenComplete((r, t) -> {
            if (t == null) {
                view.complete(r);
            } else {
                view.completeExceptionally(t);
            }
        });
        return view;
    }

    @Override
    public String toString() {
        Status s = status();
        return "BspRun[" + program + ", cluster, " + s.state() + ", superstep " + s.superstep() + " '"
                + s.superstepName() + "']";
    }

    /**
     * What the handle knows of the run, from the workers' telemetry: the superstep processor 0 is in and its
     * name (reported by its worker about every 100 ms), and the newest checkpoint.
     */
    public static final class Tracker implements BspObserver {
        private volatile Progress.Snapshot at = new Progress.Snapshot(0, "superstep-0");
        private volatile int lastCheckpoint = -1;

        private Tracker() {}

        int superstep() {
            return at.superstep();
        }

        String name() {
            return at.name();
        }

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
