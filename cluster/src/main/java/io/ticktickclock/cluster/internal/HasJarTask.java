package io.ticktickclock.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Asks a worker whether it has a job jar in its {@link JarCache}; {@link #cached} asks every worker of a job at
 * once, so that the submitter ships the jar only to those that lack it.
 */
public final class HasJarTask implements Callable<Boolean>, DataSerializable, HazelcastInstanceAware {
    private byte[] hash;
    private transient HazelcastInstance instance;

    /** For deserialization. */
    public HasJarTask() {
    }

    public HasJarTask(byte[] hash) {
        this.hash = hash;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.instance = instance;
    }

    @Override
    public Boolean call() {
        return JobHost.of(instance).jars().contains(hash);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByteArray(hash);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        hash = in.readByteArray();
    }

    /**
     * Which of {@code members} have the jar whose SHA-256 is {@code hash}, asked in parallel; a member that does
     * not answer within 5 s counts as not having it (it then receives the jar with the job).
     */
    public static boolean[] cached(HazelcastInstance client, List<com.hazelcast.cluster.Member> members,
            byte[] hash) {
        var control = client.getExecutorService(HazelcastConfigs.CONTROL_EXECUTOR);
        List<Future<Boolean>> answers = new ArrayList<>();
        for (com.hazelcast.cluster.Member m : members) {
            try {
                answers.add(control.submitToMember(new HasJarTask(hash), m));
            } catch (RuntimeException e) {
                answers.add(null);
            }
        }
        boolean[] cached = new boolean[members.size()];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (int i = 0; i < cached.length; i++) {
            try {
                cached[i] = answers.get(i) != null
                        && answers.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new boolean[members.size()];
            } catch (Exception e) {
                cached[i] = false;
            }
        }
        return cached;
    }
}
