package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticktickclock.cluster.WorkerNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ttc ... --cluster} against a real two-worker cluster: a {@code ttc worker --dashboard} JVM and a worker
 * in this JVM. The output files are the local runs' to the byte, the progress lines and the submitter's
 * dashboard and metrics work as in a local run, and the worker's dashboard lists the runs it took part in.
 */
@Timeout(300)
class ClusterCommandsTest {
    private static final String NAME = "ttc-cli-" + ProcessHandle.current().pid();
    private static Process workerJvm;
    private static final BlockingQueue<String> workerLines = new LinkedBlockingQueue<>();
    private static WorkerNode inThisJvm;
    private static String address;
    private static String workerDashboard;

    @BeforeAll
    static void startTheCluster() throws Exception {
        int a = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String flag : System.getProperty("ttc.test.jvmFlags", "").split("\\s+")) {
            if (!flag.isBlank()) {
                command.add(flag);
            }
        }
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), Ttc.class.getName(),
                "worker", "--port", Integer.toString(a), "--processors", "1", "--cluster-name", NAME,
                "--dashboard", "0"));
        workerJvm = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(workerJvm.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    workerLines.add(line);
                }
            } catch (IOException e) {
                // The worker is gone; the test that waits for a line says so.
            }
        }, "worker-output");
        reader.setDaemon(true);
        reader.start();
        List<String> seen = new ArrayList<>();
        while (seen.stream().noneMatch(l -> l.startsWith("ready"))) {
            String line = workerLines.poll(120, TimeUnit.SECONDS);
            assertThat(line).as("the worker's output so far: %s", seen).isNotNull();
            seen.add(line);
            if (line.startsWith("dashboard at ")) {
                workerDashboard = line.substring("dashboard at ".length()).trim();
            }
        }
        assertThat(workerDashboard).as("the worker's output: %s", seen).startsWith("http://127.0.0.1:");
        address = "127.0.0.1:" + a;
        inThisJvm = WorkerNode.builder().clusterName(NAME).port(freePort()).join(address).processors(2)
                .out(new PrintStream(OutputStream.nullOutputStream())).start();
    }

    @AfterAll
    static void stopTheCluster() throws InterruptedException {
        if (inThisJvm != null) {
            inThisJvm.close();
        }
        if (workerJvm != null) {
            workerJvm.destroy();
            if (!workerJvm.waitFor(30, TimeUnit.SECONDS)) {
                workerJvm.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void sortOnTheClusterWritesTheLocalRunsFileAndItsProgressLines(@TempDir Path dir) throws IOException {
        Path local = dir.resolve("local.txt");
        Path remote = dir.resolve("cluster.txt");
        TtcTest.Outcome l = TtcTest.run("sort", "--generate", "20000", "--seed", "5", "-p", "3", "--output",
                local.toString());
        TtcTest.Outcome c = TtcTest.run("sort", "--generate", "20000", "--seed", "5", "-p", "3", "--output",
                remote.toString(), "--cluster", address, "--cluster-name", NAME);
        assertThat(l.exitCode()).as(l.err()).isZero();
        assertThat(c.exitCode()).as(c.err()).isZero();
        assertThat(Files.readAllBytes(remote)).isEqualTo(Files.readAllBytes(local));
        // The workers' statistics reach the submitter's progress lines, superstep by superstep.
        assertThat(c.err()).contains("[sample-sort] superstep 0").contains("[sample-sort] superstep 2");
    }

    @Test
    void aClusterRunHasTheSubmittersDashboardAndMetrics() {
        TtcTest.Outcome c = TtcTest.run("sum", "--count", "1000", "-p", "3", "--cluster", address, "--cluster-name",
                NAME, "--dashboard", "0", "--metrics");
        assertThat(c.exitCode()).as(c.err()).isZero();
        assertThat(c.err()).contains("ttc: dashboard at http://127.0.0.1:").contains("superstep 1");
        assertThat(c.err()).contains("ticktickclock_computation_completed_total")
                .contains("ticktickclock_processor_barrier_reached_total{processor_id=\"2\"");
    }

    @Test
    void probeMeasuresTheClusterAndAnalyzeExplainsClusterRunsWithIt(@TempDir Path dir) throws IOException {
        Path profile = dir.resolve("cluster.json");
        TtcTest.Outcome probe = TtcTest.run("probe", "-p", "3", "--quick", "--cluster", address, "--cluster-name",
                NAME, "--output", profile.toString());
        assertThat(probe.exitCode()).as(probe.err()).isZero();
        assertThat(probe.err()).contains("on the cluster (2 workers)");
        String json = Files.readString(profile);
        assertThat(json).contains("\"processors\": 3").contains("cluster '" + NAME + "' of 2 workers")
                .contains("\"cores\": 3");
        TtcTest.Outcome analyzed = TtcTest.run("sum", "--count", "1000", "-p", "3", "--cluster", address,
                "--cluster-name", NAME, "--analyze", profile.toString(), "--quiet");
        assertThat(analyzed.exitCode()).as(analyzed.err()).isZero();
        assertThat(analyzed.out()).contains("pred (us)").contains("total: measured");
    }

    @Test
    void theWorkersDashboardListsTheClusterRunsItTookPartIn() throws Exception {
        TtcTest.Outcome c = TtcTest.run("sum", "--count", "1000", "-p", "3", "--cluster", address, "--cluster-name",
                NAME, "--quiet");
        assertThat(c.exitCode()).as(c.err()).isZero();
        HttpClient http = HttpClient.newHttpClient();
        String runs = "";
        // The worker's dashboard hears the run from its own thread: wait until it has (bounded, not timed).
        for (int i = 0; i < 300 && (!runs.contains("parallel-sum") || runs.contains("\"state\":\"running\"")); i++) {
            if (i > 0) {
                Thread.sleep(100);
            }
            runs = http.send(HttpRequest.newBuilder(URI.create(workerDashboard + "api/runs")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
        assertThat(runs).contains("\"program\":\"parallel-sum\"").contains("\"engine\":\"cluster\"")
                .contains("\"state\":\"converged\"").contains("(processors 0)").contains("(processors 1-2)");
    }
}
