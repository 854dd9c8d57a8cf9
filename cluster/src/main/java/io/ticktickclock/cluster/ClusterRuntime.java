package io.ticktickclock.cluster;

import io.ticktickclock.BspCancelledException;
import io.ticktickclock.BspException;
import io.ticktickclock.BspJob;
import io.ticktickclock.BspObserver;
import io.ticktickclock.BspProgram;
import io.ticktickclock.BspProgramJob;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRun;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.RunInfo;
import com.hazelcast.map.IMap;
import io.ticktickclock.cluster.internal.BspTask;
import io.ticktickclock.cluster.internal.ClusterCheckpoints;
import io.ticktickclock.cluster.internal.ClusterRun;
import io.ticktickclock.cluster.internal.EventRelay;
import io.ticktickclock.cluster.internal.Fanout;
import io.ticktickclock.cluster.internal.RemoteFailure;
import io.ticktickclock.internal.Checks;
import io.ticktickclock.internal.LocalRun;
import io.ticktickclock.internal.Partitioners;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs BSP jobs on a cluster of {@link WorkerNode}s: the same {@link BspJob}s and {@link BspProgramJob}s that
 * {@link BspRuntime} runs in one JVM, with the same results to the bit (inbox order, collectives folded in
 * processor order, statistics, failure reports).
 *
 * <pre>{@code
 * try (ClusterRuntime cluster = ClusterRuntime.builder()
 *         .addresses("10.0.0.1:5701", "10.0.0.2:5701")
 *         .processors(8)
 *         .connect()) {
 *     BspResult<Integer> r = cluster.run(new RingJob(3));      // same result as BspRuntime.run(new RingJob(3))
 * }
 * }</pre>
 *
 * <p>Where things run: the {@code p} processors are spread over the workers in contiguous blocks of ids, in
 * proportion to the processors each worker offers; inside a worker, processors exchange through shared memory
 * as in a local run; between workers, one batch per (worker, worker) pair per superstep carries the messages,
 * the collectives' values and the barrier's votes. A {@link BspProgramJob}'s input is split here with the
 * program's partitioner, and each worker receives only its processors' shares. The job's class travels with
 * it: the jar (or class directory) that holds it is shipped to the workers, which load it in a class loader of
 * its own and drop it when the job ends.
 *
 * <p>Failures: a processor's exception fails the run with a {@link BspException} naming the processor and
 * superstep; its cause is the original exception when its class is on this side's class path, otherwise a
 * {@link RemoteFailure} with the original class name, message and stack trace; such failures are never
 * retried. A worker that dies or leaves during a run is noticed within seconds: the run starts again on the
 * other workers, from its newest complete checkpoint ({@link Builder#checkpointEvery}) or from the start, with
 * the same {@code p} and so the same result, up to {@link Builder#maxRecoveries} times; past that (or with no
 * worker left) the run fails with a {@link BspException} naming the worker and its processors. The other
 * workers stay usable. An {@linkplain Builder#observer observer} hears the run live, as for a local run.
 * Thread-safe: runs may be submitted from several threads.
 */
public final class ClusterRuntime implements AutoCloseable {
    private final ClusterClient client;
    private final int processors;
    private final int maxSupersteps;
    private final Duration superstepTimeout;
    private final BspObserver observer;
    private final int maxRecoveries;
    private final int checkpointEvery;
    private final java.security.SecureRandom ids = new java.security.SecureRandom();

    private ClusterRuntime(Builder b) {
        this.processors = b.processors;
        this.observer = b.observer;
        this.maxRecoveries = b.maxRecoveries;
        this.checkpointEvery = b.checkpointEvery;
        this.maxSupersteps = b.maxSupersteps;
        this.superstepTimeout = b.superstepTimeout;
        ClusterClient.Builder c = ClusterClient.builder().clusterName(b.clusterName).addresses(b.addresses);
        this.client = c.connect();
    }

    /** A builder with the defaults: cluster "ticktickclock" at 127.0.0.1:5701, every processor the workers offer. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cluster's workers now. */
    public List<WorkerInfo> workers() {
        return client.workers();
    }

    /**
     * Runs a packaged SPMD program on the cluster's workers and waits for it. A worker lost during the run is
     * recovered from ({@link Builder#maxRecoveries}): the run starts over on the other workers, with the same
     * {@code p} and so the same result.
     *
     * @throws BspException as {@link BspRuntime#run(BspJob)}, or when a worker is lost and no recovery is left
     * @throws BspCancelledException if the calling thread was interrupted: the job is cancelled on every worker
     *     and the interrupt status is set again
     */
    public <M, R> BspResult<R> run(BspJob<M, R> job) {
        Checks.notNull("job", job);
        refuseCheckpointsForSpmd(job);
        return spmd(job, null);
    }

    /**
     * Starts a packaged SPMD program on the cluster's workers and returns its handle at once; otherwise like
     * {@link #run(BspJob)}. The handle follows the run through the workers' live telemetry:
     * {@link BspRun#status()} says the superstep after the last one every worker finished (named
     * {@code "superstep-N"}: workers name a superstep only when it ends); {@link BspRun#cancel()} cancels the
     * job on every worker, and {@link BspRun#join()} then throws {@link BspCancelledException}.
     *
     * <pre>{@code
     * BspRun<Integer> run = cluster.start(new RingJob(3));
     * run.status();                  // RUNNING, superstep 2 'superstep-2', 40 ms
     * BspResult<Integer> r = run.join();
     * }</pre>
     *
     * @throws NullPointerException if {@code job} is null
     * @throws IllegalStateException if the runtime checkpoints ({@link Builder#checkpointEvery})
     */
    public <M, R> BspRun<R> start(BspJob<M, R> job) {
        Checks.notNull("job", job);
        refuseCheckpointsForSpmd(job);
        return ClusterRun.start(job.name(), tracker -> spmd(job, tracker));
    }

    private void refuseCheckpointsForSpmd(BspJob<?, ?> job) {
        if (checkpointEvery > 0) {
            throw new IllegalStateException("checkpointEvery(" + checkpointEvery + ") is set, but '" + job.name()
                    + "' is an SPMD program, which cannot be checkpointed (its state is its threads' stacks): write it "
                    + "as a BspProgramJob, or run it on a runtime without checkpointEvery");
        }
    }

    private <M, R> BspResult<R> spmd(BspJob<M, R> job, ClusterRun.Tracker tracker) {
        int p = processorsFor();
        return execute(job, job.name(), p, null, tracker,
                (parts, wall) -> LocalRun.assemble(parts, false, null, wall));
    }

    /**
     * Runs a packaged superstep program on {@code input} on the cluster's workers and waits for it; each worker
     * receives only its processors' shares of the input. Lost workers are recovered from as for
     * {@link #run(BspJob)}.
     *
     * @throws BspException as {@link BspRuntime#run(BspProgramJob, List)}, or when a worker is lost and no
     *     recovery is left
     */
    public <I, S, M> BspResult<S> run(BspProgramJob<I, S, M> job, List<? extends I> input) {
        Checks.notNull("job", job);
        Checks.notNull("input", input);
        return program(job, Checks.notNull("job.program()", job.program()), input, null);
    }

    /**
     * Starts a packaged superstep program on {@code input} on the cluster's workers and returns its handle at
     * once; otherwise like {@link #run(BspProgramJob, List)}, with the handle of {@link #start(BspJob)}.
     * {@link BspRun.Status#lastCheckpoint()} names the newest checkpoint every worker has stored (or the one a
     * recovery went back to).
     *
     * @throws NullPointerException if {@code job}, its program or {@code input} is null
     */
    public <I, S, M> BspRun<S> start(BspProgramJob<I, S, M> job, List<? extends I> input) {
        Checks.notNull("job", job);
        Checks.notNull("input", input);
        BspProgram<I, S, M> program = Checks.notNull("job.program()", job.program());
        return ClusterRun.start(program.name(), tracker -> program(job, program, input, tracker));
    }

    @SuppressWarnings("unchecked")
    private <I, S, M> BspResult<S> program(BspProgramJob<I, S, M> job, BspProgram<I, S, M> program,
            List<? extends I> input, ClusterRun.Tracker tracker) {
        int p = processorsFor();
        // The same p for the split and every attempt: the workers may change between two looks.
        List<List<I>> shares = Partitioners.split((List<I>) input, program.partitioner(), p);
        return execute(job, program.name(), p, (List<List<Object>>) (List<?>) shares, tracker, (parts, wall) -> {
            BspResult<List<Object>> raw = LocalRun.assemble(parts, true,
                    states -> states.stream().allMatch(s -> (Boolean) s.get(1)), wall);
            List<S> states = new ArrayList<>();
            for (List<Object> s : raw.results()) {
                states.add((S) s.get(0));
            }
            return new BspResult<>(states, raw.superstepCount(), raw.converged(), raw.supersteps(), raw.wallNanos());
        });
    }

    /** Assembles a run's result from its workers' parts and its wall time. */
    @FunctionalInterface
    private interface Assembly<R> {
        BspResult<R> assemble(List<LocalRun.Part> parts, long wallNanos);
    }

    /**
     * Runs {@code job} on the workers, again on the others each time one is lost (up to {@code maxRecoveries}
     * times), telling the observer as it goes.
     */
    private <R> BspResult<R> execute(Object job, String name, int p, List<List<Object>> shares,
            ClusterRun.Tracker tracker, Assembly<R> assembly) {
        long start = System.nanoTime();
        String runId = String.format("cluster-%016x", ids.nextLong());
        BspObserver observer = Fanout.of(this.observer, tracker);
        EventRelay relay = observer == null ? null
                : new EventRelay(client.hazelcast(), runId, observer, tracker == null ? null : tracker::progress);
        Set<String> lost = new LinkedHashSet<>();
        boolean checkpointed = checkpointEvery > 0 && job instanceof BspProgramJob<?, ?, ?>;
        IMap<String, byte[]> checkpoints = checkpointed ? ClusterCheckpoints.map(client.hazelcast(), runId) : null;
        int restoreFrom = -1;
        boolean noneLeft = false; // no worker left: nothing to clean up in the cluster, and nobody to ask
        try {
            for (int attempt = 0; ; attempt++) {
                try {
                    List<Object> outcomes = submit(job, name, p, shares, runId, attempt, relay, lost,
                            checkpointed ? checkpointEvery : 0, restoreFrom);
                    BspResult<R> result = numbered(assembly.assemble(parts(outcomes), System.nanoTime() - start),
                            restoreFrom);
                    if (relay != null) {
                        relay.completed(result);
                    }
                    return result;
                } catch (ClusterJobException e) {
                    if (e.getCause() instanceof InterruptedException) {
                        // Without a handle nothing follows a blocking run's superstep: -1, 'unknown'.
                        throw new BspCancelledException(-1, "unknown", "the calling thread was interrupted (the "
                                + "job was cancelled on every worker)");
                    }
                    WorkerInfo gone = e.worker();
                    if (!e.workerLost() || gone == null) {
                        throw RemoteFailure.lost(e);
                    }
                    lost.add(gone.memberAddress());
                    if (relay != null) {
                        relay.lost(new RunInfo.Worker(gone.memberAddress(), gone.firstProcessor(),
                                gone.processorCount()));
                    }
                    if (attempt >= maxRecoveries) {
                        throw RemoteFailure.lost(e, maxRecoveries == 0 ? "" : " (after " + attempt
                                + (attempt == 1 ? " recovery" : " recoveries") + ", the most this runtime makes)");
                    }
                    if (client.workers(lost).isEmpty()) {
                        noneLeft = true;
                        throw RemoteFailure.lost(e, " (no worker is left to recover on)");
                    }
                    // From the newest complete checkpoint, or from the start when there is none (or it was lost).
                    restoreFrom = checkpoints == null ? -1 : ClusterCheckpoints.latest(checkpoints, p).orElse(-1);
                }
            }
        } catch (RuntimeException e) {
            if (relay != null) {
                if (e instanceof BspException b) {
                    relay.failed(b, !noneLeft);
                } else {
                    relay.close();
                }
            }
            throw e;
        } finally {
            if (checkpoints != null && !noneLeft) {
                try {
                    checkpoints.destroy();
                } catch (RuntimeException e) {
                    // The client is closing: the workers' map goes with the cluster.
                }
            }
        }
    }

    /**
     * The result of an attempt that restored the checkpoint of {@code restoreFrom} (-1: none) with its supersteps
     * numbered as the run numbers them: the first, {@code restore}, one before the checkpoint's (the workers' parts
     * count their rows from 0). As for a resumed local run, the result lists the supersteps this attempt ran.
     */
    private static <R> BspResult<R> numbered(BspResult<R> r, int restoreFrom) {
        if (restoreFrom <= 0) {
            return r;
        }
        List<io.ticktickclock.SuperstepStats> steps = new ArrayList<>(r.supersteps().size());
        for (io.ticktickclock.SuperstepStats s : r.supersteps()) {
            steps.add(new io.ticktickclock.SuperstepStats(s.superstep() + restoreFrom - 1, s.name(), s.converged(),
                    s.processors()));
        }
        return new BspResult<>(r.results(), r.superstepCount(), r.converged(), steps, r.wallNanos());
    }

    private int processorsFor() {
        if (processors > 0) {
            return processors;
        }
        return client.workers().stream().mapToInt(WorkerInfo::processorCount).sum();
    }

    private List<Object> submit(Object job, String name, int p, List<List<Object>> shares, String runId, int attempt,
            EventRelay relay, Set<String> lost, int every, int restoreFrom) {
        if (relay != null) {
            relay.begin(attempt);
        }
        JobResult result = client.submit(BspTask.class, job.getClass(), worker -> BspTask.request(job, p,
                maxSupersteps, superstepTimeout == null ? 0 : superstepTimeout.toNanos(),
                shares == null ? null : shares.subList(worker.firstProcessor(),
                        worker.firstProcessor() + worker.processorCount()), runId, attempt, relay != null, every,
                restoreFrom), p, lost,
                workers -> {
                    if (relay != null) {
                        relay.started(BspTask.runInfo(runId, name, workers), p, Math.max(0, restoreFrom));
                    }
                });
        return RemoteFailure.check(result, job.getClass().getClassLoader());
    }

    @SuppressWarnings("unchecked")
    private static List<LocalRun.Part> parts(List<Object> outcomes) {
        List<LocalRun.Part> parts = new ArrayList<>();
        for (Object o : outcomes) {
            List<Object> r = (List<Object>) o;
            parts.add(new LocalRun.Part((Integer) r.get(1), (List<Object>) r.get(2), (long[][]) r.get(3),
                    (String[][]) r.get(4)));
        }
        return parts;
    }

    /** Disconnects from the cluster; the workers stay up. */
    @Override
    public void close() {
        client.close();
    }

    /** Configures a {@link ClusterRuntime}. Not thread-safe. */
    public static final class Builder {
        private String clusterName = "ticktickclock";
        private List<String> addresses = List.of("127.0.0.1:5701");
        private int processors;
        private int maxSupersteps = BspRuntime.DEFAULT_MAX_SUPERSTEPS;
        private Duration superstepTimeout;
        private BspObserver observer;
        private int maxRecoveries = 3;
        private int checkpointEvery;

        private Builder() {}

        /**
         * Checkpoints a superstep program's run every {@code supersteps} supersteps (0, the default: none), as
         * {@link BspRuntime.Builder#checkpointEvery} does, into a Hazelcast map of the workers with one backup
         * (a checkpoint survives the loss of any one worker; the map is dropped when the run ends). A run that
         * loses a worker then restarts from its newest complete checkpoint instead of from the start. The state
         * must be encodable as messages that cross JVMs are; a run whose state is not fails at its start. An SPMD
         * job cannot be checkpointed: {@link #run(BspJob)} refuses it. The observer hears
         * {@link BspObserver#checkpointWritten} once every worker has stored its parts of a checkpoint. The result of
         * a run that went on from a checkpoint lists, as a resumed local run's does, the supersteps of its last
         * attempt, numbered as the run numbers them (from its {@code restore} superstep).
         */
        public Builder checkpointEvery(int supersteps) {
            this.checkpointEvery = Checks.nonNegative("checkpointEvery", supersteps);
            return this;
        }

        /**
         * How many times a run may lose a worker and go on (default 3): the lost worker's processors go to the
         * others and the run starts again, from its newest complete checkpoint ({@link #checkpointEvery}) or from
         * the start (the same {@code p}, so the same result); the next loss fails the run with a
         * {@link BspException} naming the worker. Exceptions of the program are never retried. 0: a lost worker
         * fails the run.
         */
        public Builder maxRecoveries(int maxRecoveries) {
            this.maxRecoveries = Checks.nonNegative("maxRecoveries", maxRecoveries);
            return this;
        }

        /**
         * Receives the progress of every run, live, as {@link BspRuntime.Builder#observer} does for a local run
         * (none by default): the workers send it their statistics and series values while the run goes on. The
         * runs' {@link io.ticktickclock.RunInfo} says {@code engine "cluster"} and which worker runs which
         * processors. The calls come in the order {@link BspObserver} promises, from a thread of this client;
         * telemetry never slows the workers: if this side falls far behind, series values are dropped (the
         * statistics of every superstep still arrive, at the latest with the result).
         */
        public Builder observer(BspObserver observer) {
            this.observer = Checks.notNull("observer", observer);
            return this;
        }

        /** The cluster's name: workers of another cluster refuse this client. */
        public Builder clusterName(String name) {
            this.clusterName = Checks.notNull("clusterName", name);
            return this;
        }

        /** Addresses ({@code host:port}) of one or more workers to connect through. */
        public Builder addresses(String... addresses) {
            this.addresses = List.of(addresses);
            return this;
        }

        /** Addresses ({@code host:port}) of one or more workers to connect through. */
        public Builder addresses(List<String> addresses) {
            this.addresses = List.copyOf(addresses);
            return this;
        }

        /** The processor count p of each run; 0 (the default): every processor the workers offer. */
        public Builder processors(int processors) {
            if (processors < 0) {
                throw new IllegalArgumentException("processors must be >= 0 (0: all the workers offer), got "
                        + processors);
            }
            this.processors = processors;
            return this;
        }

        /** The most supersteps a run may execute (as {@link BspRuntime.Builder#maxSupersteps}). */
        public Builder maxSupersteps(int maxSupersteps) {
            if (maxSupersteps < 1) {
                throw new IllegalArgumentException("maxSupersteps must be >= 1, got " + maxSupersteps);
            }
            this.maxSupersteps = maxSupersteps;
            return this;
        }

        /** The longest a superstep may last (as {@link BspRuntime.Builder#superstepTimeout}). */
        public Builder superstepTimeout(Duration timeout) {
            this.superstepTimeout = Checks.notNull("timeout", timeout);
            return this;
        }

        /** Connects to the cluster. */
        public ClusterRuntime connect() {
            return new ClusterRuntime(this);
        }
    }
}
