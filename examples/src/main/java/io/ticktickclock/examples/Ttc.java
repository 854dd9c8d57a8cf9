package io.ticktickclock.examples;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.micrometer.BspMetrics;
import io.ticktickclock.telemetry.BspEvent;
import io.ticktickclock.telemetry.BspEventHandler;
import io.ticktickclock.telemetry.JfrHandler;
import io.ticktickclock.telemetry.Telemetry;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code ttc} command line: runs the examples on the local runtime. */
@Command(name = "ttc", mixinStandardHelpOptions = true, version = "TickTickClock 0.1.0",
        description = "Runs Bulk Synchronous Parallel examples on the local (threads) runtime.",
        subcommands = {Ttc.PageRankCommand.class, Ttc.SumCommand.class, Ttc.ProbeCommand.class})
public final class Ttc implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Ttc()).execute(args));
    }

    /** Options every example takes, and the telemetry they share. */
    abstract static class Common {
        @Option(names = {"-p", "--processors"}, description = "Processors (threads); default: available cores.")
        Integer processors;

        @Option(names = "--quiet", description = "No progress lines on stderr.")
        boolean quiet;

        @Option(names = "--metrics",
                description = "Print the run's metrics in the Prometheus text format on stdout at the end.")
        boolean metrics;

        @Option(names = "--analyze", paramLabel = "PROFILE",
                description = "Explain each superstep with the cost model, using a machine profile from 'ttc probe'.")
        java.nio.file.Path analyze;

        @Option(names = "--json", description = "With --analyze: print the analysis as JSON on stdout.")
        boolean json;

        private PrometheusMeterRegistry registry;
        private io.ticktickclock.cost.MachineProfile profile;

        /**
         * The runtime, with telemetry: progress lines (unless --quiet), JDK Flight Recorder events (recorded
         * when the JVM runs with -XX:StartFlightRecording) and, with --metrics, Micrometer meters.
         */
        BspRuntime runtime() {
            if (analyze != null) {
                try {
                    profile = io.ticktickclock.cost.MachineProfile.load(analyze);
                } catch (java.io.IOException | IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(new CommandLine(this),
                            "--analyze: cannot read the profile " + analyze + ": " + e.getMessage());
                }
            }
            Telemetry telemetry = Telemetry.create();
            if (!quiet) {
                telemetry.attach("progress", new Progress(System.err));
            }
            telemetry.attach("jfr", new JfrHandler());
            if (metrics) {
                registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                BspMetrics bspMetrics = new BspMetrics();
                bspMetrics.bindTo(registry);
                telemetry.attach("metrics", bspMetrics);
            }
            BspRuntime.Builder b = BspRuntime.builder().observer(telemetry);
            if (processors != null) {
                if (processors < 1) {
                    throw new CommandLine.ParameterException(new CommandLine(this),
                            "--processors must be >= 1, got " + processors);
                }
                b.processors(processors);
            }
            return b.build();
        }

        /** Prints the cost-model analysis (--analyze) and the Prometheus scrape (--metrics), if asked for. */
        void report(BspResult<?> result) {
            if (profile != null) {
                if (profile.processors() != result.results().size()) {
                    System.err.printf(Locale.ROOT, "warning: the profile was measured at p = %d, this run used p = %d%n",
                            profile.processors(), result.results().size());
                }
                io.ticktickclock.cost.RunAnalysis a = io.ticktickclock.cost.RunAnalysis.of(result, profile.parameters());
                if (json) {
                    System.out.println(a.toJson());
                } else {
                    System.err.print(a.toTable());
                }
            }
            if (registry != null) {
                System.out.print(registry.scrape());
            }
        }
    }

    /** Prints one line per superstep and a summary. */
    static final class Progress implements BspEventHandler {
        private final PrintStream out;

        Progress(PrintStream out) {
            this.out = out;
        }

        @Override
        public void handle(BspEvent event) {
            switch (event) {
                case BspEvent.SuperstepCompleted s -> out.printf(Locale.ROOT,
                        "[%s] superstep %d %-14s %8.3f ms  %,d messages%n", s.program(), s.superstep(), s.name(),
                        s.durationNanos() / 1e6, s.messageCount());
                case BspEvent.ComputationCompleted c -> out.printf(Locale.ROOT,
                        "[%s] %d supersteps, converged: %s, wall time %.1f ms%n", c.program(), c.superstepCount(),
                        c.converged(), c.durationNanos() / 1e6);
                default -> { }
            }
        }
    }

    @Command(name = "pagerank", mixinStandardHelpOptions = true,
            description = "PageRank of a generated uniform random graph.")
    static final class PageRankCommand extends Common implements Callable<Integer> {
        @Option(names = "--nodes", defaultValue = "100000", description = "Nodes (default ${DEFAULT-VALUE}).")
        int nodes;

        @Option(names = "--edges", defaultValue = "1000000", description = "Edges (default ${DEFAULT-VALUE}).")
        long edges;

        @Option(names = "--seed", defaultValue = "1", description = "Generator seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--damping", defaultValue = "0.85", description = "Damping (default ${DEFAULT-VALUE}).")
        double damping;

        @Option(names = "--tolerance", defaultValue = "1e-10",
                description = "Stop when the L1 change is below this (default ${DEFAULT-VALUE}).")
        double tolerance;

        @Option(names = "--top", defaultValue = "10", description = "Print the K best ranked nodes.")
        int top;

        @Override
        public Integer call() {
            if (nodes < 1 || edges < 0 || !(damping > 0 && damping < 1) || !(tolerance > 0) || top < 0) {
                throw new CommandLine.ParameterException(new CommandLine(this), "need --nodes >= 1, --edges >= 0, "
                        + "0 < --damping < 1, --tolerance > 0 and --top >= 0; got nodes=" + nodes + " edges=" + edges
                        + " damping=" + damping + " tolerance=" + tolerance + " top=" + top);
            }
            Graph graph = Graph.uniform(nodes, edges, seed);
            BspResult<PageRank.State> r = runtime().run(PageRank.program(graph, damping, tolerance),
                    PageRank.noInput());
            double[] ranks = PageRank.ranks(r, nodes);
            double total = 0;
            for (double x : ranks) {
                total += x;
            }
            System.out.printf(Locale.ROOT, "PageRank of %,d nodes, %,d edges: %d iterations, converged: %s, "
                    + "sum of ranks %.12f%n", nodes, edges, r.result(0).iterations(), r.converged(), total);
            java.util.stream.IntStream.range(0, nodes).boxed()
                    .sorted((a, b) -> Double.compare(ranks[b], ranks[a]))
                    .limit(top)
                    .forEach(v -> System.out.printf(Locale.ROOT, "%d\t%.17g%n", v, ranks[v]));
            report(r);
            return r.converged() ? 0 : 1;
        }
    }

    @Command(name = "sum", mixinStandardHelpOptions = true,
            description = "Parallel sum of generated numbers, checked against the sequential sum.")
    static final class SumCommand extends Common implements Callable<Integer> {
        @Option(names = "--count", defaultValue = "100000000", description = "How many numbers.")
        long count;

        @Override
        public Integer call() {
            if (count < 0) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--count must be >= 0, got " + count);
            }
            BspResult<Long> r = runtime().run(ParallelSum.program(count));
            long expected = ParallelSum.sequential(count);
            System.out.printf(Locale.ROOT, "sum of %,d numbers = %d (sequential: %d) %s%n", count, r.result(0),
                    expected, r.result(0) == expected ? "OK" : "MISMATCH");
            report(r);
            return r.result(0) == expected ? 0 : 1;
        }
    }

    @Command(name = "probe", mixinStandardHelpOptions = true,
            description = "Measure this machine's BSP parameters g and l for a processor count.")
    static final class ProbeCommand implements Callable<Integer> {
        @Option(names = {"-p", "--processors"}, required = true, description = "Processor count to measure.")
        int processors;

        @Option(names = "--output", paramLabel = "FILE", description = "Save the profile (JSON) to FILE.")
        java.nio.file.Path output;

        @Option(names = "--quick", description = "A rough, fast measurement.")
        boolean quick;

        @Override
        public Integer call() throws java.io.IOException {
            if (processors < 1) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--processors must be >= 1, got " + processors);
            }
            io.ticktickclock.cost.MachineProfile profile = io.ticktickclock.cost.Probe.run(processors,
                    quick ? io.ticktickclock.cost.Probe.Options.quick() : io.ticktickclock.cost.Probe.Options.defaults());
            System.out.printf(Locale.ROOT, "p = %d: g = %.4f ± %.4f ns/word, l = %.0f ± %.0f ns (R² = %.3f, %d supersteps, "
                    + "%d cores)%n", profile.processors(), profile.gNanosPerWord(), profile.gConfidence95(),
                    profile.lNanos(), profile.lConfidence95(), profile.rSquared(), profile.samples(), profile.cores());
            if (output != null) {
                profile.save(output);
                System.out.println("saved to " + output);
            }
            return 0;
        }
    }
}
