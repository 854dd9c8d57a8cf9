package io.ticktickclock;

import io.ticktickclock.internal.Checks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Predicate;

/**
 * A BSP program as an ordered list of named supersteps, each a compute step, a communicate step and an
 * optional convergence test.
 *
 * <h2>How it runs</h2>
 * <ol>
 *   <li>The runtime splits the input with the program's {@link Partitioner} (block by default) and every
 *       processor builds its state from its share with the program's initializer.
 *   <li>The supersteps run in the order they were added. In one superstep each processor runs
 *       <em>compute</em> (reads the inbox delivered from the previous superstep, returns the new state),
 *       then <em>communicate</em> (sends messages), then meets the others at the barrier.
 *   <li>A superstep without a convergence test runs once. A superstep with one repeats until the test
 *       holds on <em>all</em> processors (the local answers are reduced with a logical AND at the barrier,
 *       so every processor leaves the loop in the same superstep); then the next superstep starts, and the
 *       messages sent in the last repetition are in its inbox.
 *   <li>The run ends after the last superstep, or when the runtime's superstep limit is reached, in which
 *       case {@link BspResult#converged()} is {@code false}. The results are the final states.
 * </ol>
 *
 * <pre>{@code
 * BspProgram<Long, Long, Long> sum = BspProgram.<Long, Long, Long>builder("parallel-sum")
 *     .init((ctx, share) -> share.stream().mapToLong(Long::longValue).sum())
 *     .superstep("send-partials", step -> step
 *         .communicate((ctx, partial) -> ctx.send(0, partial)))
 *     .superstep("add-partials", step -> step
 *         .compute((ctx, partial) -> ctx.pid() == 0
 *             ? ctx.inbox().stream().mapToLong(Long::longValue).sum() : partial))
 *     .build();
 * long total = runtime.run(sum, numbers).result(0);
 * }</pre>
 *
 * <p>{@link #finalize(Finalizer)} adds a last step that turns each final state into a result of another
 * type, and is told why the run ended ({@link EndReason}).
 *
 * <p>Instances are immutable and thread-safe if the functions they hold are; one program may be run many
 * times, concurrently too. For the cluster backend, states and messages must be serializable (see
 * {@link BspContext}).
 *
 * @param <I> the input element type
 * @param <S> the per-processor state type, also the result type
 * @param <M> the object message type
 */
public final class BspProgram<I, S, M> {

    /** Builds a processor's initial state from its share of the input (runs on the processor's thread). */
    @FunctionalInterface
    public interface Initializer<I, S, M> {
        /**
         * Builds the state of processor {@code ctx.pid()}; messages it sends arrive in the first superstep.
         *
         * @param share this processor's share of the input, in input order (a view for block partitions)
         * @return the initial state
         * @throws Exception to fail the run
         */
        S init(BspContext<M> ctx, List<I> share) throws Exception;
    }

    /**
     * Reattaches to a state restored from a checkpoint what the checkpoint does not hold: data derived from the
     * input that the state keeps in {@code transient} fields (a graph partition, an index), rebuilt from the
     * processor's share of the input, which a resumed run receives again. Runs on the processor's thread,
     * instead of the initializer, in the restore superstep.
     */
    @FunctionalInterface
    public interface Restorer<I, S, M> {
        /**
         * @param share this processor's share of the input, as the initializer would have received it
         * @param restored the state as the checkpoint saved it
         * @return the state to go on with (usually {@code restored}, completed)
         * @throws Exception to fail the run
         */
        S restore(BspContext<M> ctx, List<I> share, S restored) throws Exception;
    }

    /** The compute step: reads the inbox, returns the new state (which may be the same, mutated, object). */
    @FunctionalInterface
    public interface Compute<S, M> {
        /**
         * Computes the new state from the state and the inbox.
         *
         * @return the new state (which may be {@code state} itself, mutated)
         * @throws Exception to fail the run
         */
        S compute(BspContext<M> ctx, S state) throws Exception;
    }

    /** The communicate step: sends messages computed from the state. */
    @FunctionalInterface
    public interface Communicate<S, M> {
        /**
         * Sends this superstep's messages.
         *
         * @throws Exception to fail the run
         */
        void communicate(BspContext<M> ctx, S state) throws Exception;
    }

    /** Why a run of a superstep program ended, as its {@link Finalizer} is told. */
    public enum EndReason {
        /** Every superstep ran to its end (every looping superstep converged). */
        CONVERGED,
        /** The runtime's superstep limit stopped the program first. */
        SUPERSTEP_LIMIT,
        /** Another processor failed, the processors disagreed, or the run was cancelled. */
        FAILED
    }

