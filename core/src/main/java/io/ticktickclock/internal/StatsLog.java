package io.ticktickclock.internal;

import io.ticktickclock.ProcessorStats;
import java.util.Arrays;

/**
 * One processor's per-superstep statistics: a table of longs, written only by that processor, stored in
 * fixed-size chunks so that growing it copies at most the first chunk, and read by others only across a
 * barrier (or after the processor's thread has ended). The first chunk starts small and doubles up to the
 * chunk size, so that a short run of many processors does not hold 75 KiB of empty rows per processor.
 */
final class StatsLog {
    /** Columns per row, in the order of {@link #record}. */
    static final int COLUMNS = 9;
    private static final int CHUNK_BITS = 10;
    private static final int CHUNK_ROWS = 1 << CHUNK_BITS;
    private static final int FIRST_ROWS = 16;

    private long[][] chunks = new long[4][];
    private String[][] names = new String[4][];
    private long[] chunk;
    private String[] chunkNames;
    private int rows;
    /** The superstep of row 0: 0, or where a resumed run started (its restore superstep). */
    int base;

    void record(String name, long compute, long communicate, long barrier, long sentMessages, long sentWords,
            long receivedMessages, long receivedWords, long inboxMessages, boolean converged) {
        int inChunk = rows & (CHUNK_ROWS - 1);
        if (inChunk == 0) {
            addChunk();
        } else if (inChunk * COLUMNS == chunk.length) {
            growFirstChunk();
        }
        long[] c = chunk;
        int at = inChunk * COLUMNS;
        c[at] = compute;
        c[at + 1] = communicate;
        c[at + 2] = barrier;
        c[at + 3] = sentMessages;
        c[at + 4] = sentWords;
        c[at + 5] = receivedMessages;
        c[at + 6] = receivedWords;
        c[at + 7] = inboxMessages;
        c[at + 8] = converged ? 1 : 0;
        if (name != null) {
            chunkNames[inChunk] = name;
        }
        rows++;
    }

    private void addChunk() {
        int index = rows >>> CHUNK_BITS;
        if (index == chunks.length) {
            chunks = Arrays.copyOf(chunks, index * 2);
            names = Arrays.copyOf(names, index * 2);
        }
        int size = index == 0 ? FIRST_ROWS : CHUNK_ROWS;
        chunk = chunks[index] = new long[size * COLUMNS];
        chunkNames = names[index] = new String[size];
    }

    private void growFirstChunk() {
        int size = Math.min(2 * chunkNames.length, CHUNK_ROWS);
        chunk = chunks[0] = Arrays.copyOf(chunk, size * COLUMNS);
        chunkNames = names[0] = Arrays.copyOf(chunkNames, size);
    }

    int rows() {
        return rows;
    }

    /** Column {@code column} (0..8, in the order of {@link #record}) of row {@code row}. */
    long column(int row, int column) {
        return chunks[row >>> CHUNK_BITS][(row & (CHUNK_ROWS - 1)) * COLUMNS + column];
    }

    /** The name recorded for row {@code row}, or null for an unnamed superstep. */
    String recordedName(int row) {
        return names[row >>> CHUNK_BITS][row & (CHUNK_ROWS - 1)];
    }

    /** Appends a row read from another worker: the nine columns of {@link #record} and its name. */
    void append(long[] columns, String name) {
        record(name, columns[0], columns[1], columns[2], columns[3], columns[4], columns[5], columns[6],
                columns[7], columns[8] != 0);
    }


    /** The superstep's name; unnamed supersteps are named when read, so recording one allocates nothing. */
    String name(int row) {
        String name = names[row >>> CHUNK_BITS][row & (CHUNK_ROWS - 1)];
        return name != null ? name : "superstep-" + (base + row);
    }

    ProcessorStats row(int processor, int row) {
        long[] c = chunks[row >>> CHUNK_BITS];
        int at = (row & (CHUNK_ROWS - 1)) * COLUMNS;
        return new ProcessorStats(processor, c[at], c[at + 1], c[at + 2], c[at + 3], c[at + 4], c[at + 5],
                c[at + 6], c[at + 7]);
    }

    /** The convergence decision of the barrier that ended superstep {@code row}. */
    boolean converged(int row) {
        return chunks[row >>> CHUNK_BITS][(row & (CHUNK_ROWS - 1)) * COLUMNS + 8] != 0;
    }
}
