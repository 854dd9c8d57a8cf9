package io.ticktickclock.graph;

/**
 * What a vertex program sees of the vertex it computes: its id, its out-edges, the superstep, the phase,
 * the aggregators, and {@link #voteToHalt()}. {@link DoubleVertex} and {@link LongVertex} add the value and
 * the sends of their type.
 *
 * <p>The engine hands the program one reusable view, moved from vertex to vertex: use it only during the
 * {@code compute} call it was passed to, on that call's thread. Edge indices run from {@code 0} to
 * {@code edgeCount() - 1}, in input order.
 */
public interface Vertex {

    /** The vertex id. */
    long id();

    /** The current superstep, from 0. */
    int superstep();

    /** The phase the master step set (0 until it sets one); the same for every vertex in a superstep. */
    int phase();

    /** The number of vertices of the whole graph. */
    long graphVertexCount();

    /** The number of out-edges (for an undirected load: out- and in-edges). */
    int edgeCount();

    /**
     * The target id of out-edge {@code edge}.
     *
     * @throws IndexOutOfBoundsException if {@code edge} is not in {@code [0, edgeCount())}
     */
    long edgeTarget(int edge);

    /**
     * The weight of out-edge {@code edge}; 1 in an unweighted graph.
     *
     * @throws IndexOutOfBoundsException if {@code edge} is not in {@code [0, edgeCount())}
     */
    double edgeWeight(int edge);

    /**
     * Halts this vertex: it is not computed in later supersteps until a message arrives for it, which wakes
     * it. The run ends when every vertex has halted and no message is in flight.
     */
    void voteToHalt();

    /**
     * The value of {@code aggregator} reduced over the previous superstep (as the master step left it);
     * the aggregator's identity in superstep 0.
     *
     * @throws IllegalArgumentException if the aggregator belongs to another program
     */
    double aggregated(Aggregator.OfDouble aggregator);

    /** The value of a {@code long} aggregator; see {@link #aggregated(Aggregator.OfDouble)}. */
    long aggregated(Aggregator.OfLong aggregator);

    /**
     * Contributes {@code value} to {@code aggregator} in this superstep; every vertex reads the reduced value
     * in the next one.
     *
     * @throws IllegalArgumentException if the aggregator belongs to another program
     */
    void aggregate(Aggregator.OfDouble aggregator, double value);

    /** Contributes to a {@code long} aggregator; see {@link #aggregate(Aggregator.OfDouble, double)}. */
    void aggregate(Aggregator.OfLong aggregator, long value);
}
