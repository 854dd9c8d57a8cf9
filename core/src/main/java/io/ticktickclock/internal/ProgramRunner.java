package io.ticktickclock.internal;

import io.ticktickclock.BspContext;
import io.ticktickclock.BspProgram;
import java.util.List;

/** Runs a {@link BspProgram} as an SPMD function on the same engine as every other program. */
public final class ProgramRunner {
    private ProgramRunner() {}

    /** A processor's final state and whether the program completed before the superstep limit. */
    public record Outcome<S>(S state, boolean converged) {}

    /** The name of the superstep in which each processor builds its initial state. */
    public static final String INIT = "init";

    public static <I, S, M> Outcome<S> execute(BspProgram<I, S, M> program, List<List<I>> shares,
            BspContext<M> context) throws Exception {
        Processor<M> ctx = (Processor<M>) context;
        int limit = ctx.maxSupersteps();
        if (program.pairCombiner() != null) {
            ctx.combinePairs(program.pairCombiner());
        }
        ctx.nameSuperstep(INIT);
        S state = program.initializer().init(ctx, shares.get(ctx.pid()));
        ctx.sync();
        for (BspProgram.Superstep<S, M> step : program.supersteps()) {
            while (true) {
                // Every processor sees the same superstep number, so all stop at the limit together.
                if (ctx.superstep() >= limit) {
                    return new Outcome<>(state, false);
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
        return new Outcome<>(state, true);
    }
}
