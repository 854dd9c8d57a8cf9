package io.ticktickclock;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 *     {@code local-1}, {@code local-2}, ... in the order they start. The cluster runtime names its runs
 *     {@code cluster-} and 16 random hex digits, the same on the submitter and on every worker.
 * @param program the program's name, as given to {@code BspRuntime.run}
 * @param engine what runs it: {@code "local"} for {@link BspRuntime} (threads in this JVM), {@code "cluster"}
 *     for the cluster runtime (worker JVMs)
 * @param workers where the processors run, in processor order: one entry per worker of a cluster run, each
 *     with its contiguous block of processor ids; empty for a local run. {@link #workerOf} says which worker
 *     an event about a processor comes from.
 */
public record RunInfo(String id, String program, String engine, List<Worker> workers) {

    /** The engine name of {@link BspRuntime}'s runs. */
    public static final String LOCAL = "local";

    /** The engine name of the cluster runtime's runs. */
    public static final String CLUSTER = "cluster";

    /**
     * One worker of a cluster run.
     *
     * @param address the worker's member address, {@code host:port}
     * @param firstProcessor the first processor id it runs
     * @param processors how many processors it runs (ids {@code firstProcessor ..  firstProcessor + processors - 1})
     */
    public record Worker(String address, int firstProcessor, int processors) {
        /**
         * @throws NullPointerException if {@code address} is null
         * @throws IllegalArgumentException if {@code firstProcessor < 0} or {@code processors < 1}
         */
        public Worker {
            Objects.requireNonNull(address, "address must not be null");
            if (firstProcessor < 0 || processors < 1) {
                throw new IllegalArgumentException("a worker runs processors [firstProcessor, firstProcessor + "
                        + "processors) with firstProcessor >= 0 and processors >= 1, got " + firstProcessor + " and "
                        + processors);
            }
        }

        /** Whether this worker runs processor {@code pid}. */
        public boolean runs(int pid) {
            return pid >= firstProcessor && pid < firstProcessor + processors;
        }
    }

    /**
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the workers' blocks are not contiguous from processor 0
     */
    public RunInfo {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(program, "program must not be null");
        Objects.requireNonNull(engine, "engine must not be null");
        workers = List.copyOf(Objects.requireNonNull(workers, "workers must not be null"));
        int next = 0;
        for (Worker w : workers) {
            if (w.firstProcessor() != next) {
                throw new IllegalArgumentException("workers must hold contiguous blocks of processors from 0: "
                        + w + " starts at " + w.firstProcessor() + ", expected " + next);
            }
            next += w.processors();
        }
    }

    /** A run without workers (one JVM). */
    public RunInfo(String id, String program, String engine) {
        this(id, program, engine, List.of());
    }

    /** A run of the local runtime: {@code local-<sequence>}. */
    public static RunInfo local(long sequence, String program) {
        return new RunInfo(LOCAL + "-" + sequence, program, LOCAL);
    }

    /** The worker that runs processor {@code pid}; empty for a local run (or a pid outside the run). */
    public Optional<Worker> workerOf(int pid) {
        for (Worker w : workers) {
            if (w.runs(pid)) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }
}
