package io.ticktickclock.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Worker JVMs forked for a test, on 127.0.0.1 with free ports; {@link #close()} destroys them all. Public, in the
 * module's test-jar, for the examples' tests of {@code ttc ... --cluster}.
 *
 * <p>Hangs are made diagnosable: {@link #dump} writes the thread dumps of every live worker JVM and of this JVM
 * ({@code jstack}), with the tail of each worker's log, to {@code target/worker-logs/<cluster>-dump-<n>.txt} and
 * prints them; {@link #watch} does so when a piece of a test runs past a bound (set well above what it needs, below
 * the test's timeout, so the dump shows the hang before the timeout's interrupt cancels the job), and
 * {@link HangWatch} does it for every test of a class.
 */
public final class WorkerProcesses implements AutoCloseable {
    private static final long START_TIMEOUT_MILLIS = 90_000;

    private final String cluster;
    private final Path logs;
    private final Path tmp;
    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final List<Path> outputs = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger dumps = new java.util.concurrent.atomic.AtomicInteger();
    private int launched; // how many workers were launched so far (each gets the next index)

    public WorkerProcesses(String cluster) {
        this.cluster = cluster;
        try {
            logs = Files.createDirectories(Path.of("target", "worker-logs"));
            // The workers' job jars stay under target/, even those of a worker a test kills.
            tmp = Files.createDirectories(Path.of("target", "worker-tmp")).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A cluster of {@code count} worker JVMs with {@code processors} each, started and ready; if one fails to start,
     * the others are stopped before the failure is thrown.
     */
    public static WorkerProcesses started(String cluster, int count, int processors) throws IOException,
            InterruptedException {
        WorkerProcesses workers = new WorkerProcesses(cluster);
        try {
            workers.start(count, processors);
            return workers;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            workers.close();
            throw e;
        }
    }

    /**
     * Starts {@code count} workers with {@code processors} each (the first alone, the others joining it) and waits
     * for each one's ready line.
     */
    public void start(int count, int processors, String... extraJvmFlags) throws IOException, InterruptedException {
        int first = launched;
        for (int i = 0; i < count; i++) {
            ports.add(freePort());
        }
        launch(first, processors, first == 0 ? "" : joinAddresses(), extraJvmFlags);
        awaitReady(first);
        for (int i = first + 1; i < first + count; i++) {
            launch(i, processors, "127.0.0.1:" + ports.get(first), extraJvmFlags);
        }
        for (int i = first + 1; i < first + count; i++) {
            awaitReady(i);
        }
    }

    /**
     * Launches one more worker with {@code processors}, joining the live ones, and returns its index without
     * waiting for it ({@link #awaitReady(int)} does).
     */
    public int launchJoining(int processors, String... extraJvmFlags) throws IOException {
        ports.add(freePort());
        int i = launched;
        launch(i, processors, joinAddresses(), extraJvmFlags);
        return i;
    }

    /** The member addresses of the workers still alive, comma-separated (empty: none). */
    private String joinAddresses() {
        List<String> alive = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            if (processes.get(i).isAlive()) {
                alive.add(address(i));
            }
        }
        return String.join(",", alive);
    }

    private void launch(int i, int processors, String join, String... extraJvmFlags) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String flag : System.getProperty("ttc.test.jvmFlags", "").split("\\s+")) {
            if (!flag.isEmpty()) {
                cmd.add(flag);
            }
        }
        cmd.add("-Xmx512m");
        cmd.addAll(List.of(extraJvmFlags));
        cmd.add("-Dttc.cluster=" + cluster);
        cmd.add("-Djava.io.tmpdir=" + tmp);
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(TestWorker.class.getName());
        cmd.add(Integer.toString(ports.get(i)));
        cmd.add(Integer.toString(processors));
        cmd.add(join);
        Path out = logs.resolve(cluster + "-worker-" + i + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        processes.add(p);
        outputs.add(out);
        launched++;
    }

    /** Waits for worker {@code i}'s ready line. */
    public void awaitReady(int i) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (Files.readString(outputs.get(i)).contains("ready")) {
                return;
            }
            if (!processes.get(i).isAlive()) {
                throw new IllegalStateException("worker " + i + " exited: " + Files.readString(outputs.get(i)));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("worker " + i + " not ready within " + START_TIMEOUT_MILLIS + " ms: "
                + Files.readString(outputs.get(i)));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    String address(int i) {
        return "127.0.0.1:" + ports.get(i);
    }

    public List<String> addresses() {
        return ports.stream().map(p -> "127.0.0.1:" + p).toList();
    }

    int port(int i) {
        return ports.get(i);
    }

    Process process(int i) {
        return processes.get(i);
    }

    public String log(int i) throws IOException {
        return Files.readString(outputs.get(i));
    }

    /** SIGKILLs worker {@code i}. */
    public void kill(int i) throws InterruptedException {
        processes.get(i).destroyForcibly();
        processes.get(i).waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * Writes the thread dumps of every live worker JVM and of this JVM, and the tail of every worker's log, to
     * {@code target/worker-logs/<cluster>-dump-<n>.txt}, prints them and returns the file. Never throws: a dump that
     * cannot be taken says why in the file.
     */
    public Path dump(String why) {
        StringBuilder text = new StringBuilder();
        text.append("=== ").append(java.time.Instant.now()).append(": ").append(why).append('\n');
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            text.append("\n=== worker ").append(i).append(" (").append(address(i)).append(", pid ").append(p.pid())
                    .append(p.isAlive() ? "" : ", exited").append(")\n");
            if (p.isAlive()) {
                text.append(jstack(p.pid()));
            }
            try {
                String log = log(i);
                text.append("--- the last lines of its log\n").append(log.substring(Math.max(0, log.length() - 4000)));
            } catch (IOException e) {
                text.append("(its log cannot be read: ").append(e).append(")\n");
            }
        }
        text.append("\n=== this JVM (the submitter, pid ").append(ProcessHandle.current().pid()).append(")\n")
                .append(jstack(ProcessHandle.current().pid()));
        Path file = logs.resolve(cluster + "-dump-" + dumps.incrementAndGet() + ".txt");
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            text.append("(could not write ").append(file).append(": ").append(e).append(")\n");
        }
        System.out.println("thread dumps (" + why + "), also in " + file.toAbsolutePath() + ":\n" + text);
        return file;
    }

    /** {@code jstack -l pid}'s output, or why there is none. */
    private static String jstack(long pid) {
        Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
        if (!Files.isExecutable(jstack)) {
            return "(no " + jstack + ": this JVM is not a JDK)\n";
        }
        try {
            Path out = Files.createTempFile("ttc-jstack-", ".txt");
            try {
                Process p = new ProcessBuilder(jstack.toString(), "-l", Long.toString(pid)).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return Files.readString(out) + "(jstack did not finish within 60 s)\n";
                }
                return Files.readString(out);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return "(jstack failed: " + e + ")\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted while jstack ran)\n";
        }
    }

    /**
     * A watchdog: unless closed within {@code bound}, it {@linkplain #dump dumps} the threads once, naming
     * {@code what}. It neither fails nor interrupts anything: the test's own timeout does that.
     */
    public AutoCloseable watch(String what, java.time.Duration bound) {
        java.util.concurrent.ScheduledFuture<?> alarm = WATCHDOG.schedule(
                () -> dump(what + " still runs after " + bound.toSeconds() + " s"), bound.toMillis(),
                TimeUnit.MILLISECONDS);
        return () -> alarm.cancel(false);
    }

    private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "worker-processes-watchdog");
                t.setDaemon(true);
                return t;
            });

    /**
     * A JUnit extension that {@linkplain WorkerProcesses#watch watches} every test of its class: register it with
     * {@code @RegisterExtension static final HangWatch WATCH = new HangWatch(() -> workers, Duration.ofSeconds(90));}
     * with a bound below the tests' {@code @Timeout}.
     */
    public static final class HangWatch implements org.junit.jupiter.api.extension.BeforeEachCallback,
            org.junit.jupiter.api.extension.AfterEachCallback {
        private final java.util.function.Supplier<WorkerProcesses> workers;
        private final java.time.Duration bound;
        private AutoCloseable armed;

        public HangWatch(java.util.function.Supplier<WorkerProcesses> workers, java.time.Duration bound) {
            this.workers = workers;
            this.bound = bound;
        }

        @Override
        public void beforeEach(org.junit.jupiter.api.extension.ExtensionContext context) {
            WorkerProcesses w = workers.get();
            armed = w == null ? null : w.watch(context.getDisplayName(), bound);
        }

        @Override
        public void afterEach(org.junit.jupiter.api.extension.ExtensionContext context) throws Exception {
            if (armed != null) {
                armed.close();
                armed = null;
            }
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy(); // SIGTERM: the worker's own shutdown hook leaves the cluster
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
