package io.ticktickclock.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticktickclock.BspException;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.cost.MachineProfile;
import io.ticktickclock.telemetry.Telemetry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dashboard's HTTP endpoints during and after real runs. */
@Timeout(120)
class DashboardApiTest {

    private final Telemetry telemetry = Telemetry.create();
    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    private Dashboard dashboard;
    private Http http;

    @BeforeEach
    void start() {
        dashboard = Dashboard.builder(telemetry).host("127.0.0.1").port(0).build().start();
        http = new Http(dashboard);
    }

    @AfterEach
    void stop() {
        runner.shutdownNow();
        dashboard.close();
    }

    private BspRuntime runtime(int processors) {
        return BspRuntime.builder().processors(processors).observer(telemetry).build();
    }

    @Test
    @DisplayName("/api/runs shows a run while it goes on and after it ends, with its supersteps and their figures")
    void runsDuringAndAfterARun() throws Exception {
        Gated program = new Gated(10, -1, "ring");
        CompletableFuture<BspResult<Integer>> run = CompletableFuture.supplyAsync(
                () -> runtime(3).run("gated", program), runner);
        program.release(4);
        // Superstep s's statistics arrive at the barrier ending s + 1: with 4 supersteps let through, 0..2.
        JsonNode during = http.await("/api/runs", n -> n.get("runs").size() == 1
                && n.get("runs").get(0).get("supersteps").asInt() == 3);
        JsonNode r = during.get("runs").get(0);
        assertThat(r.get("state").asText()).isEqualTo("running");
        assertThat(r.get("program").asText()).isEqualTo("gated");
        assertThat(r.get("processors").asInt()).isEqualTo(3);
        assertThat(r.get("engine").asText()).isEqualTo("local");
        int id = r.get("id").asInt();

        program.releaseAll();
        BspResult<Integer> result = run.get();
        JsonNode after = http.await("/api/runs/" + id, n -> !n.get("run").get("state").asText().equals("running"));
        assertThat(after.get("run").get("state").asText()).isEqualTo("converged");
        assertThat(after.get("run").get("supersteps").asInt()).isEqualTo(result.superstepCount());
        JsonNode steps = after.get("supersteps");
        assertThat(steps.size()).isEqualTo(result.superstepCount());
        for (int s = 0; s < steps.size(); s++) {
            JsonNode step = steps.get(s);
            assertThat(step.get("superstep").asInt()).isEqualTo(s);
            assertThat(step.get("computeByProcessor").size()).isEqualTo(3);
            assertThat(step.get("barrierByProcessor").size()).isEqualTo(3);
            assertThat(step.get("durationNanos").asLong()).isEqualTo(result.supersteps().get(s).durationNanos());
            assertThat(step.get("messages").asLong()).isEqualTo(result.supersteps().get(s).totalMessages());
            assertThat(step.get("hWords").asLong()).isEqualTo(result.supersteps().get(s).hWords());
        }
        // The ten ring supersteps: every processor sends one long, so 3 messages and h = 1 each.
        assertThat(steps.get(5).get("name").asText()).isEqualTo("ring");
        assertThat(steps.get(5).get("messages").asLong()).isEqualTo(3);
        assertThat(steps.get(5).get("hWords").asLong()).isEqualTo(1);
        assertThat(steps.get(5).has("prediction")).isFalse();
    }

    @Test
    @DisplayName("two runs of one program at the same time are two runs, each with its own supersteps, run id "
            + "and end")
    void concurrentRunsOfOneProgram() throws Exception {
        ExecutorService second = Executors.newSingleThreadExecutor();
        try {
            Gated a = new Gated(5, -1, "a");
            Gated b = new Gated(8, -1, "b");
            // One program name; the runs are told apart here by their processor counts (a: 2, b: 3).
            CompletableFuture<BspResult<Integer>> runA = CompletableFuture.supplyAsync(
                    () -> runtime(2).run("same", a), runner);
            CompletableFuture<BspResult<Integer>> runB = CompletableFuture.supplyAsync(
                    () -> runtime(3).run("same", b), second);
            // Both run at once: a has let 3 supersteps through (statistics of 0..1 known), b 5 (0..3).
            a.release(3);
            b.release(5);
            JsonNode during = http.await("/api/runs", n -> n.get("runs").size() == 2
                    && supersteps(n, "a") == 2 && supersteps(n, "b") == 4);
            for (JsonNode r : during.get("runs")) {
                assertThat(r.get("program").asText()).isEqualTo("same");
                assertThat(r.get("state").asText()).isEqualTo("running");
            }
            assertThat(during.get("runs").get(0).get("runId").asText())
                    .isNotEqualTo(during.get("runs").get(1).get("runId").asText());
            a.releaseAll();
            int superstepsA = runA.get().superstepCount();
            JsonNode afterA = http.await("/api/runs", n -> state(n, "a").equals("converged"));
            assertThat(state(afterA, "b")).isEqualTo("running");
            assertThat(supersteps(afterA, "a")).isEqualTo(superstepsA);
            b.releaseAll();
            int superstepsB = runB.get().superstepCount();
            JsonNode after = http.await("/api/runs", n -> state(n, "b").equals("converged"));
            assertThat(supersteps(after, "b")).isEqualTo(superstepsB);
            assertThat(supersteps(after, "a")).isEqualTo(superstepsA);
        } finally {
            second.shutdownNow();
        }
    }

