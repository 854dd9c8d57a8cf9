package io.ticktickclock.dashboard;

import io.ticktickclock.BspContext;
import io.ticktickclock.SpmdProgram;
import java.util.concurrent.Semaphore;

/**
 * An SPMD program whose supersteps the test lets through one at a time: processor 0 waits for a permit at
 * the start of each superstep (so the others wait at the barrier and processor 0 is the straggler), and the
 * program fails in superstep {@code failAt} if it is not negative. Processor 0 reports the series
 * {@code residual}, {@code 10^-s} in superstep {@code s}. No sleeps: the test decides.
 */
final class Gated implements SpmdProgram<Long, Integer> {

    private final Semaphore permits = new Semaphore(0);
    private final int supersteps;
    private final int failAt;
    private final String name;

    Gated(int supersteps, int failAt, String name) {
        this.supersteps = supersteps;
        this.failAt = failAt;
        this.name = name;
    }

    /** Lets {@code n} more supersteps start. */
    void release(int n) {
        permits.release(n);
    }

    /** Lets every remaining superstep start. */
    void releaseAll() {
        permits.release(1_000_000);
    }

    @Override
    public Integer run(BspContext<Long> ctx) throws Exception {
        for (int s = 0; s < supersteps; s++) {
            ctx.nameSuperstep(name);
            if (ctx.pid() == 0) {
                // A series that converges, as a residual does: the page draws it on a log scale.
                ctx.report("residual", Math.pow(10, -s));
            }
            if (ctx.pid() == 0) {
                permits.acquire();
            }
            if (s == failAt && ctx.pid() == ctx.processors() - 1) {
                throw new IllegalStateException("<b>boom</b> in superstep " + s);
            }
            ctx.sendLong((ctx.pid() + 1) % ctx.processors(), s);
            ctx.sync();
        }
        return supersteps;
    }
}
