package io.ticktickclock.cluster.internal;

import io.ticktickclock.BspException;
import io.ticktickclock.BspJob;
import io.ticktickclock.BspProgram;
import io.ticktickclock.BspObserver;
import io.ticktickclock.BspProgramJob;
import io.ticktickclock.BspResult;
import io.ticktickclock.RunInfo;
import io.ticktickclock.WaitStrategy;
import io.ticktickclock.cluster.JobContext;
import io.ticktickclock.cluster.MeshException;
import io.ticktickclock.cluster.WorkerInfo;
import io.ticktickclock.cluster.WorkerJob;
import com.hazelcast.map.IMap;
import io.ticktickclock.internal.Checkpointing;
import io.ticktickclock.internal.LocalRun;
import io.ticktickclock.internal.wire.Wire;
import io.ticktickclock.internal.ProgramRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLClassLoader;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A worker's part of a BSP run on the cluster: builds the program from the shipped job and runs this worker's
 * block of processors, exchanging with the other workers once per superstep over the job's mesh.
 *
 * <p>Parameters (JDK types only, so that they decode under the allow-list): {@link #request}. The
 * result is this worker's part (results and statistics) or, when the run failed, the failure's details as
 * strings: the submitter rebuilds the {@link BspException} even when the user's exception class cannot be
 * loaded there.
 */
public final class BspTask implements WorkerJob {

    /** What the submitter asks a worker to run. */
    record Request(Object job, int processors, int maxSupersteps, long timeoutNanos, List<List<Object>> shares,
            String runId, int attempt, boolean events, int checkpointEvery, int restoreFrom) {
        @SuppressWarnings("unchecked")
        static Request decode(Object parameters) {
            List<Object> p = (List<Object>) parameters;
            return new Request(p.get(0), (Integer) p.get(1), (Integer) p.get(2), (Long) p.get(3),
                    (List<List<Object>>) p.get(4), (String) p.get(5), (Integer) p.get(6), (Boolean) p.get(7),
                    (Integer) p.get(8), (Integer) p.get(9));
        }
    }

    /**
     * A worker's parameters, in JDK types only (they decode under the allow-list): the job, {@code p}, the
     * superstep limit and timeout, the shares of the worker's processors (copied: views do not travel), the
     * run's id, the attempt (0, then one more after each recovery), and whether the submitter listens to the
     * run's live telemetry ({@link EventRelay}); for a superstep program, how many supersteps apart its
     * checkpoints are taken (0: none) and the superstep of the checkpoint it restarts from (-1: none), both in
     * the run's {@link ClusterCheckpoints} map.
     */
    public static List<Object> request(Object job, int processors, int maxSupersteps, long timeoutNanos,
            List<? extends List<?>> shares, String runId, int attempt, boolean events, int checkpointEvery,
            int restoreFrom) {
        ArrayList<Object> copies = null;
        if (shares != null) {
            copies = new ArrayList<>();
            for (List<?> share : shares) {
                copies.add(new ArrayList<>(share));
            }
        }
        return new ArrayList<>(Arrays.asList(job, processors, maxSupersteps, timeoutNanos, copies, runId, attempt,
                events, checkpointEvery, restoreFrom));
    }

    /** The first processor of every worker, then {@code p}. */
    private static int[] blocks(JobContext ctx) {
        int[] blocks = new int[ctx.workers().size() + 1];
        for (int w = 0; w < ctx.workers().size(); w++) {
            blocks[w] = ctx.workers().get(w).firstProcessor();
        }
        blocks[blocks.length - 1] = ctx.totalProcessors();
        return blocks;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object run(JobContext ctx) {
        Request request = Request.decode(ctx.parameters());
        int first = ctx.firstProcessor();
        int local = ctx.processors();
        ClassLoader loader = ctx.jobClassLoader();
        WireCodec codec = new WireCodec(loader, c -> loader instanceof URLClassLoader u
                ? JobHost.fromJar(u, c) : c.getClassLoader() == loader);
        MeshTransport transport = new MeshTransport(ctx.mesh(), ctx.workers());
        WaitStrategy wait = WaitStrategy.adaptive(local, Runtime.getRuntime().availableProcessors());
        JobHost host = JobHost.of(ctx);
        String name = request.job() instanceof BspJob<?, ?> job ? job.name()
                : request.job() instanceof BspProgramJob<?, ?, ?> job ? job.program().name() : null;
        RunInfo run = runInfo(request.runId(), name, ctx.workers());
        BspObserver own = host == null ? null : host.observer();
        EventForwarder forwarder = request.events() && host != null && host.hazelcast() != null
                ? new EventForwarder(host.hazelcast(),
                EventForwarder.topicName(run.id(), request.attempt()), ctx.mesh().self()) : null;
        BspObserver observer = Fanout.of(forwarder, own);
        long start = System.nanoTime();
        try {
            LocalRun.Part part;
            if (request.job() instanceof BspJob<?, ?> job) {
                LocalRun<?, ?> partRun = new LocalRun<>(job.name(), request.processors(), first, local, wait,
                        request.maxSupersteps(), observer, false)
                        .identified(run)
                        .watch(request.timeoutNanos(), 0)
                        .distributed(blocks(ctx), transport, codec);
                follow(forwarder, first, partRun);
                part = ((LocalRun) partRun).executePart((io.ticktickclock.SpmdProgram) job.program());
            } else if (request.job() instanceof BspProgramJob<?, ?, ?> job) {
                BspProgram program = job.program();
                List<List<Object>> shares = offset(request.shares(), first);
                LocalRun<?, ?> partRun = new LocalRun<>(program.name(), request.processors(), first, local, wait,
                        request.maxSupersteps(), observer, true)
                        .identified(run)
                        .watch(request.timeoutNanos(), 0)
                        .distributed(blocks(ctx), transport, codec);
                follow(forwarder, first, partRun);
                Checkpointing checkpoints = checkpointing(request, host, loader, first, local, partRun);
                try {
                    part = ((LocalRun) partRun).executePart(c -> ProgramRunner.execute(program, null, (List) shares,
                            (io.ticktickclock.BspContext) c, checkpoints));
                } finally {
                    settle(checkpoints);
                }
                List<Object> states = new ArrayList<>();
                for (Object o : part.results()) {
                    ProgramRunner.Outcome<?> outcome = (ProgramRunner.Outcome<?>) o;
                    states.add(Arrays.asList(outcome.state(), outcome.converged()));
                }
                part = new LocalRun.Part(part.first(), states, part.stats(), part.names());
            } else {
                throw new IllegalArgumentException("not a BspJob or BspProgramJob: "
                        + (request.job() == null ? "null" : request.job().getClass().getName()));
            }
            if (own != null && own.enabled()) {
                completed(own, run, part, request.processors(), request.job() instanceof BspProgramJob<?, ?, ?>,
                        System.nanoTime() - start);
            }
            return new ArrayList<>(Arrays.asList("ok", part.first(), new ArrayList<>(part.results()), part.stats(),
                    part.names()));
        } catch (BspException e) {
            return failure(e);
        } finally {
            if (forwarder != null) {
                forwarder.close();
            }
        }
    }

    /**
     * How this worker's part takes checkpoints (into the run's map) and what it restores; null for neither.
     */
    private static Checkpointing checkpointing(Request request, JobHost host, ClassLoader loader, int first,
            int local, LocalRun<?, ?> partRun) {
        if ((request.checkpointEvery() == 0 && request.restoreFrom() < 0) || host == null
                || host.hazelcast() == null) {
            return null;
        }
        IMap<String, byte[]> map = ClusterCheckpoints.map(host.hazelcast(), request.runId());
        Checkpointing.Restore restore = null;
        if (request.restoreFrom() >= 0) {
            restore = new Checkpointing.Restore(request.restoreFrom(), ClusterCheckpoints.parts(map,
                    request.restoreFrom(), first, local, request.processors()));
            partRun.startAt(request.restoreFrom() - 1);
        }
        Wire.Options decoding = Wire.Options.defaults(Wire.ClassPolicy.loadedBy(ClassLoader.getSystemClassLoader())
                .or(Wire.ClassPolicy.loadedBy(loader)), loader);
        return new Checkpointing(request.checkpointEvery(), request.checkpointEvery() == 0 ? null
                : new ClusterCheckpoints.Sink(map, first, local, partRun::checkpointWritten), restore, decoding);
    }

    /** Waits until this worker's checkpoint parts are written, so none lands after the run's map is gone. */
    private static void settle(Checkpointing checkpoints) {
        if (checkpoints != null && checkpoints.sink() != null) {
            try {
                checkpoints.sink().awaitWritten();
            } catch (java.io.IOException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                // The run's outcome says what went wrong; a part not written only makes that checkpoint incomplete.
            }
        }
    }

    /** The run as its submitter names it: the same id, program and workers on every worker. */
    public static RunInfo runInfo(String id, String program, List<WorkerInfo> workers) {
        List<RunInfo.Worker> blocks = new ArrayList<>();
        for (WorkerInfo w : workers) {
            blocks.add(new RunInfo.Worker(w.memberAddress(), w.firstProcessor(), w.processorCount()));
        }
        return new RunInfo(id == null ? "cluster-unnamed" : id, program == null ? "?" : program, RunInfo.CLUSTER,
                blocks);
    }

    /**
     * Tells the worker's own observer that its part ended normally: the result holds this worker's processors'
     * results (null for the others') and the superstep count; the statistics came with each superstep.
     */
    @SuppressWarnings("unchecked")
    private static void completed(BspObserver own, RunInfo run, LocalRun.Part part, int processors,
            boolean programMode, long wallNanos) {
        List<Object> results = new ArrayList<>(java.util.Collections.nCopies(processors, null));
        boolean converged = true;
        for (int i = 0; i < part.results().size(); i++) {
            Object r = part.results().get(i);
            results.set(part.first() + i, r);
            if (programMode && r instanceof List<?> l && l.size() == 2 && l.get(1) instanceof Boolean b) {
                converged &= b;
                results.set(part.first() + i, l.get(0));
            }
        }
        int rows = part.names().length == 0 ? 0 : part.names()[0].length;
        try {
            own.runCompleted(run, new BspResult<>(results, programMode ? Math.max(0, rows - 1) : rows, converged,
                    List.of(), wallNanos));
        } catch (RuntimeException e) {
            System.getLogger("io.ticktickclock").log(System.Logger.Level.WARNING, "BSP observer "
                    + own.getClass().getName() + " threw; it is left out of this run", e);
        }
    }

    /** The global-pid view of this worker's shares. */
    private static List<List<Object>> offset(List<List<Object>> local, int first) {
        return new AbstractList<>() {
            @Override
            public List<Object> get(int pid) {
                return local.get(pid - first);
            }

            @Override
            public int size() {
                return first + local.size();
            }
        };
    }

    /** A failed run as strings and numbers: it decodes anywhere. */
    static List<Object> failure(BspException e) {
        Throwable cause = e.getCause();
        boolean elsewhere = false;
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof MeshException m && m.causedElsewhere()) {
                elsewhere = true;
            }
        }
        return new ArrayList<>(Arrays.asList("failed", e.getMessage(), e.processor(), e.superstep(),
                e.superstepName(), e.phase().name(), cause == null ? null : cause.getClass().getName(),
                cause == null ? null : cause.getMessage(), stackTrace(cause), elsewhere));
    }

    static String stackTrace(Throwable t) {
        if (t == null) {
            return null;
        }
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** The worker that holds processor 0 tells the submitter which superstep it is in. */
    private static void follow(EventForwarder forwarder, int first, LocalRun<?, ?> partRun) {
        if (forwarder != null && first == 0) {
            forwarder.follow(partRun);
        }
    }

}
