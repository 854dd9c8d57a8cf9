package io.ticktickclock;

/**
 * An SPMD program packaged so that it can run in other JVMs: the job object travels, each JVM calls
 * {@link #program()} to build the program there. Programs are lambdas, and a lambda cannot travel; a job is
 * a record of parameters (or another type that may cross JVMs, listed below) whose code is on
 * every worker. {@link BspRuntime#run(BspJob)} runs it in this JVM; a cluster runtime ships it (and the jar
 * that holds its class) to its workers. The same job gives the same results on both, to the bit.
 *
 * <pre>{@code
 * record RingJob(int rounds) implements BspJob<String, Integer> {
 *     public SpmdProgram<String, Integer> program() {
 *         return ctx -> {
 *             for (int i = 0; i < rounds; i++) {
 *                 ctx.send((ctx.pid() + 1) % ctx.processors(), "hello from " + ctx.pid());
 *                 ctx.sync();
 *             }
 *             return ctx.inbox().size();
 *         };
 *     }
 * }
 *
 * BspResult<Integer> r = BspRuntime.builder().processors(4).build().run(new RingJob(3));
 * }</pre>
 *
 * <p>What may cross JVMs (the job itself, object messages, collective values, results): records, enums,
 * primitives and their boxes, strings, arrays, the JDK's lists, sets, maps and {@code Optional} of these,
 * common JDK value types, and serializable classes of the job's own jar. A worker never instantiates any
 * other class while decoding.
 *
 * <p>A job should be an immutable value: one instance may be run many times, from several threads, and its
 * copies on the workers must build the same program as the original.
 *
 * @param <M> the object message type
 * @param <R> the result type of each processor
 */
public interface BspJob<M, R> {

    /** Builds the program; called once per run in every JVM that runs part of it. */
    SpmdProgram<M, R> program();

    /** The name shown in statistics and telemetry: by default the job class's simple name. */
    default String name() {
        return getClass().getSimpleName();
    }
}
