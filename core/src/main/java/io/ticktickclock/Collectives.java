package io.ticktickclock;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Blocking collective operations with MPI semantics, called from SPMD code on the {@link BspContext}.
 *
 * <h2>Rules (MPI's)</h2>
 * <ul>
 *   <li><b>Every processor calls the same collectives in the same order</b>, with the same root and, where
 *       one is required, the same element count and operation. A mismatch (a different collective, root,
 *       length, operation or value type, or a collective on some processors and {@code sync()} on others)
 *       is detected at the barrier and fails the run with a {@link BspException} that names the processors
 *       and what each called; it never hangs.
 *   <li><b>A collective ends the current superstep</b>, like {@link BspContext#sync()}: messages sent before
 *       it are delivered when it returns, and it counts in the statistics like any superstep (named after the
 *       collective and its algorithm, e.g. {@code "allReduce[direct]"}, unless the superstep was named). A
 *       collective that takes several supersteps delivers at its first barrier and keeps that inbox in place
 *       through its inner ones, so the rule holds for every collective and every algorithm.
 *   <li><b>Order</b>: results indexed by processor ({@code gather}, {@code allGather}, {@code allToAll}) are in
 *       processor order; concatenations ({@code *v}) are in processor order, each contribution in its own
 *       order. Reductions are applied in processor order, so non-commutative operations are correct and
 *       floating-point results are bit-identical on every processor and reproducible for a given {@code p}.
 *   <li><b>Arguments</b> are checked on the calling processor: a root outside {@code [0, p)}, a wrong
 *       number of chunks or entries or an operation of the wrong type fail there with
 *       {@link IllegalArgumentException}, a null operation or array with {@link NullPointerException} (the
 *       package's rule), each naming the argument and the value.
 *   <li><b>Ownership</b>: the containers a collective takes (the lists of {@code scatter}, {@code allToAll}
 *       and the {@code *v} forms, the {@code long[]} and {@code long[][]} arguments, the arrays of the
 *       element-wise reductions) are copied or read before the call returns, so the caller may reuse them at
 *       once, and the lists and primitive arrays it returns are new. Values of type {@code T} (including
 *       arrays passed as {@code T}, e.g. {@code broadcast(0, pivots)}) are shared by reference, like
 *       messages: every processor gets the same object, so treat it as immutable (copy before changing it).
 * </ul>
 *
 * <h2>Cost on the local runtime</h2>
 * Unless said otherwise a collective takes <b>one superstep</b> (one barrier, {@code l}) with a direct
 * exchange: every processor contributes to a per-processor slot before the barrier and reads the slots it
 * needs after it. The h-relation of each call, in words (one per primitive, one per object reference), is
 * given in each method's documentation and counted in {@link ProcessorStats}.
 *
 * <h2>Posting, for superstep programs</h2>
 * In a {@link BspProgram} the supersteps end by themselves, so a collective is split in two: its
 * {@code post…} method contributes during the communicate step, and its {@code …Result} method reads the
 * result in the next superstep's compute step (as the messages of that superstep are read from the inbox).
 * No message tags are needed, and the rules above apply unchanged: every processor posts the same
 * collective in the same superstep (or calls its blocking form there). At most one collective is posted
 * per superstep; reading a result that the previous superstep did not post fails with
 * {@link IllegalStateException}.
 *
 * <pre>{@code
 * .superstep("choose-pivots", step -> step
 *     .communicate((ctx, s) -> ctx.postBroadcast(0, ctx.pid() == 0 ? s.pivots() : null)))
 * .superstep("partition", step -> step
 *     .compute((ctx, s) -> s.partitionBy(ctx.<long[]>broadcastResult()))
 *     .communicate((ctx, s) -> ctx.postAllToAllv(s.buckets())))
 * .superstep("merge", step -> step
 *     .compute((ctx, s) -> s.withData(ctx.allToAllvResult())))
 * }</pre>
 *
 * <pre>{@code
 * double total = ctx.allReduce(localSum, ReduceOp.SUM);          // same bits on every processor
 * long[] pivots = ctx.broadcast(0, ctx.pid() == 0 ? choosePivots(samples) : null);
 * List<long[]> all = ctx.allGather(mySamples);
 * long[] myBucket = ctx.allToAllv(bucketsByDestination);          // variable-size all-to-all
 * }</pre>
 */
public interface Collectives {

    /**
     * A barrier ({@code MPI_Barrier}): ends the superstep, like {@code sync()}, but checked as a collective.
     * Cost: one superstep, {@code h = 0}.
     */
    void barrier();

    /**
     * Broadcast ({@code MPI_Bcast}): every processor gets the root's {@code value}; other processors' values
     * are ignored (pass null). Cost: one superstep; {@code h = p - 1} words at the root.
     *
     * @throws IllegalArgumentException if {@code root} is outside {@code [0, p)}
     */
    <T> T broadcast(int root, T value);

    /**
     * Scatter ({@code MPI_Scatter}): processor {@code i} gets {@code chunks.get(i)} of the root's list, which
     * must have exactly {@code p} entries; other processors' lists are ignored (pass null). Cost: one
     * superstep; {@code h = p - 1} words at the root.
     *
     * @throws IllegalArgumentException at the root if {@code chunks} does not have {@code p} entries
     */
    <T> T scatter(int root, List<? extends T> chunks);

    /**
     * Gather ({@code MPI_Gather}): the root gets every processor's value in processor order; the others get
     * an empty list. Cost: one superstep; {@code h = p - 1} words at the root.
     */
    <T> List<T> gather(int root, T value);

    /**
     * All-gather ({@code MPI_Allgather}): everyone gets every processor's value in processor order. Cost: one
     * superstep; {@code h = p - 1} words.
     */
    <T> List<T> allGather(T value);

    /**
     * All-to-all ({@code MPI_Alltoall}): processor {@code i} sends {@code byDestination.get(j)} to processor
     * {@code j} and gets, at index {@code j} of the result, what processor {@code j} sent to it.
     * Cost: one superstep; {@code h = p - 1} words.
     *
     * @throws IllegalArgumentException if {@code byDestination} does not have {@code p} entries
     */
    <T> List<T> allToAll(List<? extends T> byDestination);

    /**
     * Variable-size gather ({@code MPI_Gatherv}): the root gets the concatenation, in processor order, of
     * every processor's list; the others get an empty list. Cost: one superstep; {@code h} = the total size.
     */
    <T> List<T> gatherv(int root, List<? extends T> values);

    /**
     * Variable-size all-gather ({@code MPI_Allgatherv}): everyone gets the concatenation of every processor's
     * list, in processor order. Cost: one superstep; {@code h} = the total size.
     */
    <T> List<T> allGatherv(List<? extends T> values);

    /**
     * Variable-size all-to-all of {@code long}s ({@code MPI_Alltoallv}): {@code byDestination[j]} goes to
     * processor {@code j}; the result is the concatenation of what every processor sent here, in processor
     * order. The workhorse of sample sort. Cost: one superstep; {@code h} = the most longs any processor
     * sends or receives.
     *
     * @throws IllegalArgumentException if {@code byDestination} does not have {@code p} entries
     */
    long[] allToAllv(long[][] byDestination);

    /**
     * Variable-size all-to-all of objects ({@code MPI_Alltoallv}): like {@link #allToAllv(long[][])}.
     *
     * @throws IllegalArgumentException if {@code byDestination} does not have {@code p} entries
     */
    <T> List<T> allToAllv(List<? extends List<? extends T>> byDestination);

    /**
     * Variable-size all-gather of {@code long}s: everyone gets the concatenation of every processor's array,
     * in processor order. Cost: one superstep; {@code h} = the total length.
     */
    long[] allGatherv(long[] values);

    /**
     * All-reduce ({@code MPI_Allreduce}) of one {@code double}, in processor order; every processor gets the
     * same bits. Accepts the {@link ReduceOp.Builtin} operations and {@link ReduceOp.OfDouble}.
     * Cost: one superstep; {@code h = p - 1} words.
     *
     * @throws IllegalArgumentException if {@code op} is not an operation on doubles
     */
    double allReduce(double value, ReduceOp op);

    /**
     * All-reduce of one {@code long}: the {@link ReduceOp.Builtin} operations except {@code AVG}, and
     * {@link ReduceOp.OfLong}. Sums and products wrap on overflow. Cost as for doubles.
     */
    long allReduce(long value, ReduceOp op);

    /** All-reduce of objects with a custom operation, applied in processor order. Cost as for doubles. */
    <T> T allReduce(T value, ReduceOp.OfObject<T> op);

    /**
     * Element-wise all-reduce of {@code double[]} arrays, which must all have the same length. Small arrays
     * use a direct exchange (one superstep, {@code h = (p - 1)·n}); large ones a reduce-scatter followed by an
     * all-gather (three supersteps, the last one empty, {@code h ≈ 2n}, each processor reducing one block),
     * chosen when
     * {@code n·(p - 1)} exceeds 8192 elements; the superstep name shows which.
     *
     * @throws BspException (run failure) if the lengths differ between processors
     */
    double[] allReduce(double[] values, ReduceOp op);

    /**
     * Element-wise all-reduce into {@code values} itself ({@code MPI_IN_PLACE}): the same result as
     * {@link #allReduce(double[], ReduceOp)} without allocating a result array.
     */
    void allReduceInPlace(double[] values, ReduceOp op);

    /** Element-wise all-reduce of {@code long[]} arrays; see {@link #allReduce(double[], ReduceOp)}. */
    long[] allReduce(long[] values, ReduceOp op);

    /** Element-wise all-reduce of {@code long[]} arrays into {@code values} itself ({@code MPI_IN_PLACE}). */
    void allReduceInPlace(long[] values, ReduceOp op);

    /** Element-wise all-reduce of {@code int[]} arrays; see {@link #allReduce(double[], ReduceOp)}. */
    int[] allReduce(int[] values, ReduceOp op);

    /**
     * Reduce ({@code MPI_Reduce}) to the root: present at the root, empty elsewhere. Cost: one superstep;
     * {@code h = p - 1} words at the root.
     */
    OptionalDouble reduce(int root, double value, ReduceOp op);

    /** Reduce of {@code long}s to the root; see {@link #reduce(int, double, ReduceOp)}. */
    OptionalLong reduce(int root, long value, ReduceOp op);

    /** Reduce of objects to the root; see {@link #reduce(int, double, ReduceOp)}. */
    <T> Optional<T> reduce(int root, T value, ReduceOp.OfObject<T> op);

    /**
     * Inclusive prefix reduction ({@code MPI_Scan}): processor {@code i} gets {@code v0 op … op vi}.
     * Cost: one superstep; {@code h = p - 1} words.
     */
    double scan(double value, ReduceOp op);

    /** Inclusive prefix reduction of {@code long}s. */
    long scan(long value, ReduceOp op);

    /** Inclusive prefix reduction of objects. */
    <T> T scan(T value, ReduceOp.OfObject<T> op);

    /**
     * Exclusive prefix reduction ({@code MPI_Exscan}): processor {@code i} gets {@code v0 op … op v(i-1)}, and
     * processor 0 the operation's identity (for {@code AVG} the mean of nothing, {@code NaN}).
     *
     * @throws IllegalArgumentException if the operation has no identity (a custom operation declared
     *     without one)
     */
    double exscan(double value, ReduceOp op);

    /** Exclusive prefix reduction of {@code long}s; see {@link #exscan(double, ReduceOp)}. */
    long exscan(long value, ReduceOp op);

    /** Exclusive prefix reduction of objects; see {@link #exscan(double, ReduceOp)}. */
    <T> T exscan(T value, ReduceOp.OfObject<T> op);

    /**
     * Reduce-scatter ({@code MPI_Reduce_scatter_block}): reduces the arrays (all of length {@code n})
     * element-wise and gives processor {@code i} block {@code i} of the result, elements
     * {@code [i·n/p, (i+1)·n/p)}. Cost: one superstep; {@code h ≈ n}.
     */
    double[] reduceScatter(double[] values, ReduceOp op);

    /** Reduce-scatter of {@code long[]} arrays; see {@link #reduceScatter(double[], ReduceOp)}. */
    long[] reduceScatter(long[] values, ReduceOp op);

    // ---- posting (superstep programs) ----------------------------------------------------------------------

    /** Posts a {@link #broadcast}; read it with {@link #broadcastResult()} in the next superstep. */
    <T> void postBroadcast(int root, T value);

    /** The root's value posted by {@link #postBroadcast} in the previous superstep. */
    <T> T broadcastResult();

    /** Posts a {@link #scatter}; read it with {@link #scatterResult()} in the next superstep. */
    <T> void postScatter(int root, List<? extends T> chunks);

    /** This processor's chunk of the scatter posted in the previous superstep. */
    <T> T scatterResult();

    /** Posts a {@link #gather}; read it with {@link #gatherResult()} in the next superstep. */
    <T> void postGather(int root, T value);

    /** At the root, the values gathered in the previous superstep, in processor order; elsewhere empty. */
    <T> List<T> gatherResult();

    /** Posts an {@link #allGather}; read it with {@link #allGatherResult()} in the next superstep. */
    <T> void postAllGather(T value);

    /** Every processor's value posted in the previous superstep, in processor order. */
    <T> List<T> allGatherResult();

    /** Posts an {@link #allToAll}; read it with {@link #allToAllResult()} in the next superstep. */
    <T> void postAllToAll(List<? extends T> byDestination);

    /** What every processor posted for this one in the previous superstep, indexed by source. */
    <T> List<T> allToAllResult();

    /** Posts an {@link #allToAllv(long[][])}; read it with {@link #allToAllvResult()} in the next superstep. */
    void postAllToAllv(long[][] byDestination);

    /** The concatenation, in processor order, of what every processor posted for this one. */
    long[] allToAllvResult();

    /** Posts an {@link #allGatherv(long[])}; read it with {@link #allGathervResult()} in the next superstep. */
    void postAllGatherv(long[] values);

    /** The concatenation, in processor order, of every processor's posted array. */
    long[] allGathervResult();

    /** Posts an {@link #allReduce(double, ReduceOp)}; read it with {@link #allReduceResult()}. */
    void postAllReduce(double value, ReduceOp op);

    /** The all-reduce of doubles posted in the previous superstep. */
    double allReduceResult();

    /** Posts an {@link #allReduce(long, ReduceOp)}; read it with {@link #allReduceLongResult()}. */
    void postAllReduce(long value, ReduceOp op);

    /** The all-reduce of longs posted in the previous superstep. */
    long allReduceLongResult();
}