    /**
     * Turns a processor's final state into its result, knowing why the run ended; declared with
     * {@link BspProgram#finalize(Finalizer)}. Runs on the processor's thread.
     *
     * <ul>
     *   <li>{@link EndReason#CONVERGED} and {@link EndReason#SUPERSTEP_LIMIT}: on every processor, in the run's
     *       last superstep (named {@code "finalize"}); the value returned is the processor's result. It may
     *       read the context ({@code pid()}, the inbox of that superstep) but must not call {@code sync()} or
     *       a collective (at the superstep limit they throw), and what it sends is never delivered. An
     *       exception fails the run like one thrown by a compute step.
     *   <li>{@link EndReason#FAILED}: best effort, on the processors that were stopped because of a failure
     *       elsewhere (not on the one that threw, nor on one stuck where it cannot be stopped), with the last
     *       state they had; for clean-up such as releasing resources or saving partial work. The value
     *       returned is discarded and the run still fails; an exception thrown here is added to the run's
     *       failure as a suppressed exception. Its interrupt status is cleared while it runs; the runtime
     *       waits about a second for it (see {@link BspRuntime}), so keep it short.
     * </ul>
     *
     * @param <S> the state type
     * @param <M> the message type
     * @param <R> the result type
     */
    @FunctionalInterface
    public interface Finalizer<S, M, R> {
        /**
         * Builds this processor's result from its final state.
         *
         * @throws Exception to fail the run (or, with {@link EndReason#FAILED}, to be added to its failure)
         */
        R finish(BspContext<M> ctx, S state, EndReason reason) throws Exception;
    }

    /**
     * A superstep program with a {@link Finalizer}: its results are what the finalizer returns, of a type that
     * may differ from the state's. Run it with {@link BspRuntime#run(Finalized, List)} or
     * {@link BspRuntime#start(Finalized, List)}.
     *
     * @param program the program
     * @param finalizer builds each processor's result
     * @param <I> the input element type
     * @param <S> the state type
     * @param <M> the message type
     * @param <R> the result type
     */
    public record Finalized<I, S, M, R>(BspProgram<I, S, M> program, Finalizer<S, M, R> finalizer) {
        /** Checks that neither is null. */
        public Finalized {
            Checks.notNull("program", program);
            Checks.notNull("finalizer", finalizer);
        }
    }

    /**
     * One named superstep.
     *
     * @param name the name, unique within the program
     * @param compute the compute step (identity if none was given)
     * @param communicate the communicate step (sends nothing if none was given)
     * @param convergence the local convergence test, or null to run the superstep once
     */
    public record Superstep<S, M>(
            String name, Compute<S, M> compute, Communicate<S, M> communicate, Predicate<? super S> convergence) {

        /** Checks that the name and the steps are present. */
        public Superstep {
            Checks.notNull("name", name);
            Checks.notNull("compute", compute);
            Checks.notNull("communicate", communicate);
        }

        /** Whether this superstep repeats until converged. */
        public boolean repeats() {
            return convergence != null;
        }
    }

    /** Describes one superstep; handed to the function given to {@link Builder#superstep}. */
    public static final class SuperstepSpec<S, M> {
        private Compute<S, M> compute = (ctx, state) -> state;
        private Communicate<S, M> communicate = (ctx, state) -> {};
        private Predicate<? super S> convergence;

        private SuperstepSpec() {}

        /** Sets the compute step. */
        public SuperstepSpec<S, M> compute(Compute<S, M> compute) {
            this.compute = Checks.notNull("compute", compute);
            return this;
        }

        /** Sets the communicate step. */
        public SuperstepSpec<S, M> communicate(Communicate<S, M> communicate) {
            this.communicate = Checks.notNull("communicate", communicate);
            return this;
        }

        /**
         * Repeats the superstep until {@code converged} holds for the state after compute on every processor.
         */
        public SuperstepSpec<S, M> until(Predicate<? super S> converged) {
            this.convergence = Checks.notNull("converged", converged);
            return this;
        }
    }

    private final String name;
    private final Partitioner<? super I> partitioner;
    private final Initializer<I, S, M> initializer;
    private final Restorer<I, S, M> restorer;
    private final List<Superstep<S, M>> supersteps;
    private final DoubleBinaryOperator pairCombiner;

    private BspProgram(Builder<I, S, M> b) {
        this.name = b.name;
        this.partitioner = b.partitioner;
        this.initializer = b.initializer;
        this.restorer = b.restorer;
        this.supersteps = List.copyOf(b.supersteps);
        this.pairCombiner = b.pairCombiner;
    }

    /**
     * Starts a program.
     *
     * @param name the program's name, shown in statistics and telemetry
     * @throws NullPointerException if {@code name} is null
     */
    public static <I, S, M> Builder<I, S, M> builder(String name) {
        return new Builder<>(Checks.notNull("name", name));
    }

    /** The program's name, shown in statistics and telemetry. */
    public String name() {
        return name;
    }

    /** How the input is split over processors. */
    public Partitioner<? super I> partitioner() {
        return partitioner;
    }

    /** Builds each processor's initial state. */
    public Initializer<I, S, M> initializer() {
        return initializer;
    }

