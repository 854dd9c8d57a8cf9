package io.ticktickclock.cluster.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.ticktickclock.cluster.WorkerInfo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a worker needs to run its part of a job.
 *
 * @param jobId           the job's id
 * @param jar             the bytes of the jar holding the job's classes, or none when the worker has it cached
 * @param jarHash         the SHA-256 of the jar's bytes (the key of the workers' {@link JarCache})
 * @param className       the job class
 * @param parameters      the parameters, as {@link ObjectCodec#encode} wrote them
 * @param workers         the job's workers in order
 * @param index           which of them receives this spec
 * @param maxBatchBytes   the largest batch a worker accepts
 * @param receiveTimeoutMillis how long a receive waits (0: no limit)
 */
public record JobSpec(long jobId, byte[] jar, byte[] jarHash, String className, byte[] parameters, List<WorkerInfo> workers,
                      int index, int maxBatchBytes, long receiveTimeoutMillis) {

    /** The processor count over all workers. */
    public int totalProcessors() {
        return workers.stream().mapToInt(WorkerInfo::processorCount).sum();
    }

    void write(ObjectDataOutput out) throws IOException {
        out.writeLong(jobId);
        out.writeByteArray(jar);
        out.writeByteArray(jarHash);
        out.writeString(className);
        out.writeByteArray(parameters);
        out.writeInt(workers.size());
        for (WorkerInfo w : workers) {
            out.writeInt(w.index());
            out.writeString(w.memberAddress());
            out.writeString(w.dataHost());
            out.writeInt(w.dataPort());
            out.writeInt(w.firstProcessor());
            out.writeInt(w.processorCount());
        }
        out.writeInt(index);
        out.writeInt(maxBatchBytes);
        out.writeLong(receiveTimeoutMillis);
    }

    static JobSpec read(ObjectDataInput in) throws IOException {
        long jobId = in.readLong();
        byte[] jar = in.readByteArray();
        byte[] jarHash = in.readByteArray();
        if (jar == null || jarHash == null || jarHash.length != 32) {
            throw new IOException("a job spec without a jar or its SHA-256");
        }
        String className = in.readString();
        byte[] parameters = in.readByteArray();
        int n = in.readInt();
        if (n < 1 || n > 65_536) {
            throw new IOException("a job spec with " + n + " workers");
        }
        List<WorkerInfo> workers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            workers.add(new WorkerInfo(in.readInt(), in.readString(), in.readString(), in.readInt(), in.readInt(),
                    in.readInt()));
        }
        return new JobSpec(jobId, jar, jarHash, className, parameters, workers, in.readInt(), in.readInt(), in.readLong());
    }
}