    /** Run {@code a} (2 processors) or {@code b} (3) of {@link #concurrentRunsOfOneProgram}, or null. */
    private static JsonNode byName(JsonNode list, String name) {
        for (JsonNode r : list.get("runs")) {
            if (r.get("processors").asInt() == (name.equals("a") ? 2 : 3)) {
                return r;
            }
        }
        return null;
    }

    private static int supersteps(JsonNode list, String name) {
        JsonNode r = byName(list, name);
        return r == null ? -1 : r.get("supersteps").asInt();
    }

    private static String state(JsonNode list, String name) {
        JsonNode r = byName(list, name);
        return r == null ? "" : r.get("state").asText();
    }

    @Test
    @DisplayName("series a program reports come with their supersteps in /api/runs/{id} and /metrics")
    void reportedSeries() throws Exception {
        BspResult<Void> result = runtime(2).run("series", (io.ticktickclock.BspContext<Void> ctx) -> {
            for (int s = 0; s < 4; s++) {
                if (ctx.pid() == 0) {
                    ctx.report("l1-change", Math.pow(10, -s));
                }
                ctx.sync();
            }
            ctx.report("balance", Double.NaN);
            return null;
        });
        JsonNode d = http.await("/api/runs/1", n -> n.get("run").get("state").asText().equals("converged"));
        JsonNode steps = d.get("supersteps");
        assertThat(steps.size()).isEqualTo(result.superstepCount());
        for (int s = 0; s < 4; s++) {
            assertThat(steps.get(s).get("series").get("l1-change").asDouble()).isEqualTo(Math.pow(10, -s));
        }
        assertThat(steps.get(4).get("series").get("balance").asText()).isEqualTo("NaN");
        assertThat(d.get("run").get("series").get("l1-change").asDouble()).isEqualTo(0.001);
        assertThat(http.get("/metrics").body())
                .contains("ticktickclock_series{program=\"series\",series=\"l1-change\"} 0.001");
    }

    @Test
    @DisplayName("a failed run is shown failed with its error message, and the stack trace only on loopback")
    void failedRun() throws Exception {
        Gated program = new Gated(10, 2, "ring");
        program.releaseAll();
        assertThatThrownBy(() -> runtime(2).run("failing", program)).isInstanceOf(BspException.class);
        JsonNode run = http.await("/api/runs", n -> n.get("runs").size() == 1
                && n.get("runs").get(0).get("state").asText().equals("failed")).get("runs").get(0);
        assertThat(run.get("error").asText()).contains("<b>boom</b> in superstep 2");
        assertThat(run.get("errorDetail").asText()).contains("IllegalStateException");
    }

    @Test
    @DisplayName("with a machine profile, each superstep has its prediction and what bounds it")
    void predictedVsMeasured() throws Exception {
        dashboard.close();
        MachineProfile profile = new MachineProfile(2, 1.0, 0.1, 5_000, 100, 0.99, 10, 2, "jvm", "os", "now");
        dashboard = Dashboard.builder(telemetry).profile(profile).build().start();
        http = new Http(dashboard);
        Gated program = new Gated(3, -1, "ring");
        program.releaseAll();
        BspResult<Integer> result = runtime(2).run("profiled", program);
        JsonNode d = http.await("/api/runs/1", n -> n.get("run").get("state").asText().equals("converged"));
        JsonNode p = d.get("supersteps").get(1).get("prediction");
        assertThat(p.get("predictedNanos").asDouble()).isGreaterThanOrEqualTo(5_000);
        assertThat(p.get("bound").asText()).isIn("COMPUTE", "IMBALANCE", "COMMUNICATION", "LATENCY");
        JsonNode cost = d.get("run").get("cost");
        assertThat(cost.get("profileMatches").asBoolean()).isTrue();
        assertThat(cost.get("profileWarnings").isArray() && cost.get("profileWarnings").isEmpty())
                .as("a trusted profile has no warnings").isTrue();
        long bounded = 0;
        for (JsonNode n : cost.get("bounds")) {
            bounded += n.asLong();
        }
        assertThat(bounded).isEqualTo(result.superstepCount());
    }

