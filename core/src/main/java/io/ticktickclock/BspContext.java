package io.ticktickclock;

import java.util.function.DoubleBinaryOperator;

/**
 * What one processor sees of a BSP run: its id, the processor count, the current superstep, its inboxes,
 * and the operations that send messages and end the superstep.
 *
 * <h2>Supersteps and delivery</h2>
 * A run starts in superstep 0. Every {@link #sync()} ends the current superstep on every processor: the
 * processor waits until all processors have called {@code sync()}, and then the messages sent to it during
 * the superstep that just ended are in its inboxes. Precisely: <em>the inboxes of superstep s + 1 hold
 * exactly the messages sent to this processor in superstep s</em>: none lost, none duplicated, ordered by
 * source processor and, for one source, in send order. The order does not depend on thread timing, so runs
 * are reproducible. Messages a processor sends to itself are delivered the same way.
 *
 * <h2>Three message lanes</h2>
 * <ul>
 *   <li>{@link #send(int, Object)} / {@link #inbox()}: objects of the program's message type {@code M},
 *       typically a record or a sealed interface of records, read with pattern matching. One word each in
 *       the statistics.
 *   <li>{@link #sendLong(int, long)} and {@link #sendLongs(int, long[], int, int)} /
 *       {@link #longInbox()}: 64-bit values; one word each. No allocation per message.
 *   <li>{@link #sendPair(int, long, double)} / {@link #pairInbox()}: a {@code long} key and a
 *       {@code double} value (a vertex id and a rank, say); two words each. No allocation per message.
 *       With {@link #combinePairs(DoubleBinaryOperator)} pairs with the same key and destination are
 *       combined at the sender before they cross the barrier.
 * </ul>
 * The lanes are independent; each has the delivery guarantee above.
 *
 * <h2>Collectives</h2>
 * The context also offers MPI's collective operations ({@link Collectives}): {@code allReduce},
 * {@code broadcast}, {@code gather}, {@code allToAllv} and more. Each ends the superstep like {@code sync()}.
 *
 * <h2>Thread safety and memory consistency</h2>
 * A context is confined to its processor's thread: calling it from another thread is not supported.
 * Everything a processor did before {@code sync()} <em>happens-before</em> everything any processor does
 * after returning from that {@code sync()}. Inboxes are live views, valid for the current superstep: after
 * the next {@code sync()} they show the next superstep's messages, so copy what must be kept.
 *
 * <h2>Distributed backends</h2>
 * A processor only ever touches its own state and the messages delivered to it; nothing is shared
 * through static or global state. The local runtime passes message objects by reference, so a sent
 * object must not be mutated afterwards (records are ideal). Where messages and states leave the JVM (the
 * cluster runtime, checkpoints) they are encoded: records (by component, rebuilt through their canonical
 * constructor), enums, primitives, strings, arrays, lists, sets, maps and {@code Optional}s of these, and
 * other {@link java.io.Serializable} types; the receiving side instantiates only JDK value types and the
 * job's own classes (docs/guide.md, section 16). The primitive lanes are always transportable.
 *
 * @param <M> the type of the object messages of the program
 */
public interface BspContext<M> extends Collectives {

    /** This processor's id, in {@code [0, processors())}. */
    int pid();

    /** The number of processors of the run. */
    int processors();

    /** The current superstep, from 0; increases by one at every {@link #sync()}. */
    int superstep();

    /** The name of the current superstep ({@code "superstep-N"} unless named). */
    String superstepName();

    /**
     * Names the current superstep in statistics and telemetry (superstep programs name their supersteps
     * themselves). The names of processor 0 are the ones reported.
     *
     * @throws NullPointerException if {@code name} is null
     */
    void nameSuperstep(String name);

