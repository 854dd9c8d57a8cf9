package io.ticktickclock.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import io.ticktickclock.cluster.internal.CancelJobTask;
import io.ticktickclock.cluster.internal.HasJarTask;
import io.ticktickclock.cluster.internal.HazelcastConfigs;
import io.ticktickclock.cluster.internal.JarCache;
import io.ticktickclock.cluster.internal.JobJar;
import io.ticktickclock.cluster.internal.JobOutcome;
import io.ticktickclock.cluster.internal.JobSpec;
import io.ticktickclock.cluster.internal.ObjectCodec;
import io.ticktickclock.cluster.internal.RunJobTask;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Submits jobs to a cluster of {@link WorkerNode}s, as a Hazelcast client (it holds no data and runs no job).
 *
 * <pre>{@code
 * try (ClusterClient cluster = ClusterClient.builder().addresses("10.0.0.1:5701").connect()) {
 *     JobResult r = cluster.submit(RingJob.class, new RingJob.Params(10), 8);   // 8 processors over the workers
 *     r.results();                                                              // one per worker, in order
 * }
 * }</pre>
 *
 * <p>A job's code travels with it: {@code submit} ships the jar (or class directory, jarred in memory) that holds
 * the job class. Thread-safe: jobs may be submitted from several threads.
 */
public final class ClusterClient implements AutoCloseable {
    /** How long the submitter waits for the other workers' outcomes once one has failed. */
    private static final long FAILURE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final HazelcastInstance client;
    private final int maxBatchBytes;
    private final Duration receiveTimeout;
    private final SecureRandom ids = new SecureRandom();

    private ClusterClient(Builder b) {
        client = HazelcastClient.newHazelcastClient(HazelcastConfigs.client(b.clusterName, b.addresses,
                b.connectTimeout.toMillis()));
        maxBatchBytes = b.maxBatchBytes;
        receiveTimeout = b.receiveTimeout;
    }

    /** A builder with the defaults: cluster "ticktickclock", address 127.0.0.1:5701. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The cluster's workers now, in the order a job would use, each with all its processors
     * ({@code firstProcessor} counts on from the previous worker's).
     */
    public List<WorkerInfo> workers() {
        return workers(java.util.Set.of());
    }

    private List<Member> workerMembers() {
        List<Member> members = new ArrayList<>();
        for (Member m : client.getCluster().getMembers()) {
            if (m.getAttribute(HazelcastConfigs.DATA_ATTRIBUTE) != null) {
                members.add(m);
            }
        }
        return members;
    }

