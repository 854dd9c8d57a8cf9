package io.ticktickclock.graph;

/**
 * A vertex with an object value and object messages (see {@link Vertex} for the rest): the convenience path
 * for values and messages that are not a single {@code double} or {@code long} (a record, a set). Values live
 * in an {@code Object[]}; a message travels in the runtime's object lane, in an envelope that names its
 * target (one allocation per message, so prefer {@link DoubleVertex} or {@link LongVertex} where a number will
 * do). The local runtime passes messages by reference: do not mutate a message after sending it (records are
 * ideal), and make values and messages {@link java.io.Serializable} for a cluster runtime.
 *
 * @param <T> the value type
 * @param <M> the message type
 */
public interface ObjectVertex<T, M> extends Vertex {

    /** The vertex value; {@code null} until set. */
    T value();

    /** Sets the vertex value. */
    void setValue(T value);

    /**
     * Sends {@code message} along out-edge {@code edge}, to be read by its target in the next superstep.
     *
     * @throws IndexOutOfBoundsException if {@code edge} is not in {@code [0, edgeCount())}
     * @throws IllegalStateException if called from the program's {@code init}
     */
    void sendAlong(int edge, M message);

    /** Sends {@code message} along every out-edge (once per edge: twice to a target of two edges). */
    void sendToAllNeighbors(M message);

    /**
     * Sends {@code message} to the vertex with id {@code target}, a neighbour or not; its owner resolves the
     * id when the message arrives (a binary search).
     *
     * @throws IllegalStateException if called from the program's {@code init}
     */
    void send(long target, M message);
}
