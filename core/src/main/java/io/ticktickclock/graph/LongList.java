package io.ticktickclock.graph;

import java.util.Arrays;

/** A growable array of {@code long}s, for building a partition. Not thread-safe. */
final class LongList {
    private static final int MAX = Integer.MAX_VALUE - 8;
    private long[] items = new long[16];
    private int size;

    void add(long value) {
        if (size == items.length) {
            grow(size + 1);
        }
        items[size++] = value;
    }

    void add(long a, long b) {
        if (size + 2 > items.length) {
            grow(size + 2);
        }
        items[size] = a;
        items[size + 1] = b;
        size += 2;
    }

    void add(long a, long b, long c) {
        if (size + 3 > items.length) {
            grow(size + 3);
        }
        items[size] = a;
        items[size + 1] = b;
        items[size + 2] = c;
        size += 3;
    }

    private void grow(long needed) {
        if (needed > MAX) {
            throw new IllegalStateException("a processor cannot hold more than " + MAX + " longs of one kind"
                    + " while loading a graph; use more processors");
        }
        items = Arrays.copyOf(items, (int) Math.min(MAX, Math.max(needed, items.length + (long) (items.length >> 1))));
    }

    int size() {
        return size;
    }

    /** Empties the list, keeping its capacity. */
    void clear() {
        size = 0;
    }

    /** The backing array; its first {@link #size()} elements are the list's. */
    long[] items() {
        return items;
    }

    /** Sorts the elements ascending and drops duplicates, in place. */
    void sortDistinct() {
        size = sortDistinct(items, size);
    }

    /** The elements, trimmed to size. */
    long[] toArray() {
        return Arrays.copyOf(items, size);
    }

    /** The elements sorted ascending without duplicates. */
    long[] toSortedSet() {
        long[] all = toArray();
        return sortedSet(all, all.length);
    }

    /** Sorts {@code a[0..length)} in place and returns its distinct values. */
    static long[] sortedSet(long[] a, int length) {
        int distinct = sortDistinct(a, length);
        return distinct == a.length ? a : Arrays.copyOf(a, distinct);
    }

    /** Sorts {@code a[0..length)} in place, moves its distinct values to the front and returns their count. */
    private static int sortDistinct(long[] a, int length) {
        Arrays.sort(a, 0, length);
        int distinct = 0;
        for (int i = 0; i < length; i++) {
            if (distinct == 0 || a[i] != a[distinct - 1]) {
                a[distinct++] = a[i];
            }
        }
        return distinct;
    }

    /**
     * Collects {@code long}s into a sorted set without holding every value added: whenever the values held
     * reach twice what the last compaction left (at least {@value #COMPACT_AT}), they are sorted and their
     * duplicates dropped, so it holds about twice the distinct values at most. Not thread-safe.
     */
    static final class SetBuilder {
        static final int COMPACT_AT = 1 << 16;
        private final LongList values = new LongList();
        private long limit = COMPACT_AT;

        void add(long value) {
            values.add(value);
            if (values.size() >= limit) {
                values.sortDistinct();
                limit = Math.max(COMPACT_AT, 2L * values.size());
            }
        }

        /** The distinct values added, ascending. */
        long[] toSortedSet() {
            values.sortDistinct();
            return values.toArray();
        }
    }
}
