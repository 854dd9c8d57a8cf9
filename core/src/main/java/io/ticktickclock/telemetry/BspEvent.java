package io.ticktickclock.telemetry;

import io.ticktickclock.BspException;
import io.ticktickclock.RunInfo;
import io.ticktickclock.ProcessorStats;
import io.ticktickclock.SuperstepStats;

/**
 * What a run reports to {@link Telemetry} handlers: its lifecycle events, as a sealed hierarchy of
 * records. Match them with a {@code switch}:
 *
 * <pre>{@code
 * telemetry.attach("progress", event -> {
 *     switch (event) {
 *         case BspEvent.SuperstepCompleted s -> System.err.println(s.name() + " " + s.durationNanos());
 *         case BspEvent.ComputationCompleted c -> System.err.println("done: " + c.superstepCount());
 *         default -> {}
 *     }
 * });
 * }</pre>
 *
 * <h2>Order</h2>
 * For one run: {@link CoordinatorInitialized}; one {@link ProcessorInitialized} per processor; then for each
 * superstep, in order, for each processor in order {@link ComputeCompleted}, {@link CommunicateCompleted} and
 * {@link BarrierReached}, followed by the superstep's {@link SuperstepCompleted}; finally
 * {@link ComputationCompleted}, or, if the run failed, a {@link ComputeError} or {@link CommunicateError}
 * naming the processor, or {@link ComputationFailed} for a failure that is not one processor's exception
 * (a cancellation, a superstep timeout, a mismatch). Exactly one of these four ends every run;
 * a cancelled run emits {@link RunCancelled} just before its {@code ComputationFailed}.
 * A superstep's events are emitted once the superstep has ended on every processor, from its statistics;
 * times are the ones the runtime measured. {@link SuperstepSlow} is the exception: it is emitted while its
 * superstep still runs (when the runtime has a slow-superstep threshold), so it may come before the
 * statistics events of the previous superstep. {@link SeriesReported} is emitted when a processor reports,
 * on its thread, during its superstep: before that superstep's statistics events.
 *
 * <p>Each event has a name in three parts, scope and kind: {@code tick_tick_clock.coordinator.superstep_completed}
 * is {@link SuperstepCompleted}, and so on; {@link #eventName()} gives it.
 */
public sealed interface BspEvent {

    /**
     * The run the event belongs to: its id (two runs at the same time, even of one program, have different
     * ids), its program and its engine.
     */
    RunInfo run();

    /** The name of the program that emitted the event: {@code run().program()}. */
    default String program() {
        return run().program();
    }

    /** The event's name, dotted, e.g. {@code tick_tick_clock.processor.barrier_reached}. */
    String eventName();

    /** A run is starting: measurements none; metadata program, processors. */
    record CoordinatorInitialized(RunInfo run, int processors) implements BspEvent {
        @Override
        public String eventName() {
            return "tick_tick_clock.coordinator.initialized";
        }
    }

    /**
     * A run ended normally.
     *
     * @param durationNanos wall time of the run
     * @param superstepCount supersteps executed
     * @param converged whether the program ran to its end (see {@code BspResult.converged})
     */
    record ComputationCompleted(RunInfo run, int processors, long durationNanos, int superstepCount,
            boolean converged) implements BspEvent {
        @Override
        public String eventName() {
            return "tick_tick_clock.coordinator.computation_completed";
        }
    }

    /**
     * A superstep ended on every processor.
     *
     * @param superstep its number
     * @param name its name
     * @param durationNanos its length (the longest processor)
     * @param converged the convergence decision reduced at its barrier
     * @param messageCount messages sent in it, all processors together
     * @param stats its complete statistics
     */
    record SuperstepCompleted(RunInfo run, int superstep, String name, long durationNanos, boolean converged,
            long messageCount, SuperstepStats stats) implements BspEvent {
        @Override
        public String eventName() {
            return "tick_tick_clock.coordinator.superstep_completed";
        }
    }

    /**
     * A superstep has been running longer than the runtime's slow-superstep threshold: emitted once, while it
     * still runs, so that a dashboard can show the stragglers before any timeout.
     *
     * @param superstep the slow superstep
     * @param elapsedNanos how long it had been running
     * @param lateProcessors the processors that had not reached its barrier yet, in order
     */
    record SuperstepSlow(RunInfo run, int superstep, long elapsedNanos, java.util.List<Integer> lateProcessors)
            implements BspEvent {
        public SuperstepSlow {
            lateProcessors = java.util.List.copyOf(lateProcessors);
        }

        @Override
        public String eventName() {
            return "tick_tick_clock.coordinator.superstep_slow";
        }
    }

    /**
     * A run was cancelled (through its {@code BspRun} handle, or by an interrupt of its caller); emitted after
     * every processor stopped, just before the {@link ComputationFailed} that ends the run.
     *
     * @param superstep the superstep processor 0 had reached
     * @param name its name
     * @param reason what the caller gets
     */
    record RunCancelled(RunInfo run, int superstep, String name, BspException reason) implements BspEvent {
        @Override
        public String eventName() {
            return "tick_tick_clock.coordinator.run_cancelled";
        }
    }

    /**
     * A processor reported a value of a program-specific series ({@code BspContext.report}), such as
     * PageRank's L1 change.
     *
     * @param processorId the processor that reported
     * @param superstep the superstep it reported in
     * @param series the series' name
     * @param value the value (it may be NaN or infinite)
     */
    record SeriesReported(RunInfo run, int processorId, int superstep, String series, double value)
            implements BspEvent {
        @Override
        public String eventName() {
            return "tick_tick_clock.processor.series_reported";
        }
    }

