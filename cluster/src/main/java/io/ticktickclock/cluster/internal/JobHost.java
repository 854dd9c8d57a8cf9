package io.ticktickclock.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import io.ticktickclock.cluster.JobContext;
import io.ticktickclock.cluster.Mesh;
import io.ticktickclock.cluster.MeshException;
import io.ticktickclock.cluster.WorkerInfo;
import io.ticktickclock.cluster.WorkerJob;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs jobs on a worker: each in a class loader of its own over the job's jar (kept between jobs in a
 * {@link JarCache}, so that a submitter ships it once per worker), with a mesh to the job's other workers; cancels
 * them on request or when a worker of theirs leaves the cluster. Thread-safe.
 */
public final class JobHost implements AutoCloseable {
    /** The key of the worker's {@code JobHost} in its Hazelcast instance's user context. */
    public static final String USER_CONTEXT_KEY = "io.ticktickclock.cluster.JobHost";
    private static final String DIRECTORY_PREFIX = "ttc-worker-";
    /** The job jars kept between jobs (those of running jobs are kept besides). */
    static final int MAX_CACHED_JARS = 4;

    private final DataServer data;
    private final Path jobDirectory;
    private final JarCache jars;
    private final PrintStream log;
    private final int socketBufferBytes;
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile HazelcastInstance hazelcast;
    private volatile io.ticktickclock.BspObserver observer;

    private static final class Running {
        final Thread thread;
        final JobSpec spec;
        volatile MeshImpl mesh;
        volatile MeshException cancelled;
        boolean done; // guarded by this: no interrupt once the job's thread has moved on

        Running(Thread thread, JobSpec spec) {
            this.thread = thread;
            this.spec = spec;
        }

        void fail(MeshException why) {
            cancelled = why;
            MeshImpl m = mesh;
            if (m != null) {
                m.fail(why);
            }
        }
    }

    /**
     * Creates the job host. Job jars go into a directory of this worker's own under {@code tmp}, deleted by
     * {@link #close()}; directories there that killed workers left behind are deleted here.
     *
     * @throws IOException if the directory cannot be created
     */
    public JobHost(DataServer data, int socketBufferBytes, PrintStream log, Path tmp) throws IOException {
        this.data = data;
        this.socketBufferBytes = socketBufferBytes;
        this.log = log;
        sweepDeadWorkers(tmp);
        jobDirectory = Files.createTempDirectory(tmp, DIRECTORY_PREFIX + ProcessHandle.current().pid() + "-");
        jars = new JarCache(jobDirectory, MAX_CACHED_JARS);
    }

    /** The job jars this worker keeps between jobs. */
    JarCache jars() {
        return jars;
    }

