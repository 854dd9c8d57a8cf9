package io.ticktickclock.benchmarks;

import io.ticktickclock.BspProgram;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.dashboard.Dashboard;
import io.ticktickclock.examples.Graph;
import io.ticktickclock.examples.PageRank;
import io.ticktickclock.telemetry.Telemetry;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the live dashboard costs a run: PageRank at p = 2 on a uniform random graph with a
 * {@link Dashboard} attached and one client reading its event stream as a browser does ({@code pageRankP2}),
 * against the same run without telemetry ({@code pageRankP2Baseline}). The target is a ratio of at most
 * 1.03 at {@code -p nodes=4194304 -p edges=67108864} (with {@code -jvmArgsAppend "-Xms8g -Xmx8g"}). One
 * operation is one iteration. JMH runs the two benchmarks one after the other, so on a shared machine a
 * change of load between them shows as a difference: {@link DashboardOverhead} alternates them in one JVM
 * and gives the ratio with a confidence interval.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class DashboardBenchmark {

    static final int ITERATIONS = 10;

    @Param({"1048576"})
    public int nodes;

    @Param({"16777216"})
    public long edges;

    private BspProgram<Void, PageRank.State, PageRank.Totals> program;
    private Telemetry telemetry;
    private Dashboard dashboard;
    private Thread browser;
    private final AtomicLong bytesRead = new AtomicLong();

    @Setup
    public void setUp() throws Exception {
        Graph graph = Graph.uniform(nodes, edges, 1);
        program = PageRank.program(graph, graph.transpose(), 0.85, 0, (superstep, change) -> { });
        telemetry = Telemetry.create();
        dashboard = Dashboard.builder(telemetry).build().start();
        Socket socket = new Socket("127.0.0.1", dashboard.port());
        socket.getOutputStream().write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        // The browser: reads every update as it comes.
        browser = Thread.ofPlatform().daemon().name("browser").start(() -> {
            byte[] buffer = new byte[1 << 16];
            try (socket; InputStream in = socket.getInputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    bytesRead.addAndGet(n);
                }
            } catch (IOException e) {
                // The dashboard closed.
            }
        });
    }

    @TearDown
    public void tearDown() throws Exception {
        dashboard.close();
        browser.join(10_000);
        if (bytesRead.get() == 0) {
            throw new IllegalStateException("the browser read nothing from the event stream");
        }
    }

    private double run(BspRuntime runtime) {
        // Tolerance 0 never converges: the run does exactly ITERATIONS iterations (plus init).
        BspResult<PageRank.State> r = runtime.run(program, PageRank.noInput());
        return r.result(0).ranks()[0];
    }

    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    public double pageRankP2Baseline() {
        return run(BspRuntime.builder().processors(2).maxSupersteps(ITERATIONS + 1).build());
    }

    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    public double pageRankP2() {
        return run(BspRuntime.builder().processors(2).maxSupersteps(ITERATIONS + 1).observer(telemetry).build());
    }
}
