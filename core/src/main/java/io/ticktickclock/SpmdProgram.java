package io.ticktickclock;

/**
 * A BSP program in SPMD style (as in BSPlib and MulticoreBSP): the same function runs on every processor,
 * computes, sends, and calls {@link BspContext#sync()} to end each superstep.
 *
 * <pre>{@code
 * BspResult<Long> r = runtime.run((BspContext<Long> ctx) -> {
 *     long mine = partialSum(ctx.pid(), ctx.processors());
 *     ctx.send(0, mine);              // superstep 0: everyone sends to processor 0
 *     ctx.sync();
 *     long total = 0;                 // superstep 1: processor 0 adds them up
 *     for (long part : ctx.inbox()) total += part;
 *     return total;
 * });
 * }</pre>
 *
 * <p>Every processor must call {@code sync()} the same number of times: if one returns while others are
 * still in {@code sync()}, the run fails with a {@link BspException} naming both groups (it never hangs).
 * Messages sent after the last {@code sync()} have no next superstep and are discarded (they are counted
 * in the statistics of the last superstep).
 *
 * @param <M> the type of the object messages
 * @param <R> the type of a processor's result
 */
@FunctionalInterface
public interface SpmdProgram<M, R> {

    /**
     * Runs on one processor.
     *
     * @return this processor's result, reported in {@link BspResult#results()} at index {@code ctx.pid()}
     * @throws Exception to fail the run; the caller gets a {@link BspException} with this as the cause
     */
    R run(BspContext<M> ctx) throws Exception;
}
