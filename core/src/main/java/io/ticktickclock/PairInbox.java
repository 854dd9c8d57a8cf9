package io.ticktickclock;

/**
 * The (key, value) pairs delivered to a processor in the current superstep, ordered by source processor,
 * then by send order (with combining: by the first send of each key). Read in place, no boxing;
 * sequential {@link #key(int)} / {@link #value(int)} are O(1) per call.
 *
 * <p>A live view owned by one processor: not thread-safe, and after the next {@link BspContext#sync()} it
 * shows the next superstep's messages.
 *
 * <pre>{@code
 * PairInbox in = ctx.pairInbox();
 * for (int i = 0; i < in.size(); i++) {
 *     sums[localIndex(in.key(i))] += in.value(i);
 * }
 * }</pre>
 */
public interface PairInbox {

    /** Receives one pair. */
    @FunctionalInterface
    interface PairConsumer {
        void accept(long key, double value);
    }

    /** The number of pairs. */
    int size();

    /** Whether there are no pairs. */
    default boolean isEmpty() {
        return size() == 0;
    }

    /**
     * The key of the pair at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    long key(int index);

    /**
     * The value of the pair at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    double value(int index);

    /** How many pairs came from processor {@code source}. */
    int countFrom(int source);

    /** Calls {@code action} for every pair in order. */
    void forEach(PairConsumer action);
}
