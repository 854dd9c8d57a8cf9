package io.ticktickclock.examples;

import io.ticktickclock.BspContext;
import io.ticktickclock.SpmdProgram;

/**
 * Parallel sum in SPMD style: every processor sums its block of the numbers {@code value(0) ..
 * value(n - 1)}, sends the partial sum to processor 0 on the {@code long} lane, and processor 0 adds the
 * partial sums in processor order. Two supersteps.
 *
 * <h2>Performance</h2>
 * {@code w = n/p} additions, an h-relation of {@code p} words at processor 0, and one barrier: the
 * computation scales until {@code n/p} additions cost about as much as the barrier.
 */
public final class ParallelSum {
    private ParallelSum() {}

    /** The {@code i}-th number of the generated input: a deterministic pseudo-random value. */
    public static long value(long i) {
        long z = i * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        return Math.floorMod(z ^ (z >>> 27), 1_000_000L);
    }

    /** The program: processor 0's result is the total, the others return their partial sums. */
    public static SpmdProgram<Void, Long> program(long n) {
        return (BspContext<Void> ctx) -> {
            long from = n * ctx.pid() / ctx.processors();
            long to = n * (ctx.pid() + 1) / ctx.processors();
            long partial = 0;
            for (long i = from; i < to; i++) {
                partial += value(i);
            }
            ctx.nameSuperstep("partial-sums");
            ctx.sendLong(0, partial);
            ctx.sync();
            ctx.nameSuperstep("total");
            return ctx.pid() == 0 ? ctx.longInbox().sum() : partial;
        };
    }

    /** The program as a job, so that it can also run on a cluster ({@code ttc sum --cluster}). */
    public record Job(long n) implements io.ticktickclock.BspJob<Void, Long> {
        @Override
        public SpmdProgram<Void, Long> program() {
            return ParallelSum.program(n);
        }

        @Override
        public String name() {
            return "parallel-sum";
        }
    }

    /** The sequential reference. */
    public static long sequential(long n) {
        long sum = 0;
        for (long i = 0; i < n; i++) {
            sum += value(i);
        }
        return sum;
    }
}
