package io.ticktickclock.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.ticktickclock.telemetry.BspEvent;
import io.ticktickclock.telemetry.BspEventHandler;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A run's metrics on a Micrometer {@link MeterRegistry}: bind it, then attach it to a
 * {@link io.ticktickclock.telemetry.Telemetry}.
 *
 * <pre>{@code
 * BspMetrics metrics = new BspMetrics();
 * metrics.bindTo(registry);
 * Telemetry telemetry = Telemetry.create().attach("metrics", metrics);
 * BspRuntime runtime = BspRuntime.builder().observer(telemetry).build();
 * }</pre>
 *
 * <h2>Meters</h2>
 * Names follow Micrometer's conventions (dot-separated, lower case; timers in the registry's base unit).
 * Every meter has the tag {@code program}; per-processor meters also {@code processor.id}.
 *
 * <table>
 *   <caption>Event measure → Micrometer meter</caption>
 *   <tr><th>event measure</th><th>meter</th><th>type</th><th>extra tags</th></tr>
 *   <tr><td>tick_tick_clock.coordinator.initialized.count</td><td>ticktickclock.coordinator.initialized</td><td>counter</td><td></td></tr>
 *   <tr><td>tick_tick_clock.coordinator.computation_completed.count</td><td>ticktickclock.computation.completed</td><td>counter</td><td>converged</td></tr>
 *   <tr><td>tick_tick_clock.coordinator.computation_completed.duration</td><td>ticktickclock.computation.duration</td><td>timer</td><td></td></tr>
 *   <tr><td>tick_tick_clock.coordinator.superstep_completed.duration</td><td>ticktickclock.superstep.duration</td><td>timer</td><td>superstep (its name)</td></tr>
 *   <tr><td>tick_tick_clock.processor.initialized.count</td><td>ticktickclock.processor.initialized</td><td>counter</td><td></td></tr>
 *   <tr><td>tick_tick_clock.processor.compute_completed.duration</td><td>ticktickclock.processor.compute.duration</td><td>timer</td><td>processor.id, superstep</td></tr>
 *   <tr><td>tick_tick_clock.processor.communicate_completed.duration</td><td>ticktickclock.processor.communicate.duration</td><td>timer</td><td>processor.id</td></tr>
 *   <tr><td>tick_tick_clock.processor.inbox_size</td><td>ticktickclock.processor.inbox.size</td><td>gauge (last value)</td><td>processor.id</td></tr>
 *   <tr><td>tick_tick_clock.processor.message_count</td><td>ticktickclock.processor.messages</td><td>gauge (last value)</td><td>processor.id</td></tr>
 *   <tr><td>tick_tick_clock.processor.barrier_reached.count</td><td>ticktickclock.processor.barrier.reached</td><td>counter</td><td>processor.id</td></tr>
 *   <tr><td>(new)</td><td>ticktickclock.processor.barrier.wait</td><td>timer</td><td>processor.id</td></tr>
 *   <tr><td>(new) series_reported</td><td>ticktickclock.series</td><td>gauge (last value)</td><td>series</td></tr>
 *   <tr><td>compute_error, communicate_error</td><td>ticktickclock.processor.errors</td><td>counter</td><td>processor.id, phase</td></tr>
 * </table>
 *
 * <p>The {@code superstep} tag is the superstep's name, not its number, so the number of meters stays
 * bounded. Meters are created once and cached. Thread-safe.
 */
public final class BspMetrics implements MeterBinder, BspEventHandler {

    private volatile MeterRegistry registry;

    private record ProgramKey(String program) {}

    private record ProcessorKey(String program, int processor) {}

    private record StepKey(String program, String superstep) {}

    private record SeriesKey(String program, String series) {}

    private record ProcessorStepKey(String program, int processor, String superstep) {}

    /** The meters of one processor of one program, and the values its gauges show. */
    private static final class ProcessorMeters {
        final Timer communicate;
        final Timer barrierWait;
        final Counter barrierReached;
        final AtomicLong inbox = new AtomicLong();
        final AtomicLong messages = new AtomicLong();

