package io.ticktickclock.internal;

import io.ticktickclock.BspAbortedError;
import io.ticktickclock.BspCancelledException;
import io.ticktickclock.BspException;
import io.ticktickclock.BspObserver;
import io.ticktickclock.BspResult;
import io.ticktickclock.RunInfo;
import io.ticktickclock.BspTimeoutException;
import io.ticktickclock.ReduceOp;
import io.ticktickclock.SpmdProgram;
import io.ticktickclock.SuperstepStats;
import io.ticktickclock.WaitStrategy;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
    /** The processors this JVM runs: {@code [first, first + local)}; all of them unless distributed. */
    final int first;
    final int local;
    final int maxSupersteps;
    /** The superstep the processors start in: 0, or a resumed run's restore superstep ({@link #startAt}). */
    int firstSuperstep;
    final boolean programMode;
    private final String programName;
    private final long runId = RUN_IDS.incrementAndGet();
    private RunInfo run;
    private volatile int lastCheckpoint = -1;
    private final Barrier barrier;
    /** Decides {@link BspResult#converged()} from the results (superstep programs); null means true. */
    private java.util.function.Predicate<List<R>> convergence;
    private volatile BspObserver observer;
    private final Object observerLock = new Object();

    /** New channels announced to each destination, by {@code 2 * destination + parity} ({@link Outbox}). */
    final AtomicReferenceArray<Channel> announced;

    /** The local processors, by {@code pid - first}. */
    private final Processor<?>[] contexts;
    /** Every processor's statistics, by pid: the local processors' own, mirrors of the others' (distributed). */
    private final StatsLog[] logs;
    /** The barrier between workers; null for a run in one JVM. */
    private WorkerExchange exchange;
    private final Thread[] threads;
    private final Object[] results;
    private final AtomicReference<BspException> failure = new AtomicReference<>();
    /** Counted down by every processor thread as its last action (and for each thread never started). */
    private final CountDownLatch ended;
    private long timeoutNanos;
    private long slowNanos;

    // A failure that could not be reported where it happened (no memory left to build the report): execute
    // reports it after every processor stopped and the run's buffers were dropped. Guarded by 'this'.
    private Throwable unreportedCause;
    private int unreportedPid;
    private int unreportedSuperstep;

    // Touched only by the last party at a barrier (barriers order them).
    private SuperstepStats pendingStats;

    /** Processor 0's superstep and its name, for {@link AsyncRun#status()}. */
    private final Progress progress = new Progress();

    /**
     * @param programMode true for superstep programs: the superstep limit is checked by the program
     *     runner, and the trailing superstep that only ends the program is left out of the result
     */
    public LocalRun(String programName, int processors, WaitStrategy waitStrategy, int maxSupersteps,
            BspObserver observer, boolean programMode) {
        this(programName, processors, 0, processors, waitStrategy, maxSupersteps, observer, programMode);
    }

    /**
     * A run of processors {@code [first, first + local)} of {@code processors}: one worker's part of a
     * distributed run, connected to the others with {@link #distributed}.
     */
    public LocalRun(String programName, int processors, int first, int local, WaitStrategy waitStrategy,
            int maxSupersteps, BspObserver observer, boolean programMode) {
        this.programName = programName;
        this.run = RunInfo.local(runId, programName);
        this.processors = processors;
        this.first = first;
        this.local = local;
        this.maxSupersteps = maxSupersteps;
        this.programMode = programMode;
        this.observer = observer != null && wants(observer) ? observer : null;
        this.barrier = new Barrier(local, first, processors, waitStrategy, this::onBarrier);
        this.announced = new AtomicReferenceArray<>(2 * processors);
        this.contexts = new Processor<?>[local];
        this.logs = new StatsLog[processors];
        this.threads = new Thread[local];
        this.results = new Object[local];
        this.ended = new CountDownLatch(local);
    }

    /**
     * Connects this worker's part to the other workers' through {@code transport}.
     *
     * @param workerFirst the first processor of every worker, then {@code processors}: contiguous blocks
     * @param codec encodes the object messages and collective payloads that cross workers
     */
    public LocalRun<M, R> distributed(int[] workerFirst, Transport transport, ObjectCodec codec) {
        int self = transport.self();
        if (workerFirst.length != transport.workers() + 1 || workerFirst[self] != first
                || workerFirst[self + 1] != first + local || workerFirst[workerFirst.length - 1] != processors) {
            throw new IllegalArgumentException("worker blocks " + java.util.Arrays.toString(workerFirst)
                    + " do not match worker " + self + " running processors [" + first + ", " + (first + local)
                    + ") of " + processors);
        }
        for (int pid = 0; pid < processors; pid++) {
            if (pid < first || pid >= first + local) {
                logs[pid] = new StatsLog();
            }
        }
        this.exchange = new WorkerExchange(processors, workerFirst, transport, codec, announced, logs);
        return this;
    }

    /**
     * Names this run as its engine does (a cluster run: the same {@link RunInfo} on the submitter and on
     * every worker) instead of {@code local-<n>}. Call before the run starts.
     */
    public LocalRun<M, R> identified(RunInfo run) {
        this.run = java.util.Objects.requireNonNull(run, "run");
        return this;
    }

    /** Whether the processors write their parity and superstep name to their slots for other workers. */
    boolean isDistributed() {
        return exchange != null;
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

    /**
     * Sets the superstep timeout and the slow-superstep threshold, in nanoseconds ({@code 0}: none). A
     * superstep that lasts longer than the timeout fails the run with a {@link BspTimeoutException}; one
     * that lasts longer than the threshold is reported once to the observer, naming the late processors.
     */
    public LocalRun<M, R> watch(long superstepTimeoutNanos, long slowSuperstepNanos) {
        this.timeoutNanos = superstepTimeoutNanos;
        this.slowNanos = slowSuperstepNanos;
        return this;
    }

    /**
     * Starts the processors in superstep {@code superstep} instead of 0 (a resumed run's restore superstep),
     * so that superstep numbers, statistics and the superstep limit go on from where the checkpointed run was.
     * The checkpoint it restores, that of {@code superstep + 1}, is the run's last checkpoint from the start.
     */
    public LocalRun<M, R> startAt(int superstep) {
        this.firstSuperstep = Checks.nonNegative("superstep", superstep);
        lastCheckpoint = Math.max(lastCheckpoint, superstep + 1);
        return this;
    }

    /** The observer's checkpoint-written call (from the thread that wrote it, never with another call). */
    public void checkpointWritten(int superstep, long bytes, long nanos) {
        lastCheckpoint = Math.max(lastCheckpoint, superstep);
        notify(o -> o.checkpointWritten(run, superstep, bytes, nanos));
    }

    /** The observer's run-resumed call: the run restores the checkpoint of {@code superstep}. */
    public void resumed(int superstep) {
        lastCheckpoint = Math.max(lastCheckpoint, superstep);
        notify(o -> o.runResumed(run, superstep));
    }

    /** The superstep of the run's newest durable checkpoint (the one it resumed from, at first), or -1. */
    public int lastCheckpoint() {
        return lastCheckpoint;
    }

    /** Sets how the result's convergence flag is derived from the processors' results (before observers see it). */
    public LocalRun<M, R> convergence(java.util.function.Predicate<List<R>> convergence) {
        this.convergence = convergence;
        return this;
    }

    /** Runs {@code program} on every processor and waits for all of them. */
    public BspResult<R> execute(SpmdProgram<M, R> program) {
        if (exchange != null) {
            throw new IllegalStateException("a worker's part of a distributed run: call executePart");
        }
        long start = System.nanoTime();
        runAll(program);
        BspResult<R> result = result(System.nanoTime() - start);
        List<SuperstepStats> steps = result.supersteps();
        if (!steps.isEmpty() && !programMode) {
            notify(o -> o.superstepCompleted(run, steps.get(steps.size() - 1)));
        }
        notify(o -> o.runCompleted(run, result));
        return result;
    }

    /**
     * Runs this worker's processors of a distributed run and waits for them; the caller assembles the
     * run's result from every worker's part ({@link #assemble}).
     */
    public Part executePart(SpmdProgram<M, R> program) {
        runAll(program);
        return part();
    }

    /** Runs the local processors and waits for them; throws the run's failure. */
    private void runAll(SpmdProgram<M, R> program) {
        notify(o -> o.runStarted(run, processors));
        int started = 0;
        boolean interrupted = false;
        boolean joined = false;
        try {
            try {
                // All threads exist before any starts, so a processor that fails at once can interrupt all.
                for (int i = 0; i < local; i++) {
                    int pid = first + i;
                    Thread t = new Thread(() -> work(pid, program), "ttc-" + runId + "-p" + pid);
                    t.setDaemon(true);
                    threads[i] = t;
                }
                for (Thread t : threads) {
                    t.start();
                    started++;
                }
            } catch (Throwable e) {
                fail(new BspException("could not start processor thread " + (first + started) + ": "
                        + e.getClass().getName(), first + started, 0, "superstep-0", BspException.Phase.RUNTIME, e));
            }
            for (int i = started; i < local; i++) {
                ended.countDown();
            }
            interrupted = watch();
            joined = true;
        } finally {
            if (!joined) {
                // Something went wrong on this thread itself (say, OutOfMemoryError): stop and reap the processors.
                barrier.abort();
                for (int i = 0; i < started; i++) {
                    threads[i].interrupt();
                }
                interrupted |= watch();
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
            notify(o -> o.runFailed(run, failed));
            throw failed;
        }
    }

    /** How long a failed or cancelled run waits for its processors to stop before it gives up on them. */
    private static final long GRACE_NANOS = 900_000_000L;

    /**
     * Waits for every processor thread to end, watching the run meanwhile: an interrupt of the caller
     * cancels the run; a superstep longer than the timeout fails it; a superstep longer than the slow
     * threshold is reported once. Once the run has failed, processors get {@link #GRACE_NANOS} to stop; those
     * that do not (stuck in code that ignores interrupts) are named in the failure and left behind: they are
     * daemon threads, and Java cannot kill a thread.
     *
     * @return whether the calling thread was interrupted meanwhile
     */
    private boolean watch() {
        boolean interrupted = false;
        long tick = TimeUnit.MILLISECONDS.toNanos(50);
        for (long limit : new long[] {timeoutNanos, slowNanos}) {
            if (limit > 0) {
                tick = Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(tick, limit / 10));
            }
        }
        int generation = barrier.generation();
        long since = System.nanoTime();
        boolean slowReported = false;
        long graceEnds = 0;
        while (true) {
            try {
                if (ended.await(tick, TimeUnit.NANOSECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
                cancel();
            }
            long now = System.nanoTime();
            if (failure.get() != null || barrier.isAborted()) {
                if (graceEnds == 0) {
                    // Wake every parked processor once more from here: the thread that aborted may have run
                    // out of memory before it woke them all.
                    barrier.abort();
                    graceEnds = now + GRACE_NANOS;
                } else if (now - graceEnds >= 0) {
                    break;
                }
                continue;
            }
            int current = barrier.generation();
            int absolute = firstSuperstep + current;
            if (current != generation) {
                generation = current;
                since = now;
                slowReported = false;
            } else if (timeoutNanos > 0 && now - since >= timeoutNanos) {
                timedOut(absolute, now - since);
            } else if (slowNanos > 0 && !slowReported && now - since >= slowNanos && observer != null) {
                slowReported = true;
                List<Integer> late = lateProcessors(absolute);
                long elapsed = now - since;
                int superstep = absolute;
                notify(o -> o.superstepSlow(run, superstep, elapsed, late));
            }
        }
        // Threads that counted down are at their very end; those that did not are left behind and named.
        List<Integer> stuck = new ArrayList<>();
        for (int i = 0; i < local; i++) {
            Thread t = threads[i];
            if (t == null || !t.isAlive()) {
                continue;
            }
            if (ended.getCount() == 0) {
                interrupted |= joinQuietly(t);
            } else {
                stuck.add(first + i);
            }
        }
        if (!stuck.isEmpty()) {
            leftBehind(stuck);
        }
        return interrupted;
    }

    private static boolean joinQuietly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    /** Processors that have not arrived at the barrier ending superstep {@code superstep}, in order. */
    private List<Integer> lateProcessors(int superstep) {
        List<Integer> late = new ArrayList<>();
        for (int i = 0; i < local; i++) {
            Processor<?> c = contexts[i];
            if (c == null || c.arrivedAt() < superstep) {
                late.add(first + i);
            }
        }
        return late;
    }

    private void timedOut(int superstep, long elapsedNanos) {
        List<Integer> late = lateProcessors(superstep);
        String name = late.isEmpty() || contexts[late.get(0) - first] == null
                ? "superstep-" + superstep : contexts[late.get(0) - first].superstepName();
        BspTimeoutException e = new BspTimeoutException(superstep, name, Duration.ofNanos(timeoutNanos), late);
        for (int pid : late) {
            e.addSuppressed(stackOf(pid, "had not reached the barrier after "
                    + TimeUnit.NANOSECONDS.toMillis(elapsedNanos) + " ms"));
        }
        fail(e);
    }

    /** Names, in the failure and the log, the processors that did not stop within the grace period. */
    private void leftBehind(List<Integer> stuck) {
        BspException e = failure.get();
        String what = "processor thread(s) " + stuck + " did not stop within " + TimeUnit.NANOSECONDS.toMillis(
                GRACE_NANOS) + " ms of the run's failure (they ignore interrupts and never reached sync()); "
                + "Java cannot kill a thread, so these daemon threads are left running";
        LOG.log(System.Logger.Level.WARNING, "run of '" + programName + "': " + what);
        if (e != null) {
            for (int pid : stuck) {
                e.addSuppressed(stackOf(pid, "could not be stopped: it ignores interrupts and never reached "
                        + "sync(); its daemon thread is left running"));
            }
        }
    }

    private StackSnapshot stackOf(int pid, String what) {
        Thread t = threads[pid - first];
        return new StackSnapshot("processor " + pid + (t == null ? "" : " (thread " + t.getName() + ", "
                + t.getState() + ")") + " " + what, t == null ? new StackTraceElement[0] : t.getStackTrace());
    }

    private void work(int pid, SpmdProgram<M, R> program) {
        try {
            runProcessor(pid, program);
        } finally {
            ended.countDown();
        }
    }

    private void runProcessor(int pid, SpmdProgram<M, R> program) {
        barrier.register(pid);
        if (barrier.isAborted()) {
            // The run failed before this thread started: interrupting a thread that is not alive yet may have
            // had no effect, so do not start the program at all.
            return;
        }
        Processor<M> ctx = null;
        try {
            ctx = new Processor<>(this, barrier, pid);
            contexts[pid - first] = ctx;
            logs[pid] = ctx.stats;
            R r = program.run(ctx);
            ctx.finish();
            results[pid - first] = r;
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
                // now that this processor's buffers are gone; execute reports the cause. If that fails too,
                // the watching thread wakes them when it sees the aborted barrier.
                try {
                    barrier.abort();
                } catch (OutOfMemoryError stillOut) {
                    // Nothing more this thread can do; its frames and buffers are freed as it ends.
                }
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
            // A StringBuilder, not '+': the first use of a '+' call site links it by spinning a class, which
            // fails when the heap is full (BootstrapMethodError, which no handler here would expect).
            String report = new StringBuilder(160).append("processor ").append(pid).append(" failed in superstep ")
                    .append(superstep).append(" ('").append(name).append("'): ").append(t.getClass().getName())
                    .append(safeMessage(t)).toString();
            fail(new BspException(report, pid, superstep, name, phase, t));
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
        java.util.Arrays.fill(logs, null);
        for (int i = 0; i < announced.length(); i++) {
            announced.set(i, null);
        }
    }

    private static String safeMessage(Throwable t) {
        try {
            String message = t.getMessage();
            return message == null ? "" : ": ".concat(message);     // no '+': see failed
        } catch (RuntimeException e) {
            return " (its getMessage() threw " + e.getClass().getName() + ")";
        }
    }

    private void cancel() {
        // The barrier's generation is read with a volatile load: the superstep every processor has reached.
        int superstep = firstSuperstep + barrier.generation();
        fail(new BspCancelledException(superstep, "superstep-" + superstep));
    }

    /**
     * Cancels the run from any thread, as an interrupt of the caller would.
     *
     * @return whether this call stopped the run (false if it had already failed or been cancelled)
     */
    boolean cancel(String reason) {
        Progress.Snapshot at = progress.read();
        BspCancelledException e = new BspCancelledException(at.superstep(), at.name(), reason);
        fail(e);
        return failure.get() == e;
    }

    /**
     * The superstep processor 0 is in and its name, as its thread publishes them (in a distributed part, only
     * the part that holds processor 0 publishes).
     */
    public Progress progress() {
        return progress;
    }

    /** Set once the first failure has interrupted every other processor thread. */
    private volatile boolean interruptsSent;

    /**
     * Waits (at most a second) until the failure that stopped the run has interrupted every processor, so
     * that a processor clearing its interrupt status (to run a best-effort finalizer) is not interrupted again
     * afterwards.
     */
    void awaitInterruptsSent() {
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (!interruptsSent && System.nanoTime() - deadline < 0) {
            Thread.yield();
        }
    }

    /** Records the first failure and stops the run; later failures are attached to it as suppressed. */
    void fail(BspException e) {
        if (failure.compareAndSet(null, e)) {
            barrier.abort();
            WorkerExchange x = exchange;
            if (x != null) {
                try {
                    x.abort(e);
                } catch (RuntimeException | Error ignored) {
                    // Telling the other workers is best effort: they also learn it from the submitter.
                }
            }
            Thread self = Thread.currentThread();
            for (Thread t : threads) {
                if (t != null && t != self) {
                    t.interrupt();
                }
            }
            interruptsSent = true;
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
        if (exchange != null) {
            try {
                exchange.exchange(slots, superstep);
            } catch (BspException e) {
                fail(e);
                return;
            }
        }
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
        notify(o -> o.superstepCompleted(run, s));
        return true;
    }

    /** A processor's {@link io.ticktickclock.BspContext#report}: checked, then nothing more unless observed. */
    void report(int pid, int superstep, String series, double value) {
        if (series == null || series.isBlank()) {
            throw series == null ? new NullPointerException("series must not be null")
                    : new IllegalArgumentException("series must be a non-blank name, got '" + series + "'");
        }
        if (observer != null) {
            notify(o -> o.seriesReported(run, pid, superstep, series, value));
        }
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
        String name = culprit >= first && culprit < first + local ? contexts[culprit - first].superstepName()
                : slots[culprit].name != null ? slots[culprit].name : "superstep-" + superstep;
        fail(new BspException(message.toString(), culprit, superstep, name, BspException.Phase.RUNTIME, null));
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

    /**
     * This worker's part of a distributed run, after {@link #execute} returned: its processors' results and
     * statistics, for {@link #assemble}.
     */
    public Part part() {
        long[][] stats = new long[local][];
        String[][] names = new String[local][];
        for (int i = 0; i < local; i++) {
            StatsLog log = contexts[i].stats;
            int rows = log.rows();
            stats[i] = new long[rows * StatsLog.COLUMNS];
            names[i] = new String[rows];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < StatsLog.COLUMNS; c++) {
                    stats[i][r * StatsLog.COLUMNS + c] = log.column(r, c);
                }
                names[i][r] = log.recordedName(r);
            }
        }
        return new Part(first, java.util.Arrays.asList(results.clone()), stats, names);
    }

    /**
     * One worker's part of a distributed run's outcome.
     *
     * @param first its first processor
     * @param results its processors' results, in processor order
     * @param stats per processor, its statistics rows, {@code 9} columns each
     * @param names per processor, the names of its supersteps (null where unnamed)
     */
    public record Part(int first, List<Object> results, long[][] stats, String[][] names) {}

    /**
     * The result of a distributed run from its workers' parts, as a run in one JVM would have returned it.
     *
     * @param programMode as for the parts' runs
     * @param convergence decides {@link BspResult#converged()} from the results, or null (true)
     */
    @SuppressWarnings("unchecked")
    public static <R> BspResult<R> assemble(List<Part> parts, boolean programMode,
            java.util.function.Predicate<List<R>> convergence, long wallNanos) {
        List<Part> ordered = new ArrayList<>(parts);
        ordered.sort(java.util.Comparator.comparingInt(Part::first));
        List<StatsLog> all = new ArrayList<>();
        List<R> results = new ArrayList<>();
        for (Part part : ordered) {
            if (part.first() != all.size()) {
                throw new IllegalArgumentException("the workers' parts do not cover processors 0.." + all.size()
                        + " contiguously: the next part starts at " + part.first());
            }
            for (int i = 0; i < part.stats().length; i++) {
                StatsLog log = new StatsLog();
                long[] table = part.stats()[i];
                long[] row = new long[StatsLog.COLUMNS];
                for (int r = 0; r < part.names()[i].length; r++) {
                    System.arraycopy(table, r * StatsLog.COLUMNS, row, 0, StatsLog.COLUMNS);
                    log.append(row, part.names()[i][r]);
                }
                all.add(log);
                results.add((R) part.results().get(i));
            }
        }
        StatsLog[] logs = all.toArray(new StatsLog[0]);
        int rows = logs[0].rows();
        int count = programMode ? rows - 1 : rows;
        return new BspResult<>(results, count, convergence == null || convergence.test(results),
                new StatsList(logs, count), wallNanos);
    }

    private StatsLog[] logs() {
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
            // The watchdog's superstepSlow call comes from another thread than the barrier's calls.
            synchronized (observerLock) {
                call.accept(o);
            }
        } catch (RuntimeException | Error e) {
            observer = null;
            LOG.log(System.Logger.Level.WARNING, "BSP observer " + o.getClass().getName()
                    + " threw and was detached from run of '" + programName + "'", e);
        }
    }
}