    /**
     * A worker of a cluster run died or left during the run (see {@code BspObserver.workerLost}).
     *
     * @param worker the worker and the processors it ran
     * @param superstep the first superstep whose statistics had not been delivered
     */
    record WorkerLost(RunInfo run, RunInfo.Worker worker, int superstep) implements BspEvent {
        @Override
        public String eventName() {
            return "tick_tick_clock.coordinator.worker_lost";
        }
    }

    /**
     * A cluster run starts again from the barrier of {@code fromSuperstep} (0: from the start) on {@code workers}.
     */
    record RecoveryStarted(RunInfo run, int fromSuperstep, java.util.List<RunInfo.Worker> workers)
            implements BspEvent {
        public RecoveryStarted {
            workers = java.util.List.copyOf(workers);
        }

        @Override
        public String eventName() {
            return "tick_tick_clock.coordinator.recovery_started";
        }
    }

    /**
     * A recovering cluster run is back at {@code superstep}, the last it had finished before the loss;
     * {@code lostNanos} is the time the loss cost, from the loss to now.
     */
    record RecoveryCompleted(RunInfo run, int superstep, long lostNanos) implements BspEvent {
        @Override
        public String eventName() {
            return "tick_tick_clock.coordinator.recovery_completed";
        }
    }

    /** A processor of a run that is starting. */
    record ProcessorInitialized(RunInfo run, int processorId) implements BspEvent {
        @Override
        public String eventName() {
            return "tick_tick_clock.processor.initialized";
        }
    }

    /**
     * A processor finished the compute part of a superstep.
     *
     * @param durationNanos its compute time
     * @param inboxSize messages in its inboxes during the superstep
     */
    record ComputeCompleted(RunInfo run, int processorId, int superstep, String name, long durationNanos,
            long inboxSize) implements BspEvent {
        @Override
        public String eventName() {
            return "tick_tick_clock.processor.compute_completed";
        }
    }

    /**
     * A processor finished the communicate part of a superstep (0 ns in SPMD programs, whose sends are part
     * of the computation).
     *
     * @param durationNanos its communicate time
     * @param messageCount messages it sent in the superstep
     */
    record CommunicateCompleted(RunInfo run, int processorId, int superstep, String name, long durationNanos,
            long messageCount) implements BspEvent {
        @Override
        public String eventName() {
            return "tick_tick_clock.processor.communicate_completed";
        }
    }

    /**
     * A processor reached the barrier ending a superstep and was released.
     *
     * @param waitNanos how long it waited there
     */
    record BarrierReached(RunInfo run, int processorId, int superstep, String name, long waitNanos)
            implements BspEvent {
        @Override
        public String eventName() {
            return "tick_tick_clock.processor.barrier_reached";
        }
    }

    /** A processor threw in its computation; {@code reason} is what the caller of the run gets. */
    record ComputeError(RunInfo run, int processorId, int superstep, String name, BspException reason)
            implements BspEvent {
        @Override
        public String eventName() {
            return "tick_tick_clock.processor.compute_error";
        }
    }

    /** A processor threw in a communicate step; {@code reason} is what the caller of the run gets. */
    record CommunicateError(RunInfo run, int processorId, int superstep, String name, BspException reason)
            implements BspEvent {
        @Override
        public String eventName() {
            return "tick_tick_clock.processor.communicate_error";
        }
    }

    /**
     * A run failed for a reason that is not one processor's exception: the caller's interrupt
     * ({@code BspCancelledException}), a superstep timeout ({@code BspTimeoutException}), processors that
     * disagreed on a superstep or a collective. {@code reason} is what the caller of the run gets.
     */
    record ComputationFailed(RunInfo run, int superstep, String name, BspException reason) implements BspEvent {
        @Override
        public String eventName() {
            return "tick_tick_clock.coordinator.computation_failed";
        }
    }

    /**
     * A checkpoint of the run is durable in its store ({@code BspRuntime.Builder.checkpointEvery}); emitted
     * from the thread that wrote it, while the run goes on, before the run's {@link ComputationCompleted}.
     *
     * @param superstep the superstep a resumed run starts from (taken at the barrier that starts it)
     * @param bytes the encoded size of the processors' parts
     * @param nanos how long saving it took, from the moment every processor had encoded its part
     */
    record CheckpointWritten(RunInfo run, int superstep, long bytes, long nanos) implements BspEvent {
        @Override
        public String eventName() {
            return "tick_tick_clock.coordinator.checkpoint_written";
        }
    }

    /**
     * The run resumes from a checkpoint ({@code BspRuntime.resume}); emitted once, after
     * {@link CoordinatorInitialized}, before the first {@link SuperstepCompleted}.
     *
     * @param superstep the checkpoint's superstep, where the program goes on
     */
    record RunResumed(RunInfo run, int superstep) implements BspEvent {
        @Override
        public String eventName() {
            return "tick_tick_clock.coordinator.run_resumed";
        }
    }

    /** The per-processor events of one superstep's statistics, in the documented order. */
    static void forEachProcessorEvent(RunInfo run, SuperstepStats s, java.util.function.Consumer<BspEvent> out) {
        for (ProcessorStats p : s.processors()) {
            out.accept(new ComputeCompleted(run, p.processor(), s.superstep(), s.name(), p.computeNanos(),
                    p.inboxMessages()));
            out.accept(new CommunicateCompleted(run, p.processor(), s.superstep(), s.name(),
                    p.communicateNanos(), p.messagesSent()));
            out.accept(new BarrierReached(run, p.processor(), s.superstep(), s.name(), p.barrierNanos()));
        }
    }
}