        ProcessorMeters(MeterRegistry r, Tags tags) {
            communicate = Timer.builder("ticktickclock.processor.communicate.duration")
                    .description("Time a processor spends in communicate steps").tags(tags).register(r);
            barrierWait = Timer.builder("ticktickclock.processor.barrier.wait")
                    .description("Time a processor waits at barriers").tags(tags).register(r);
            barrierReached = Counter.builder("ticktickclock.processor.barrier.reached")
                    .description("Barriers a processor reached").tags(tags).register(r);
            Gauge.builder("ticktickclock.processor.inbox.size", inbox, AtomicLong::doubleValue)
                    .description("Messages in the processor's inboxes in its last superstep").tags(tags).register(r);
            Gauge.builder("ticktickclock.processor.messages", messages, AtomicLong::doubleValue)
                    .description("Messages the processor sent in its last superstep").tags(tags).register(r);
        }
    }

    private final Map<ProcessorKey, ProcessorMeters> processors = new ConcurrentHashMap<>();
    private final Map<ProcessorStepKey, Timer> computeTimers = new ConcurrentHashMap<>();
    private final Map<StepKey, Timer> superstepTimers = new ConcurrentHashMap<>();
    private final Map<ProgramKey, Counter> initialized = new ConcurrentHashMap<>();
    private final Map<ProgramKey, Counter> processorInitialized = new ConcurrentHashMap<>();
    /** The last value of each reported series, as {@code double} bits (a gauge reads it). */
    private final Map<SeriesKey, AtomicLong> series = new ConcurrentHashMap<>();

