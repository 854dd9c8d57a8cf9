package io.ticktickclock.cluster.internal;

import io.ticktickclock.BspException;
import io.ticktickclock.BspJob;
import io.ticktickclock.BspProgram;
import io.ticktickclock.BspProgramJob;
import io.ticktickclock.WaitStrategy;
import io.ticktickclock.cluster.JobContext;
import io.ticktickclock.cluster.MeshException;
import io.ticktickclock.cluster.WorkerJob;
import io.ticktickclock.internal.LocalRun;
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
    record Request(Object job, int processors, int maxSupersteps, long timeoutNanos, List<List<Object>> shares) {
        @SuppressWarnings("unchecked")
        static Request decode(Object parameters) {
            List<Object> p = (List<Object>) parameters;
            return new Request(p.get(0), (Integer) p.get(1), (Integer) p.get(2), (Long) p.get(3),
                    (List<List<Object>>) p.get(4));
        }
    }

    /**
     * A worker's parameters, in JDK types only (they decode under the allow-list): the job, {@code p}, the
     * superstep limit and timeout, and the shares of the worker's processors (copied: views do not travel).
     */
    public static List<Object> request(Object job, int processors, int maxSupersteps, long timeoutNanos,
            List<? extends List<?>> shares) {
        ArrayList<Object> copies = null;
        if (shares != null) {
            copies = new ArrayList<>();
            for (List<?> share : shares) {
                copies.add(new ArrayList<>(share));
            }
        }
        return new ArrayList<>(Arrays.asList(job, processors, maxSupersteps, timeoutNanos, copies));
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
        try {
            LocalRun.Part part;
            if (request.job() instanceof BspJob<?, ?> job) {
                part = new LocalRun<>(job.name(), request.processors(), first, local, wait,
                        request.maxSupersteps(), null, false)
                        .watch(request.timeoutNanos(), 0)
                        .distributed(blocks(ctx), transport, codec)
                        .executePart((io.ticktickclock.SpmdProgram) job.program());
            } else if (request.job() instanceof BspProgramJob<?, ?, ?> job) {
                BspProgram program = job.program();
                List<List<Object>> shares = offset(request.shares(), first);
                part = new LocalRun<>(program.name(), request.processors(), first, local, wait,
                        request.maxSupersteps(), null, true)
                        .watch(request.timeoutNanos(), 0)
                        .distributed(blocks(ctx), transport, codec)
                        .executePart(c -> ProgramRunner.execute(program, (List) shares, c));
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
            return new ArrayList<>(Arrays.asList("ok", part.first(), new ArrayList<>(part.results()), part.stats(),
                    part.names()));
        } catch (BspException e) {
            return failure(e);
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
}
