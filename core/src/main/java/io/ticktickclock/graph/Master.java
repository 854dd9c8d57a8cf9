package io.ticktickclock.graph;

/**
 * What the master step of a vertex program (Giraph's {@code MasterCompute}) sees and decides. The master
 * step runs once after every superstep, on processor 0, before any vertex computes the next superstep: it
 * reads the superstep's aggregated values and counts, and may halt the run, set the phase every vertex reads
 * next, change the aggregated values the vertices read next, or wake every vertex. Its decisions reach all
 * processors with one broadcast (one extra barrier per superstep, only in programs that have a master step).
 *
 * <p>Since it runs on one thread, one superstep after another, the master step may keep state in its own
 * fields between supersteps (then do not run one program object in two runs at once).
 */
public interface Master {

    /** The superstep that just ended. */
    int superstep();

    /** The number of vertices of the graph. */
    long graphVertexCount();

    /** The vertices that had not voted to halt at the end of the superstep. */
    long activeVertices();

    /** The messages sent in the superstep, before combining. */
    long messagesSent();

    /** The value of {@code aggregator} reduced over the superstep (or as set by {@link #setAggregated}). */
    double aggregated(Aggregator.OfDouble aggregator);

    /** The value of a {@code long} aggregator; see {@link #aggregated(Aggregator.OfDouble)}. */
    long aggregated(Aggregator.OfLong aggregator);

    /** Sets the value the vertices read from {@code aggregator} in the next superstep. */
    void setAggregated(Aggregator.OfDouble aggregator, double value);

    /** Sets the value the vertices read from a {@code long} aggregator in the next superstep. */
    void setAggregated(Aggregator.OfLong aggregator, long value);

    /** The current phase (0 until set). */
    int phase();

    /** Sets the phase the vertices read from the next superstep on. */
    void setPhase(int phase);

    /**
     * Wakes every halted vertex for the next superstep, so that the run goes on even if every vertex had
     * halted (to start a new phase, say).
     */
    void activateAllVertices();

    /** Ends the run after this superstep; messages in flight are dropped. */
    void haltRun();
}
