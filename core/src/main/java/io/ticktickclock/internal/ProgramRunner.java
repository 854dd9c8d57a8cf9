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
        return execute(program, finalizer, shares, context, null);
    }

    /** The name of a resumed run's first superstep, in which each processor restores its checkpointed part. */
    public static final String RESTORE = "restore";

    /**
     * Runs {@code program} on this processor, taking checkpoints and resuming from one as {@code checkpoints}
     * says (null: neither).
     */
    @SuppressWarnings("unchecked")
    public static <I, S, M, R> Outcome<R> execute(BspProgram<I, S, M> program,
            BspProgram.Finalizer<S, M, R> finalizer, List<List<I>> shares, BspContext<M> context,
            Checkpointing checkpoints) throws Exception {
        Processor<M> ctx = (Processor<M>) context;
        int limit = ctx.maxSupersteps();
        if (program.pairCombiner() != null) {
            ctx.combinePairs(program.pairCombiner());
        }
        List<BspProgram.Superstep<S, M>> steps = program.supersteps();
        int first = 0;
        S state;
        boolean restoring = checkpoints != null && checkpoints.restore() != null;
        if (restoring) {
            ctx.nameSuperstep(RESTORE);
            if (ctx.pid() == 0) {
                ctx.resumed(checkpoints.restore().superstep());
            }
            Checkpointing.Part part = checkpoints.restore(ctx);
            state = program.restorer().restore(ctx, shares.get(ctx.pid()), (S) part.state());
            first = part.nextStep();
        } else {
            ctx.nameSuperstep(INIT);
            state = program.initializer().init(ctx, shares.get(ctx.pid()));
            if (checkpoints != null && checkpoints.every() > 0) {
                Checkpointing.trialEncode(ctx.pid(), state);
            }
        }
        // The superstep at or after which the next checkpoint is taken (every processor computes the same).
        // A resumed run has its checkpoint already: the next is due after it.
        int due = checkpoints == null ? Integer.MAX_VALUE : checkpoints.firstDue(ctx.superstep() + (restoring ? 2 : 1));
        BspProgram.EndReason reason = BspProgram.EndReason.CONVERGED;
        try {
            ctx.sync();
            steps:
            for (int i = first; i < steps.size(); i++) {
                BspProgram.Superstep<S, M> step = steps.get(i);
                while (true) {
                    // Every processor sees the same superstep number, so all stop at the limit together.
                    if (ctx.superstep() >= limit) {
                        reason = BspProgram.EndReason.SUPERSTEP_LIMIT;
                        break steps;
                    }
                    if (ctx.superstep() >= due && ctx.checkpointable()) {
                        checkpoints.save(ctx, ctx.superstep(), i, state);
                        due = checkpoints.firstDue(ctx.superstep() + 1);
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
        if (checkpoints != null && checkpoints.sink() != null && ctx.pid() == 0) {
            // The run ends once its last checkpoint is durable (or fails if one could not be written).
            checkpoints.sink().awaitWritten();
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
