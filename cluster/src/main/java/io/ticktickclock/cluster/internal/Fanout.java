package io.ticktickclock.cluster.internal;

import io.ticktickclock.BspException;
import io.ticktickclock.BspObserver;
import io.ticktickclock.BspResult;
import io.ticktickclock.RunInfo;
import io.ticktickclock.SuperstepStats;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Several observers as one, each called in turn; one that throws is left out of the rest of the run (and
 * logged once), the others go on hearing it.
 */
public final class Fanout implements BspObserver {
    private final List<BspObserver> observers;
    private final boolean[] dropped;

    private Fanout(List<BspObserver> observers) {
        this.observers = observers;
        this.dropped = new boolean[observers.size()];
    }

    /** The observers that are not null and want the run: null when none, the one itself when one. */
    public static BspObserver of(BspObserver... candidates) {
        List<BspObserver> wanted = new ArrayList<>();
        for (BspObserver o : candidates) {
            if (o != null && o.enabled()) {
                wanted.add(o);
            }
        }
        return wanted.isEmpty() ? null : wanted.size() == 1 ? wanted.get(0) : new Fanout(List.copyOf(wanted));
    }

    private void each(Consumer<BspObserver> call) {
        for (int i = 0; i < observers.size(); i++) {
            if (dropped[i]) {
                continue;
            }
            try {
                call.accept(observers.get(i));
            } catch (RuntimeException e) {
                dropped[i] = true;
                System.getLogger("io.ticktickclock").log(System.Logger.Level.WARNING, "BSP observer "
                        + observers.get(i).getClass().getName() + " threw; it is left out of this run", e);
            }
        }
    }

    @Override
    public void runStarted(RunInfo run, int processors) {
        each(o -> o.runStarted(run, processors));
    }

    @Override
    public void superstepCompleted(RunInfo run, SuperstepStats stats) {
        each(o -> o.superstepCompleted(run, stats));
    }

    @Override
    public void superstepSlow(RunInfo run, int superstep, long elapsedNanos, List<Integer> late) {
        each(o -> o.superstepSlow(run, superstep, elapsedNanos, late));
    }

    @Override
    public void seriesReported(RunInfo run, int processor, int superstep, String series, double value) {
        each(o -> o.seriesReported(run, processor, superstep, series, value));
    }

    @Override
    public void checkpointWritten(RunInfo run, int superstep, long bytes, long nanos) {
        each(o -> o.checkpointWritten(run, superstep, bytes, nanos));
    }

    @Override
    public void runCompleted(RunInfo run, BspResult<?> result) {
        each(o -> o.runCompleted(run, result));
    }

    @Override
    public void runFailed(RunInfo run, BspException failure) {
        each(o -> o.runFailed(run, failure));
    }
}
