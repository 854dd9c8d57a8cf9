package io.ticktickclock.graph;

/**
 * A vertex with a {@code long} value and {@code long} messages (see {@link Vertex} for the rest). Values
 * live in an array and messages travel in the pair lane: nothing is allocated per message.
 */
public interface LongVertex extends Vertex {

    /** The vertex value. */
    long value();

    /** Sets the vertex value. */
    void setValue(long value);

    /**
     * Sends {@code message} along out-edge {@code edge}, to be read by its target in the next superstep. The
     * fast path: the target's owner and slot are known, and the message is combined at the sender if the
     * program has a combiner.
     *
     * @throws IndexOutOfBoundsException if {@code edge} is not in {@code [0, edgeCount())}
     * @throws IllegalStateException if called from the program's {@code init}
     */
    void sendAlong(int edge, long message);

    /** Sends {@code message} along every out-edge (once per edge: twice to a target of two edges). */
    void sendToAllNeighbors(long message);

    /**
     * Sends {@code message} to the vertex with id {@code target}, a neighbour or not. The owner resolves the
     * id when the message arrives (a binary search), and combines it there, not at the sender; prefer
     * {@link #sendAlong} for neighbours.
     *
     * @throws IllegalStateException if called from the program's {@code init}
     */
    void send(long target, long message);
}