    /**
     * Registers the meters on {@code registry} as events arrive.
     *
     * @throws IllegalStateException if already bound to a registry
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry must not be null");
        if (this.registry != null) {
            throw new IllegalStateException("BspMetrics is already bound to " + this.registry
                    + "; create one BspMetrics per registry (or use a CompositeMeterRegistry)");
        }
        this.registry = registry;
    }

    @Override
    public void handle(BspEvent event) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        switch (event) {
            case BspEvent.CoordinatorInitialized e -> initialized.computeIfAbsent(new ProgramKey(e.program()),
                    k -> Counter.builder("ticktickclock.coordinator.initialized").description("Runs started")
                            .tag("program", k.program()).register(r)).increment();
            case BspEvent.ProcessorInitialized e -> processorInitialized.computeIfAbsent(new ProgramKey(e.program()),
                    k -> Counter.builder("ticktickclock.processor.initialized").description("Processors started")
                            .tag("program", k.program()).register(r)).increment();
            case BspEvent.ComputeCompleted e -> {
                computeTimers.computeIfAbsent(new ProcessorStepKey(e.program(), e.processorId(), e.name()),
                        k -> Timer.builder("ticktickclock.processor.compute.duration")
                                .description("Time a processor spends computing, per superstep name")
                                .tags(Tags.of("program", k.program(), "processor.id", Integer.toString(k.processor()),
                                        "superstep", k.superstep())).register(r))
                        .record(e.durationNanos(), TimeUnit.NANOSECONDS);
                processor(r, e.program(), e.processorId()).inbox.set(e.inboxSize());
            }
            case BspEvent.CommunicateCompleted e -> {
                ProcessorMeters m = processor(r, e.program(), e.processorId());
                m.communicate.record(e.durationNanos(), TimeUnit.NANOSECONDS);
                m.messages.set(e.messageCount());
            }
            case BspEvent.BarrierReached e -> {
                ProcessorMeters m = processor(r, e.program(), e.processorId());
                m.barrierReached.increment();
                m.barrierWait.record(e.waitNanos(), TimeUnit.NANOSECONDS);
            }
            case BspEvent.SuperstepCompleted e -> superstepTimers.computeIfAbsent(new StepKey(e.program(), e.name()),
                    k -> Timer.builder("ticktickclock.superstep.duration").description("Superstep length")
                            .tags("program", k.program(), "superstep", k.superstep()).register(r))
                    .record(e.durationNanos(), TimeUnit.NANOSECONDS);
            case BspEvent.ComputationCompleted e -> {
                Counter.builder("ticktickclock.computation.completed").description("Runs completed")
                        .tags("program", e.program(), "converged", Boolean.toString(e.converged())).register(r)
                        .increment();
                Timer.builder("ticktickclock.computation.duration").description("Run wall time")
                        .tag("program", e.program()).register(r).record(e.durationNanos(), TimeUnit.NANOSECONDS);
            }
            case BspEvent.ComputeError e -> error(r, e.program(), e.processorId(), "compute");
            case BspEvent.CommunicateError e -> error(r, e.program(), e.processorId(), "communicate");
            case BspEvent.ComputationFailed e -> Counter.builder("ticktickclock.computation.failed")
                    .description("Runs that failed for a reason that is not one processor's exception")
                    .tags("program", e.program(), "reason", e.reason().getClass().getSimpleName()).register(r)
                    .increment();
            case BspEvent.RunCancelled e -> Counter.builder("ticktickclock.run.cancelled")
                    .description("Runs cancelled").tag("program", e.program()).register(r).increment();
            case BspEvent.SuperstepSlow e -> Counter.builder("ticktickclock.superstep.slow")
                    .description("Supersteps that ran past the slow-superstep threshold")
                    .tag("program", e.program()).register(r).increment();
            case BspEvent.WorkerLost e -> Counter.builder("ticktickclock.cluster.worker.lost")
                    .description("Workers lost during cluster runs").tag("program", e.program()).register(r)
                    .increment();
            case BspEvent.RecoveryStarted e -> Counter.builder("ticktickclock.cluster.recovery.started")
                    .description("Recoveries of cluster runs").tag("program", e.program()).register(r).increment();
            case BspEvent.RecoveryCompleted e -> Timer.builder("ticktickclock.cluster.recovery.lost")
                    .description("Time a recovery cost, from the loss to being back where the run was")
                    .tag("program", e.program()).register(r).record(e.lostNanos(), TimeUnit.NANOSECONDS);
            case BspEvent.CheckpointWritten e -> {
                Timer.builder("ticktickclock.checkpoint.duration")
                        .description("Time to save a checkpoint once every processor had encoded its part")
                        .tag("program", e.program()).register(r).record(e.nanos(), TimeUnit.NANOSECONDS);
                io.micrometer.core.instrument.DistributionSummary.builder("ticktickclock.checkpoint.size")
                        .description("Encoded size of a checkpoint").baseUnit("bytes").tag("program", e.program())
                        .register(r).record(e.bytes());
            }
            case BspEvent.RunResumed e -> Counter.builder("ticktickclock.run.resumed")
                    .description("Runs resumed from a checkpoint").tag("program", e.program()).register(r)
                    .increment();
            case BspEvent.SeriesReported e -> series.computeIfAbsent(new SeriesKey(e.program(), e.series()), k -> {
                AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(Double.NaN));
                Gauge.builder("ticktickclock.series", bits, b -> Double.longBitsToDouble(b.get()))
                        .description("The last value a program reported for one of its series")
                        .tags("program", k.program(), "series", k.series()).register(r);
                return bits;
            }).set(Double.doubleToRawLongBits(e.value()));
        }
    }

    private ProcessorMeters processor(MeterRegistry r, String program, int processor) {
        return processors.computeIfAbsent(new ProcessorKey(program, processor),
                k -> new ProcessorMeters(r, Tags.of("program", k.program(), "processor.id",
                        Integer.toString(k.processor()))));
    }

    private static void error(MeterRegistry r, String program, int processor, String phase) {
        Counter.builder("ticktickclock.processor.errors").description("Processors that failed")
                .tags("program", program, "processor.id", Integer.toString(processor), "phase", phase).register(r)
                .increment();
    }
}
