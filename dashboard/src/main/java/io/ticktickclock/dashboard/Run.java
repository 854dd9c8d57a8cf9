package io.ticktickclock.dashboard;

import io.ticktickclock.RunInfo;
import io.ticktickclock.ProcessorStats;
import io.ticktickclock.SuperstepStats;
import io.ticktickclock.cost.BspParameters;
import io.ticktickclock.cost.RunAnalysis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run as the dashboard knows it: its state, its most recent supersteps in full and the older ones
 * summarized in buckets, so that memory stays bounded however long the run is.
 *
 * <p>Not thread-safe: the dashboard's drain thread writes it, and readers take {@link #view} snapshots
 * while holding the lock of the {@link Runs} that owns it.
 */
final class Run {

    /** Where a run stands. */
    enum State {
        RUNNING, CONVERGED, STOPPED, FAILED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final int MAX_SLOW_REMEMBERED = 1024;
    private static final int MAX_NOTES = 16;
    private int lastCheckpoint = -1;
    private long lastCheckpointBytes;
    private long checkpoints;
    private final ArrayDeque<String> notes = new ArrayDeque<>();
    /** Supersteps whose reported series wait for their row (they are reported before it completes). */
    private static final int MAX_PENDING_SERIES = 1024;
    /** Series names a run may have; reports of further names are ignored, so memory stays bounded. */
    static final int MAX_SERIES = 16;

    final int id;
    final RunInfo identity;
    final String program;
    final int processors;
    final long startedAtEpochMillis;
    private final long startNanos;
    private final int recentCapacity;
    private final int maxBuckets;
    private final BspParameters parameters;
    private final List<String> profileWarnings;

    private State state = State.RUNNING;
    /** Counts the changes to this run, so that a page can tell which of two views of it is newer. */
    private long version;
    private long elapsedNanos = -1;
    private String error;
    private String errorDetail;
    private int supersteps;
    private String lastName = "";
    private long totalMeasuredNanos;
    private double totalPredictedNanos;
    private final long[] boundCounts = new long[RunAnalysis.Bound.values().length];
    private Views.Slow currentSlow;
    private long slowCount;

