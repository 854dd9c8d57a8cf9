package io.ticktickclock.telemetry;

import io.ticktickclock.BspException;
import io.ticktickclock.BspObserver;
import io.ticktickclock.BspResult;
import io.ticktickclock.RunInfo;
import io.ticktickclock.SuperstepStats;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The event bus of TickTickClock: handlers attached under an id receive the {@link BspEvent}s of every run of
 * the runtimes this telemetry is given to (the model of Erlang's {@code telemetry:attach_many}).
 *
 * <pre>{@code
 * Telemetry telemetry = Telemetry.create();
 * telemetry.attach("log", Telemetry.loggingHandler());
 * telemetry.attach("supersteps", Set.of(BspEvent.SuperstepCompleted.class), e -> progress(e));
 * BspRuntime runtime = BspRuntime.builder().observer(telemetry).build();
 * ...
 * telemetry.detach("supersteps");
 * }</pre>
 *
 * <h2>Cost</h2>
 * A run asks once, when it starts, whether any handler is attached; if none is, the run costs nothing more
 * than one without telemetry (no statistics records are built, no events allocated). Handlers attached
 * during a run see the events of later runs (and of this one from the next superstep, if some handler was
 * attached when it started).
 *
 * <h2>Failures</h2>
 * A handler that throws is detached, and the exception is logged once ({@link System.Logger}
 * {@code io.ticktickclock.telemetry}, WARNING); the run and the other handlers go on.
 *
 * <p>Thread-safe: attach and detach from any thread.
 */
public final class Telemetry implements BspObserver {

    private static final System.Logger LOG = System.getLogger("io.ticktickclock.telemetry");

    private record Attachment(String id, Set<Class<? extends BspEvent>> events, BspEventHandler handler) {
        boolean wants(BspEvent e) {
            return events.isEmpty() || events.contains(e.getClass());
        }
    }

    private final Map<String, Attachment> byId = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Attachment> attachments = new CopyOnWriteArrayList<>();

    private Telemetry() {}

    /** A telemetry with no handlers. */
    public static Telemetry create() {
        return new Telemetry();
    }

    /** A logging handler on the {@link System.Logger} {@code io.ticktickclock}; see {@link LoggingHandler}. */
    public static BspEventHandler loggingHandler() {
        return new LoggingHandler(System.getLogger("io.ticktickclock"));
    }

    /**
     * Attaches {@code handler} to every event under {@code id}.
     *
     * @throws IllegalArgumentException if a handler is already attached under {@code id}
     */
    public Telemetry attach(String id, BspEventHandler handler) {
        return attach(id, Set.of(), handler);
    }

    /**
     * Attaches {@code handler} to the event types in {@code events} (all if empty) under {@code id}.
     *
     * @throws IllegalArgumentException if a handler is already attached under {@code id}
     */
    public synchronized Telemetry attach(String id, Set<Class<? extends BspEvent>> events, BspEventHandler handler) {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(handler, "handler must not be null");
        Attachment a = new Attachment(id, Set.copyOf(Objects.requireNonNull(events, "events must not be null")),
                handler);
        if (byId.putIfAbsent(id, a) != null) {
            throw new IllegalArgumentException("a handler is already attached under id '" + id + "'");
        }
        attachments.add(a);
        return this;
    }

    /** Detaches the handler attached under {@code id}; returns whether there was one. */
    public synchronized boolean detach(String id) {
        Attachment a = byId.remove(id);
        return a != null && attachments.remove(a);
    }

    /** Detaches exactly this attachment (not a newer one attached under the same id since). */
    private synchronized boolean detach(Attachment a) {
        return byId.remove(a.id(), a) && attachments.remove(a);
    }

    /** The ids of the attached handlers. */
    public Set<String> attachedIds() {
        return Set.copyOf(byId.keySet());
    }

    /** Emits {@code event} to the handlers that want it (also usable for events of your own runs). */
    public void emit(BspEvent event) {
        for (Attachment a : attachments) {
            if (a.wants(event)) {
                try {
                    a.handler.handle(event);
                } catch (RuntimeException | Error e) {
                    if (detach(a)) {
                        LOG.log(System.Logger.Level.WARNING, "telemetry handler '" + a.id + "' threw on "
                                + event.eventName() + " and was detached", e);
                    }
                }
            }
        }
    }

    // ---- BspObserver: turns a run's progress into events ---------------------------------------------------

    @Override
    public boolean enabled() {
        return !attachments.isEmpty();
    }

    @Override
    public void runStarted(RunInfo run, int processors) {
        emit(new BspEvent.CoordinatorInitialized(run, processors));
        for (int p = 0; p < processors; p++) {
            emit(new BspEvent.ProcessorInitialized(run, p));
        }
    }

    @Override
    public void superstepCompleted(RunInfo run, SuperstepStats s) {
        // This runs on a processor thread: build the 3p per-processor events only if a handler takes them.
        if (anyWants(BspEvent.ComputeCompleted.class) || anyWants(BspEvent.CommunicateCompleted.class)
                || anyWants(BspEvent.BarrierReached.class)) {
            BspEvent.forEachProcessorEvent(run, s, this::emit);
        }
        emit(new BspEvent.SuperstepCompleted(run, s.superstep(), s.name(), s.durationNanos(), s.converged(),
                s.totalMessages(), s));
    }

    @Override
    public void superstepSlow(RunInfo run, int superstep, long elapsedNanos, java.util.List<Integer> late) {
        emit(new BspEvent.SuperstepSlow(run, superstep, elapsedNanos, late));
    }

    @Override
    public void seriesReported(RunInfo run, int processor, int superstep, String series, double value) {
        // Reports may come every superstep from user code: no event is built when no handler takes it.
        if (anyWants(BspEvent.SeriesReported.class)) {
            emit(new BspEvent.SeriesReported(run, processor, superstep, series, value));
        }
    }

    @Override
    public void workerLost(RunInfo run, RunInfo.Worker worker, int superstep) {
        emit(new BspEvent.WorkerLost(run, worker, superstep));
    }

    @Override
    public void recoveryStarted(RunInfo run, int fromSuperstep, java.util.List<RunInfo.Worker> workers) {
        emit(new BspEvent.RecoveryStarted(run, fromSuperstep, workers));
    }

    @Override
    public void recoveryCompleted(RunInfo run, int superstep, long lostNanos) {
        emit(new BspEvent.RecoveryCompleted(run, superstep, lostNanos));
    }

    @Override
    public void checkpointWritten(RunInfo run, int superstep, long bytes, long nanos) {
        emit(new BspEvent.CheckpointWritten(run, superstep, bytes, nanos));
    }

    @Override
    public void runResumed(RunInfo run, int superstep) {
        emit(new BspEvent.RunResumed(run, superstep));
    }

    @Override
    public void runCompleted(RunInfo run, BspResult<?> result) {
        emit(new BspEvent.ComputationCompleted(run, result.results().size(), result.wallNanos(),
                result.superstepCount(), result.converged()));
    }

    @Override
    public void runFailed(RunInfo run, BspException failure) {
        if (failure instanceof io.ticktickclock.BspCancelledException) {
            emit(new BspEvent.RunCancelled(run, failure.superstep(), failure.superstepName(), failure));
        }
        switch (failure.phase()) {
            case COMPUTE -> emit(new BspEvent.ComputeError(run, failure.processor(), failure.superstep(),
                    failure.superstepName(), failure));
            case COMMUNICATE -> emit(new BspEvent.CommunicateError(run, failure.processor(), failure.superstep(),
                    failure.superstepName(), failure));
            case RUNTIME -> emit(new BspEvent.ComputationFailed(run, failure.superstep(), failure.superstepName(),
                    failure));
        }
    }

    private boolean anyWants(Class<? extends BspEvent> type) {
        for (Attachment a : attachments) {
            if (a.events.isEmpty() || a.events.contains(type)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Telemetry" + attachedIds();
    }
}
