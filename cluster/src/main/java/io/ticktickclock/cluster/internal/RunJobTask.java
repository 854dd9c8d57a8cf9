package io.ticktickclock.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.concurrent.Callable;

/** The task a submitter sends each worker: run your part of the job and report how it ended. */
public final class RunJobTask implements Callable<JobOutcome>, DataSerializable, HazelcastInstanceAware {
    private JobSpec spec;
    private transient HazelcastInstance instance;

    /** For deserialization. */
    public RunJobTask() {
    }

    public RunJobTask(JobSpec spec) {
        this.spec = spec;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.instance = instance;
    }

    @Override
    public JobOutcome call() {
        return JobHost.of(instance).run(spec);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        spec.write(out);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        spec = JobSpec.read(in);
    }
}