    /** Deletes the job directories of workers whose process is gone (a SIGKILL leaves them). */
    private void sweepDeadWorkers(Path tmp) {
        try (java.util.stream.Stream<Path> dirs = Files.list(tmp)) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                if (!name.startsWith(DIRECTORY_PREFIX) || !Files.isDirectory(dir)) {
                    continue;
                }
                String[] parts = name.substring(DIRECTORY_PREFIX.length()).split("-", 2);
                try {
                    if (ProcessHandle.of(Long.parseLong(parts[0])).isEmpty()) {
                        deleteTree(dir);
                        log.printf("deleted %s, left behind by a worker that is gone%n", dir);
                    }
                } catch (NumberFormatException | IOException e) {
                    // Not ours, or in use: leave it.
                }
            }
        } catch (IOException e) {
            // An unreadable temporary directory: nothing to sweep.
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** The job host of the worker that runs {@code instance}. */
    static JobHost of(HazelcastInstance instance) {
        Object host = instance.getUserContext().get(USER_CONTEXT_KEY);
        if (host == null) {
            throw new IllegalStateException("member " + instance.getName() + " is not a TickTickClock worker");
        }
        return (JobHost) host;
    }

    /**
     * Connects this host to its worker's member, through which BSP runs publish their live telemetry to
     * their submitter, and to the worker's own observer of every BSP run it takes part in (or null).
     */
    public void attach(HazelcastInstance hazelcast, io.ticktickclock.BspObserver observer) {
        this.hazelcast = hazelcast;
        this.observer = observer;
    }

    /** The member this host runs in, or null before {@link #attach}. */
    HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /** The worker's own observer of the BSP runs it takes part in, or null. */
    io.ticktickclock.BspObserver observer() {
        return observer;
    }

    /** The host that runs the job of {@code ctx}, or null when a test runs the job by itself. */
    static JobHost of(JobContext ctx) {
        return ctx instanceof Context c ? c.host() : null;
    }

    /** The directory of this worker's job jars. */
    Path jobDirectory() {
        return jobDirectory;
    }

    /** The number of jobs running now. */
    public int runningJobs() {
        return running.size();
    }

    JobOutcome run(JobSpec spec) {
        long start = System.nanoTime();
        String id = Long.toHexString(spec.jobId());
        WorkerInfo me = spec.workers().get(spec.index());
        log.printf("job %s started: %s as %s of %d workers%s%n", id, spec.className(), me.describe(),
                spec.workers().size(), spec.jar().length == 0 ? " (its jar cached here)" : "");
        Running r = new Running(Thread.currentThread(), spec);
        JarCache.Lease jar = null;
        URLClassLoader loader = null;
        MeshImpl mesh = null;
        Throwable failure = null;
        byte[] result = null;
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try {
            if (closed) {
                throw new IllegalStateException("the worker is shutting down");
            }
            if (running.putIfAbsent(spec.jobId(), r) != null) {
                throw new IllegalStateException("job " + id + " is already running on this worker");
            }
            jar = jars.acquire(spec.jarHash(), spec.jar());
            loader = new URLClassLoader("ttc-job-" + id, new URL[] {jar.file().toUri().toURL()},
                    JobHost.class.getClassLoader());
            WorkerJob job = instantiate(spec.className(), loader);
            URLClassLoader jobLoader = loader;
            Object parameters = ObjectCodec.decode(spec.parameters(), loader, c -> fromJar(jobLoader, c));
            mesh = new MeshImpl(spec.jobId(), spec.index(), spec.workers(), new MeshImpl.MeshOptions(
                    spec.maxBatchBytes(), spec.receiveTimeoutMillis(), socketBufferBytes, 10_000), data);
            r.mesh = mesh;
            if (r.cancelled != null) {
                mesh.fail(r.cancelled);
            }
            mesh.open();
            Thread.currentThread().setContextClassLoader(loader);
            Object value = job.run(new Context(spec, mesh, parameters, loader, this));
            result = ObjectCodec.encode(value);
        } catch (Throwable t) {
            failure = t instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : t;
        } finally {
            synchronized (r) {
                r.done = true;
            }
            Thread.interrupted(); // a cancellation's interrupt ends with the job body, before the clean-up waits
            Thread.currentThread().setContextClassLoader(previous);
            running.remove(spec.jobId(), r);
            if (mesh != null) {
                mesh.close(failure);
            }
            closeQuietly(loader);
            if (jar != null) {
                jar.close(); // the jar stays cached for the next job
            }
        }
        long elapsed = System.nanoTime() - start;
        if (failure == null) {
            log.printf("job %s finished in %d ms%n", id, elapsed / 1_000_000);
            return JobOutcome.success(result, elapsed);
        }
        MeshException meshFailure = mesh == null ? null : mesh.failure();
        boolean elsewhere;
        int blamed;
        if (failure instanceof MeshException m) {
            elsewhere = m.causedElsewhere();
            blamed = m.worker();
        } else if (meshFailure != null && meshFailure.causedElsewhere() && meshFailure.worker() != spec.index()) {
            // The job body failed because the exchange did (e.g. it wrapped the MeshException, or was interrupted).
            elsewhere = true;
            blamed = meshFailure.worker();
        } else {
            elsewhere = false;
            blamed = spec.index();
        }
        log.printf("job %s failed after %d ms: %s%n", id, elapsed / 1_000_000, failure);
        return JobOutcome.failure(failure, elsewhere, blamed, elapsed);
    }

    private static WorkerJob instantiate(String className, ClassLoader loader) throws ReflectiveOperationException {
        Class<?> c = Class.forName(className, true, loader);
        if (!WorkerJob.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException("job class " + className + " does not implement "
                    + WorkerJob.class.getName());
        }
        return (WorkerJob) c.getConstructor().newInstance();
    }

    /** Whether {@code c} is one of the job jar's classes (whichever loader defined it). */
    static boolean fromJar(URLClassLoader jobLoader, Class<?> c) {
        return jobLoader.findResource(c.getName().replace('.', '/') + ".class") != null;
    }

    /** Fails job {@code jobId} here, if it runs here. */
    void cancel(long jobId, String reason) {
        Running r = running.get(jobId);
        if (r != null) {
            log.printf("job %s cancelled: %s%n", Long.toHexString(jobId), reason);
            r.fail(new MeshException("job " + Long.toHexString(jobId) + " was cancelled: " + reason, -1, true,
                    null));
            synchronized (r) {
                if (!r.done) {
                    r.thread.interrupt();
                }
            }
        }
    }

    /** Fails every job in which the member at {@code memberAddress} ({@code host:port}) is a worker. */
    public void memberLeft(String memberAddress) {
        for (Running r : running.values()) {
            for (WorkerInfo w : r.spec.workers()) {
                if (w.memberAddress().equals(memberAddress) && w.index() != r.spec.index()) {
                    r.fail(new MeshException(w.describe() + " left the cluster during job "
                            + Long.toHexString(r.spec.jobId()), w.index(), true, null));
                }
            }
        }
    }

    /** Cancels the running jobs (new ones are refused) and deletes the job directory. */
    @Override
    public void close() {
        closed = true;
        for (Long jobId : List.copyOf(running.keySet())) {
            cancel(jobId, "the worker is shutting down");
        }
        try {
            deleteTree(jobDirectory);
        } catch (IOException e) {
            jobDirectory.toFile().deleteOnExit(); // a job still ending holds its jar; the JVM's exit finishes it
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        if (loader != null) {
            try {
                loader.close();
            } catch (IOException e) {
                // Its jar is deleted next; nothing else holds it.
            }
        }
    }

    private record Context(JobSpec spec, Mesh mesh, Object parameters, ClassLoader jobClassLoader, JobHost host)
            implements JobContext {
        @Override
        public long jobId() {
            return spec.jobId();
        }

        @Override
        public List<WorkerInfo> workers() {
            return spec.workers();
        }

        @Override
        public int totalProcessors() {
            return spec.totalProcessors();
        }
    }
}
