package io.ticktickclock.cluster;

/**
 * One worker of a job: its place in the job's worker order, where it can be reached, and the contiguous block of
 * processor ids it runs.
 *
 * @param index          the worker's position in the job's worker order, {@code 0..workers-1}
 * @param memberAddress  the worker's Hazelcast member address, {@code host:port}
 * @param dataHost       the host of the worker's data channel
 * @param dataPort       the port of the worker's data channel
 * @param firstProcessor the first processor id the worker runs in this job
 * @param processorCount how many processors (consecutive ids from {@code firstProcessor}) the worker runs
 */
public record WorkerInfo(int index, String memberAddress, String dataHost, int dataPort, int firstProcessor,
                         int processorCount) {

    /** Checks the fields. */
    public WorkerInfo {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        if (dataPort < 1 || dataPort > 65_535) {
            throw new IllegalArgumentException("dataPort must be in 1..65535, got " + dataPort);
        }
        if (firstProcessor < 0 || processorCount < 0) {
            throw new IllegalArgumentException("firstProcessor and processorCount must be >= 0, got "
                    + firstProcessor + " and " + processorCount);
        }
    }

    /** The worker as error messages name it: {@code worker 1 (10.0.0.2:5701, processors 4..7)}. */
    public String describe() {
        String processors = processorCount == 0 ? "no processors"
                : processorCount == 1 ? "processor " + firstProcessor
                : "processors " + firstProcessor + ".." + (firstProcessor + processorCount - 1);
        return "worker " + index + " (" + memberAddress + ", " + processors + ")";
    }
}
