package io.ticktickclock.internal;

import io.ticktickclock.Inbox;
import io.ticktickclock.LongInbox;
import io.ticktickclock.PairInbox;
import java.util.AbstractList;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Read-only views of the buffers addressed to one processor, in source order. Each view keeps the segment
 * (source) of the last access, so a sequential scan with {@code get(i)} costs O(1) per element and a random
 * access O(log p) (a binary search over the per-source offsets).
 */
final class InboxViews {
    private InboxViews() {}

    /** The running total of an inbox's size; fails clearly past what one inbox can index. */
    static int add(int size, int count) {
        long total = (long) size + count;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalStateException("more than " + Integer.MAX_VALUE
                    + " messages of one kind were sent to one processor in one superstep");
        }
        return (int) total;
    }

    /** Largest source s with offsets[s] <= index; for index < size, that source holds the index. */
    static int sourceOf(int[] offsets, int processors, int index) {
        int lo = 0;
        int hi = processors - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (offsets[mid] <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Object lane. */
    static final class ObjectView<M> extends AbstractList<M> implements Inbox<M> {
        private final int processors;
        private final int[] offsets;
        private Channel[] sources;
        private int size;
        private int segStart;
        private int segEnd;
        private Object[] segData;

        ObjectView(int processors) {
            this.processors = processors;
            this.offsets = new int[processors + 1];
        }

        /** Points the view at the buffers addressed to its processor; returns the message count. */
        int refresh(Channel[] bySource) {
            sources = bySource;
            int off = 0;
            for (int s = 0; s < processors; s++) {
                offsets[s] = off;
                off = InboxViews.add(off, bySource[s].objectCount);
            }
            offsets[processors] = off;
            size = off;
            segStart = 0;
            segEnd = 0;
            segData = null;
            return off;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        @SuppressWarnings("unchecked")
        public M get(int index) {
            if (index >= segStart && index < segEnd) {
                return (M) segData[index - segStart];
            }
            Objects.checkIndex(index, size);
            int s = InboxViews.sourceOf(offsets, processors, index);
            segStart = offsets[s];
            segEnd = offsets[s + 1];
            segData = sources[s].objects;
            return (M) segData[index - segStart];
        }

        @Override
        public int sourceOf(int index) {
            Objects.checkIndex(index, size);
            return InboxViews.sourceOf(offsets, processors, index);
        }

        @Override
        public int countFrom(int source) {
            Objects.checkIndex(source, processors);
            return offsets[source + 1] - offsets[source];
        }
    }

    /** {@code long} lane. */
    static final class LongView implements LongInbox {
        private final int processors;
        private final int[] offsets;
        private Channel[] sources;
        private int size;
        private int segStart;
        private int segEnd;
        private long[] segData;

        LongView(int processors) {
            this.processors = processors;
            this.offsets = new int[processors + 1];
        }

        int refresh(Channel[] bySource) {
            sources = bySource;
            int off = 0;
            for (int s = 0; s < processors; s++) {
                offsets[s] = off;
                off = InboxViews.add(off, bySource[s].longCount);
            }
            offsets[processors] = off;
            size = off;
            segStart = 0;
            segEnd = 0;
            segData = null;
            return off;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public long get(int index) {
            if (index >= segStart && index < segEnd) {
                return segData[index - segStart];
            }
            Objects.checkIndex(index, size);
            int s = InboxViews.sourceOf(offsets, processors, index);
            segStart = offsets[s];
            segEnd = offsets[s + 1];
            segData = sources[s].longs;
            return segData[index - segStart];
        }

        @Override
        public int countFrom(int source) {
            Objects.checkIndex(source, processors);
            return offsets[source + 1] - offsets[source];
        }

        @Override
        public void forEach(LongConsumer action) {
            Objects.requireNonNull(action, "action must not be null");
            for (int s = 0; s < processors; s++) {
                Channel c = sources[s];
                long[] d = c.longs;
                for (int i = 0, n = c.longCount; i < n; i++) {
                    action.accept(d[i]);
                }
            }
        }

        @Override
        public int copyTo(long[] destination, int offset) {
            Objects.checkFromIndexSize(offset, size, destination.length);
            int at = offset;
            for (int s = 0; s < processors; s++) {
                Channel c = sources[s];
                System.arraycopy(c.longs, 0, destination, at, c.longCount);
                at += c.longCount;
            }
            return size;
        }

        @Override
        public long sum() {
            // Four independent accumulators: the adds pipeline instead of waiting on one another.
            long s0 = 0;
            long s1 = 0;
            long s2 = 0;
            long s3 = 0;
            for (int s = 0; s < processors; s++) {
                Channel c = sources[s];
                long[] d = c.longs;
                int n = c.longCount;
                int i = 0;
                for (; i + 3 < n; i += 4) {
                    s0 += d[i];
                    s1 += d[i + 1];
                    s2 += d[i + 2];
                    s3 += d[i + 3];
                }
                for (; i < n; i++) {
                    s0 += d[i];
                }
            }
            return s0 + s1 + s2 + s3;
        }

        @Override
        public String toString() {
            return "LongInbox[size=" + size + "]";
        }
    }

    /** (key, value) lane. */
    static final class PairView implements PairInbox {
        private final int processors;
        private final int[] offsets;
        private Channel[] sources;
        private int size;
        private int segStart;
        private int segEnd;
        private long[] segKeys;
        private double[] segValues;

        PairView(int processors) {
            this.processors = processors;
            this.offsets = new int[processors + 1];
        }

        int refresh(Channel[] bySource) {
            sources = bySource;
            int off = 0;
            for (int s = 0; s < processors; s++) {
                offsets[s] = off;
                off = InboxViews.add(off, bySource[s].pairCount);
            }
            offsets[processors] = off;
            size = off;
            segStart = 0;
            segEnd = 0;
            segKeys = null;
            segValues = null;
            return off;
        }

        private void seek(int index) {
            Objects.checkIndex(index, size);
            int s = InboxViews.sourceOf(offsets, processors, index);
            segStart = offsets[s];
            segEnd = offsets[s + 1];
            segKeys = sources[s].keys;
            segValues = sources[s].values;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public long key(int index) {
            if (index < segStart || index >= segEnd) {
                seek(index);
            }
            return segKeys[index - segStart];
        }

        @Override
        public double value(int index) {
            if (index < segStart || index >= segEnd) {
                seek(index);
            }
            return segValues[index - segStart];
        }

        @Override
        public int countFrom(int source) {
            Objects.checkIndex(source, processors);
            return offsets[source + 1] - offsets[source];
        }

        @Override
        public void forEach(PairConsumer action) {
            Objects.requireNonNull(action, "action must not be null");
            for (int s = 0; s < processors; s++) {
                Channel c = sources[s];
                long[] k = c.keys;
                double[] v = c.values;
                for (int i = 0, n = c.pairCount; i < n; i++) {
                    action.accept(k[i], v[i]);
                }
            }
        }

        @Override
        public String toString() {
            return "PairInbox[size=" + size + "]";
        }
    }
}
