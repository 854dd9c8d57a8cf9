package io.ticktickclock.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.ticktickclock.BspObserver;
import io.ticktickclock.ProcessorStats;
import io.ticktickclock.RunInfo;
import io.ticktickclock.SuperstepStats;
import io.ticktickclock.internal.LocalRun;
import io.ticktickclock.internal.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker's side of a cluster run's live telemetry: hears its part's observer calls and publishes them, in
 * batches, on the run's Hazelcast topic, where the submitter's {@link EventRelay} delivers them to the
 * submitter's observer.
 *
 * <p>It never blocks a processor: a call appends to a buffer under a short lock, and the buffer is published
 * asynchronously by a scheduler thread every {@value #FLUSH_MILLIS} ms (or by the call that fills it). While
 * {@value #MAX_IN_FLIGHT} batches are still on their way, further ones wait in the buffer; past
 * {@value #MAX_BUFFERED} waiting items, new items are dropped and counted (the statistics are not lost: the
 * submitter rebuilds every superstep's statistics from the run's result). {@link #close()} publishes what is
 * left and a last batch that says so.
 *
 * <p>Batches are lists of JDK types only (they decode under the wire format's allow-list):
 * {@code [worker, sequence, last, items...]}, an item being {@code [STEP, superstep, name, converged, rows]}
 * ({@code rows}: every processor's statistics, 8 longs each, from worker 0 only; null from the others, whose
 * item only marks that they have finished the superstep), {@code [SERIES, processor, superstep, series,
 * value]}, {@code [CHECKPOINT, superstep, bytes, nanos]} (this worker's parts of that checkpoint are stored) or
 * {@code [PROGRESS, superstep, name]} (the superstep processor 0 is in, from the worker that holds it, at most
 * once per flush and only when it changed).
 */
public final class EventForwarder implements BspObserver, AutoCloseable {
    static final int STEP = 0;
    static final int SERIES = 1;
    static final int CHECKPOINT = 2;
    static final int PROGRESS = 3;
    static final int FLUSH_MILLIS = 100;
    static final int MAX_IN_FLIGHT = 8;
    static final int MAX_BUFFERED = 100_000;
    /** The columns of a processor's statistics in a step item. */
    static final int COLUMNS = 8;

    private static final ScheduledExecutorService FLUSHER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ttc-events");
        t.setDaemon(true);
        return t;
    });

    private final ITopic<byte[]> topic;
    private final int worker;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.concurrent.ScheduledFuture<?> timer;
    private List<Object> buffer = new ArrayList<>(); // guarded by this
    private int sequence; // guarded by this
    private long dropped; // guarded by this
    private boolean closed; // guarded by this
    private volatile Progress progress;
    private Progress.Snapshot sentProgress; // guarded by this

    /** Forwards worker {@code worker}'s calls of a run to the topic named {@code topicName}. */
    public EventForwarder(HazelcastInstance hazelcast, String topicName, int worker) {
        this.topic = hazelcast.getTopic(topicName);
        this.worker = worker;
        this.timer = FLUSHER.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The topic of the events of attempt {@code attempt} (0, then 1 after a recovery, ...) of run {@code runId}. */
    public static String topicName(String runId, int attempt) {
        return "ttc-events-" + runId + "-" + attempt;
    }

    @Override
    public void superstepCompleted(RunInfo run, SuperstepStats stats) {
        long[] rows = null;
        if (worker == 0) {
            List<ProcessorStats> ps = stats.processors();
            rows = new long[ps.size() * COLUMNS];
            for (int i = 0; i < ps.size(); i++) {
                ProcessorStats p = ps.get(i);
                int at = i * COLUMNS;
                rows[at] = p.computeNanos();
                rows[at + 1] = p.communicateNanos();
                rows[at + 2] = p.barrierNanos();
                rows[at + 3] = p.messagesSent();
                rows[at + 4] = p.wordsSent();
                rows[at + 5] = p.messagesReceived();
                rows[at + 6] = p.wordsReceived();
                rows[at + 7] = p.inboxMessages();
            }
        }
        add(new ArrayList<>(Arrays.asList(STEP, stats.superstep(), stats.name(), stats.converged(), rows)));
    }

    @Override
    public void seriesReported(RunInfo run, int processor, int superstep, String series, double value) {
        add(new ArrayList<>(Arrays.asList(SERIES, processor, superstep, series, value)));
    }

    /** This worker's parts of the checkpoint of {@code superstep} are stored: the submitter sums the workers'. */
    @Override
    public void checkpointWritten(RunInfo run, int superstep, long bytes, long nanos) {
        add(new ArrayList<>(Arrays.asList(CHECKPOINT, superstep, bytes, nanos)));
    }

    private void add(List<Object> item) {
        boolean full;
        synchronized (this) {
            if (closed || buffer.size() >= MAX_BUFFERED) {
                dropped++;
                return;
            }
            buffer.add(item);
            full = buffer.size() >= 1_000;
        }
        if (full) {
            flush();
        }
    }

    /**
     * Reports, at each flush, the superstep processor 0 of {@code run} is in (call it on the worker that holds
     * processor 0), so that the submitter knows it before the superstep's statistics are in.
     */
    public void follow(LocalRun<?, ?> run) {
        this.progress = run.progress();
    }

    /** Publishes the buffer unless too many batches are on their way. */
    private void flush() {
        Progress followed = progress;
        if (followed != null) {
            Progress.Snapshot now = followed.read();
            boolean changed;
            synchronized (this) {
                changed = !now.equals(sentProgress);
                sentProgress = now;
            }
            if (changed) {
                add(new ArrayList<>(Arrays.asList(PROGRESS, now.superstep(), now.name())));
            }
        }
        publish(false);
    }

    private void publish(boolean last) {
        byte[] batch;
        synchronized (this) {
            if (!last && (buffer.isEmpty() || inFlight.get() >= MAX_IN_FLIGHT)) {
                return;
            }
            List<Object> out = new ArrayList<>(buffer.size() + 3);
            out.add(worker);
            out.add(sequence++);
            out.add(last);
            out.addAll(buffer);
            buffer = new ArrayList<>();
            batch = ObjectCodec.encode(out);
            inFlight.incrementAndGet();
        }
        CompletionStage<Void> sent;
        try {
            sent = topic.publishAsync(batch);
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            return; // the instance is shutting down: the run's result still carries its statistics
        }
        sent.whenComplete((ok, failure) -> inFlight.decrementAndGet());
    }

    /**
     * Publishes what is left and the last batch, and waits (at most 5 s) until every batch has left this
     * worker, so that the submitter has them when it has this worker's outcome.
     */
    @Override
    public void close() {
        timer.cancel(false);
        long waste;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            waste = dropped;
        }
        if (waste > 0) {
            System.getLogger("io.ticktickclock.cluster").log(System.Logger.Level.WARNING,
                    "worker " + worker + " dropped " + waste + " telemetry events: the submitter read them too slowly");
        }
        publish(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }
}
