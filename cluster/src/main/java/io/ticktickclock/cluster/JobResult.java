package io.ticktickclock.cluster;

import java.util.List;

/**
 * A job that completed on every worker.
 *
 * @param jobId   the job's id
 * @param workers the job's workers in order
 * @param results each worker's return value, in worker order (decoded with the job's classes)
 */
public record JobResult(long jobId, List<WorkerInfo> workers, List<Object> results) {
    /** Copies the lists. */
    public JobResult {
        workers = List.copyOf(workers);
        results = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(results));
    }
}
