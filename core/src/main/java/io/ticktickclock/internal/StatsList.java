package io.ticktickclock.internal;

import io.ticktickclock.ProcessorStats;
import io.ticktickclock.SuperstepStats;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The per-superstep statistics of a finished run as an unmodifiable list, built on demand from the
 * processors' logs, so that a run of a million short supersteps does not pay for a million records unless
 * somebody reads them. Immutable: the logs are complete when the run's threads have ended.
 */
public final class StatsList extends AbstractList<SuperstepStats> implements RandomAccess {
    private final StatsLog[] logs;
    private final int size;

    StatsList(StatsLog[] logs, int size) {
        this.logs = logs;
        this.size = size;
    }

    static SuperstepStats superstep(StatsLog[] logs, int superstep) {
        ProcessorStats[] rows = new ProcessorStats[logs.length];
        for (int p = 0; p < logs.length; p++) {
            rows[p] = logs[p].row(p, superstep);
        }
        return new SuperstepStats(logs[0].base + superstep, logs[0].name(superstep), logs[0].converged(superstep),
                Arrays.asList(rows));
    }

    @Override
    public SuperstepStats get(int index) {
        Objects.checkIndex(index, size);
        return superstep(logs, index);
    }

    @Override
    public int size() {
        return size;
    }
}
