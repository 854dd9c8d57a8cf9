package io.ticktickclock.benchmarks;

import io.ticktickclock.BspProgram;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.dashboard.Dashboard;
import io.ticktickclock.examples.Graph;
import io.ticktickclock.examples.PageRank;
import io.ticktickclock.telemetry.Telemetry;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the live dashboard costs a run, measured so that a busy machine's drift cancels out: PageRank at
 * p = 2 with a {@link Dashboard} attached and one client reading its event stream as a browser does, and
 * the same run without telemetry, in {@linkplain PairedRounds paired rounds} in one JVM: the geometric mean of
 * the rounds' ratios with a 95% confidence interval, the median ratio, the process's CPU time per run, and the
 * CPU time of the dashboard's own thread, as a share of the process's during the runs with it. The issue's
 * target is a ratio of at most 1.03 at 2^22 nodes.
 *
 * <p>{@link DashboardBenchmark} measures the same with JMH, one benchmark after the other: on a shared
 * machine the load changes between the two, which this pairing removes.
 *
 * <pre>
 * java -Xms3g -Xmx3g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar \
 *     io.ticktickclock.benchmarks.DashboardOverhead [nodes=4194304] [edges=67108864] [rounds=20] [iterations=10]
 * </pre>
 */
public final class DashboardOverhead {
    private DashboardOverhead() {}

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 22;
        long edges = args.length > 1 ? Long.parseLong(args[1]) : 1L << 26;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        if (rounds < 2 || iterations < 1) {
            throw new IllegalArgumentException("rounds must be >= 2 and iterations >= 1, got " + rounds + " and "
                    + iterations);
        }
        System.out.printf(Locale.ROOT, "PageRank p = 2, %,d nodes, %,d edges, %d iterations per run, %d rounds%n",
                nodes, edges, iterations, rounds);
        Graph graph = Graph.uniform(nodes, edges, 1);
        // Tolerance 0 never converges: every run does exactly `iterations` iterations (plus init).
        BspProgram<Void, PageRank.State, PageRank.Totals> program =
                PageRank.program(graph, graph.transpose(), 0.85, 0, (superstep, change) -> { });
        BspRuntime off = BspRuntime.builder().processors(2).maxSupersteps(iterations + 1).build();
        Telemetry telemetry = Telemetry.create();
        BspRuntime on = BspRuntime.builder().processors(2).maxSupersteps(iterations + 1).observer(telemetry).build();
        try (Dashboard dashboard = Dashboard.builder(telemetry).build().start();
                Browser browser = new Browser(dashboard.port())) {
            PairedRounds.Run run = dashboardOn -> {
                double sink = (dashboardOn ? on : off).run(program, PageRank.noInput()).result(0).ranks()[0];
                if (sink < 0) {
                    throw new AssertionError("a rank is negative");
                }
            };
            PairedRounds.measure("with dashboard", 3, 0, run, dashboardOn -> { });      // warm-up only
            double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            long drainBefore = drainCpu();
            PairedRounds paired = PairedRounds.measure("with dashboard", 0, rounds, run, dashboardOn -> { });
            long drain = drainCpu() - drainBefore;
            System.out.printf(Locale.ROOT, "load average before %.1f%n", loadBefore);
            paired.report(1.03, iterations, "iteration");
            System.out.printf(Locale.ROOT, "the dashboard's thread: %.3f s in all, %.3f%% of the CPU of the runs with "
                    + "it; %,d events dropped, %,d updates dropped; the browser read %,d bytes%n", drain / 1e9,
                    100.0 * drain / paired.cpuNanos(true), dashboard.eventsDropped(), dashboard.updatesDropped(),
                    browser.bytesRead.get());
            if (browser.bytesRead.get() == 0) {
                throw new IllegalStateException("the browser read nothing from the event stream");
            }
        }
    }

    /** The CPU time of the dashboard's drain thread so far. */
    private static long drainCpu() {
        var threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("ttc-dashboard-")) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    /** A client of {@code /events} that reads every update as it comes, as a browser does. */
    static final class Browser implements AutoCloseable {
        final AtomicLong bytesRead = new AtomicLong();
        private final Socket socket;
        private final Thread reader;

        Browser(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.getOutputStream().write(("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            reader = Thread.ofPlatform().daemon().name("browser").start(() -> {
                byte[] buffer = new byte[1 << 16];
                try (InputStream in = socket.getInputStream()) {
                    for (int k; (k = in.read(buffer)) >= 0; ) {
                        bytesRead.addAndGet(k);
                    }
                } catch (IOException e) {
                    // Closed.
                }
            });
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
