package io.ticktickclock.internal;

import io.ticktickclock.BspCancelledException;
import io.ticktickclock.BspException;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRun;
import io.ticktickclock.SpmdProgram;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The local runtime's {@link BspRun}: a {@link LocalRun} executed by a thread of its own, which stands in for
 * the caller of a blocking run (it watches the processors), then completes the future.
 */
public final class AsyncRun<R> implements BspRun<R> {

    private final LocalRun<?, ?> run;
    private final String program;
    private final long startNanos = System.nanoTime();
    /** When the run was first seen ended (0 before): after every status that said RUNNING was taken. */
    private final java.util.concurrent.atomic.AtomicLong endNanos = new java.util.concurrent.atomic.AtomicLong();
    private final CompletableFuture<BspResult<R>> future;
    private final Thread coordinator;

    private <M, X> AsyncRun(String program, LocalRun<M, X> run, SpmdProgram<M, X> body,
            Function<BspResult<X>, BspResult<R>> finish) {
        this.run = run;
        this.program = program;
        this.future = new CompletableFuture<>();
        this.coordinator = new Thread(() -> {
            try {
                future.complete(finish.apply(run.execute(body)));
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
            endNanos();
        }, "ttc-run-" + program);
        coordinator.setDaemon(true);
    }

    /**
     * Starts {@code body} on {@code run} and returns its handle.
     *
     * @param finish turns the raw result into the caller's (the identity for SPMD programs)
     */
    public static <M, X, R> AsyncRun<R> start(String program, LocalRun<M, X> run, SpmdProgram<M, X> body,
            Function<BspResult<X>, BspResult<R>> finish) {
        AsyncRun<R> handle = new AsyncRun<>(program, run, body, finish);
        handle.coordinator.start();
        return handle;
    }

    @Override
    public String program() {
        return program;
    }

    @Override
    public Status status() {
        // The clock is read before the state, and the end time is fixed only once the run is seen ended, so
        // elapsed never goes back. The state is read before the progress: an ended run published its last.
        long now = System.nanoTime();
        State state = state();
        Progress.Snapshot p = run.progress().read();
        long end = state == State.RUNNING ? now : endNanos();
        int checkpoint = run.lastCheckpoint();
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
    public boolean cancel() {
        return !future.isDone() && run.cancel("cancelled through its BspRun handle");
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
        throw new BspException("the run of '" + program + "' failed: " + t, -1, -1, "", t);
    }

    @Override
    public CompletableFuture<BspResult<R>> toCompletableFuture() {
        // A future of its own per call: completing it by hand cannot change what the handle reports.
        CompletableFuture<BspResult<R>> view = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                return AsyncRun.this.cancel();
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
