package io.ticktickclock.internal;

import io.ticktickclock.Inbox;
import io.ticktickclock.LongInbox;
import io.ticktickclock.PairInbox;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Read-only views of the channels addressed to one processor, one per lane, in source order. Only the
 * sources that ever sent to the processor have a channel ({@link Sources}), so a refresh costs O(those
 * sources), not O(p). Each view keeps the segment (source) of the last access, so a sequential scan with
 * {@code get(i)} costs O(1) per element and a random access O(log sources) (a binary search over the
 * per-source offsets).
 */
final class InboxViews {
    private InboxViews() {}

    private static final Comparator<Channel> BY_SOURCE = Comparator.comparingInt(c -> c.source);

    /**
     * The channels addressed to one processor in one parity, sorted by source: one per source that ever
     * sent to it in that parity. Confined to the destination's thread.
     */
    static final class Sources {
        Channel[] channels = Outbox.NO_CHANNELS;
        int count;

        /** Adds a stack of newly announced channels ({@link Outbox#takeAnnounced}), keeping source order. */
        void admit(Channel announced) {
            if (announced == null) {
                return;
            }
            int n = count;
            for (Channel c = announced; c != null; c = c.nextAnnounced) {
                n++;
            }
            Channel[] a = n <= channels.length ? channels : Arrays.copyOf(channels, Math.max(n, 2 * channels.length));
            int i = count;
            for (Channel c = announced; c != null; c = c.nextAnnounced) {
                a[i++] = c;
            }
            // The new ones sorted, the array is two sorted runs, which the second sort merges in O(n).
            Arrays.sort(a, count, n, BY_SOURCE);
            Arrays.sort(a, 0, n, BY_SOURCE);
            channels = a;
            count = n;
        }

        /** The index of {@code source}'s channel, or -1 if it never sent here. */
        int indexOf(int source) {
            int lo = 0;
            int hi = count - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int s = channels[mid].source;
                if (s < source) {
                    lo = mid + 1;
                } else if (s > source) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -1;
        }
    }

    /** The per-source offsets of one lane, and the segment of the last access. */
    abstract static class Segments {
        final int processors;
        /** offsets[k]: index of the first message of the k-th channel of {@code sources}; then the size. */
        int[] offsets = new int[1];
        Sources sources;
        /** The channels of {@code sources} at the last refresh, and how many. */
        Channel[] channels = Outbox.NO_CHANNELS;
        int count;
        int size;
        /** Index range [segStart, segEnd) of {@code segment}, the source of the last access. */
        int segStart;
        int segEnd;
        Channel segment;

        Segments(int processors) {
            this.processors = processors;
        }

        /** How many messages of this lane {@code c} holds. */
        abstract int count(Channel c);

        /** Points the view at the channels addressed to its processor; returns the message count. */
        final int refresh(Sources from) {
            sources = from;
            Channel[] cs = from.channels;
            int n = from.count;
            channels = cs;
            count = n;
            if (offsets.length < n + 1) {
                offsets = new int[Math.max(n + 1, 2 * offsets.length)];
            }
            int[] off = offsets;
            long total = 0;
            for (int k = 0; k < n; k++) {
                off[k] = (int) total;
                total += count(cs[k]);
            }
            if (total > Integer.MAX_VALUE) {
                throw new IllegalStateException("more than " + Integer.MAX_VALUE
                        + " messages of one kind were sent to one processor in one superstep");
            }
            off[n] = (int) total;
            size = (int) total;
            segStart = 0;
            segEnd = 0;
            segment = null;
            return size;
        }

        /** Makes the segment holding {@code index} current. */
        final void seek(int index) {
            Objects.checkIndex(index, size);
            int k = segmentOf(index);
            segStart = offsets[k];
            segEnd = offsets[k + 1];
            segment = channels[k];
        }

        /** Largest k with offsets[k] <= index; for index < size, that channel holds the index. */
        final int segmentOf(int index) {
            int[] off = offsets;
            int lo = 0;
            int hi = count - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (off[mid] <= index) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return lo;
        }

        final int sourceOfIndex(int index) {
            Objects.checkIndex(index, size);
            return channels[segmentOf(index)].source;
        }

        /** The channel of {@code source} (in range) at the last refresh, or null if it never sent here. */
        final Channel channelOf(int source) {
            int k = sources == null ? -1 : sources.indexOf(source);
            return k < 0 || k >= count ? null : channels[k];
        }

        public final int size() {
            return size;
        }

        public final int countFrom(int source) {
            Objects.checkIndex(source, processors);
            Channel c = channelOf(source);
            return c == null ? 0 : count(c);
        }
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

        int refresh(Sources from) {
            return segments.refresh(from);
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
            return segments.sourceOfIndex(index);
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
            for (int s = 0; s < count; s++) {
                Channel c = channels[s];
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
            for (int s = 0; s < count; s++) {
                Channel c = channels[s];
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
            Channel c = channelOf(source);
            int n = c == null ? 0 : c.longCount;
            if (offset < 0 || offset > destination.length - n) {
                throw new IndexOutOfBoundsException("the " + n + " longs from processor " + source
                        + " do not fit in destination[" + destination.length + "] at offset " + offset);
            }
            if (n != 0) {
                System.arraycopy(c.longs, 0, destination, offset, n);
            }
            return n;
        }

        @Override
        public long sum() {
            // Four independent accumulators: the adds pipeline instead of waiting on one another.
            long s0 = 0;
            long s1 = 0;
            long s2 = 0;
            long s3 = 0;
            for (int s = 0; s < count; s++) {
                Channel c = channels[s];
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
            for (int s = 0; s < count; s++) {
                Channel c = channels[s];
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
