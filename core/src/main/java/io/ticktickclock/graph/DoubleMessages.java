package io.ticktickclock.graph;

/**
 * The {@code double} messages that arrived for one vertex in the current superstep: with a combiner at most
 * one (everything sent to the vertex, combined), without one all of them: first those sent along edges, then
 * those sent by id, each group ordered by sending processor and then by send order. Read in place: nothing
 * is allocated or boxed.
 *
 * <p>A reusable view, valid only during the {@code compute} call it was passed to.
 */
public interface DoubleMessages {

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
    double get(int index);

    /** The sum of the messages, added in order; 0 if there are none. */
    default double sum() {
        double sum = 0;
        for (int i = 0, n = size(); i < n; i++) {
            sum += get(i);
        }
        return sum;
    }

    /** The smallest message; {@code +∞} if there are none. */
    default double min() {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0, n = size(); i < n; i++) {
            min = Math.min(min, get(i));
        }
        return min;
    }

    /** The largest message; {@code -∞} if there are none. */
    default double max() {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0, n = size(); i < n; i++) {
            max = Math.max(max, get(i));
        }
        return max;
    }
}
