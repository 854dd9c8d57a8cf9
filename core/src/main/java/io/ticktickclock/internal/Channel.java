package io.ticktickclock.internal;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;

/**
 * The messages of one (source, destination) pair in one superstep parity, all three lanes together so that a
 * destination learns everything a source sent it from one object. Written only by the source; read by the
 * destination after the barrier. Reused across supersteps: the source clears it when its parity comes round
 * again, and only if something was sent, so that an idle channel's cache line is never invalidated and an
 * empty superstep moves no channel data between cores. A steady-state superstep allocates nothing.
 * Created by the source on its first send to the destination ({@link Outbox}).
 */
final class Channel {
    static final long[] NO_LONGS = new long[0];
    static final double[] NO_DOUBLES = new double[0];
    static final Object[] NO_OBJECTS = new Object[0];
    /** The largest combining index (a power of two): it keeps its load factor at most one half. */
    private static final long MAX_INDEX = 1L << 30;
    /** The most messages of one lane a channel holds (the largest array the JVM reliably allocates). */
    static final int MAX_MESSAGES = Integer.MAX_VALUE - 8;

    /** The processor that writes this channel. */
    final int source;
    /** The next channel in the destination's stack of newly created ones ({@link Outbox}). */
    Channel nextAnnounced;

    int objectCount;
    int longCount;
    int pairCount;
    Object[] objects = NO_OBJECTS;
    long[] longs = NO_LONGS;
    long[] keys = NO_LONGS;
    double[] values = NO_DOUBLES;

    // Combining index: slot h holds a pair index when stamps[h] == stamp; bumping the stamp empties it in O(1).
    private int[] slots;
    private int[] stamps;
    private int stamp = 1;
    private int indexed;

    Channel(int source) {
        this.source = source;
    }

    static int grownCapacity(int current, int needed) {
        if (needed < 0 || needed > MAX_MESSAGES) {
            throw new IllegalStateException("a channel cannot hold more than " + MAX_MESSAGES
                    + " messages of one kind per superstep and destination");
        }
        long target = Math.max(needed, Math.max(16, (long) current + (current >> 1)));
        return (int) Math.min(target, MAX_MESSAGES);
    }

    boolean isEmpty() {
        return (objectCount | longCount | pairCount) == 0;
    }

    /** Messages (after combining) in this channel. */
    long messages() {
        return (long) objectCount + longCount + pairCount;
    }

    /** Words: one per object or long, two per pair. */
    long words() {
        return (long) objectCount + longCount + 2L * pairCount;
    }

    void addObject(Object message) {
        if (objectCount == objects.length) {
            objects = Arrays.copyOf(objects, grownCapacity(objects.length, objectCount + 1));
        }
        objects[objectCount++] = message;
    }

    void addLong(long value) {
        if (longCount == longs.length) {
            longs = Arrays.copyOf(longs, grownCapacity(longs.length, longCount + 1));
        }
        longs[longCount++] = value;
    }

    void addLongs(long[] source, int from, int to) {
        int n = to - from;
        int needed = longCount + n;
        if (needed > longs.length || needed < 0) {
            longs = Arrays.copyOf(longs, grownCapacity(longs.length, needed));
        }
        System.arraycopy(source, from, longs, longCount, n);
        longCount = needed;
    }

    void addPair(long key, double value) {
        if (pairCount == keys.length) {
            int capacity = grownCapacity(keys.length, pairCount + 1);
            keys = Arrays.copyOf(keys, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        keys[pairCount] = key;
        values[pairCount] = value;
        pairCount++;
    }

    void combinePair(long key, double value, DoubleBinaryOperator combiner) {
        if (slots == null || (pairCount + 1L) * 2 > slots.length) {
            long capacity = Math.max(64L, Long.highestOneBit(pairCount + 1L) << 2);
            if (capacity > MAX_INDEX) {
                throw new IllegalStateException("cannot combine more than " + (MAX_INDEX / 2)
                        + " distinct keys per destination and superstep; got " + (pairCount + 1));
            }
            slots = new int[(int) capacity];
            stamps = new int[slots.length];
            stamp = 1;
            indexFrom(0);
        } else if (indexed != pairCount) {
            indexFrom(indexed);
        }
        int mask = slots.length - 1;
        int h = mix(key) & mask;
        while (stamps[h] == stamp) {
            int i = slots[h];
            if (keys[i] == key) {
                values[i] = combiner.applyAsDouble(values[i], value);
                return;
            }
            h = (h + 1) & mask;
        }
        stamps[h] = stamp;
        slots[h] = pairCount;
        addPair(key, value);
        indexed = pairCount;
    }

    /** Indexes pairs [from, pairCount) that were added without combining; the first of equal keys wins. */
    private void indexFrom(int from) {
        int mask = slots.length - 1;
        for (int i = from; i < pairCount; i++) {
            int h = mix(keys[i]) & mask;
            boolean present = false;
            while (stamps[h] == stamp) {
                if (keys[slots[h]] == keys[i]) {
                    present = true;
                    break;
                }
                h = (h + 1) & mask;
            }
            if (!present) {
                stamps[h] = stamp;
                slots[h] = i;
            }
        }
        indexed = pairCount;
    }

    /** Empties the channel; drops object references so delivered messages can be collected. */
    void clear() {
        if (objectCount != 0) {
            Arrays.fill(objects, 0, objectCount, null);
            objectCount = 0;
        }
        if (longCount != 0) {
            longCount = 0;
        }
        if (pairCount != 0) {
            pairCount = 0;
            indexed = 0;
            if (stamps != null && ++stamp == 0) {
                Arrays.fill(stamps, 0);
                stamp = 1;
            }
        }
    }

    /** Drops every buffer (a failing run frees its memory): the channel is empty and holds no array. */
    void release() {
        objectCount = 0;
        longCount = 0;
        pairCount = 0;
        indexed = 0;
        objects = NO_OBJECTS;
        longs = NO_LONGS;
        keys = NO_LONGS;
        values = NO_DOUBLES;
        slots = null;
        stamps = null;
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
