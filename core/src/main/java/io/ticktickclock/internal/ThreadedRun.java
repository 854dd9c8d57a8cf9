package io.ticktickclock.internal;

import io.ticktickclock.BspCancelledException;
import io.ticktickclock.BspException;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRun;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link BspRun} whose run is carried out by a thread of its own, {@code ttc-run-<program>}, which completes
 * the handle's future: what the local and the cluster runtimes' handles share (state, elapsed time, join,
 * the caller's future). A subclass says how the run executes, how to cancel it and where it is.
 */
public abstract class ThreadedRun<R> implements BspRun<R> {
    private final String program;
    private final long startNanos = System.nanoTime();
    /** When the run was first seen ended (0 before): after every status that said RUNNING was taken. */
    private final AtomicLong endNanos = new AtomicLong();
    private final CompletableFuture<BspResult<R>> future = new CompletableFuture<>();
    private volatile Thread coordinator;

    protected ThreadedRun(String program) {
        this.program = program;
    }

    /** Starts the run's thread; call once, when the subclass is constructed, before the handle is handed out. */
    protected final void startThread() {
        Thread t = new Thread(this::carryOut, "ttc-run-" + program);
        t.setDaemon(true);
        coordinator = t;
        t.start();
    }

    private void carryOut() {
        try {
            future.complete(execute());
        } catch (Throwable t) {
            future.completeExceptionally(failure(t));
        }
        endNanos();
    }

    /** The run's thread. */
    protected final Thread coordinator() {
        return coordinator;
    }

    /** Carries out the run, on the run's thread. */
    protected abstract BspResult<R> execute() throws Exception;

    /** What the handle reports for a run that threw {@code t}: {@code t} itself unless a subclass knows better. */
    protected Throwable failure(Throwable t) {
        return t;
    }

    /** The superstep processor 0 is in and its name. */
    protected abstract Progress.Snapshot progress();

    /** The superstep of the run's newest durable checkpoint, or -1. */
    protected abstract int lastCheckpoint();

    /** Whether the run has ended. */
    protected final boolean done() {
        return future.isDone();
    }

    @Override
    public final String program() {
        return program;
    }

    @Override
    public final Status status() {
        // The clock is read before the state, and the end time is fixed only once the run is seen ended, so
        // elapsed never goes back. The state is read before the progress: an ended run published its last.
        long now = System.nanoTime();
        State state = state();
        Progress.Snapshot p = progress();
        long end = state == State.RUNNING ? now : endNanos();
        int checkpoint = lastCheckpoint();
        return new Status(state, p.superstep(), p.name(), Duration.ofNanos(end - startNanos),
                checkpoint < 0 ? OptionalInt.empty() : OptionalInt.of(checkpoint));
    }

    private long endNanos() {
        long end = endNanos.get();
        if (end == 0) {
            endNanos.compareAndSet(0, System.nanoTime());
            end = endNanos.get();
        }
        return end;
    }

    private State state() {
        return switch (future.state()) {
            case RUNNING -> State.RUNNING;
            case SUCCESS -> State.SUCCEEDED;
            case CANCELLED -> State.CANCELLED; // never: the internal future is not handed out
            case FAILED -> future.exceptionNow() instanceof BspCancelledException ? State.CANCELLED : State.FAILED;
        };
    }

    @Override
    public final BspResult<R> join() {
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
        throw new BspException("the run of '" + program + "' failed: " + t, -1, -1, "", t);
    }

    @Override
    public final CompletableFuture<BspResult<R>> toCompletableFuture() {
        // A future of its own per call: completing it by hand cannot change what the handle reports.
        CompletableFuture<BspResult<R>> view = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                return ThreadedRun.this.cancel();
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
        return "BspRun[" + program + ", " + s.state() + ", superstep " + s.superstep() + " '" + s.superstepName()
                + "']";
    }
}
