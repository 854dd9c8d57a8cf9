package io.ticktickclock.dashboard;

import io.ticktickclock.RunInfo;
import io.ticktickclock.cost.BspParameters;
import io.ticktickclock.telemetry.BspEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs seen since the dashboard started, built from telemetry events. Every event names its run
 * ({@link BspEvent#run()}), so runs that go on at the same time, even of one program, are kept apart.
 *
 * <p>Thread-safe: every method holds this object's lock; the drain thread applies events, HTTP threads take
 * snapshots.
 */
final class Runs {

    private final int recentSupersteps;
    private final int maxBuckets;
    private final int retainedRuns;
    private final BspParameters parameters;
    private final List<String> profileWarnings;
    private final LinkedHashMap<Integer, Run> byId = new LinkedHashMap<>();
    /** The runs that have not ended, by their {@link RunInfo}. */
    private final Map<RunInfo, Run> active = new HashMap<>();
    /** Runs changed since the last {@link #takeChanged}, each with the first superstep not yet pushed. */
    private final LinkedHashMap<Run, Integer> changed = new LinkedHashMap<>();
    private int nextId = 1;

    Runs(int recentSupersteps, int maxBuckets, int retainedRuns, BspParameters parameters) {
        this(recentSupersteps, maxBuckets, retainedRuns, parameters, List.of());
    }

    Runs(int recentSupersteps, int maxBuckets, int retainedRuns, BspParameters parameters,
            List<String> profileWarnings) {
        this.profileWarnings = List.copyOf(profileWarnings);
        this.recentSupersteps = recentSupersteps;
        this.maxBuckets = maxBuckets;
        this.retainedRuns = retainedRuns;
        this.parameters = parameters;
    }

    /** Applies one event; returns whether a run started or ended with it (worth pushing at once). */
    synchronized boolean apply(BspEvent event) {
        switch (event) {
            case BspEvent.CoordinatorInitialized c -> {
                Run run = new Run(nextId++, c.run(), c.processors(), recentSupersteps, maxBuckets, parameters,
                        profileWarnings);
                byId.put(run.id, run);
                active.put(c.run(), run);
                changed.putIfAbsent(run, 0);
                evict();
                return true;
            }
            case BspEvent.SuperstepCompleted s -> {
                Run run = active.get(s.run());
                if (run != null) {
                    changed.putIfAbsent(run, run.supersteps());
                    run.add(s.stats());
                }
                return false;
            }
            case BspEvent.SeriesReported r -> {
                Run run = active.get(r.run());
                if (run != null) {
                    run.report(r.superstep(), r.processorId(), r.series(), r.value());
                }
                return false;
            }
            case BspEvent.SuperstepSlow s -> {
                Run run = active.get(s.run());
                if (run != null) {
                    changed.putIfAbsent(run, run.supersteps());
                    run.slow(s.superstep(), s.elapsedNanos(), s.lateProcessors());
                }
                return true;
            }
            case BspEvent.CheckpointWritten c -> {
                return touch(c.run(), run -> run.checkpoint(c.superstep(), c.bytes()));
            }
            case BspEvent.RunResumed r -> {
                return touch(r.run(), run -> run.note("resumed from the checkpoint of superstep " + r.superstep()));
            }
            case BspEvent.WorkerLost w -> {
                RunInfo.Worker lost = w.worker();
                return touch(w.run(), run -> run.note("lost worker " + lost.address() + " (" + (lost.processors() == 1
                        ? "processor " + lost.firstProcessor() : "processors " + lost.firstProcessor() + "-"
                        + (lost.firstProcessor() + lost.processors() - 1)) + ") in superstep " + w.superstep()));
            }
            case BspEvent.RecoveryStarted r -> {
                return touch(r.run(), run -> run.note("recovering from superstep " + r.fromSuperstep() + " on "
                        + r.workers().size() + (r.workers().size() == 1 ? " worker" : " workers")));
            }
            case BspEvent.RecoveryCompleted r -> {
                return touch(r.run(), run -> run.note(String.format(java.util.Locale.ROOT,
                        "recovered: back at superstep %d, %.1f s after the loss", r.superstep(), r.lostNanos() / 1e9)));
            }
            case BspEvent.ComputationCompleted c -> {
                return end(c.run(), run -> run.completed(c.durationNanos(), c.converged()));
            }
            case BspEvent.ComputeError e -> {
                return end(e.run(), run -> run.failed(e.reason()));
            }
            case BspEvent.CommunicateError e -> {
                return end(e.run(), run -> run.failed(e.reason()));
            }
            case BspEvent.ComputationFailed e -> {
                return end(e.run(), run -> run.failed(e.reason()));
            }
            default -> {
                return false;
            }
        }
    }

    /** Applies {@code how} to an active run; worth pushing at once. */
    private boolean touch(RunInfo id, java.util.function.Consumer<Run> how) {
        Run run = active.get(id);
        if (run == null) {
            return false;
        }
        changed.putIfAbsent(run, run.supersteps());
        how.accept(run);
        return true;
    }

    private boolean end(RunInfo id, java.util.function.Consumer<Run> how) {
        Run run = active.remove(id);
        if (run == null || !run.running()) {
            return false;
        }
        changed.putIfAbsent(run, run.supersteps());
        how.accept(run);
        return true;
    }

    /** Forgets the oldest runs that have ended beyond {@code retainedRuns}. */
    private void evict() {
        var it = byId.values().iterator();
        int excess = byId.size() - retainedRuns;
        while (excess > 0 && it.hasNext()) {
            Run r = it.next();
            if (!r.running()) {
                it.remove();
                changed.remove(r);
                excess--;
            }
        }
    }

    /**
     * The updates for the runs changed since the last call: each run's summary and the supersteps it
     * completed since (at most {@code maxRows}, the newest: when supersteps are faster than updates, the page
     * shows the newest and the others stay in the run's detail).
     */
    synchronized List<Views.Update> takeChanged(int maxRows) {
        List<Views.Update> updates = new ArrayList<>(changed.size());
        for (Map.Entry<Run, Integer> e : changed.entrySet()) {
            Run run = e.getKey();
            updates.add(new Views.Update(run.summary(false), run.rowsFrom(e.getValue(), maxRows)));
        }
        changed.clear();
        return updates;
    }

    synchronized boolean hasChanges() {
        return !changed.isEmpty();
    }

    synchronized List<Views.RunSummary> list(boolean withErrorDetail) {
        List<Views.RunSummary> list = new ArrayList<>(byId.size());
        for (Run r : byId.values()) {
            list.add(r.summary(withErrorDetail));
        }
        return list;
    }

    /** The run with this id, or null. */
    synchronized Views.RunDetail detail(int id, boolean withErrorDetail) {
        Run r = byId.get(id);
        return r == null ? null : r.view(withErrorDetail);
    }
}
