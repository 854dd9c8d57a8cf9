package io.ticktickclock.internal;

import io.ticktickclock.ProcessorStats;
import java.util.Arrays;

/** One processor's per-superstep statistics: a growable table of longs, written only by that processor. */
final class StatsLog {
    private static final int COLUMNS = 7;

    private long[] table = new long[COLUMNS * 64];
    private String[] names = new String[64];
    private int rows;

    void record(String name, long compute, long communicate, long barrier, long sentMessages, long sentWords,
            long receivedMessages, long receivedWords) {
        if (rows == names.length) {
            names = Arrays.copyOf(names, rows * 2);
            table = Arrays.copyOf(table, rows * 2 * COLUMNS);
        }
        int at = rows * COLUMNS;
        table[at] = compute;
        table[at + 1] = communicate;
        table[at + 2] = barrier;
        table[at + 3] = sentMessages;
        table[at + 4] = sentWords;
        table[at + 5] = receivedMessages;
        table[at + 6] = receivedWords;
        names[rows] = name;
        rows++;
    }

    int rows() {
        return rows;
    }

    String name(int row) {
        return names[row];
    }

    ProcessorStats row(int processor, int row) {
        int at = row * COLUMNS;
        return new ProcessorStats(processor, table[at], table[at + 1], table[at + 2], table[at + 3],
                table[at + 4], table[at + 5], table[at + 6]);
    }
}
