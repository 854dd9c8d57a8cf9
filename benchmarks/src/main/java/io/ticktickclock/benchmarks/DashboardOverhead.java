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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the live dashboard costs a run, measured so that a busy machine's drift cancels out: PageRank at
 * p = 2 with a {@link Dashboard} attached and one client reading its event stream as a browser does, and
 * the same run without telemetry, <em>alternating in one JVM</em>. Round {@code r} runs both, in the order
 * off-on when {@code r} is even and on-off when it is odd (so neither always runs second), and its ratio is
 * on / off. The result is the geometric mean of the rounds' ratios with a 95% confidence interval (Student's
 * t on the logarithms), the median ratio, and the load average of the machine during the measurement. The
 * issue's target is a ratio of at most 1.03 at 2^22 nodes.
 *
 * <p>On a machine so busy that wall times swing by tens of percent, the CPU time is the steadier figure: it
 * also prints the process's CPU time per run with and without the dashboard, and the CPU time of the
 * dashboard's own thread, as a share of the process's during the runs with it.
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

    /** Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom. */
    private static final double[] T95 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

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
            long[] ignored = new long[2];
            for (int w = 0; w < 3; w++) {
                time(off, program, ignored, 0);
                time(on, program, ignored, 1);
            }
            double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            List<double[]> pairs = new ArrayList<>();
            long[] cpu = new long[2];
            long drainBefore = drainCpu();
            for (int r = 0; r < rounds; r++) {
                long a;
                long b;
                if (r % 2 == 0) {
                    a = time(off, program, cpu, 0);
                    b = time(on, program, cpu, 1);
                } else {
                    b = time(on, program, cpu, 1);
                    a = time(off, program, cpu, 0);
                }
                pairs.add(new double[] {a / 1e6, b / 1e6});
                System.out.printf(Locale.ROOT, "round %2d: without %8.1f ms, with dashboard %8.1f ms, ratio %.4f%n",
                        r, a / 1e6, b / 1e6, (double) b / a);
            }
            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            long drain = drainCpu() - drainBefore;
            report(pairs, iterations, loadBefore, loadAfter, dashboard, browser);
            System.out.printf(Locale.ROOT, "process CPU per run: without %.2f s, with dashboard %.2f s (ratio %.4f); "
                    + "the dashboard's thread: %.3f s in all, %.3f%% of the CPU of the runs with it%n",
                    cpu[0] / 1e9 / rounds, cpu[1] / 1e9 / rounds, (double) cpu[1] / cpu[0], drain / 1e9,
                    100.0 * drain / cpu[1]);
        }
    }

    /** Runs once; returns the wall time and adds the process's CPU time to {@code cpu[slot]}. */
    private static long time(BspRuntime runtime, BspProgram<Void, PageRank.State, PageRank.Totals> program,
            long[] cpu, int slot) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        double sink = runtime.run(program, PageRank.noInput()).result(0).ranks()[0];
        long t = System.nanoTime() - start;
        cpu[slot] += os.getProcessCpuTime() - cpuStart;
        if (sink < 0) {
            throw new AssertionError("a rank is negative");
        }
        return t;
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

    private static void report(List<double[]> pairs, int iterations, double loadBefore, double loadAfter,
            Dashboard dashboard, Browser browser) {
        int n = pairs.size();
        double[] logs = new double[n];
        double[] ratios = new double[n];
        double sumOff = 0;
        double sumOn = 0;
        for (int i = 0; i < n; i++) {
            ratios[i] = pairs.get(i)[1] / pairs.get(i)[0];
            logs[i] = Math.log(ratios[i]);
            sumOff += pairs.get(i)[0];
            sumOn += pairs.get(i)[1];
        }
        double mean = Arrays.stream(logs).average().orElseThrow();
        double var = 0;
        for (double l : logs) {
            var += (l - mean) * (l - mean);
        }
        double se = Math.sqrt(var / (n - 1) / n);
        double t = n - 1 <= T95.length ? T95[n - 2] : 1.96;
        Arrays.sort(ratios);
        double median = n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
        System.out.printf(Locale.ROOT, "mean per iteration: without %.1f ms, with dashboard %.1f ms%n",
                sumOff / n / iterations, sumOn / n / iterations);
        System.out.printf(Locale.ROOT, "ratio with/without: %.4f, 95%% CI [%.4f, %.4f] (geometric mean of %d paired "
                + "rounds), median %.4f%n", Math.exp(mean), Math.exp(mean - t * se), Math.exp(mean + t * se), n,
                median);
        System.out.printf(Locale.ROOT, "machine: %d cores, load average %.1f before, %.1f after%n",
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter);
        System.out.printf(Locale.ROOT, "dashboard: %,d events dropped, %,d updates dropped; the browser read %,d "
                + "bytes%n", dashboard.eventsDropped(), dashboard.updatesDropped(), browser.bytesRead.get());
        if (browser.bytesRead.get() == 0) {
            throw new IllegalStateException("the browser read nothing from the event stream");
        }
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
