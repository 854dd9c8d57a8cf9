package io.ticktickclock.telemetry;

import java.util.Locale;
import java.util.Objects;

/**
 * A handler that logs a run's main events on {@link System.Logger} (route it to your logging framework the
 * usual way, e.g. SLF4J's or Log4j's {@code System.LoggerFinder}): computation completed at INFO
 * ({@code BSP computation completed in N ms, K supersteps}), superstep completed at DEBUG (with its
 * convergence decision), compute and communicate errors at ERROR with the processor id and reason.
 * Other events are ignored. Thread-safe.
 */
public final class LoggingHandler implements BspEventHandler {

    private final System.Logger logger;

    /** Logs to {@code logger}. */
    public LoggingHandler(System.Logger logger) {
        this.logger = Objects.requireNonNull(logger, "logger must not be null");
    }

    @Override
    public void handle(BspEvent event) {
        switch (event) {
            case BspEvent.ComputationCompleted c -> logger.log(System.Logger.Level.INFO, () -> String.format(
                    Locale.ROOT, "BSP computation completed in %d ms, %d supersteps", c.durationNanos() / 1_000_000,
                    c.superstepCount()));
            case BspEvent.SuperstepCompleted s -> logger.log(System.Logger.Level.DEBUG, () -> String.format(
                    Locale.ROOT, "Superstep %d (%s) completed in %d ms, converged: %s", s.superstep(), s.name(),
                    s.durationNanos() / 1_000_000, s.converged()));
            case BspEvent.SuperstepSlow s -> logger.log(System.Logger.Level.WARNING, () -> String.format(
                    Locale.ROOT, "Superstep %d is slow: %d ms so far, processors %s have not reached its barrier",
                    s.superstep(), s.elapsedNanos() / 1_000_000, s.lateProcessors()));
            case BspEvent.ComputationFailed f -> logger.log(System.Logger.Level.ERROR,
                    "BSP computation failed: " + f.reason().getMessage(), f.reason());
            case BspEvent.ComputeError e -> logger.log(System.Logger.Level.ERROR,
                    "Processor " + e.processorId() + " compute_error: " + e.reason().getMessage(), e.reason());
            case BspEvent.CommunicateError e -> logger.log(System.Logger.Level.ERROR,
                    "Processor " + e.processorId() + " communicate_error: " + e.reason().getMessage(), e.reason());
            case BspEvent.WorkerLost w -> logger.log(System.Logger.Level.WARNING, () -> String.format(Locale.ROOT,
                    "Worker %s (processors %d-%d) lost in superstep %d", w.worker().address(),
                    w.worker().firstProcessor(), w.worker().firstProcessor() + w.worker().processors() - 1,
                    w.superstep()));
            case BspEvent.RecoveryStarted r -> logger.log(System.Logger.Level.WARNING, () -> String.format(
                    Locale.ROOT, "Recovering from superstep %d on %d workers", r.fromSuperstep(), r.workers().size()));
            case BspEvent.RecoveryCompleted r -> logger.log(System.Logger.Level.INFO, () -> String.format(
                    Locale.ROOT, "Recovered: back at superstep %d after %d ms", r.superstep(),
                    r.lostNanos() / 1_000_000));
            case BspEvent.CheckpointWritten c -> logger.log(System.Logger.Level.INFO, () -> String.format(
                    Locale.ROOT, "Checkpoint of superstep %d written: %d bytes in %d ms", c.superstep(), c.bytes(),
                    c.nanos() / 1_000_000));
            case BspEvent.RunResumed r -> logger.log(System.Logger.Level.INFO, () -> String.format(
                    Locale.ROOT, "BSP computation resumed from the checkpoint of superstep %d", r.superstep()));
            default -> { }
        }
    }
}