    private final ArrayDeque<Views.Superstep> recent = new ArrayDeque<>();
    private final ArrayList<Bucket> buckets = new ArrayList<>();
    private int bucketWidth = 1;
    /** The names of the reported series, in the order they first came; at most {@link #MAX_SERIES}. */
    private final java.util.LinkedHashSet<String> seriesNames = new java.util.LinkedHashSet<>();
    /** The newest value of each series that has a row, by name. */
    private final LinkedHashMap<String, Double> latestSeries = new LinkedHashMap<>();
    /** Reported series values whose superstep has no row yet, by superstep; bounded. */
    private final LinkedHashMap<Integer, Map<String, Reported>> pendingSeries = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Map<String, Reported>> eldest) {
            return size() > MAX_PENDING_SERIES;
        }
    };

    /** A reported value and the processor that reported it. */
    private record Reported(int processor, double value) {}

    /** Slow-superstep reports whose superstep has no row yet, or recently had one; bounded. */
    private final LinkedHashMap<Integer, List<Integer>> slow = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, List<Integer>> eldest) {
            return size() > MAX_SLOW_REMEMBERED;
        }
    };

    Run(int id, RunInfo identity, int processors, int recentCapacity, int maxBuckets, BspParameters parameters,
            List<String> profileWarnings) {
        this.profileWarnings = profileWarnings;
        this.id = id;
        this.identity = identity;
        this.program = identity.program();
        this.processors = processors;
        this.startedAtEpochMillis = System.currentTimeMillis();
        this.startNanos = System.nanoTime();
        this.recentCapacity = recentCapacity;
        this.maxBuckets = maxBuckets;
        this.parameters = parameters;
    }

    boolean running() {
        return state == State.RUNNING;
    }

    int supersteps() {
        return supersteps;
    }

    /** Adds a completed superstep and returns its row. */
    Views.Superstep add(SuperstepStats s) {
        int p = s.processors().size();
        long[] compute = new long[p];
        long[] communicate = new long[p];
        long[] barrier = new long[p];
        long messages = 0;
        long words = 0;
        for (int i = 0; i < p; i++) {
            ProcessorStats ps = s.processors().get(i);
            compute[i] = ps.computeNanos();
            communicate[i] = ps.communicateNanos();
            barrier[i] = ps.barrierNanos();
            messages += ps.messagesSent();
            words += ps.wordsSent();
        }
        Views.Prediction prediction = null;
        if (parameters != null) {
            RunAnalysis.Row r = RunAnalysis.of(List.of(s), parameters).supersteps().getFirst();
            prediction = new Views.Prediction(r.wNanos(), r.imbalance(), r.predictedNanos(), r.errorPercent(),
                    r.bound().name());
            totalPredictedNanos += r.predictedNanos();
            boundCounts[r.bound().ordinal()]++;
        }
        List<Integer> late = slow.get(s.superstep());
        Map<String, Double> series = seriesOf(s.superstep());
        Views.Superstep row = new Views.Superstep(s.superstep(), s.name(), s.durationNanos(), s.converged(),
                mean(compute), mean(communicate), mean(barrier), messages, words, s.hWords(), compute, communicate,
                barrier, late, prediction, series);
        if (currentSlow != null && currentSlow.superstep() <= s.superstep()) {
            currentSlow = null;
        }
        supersteps++;
        version++;
        lastName = s.name();
        totalMeasuredNanos += s.durationNanos();
        recent.addLast(row);
        if (recent.size() > recentCapacity) {
            summarize(recent.removeFirst());
        }
        return row;
    }

    /**
     * Records a reported series value; it is shown with its superstep's row. Of several processors that
     * report one series in one superstep, the lowest-numbered one's value is kept. Reports for a superstep
     * that has its row already, and of names beyond {@link #MAX_SERIES}, are ignored.
     */
    void report(int superstep, int processor, String series, double value) {
        if (superstep < nextRow() || (!seriesNames.contains(series) && seriesNames.size() >= MAX_SERIES)) {
            return;
        }
        seriesNames.add(series);
        pendingSeries.computeIfAbsent(superstep, k -> new LinkedHashMap<>()).merge(series,
                new Reported(processor, value), (old, now) -> now.processor() < old.processor() ? now : old);
    }

    /** The number of the next superstep to get a row (supersteps complete in order). */
    private int nextRow() {
        return recent.isEmpty() ? 0 : recent.getLast().superstep() + 1;
    }

    /** The values reported in {@code superstep}, taken out of the pending ones, or null if none. */
    private Map<String, Double> seriesOf(int superstep) {
        Map<String, Reported> reported = pendingSeries.remove(superstep);
        if (reported == null) {
            return null;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        reported.forEach((name, r) -> values.put(name, r.value()));
        latestSeries.putAll(values);
        return java.util.Collections.unmodifiableMap(values);
    }

    /** Records a checkpoint written at the barrier of {@code superstep}. */
    void checkpoint(int superstep, long bytes) {
        lastCheckpoint = superstep;
        lastCheckpointBytes = bytes;
        checkpoints++;
        version++;
    }

    /** Records what happened to the run's workers: a loss, a recovery, a resume (one line each, the newest kept). */
    void note(String what) {
        if (notes.size() == MAX_NOTES) {
            notes.removeFirst();
        }
        notes.addLast(what);
        version++;
    }

    /** Records that {@code superstep} is slow, with its late processors. */
    void slow(int superstep, long elapsed, List<Integer> late) {
        slow.put(superstep, late);
        slowCount++;
        version++;
        currentSlow = new Views.Slow(superstep, elapsed, late);
    }

    void completed(long durationNanos, boolean converged) {
        state = converged ? State.CONVERGED : State.STOPPED;
        version++;
        elapsedNanos = durationNanos;
        currentSlow = null;
    }

    void failed(Throwable reason) {
        state = State.FAILED;
        version++;
        elapsedNanos = System.nanoTime() - startNanos;
        error = String.valueOf(reason.getMessage());
        StringWriter trace = new StringWriter();
        reason.printStackTrace(new PrintWriter(trace));
        errorDetail = trace.toString();
    }

    private void summarize(Views.Superstep row) {
        Bucket last = buckets.isEmpty() ? null : buckets.getLast();
        if (last == null || last.count >= bucketWidth) {
            last = new Bucket(row.superstep(), processors);
            buckets.add(last);
        }
        last.add(row);
        if (buckets.size() > maxBuckets) {
            // Halve the resolution of the summary: merge neighbours pairwise, so the bucket count stays bounded.
            ArrayList<Bucket> merged = new ArrayList<>(buckets.size() / 2 + 1);
            for (int i = 0; i < buckets.size(); i += 2) {
                Bucket b = buckets.get(i);
                if (i + 1 < buckets.size()) {
                    b.merge(buckets.get(i + 1));
                }
                merged.add(b);
            }
            buckets.clear();
            buckets.addAll(merged);
            bucketWidth *= 2;
        }
    }

    private static double mean(long[] values) {
        if (values.length == 0) {
            return 0;
        }
        double sum = 0;
        for (long v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The run's summary, for lists and pushes. */
    Views.RunSummary summary(boolean withErrorDetail) {
        long elapsed = state == State.RUNNING ? System.nanoTime() - startNanos : elapsedNanos;
        Views.CostSummary cost = null;
        if (parameters != null) {
            Map<String, Long> bounds = new LinkedHashMap<>();
            for (RunAnalysis.Bound b : RunAnalysis.Bound.values()) {
                bounds.put(b.name(), boundCounts[b.ordinal()]);
            }
            cost = new Views.CostSummary(parameters.processors(), parameters.gNanosPerWord(), parameters.lNanos(),
                    totalMeasuredNanos, totalPredictedNanos, bounds, parameters.processors() == processors,
                    profileWarnings);
        }
        List<String> workers = new ArrayList<>();
        for (RunInfo.Worker w : identity.workers()) {
            workers.add(w.address() + " (processors " + w.firstProcessor()
                    + (w.processors() > 1 ? "-" + (w.firstProcessor() + w.processors() - 1) : "") + ")");
        }
        Views.Checkpoints checkpointed = checkpoints == 0 && notes.isEmpty() ? null
                : new Views.Checkpoints(checkpoints, lastCheckpoint, lastCheckpointBytes, List.copyOf(notes));
        return new Views.RunSummary(id, identity.id(), version, program, processors, identity.engine(), workers,
                checkpointed, state.label(),
                startedAtEpochMillis, elapsed, supersteps, lastName, slowCount, currentSlow, error,
                withErrorDetail ? errorDetail : null, cost,
                latestSeries.isEmpty() ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(latestSeries)));
    }

    /** The run with its supersteps. */
    Views.RunDetail view(boolean withErrorDetail) {
        List<Views.Bucket> older = new ArrayList<>(buckets.size());
        for (Bucket b : buckets) {
            older.add(b.view());
        }
        return new Views.RunDetail(summary(withErrorDetail), List.copyOf(recent), older);
    }

    /** The rows with a superstep number of at least {@code from}, oldest first, at most {@code max} of them. */
    List<Views.Superstep> rowsFrom(int from, int max) {
        ArrayList<Views.Superstep> rows = new ArrayList<>();
        var it = recent.descendingIterator();
        while (it.hasNext() && rows.size() < max) {
            Views.Superstep r = it.next();
            if (r.superstep() < from) {
                break;
            }
            rows.add(r);
        }
        return rows.reversed();
    }

    /** Older supersteps folded together: sums and extremes, per processor too (for the heat map). */
    private static final class Bucket {
        final int first;
        int last;
        int count;
        long sumDuration;
        long maxDuration;
        double sumCompute;
        double sumCommunicate;
        double sumBarrier;
        long messages;
        long words;
        long maxH;
        long slow;
        double sumPredicted;
        /** The last value of each series in the bucket's supersteps. */
        Map<String, Double> series;
        final long[] computeByProcessor;
        final long[] barrierByProcessor;

        Bucket(int first, int processors) {
            this.first = first;
            this.last = first;
            this.computeByProcessor = new long[processors];
            this.barrierByProcessor = new long[processors];
        }

        void add(Views.Superstep r) {
            last = r.superstep();
            count++;
            sumDuration += r.durationNanos();
            maxDuration = Math.max(maxDuration, r.durationNanos());
            sumCompute += r.computeNanos();
            sumCommunicate += r.communicateNanos();
            sumBarrier += r.barrierNanos();
            messages += r.messages();
            words += r.words();
            maxH = Math.max(maxH, r.hWords());
            slow += r.lateProcessors() == null ? 0 : 1;
            sumPredicted += r.prediction() == null ? 0 : r.prediction().predictedNanos();
            addSeries(r.series());
            for (int i = 0; i < Math.min(computeByProcessor.length, r.computeByProcessor().length); i++) {
                computeByProcessor[i] += r.computeByProcessor()[i];
                barrierByProcessor[i] += r.barrierByProcessor()[i];
            }
        }

        void merge(Bucket o) {
            last = o.last;
            count += o.count;
            sumDuration += o.sumDuration;
            maxDuration = Math.max(maxDuration, o.maxDuration);
            sumCompute += o.sumCompute;
            sumCommunicate += o.sumCommunicate;
            sumBarrier += o.sumBarrier;
            messages += o.messages;
            words += o.words;
            maxH = Math.max(maxH, o.maxH);
            slow += o.slow;
            sumPredicted += o.sumPredicted;
            addSeries(o.series);
            for (int i = 0; i < computeByProcessor.length; i++) {
                computeByProcessor[i] += o.computeByProcessor[i];
                barrierByProcessor[i] += o.barrierByProcessor[i];
            }
        }

        private void addSeries(Map<String, Double> values) {
            if (values != null) {
                if (series == null) {
                    series = new LinkedHashMap<>();
                }
                series.putAll(values);
            }
        }

        Views.Bucket view() {
            return new Views.Bucket(first, last, count, sumDuration, maxDuration, sumCompute / count,
                    sumCommunicate / count, sumBarrier / count, messages, words, maxH, slow, sumPredicted,
                    computeByProcessor.clone(), barrierByProcessor.clone(),
                    series == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(series)));
        }
    }
}
