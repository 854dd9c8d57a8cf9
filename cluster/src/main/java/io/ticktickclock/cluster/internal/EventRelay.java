package io.ticktickclock.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import io.ticktickclock.BspException;
import io.ticktickclock.BspObserver;
import io.ticktickclock.BspResult;
import io.ticktickclock.ProcessorStats;
import io.ticktickclock.RunInfo;
import io.ticktickclock.SuperstepStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The submitter's side of a cluster run's live telemetry: receives the workers' {@link EventForwarder} batches
 * from the run's topic and makes the calls on the submitter's observer that a local run would have made, in the
 * order {@link BspObserver} promises.
 *
 * <p>Each worker's batches are put back in their sequence order; a batch that more than
 * {@value #MAX_WAITING_BATCHES} later ones have overtaken counts as lost (a topic delivers at most once), so a lost
 * batch costs its series values, never the rest of the run's telemetry. Once a worker of an attempt is lost, the
 * attempt's late batches are ignored: the next attempt reports the progress. A series value is passed on as it
 * comes; the statistics of superstep {@code s} are passed on once every worker has said it finished {@code s} (so
 * every series value of {@code s} came before them). {@link #completed} waits a little for the workers' last
 * batches, then passes on the statistics still missing (from the run's result: none is lost even when batches
 * were) and {@code runCompleted}. A checkpoint is passed on ({@code checkpointWritten}, the sum of the workers'
 * bytes, the longest worker's time) once every worker of the attempt has stored its parts of it, each superstep's
 * once even when a recovery takes it again. Observer calls are made one at a time, under this relay's lock.
 */
public final class EventRelay implements AutoCloseable {
    private static final long LAST_BATCH_WAIT_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** Batches of one worker that may wait for an earlier one before that one counts as lost. */
    static final int MAX_WAITING_BATCHES = 16;

    private final BspObserver observer;
    private final java.util.function.ObjIntConsumer<String> progress;
    private final HazelcastInstance hazelcast;
    private final String runId;
    private ITopic<byte[]> topic; // guarded by this: the current attempt's
    private UUID registration; // guarded by this
    private int attempt = -1; // guarded by this
    private RunInfo run; // guarded by this; null until started
    private boolean attemptStarted; // guarded by this
    private int recoverAt = -1; // guarded by this: the superstep to reach again after a loss, or -1
    private long lostAt; // guarded by this: System.nanoTime() of the loss
    private int workerCount; // guarded by this
    private final Map<Integer, Integer> nextSequence = new HashMap<>(); // guarded by this
    private final Map<Integer, TreeMap<Integer, List<Object>>> early = new HashMap<>(); // guarded by this
    private final Map<Integer, Integer> stepMarks = new HashMap<>(); // guarded by this
    private final Map<Integer, SuperstepStats> stepStats = new HashMap<>(); // guarded by this
    private final List<List<Object>> beforeStart = new ArrayList<>(); // guarded by this
    // Guarded by this: per checkpoint superstep of the current attempt, {workers that stored their parts, bytes,
    // the longest worker's nanos}; and the newest checkpoint passed on (a recovery takes some again: not repeated).
    private final Map<Integer, long[]> checkpoints = new HashMap<>();
    private int lastCheckpoint = -1;
    private int nextStep; // guarded by this: the next superstep to pass on
    private int lastBatches; // guarded by this
    private boolean detached; // guarded by this

    /**
     * A relay for run {@code runId}; call {@link #begin} before each attempt is submitted. It tells
     * {@code observer} the run's observer calls, and {@code progress} the superstep processor 0 is in and its
     * name, as its worker reports it (about every 100 ms, ahead of the superstep's statistics).
     *
     * @param observer told the run's observer calls; may be null when only {@code progress} listens
     * @param progress told each progress report, or null
     */
    public EventRelay(HazelcastInstance hazelcast, String runId, BspObserver observer,
            java.util.function.ObjIntConsumer<String> progress) {
        this.progress = progress;
        this.observer = observer;
        this.hazelcast = hazelcast;
        this.runId = runId;
    }

    /**
     * Listens to attempt {@code attempt} of the run (0 first, one more after each recovery), forgetting what the
     * previous attempt's workers sent; call {@link #started} once its workers are known.
     */
    public synchronized void begin(int attempt) {
        unsubscribe();
        this.attempt = attempt;
        attemptStarted = false;
        nextSequence.clear();
        early.clear();
        stepMarks.clear();
        stepStats.clear();
        beforeStart.clear();
        checkpoints.clear();
        lastBatches = 0;
        ITopic<byte[]> t = hazelcast.getTopic(EventForwarder.topicName(runId, attempt));
        int mine = attempt;
        registration = t.addMessageListener(m -> received(mine, m));
        topic = t;
    }

    /** The run's id. */
    public String runId() {
        return runId;
    }

    /**
     * The current attempt has been handed to its workers: tells the observer the run started (the first attempt)
     * or is recovering from superstep {@code fromSuperstep} on these workers (a later one).
     */
    public synchronized void started(RunInfo attemptRun, int processors, int fromSuperstep) {
        this.workerCount = attemptRun.workers().size();
        if (run == null) {
            run = attemptRun;
            call(o -> o.runStarted(run, processors));
        } else {
            call(o -> o.recoveryStarted(run, fromSuperstep, attemptRun.workers()));
        }
        attemptStarted = true;
        for (List<Object> batch : beforeStart) {
            accept(batch);
        }
        beforeStart.clear();
    }

    /**
     * The current attempt lost {@code worker}: tells the observer, and remembers where the run was, so that the
     * next attempt reports when it is back there.
     */
    public synchronized void lost(RunInfo.Worker worker) {
        if (run == null) {
            return;
        }
        attemptStarted = false;
        attempt = -1; // the lost attempt's late batches are not this run's progress any more
        int at = nextStep;
        call(o -> o.workerLost(run, worker, at));
        if (recoverAt < 0) {
            recoverAt = nextStep - 1;
            lostAt = System.nanoTime();
        }
    }

    @SuppressWarnings("unchecked")
    private void received(int from, Message<byte[]> message) {
        List<Object> batch;
        try {
            batch = (List<Object>) ObjectCodec.decode(message.getMessageObject(), EventRelay.class.getClassLoader(),
                    c -> false);
        } catch (RuntimeException e) {
            return; // not a batch of ours: telemetry is best effort, the run's result is not affected
        }
        synchronized (this) {
            if (from != attempt) {
                return; // a late batch of an attempt that lost a worker
            }
            if (!attemptStarted) {
                beforeStart.add(batch);
            } else {
                accept(batch);
            }
        }
    }

    /** Puts a worker's batches back in order and passes on those that are next. */
    private void accept(List<Object> batch) {
        int worker = (Integer) batch.get(0);
        int sequence = (Integer) batch.get(1);
        early.computeIfAbsent(worker, w -> new TreeMap<>()).put(sequence, batch);
        TreeMap<Integer, List<Object>> waiting = early.get(worker);
        int next = nextSequence.getOrDefault(worker, 0);
        if (waiting.size() > MAX_WAITING_BATCHES && waiting.firstKey() > next) {
            // A topic delivers at most once: a batch this late is lost. Go on without it rather than wait forever
            // (its statistics come with the result; only its series values are lost).
            next = waiting.firstKey();
        }
        while (!waiting.isEmpty() && waiting.firstKey() == next) {
            List<Object> b = waiting.pollFirstEntry().getValue();
            for (int i = 3; i < b.size(); i++) {
                item((List<Object>) b.get(i));
            }
            if ((Boolean) b.get(2)) {
                lastBatches++;
                notifyAll();
            }
            next++;
        }
        nextSequence.put(worker, next);
    }

    @SuppressWarnings("unchecked")
    private void item(List<Object> item) {
        int kind = (Integer) item.get(0);
        if (kind == EventForwarder.PROGRESS) {
            if (progress != null) {
                progress.accept((String) item.get(2), (Integer) item.get(1));
            }
        } else if (kind == EventForwarder.SERIES) {
            int processor = (Integer) item.get(1);
            int superstep = (Integer) item.get(2);
            String series = (String) item.get(3);
            double value = (Double) item.get(4);
            call(o -> o.seriesReported(run, processor, superstep, series, value));
        } else if (kind == EventForwarder.CHECKPOINT) {
            int superstep = (Integer) item.get(1);
            long[] c = checkpoints.computeIfAbsent(superstep, k -> new long[3]);
            c[0]++;
            c[1] += (Long) item.get(2);
            c[2] = Math.max(c[2], (Long) item.get(3));
            if (c[0] == workerCount) {
                checkpoints.remove(superstep);
                if (superstep > lastCheckpoint) {
                    lastCheckpoint = superstep;
                    call(o -> o.checkpointWritten(run, superstep, c[1], c[2]));
                }
            }
        } else if (kind == EventForwarder.STEP) {
            int superstep = (Integer) item.get(1);
            long[] rows = (long[]) item.get(4);
            if (stepMarks.merge(superstep, 1, Integer::sum) == workerCount) {
                recovered(superstep);
            }
            if (superstep < nextStep) {
                stepMarks.remove(superstep); // a recovery runs it again: it was delivered before the loss
                return;
            }
            if (rows != null) {
                stepStats.put(superstep, stats(superstep, (String) item.get(2), (Boolean) item.get(3), rows));
            }
            while (stepMarks.getOrDefault(nextStep, 0) == workerCount && stepStats.containsKey(nextStep)) {
                SuperstepStats s = stepStats.remove(nextStep);
                stepMarks.remove(nextStep);
                nextStep++;
                call(o -> o.superstepCompleted(run, s));
            }
        }
    }

    /** Every worker of a recovering attempt finished {@code superstep}: back where the run was, maybe. */
    private void recovered(int superstep) {
        if (recoverAt >= 0 && superstep >= recoverAt) {
            int at = recoverAt;
            long lost = System.nanoTime() - lostAt;
            recoverAt = -1;
            call(o -> o.recoveryCompleted(run, Math.max(at, superstep), lost));
        }
    }

    private static SuperstepStats stats(int superstep, String name, boolean converged, long[] rows) {
        List<ProcessorStats> ps = new ArrayList<>();
        for (int i = 0, at = 0; at < rows.length; i++, at += EventForwarder.COLUMNS) {
            ps.add(new ProcessorStats(i, rows[at], rows[at + 1], rows[at + 2], rows[at + 3], rows[at + 4],
                    rows[at + 5], rows[at + 6], rows[at + 7]));
        }
        return new SuperstepStats(superstep, name, converged, ps);
    }

    /**
     * The run ended normally: waits (a few seconds at most) for every worker's last batch, passes on the
     * statistics of the supersteps not passed on yet from {@code result}, then {@code runCompleted}.
     */
    public synchronized void completed(BspResult<?> result) {
        awaitLastBatches();
        // Numbered as the run numbers them: after a recovery from a checkpoint, the list starts at its restore.
        List<SuperstepStats> steps = result.supersteps();
        int end = steps.isEmpty() ? 0 : steps.get(steps.size() - 1).superstep() + 1;
        if (recoverAt >= 0) {
            recovered(Math.max(recoverAt, end - 1));
        }
        for (SuperstepStats stats : steps) {
            if (stats.superstep() >= nextStep) {
                call(o -> o.superstepCompleted(run, stats));
            }
        }
        nextStep = Math.max(nextStep, end);
        call(o -> o.runCompleted(run, result));
        detach();
    }

    /** The run failed: waits a little for what the workers still send, then {@code runFailed}. */
    public synchronized void failed(BspException failure) {
        failed(failure, true);
    }

    /**
     * The run failed: {@code runFailed}, after waiting a little for what the workers still send unless none is
     * left ({@code clusterAlive} false: then the topic is not unsubscribed either, since no member could answer;
     * it went with the cluster).
     */
    public synchronized void failed(BspException failure, boolean clusterAlive) {
        if (run != null) {
            if (clusterAlive) {
                awaitLastBatches();
            }
            call(o -> o.runFailed(run, failure));
        }
        detached = true;
        if (clusterAlive) {
            unsubscribe();
        }
    }

    private void awaitLastBatches() {
        long deadline = System.nanoTime() + LAST_BATCH_WAIT_NANOS;
        boolean interrupted = false;
        while (lastBatches < workerCount) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void call(java.util.function.Consumer<BspObserver> c) {
        if (detached || observer == null) {
            return;
        }
        try {
            c.accept(observer);
        } catch (RuntimeException e) {
            detached = true;
            System.getLogger("io.ticktickclock").log(System.Logger.Level.WARNING, "BSP observer "
                    + observer.getClass().getName() + " threw; the observer is left out of this run", e);
        }
    }

    private void detach() {
        detached = true;
        unsubscribe();
    }

    private void unsubscribe() {
        if (topic == null) {
            return;
        }
        try {
            topic.removeMessageListener(registration);
            topic.destroy();
        } catch (RuntimeException e) {
            // The client is closing: its listeners go with it.
        }
        topic = null;
    }

    /** Stops listening (for a run that never started). */
    @Override
    public synchronized void close() {
        detach();
    }
}
