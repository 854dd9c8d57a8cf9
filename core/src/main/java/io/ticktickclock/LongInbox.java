package io.ticktickclock;

import java.util.function.LongConsumer;

/**
 * The {@code long} messages delivered to a processor in the current superstep, ordered by source processor,
 * then by send order. Messages are read in place from the senders' buffers: nothing is copied or boxed.
 * {@link #forEach} is the fastest way to read them; sequential {@link #get(int)} is O(1) per call.
 *
 * <p>A live view owned by one processor: not thread-safe, and after the next {@link BspContext#sync()} it
 * shows the next superstep's messages.
 */
public interface LongInbox {

    /** The number of messages. */
    int size();

    /** Whether there are no messages. */
    default boolean isEmpty() {
        return size() == 0;
    }

    /**
     * The message at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    long get(int index);

    /** How many messages came from processor {@code source}. */
    int countFrom(int source);

    /** Calls {@code action} for every message in order. */
    void forEach(LongConsumer action);

    /**
     * Copies all messages in order into {@code destination} from {@code offset}.
     *
     * @return the number of messages copied
     * @throws IndexOutOfBoundsException if they do not fit
     */
    int copyTo(long[] destination, int offset);

    /**
     * Copies the messages from processor {@code source}, in send order, into {@code destination} from
     * {@code offset}: one bulk copy, for a receiver that places each sender's block itself (an all-gather
     * into a vector, say).
     *
     * <pre>{@code
     * // every processor sent its block of a vector to the others; put each block where it belongs
     * for (int q = 0; q < ctx.processors(); q++) {
     *     if (q != ctx.pid()) {
     *         ctx.longInbox().copyFrom(q, vector, blockStart(q));
     *     }
     * }
     * }</pre>
     *
     * @return the number of messages copied ({@link #countFrom(int) countFrom(source)})
     * @throws IndexOutOfBoundsException if {@code source} is not a processor, or the messages do not fit
     * @throws NullPointerException if {@code destination} is null
     */
    int copyFrom(int source, long[] destination, int offset);

    /** A new array with all messages in order. */
    default long[] toArray() {
        long[] all = new long[size()];
        copyTo(all, 0);
        return all;
    }

    /** The wrapping sum of all messages. */
    long sum();
}