    @Test
    @DisplayName("/metrics is a Prometheus scrape with the ticktickclock_ meters of the runs")
    void prometheusScrape() throws Exception {
        Gated program = new Gated(3, -1, "ring");
        program.releaseAll();
        runtime(2).run("scraped", program);
        http.await("/api/runs", n -> n.get("runs").get(0).get("state").asText().equals("converged"));
        HttpResponse<String> r = http.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.body()).contains("ticktickclock_superstep_duration_seconds_count{program=\"scraped\",superstep=\"ring\"}")
                .contains("ticktickclock_computation_completed_total").contains("ticktickclock_dashboard_events_dropped_total");
    }

    @Test
    @DisplayName("a superstep name with markup comes back from the API unchanged, as JSON that a browser will not sniff")
    void markupInNamesIsData() throws Exception {
        String name = "<script>alert(1)</script>";
        Gated program = new Gated(2, -1, name);
        program.releaseAll();
        runtime(2).run(name, program);
        JsonNode d = http.await("/api/runs/1", n -> n.get("run").get("state").asText().equals("converged"));
        assertThat(d.get("run").get("program").asText()).isEqualTo(name);
        assertThat(d.get("supersteps").get(1).get("name").asText()).isEqualTo(name);
        HttpResponse<String> r = http.get("/api/runs/1");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    @DisplayName("the page and every script and style it names are served from the jar, with a no-inline-script policy")
    void pageAndAssets() throws Exception {
        HttpResponse<String> page = http.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                v -> assertThat(v).contains("default-src 'self'").doesNotContain("unsafe-inline"));
        var refs = java.util.regex.Pattern.compile("(?:src|href)=\"(/[^\"]+)\"").matcher(page.body());
        int count = 0;
        while (refs.find()) {
            HttpResponse<String> asset = http.get(refs.group(1));
            assertThat(asset.statusCode()).as(refs.group(1)).isEqualTo(200);
            count++;
        }
        assertThat(count).isEqualTo(4);
        assertThat(page.body()).doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    @DisplayName("unknown runs and ids that are not numbers are answered with an error, and only GET is served")
    void badRequests() throws Exception {
        assertThat(http.get("/api/runs/42").statusCode()).isEqualTo(404);
        assertThat(http.get("/api/runs/x").statusCode()).isEqualTo(400);
        var client = java.net.http.HttpClient.newHttpClient();
        var post = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(dashboard.url() + "api/runs"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isIn(404, 405);
    }

    @Test
    @DisplayName("/events greets a client at once, then sends each run's updates with its supersteps")
    void eventStream() throws Exception {
        try (Socket client = new Socket("127.0.0.1", dashboard.port())) {
            client.getOutputStream().write(("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while (!(line = in.readLine()).equals("event: hello")) {
                assertThat(line).doesNotStartWith("event: ");
            }
            Gated program = new Gated(3, -1, "ring");
            program.releaseAll();
            runtime(2).run("streamed", program);
            // Updates until one says the run converged; together they carry every superstep once.
            java.util.Set<Integer> seen = new java.util.TreeSet<>();
            boolean converged = false;
            while (!converged) {
                line = in.readLine();
                if (line.startsWith("data: ") && line.contains("\"program\":\"streamed\"")) {
                    JsonNode u = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line.substring(6));
                    for (JsonNode s : u.get("supersteps")) {
                        assertThat(seen.add(s.get("superstep").asInt())).as("superstep sent twice").isTrue();
                    }
                    converged = u.get("run").get("state").asText().equals("converged");
                }
            }
            assertThat(seen).containsExactly(0, 1, 2, 3);
        }
    }

    @Test
    @DisplayName("a browser that connects to /events and never reads does not hold up the run: its updates are dropped")
    void stalledBrowserDoesNotBlockTheRun() throws Exception {
        dashboard.close();
        // Push after every batch and keep 4 updates per browser, so that the stalled one overflows soon.
        dashboard = Dashboard.builder(telemetry).pushIntervalMillis(0).sessionBuffer(4).build().start();
        http = new Http(dashboard);
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", dashboard.port()));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = stalled.getInputStream();
            assertThat(in.read()).isNotNegative(); // the response has started; from now on, never read
            // Runs until the stalled browser's buffers (the kernel's, Jetty's, then its 4 updates) overflow;
            // every run completes, and what the dashboard's thread saw of each is consistent.
            String name = "x".repeat(4000);
            for (int i = 1; dashboard.updatesDropped() == 0; i++) {
                Gated program = new Gated(1_000, -1, name);
                program.releaseAll();
                BspResult<Integer> result = runtime(2).run("long", program);
                assertThat(result.superstepCount()).isGreaterThan(1_000);
                int id = i;
                JsonNode run = http.await("/api/runs/" + id,
                        n -> n.get("run").get("state").asText().equals("converged")).get("run");
                assertThat(run.get("supersteps").asLong()).isLessThanOrEqualTo(result.superstepCount());
            }
            assertThat(dashboard.updatesDropped()).isPositive();
        }
    }
}
