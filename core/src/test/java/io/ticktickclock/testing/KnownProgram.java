package io.ticktickclock.testing;

import io.ticktickclock.BspProgram;

/**
 * A test fixture shared by the modules' tests (core's test-jar holds this package): a small program whose
 * supersteps, messages and events are known in advance, for tests of what observers see (telemetry,
 * metrics, the dashboard).
 *
 * <p>Named {@value #NAME}; run with no input on 2 processors it has 5 supersteps: {@code init} (every
 * processor sends its pid as one {@code long} to processor 0), {@code sum} (processor 0 adds them up: 1) and
 * {@code loop} three times (each processor counts up to 3; processor 1, which starts at 0, needs all three,
 * so the program converges in the third).
 */
public final class KnownProgram {
    private KnownProgram() {}

    /** The program's name. */
    public static final String NAME = "known";

    /** Supersteps of a run on 2 processors: init, sum, loop × 3. */
    public static final int SUPERSTEPS_AT_2 = 5;

    /** A fresh instance of the program. */
    public static BspProgram<Integer, int[], Void> program() {
        return BspProgram.<Integer, int[], Void>builder(NAME)
                .init((ctx, share) -> {
                    ctx.sendLong(0, ctx.pid());
                    return new int[1];
                })
                .superstep("sum", step -> step.compute((ctx, s) -> {
                    s[0] = (int) ctx.longInbox().sum();
                    return s;
                }))
                .superstep("loop", step -> step
                        .compute((ctx, s) -> {
                            s[0]++;
                            return s;
                        })
                        .until(s -> s[0] >= 3))
                .build();
    }
}
