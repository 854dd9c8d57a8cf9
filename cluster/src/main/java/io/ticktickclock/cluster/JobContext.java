package io.ticktickclock.cluster;

import java.util.List;

/**
 * A job as one worker sees it: the mesh to the other workers, the processors this worker runs, the job's
 * parameters. Not thread-safe beyond what {@link Mesh} says.
 */
public interface JobContext {

    /** The job's id, the same on every worker. */
    long jobId();

    /** The job's data mesh between the workers. */
    Mesh mesh();

    /** The job's workers in order; {@code workers().get(mesh().self())} is this one. */
    List<WorkerInfo> workers();

    /** This worker. */
    default WorkerInfo worker() {
        return workers().get(mesh().self());
    }

    /** The first processor id this worker runs. */
    default int firstProcessor() {
        return worker().firstProcessor();
    }

    /** How many processors this worker runs (consecutive ids from {@link #firstProcessor()}). */
    default int processors() {
        return worker().processorCount();
    }

    /** The job's processor count over all workers. */
    int totalProcessors();

    /** The job's parameters as the submitter passed them, decoded with the job's classes; may be null. */
    Object parameters();

    /** The class loader of the job's classes (the per-job loader on a worker). */
    ClassLoader jobClassLoader();
}
