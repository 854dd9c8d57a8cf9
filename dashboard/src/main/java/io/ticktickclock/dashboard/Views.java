package io.ticktickclock.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The JSON documents of the dashboard's API and event stream, as records that Jackson writes. Times are in
 * nanoseconds, h and words in 8-byte words. Instances are immutable once built (arrays are never written
 * after construction).
 */
final class Views {

    private Views() {}

    /**
     * A list entry: one run.
     *
     * @param id the dashboard's number of the run (in {@code /api/runs/{id}})
     * @param runId the run's own id ({@code RunInfo.id()}, e.g. {@code local-3}), unique in the JVM
     * @param version grows with every change to the run: of two views of a run, the one with the larger
     *     version is the newer
     * @param engine what runs it ({@code RunInfo.engine()}: {@code local} or {@code cluster})
     * @param workers a cluster run's workers, each as {@code host:port (processors a-b)}; empty for a local run
     * @param checkpoints its checkpoints, lost workers and recoveries, or null when it has none
     * @param series the newest value of each series the program reported, or null if it reported none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RunSummary(int id, String runId, long version, String program, int processors, String engine,
            List<String> workers, Checkpoints checkpoints, String state, long startedAtEpochMillis, long elapsedNanos, int supersteps, String lastSuperstepName,
            long slowSupersteps, Slow currentSlow, String error, String errorDetail, CostSummary cost,
            Map<String, Double> series) {}

    /**
     * A run's fault tolerance: how many checkpoints it wrote, the newest (its superstep, -1 for none, and size),
     * and the newest events about it (a worker lost, a recovery started or completed, a resume), oldest first.
     */
    record Checkpoints(long written, int lastSuperstep, long lastBytes, List<String> events) {}

    /** A superstep reported slow while it ran, with the processors that had not reached its barrier. */
    record Slow(int superstep, long elapsedNanos, List<Integer> lateProcessors) {}

    /**
     * The cost model's view of the whole run.
     *
     * @param profileProcessors the processor count the profile was measured at
     * @param profileMatches whether it is the run's processor count (the prediction is only meaningful then)
     * @param bounds how many supersteps each part of {@code w + h·g + l} bounds
     * @param profileWarnings why the profile's fit is not to be trusted ({@code MachineProfile.warnings()}); empty
     *     when it is
     */
    record CostSummary(int profileProcessors, double gNanosPerWord, double lNanos, long measuredNanos,
            double predictedNanos, Map<String, Long> bounds, boolean profileMatches, List<String> profileWarnings) {}

    /** {@code GET /api/runs/{id}}. */
    record RunDetail(RunSummary run, List<Superstep> supersteps, List<Bucket> olderSupersteps) {}

    /**
     * One superstep in full.
     *
     * @param computeNanos mean over processors of the compute step; with {@code communicateNanos} and
     *     {@code barrierNanos} it adds up to about {@code durationNanos}
     * @param lateProcessors the stragglers when the superstep was reported slow, else null
     * @param prediction the cost model's view, when a profile is loaded
     * @param series the values of the series the program reported in this superstep, or null if none
     *     (NaN and infinities are written as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Superstep(int superstep, String name, long durationNanos, boolean converged, double computeNanos,
            double communicateNanos, double barrierNanos, long messages, long words, long hWords,
            long[] computeByProcessor, long[] communicateByProcessor, long[] barrierByProcessor,
            List<Integer> lateProcessors, Prediction prediction, Map<String, Double> series) {}

    /** {@link io.ticktickclock.cost.RunAnalysis.Row}'s figures for one superstep. */
    record Prediction(double wNanos, double imbalance, double predictedNanos, double errorPercent, String bound) {}

    /**
     * Older supersteps {@code first..last}, summarized; means are per superstep.
     *
     * @param series the last value of each series reported in these supersteps, or null if none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Bucket(int first, int last, int count, long sumDurationNanos, long maxDurationNanos,
            double meanComputeNanos, double meanCommunicateNanos, double meanBarrierNanos, long messages,
            long words, long maxHWords, long slowSupersteps, double sumPredictedNanos, long[] computeByProcessor,
            long[] barrierByProcessor, Map<String, Double> series) {}

    /** An event-stream update: a run's summary and the supersteps it completed since the last update. */
    record Update(RunSummary run, List<Superstep> supersteps) {}

    /** {@code GET /api/runs}. */
    record RunList(List<RunSummary> runs, Stats dashboard) {}

    /** The dashboard's own counters. */
    record Stats(long eventsDropped, long updatesDropped, int clients) {}

    /** An error answer. */
    record Error(String error) {}
}