    /**
     * Reports the value of a program-specific series in the current superstep (a residual, an error bound,
     * a load balance) to the runtime's observer: telemetry turns it into a
     * {@link io.ticktickclock.telemetry.BspEvent.SeriesReported} event, and the dashboard plots it per
     * superstep. A run-wide value is reported by one processor, by convention processor 0:
     *
     * <pre>{@code
     * double change = ctx.allReduce(localChange, ReduceOp.SUM);
     * if (ctx.pid() == 0) {
     *     ctx.report("l1-change", change);
     * }
     * }</pre>
     *
     * <p>Cheap: when no observer listens to the run (no telemetry handler was attached when it started), a
     * report is one check and allocates nothing; otherwise it costs one event, delivered on this thread
     * (report per superstep, not per message). Any value is accepted, NaN and infinities too.
     *
     * @param series the series' name, such as {@code "l1-change"}; the same name in every superstep
     * @throws NullPointerException if {@code series} is null
     * @throws IllegalArgumentException if {@code series} is blank
     */
    void report(String series, double value);

    /**
     * Sends {@code message} to processor {@code destination}; it is in that processor's {@link #inbox()}
     * in the next superstep.
     *
     * @throws IllegalArgumentException if {@code destination} is outside {@code [0, processors())}
     * @throws NullPointerException if {@code message} is null
     */
    void send(int destination, M message);

    /**
     * Sends a {@code long} to processor {@code destination}, delivered in its {@link #longInbox()}.
     *
     * @throws IllegalArgumentException if {@code destination} is outside {@code [0, processors())}
     */
    void sendLong(int destination, long value);

    /**
     * Sends {@code values[from..to)} to processor {@code destination}, as if by {@code sendLong} for each
     * element in order, with one bulk copy.
     *
     * @throws IllegalArgumentException if {@code destination} is outside {@code [0, processors())}
     * @throws IndexOutOfBoundsException if {@code from..to} is not a range of {@code values}
     */
    void sendLongs(int destination, long[] values, int from, int to);

    /**
     * Sends a (key, value) pair to processor {@code destination}, delivered in its {@link #pairInbox()}.
     * With a {@linkplain #combinePairs combiner} set, a pair whose key was already sent to the same
     * destination in this superstep is combined into that pair instead of being sent again.
     *
     * @throws IllegalArgumentException if {@code destination} is outside {@code [0, processors())}
     */
    void sendPair(int destination, long key, double value);

    /**
     * Combines the pairs this processor sends, from now on: in each superstep, all pairs sent to one
     * destination with one key become one pair whose value is the values folded with {@code combiner} in
     * send order, delivered at the position of the first of them. Use an associative operator such as
     * {@code Double::sum} or {@code Math::max}. {@code null} turns combining off. Combining is a sender-side
     * optimization: the statistics count the pairs that cross the barrier.
     *
     * <p>Call it in the first superstep or between supersteps; changing it in the middle of a superstep
     * applies to the pairs sent afterwards.
     */
    void combinePairs(DoubleBinaryOperator combiner);

    /** The object messages delivered to this processor in this superstep. A live view; see the class doc. */
    Inbox<M> inbox();

    /** The {@code long} messages delivered to this processor in this superstep. A live view. */
    LongInbox longInbox();

    /** The (key, value) pairs delivered to this processor in this superstep. A live view. */
    PairInbox pairInbox();

    /**
     * Ends the current superstep: waits until every processor has called {@code sync()}, then returns in
     * the next superstep with the messages sent in this one delivered.
     *
     * @throws BspAbortedError when the run is being stopped (another processor failed, a collective
     *     mismatched, or the caller was interrupted); let it propagate
     * @throws IllegalStateException if the run's superstep limit would be exceeded
     */
    void sync();

    /**
     * Ends the current superstep like {@link #sync()} and returns the global convergence decision: {@code true}
     * if and only if <em>every</em> processor passed {@code true} (a logical AND, reduced at the barrier), so
     * all processors get the same answer and can leave a loop in the same superstep.
     *
     * <pre>{@code
     * do {
     *     double change = relax(ctx, state);
     * } while (!ctx.sync(change < tolerance));
     * }</pre>
     */
    boolean sync(boolean converged);
}
