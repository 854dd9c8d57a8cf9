package io.ticktickclock.internal;

import io.ticktickclock.BspAbortedError;
import io.ticktickclock.BspCancelledException;
import io.ticktickclock.BspException;
import io.ticktickclock.BspObserver;
import io.ticktickclock.BspResult;
import io.ticktickclock.ReduceOp;
import io.ticktickclock.SpmdProgram;
import io.ticktickclock.SuperstepStats;
import io.ticktickclock.WaitStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run of a program on the local runtime: starts one platform thread per processor, waits for them,
 * and turns what they left behind into a {@link BspResult} or a {@link BspException}.
 *
 * <p>Failure protocol: the first failure (a processor's exception, a mismatch found at the barrier, or the
 * caller's interrupt) is recorded with a compare-and-set; then the barrier is aborted, which releases and
 * unwinds every processor waiting or arriving there, and every other processor thread is interrupted in
 * case it blocks elsewhere. The caller always joins every thread before it returns or throws.
 */
public final class LocalRun<M, R> {

    private static final System.Logger LOG = System.getLogger("io.ticktickclock");
    private static final AtomicLong RUN_IDS = new AtomicLong();

    final int processors;
    final int maxSupersteps;
    final boolean programMode;
    private final String programName;
    private final Barrier barrier;
    /** Decides {@link BspResult#converged()} from the results (superstep programs); null means true. */
    private java.util.function.Predicate<List<R>> convergence;
    private volatile BspObserver observer;

    // Channels by [parity][destination][source]; row [parity][d] is what d reads. Each element is written
    // once, by its source, before the source's first barrier.
    final Channel[][][] channels;

    private final Processor<?>[] contexts;
    private final Thread[] threads;
    private final Object[] results;
    private final AtomicReference<BspException> failure = new AtomicReference<>();

    // A failure that could not be reported where it happened (no memory left to build the report): execute
    // reports it after every processor stopped and the run's buffers were dropped. Guarded by 'this'.
    private Throwable unreportedCause;
    private int unreportedPid;
    private int unreportedSuperstep;

    // Touched only by the last party at a barrier (barriers order them).
    private SuperstepStats pendingStats;

    /**
     * @param programMode true for superstep programs: the superstep limit is checked by the program
     *     runner, and the trailing superstep that only ends the program is left out of the result
     */
    public LocalRun(String programName, int processors, WaitStrategy waitStrategy, int maxSupersteps,
            BspObserver observer, boolean programMode) {
        this.programName = programName;
        this.processors = processors;
        this.maxSupersteps = maxSupersteps;
        this.programMode = programMode;
        this.observer = observer != null && wants(observer) ? observer : null;
        this.barrier = new Barrier(processors, waitStrategy, this::onBarrier);
        this.channels = new Channel[2][processors][processors];
        this.contexts = new Processor<?>[processors];
        this.threads = new Thread[processors];
        this.results = new Object[processors];
    }

    private static boolean wants(BspObserver observer) {
        try {
            return observer.enabled();
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "BSP observer " + observer.getClass().getName()
                    + ".enabled() threw; the observer is left out of this run", e);
            return false;
        }
    }

    /** Sets how the result's convergence flag is derived from the processors' results (before observers see it). */
    public LocalRun<M, R> convergence(java.util.function.Predicate<List<R>> convergence) {
        this.convergence = convergence;
        return this;
    }

    /** Runs {@code program} on every processor and waits for all of them. */
    public BspResult<R> execute(SpmdProgram<M, R> program) {
        long start = System.nanoTime();
        notify(o -> o.runStarted(programName, processors));
        long runId = RUN_IDS.incrementAndGet();
        int started = 0;
        boolean interrupted = false;
        boolean joined = false;
        try {
            try {
                // All threads exist before any starts, so a processor that fails at once can interrupt all.
                for (int i = 0; i < processors; i++) {
                    int pid = i;
                    Thread t = new Thread(() -> work(pid, program), "ttc-" + runId + "-p" + pid);
                    t.setDaemon(true);
                    threads[i] = t;
                }
                for (Thread t : threads) {
                    t.start();
                    started++;
                }
            } catch (Throwable e) {
                fail(new BspException("could not start processor thread " + started + ": "
                        + e.getClass().getName(), started, 0, "superstep-0", BspException.Phase.RUNTIME, e));
            }
            interrupted = joinAll(started, false);
            joined = true;
        } finally {
            if (!joined) {
                // Something went wrong on this thread itself (say, OutOfMemoryError): stop and reap the processors.
                barrier.abort();
                interrupted |= joinAll(started, true);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure.get() != null || barrier.isAborted()) {
            releaseBuffers();
        }
        if (failure.get() == null && barrier.isAborted()) {
            // Recording the cause failed where it happened (out of memory while building the report).
            Throwable cause;
            int pid;
            int superstep;
            synchronized (this) {
                cause = unreportedCause;
                pid = unreportedPid;
                superstep = unreportedSuperstep;
            }
            failure.compareAndSet(null, cause == null
                    ? new BspException("the run was aborted but its cause could not be recorded", -1,
                            barrier.generation(), "superstep-" + barrier.generation(), null)
                    : new BspException("processor " + pid + " failed in superstep " + superstep + ": "
                            + cause.getClass().getName() + safeMessage(cause), pid, superstep,
                            "superstep-" + superstep, BspException.Phase.COMPUTE, cause));
        }
        BspException failed = failure.get();
        if (failed != null) {
            notify(o -> o.runFailed(programName, failed));
            throw failed;
        }
        BspResult<R> result = result(System.nanoTime() - start);
        List<SuperstepStats> steps = result.supersteps();
        if (!steps.isEmpty() && !programMode) {
            notify(o -> o.superstepCompleted(programName, steps.get(steps.size() - 1)));
        }
        notify(o -> o.runCompleted(programName, result));
        return result;
    }

    /**
     * Joins the first {@code started} threads, waiting through interrupts. On the normal path an interrupt
     * of the caller cancels the run; on the cleanup path ({@code reap}) the threads are interrupted first.
     *
     * @return whether the calling thread was interrupted meanwhile
     */
    private boolean joinAll(int started, boolean reap) {
        boolean interrupted = false;
        if (reap) {
            for (int i = 0; i < started; i++) {
                threads[i].interrupt();
            }
        }
        for (int i = 0; i < started; i++) {
            while (true) {
                try {
                    threads[i].join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    if (!reap) {
                        cancel();
                    }
                }
            }
        }
        return interrupted;
    }

    private void work(int pid, SpmdProgram<M, R> program) {
        barrier.register(pid);
        if (barrier.isAborted()) {
            // The run failed before this thread started: interrupting a thread that is not alive yet may have
            // had no effect, so do not start the program at all.
            return;
        }
        Processor<M> ctx = null;
        try {
            ctx = new Processor<>(this, barrier, pid);
            contexts[pid] = ctx;
            R r = program.run(ctx);
            ctx.finish();
            results[pid] = r;
        } catch (BspAbortedError aborted) {
            if (failure.get() == null) {
                // Thrown by user code rather than by the runtime: it still has to stop the run.
                failed(pid, ctx, aborted);
            }
        } catch (Throwable t) {
            try {
                failed(pid, ctx, t);
            } catch (OutOfMemoryError again) {
                // Even waking the others ran out of memory: the barrier's flag is set, so wake them once more
                // now that this processor's buffers are gone; execute reports the cause.
                barrier.abort();
            }
        }
    }

    /**
     * Records that processor {@code pid} threw {@code t}. Never calls the user's exception (its message or
     * {@code toString} may throw too), and always stops the run, even if building the report fails.
     */
    private void failed(int pid, Processor<M> ctx, Throwable t) {
        int superstep = ctx == null ? 0 : ctx.superstep();
        try {
            if (t instanceof OutOfMemoryError && ctx != null) {
                // Most likely this processor's own messages filled the heap: free them to make the report.
                ctx.releaseOutgoing();
            }
            String name = ctx == null ? "superstep-0" : ctx.superstepName();
            BspException.Phase phase = ctx != null && ctx.inCommunicate()
                    ? BspException.Phase.COMMUNICATE : BspException.Phase.COMPUTE;
            fail(new BspException("processor " + pid + " failed in superstep " + superstep + " ('" + name + "'): "
                    + t.getClass().getName() + safeMessage(t), pid, superstep, name, phase, t));
        } catch (OutOfMemoryError stillOut) {
            synchronized (this) {
                if (unreportedCause == null) {
                    unreportedCause = t;
                    unreportedPid = pid;
                    unreportedSuperstep = superstep;
                }
            }
            Thread self = Thread.currentThread();
            for (Thread other : threads) {
                if (other != null && other != self) {
                    other.interrupt();
                }
            }
        } finally {
            if (failure.get() == null || !barrier.isAborted()) {
                barrier.abort();
            }
        }
    }

    /** Drops every reference to the processors' buffers once all of them stopped: a failed run keeps none. */
    private void releaseBuffers() {
        java.util.Arrays.fill(contexts, null);
        java.util.Arrays.fill(results, null);
        for (Channel[][] parity : channels) {
            for (Channel[] row : parity) {
                java.util.Arrays.fill(row, null);
            }
        }
    }

    private static String safeMessage(Throwable t) {
        try {
            String message = t.getMessage();
            return message == null ? "" : ": " + message;
        } catch (RuntimeException e) {
            return " (its getMessage() threw " + e.getClass().getName() + ")";
        }
    }

    private void cancel() {
        // The barrier's generation is read with a volatile load: the superstep every processor has reached.
        int superstep = barrier.generation();
        fail(new BspCancelledException(superstep, "superstep-" + superstep));
    }

    /** Records the first failure and stops the run; later failures are attached to it as suppressed. */
    void fail(BspException e) {
        if (failure.compareAndSet(null, e)) {
            barrier.abort();
            Thread self = Thread.currentThread();
            for (Thread t : threads) {
                if (t != null && t != self) {
                    t.interrupt();
                }
            }
        } else if (!causedByAbort(e)) {
            BspException first = failure.get();
            if (first != e) {
                first.addSuppressed(e);
            }
        }
    }

    private static boolean causedByAbort(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BspAbortedError || c instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** Runs on the last party to arrive, before the barrier opens. */
    private void onBarrier(Barrier.Slot[] slots, int superstep) {
        checkSameKind(slots, superstep);
        if (observer != null && superstep > 0) {
            pendingStats = StatsList.superstep(logs(), superstep - 1);
        }
    }

    /**
     * Runs on the last party to arrive at a barrier, after it opened: hands the previous superstep's
     * statistics to the observer. Returns whether it called the observer.
     */
    boolean afterBarrier() {
        SuperstepStats s = pendingStats;
        if (s == null) {
            return false;
        }
        pendingStats = null;
        notify(o -> o.superstepCompleted(programName, s));
        return true;
    }

    private void checkSameKind(Barrier.Slot[] slots, int superstep) {
        Barrier.Slot first = slots[0];
        boolean collective = Kinds.kind(first.kind) > Kinds.END;
        for (Barrier.Slot s : slots) {
            if (s.kind != first.kind || (collective && (s.root != first.root || s.shape != first.shape
                    || !java.util.Objects.equals(s.op, first.op)))) {
                reportMismatch(slots, superstep);
                return;
            }
        }
    }

    /** Fails the run with the processors grouped by what they arrived for. */
    private void reportMismatch(Barrier.Slot[] slots, int superstep) {
        java.util.Map<String, List<Integer>> groups = new java.util.LinkedHashMap<>();
        String[] what = new String[slots.length];
        for (int i = 0; i < slots.length; i++) {
            Barrier.Slot s = slots[i];
            int kind = Kinds.kind(s.kind);
            what[i] = kind == Kinds.END ? "returned from the program"
                    : kind == Kinds.SYNC ? "called sync()"
                    : "called " + Kinds.describe(s.kind, s.root, s.shape, opLabel(slots, s.op));
            groups.computeIfAbsent(what[i], k -> new ArrayList<>()).add(i);
        }
        // Blame the first processor of the smallest group: the odd one out.
        List<Integer> smallest = null;
        for (List<Integer> g : groups.values()) {
            if (smallest == null || g.size() < smallest.size()) {
                smallest = g;
            }
        }
        int culprit = smallest.get(0);
        StringBuilder message = new StringBuilder("processors disagree at the end of superstep ").append(superstep)
                .append(": ");
        String sep = "";
        for (var g : groups.entrySet()) {
            message.append(sep).append("processors ").append(g.getValue()).append(' ').append(g.getKey());
            sep = "; ";
        }
        message.append(". Every processor must call sync() and the same collectives, with the same root, "
                + "length and operation, in the same order");
        fail(new BspException(message.toString(), culprit, superstep, contexts[culprit].superstepName(),
                BspException.Phase.RUNTIME, null));
    }

    /**
     * The operation's name, with its identity hash when another processor brought a different operation of
     * the same name (two custom operations that only share a name).
     */
    private static String opLabel(Barrier.Slot[] slots, ReduceOp op) {
        if (op == null) {
            return null;
        }
        for (Barrier.Slot s : slots) {
            if (s.op != null && !s.op.equals(op) && s.op.name().equals(op.name())) {
                return op.name() + " (instance @" + Integer.toHexString(System.identityHashCode(op)) + ")";
            }
        }
        return op.name();
    }

    private StatsLog[] logs() {
        StatsLog[] logs = new StatsLog[processors];
        for (int p = 0; p < processors; p++) {
            logs[p] = contexts[p].stats;
        }
        return logs;
    }

    @SuppressWarnings("unchecked")
    private BspResult<R> result(long wallNanos) {
        int rows = contexts[0].stats.rows();
        int count = programMode ? rows - 1 : rows;
        List<SuperstepStats> steps = new StatsList(logs(), count);
        List<R> list = new ArrayList<>(processors);
        for (Object r : results) {
            list.add((R) r);
        }
        return new BspResult<>(list, count, convergence == null || convergence.test(list), steps, wallNanos);
    }

    private void notify(java.util.function.Consumer<BspObserver> call) {
        BspObserver o = observer;
        if (o == null) {
            return;
        }
        try {
            call.accept(o);
        } catch (RuntimeException | Error e) {
            observer = null;
            LOG.log(System.Logger.Level.WARNING, "BSP observer " + o.getClass().getName()
                    + " threw and was detached from run of '" + programName + "'", e);
        }
    }
}
