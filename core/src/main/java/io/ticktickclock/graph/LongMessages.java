package io.ticktickclock.graph;

/**
 * The {@code long} messages that arrived for one vertex in the current superstep: with a combiner at most
 * one, without one all of them: first those sent along edges, then those sent by id, each group ordered by
 * sending processor and then by send order. Read in place.
 *
 * <p>A reusable view, valid only during the {@code compute} call it was passed to.
 */
public interface LongMessages {

    /** The number of messages. */
    int size();

    /** Whether no message arrived. */
    default boolean isEmpty() {
        return size() == 0;
    }

    /**
     * The message at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    long get(int index);

    /** The wrapping sum of the messages; 0 if there are none. */
    default long sum() {
        long sum = 0;
        for (int i = 0, n = size(); i < n; i++) {
            sum += get(i);
        }
        return sum;
    }

    /** The smallest message; {@link Long#MAX_VALUE} if there are none. */
    default long min() {
        long min = Long.MAX_VALUE;
        for (int i = 0, n = size(); i < n; i++) {
            min = Math.min(min, get(i));
        }
        return min;
    }

    /** The largest message; {@link Long#MIN_VALUE} if there are none. */
    default long max() {
        long max = Long.MIN_VALUE;
        for (int i = 0, n = size(); i < n; i++) {
            max = Math.max(max, get(i));
        }
        return max;
    }
}
