package io.ticktickclock.internal;

import io.ticktickclock.Inbox;
import io.ticktickclock.LongInbox;
import io.ticktickclock.PairInbox;
import java.util.AbstractList;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Read-only views of the channels addressed to one processor, one per lane, in source order. Each view
 * keeps the segment (source) of the last access, so a sequential scan with {@code get(i)} costs O(1) per
 * element and a random access O(log p) (a binary search over the per-source offsets).
 */
final class InboxViews {
    private InboxViews() {}

    /** The per-source offsets of one lane, and the segment of the last access. */
    abstract static class Segments {
        final int processors;
        final int[] offsets;
        Channel[] sources;
        int size;
        /** Index range [segStart, segEnd) of {@code segment}, the source of the last access. */
        int segStart;
        int segEnd;
        Channel segment;

        Segments(int processors) {
            this.processors = processors;
            this.offsets = new int[processors + 1];
        }

        /** How many messages of this lane {@code c} holds. */
        abstract int count(Channel c);

        /** Points the view at the channels addressed to its processor; returns the message count. */
        final int refresh(Channel[] bySource) {
            sources = bySource;
            long off = 0;
            for (int s = 0; s < processors; s++) {
                offsets[s] = (int) off;
                off += count(bySource[s]);
            }
            if (off > Integer.MAX_VALUE) {
                throw new IllegalStateException("more than " + Integer.MAX_VALUE
                        + " messages of one kind were sent to one processor in one superstep");
            }
            offsets[processors] = (int) off;
            size = (int) off;
            segStart = 0;
            segEnd = 0;
            segment = null;
            return size;
        }

        /** Makes the segment holding {@code index} current. */
        final void seek(int index) {
            Objects.checkIndex(index, size);
            int s = sourceOf(offsets, processors, index);
            segStart = offsets[s];
            segEnd = offsets[s + 1];
            segment = sources[s];
        }

        public final int size() {
            return size;
        }

        public final int countFrom(int source) {
            Objects.checkIndex(source, processors);
            return offsets[source + 1] - offsets[source];
        }
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
        private final Segments segments;

        ObjectView(int processors) {
            segments = new Segments(processors) {
                @Override
                int count(Channel c) {
                    return c.objectCount;
                }
            };
        }

        int refresh(Channel[] bySource) {
            return segments.refresh(bySource);
        }

        @Override
        public int size() {
            return segments.size;
        }

        @Override
        @SuppressWarnings("unchecked")
        public M get(int index) {
            Segments g = segments;
            if (index < g.segStart || index >= g.segEnd) {
                g.seek(index);
            }
            return (M) g.segment.objects[index - g.segStart];
        }

        @Override
        public int sourceOf(int index) {
            Objects.checkIndex(index, segments.size);
            return InboxViews.sourceOf(segments.offsets, segments.processors, index);
        }

        @Override
        public int countFrom(int source) {
            return segments.countFrom(source);
        }
    }

    /** {@code long} lane. */
    static final class LongView extends Segments implements LongInbox {

        LongView(int processors) {
            super(processors);
        }

        @Override
        int count(Channel c) {
            return c.longCount;
        }

        @Override
        public long get(int index) {
            if (index < segStart || index >= segEnd) {
                seek(index);
            }
            return segment.longs[index - segStart];
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
        public int copyFrom(int source, long[] destination, int offset) {
            if (source < 0 || source >= processors) {
                throw new IndexOutOfBoundsException("source must be in [0, " + processors + "), got " + source);
            }
            Objects.requireNonNull(destination, "destination must not be null");
            Channel c = sources[source];
            int count = c.longCount;
            if (offset < 0 || offset > destination.length - count) {
                throw new IndexOutOfBoundsException("the " + count + " longs from processor " + source
                        + " do not fit in destination[" + destination.length + "] at offset " + offset);
            }
            System.arraycopy(c.longs, 0, destination, offset, count);
            return count;
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
    static final class PairView extends Segments implements PairInbox {

        PairView(int processors) {
            super(processors);
        }

        @Override
        int count(Channel c) {
            return c.pairCount;
        }

        @Override
        public long key(int index) {
            if (index < segStart || index >= segEnd) {
                seek(index);
            }
            return segment.keys[index - segStart];
        }

        @Override
        public double value(int index) {
            if (index < segStart || index >= segEnd) {
                seek(index);
            }
            return segment.values[index - segStart];
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
