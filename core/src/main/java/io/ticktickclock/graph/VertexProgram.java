package io.ticktickclock.graph;

import io.ticktickclock.BspContext;
import io.ticktickclock.ReduceOp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * A vertex-centric graph program (Pregel: Malewicz et al., "Pregel: a system for large-scale graph
 * processing", SIGMOD 2010): a function every vertex runs in every superstep, reading the messages sent
 * to it in the previous superstep, updating its value and sending messages along its edges.
 *
 * <pre>{@code
 * // Every vertex learns the largest id in its (weakly) connected component.
 * VertexProgram<LongVertex, LongMessages> maxId = VertexProgram.ofLongs("max-id")
 *     .init(v -> v.setValue(v.id()))
 *     .combiner(ReduceOp.MAX)
 *     .compute((v, messages) -> {
 *         if (v.superstep() == 0 || messages.max() > v.value()) {
 *             v.setValue(Math.max(v.value(), messages.max()));
 *             v.sendToAllNeighbors(v.value());
 *         }
 *         v.voteToHalt();
 *     })
 *     .build();
 * VertexResult r = PartitionedGraph.load(runtime, edges, VertexPartitioner.hash(), Direction.UNDIRECTED)
 *     .run(maxId);
 * }</pre>
 *
 * <h2>How it runs</h2>
 * <ol>
 *   <li>Every vertex gets its initial value from {@code init} (0 if none) and is active.
 *   <li>In each superstep, every active vertex and every vertex a message arrived for (which wakes it) runs
 *       {@code compute}, in ascending id order on each processor. Messages sent in superstep {@code s} are
 *       read in {@code s + 1}.
 *   <li>The superstep ends with one all-gather of each processor's active count, sent count and aggregator
 *       partial values; then the master step, if any, runs on processor 0 and its decisions are broadcast.
 *   <li>The run ends when every vertex has halted and no message is in flight, when the master step halts
 *       it, or after {@link Builder#maxSupersteps} supersteps ({@link VertexResult#halted()} is then false).
 * </ol>
 *
 * <h2>Values and messages</h2>
 * {@link #ofDoubles} and {@link #ofLongs} make programs whose vertex values and messages are {@code double}s
 * or {@code long}s: values live in an array, messages along edges travel through the runtime's pair lane
 * keyed by the target's local index, and nothing is allocated per message or per vertex. A combiner
 * ({@link Builder#combiner}) folds the messages to one target at the sender, before the barrier (in a
 * per-target array, as {@link BspContext#combinePairs} would in a hash table), and again at the receiver, so
 * {@code compute} sees at most one message; it must be associative, and commutative unless the order (by
 * sending processor, then send order) is what you want. Without a combiner every message is kept.
 *
 * <p>A program is immutable and may run many times, concurrently too (unless its master step keeps state;
 * see {@link Master}). Its functions run on the processors' threads: they must touch only the vertex they are
 * given, the values they capture immutably, and (the master step) processor 0's own state.
 *
 * <p>{@link #ofObjects} makes programs over object values and messages (records, say): the same contract,
 * slower, since every message is an object in the runtime's object lane, and without combiners.
 *
 * @param <V> the vertex view: {@link DoubleVertex}, {@link LongVertex} or {@link ObjectVertex}
 * @param <I> the messages view: {@link DoubleMessages}, {@link LongMessages} or {@link ObjectMessages}
 */
public final class VertexProgram<V extends Vertex, I> {

    /** Sets a vertex's initial value (before superstep 0; sending is not allowed here). */
    @FunctionalInterface
    public interface Init<V> {
        /**
         * Sets {@code vertex}'s initial value.
         *
         * @throws Exception to fail the run
         */
        void init(V vertex) throws Exception;
    }

    /** The per-vertex function. */
    @FunctionalInterface
    public interface Compute<V, I> {
        /**
         * Computes one vertex in one superstep.
         *
         * @param vertex the vertex (a reusable view)
         * @param messages the messages sent to it in the previous superstep (a reusable view)
         * @throws Exception to fail the run
         */
        void compute(V vertex, I messages) throws Exception;
    }

    /** The master step, run on processor 0 after every superstep. */
    @FunctionalInterface
    public interface MasterStep {
        /**
         * Reads the superstep's aggregates and decides.
         *
         * @throws Exception to fail the run
         */
        void compute(Master master) throws Exception;
    }

    enum Kind { DOUBLE, LONG, OBJECT }

    private final String name;
    final Kind kind;
    final Init<V> init;
    final Compute<V, I> compute;
    /** The combiner on the pair lane's doubles (for longs: on their raw bits), or null. */
    final DoubleBinaryOperator combiner;
    /** The combiner as declared, or null. */
    final ReduceOp combinerOp;
    final List<Aggregator> aggregators;
    final MasterStep master;
    final int maxSupersteps;
    /** Identifies this program's aggregators. */
    final Object token;

    private VertexProgram(Builder<V, I> b) {
        this.name = b.name;
        this.token = b.token;
        this.kind = b.kind;
        this.init = b.init;
        this.compute = b.compute;
        this.combinerOp = b.combinerOp;
        this.combiner = b.combinerOp == null ? null : b.kind == Kind.DOUBLE
                ? Ops.doubles("combiner", b.combinerOp) : onBits(Ops.longs("combiner", b.combinerOp));
        this.aggregators = List.copyOf(b.aggregators);
        this.master = b.master;
        this.maxSupersteps = b.maxSupersteps;
    }

    private static DoubleBinaryOperator onBits(LongBinaryOperator op) {
        return (x, y) -> Double.longBitsToDouble(
                op.applyAsLong(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(y)));
    }

    /**
     * Starts a program whose vertex values and messages are {@code double}s.
     *
     * @param name the program's name, shown in statistics and telemetry
     */
    public static Builder<DoubleVertex, DoubleMessages> ofDoubles(String name) {
        return new Builder<>(Objects.requireNonNull(name, "name must not be null"), Kind.DOUBLE);
    }

    /**
     * Starts a program whose vertex values and messages are {@code long}s.
     *
     * @param name the program's name, shown in statistics and telemetry
     */
    public static Builder<LongVertex, LongMessages> ofLongs(String name) {
        return new Builder<>(Objects.requireNonNull(name, "name must not be null"), Kind.LONG);
    }

    /**
     * Starts a program whose vertex values and messages are objects: the convenience path for values that
     * are not one number (records, collections), at the cost of an allocation per message (see
     * {@link ObjectVertex}). Object programs take no combiner.
     *
     * <pre>{@code
     * record Offer(double distance, long from) {}
     * VertexProgram<ObjectVertex<Offer, Offer>, ObjectMessages<Offer>> route =
     *     VertexProgram.<Offer, Offer>ofObjects("route").compute((v, offers) -> ...).build();
     * }</pre>
     *
     * @param name the program's name, shown in statistics and telemetry
     * @param <T> the value type
     * @param <M> the message type
     */
    public static <T, M> Builder<ObjectVertex<T, M>, ObjectMessages<M>> ofObjects(String name) {
        return new Builder<>(Objects.requireNonNull(name, "name must not be null"), Kind.OBJECT);
    }

    /** The program's name. */
    public String name() {
        return name;
    }

    /** The aggregators, in the order they were declared. */
    public List<Aggregator> aggregators() {
        return aggregators;
    }

    /** The most supersteps a run executes. */
    public int maxSupersteps() {
        return maxSupersteps;
    }

    /**
     * Runs the program on this processor's partition, inside an SPMD program: every processor of the run
     * calls it at the same point, with its own partition of one graph. This is what
     * {@link PartitionedGraph#run} does; call it yourself to load and compute in one run or to chain programs.
     * It uses the pair and long lanes (an object program: the object lane) and collectives: do not send on
     * them in the superstep in which you call it. It turns the pair lane's combiner off ({@code combinePairs(null)}).
     *
     * @return this processor's vertices and their values, and the run's outcome
     * @throws IllegalArgumentException if the partition is not this processor's or was loaded for another
     *     processor count
     * @throws Exception what the program's functions throw
     */
    public VertexResult run(BspContext<?> ctx, GraphPartition partition) throws Exception {
        Objects.requireNonNull(ctx, "ctx must not be null");
        Objects.requireNonNull(partition, "partition must not be null");
        if (partition.pid() != ctx.pid() || partition.processors() != ctx.processors()) {
            throw new IllegalArgumentException("partition must be processor " + ctx.pid() + " of "
                    + ctx.processors() + "'s, got processor " + partition.pid() + " of " + partition.processors()
                    + "'s");
        }
        return new VertexEngine<>(ctx, partition, this).run();
    }

    @Override
    public String toString() {
        return "VertexProgram[" + name + ", " + kind.name().toLowerCase(java.util.Locale.ROOT)
                + (combinerOp == null ? "" : ", combiner=" + combinerOp.name())
                + (aggregators.isEmpty() ? "" : ", aggregators=" + aggregators.stream().map(Aggregator::name).toList())
                + (master == null ? "" : ", master") + "]";
    }

    /**
     * Builds a {@link VertexProgram}; not thread-safe.
     *
     * @param <V> the vertex view
     * @param <I> the messages view
     */
    public static final class Builder<V extends Vertex, I> {
        private final String name;
        private final Kind kind;
        private final Object token = new Object();
        private Init<V> init = v -> {};
        private Compute<V, I> compute;
        private ReduceOp combinerOp;
        private final List<Aggregator> aggregators = new ArrayList<>();
        private final Set<String> aggregatorNames = new HashSet<>();
        private MasterStep master;
        private int maxSupersteps = Integer.MAX_VALUE;

        private Builder(String name, Kind kind) {
            this.name = name;
            this.kind = kind;
        }

        /** Sets each vertex's initial value; by default it is 0 ({@code null} for an object program). */
        public Builder<V, I> init(Init<V> init) {
            this.init = Objects.requireNonNull(init, "init must not be null");
            return this;
        }

        /** The function every vertex runs in every superstep. Required. */
        public Builder<V, I> compute(Compute<V, I> compute) {
            this.compute = Objects.requireNonNull(compute, "compute must not be null");
            return this;
        }

        /**
         * Combines the messages to one vertex, at the sender and again at the receiver, so {@code compute} sees
         * at most one: {@link ReduceOp#SUM}, {@link ReduceOp#MIN}, {@link ReduceOp#MAX},
         * {@link ReduceOp#PRODUCT}, or a custom {@link ReduceOp.OfDouble} (double programs) or
         * {@link ReduceOp.OfLong} (long programs) with an identity.
         *
         * @throws IllegalArgumentException for any other operation
         * @throws IllegalStateException for an object program, which takes no combiner
         */
        public Builder<V, I> combiner(ReduceOp op) {
            Objects.requireNonNull(op, "op must not be null");
            if (kind == Kind.OBJECT) {
                throw new IllegalStateException("vertex program '" + name + "' has object messages: they take no "
                        + "combiner (fold them in compute, or use ofDoubles or ofLongs)");
            }
            if (kind == Kind.DOUBLE) {
                Ops.doubles("combiner", op);
            } else {
                Ops.longs("combiner", op);
            }
            this.combinerOp = op;
            return this;
        }

        /**
         * Declares a {@code double} aggregator.
         *
         * @param name unique within the program
         * @param op SUM, PRODUCT, MIN, MAX, or a custom {@link ReduceOp.OfDouble} with an identity
         * @return the handle vertices and the master step use
         * @throws IllegalArgumentException if the name is taken or the operation is not one of those
         */
        public Aggregator.OfDouble doubleAggregator(String name, ReduceOp op) {
            Aggregator.OfDouble a = new Aggregator.OfDouble(token, aggregators.size(), checkName(name),
                    Objects.requireNonNull(op, "op must not be null"));
            aggregators.add(a);
            aggregatorNames.add(name);
            return a;
        }

        /**
         * Declares a {@code long} aggregator.
         *
         * @param name unique within the program
         * @param op SUM, PRODUCT, MIN, MAX, or a custom {@link ReduceOp.OfLong} with an identity
         * @return the handle vertices and the master step use
         * @throws IllegalArgumentException if the name is taken or the operation is not one of those
         */
        public Aggregator.OfLong longAggregator(String name, ReduceOp op) {
            Aggregator.OfLong a = new Aggregator.OfLong(token, aggregators.size(), checkName(name),
                    Objects.requireNonNull(op, "op must not be null"));
            aggregators.add(a);
            aggregatorNames.add(name);
            return a;
        }

        private String checkName(String name) {
            Objects.requireNonNull(name, "name must not be null");
            if (aggregatorNames.contains(name)) {
                throw new IllegalArgumentException("program '" + this.name + "' already has an aggregator named '"
                        + name + "'");
            }
            return name;
        }

        /** The master step, run on processor 0 after every superstep; none by default. */
        public Builder<V, I> master(MasterStep master) {
            this.master = Objects.requireNonNull(master, "master must not be null");
            return this;
        }

        /**
         * Stops the run after this many supersteps even if vertices are still active; by default no limit
         * other than the runtime's ({@link io.ticktickclock.BspRuntime.Builder#maxSupersteps}, which counts
         * the load's supersteps too, one per vertex superstep and one more per master step, and fails a run
         * that exceeds it).
         *
         * @throws IllegalArgumentException if {@code maxSupersteps < 1}
         */
        public Builder<V, I> maxSupersteps(int maxSupersteps) {
            if (maxSupersteps < 1) {
                throw new IllegalArgumentException("maxSupersteps must be >= 1, got " + maxSupersteps);
            }
            this.maxSupersteps = maxSupersteps;
            return this;
        }

        /**
         * Builds the program.
         *
         * @throws IllegalStateException if no compute function was given
         */
        public VertexProgram<V, I> build() {
            if (compute == null) {
                throw new IllegalStateException("vertex program '" + name + "' has no compute function: call compute(...)");
            }
            return new VertexProgram<>(this);
        }
    }
}
