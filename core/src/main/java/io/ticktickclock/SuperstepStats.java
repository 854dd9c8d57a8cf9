package io.ticktickclock;

import java.util.List;

/**
 * Statistics of one superstep: one {@link ProcessorStats} per processor, in processor order, plus the
 * aggregates the BSP cost model {@code T = w + h·g + l} is written in. This is the one record type read by
 * results, telemetry, the cost model and reports.
 *
 * @param superstep the superstep number, from 0
 * @param name the superstep's name (processor 0's)
 * @param converged the convergence decision reduced at the barrier that ended the superstep: true when
 *     every processor voted converged ({@code sync()} and collectives vote true; superstep programs vote
 *     with their convergence test)
 * @param processors per-processor statistics, indexed by processor id (unmodifiable)
 */
public record SuperstepStats(int superstep, String name, boolean converged, List<ProcessorStats> processors) {

    public SuperstepStats {
        processors = List.copyOf(processors);
    }

    /**
     * The longest local work (compute plus communicate time) of any processor. (The cost model's {@code w},
     * in {@link io.ticktickclock.cost.RunAnalysis}, is the longest compute step alone: the communicate step
     * is what {@code h·g} models.)
     */
    public long maxWorkNanos() {
        long max = 0;
        for (ProcessorStats p : processors) {
            max = Math.max(max, p.computeNanos() + p.communicateNanos());
        }
        return max;
    }

    /** The mean local computation time over processors. */
    public double meanWorkNanos() {
        double sum = 0;
        for (ProcessorStats p : processors) {
            sum += p.computeNanos() + p.communicateNanos();
        }
        return processors.isEmpty() ? 0 : sum / processors.size();
    }

    /** {@code h}: the h-relation in words, the most words any processor sent or received. */
    public long hWords() {
        long h = 0;
        for (ProcessorStats p : processors) {
            h = Math.max(h, Math.max(p.wordsSent(), p.wordsReceived()));
        }
        return h;
    }

    /** All messages sent in this superstep. */
    public long totalMessages() {
        long total = 0;
        for (ProcessorStats p : processors) {
            total += p.messagesSent();
        }
        return total;
    }

    /** The superstep's length: the longest {@link ProcessorStats#totalNanos()} of any processor. */
    public long durationNanos() {
        long max = 0;
        for (ProcessorStats p : processors) {
            max = Math.max(max, p.totalNanos());
        }
        return max;
    }
}