    /** Completes a state restored from a checkpoint; by default it returns the restored state as it is. */
    public Restorer<I, S, M> restorer() {
        return restorer;
    }

    /** The supersteps in execution order (unmodifiable). */
    public List<Superstep<S, M>> supersteps() {
        return supersteps;
    }

    /** The sender-side combiner for pairs, or null. */
    public DoubleBinaryOperator pairCombiner() {
        return pairCombiner;
    }

    /**
     * This program with a finalizer, which turns each processor's final state into its result and is told why
     * the run ended.
     *
     * <pre>{@code
     * BspProgram.Finalized<Long, long[], Long, String> counted = program.finalize((ctx, state, reason) ->
     *     reason == BspProgram.EndReason.CONVERGED ? "done after " + state[0] : "stopped: " + reason);
     * BspResult<String> r = runtime.run(counted, input);
     * }</pre>
     *
     * @throws NullPointerException if {@code finalizer} is null
     */
    public <R> Finalized<I, S, M, R> finalize(Finalizer<S, M, R> finalizer) {
        return new Finalized<>(this, finalizer);
    }

    @Override
    public String toString() {
        return "BspProgram[" + name + ", supersteps=" + supersteps.stream().map(Superstep::name).toList() + "]";
    }

    /** Builds a {@link BspProgram}; not thread-safe. */
    public static final class Builder<I, S, M> {
        private final String name;
        private Partitioner<? super I> partitioner = Partitioner.block();
        private Initializer<I, S, M> initializer;
        private Restorer<I, S, M> restorer = (ctx, share, restored) -> restored;
        private final List<Superstep<S, M>> supersteps = new ArrayList<>();
        private DoubleBinaryOperator pairCombiner;

        private Builder(String name) {
            this.name = name;
        }

        /** How the input is split over processors; {@link Partitioner#block()} by default. */
        public Builder<I, S, M> partitioner(Partitioner<? super I> partitioner) {
            this.partitioner = Checks.notNull("partitioner", partitioner);
            return this;
        }

        /** Builds each processor's initial state from its share of the input. Required. */
        public Builder<I, S, M> init(Initializer<I, S, M> initializer) {
            this.initializer = Checks.notNull("initializer", initializer);
            return this;
        }

        /**
         * Completes a state restored from a checkpoint with what it does not save (its {@code transient}
         * fields), from the processor's input share; see {@link Restorer}. By default the restored state is used
         * as it is.
         *
         * <pre>{@code
         * .init((ctx, share) -> new State(share.get(0)))                 // State keeps its Block transient
         * .restore((ctx, share, state) -> state.attach(share.get(0)))    // a resumed run gets the block again
         * }</pre>
         */
        public Builder<I, S, M> restore(Restorer<I, S, M> restorer) {
            this.restorer = Checks.notNull("restorer", restorer);
            return this;
        }

        /** Combines pairs at the sender in every superstep; see {@link BspContext#combinePairs}. */
        public Builder<I, S, M> combinePairs(DoubleBinaryOperator combiner) {
            this.pairCombiner = Checks.notNull("combiner", combiner);
            return this;
        }

        /**
         * Appends a superstep.
         *
         * @param name its name, unique within the program
         * @param spec sets its compute step, communicate step and convergence test
         */
        public Builder<I, S, M> superstep(String name, Consumer<SuperstepSpec<S, M>> spec) {
            Checks.notNull("name", name);
            Checks.notNull("spec", spec);
            SuperstepSpec<S, M> s = new SuperstepSpec<>();
            spec.accept(s);
            supersteps.add(new Superstep<>(name, s.compute, s.communicate, s.convergence));
            return this;
        }

        /** Appends a superstep built elsewhere. */
        public Builder<I, S, M> superstep(Superstep<S, M> superstep) {
            supersteps.add(Checks.notNull("superstep", superstep));
            return this;
        }

        /**
         * Builds the program and gives it a finalizer: {@code build().finalize(finalizer)}.
         *
         * @throws IllegalStateException as {@link #build()}
         * @throws NullPointerException if {@code finalizer} is null
         */
        public <R> Finalized<I, S, M, R> finalize(Finalizer<S, M, R> finalizer) {
            return build().finalize(finalizer);
        }

        /**
         * Validates and builds the program.
         *
         * @throws IllegalStateException if no initializer or no superstep was given, or two supersteps share
         *     a name
         */
        public BspProgram<I, S, M> build() {
            if (initializer == null) {
                throw new IllegalStateException("program '" + name + "' has no initializer: call init(...)");
            }
            if (supersteps.isEmpty()) {
                throw new IllegalStateException("program '" + name + "' has no superstep: call superstep(...)");
            }
            Set<String> names = new HashSet<>();
            for (Superstep<S, M> s : supersteps) {
                if (!names.add(s.name())) {
                    throw new IllegalStateException(
                            "program '" + name + "' has two supersteps named '" + s.name() + "'");
                }
            }
            return new BspProgram<>(this);
        }
    }
}
