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
 */
public final class WorkerProcesses implements AutoCloseable {
    private static final long START_TIMEOUT_MILLIS = 90_000;

    private final String cluster;
    private final Path logs;
    private final Path tmp;
    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final List<Path> outputs = new ArrayList<>();

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
        for (int i = 0; i < count; i++) {
            ports.add(freePort());
        }
        launch(0, processors, "", extraJvmFlags);
        awaitReady(0);
        for (int i = 1; i < count; i++) {
            launch(i, processors, "127.0.0.1:" + ports.get(0), extraJvmFlags);
        }
        for (int i = 1; i < count; i++) {
            awaitReady(i);
        }
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
    }

    private void awaitReady(int i) throws IOException, InterruptedException {
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
