package io.ticktickclock.internal;

import io.ticktickclock.BspResult;
import io.ticktickclock.BspRun;
import io.ticktickclock.SpmdProgram;
import java.util.function.Function;

/**
 * The local runtime's {@link BspRun}: a {@link LocalRun} executed by a thread of its own, which stands in for
 * the caller of a blocking run (it watches the processors), then completes the future.
 */
public final class AsyncRun<R> extends ThreadedRun<R> {

    private final Execution<?, ?, R> execution;

    /**
     * The run, its body, how its raw result becomes the caller's, and what is done after the run however it
     * ended, before the handle reports the end.
     */
    private record Execution<M, X, R>(LocalRun<M, X> run, SpmdProgram<M, X> body,
            Function<BspResult<X>, BspResult<R>> finish, Runnable after) {
        BspResult<R> execute() {
            BspResult<X> raw;
            try {
                raw = run.execute(body);
            } finally {
                after.run();
            }
            return finish.apply(raw);
        }
    }

    private <M, X> AsyncRun(String program, Execution<M, X, R> execution) {
        super(program);
        this.execution = execution;
    }

    /**
     * Starts {@code body} on {@code run} and returns its handle.
     *
     * @param finish turns the raw result into the caller's (the identity for SPMD programs)
     * @param after runs once the run has ended, successfully or not, before the handle says it ended (a
     *     checkpointed run waits there for its last checkpoint write)
     */
    public static <M, X, R> AsyncRun<R> start(String program, LocalRun<M, X> run, SpmdProgram<M, X> body,
            Function<BspResult<X>, BspResult<R>> finish, Runnable after) {
        AsyncRun<R> handle = new AsyncRun<>(program, new Execution<>(run, body, finish, after));
        handle.startThread();
        return handle;
    }

    @Override
    protected BspResult<R> execute() {
        return execution.execute();
    }

    @Override
    protected Progress.Snapshot progress() {
        return execution.run().progress().read();
    }

    @Override
    protected int lastCheckpoint() {
        return execution.run().lastCheckpoint();
    }

    @Override
    public boolean cancel() {
        return !done() && execution.run().cancel("cancelled through its BspRun handle");
    }
}
