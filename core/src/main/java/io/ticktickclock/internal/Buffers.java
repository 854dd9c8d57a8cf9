package io.ticktickclock.internal;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;

/**
 * The outgoing message buffers of one (source, destination) pair, one class per lane. Each is written only
 * by its source processor and read by its destination after the barrier; they are reused across supersteps
 * (cleared by the source when the superstep of its parity comes round again), so a steady-state superstep
 * allocates nothing.
 */
final class Buffers {
    private Buffers() {}

    static final long[] NO_LONGS = new long[0];
    static final double[] NO_DOUBLES = new double[0];
    static final Object[] NO_OBJECTS = new Object[0];

    static int grownCapacity(int current, int needed) {
        if (needed < 0) {
            throw new IllegalStateException("a message buffer cannot hold more than " + Integer.MAX_VALUE
                    + " messages per superstep and destination");
        }
        long target = Math.max(needed, Math.max(16, (long) current + (current >> 1)));
        return (int) Math.min(target, Integer.MAX_VALUE - 8);
    }

    /** Object messages. */
    static final class Objects {
        Object[] data = NO_OBJECTS;
        int size;

        void add(Object message) {
            if (size == data.length) {
                data = Arrays.copyOf(data, grownCapacity(data.length, size + 1));
            }
            data[size++] = message;
        }

        /** Drops references so delivered messages can be collected. */
        void clear() {
            if (size > 0) {
                Arrays.fill(data, 0, size, null);
                size = 0;
            }
        }
    }

    /** {@code long} messages. */
    static final class Longs {
        long[] data = NO_LONGS;
        int size;

        void add(long value) {
            if (size == data.length) {
                data = Arrays.copyOf(data, grownCapacity(data.length, size + 1));
            }
            data[size++] = value;
        }

        void addAll(long[] values, int from, int to) {
            int n = to - from;
            int needed = size + n;
            if (needed > data.length || needed < 0) {
                data = Arrays.copyOf(data, grownCapacity(data.length, needed));
            }
            System.arraycopy(values, from, data, size, n);
            size = needed;
        }
    }

    /** (long key, double value) messages, with optional combining by key through an open-addressing index. */
    static final class Pairs {
        long[] keys = NO_LONGS;
        double[] values = NO_DOUBLES;
        int size;

        // Combining index: slot h holds a pair index when stamps[h] == stamp; bumping the stamp empties it in O(1).
        private int[] slots;
        private int[] stamps;
        private int stamp = 1;
        private int indexed;

        void add(long key, double value) {
            if (size == keys.length) {
                grow();
            }
            keys[size] = key;
            values[size] = value;
            size++;
        }

        private void grow() {
            int capacity = grownCapacity(keys.length, size + 1);
            keys = Arrays.copyOf(keys, capacity);
            values = Arrays.copyOf(values, capacity);
        }

        void combine(long key, double value, DoubleBinaryOperator combiner) {
            if (slots == null || (size + 1) * 2 > slots.length) {
                rebuildIndex(Math.max(64, Integer.highestOneBit(Math.max(1, size + 1)) << 2));
            } else if (indexed != size) {
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
            slots[h] = size;
            add(key, value);
            indexed = size;
        }

        private void rebuildIndex(int capacity) {
            slots = new int[capacity];
            stamps = new int[capacity];
            stamp = 1;
            indexFrom(0);
        }

        /** Indexes pairs [from, size) that were added without combining; keeps the first of equal keys. */
        private void indexFrom(int from) {
            int mask = slots.length - 1;
            for (int i = from; i < size; i++) {
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
            indexed = size;
        }

        void clear() {
            size = 0;
            indexed = 0;
            if (stamps != null && ++stamp == 0) {
                Arrays.fill(stamps, 0);
                stamp = 1;
            }
        }

        private static int mix(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }
}
