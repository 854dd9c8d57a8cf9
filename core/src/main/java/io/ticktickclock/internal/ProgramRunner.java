package io.ticktickclock.internal;

import io.ticktickclock.BspAbortedError;
import io.ticktickclock.BspContext;
import io.ticktickclock.BspProgram;
import java.util.List;

/** Runs a {@link BspProgram} as an SPMD function on the same engine as every other program. */
public final class ProgramRunner {
    private ProgramRunner() {}

    /** A processor's result (its final state, or what the finalizer made of it) and whether the program completed before the superstep limit. */
    public record Outcome<S>(S state, boolean converged) {}

    /** The name of the superstep in which each processor builds its initial state. */
    public static final String INIT = "init";

    /** The name of the trailing superstep in which a finalizer runs. */
    public static final String FINALIZE = "finalize";

    /** Runs {@code program} on this processor; the result is the final state. */
    public static <I, S, M> Outcome<S> execute(BspProgram<I, S, M> program, List<List<I>> shares,
            BspContext<M> context) throws Exception {
        return execute(program, null, shares, context);
    }

    /** Runs {@code program} on this processor; without a finalizer ({@code null}) the result is the state. */
    public static <I, S, M, R> Outcome<R> execute(BspProgram<I, S, M> program,
            BspProgram.Finalizer<S, M, R> finalizer, List<List<I>> shares, BspContext<M> context) throws Exception {
        Processor<M> ctx = (Processor<M>) context;
        int limit = ctx.maxSupersteps();
        if (program.pairCombiner() != null) {
            ctx.combinePairs(program.pairCombiner());
        }
        ctx.nameSuperstep(INIT);
        S state = program.initializer().init(ctx, shares.get(ctx.pid()));
        BspProgram.EndReason reason = BspProgram.EndReason.CONVERGED;
        try {
            ctx.sync();
            steps:
            for (BspProgram.Superstep<S, M> step : program.supersteps()) {
                while (true) {
                    // Every processor sees the same superstep number, so all stop at the limit together.
                    if (ctx.superstep() >= limit) {
                        reason = BspProgram.EndReason.SUPERSTEP_LIMIT;
                        break steps;
                    }
                    ctx.nameSuperstep(step.name());
                    state = step.compute().compute(ctx, state);
                    ctx.markCommunicate();
                    step.communicate().communicate(ctx, state);
                    if (!step.repeats()) {
                        ctx.sync();
                        break;
                    }
                    if (ctx.sync(step.convergence().test(state))) {
                        break;
                    }
                }
            }
        } catch (BspAbortedError stopped) {
            if (finalizer != null) {
                finishFailed(finalizer, ctx, state);
            }
            throw stopped;
        }
        return finish(finalizer, ctx, state, reason);
    }

    @SuppressWarnings("unchecked")
    private static <S, M, R> Outcome<R> finish(BspProgram.Finalizer<S, M, R> finalizer, Processor<M> ctx, S state,
            BspProgram.EndReason reason) throws Exception {
        boolean converged = reason == BspProgram.EndReason.CONVERGED;
        if (finalizer == null) {
            return new Outcome<>((R) state, converged);
        }
        ctx.nameSuperstep(FINALIZE);
        return new Outcome<>(finalizer.finish(ctx, state, reason), converged);
    }

    /**
     * The best-effort finalizer of a processor stopped by a failure elsewhere: its interrupt status is set
     * aside while it runs; what it throws propagates and is recorded as suppressed in the run's failure.
     */
    private static <S, M, R> void finishFailed(BspProgram.Finalizer<S, M, R> finalizer, Processor<M> ctx, S state)
            throws Exception {
        // The failure's interrupt may still be on its way: let it arrive, then set it aside.
        ctx.awaitStopSignalled();
        boolean interrupted = Thread.interrupted();
        try {
            finalizer.finish(ctx, state, BspProgram.EndReason.FAILED);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