    private static int processorsOf(Member m) {
        String k = m.getAttribute(HazelcastConfigs.PROCESSORS_ATTRIBUTE);
        try {
            return k == null ? 1 : Math.max(1, Integer.parseInt(k));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static List<WorkerInfo> infos(List<Member> members, int[] counts) {
        List<WorkerInfo> infos = new ArrayList<>();
        int first = 0;
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            String data = m.getAttribute(HazelcastConfigs.DATA_ATTRIBUTE);
            int colon = data.lastIndexOf(':');
            infos.add(new WorkerInfo(i, WorkerNode.address(m),
                    data.substring(0, colon), Integer.parseInt(data.substring(colon + 1)), first, counts[i]));
            first += counts[i];
        }
        return infos;
    }

    /**
     * Spreads {@code total} processors over workers offering {@code offered[i]} each, in proportion (largest
     * remainders first, ties to the earlier worker).
     */
    static int[] spread(int total, int[] offered) {
        long sum = 0;
        for (int k : offered) {
            sum += k;
        }
        int[] counts = new int[offered.length];
        long[] remainders = new long[offered.length];
        int given = 0;
        for (int i = 0; i < offered.length; i++) {
            long share = (long) total * offered[i];
            counts[i] = (int) (share / sum);
            remainders[i] = share % sum;
            given += counts[i];
        }
        while (given < total) {
            int best = 0;
            for (int i = 1; i < offered.length; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            counts[best]++;
            remainders[best] = -1;
            given++;
        }
        return counts;
    }

    /**
     * Runs {@code jobClass} on the cluster's workers and returns their results.
     *
     * @param jobClass   the job; a public class with a public no-argument constructor
     * @param parameters the job's parameters (see {@link WorkerJob} for what may cross JVMs), or null
     * @param processors the job's processor count P, spread over the workers in proportion to the processors each
     *                   offers (contiguous blocks of ids in worker order); 0: every processor the workers offer
     * @return each worker's result
     * @throws ClusterJobException      if the job fails on a worker, a worker leaves or dies during it, or the
     *                                  submitting thread is interrupted (the job is cancelled)
     * @throws IllegalArgumentException if an argument is invalid or the cluster has no worker
     */
    public JobResult submit(Class<? extends WorkerJob> jobClass, Object parameters, int processors) {
        byte[] params = ObjectCodec.encode(parameters);
        return submitEncoded(jobClass, jobClass, worker -> params, processors, java.util.Set.of(), w -> { });
    }

    /**
     * Runs {@code jobClass} with the code of {@code codeOf} and parameters of each worker's own.
     *
     * @param jobClass   the job; a public class with a public no-argument constructor, found in {@code codeOf}'s
     *                   jar or on the workers' class path
     * @param codeOf     a class of the jar (or class directory) to ship: the job's own code
     * @param parameters the parameters of each worker in the job's worker order (see {@link WorkerJob} for what
     *                   may cross JVMs), or null
     * @param processors as for {@link #submit(Class, Object, int)}
     * @return each worker's result
     */
    public JobResult submit(Class<? extends WorkerJob> jobClass, Class<?> codeOf,
            java.util.function.Function<WorkerInfo, Object> parameters, int processors) {
        return submitEncoded(jobClass, codeOf, w -> ObjectCodec.encode(parameters.apply(w)), processors,
                java.util.Set.of(), w -> { });
    }

    /**
     * As {@link #submit(Class, Class, java.util.function.Function, int)} on the workers other than those at the
     * member addresses {@code excluded}, telling {@code started} the workers first.
     */
    JobResult submit(Class<? extends WorkerJob> jobClass, Class<?> codeOf,
            java.util.function.Function<WorkerInfo, Object> parameters, int processors,
            java.util.Set<String> excluded, java.util.function.Consumer<List<WorkerInfo>> started) {
        return submitEncoded(jobClass, codeOf, w -> ObjectCodec.encode(parameters.apply(w)), processors, excluded,
                started);
    }

    /** The workers now other than those at the member addresses {@code excluded}. */
    List<WorkerInfo> workers(java.util.Set<String> excluded) {
        List<Member> members = workerMembers();
        members.removeIf(m -> excluded.contains(WorkerNode.address(m)));
        int[] counts = new int[members.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = processorsOf(members.get(i));
        }
        return infos(members, counts);
    }

    /** The Hazelcast client under this one. */
    HazelcastInstance hazelcast() {
        return client;
    }

    private JobResult submitEncoded(Class<? extends WorkerJob> jobClass, Class<?> codeOf,
            java.util.function.Function<WorkerInfo, byte[]> parameters, int processors,
            java.util.Set<String> excluded, java.util.function.Consumer<List<WorkerInfo>> started) {
        Objects.requireNonNull(jobClass, "jobClass");
        Objects.requireNonNull(codeOf, "codeOf");
        if (processors < 0) {
            throw new IllegalArgumentException("processors must be >= 0 (0: all the workers offer), got "
                    + processors);
        }
        try {
            jobClass.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("jobClass " + jobClass.getName()
                    + " needs a public no-argument constructor", e);
        }
        List<Member> all = workerMembers();
        all.removeIf(m -> excluded.contains(WorkerNode.address(m)));
        if (all.isEmpty()) {
            throw new IllegalArgumentException("the cluster has no worker" + (excluded.isEmpty() ? ""
                    : " left (lost: " + String.join(", ", excluded) + ")"));
        }
        int[] offered = all.stream().mapToInt(ClusterClient::processorsOf).toArray();
        int[] counts = spread(processors == 0 ? java.util.Arrays.stream(offered).sum() : processors, offered);
        List<Member> members = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (counts[i] > 0) {
                members.add(all.get(i));
                kept.add(counts[i]);
            }
        }
        List<WorkerInfo> workers = infos(members, kept.stream().mapToInt(Integer::intValue).toArray());
        byte[] jar = JobJar.bytes(codeOf);
        List<byte[]> params = new ArrayList<>();
        for (WorkerInfo w : workers) {
            params.add(parameters.apply(w));
        }
        long jobId = ids.nextLong();
        started.accept(workers);
        return run(jobId, jobClass, codeOf, jar, params, members, workers);
    }

    private record Arrival(int worker, JobOutcome outcome, Throwable error) {
    }

    private JobResult run(long jobId, Class<?> jobClass, Class<?> codeOf, byte[] jar, List<byte[]> params,
                          List<Member> members, List<WorkerInfo> workers) {
        IExecutorService executor = client.getExecutorService(HazelcastConfigs.JOBS_EXECUTOR);
        // The jar travels only to the workers that do not have it cached from an earlier job.
        byte[] jarHash = JarCache.sha256(jar);
        boolean[] cached = HasJarTask.cached(client, members, jarHash);
        BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
        for (int i = 0; i < members.size(); i++) {
            int index = i;
            JobSpec spec = new JobSpec(jobId, cached[i] ? new byte[0] : jar, jarHash, jobClass.getName(),
                    params.get(i), workers, i, maxBatchBytes, receiveTimeout.toMillis());
            ExecutionCallback<JobOutcome> callback = new ExecutionCallback<>() {
                @Override
                public void onResponse(JobOutcome response) {
                    arrivals.add(new Arrival(index, response, null));
                }

                @Override
                public void onFailure(Throwable t) {
                    arrivals.add(new Arrival(index, null, t));
                }
            };
            try {
                executor.submitToMember(new RunJobTask(spec), members.get(i), callback);
            } catch (RuntimeException e) {
                // The workers that got the job would wait for this one: the failure path cancels them.
                callback.onFailure(e);
            }
        }
        Arrival[] got = new Arrival[members.size()];
        int received = 0;
        long failedAt = 0;
        boolean cancelled = false;
        try {
            while (received < got.length) {
                Arrival a;
                if (failedAt == 0) {
                    a = arrivals.take();
                } else {
                    long left = FAILURE_GRACE_NANOS - (System.nanoTime() - failedAt);
                    a = left > 0 ? arrivals.poll(left, TimeUnit.NANOSECONDS) : null;
                    if (a == null && !cancelled) {
                        cancel(jobId, members, "another worker failed");
                        cancelled = true;
                        failedAt = System.nanoTime(); // a second grace period for the cancelled ones to answer
                        continue;
                    }
                    if (a == null) {
                        break;
                    }
                }
                got[a.worker()] = a;
                received++;
                if (failedAt == 0 && (a.error() != null || !a.outcome().ok())) {
                    failedAt = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            cancel(jobId, members, "the submitter was interrupted");
            Thread.currentThread().interrupt();
            throw new ClusterJobException("job " + Long.toHexString(jobId) + " was cancelled: the submitting thread"
                    + " was interrupted", jobId, null, null, null, null, e);
        }
        if (failedAt != 0) {
            throw failure(jobId, got, workers);
        }
        List<Object> results = new ArrayList<>();
        for (Arrival a : got) {
            results.add(ObjectCodec.decode(a.outcome().result(), codeOf.getClassLoader(),
                    c -> JobJar.sameCode(c, codeOf)));
        }
        return new JobResult(jobId, workers, results);
    }

    private void cancel(long jobId, List<Member> members, String reason) {
        IExecutorService control = client.getExecutorService(HazelcastConfigs.CONTROL_EXECUTOR);
        for (Member m : members) {
            try {
                control.executeOnMember(new CancelJobTask(jobId, reason), m);
            } catch (RuntimeException e) {
                // The member is gone: nothing to cancel there.
            }
        }
    }

    /** The job's failure: a root cause on a worker first, then a worker that vanished, then an echo of either. */
    private static ClusterJobException failure(long jobId, Arrival[] got, List<WorkerInfo> workers) {
        String job = "job " + Long.toHexString(jobId);
        for (Arrival a : got) {
            if (a != null && a.outcome() != null && !a.outcome().ok() && !a.outcome().causedElsewhere()) {
                WorkerInfo w = workers.get(a.worker());
                JobOutcome o = a.outcome();
                return new ClusterJobException(job + " failed on " + w.describe() + ": " + o.exceptionClass()
                        + (o.message() == null ? "" : ": " + o.message()), jobId, w, o.exceptionClass(), o.message(),
                        o.stackTrace(), null);
            }
        }
        for (Arrival a : got) {
            if (a != null && a.error() != null) {
                WorkerInfo w = workers.get(a.worker());
                return new ClusterJobException(job + " lost " + w.describe() + ": it died or left the cluster ("
                        + a.error() + ")", jobId, w, a.error().getClass().getName(), a.error().getMessage(), null,
                        a.error(), true);
            }
        }
        for (Arrival a : got) {
            if (a != null && a.outcome() != null && !a.outcome().ok()) {
                JobOutcome o = a.outcome();
                WorkerInfo blamed = o.blamedWorker() >= 0 && o.blamedWorker() < workers.size()
                        ? workers.get(o.blamedWorker()) : null;
                return new ClusterJobException(job + " failed: " + o.message() + " (reported by "
                        + workers.get(a.worker()).describe() + ")", jobId, blamed, o.exceptionClass(), o.message(),
                        o.stackTrace(), null);
            }
        }
        List<String> silent = new ArrayList<>();
        for (int i = 0; i < got.length; i++) {
            if (got[i] == null) {
                silent.add(workers.get(i).describe());
            }
        }
        return new ClusterJobException(job + " failed: no outcome from " + silent, jobId, null, null, null, null,
                null);
    }

    /** Disconnects from the cluster (the workers stay up). */
    @Override
    public void close() {
        client.shutdown();
    }

    /** Options of a client; {@link #connect()} validates them and connects. Not thread-safe. */
    public static final class Builder {
        private String clusterName = "ticktickclock";
        private List<String> addresses = List.of("127.0.0.1:5701");
        private Duration connectTimeout = Duration.ofSeconds(30);
        private int maxBatchBytes = 1 << 30;
        private Duration receiveTimeout = Duration.ZERO;

        private Builder() {
        }

        /** The cluster's name (as the workers were started with). */
        public Builder clusterName(String name) {
            Objects.requireNonNull(name, "clusterName");
            if (name.isBlank()) {
                throw new IllegalArgumentException("clusterName must not be blank");
            }
            this.clusterName = name;
            return this;
        }

        /** Some workers' member addresses, {@code host:port}; the client finds the others through them. */
        public Builder addresses(List<String> addresses) {
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("addresses must name at least one worker, got none");
            }
            for (String a : addresses) {
                if (a == null || a.isBlank()) {
                    throw new IllegalArgumentException("addresses must be host:port, got '" + a + "'");
                }
            }
            this.addresses = List.copyOf(addresses);
            return this;
        }

        /** Some workers' member addresses, {@code host:port}. */
        public Builder addresses(String... addresses) {
            return addresses(List.of(addresses));
        }

        /** How long {@link #connect()} tries to reach the cluster (default 30 s). */
        public Builder connectTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive, got " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /** The largest batch a worker accepts from another in one superstep (default 1 GiB). */
        public Builder maxBatchBytes(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxBatchBytes must be >= 0, got " + bytes);
            }
            this.maxBatchBytes = bytes;
            return this;
        }

        /**
         * How long a worker's {@link Mesh#receive} waits for a peer's batch before failing the job
         * (default zero: no limit; a crashed or departed worker still fails the job promptly).
         */
        public Builder receiveTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("receiveTimeout must be >= 0, got " + timeout);
            }
            this.receiveTimeout = timeout;
            return this;
        }

        /**
         * Connects to the cluster.
         *
         * @throws IllegalStateException if no worker can be reached within the connect timeout
         */
        public ClusterClient connect() {
            return new ClusterClient(this);
        }
    }
}
