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
        Arrays.sort(a, 0, length);
        int distinct = 0;
        for (int i = 0; i < length; i++) {
            if (distinct == 0 || a[i] != a[distinct - 1]) {
                a[distinct++] = a[i];
            }
        }
        return distinct == a.length ? a : Arrays.copyOf(a, distinct);
    }
}
