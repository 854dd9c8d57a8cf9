package io.ticktickclock.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;

/** Cancels a job on a worker, if it runs there. */
public final class CancelJobTask implements Runnable, DataSerializable, HazelcastInstanceAware {
    private long jobId;
    private String reason;
    private transient HazelcastInstance instance;

    /** For deserialization. */
    public CancelJobTask() {
    }

    public CancelJobTask(long jobId, String reason) {
        this.jobId = jobId;
        this.reason = reason;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.instance = instance;
    }

    @Override
    public void run() {
        JobHost.of(instance).cancel(jobId, reason);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(jobId);
        out.writeString(reason);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        jobId = in.readLong();
        reason = in.readString();
    }
}
