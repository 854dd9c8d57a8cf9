package io.ticktickclock;

import java.util.Objects;

/**
 * Which run an observer call or a telemetry event is about: two runs at the same time, even of the same
 * program on the same runtime, have different ids, so a dashboard or a log can keep them apart.
 *
 * <pre>{@code
 * telemetry.attach("progress", event -> System.err.println(event.run().id() + " " + event.eventName()));
 * // local-1 tick_tick_clock.coordinator.initialized ...
 * }</pre>
 *
 * <p>A value: equal ids mean the same run. Immutable and thread-safe.
 *
 * @param id unique among the runs of the runtimes of one JVM; the local runtime numbers its runs
 *     {@code local-1}, {@code local-2}, ... in the order they start. A distributed engine names its runs
 *     uniquely across the machines that run them.
 * @param program the program's name, as given to {@code BspRuntime.run}
 * @param engine what runs it: {@code "local"} for {@link BspRuntime} (threads in this JVM). A cluster
 *     engine will say {@code "cluster"}, and say which worker an event comes from in further components
 *     of this record.
 */
public record RunInfo(String id, String program, String engine) {

    /** The engine name of {@link BspRuntime}'s runs. */
    public static final String LOCAL = "local";

    /**
     * @throws NullPointerException if an argument is null
     */
    public RunInfo {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(program, "program must not be null");
        Objects.requireNonNull(engine, "engine must not be null");
    }

    /** A run of the local runtime: {@code local-<sequence>}. */
    public static RunInfo local(long sequence, String program) {
        return new RunInfo(LOCAL + "-" + sequence, program, LOCAL);
    }
}
