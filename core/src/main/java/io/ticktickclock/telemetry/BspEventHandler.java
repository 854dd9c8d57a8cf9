package io.ticktickclock.telemetry;

/**
 * Handles the events of {@link Telemetry}. Called for one run's events one at a time and in order, but from
 * several threads over time and, if the runtime is shared, for several runs at once: implementations must
 * be thread-safe. Keep handlers short: they run on a processor thread between supersteps. A handler that
 * throws is detached and the exception is logged once.
 */
@FunctionalInterface
public interface BspEventHandler {

    /** Handles one event. */
    void handle(BspEvent event);
}
