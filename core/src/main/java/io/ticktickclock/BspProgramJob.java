package io.ticktickclock;

/**
 * A superstep program packaged so that it can run in other JVMs (see {@link BspJob} for what travels and
 * why). {@link BspRuntime#run(BspProgramJob, java.util.List)} runs it in this JVM; a cluster runtime splits
 * the input with the program's partitioner where the run is submitted and sends each worker only the shares
 * of its processors.
 *
 * <pre>{@code
 * record SumJob() implements BspProgramJob<Long, Long, Long> {
 *     public BspProgram<Long, Long, Long> program() {
 *         return BspProgram.<Long, Long, Long>builder("sum")
 *             .init((ctx, share) -> share.stream().mapToLong(Long::longValue).sum())
 *             .superstep("total", step -> step
 *                 .compute((ctx, partial) -> ctx.allReduce(partial, ReduceOp.SUM)))
 *             .build();
 *     }
 * }
 *
 * long total = runtime.run(new SumJob(), numbers).result(0);
 * }</pre>
 *
 * @param <I> the input element type
 * @param <S> the per-processor state type, also the result type
 * @param <M> the object message type
 */
public interface BspProgramJob<I, S, M> {

    /** Builds the program; called once per run in every JVM that runs part of it. */
    BspProgram<I, S, M> program();
}
