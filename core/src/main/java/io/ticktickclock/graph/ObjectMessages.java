package io.ticktickclock.graph;

/**
 * The object messages that arrived for one vertex in the current superstep: first those sent along edges,
 * then those sent by id, each group ordered by sending processor and then by send order. Object programs
 * have no combiner: every message arrives.
 *
 * <p>A reusable view, valid only during the {@code compute} call it was passed to.
 *
 * @param <M> the message type
 */
public interface ObjectMessages<M> {

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
    M get(int index);
}
