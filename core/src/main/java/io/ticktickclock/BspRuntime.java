package io.ticktickclock;

import io.ticktickclock.internal.AsyncRun;
import io.ticktickclock.internal.Checkpointing;
import io.ticktickclock.internal.Checks;
import io.ticktickclock.internal.LocalCheckpointSink;
import io.ticktickclock.internal.LocalRun;
import io.ticktickclock.internal.Partitioners;
import io.ticktickclock.internal.ProgramRunner;
import io.ticktickclock.internal.wire.Wire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs BSP programs on {@code p} processors, each a platform thread of this JVM. The single entry point of
 * TickTickClock.
 *
 * <pre>{@code
 * BspRuntime runtime = BspRuntime.builder()
 *     .processors(4)              // default: Runtime.availableProcessors()
 *     .maxSupersteps(10_000)      // default: 1,000,000
 *     .build();
 *
 * BspResult<Integer> r = runtime.run((BspContext<String> ctx) -> {
 *     int right = (ctx.pid() + 1) % ctx.processors();
 *     ctx.send(right, "hello from " + ctx.pid());
 *     ctx.sync();
 *     return ctx.inbox().size();  // 1 on every processor
 * });
 * }</pre>
 *
 * <h2>Threads</h2>
 * Each run starts {@code p} new platform threads named {@code ttc-<run>-p<pid>} and waits for them; the
 * calling thread does no BSP work. When {@code run} returns or throws, every one of those threads has
 * ended: after a normal end, after a processor failed (the others are released from the barrier and
 * unwound with {@link BspAbortedError}, and interrupted in case they block elsewhere), and after the caller
 * was interrupted ({@link BspCancelledException}). A processor busy in a long computation is stopped at its
 * next {@code sync()}. The one exception: a processor that ignores interrupts and never reaches
 * {@code sync()} (a busy loop, a blocking call that is not interruptible) cannot be stopped, since Java cannot
 * kill a thread. Once a run has failed, been cancelled or timed out ({@link Builder#superstepTimeout}),
 * {@code run} waits at most about a second for its processors, then returns anyway: such a processor's
 * daemon thread is left running and the exception names it, with its stack trace, as a suppressed
 * exception.
 *
 * <h2>Thread safety</h2>
 * A runtime is immutable and thread-safe; independent runs, from one thread after another or from several
 * threads at once, share nothing but the configuration.
 *
 * <h2>Implementation overview</h2>
 * The barrier is a counter plus a generation number: the last processor to arrive checks that every
 * processor arrived for the same reason (a {@code sync()} or the end of its program), reduces the
 * convergence votes, then opens the next generation and unparks any parked processors. Messages travel
 * through one buffer per (source, destination, lane), double-buffered by superstep parity and written only
 * by the source; after the barrier, a destination reads the buffers addressed to it in place.
 */
public final class BspRuntime {

    /** The default superstep limit. */
    public static final int DEFAULT_MAX_SUPERSTEPS = 1_000_000;

    private final int processors;
    private final WaitStrategy waitStrategy;
    private final int maxSupersteps;
    private final BspObserver observer;
    private final Duration superstepTimeout;
    private final Duration slowSuperstepThreshold;
    private final int checkpointEvery;
    private final CheckpointStore checkpointStore;
    private final String checkpointFingerprint;

    private BspRuntime(Builder b) {
        this.processors = b.processors;
        this.waitStrategy = b.waitStrategy != null
                ? b.waitStrategy
                : WaitStrategy.adaptive(b.processors, Runtime.getRuntime().availableProcessors());
        this.maxSupersteps = b.maxSupersteps;
        this.observer = b.observer;
        this.superstepTimeout = b.superstepTimeout;
        this.slowSuperstepThreshold = b.slowSuperstepThreshold;
        this.checkpointEvery = b.checkpointEvery;
        this.checkpointStore = b.checkpointStore;
        this.checkpointFingerprint = b.checkpointFingerprint;
    }

    private <M, R> LocalRun<M, R> newRun(String name, boolean programMode) {
        return new LocalRun<M, R>(name, processors, waitStrategy, maxSupersteps, observer, programMode)
                .watch(nanos(superstepTimeout), nanos(slowSuperstepThreshold));
    }

    private static long nanos(Duration d) {
        return d == null ? 0 : d.toNanos();
    }

    /** A builder with the defaults: all available processors, adaptive waiting, 1,000,000 supersteps. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of processors of each run. */
    public int processors() {
        return processors;
    }

    /** The wait strategy used at barriers. */
    public WaitStrategy waitStrategy() {
        return waitStrategy;
    }

    /** The most supersteps a run may execute. */
    public int maxSupersteps() {
        return maxSupersteps;
    }

    /** The longest a superstep may last before the run fails, if set. */
    public Optional<Duration> superstepTimeout() {
        return Optional.ofNullable(superstepTimeout);
    }

    /** How long a superstep may last before the observer hears that it is slow, if set. */
    public Optional<Duration> slowSuperstepThreshold() {
        return Optional.ofNullable(slowSuperstepThreshold);
    }

    /** How many supersteps apart checkpoints are taken; 0 when they are not. */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** Where checkpoints are saved and resumed from, if set. */
    public Optional<CheckpointStore> checkpointStore() {
        return Optional.ofNullable(checkpointStore);
    }

    /**
     * What a checkpoint of a run of {@code program} on this runtime is identified by: the program's name, the
     * {@linkplain Builder#checkpointFingerprint fingerprint} and the processor count. A run resumes only from
     * a checkpoint of the same identity.
     */
    public CheckpointStore.Identity checkpointIdentity(BspProgram<?, ?, ?> program) {
        Checks.notNull("program", program);
        return new CheckpointStore.Identity(program.name(), checkpointFingerprint, processors);
    }

    private void refuseCheckpointsForSpmd(String name) {
        if (checkpointEvery > 0) {
            throw new IllegalStateException("checkpointEvery(" + checkpointEvery + ") is set, but '" + name
                    + "' is an SPMD program, which cannot be checkpointed (its state is its threads' stacks): "
                    + "write it as a BspProgram, or run it on a runtime without checkpointEvery");
        }
    }

    /**
     * Runs an SPMD program on every processor and waits for it to finish.
     *
     * @param program the function each processor runs
     * @return the results in processor order, with per-superstep statistics; {@code converged} is true
     * @throws NullPointerException if {@code program} is null
     * @throws BspException if a processor threw (the cause), the processors disagreed on the number of
     *     {@code sync()} calls, or the superstep limit was exceeded
     * @throws BspCancelledException if the calling thread was interrupted
     * @throws IllegalStateException if the runtime takes checkpoints ({@link Builder#checkpointEvery}): an
     *     SPMD program cannot be checkpointed
     */
    public <M, R> BspResult<R> run(SpmdProgram<M, R> program) {
        return run("spmd", program);
    }

    /**
     * Runs an SPMD program under a name (shown in statistics and telemetry); otherwise like
     * {@link #run(SpmdProgram)}.
     *
     * @throws NullPointerException if {@code name} or {@code program} is null
     */
    public <M, R> BspResult<R> run(String name, SpmdProgram<M, R> program) {
        Checks.notNull("name", name);
        Checks.notNull("program", program);
        refuseCheckpointsForSpmd(name);
        return this.<M, R>newRun(name, false).execute(program);
    }

    /**
     * Runs a superstep program on {@code input} and waits for it to finish.
     *
     * @param program the program
     * @param input the input, split over processors by the program's partitioner; it must not change while
     *     the run lasts (block shares are views of it)
     * @return the final states in processor order
     * @throws NullPointerException if {@code program} or {@code input} is null
     * @throws IllegalArgumentException if the partitioner returns an id outside {@code [0, p)}
     * @throws BspException if a processor threw (the cause)
     * @throws BspCancelledException if the calling thread was interrupted
     */
    public <I, S, M> BspResult<S> run(BspProgram<I, S, M> program, List<? extends I> input) {
        return this.<I, S, M, S>programRun(program, null, input, null).runHere();
    }

    /**
     * Resumes a run of {@code program} on {@code input} from the newest checkpoint in the
     * {@linkplain Builder#checkpointStore checkpoint store}, and waits for it to finish: the processors restore
     * their states and the messages still to be delivered at that barrier, and the program goes on from there
     * (taking further checkpoints if {@link Builder#checkpointEvery} is set). The results are those the run
     * would have had without the interruption, to the bit, provided the program is deterministic. The result's
     * statistics cover the supersteps this run executed, from a first one named {@code "restore"} numbered one
     * before the checkpoint's superstep.
     *
     * <pre>{@code
     * BspRuntime runtime = BspRuntime.builder().processors(4)
     *     .checkpointStore(CheckpointStore.directory(Path.of("ckpt"))).checkpointEvery(10).build();
     * BspResult<double[]> r = runtime.checkpointStore().orElseThrow().latest().isPresent()
     *     ? runtime.resume(program, input)        // the previous JVM died: go on from its last checkpoint
     *     : runtime.run(program, input);
     * }</pre>
     *
     * @param input the input of the checkpointed run (a program whose initializer it feeds does not read it
     *     again, but a program may keep views of it)
     * @throws NullPointerException if {@code program} or {@code input} is null
     * @throws IllegalStateException if the runtime has no checkpoint store
     * @throws NoSuchFileException if the store holds no checkpoint
     * @throws CheckpointException if the newest checkpoint is of another program, input fingerprint or
     *     processor count, corrupted, truncated or of another format (the message says which)
     * @throws IOException if the checkpoint cannot be read
     * @throws BspException if a processor threw (the cause)
     */
    public <I, S, M> BspResult<S> resume(BspProgram<I, S, M> program, List<? extends I> input) throws IOException {
        Checks.notNull("program", program);
        return this.<I, S, M, S>programRun(program, null, input, restore(program)).runHere();
    }

    /**
     * Resumes a run of a superstep program with a finalizer from the newest checkpoint; like
     * {@link #resume(BspProgram, List)}.
     */
    public <I, S, M, R> BspResult<R> resume(BspProgram.Finalized<I, S, M, R> program, List<? extends I> input)
            throws IOException {
        Checks.notNull("program", program);
        return programRun(program.program(), program.finalizer(), input, restore(program.program())).runHere();
    }

    /**
     * Resumes a run of {@code program} on {@code input} from the newest checkpoint, like
     * {@link #resume(BspProgram, List)}, but returns its handle as soon as the checkpoint is read and checked:
     * {@link BspRun#status()} reports the restore superstep and then the program's, {@link BspRun#cancel()}
     * stops it (its checkpoints stay in the store, so it can be resumed again).
     *
     * <pre>{@code
     * BspRun<double[]> run = runtime.startResume(program, input);   // throws here if there is nothing to resume
     * run.status();                                                 // RUNNING, superstep 41 'iterate', ...
     * BspResult<double[]> r = run.join();
     * }</pre>
     *
     * @throws NullPointerException if {@code program} or {@code input} is null
     * @throws IllegalStateException if the runtime has no checkpoint store
     * @throws NoSuchFileException if the store holds no checkpoint
     * @throws CheckpointException if the newest checkpoint is of another program, input fingerprint or
     *     processor count, corrupted, truncated or of another format (the message says which)
     * @throws IOException if the checkpoint cannot be read
     */
    public <I, S, M> BspRun<S> startResume(BspProgram<I, S, M> program, List<? extends I> input)
            throws IOException {
        Checks.notNull("program", program);
        return this.<I, S, M, S>programRun(program, null, input, restore(program)).start();
    }

    /**
     * Resumes a run of a superstep program with a finalizer from the newest checkpoint and returns its handle
     * at once; like {@link #startResume(BspProgram, List)}.
     */
    public <I, S, M, R> BspRun<R> startResume(BspProgram.Finalized<I, S, M, R> program, List<? extends I> input)
            throws IOException {
        Checks.notNull("program", program);
        return programRun(program.program(), program.finalizer(), input, restore(program.program())).start();
    }

    /** The newest checkpoint of the store, checked against {@code program}'s identity on this runtime. */
    private Checkpointing.Restore restore(BspProgram<?, ?, ?> program) throws IOException {
        if (checkpointStore == null) {
            throw new IllegalStateException("resume needs a checkpoint store: BspRuntime.Builder.checkpointStore");
        }
        java.util.OptionalInt latest = checkpointStore.latest();
        if (latest.isEmpty()) {
            throw new NoSuchFileException(checkpointStore.toString(), null, "holds no checkpoint to resume from");
        }
        CheckpointStore.Checkpoint c = checkpointStore.load(checkpointIdentity(program), latest.getAsInt());
        List<byte[]> parts = new ArrayList<>(processors);
        for (Object part : c.parts()) {
            if (!(part instanceof byte[] bytes)) {
                throw new CheckpointException(java.nio.file.Path.of(checkpointStore.toString()),
                        CheckpointException.Problem.NOT_A_CHECKPOINT, "its parts are not processor parts of a run "
                        + "(a checkpoint saved by hand?)", null);
            }
            parts.add(bytes);
        }
        return new Checkpointing.Restore(c.superstep(), parts);
    }

    /**
     * Starts an SPMD program and returns at once with its handle; otherwise like {@link #run(SpmdProgram)}.
     *
     * <pre>{@code
     * BspRun<Long> run = runtime.start((BspContext<Long> ctx) -> work(ctx));
     * run.status();                  // RUNNING, superstep 3 'superstep-3', 12 ms
     * BspResult<Long> r = run.join();
     * }</pre>
     *
     * @throws NullPointerException if {@code program} is null
     */
    public <M, R> BspRun<R> start(SpmdProgram<M, R> program) {
        return start("spmd", program);
    }

    /**
     * Starts an SPMD program under a name and returns at once with its handle.
     *
     * @throws NullPointerException if {@code name} or {@code program} is null
     */
    public <M, R> BspRun<R> start(String name, SpmdProgram<M, R> program) {
        Checks.notNull("name", name);
        Checks.notNull("program", program);
        refuseCheckpointsForSpmd(name);
        return AsyncRun.start(name, this.<M, R>newRun(name, false), program, r -> r, () -> { });
    }

    /**
     * Starts a superstep program on {@code input} and returns at once with its handle; otherwise like
     * {@link #run(BspProgram, List)}.
     *
     * @throws NullPointerException if {@code program} or {@code input} is null
     * @throws IllegalArgumentException if the partitioner returns an id outside {@code [0, p)}
     */
    public <I, S, M> BspRun<S> start(BspProgram<I, S, M> program, List<? extends I> input) {
        return this.<I, S, M, S>programRun(program, null, input, null).start();
    }

    /**
     * Runs a superstep program with a finalizer on {@code input} and waits for it to finish; like
     * {@link #run(BspProgram, List)}, but each processor's result is what the finalizer returned.
     *
     * <pre>{@code
     * BspResult<String> r = runtime.run(program.finalize((ctx, state, reason) -> reason + ": " + state), input);
     * }</pre>
     *
     * @throws NullPointerException if {@code program} or {@code input} is null
     * @throws IllegalArgumentException if the partitioner returns an id outside {@code [0, p)}
     * @throws BspException if a processor threw, in a step or in the finalizer (the cause)
     * @throws BspCancelledException if the calling thread was interrupted
     */
    public <I, S, M, R> BspResult<R> run(BspProgram.Finalized<I, S, M, R> program, List<? extends I> input) {
        Checks.notNull("program", program);
        return programRun(program.program(), program.finalizer(), input, null).runHere();
    }

    /**
     * Starts a superstep program with a finalizer on {@code input} and returns at once with its handle.
     *
     * @throws NullPointerException if {@code program} or {@code input} is null
     * @throws IllegalArgumentException if the partitioner returns an id outside {@code [0, p)}
     */
    public <I, S, M, R> BspRun<R> start(BspProgram.Finalized<I, S, M, R> program, List<? extends I> input) {
        Checks.notNull("program", program);
        return programRun(program.program(), program.finalizer(), input, null).start();
    }

    /** A superstep program made ready to run: its input split, its run created, its outcomes unwrapped. */
    private <I, S, M, R> ProgramRun<M, R> programRun(BspProgram<I, S, M> program,
            BspProgram.Finalizer<S, M, R> finalizer, List<? extends I> input, Checkpointing.Restore restore) {
        Checks.notNull("program", program);
        Checks.notNull("input", input);
        @SuppressWarnings("unchecked")
        List<List<I>> shares = Partitioners.split((List<I>) input, program.partitioner(), processors);
        LocalRun<M, ProgramRunner.Outcome<R>> run = this.<M, ProgramRunner.Outcome<R>>newRun(program.name(), true)
                .convergence(outcomes -> outcomes.stream().allMatch(ProgramRunner.Outcome::converged));
        Checkpointing checkpoints = checkpointing(program, run, restore);
        SpmdProgram<M, ProgramRunner.Outcome<R>> body =
                ctx -> ProgramRunner.execute(program, finalizer, shares, ctx, checkpoints);
        return new ProgramRun<>(program.name(), run, body, checkpoints == null ? null : checkpoints.sink());
    }

    /** How a run takes checkpoints and what it restores; null when it does neither. */
    private Checkpointing checkpointing(BspProgram<?, ?, ?> program, LocalRun<?, ?> run,
            Checkpointing.Restore restore) {
        if (checkpointEvery == 0 && restore == null) {
            return null;
        }
        CheckpointStore.Identity identity = checkpointIdentity(program);
        List<Integer> kept;
        try {
            kept = checkpointStore.supersteps();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoints of " + checkpointStore, e);
        }
        if (restore == null && !kept.isEmpty()) {
            // A fresh run must not mix its checkpoints with an earlier run's: resuming would pick the wrong one.
            throw new IllegalStateException(checkpointStore + " already holds checkpoints (supersteps " + kept
                    + "): resume from them with BspRuntime.resume, or delete them (or use another store) to start "
                    + "afresh");
        }
        if (restore != null) {
            run.startAt(restore.superstep() - 1);
        }
        ClassLoader loader = program.initializer().getClass().getClassLoader();
        Wire.ClassPolicy policy = Wire.ClassPolicy.loadedBy(ClassLoader.getSystemClassLoader());
        if (loader != null) {
            policy = policy.or(Wire.ClassPolicy.loadedBy(loader));
        }
        Wire.Options decoding = Wire.Options.defaults(policy, loader != null ? loader
                : ClassLoader.getSystemClassLoader());
        LocalCheckpointSink sink = checkpointEvery == 0 ? null : new LocalCheckpointSink(checkpointStore, identity,
                run, kept, "ttc-checkpoint-" + program.name());
        return new Checkpointing(checkpointEvery, sink, restore, decoding);
    }

    private record ProgramRun<M, R>(String name, LocalRun<M, ProgramRunner.Outcome<R>> run,
            SpmdProgram<M, ProgramRunner.Outcome<R>> body, io.ticktickclock.internal.CheckpointSink sink) {

        BspResult<R> runHere() {
            try {
                return unwrap(run.execute(body));
            } finally {
                settle(sink);
            }
        }

        BspRun<R> start() {
            return AsyncRun.start(name, run, body, ProgramRun::unwrap, () -> settle(sink));
        }

        /** After a failed run too, no checkpoint write is left in progress when the caller hears of the end. */
        private static void settle(io.ticktickclock.internal.CheckpointSink sink) {
            if (sink == null) {
                return;
            }
            boolean interrupted = false;
            while (true) {
                try {
                    sink.awaitWritten();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (IOException e) {
                    break;      // a successful run has reported it already; a failed one has its own failure
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private static <R> BspResult<R> unwrap(BspResult<ProgramRunner.Outcome<R>> raw) {
            List<R> results = new ArrayList<>(raw.results().size());
            for (ProgramRunner.Outcome<R> o : raw.results()) {
                results.add(o.state());
            }
            return new BspResult<>(results, raw.superstepCount(), raw.converged(), raw.supersteps(), raw.wallNanos());
        }
    }

    /**
     * Runs a packaged SPMD program (see {@link BspJob}) in this JVM: {@code run(job.name(), job.program())}.
     * A cluster runtime runs the same job over its workers with the same results.
     *
     * @throws NullPointerException if {@code job} or the program it builds is null
     */
    public <M, R> BspResult<R> run(BspJob<M, R> job) {
        Checks.notNull("job", job);
        return run(job.name(), Checks.notNull("job.program()", job.program()));
    }

    /**
     * Runs a packaged superstep program (see {@link BspProgramJob}) on {@code input} in this JVM:
     * {@code run(job.program(), input)}.
     *
     * @throws NullPointerException if {@code job}, the program it builds or {@code input} is null
     */
    public <I, S, M> BspResult<S> run(BspProgramJob<I, S, M> job, List<? extends I> input) {
        Checks.notNull("job", job);
        return run(Checks.notNull("job.program()", job.program()), input);
    }

    @Override
    public String toString() {
        return "BspRuntime[processors=" + processors + ", waitStrategy=" + waitStrategy + ", maxSupersteps="
                + maxSupersteps + (superstepTimeout == null ? "" : ", superstepTimeout=" + superstepTimeout)
                + (slowSuperstepThreshold == null ? "" : ", slowSuperstepThreshold=" + slowSuperstepThreshold) + "]";
    }

    /** Configures a {@link BspRuntime}; validated by {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private int processors = Runtime.getRuntime().availableProcessors();
        private WaitStrategy waitStrategy;
        private int maxSupersteps = DEFAULT_MAX_SUPERSTEPS;
        private BspObserver observer;
        private Duration superstepTimeout;
        private Duration slowSuperstepThreshold;
        private int checkpointEvery;
        private CheckpointStore checkpointStore;
        private String checkpointFingerprint = "";

        private Builder() {}

        /** The number of processors (threads) of each run; default {@link Runtime#availableProcessors()}. */
        public Builder processors(int processors) {
            this.processors = processors;
            return this;
        }

        /** How processors wait at barriers; default {@link WaitStrategy#adaptive(int, int)}. */
        public Builder waitStrategy(WaitStrategy waitStrategy) {
            this.waitStrategy = Checks.notNull("waitStrategy", waitStrategy);
            return this;
        }

        /** The most supersteps one run may execute; default {@value #DEFAULT_MAX_SUPERSTEPS}. */
        public Builder maxSupersteps(int maxSupersteps) {
            this.maxSupersteps = maxSupersteps;
            return this;
        }

        /** Receives the progress of every run (the telemetry hook); none by default. */
        public Builder observer(BspObserver observer) {
            this.observer = Checks.notNull("observer", observer);
            return this;
        }

        /**
         * The longest a superstep may last, from the barrier that starts it to the one that ends it; default:
         * no limit. A superstep that lasts longer fails the run with a {@link BspTimeoutException} that names
         * the processors that had not reached its barrier and carries their stack traces. {@code run} returns
         * within the timeout plus about a second even if those processors never reach {@code sync()}: their
         * daemon threads are then left running (Java cannot kill a thread) and named in the exception.
         *
         * <pre>{@code
         * BspRuntime runtime = BspRuntime.builder().superstepTimeout(Duration.ofMinutes(5)).build();
         * }</pre>
         *
         * @throws NullPointerException if {@code timeout} is null
         */
        public Builder superstepTimeout(Duration timeout) {
            this.superstepTimeout = Checks.notNull("timeout", timeout);
            return this;
        }

        /**
         * How long a superstep may last before the observer (telemetry: {@code BspEvent.SuperstepSlow}) is told,
         * once, that it is slow and which processors it is waiting for; default: never.
         *
         * @throws NullPointerException if {@code threshold} is null
         */
        public Builder slowSuperstepThreshold(Duration threshold) {
            this.slowSuperstepThreshold = Checks.notNull("threshold", threshold);
            return this;
        }

        /**
         * Takes a checkpoint of every superstep program's run at the barrier of every {@code supersteps}-th
         * superstep (supersteps {@code n}, {@code 2n}, ...; or the first barrier after, when a collective
         * inside a step skipped it): each processor's state and the messages it sent that the others have
         * still to read, saved to the {@link #checkpointStore} whole, so that {@link BspRuntime#resume} can go
         * on from there. Default: 0, none. Each processor encodes its part on its own thread (in the
         * {@linkplain CheckpointStore wire format}: the state must follow the rules of messages that cross
         * JVMs, checked right after init so that the run fails at its start, naming the processor and the
         * class); the file is written on another thread while the run goes on, and the run ends once its last
         * checkpoint is durable. The store keeps the run's newest two checkpoints. SPMD programs cannot be
         * checkpointed: running one on such a runtime throws.
         *
         * <pre>{@code
         * BspRuntime runtime = BspRuntime.builder()
         *     .checkpointStore(CheckpointStore.directory(Path.of("ckpt")))
         *     .checkpointEvery(10)
         *     .checkpointFingerprint("edges.txt sha256 " + hash)
         *     .build();
         * }</pre>
         *
         * @param supersteps the interval, {@code >= 1}, or 0 for none
         */
        public Builder checkpointEvery(int supersteps) {
            this.checkpointEvery = supersteps;
            return this;
        }

        /**
         * Where checkpoints are saved ({@link #checkpointEvery}) and resumed from ({@link BspRuntime#resume});
         * none by default. A run that takes checkpoints refuses to start in a store that already holds some
         * (resume from them, or delete them).
         *
         * @throws NullPointerException if {@code store} is null
         */
        public Builder checkpointStore(CheckpointStore store) {
            this.checkpointStore = Checks.notNull("store", store);
            return this;
        }

        /**
         * What identifies the input (and any parameter not in the program's name) in a checkpoint's
         * {@linkplain CheckpointStore.Identity identity}: a hash of the input file, say; {@code ""} by default.
         * A run resumes only from a checkpoint with the same fingerprint, program name and processor count.
         *
         * @throws NullPointerException if {@code fingerprint} is null
         */
        public Builder checkpointFingerprint(String fingerprint) {
            this.checkpointFingerprint = Checks.notNull("fingerprint", fingerprint);
            return this;
        }

        /**
         * Validates the configuration and builds the runtime.
         *
         * @throws IllegalArgumentException if {@code processors < 1}, {@code maxSupersteps < 1}, a timeout or
         *     threshold is not positive, {@code checkpointEvery < 0}, or checkpoints are asked for without a
         *     checkpoint store
         */
        public BspRuntime build() {
            Checks.positive("processors", processors);
            Checks.positive("maxSupersteps", maxSupersteps);
            positive("superstepTimeout", superstepTimeout);
            positive("slowSuperstepThreshold", slowSuperstepThreshold);
            Checks.nonNegative("checkpointEvery", checkpointEvery);
            if (checkpointEvery > 0 && checkpointStore == null) {
                throw new IllegalArgumentException("checkpointEvery(" + checkpointEvery + ") needs a place to "
                        + "save checkpoints: set checkpointStore(CheckpointStore.directory(...))");
            }
            return new BspRuntime(this);
        }

        private static void positive(String name, Duration d) {
            if (d != null && (d.isNegative() || d.isZero())) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
        }
    }
}
