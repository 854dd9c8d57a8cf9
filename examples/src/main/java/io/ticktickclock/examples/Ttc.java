package io.ticktickclock.examples;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.cost.MachineProfile;
import io.ticktickclock.cost.Probe;
import io.ticktickclock.cost.RunAnalysis;
import io.ticktickclock.micrometer.BspMetrics;
import io.ticktickclock.telemetry.BspEvent;
import io.ticktickclock.telemetry.BspEventHandler;
import io.ticktickclock.telemetry.JfrHandler;
import io.ticktickclock.telemetry.Telemetry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code ttc} command line: runs the examples on the local runtime. Exit codes: 0 success, 1 a failed
 * run, malformed input or out of memory, 2 a usage error (bad option, bad value, a file that is missing or
 * cannot be opened or created). Every failure is one line on stderr (see {@link Failures}); outputs are
 * written as {@link OutputFile} describes.
 */
@Command(name = "ttc", mixinStandardHelpOptions = true, version = "TickTickClock 0.2.0",
        description = "Runs Bulk Synchronous Parallel examples on the local (threads) runtime.",
        subcommands = {Ttc.PageRankCommand.class, Ttc.SortCommand.class, Ttc.SumCommand.class,
            Ttc.ProbeCommand.class, Ttc.ScalingCommand.class})
public final class Ttc implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, also print the Java stack trace (or set TTC_DEBUG=1).")
    boolean debug;

    /** {@code ttc} alone: the usage on stderr, exit 2 (a command is missing). */
    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return 2;
    }

    public static void main(String[] args) {
        Failures.installLastResort(debug(args));
        System.exit(run(args));
    }

    /**
     * Runs one command line and returns its exit code. Nothing escapes as an exception: picocli reports
     * usage errors, {@link Failures} everything else, {@link OutOfMemoryError} included, in one line.
     */
    static int run(String... args) {
        Memory.reset();
        boolean debug = debug(args);
        CommandLine cl = commandLine(debug);
        try {
            return cl.execute(args);
        } catch (Throwable e) {             // errors (out of memory, stack overflow) pass picocli's handler
            return Failures.report(e, cl.getErr(), debug);
        } finally {
            LiveDashboard.finish(System.err);
        }
    }

    private static boolean debug(String[] args) {
        return "1".equals(System.getenv("TTC_DEBUG")) || java.util.Arrays.asList(args).contains("--debug");
    }

    private static CommandLine commandLine(boolean debug) {
        CommandLine cl = new CommandLine(new Ttc());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) ->
                Failures.report(e, commandLine.getErr(), debug));
        return cl;
    }

    /** Options every example takes, and the telemetry they share. */
    abstract static class Common {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-p", "--processors"}, description = "Processors (threads); default: available cores.")
        Integer processors;

        @Option(names = "--seed", defaultValue = "1", description = "Generator seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--quiet", description = "No progress lines on stderr.")
        boolean quiet;

        @Option(names = "--json", description = "Print the summary (and the --analyze analysis) as JSON on stdout.")
        boolean json;

        @Option(names = "--metrics",
                description = "Print the run's metrics in the Prometheus text format on stdout at the end.")
        boolean metrics;

        @Option(names = "--superstep-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Fail the run when a superstep lasts longer (e.g. 30s, 5m, 250ms); default: none. "
                        + "The error names the processors that had not reached the barrier.")
        Duration superstepTimeout;

        @Option(names = "--slow-superstep", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Report a superstep still running after DURATION, naming the processors it waits "
                        + "for (a progress line); default: none.")
        Duration slowSuperstep;

        @Option(names = "--dashboard", paramLabel = "[HOST:]PORT",
                description = "Serve a live dashboard of the run at http://HOST:PORT/ (HOST default 127.0.0.1; "
                        + "PORT 0 picks a free one).")
        String dashboard;

        @Option(names = "--dashboard-keep", description = "Keep the dashboard up after the run ends, until Ctrl-C.")
        boolean dashboardKeep;

        @Option(names = "--analyze", paramLabel = "PROFILE",
                description = "Explain each superstep with the cost model, using a machine profile from 'ttc probe'.")
        Path analyze;

        private PrometheusMeterRegistry registry;
        private MachineProfile profile;
        /** Extra text for a superstep's progress line (PageRank's L1 change), by superstep. */
        final Map<Integer, String> notes = new ConcurrentHashMap<>();

        CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }

        /**
         * The runtime, with telemetry: progress lines (unless --quiet), JDK Flight Recorder events (recorded
         * when the JVM runs with -XX:StartFlightRecording) and, with --metrics, Micrometer meters.
         */
        BspRuntime runtime(int maxSupersteps) {
            if (processors != null && processors < 1) {
                throw usage("--processors must be >= 1, got " + processors);
            }
            if (analyze != null) {
                try {
                    profile = MachineProfile.load(analyze);
                } catch (IOException | IllegalArgumentException e) {
                    throw usage("--analyze: cannot read the profile " + analyze + ": " + e.getMessage());
                }
                untrusted("ttc", "--analyze " + analyze, profile);
            }
            Telemetry telemetry = Telemetry.create();
            if (!quiet) {
                telemetry.attach("progress", new Progress(System.err, notes::get));
            }
            telemetry.attach("jfr", new JfrHandler());
            if (dashboard != null) {
                LiveDashboard.start(telemetry, dashboard, dashboardKeep, profile, System.err);
            } else if (dashboardKeep) {
                throw usage("--dashboard-keep needs --dashboard [HOST:]PORT");
            }
            if (metrics) {
                registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                BspMetrics bspMetrics = new BspMetrics();
                bspMetrics.bindTo(registry);
                telemetry.attach("metrics", bspMetrics);
            }
            BspRuntime.Builder b = BspRuntime.builder().observer(telemetry).maxSupersteps(maxSupersteps);
            if (processors != null) {
                b.processors(processors);
            }
            if (superstepTimeout != null) {
                b.superstepTimeout(superstepTimeout);
            }
            if (slowSuperstep != null) {
                b.slowSuperstepThreshold(slowSuperstep);
            }
            return b.build();
        }

        /** Prints the summary (--json or a line on stderr), the analysis and the metrics, as asked. */
        void report(BspResult<?> result, String command, String extraJson) {
            if (json) {
                System.out.printf(Locale.ROOT, "{\"command\": \"%s\", \"processors\": %d, \"supersteps\": %d, "
                        + "\"converged\": %s, \"wallMillis\": %s%s}%n", command, result.results().size(),
                        result.superstepCount(), result.converged(), Numbers.json(result.wallNanos() / 1e6),
                        extraJson.isEmpty() ? "" : ", " + extraJson);
            }
            if (profile != null) {
                if (profile.processors() != result.results().size()) {
                    System.err.printf(Locale.ROOT, "warning: the profile was measured at p = %d, this run used p = %d%n",
                            profile.processors(), result.results().size());
                }
                RunAnalysis a = RunAnalysis.of(result, profile.parameters());
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
        private final IntFunction<String> notes;

        Progress(PrintStream out, IntFunction<String> notes) {
            this.out = out;
            this.notes = notes;
        }

        @Override
        public void handle(BspEvent event) {
            switch (event) {
                case BspEvent.SuperstepCompleted s -> {
                    String note = notes.apply(s.superstep());
                    out.printf(Locale.ROOT, "[%s] superstep %-3d %-14s %9.3f ms %,12d messages%s%n", s.program(),
                            s.superstep(), s.name(), s.durationNanos() / 1e6, s.messageCount(),
                            note == null ? "" : "  " + note);
                }
                case BspEvent.ComputationCompleted c -> out.printf(Locale.ROOT,
                        "[%s] %d supersteps, converged: %s, wall time %.1f ms%n", c.program(), c.superstepCount(),
                        c.converged(), c.durationNanos() / 1e6);
                case BspEvent.SuperstepSlow s -> out.printf(Locale.ROOT,
                        "[%s] superstep %d is slow: %.1f s so far, waiting for processors %s%n", s.program(),
                        s.superstep(), s.elapsedNanos() / 1e9, s.lateProcessors());
                default -> { }
            }
        }
    }

    /** Durations as people write them: 250ms, 30s, 5m, 2h, or ISO-8601 (PT30S); positive. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(value.trim());
            Duration d;
            try {
                d = !m.matches() ? Duration.parse(value.trim()) : switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(Long.parseLong(m.group(1)));
                    case "s" -> Duration.ofSeconds(Long.parseLong(m.group(1)));
                    case "m" -> Duration.ofMinutes(Long.parseLong(m.group(1)));
                    default -> Duration.ofHours(Long.parseLong(m.group(1)));
                };
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a duration: expected a positive number with ms, s, m or h (e.g. 30s), or PT30S");
            }
            if (d.isNegative() || d.isZero()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a positive duration");
            }
            return d;
        }
    }

    /** --input FILE or --generate SPEC. */
    static final class Source {
        @Option(names = "--input", paramLabel = "FILE", description = "Read the input from FILE (.gz works).")
        Path input;

        @Option(names = "--generate", paramLabel = "SPEC", description = "Generate the input.")
        String generate;
    }

    @Command(name = "pagerank", mixinStandardHelpOptions = true,
            description = "PageRank of an edge list (one 'src dst' pair per line) or a generated graph.")
    static final class PageRankCommand extends Common implements Callable<Integer> {
        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Source source;

        @Option(names = "--damping", defaultValue = "0.85", description = "Damping (default ${DEFAULT-VALUE}).")
        double damping;

        @Option(names = "--tolerance", defaultValue = "1e-10",
                description = "Stop when the L1 change is below this (default ${DEFAULT-VALUE}).")
        double tolerance;

        @Option(names = "--max-supersteps", defaultValue = "1000",
                description = "Stop after this many supersteps (default ${DEFAULT-VALUE}).")
        int maxSupersteps;

        @Option(names = "--output", paramLabel = "RANKS", description = "Write 'id<TAB>rank' lines, sorted by id.")
        Path output;

        @Option(names = "--top", defaultValue = "10", description = "Print the K best ranked nodes (default ${DEFAULT-VALUE}).")
        int top;

        /** Reads or generates the graph; refuses a generated graph whose run cannot fit the heap. */
        Graph graph(int p) throws IOException {
            if (source != null && source.input != null) {
                return EdgeListReader.read(source.input);
            }
            String spec = source == null || source.generate == null ? "uniform:100000:1000000" : source.generate;
            String[] parts = spec.split(":");
            try {
                if (parts.length == 3 && parts[0].equals("uniform")) {
                    int nodes = Integer.parseInt(parts[1]);
                    long edges = Long.parseLong(parts[2]);
                    if (nodes >= 1 && edges >= 0 && edges <= Integer.MAX_VALUE - 8) {
                        Memory.require("pagerank of --generate " + spec + " at p = " + p,
                                Memory.pageRank(nodes, edges, p, true));
                    }
                    return Graph.uniform(nodes, edges, seed);
                }
                if (parts.length == 3 && parts[0].equals("rmat")) {
                    int scale = Integer.parseInt(parts[1]);
                    int edgeFactor = Integer.parseInt(parts[2]);
                    if (scale >= 1 && scale <= 30 && edgeFactor >= 1) {
                        Memory.require("pagerank of --generate " + spec + " at p = " + p,
                                Memory.pageRank(1L << scale, (long) edgeFactor << scale, p, true));
                    }
                    return Graph.rmat(scale, edgeFactor, seed);
                }
            } catch (NumberFormatException e) {
                // fall through to the usage error
            } catch (IllegalArgumentException e) {
                throw usage("--generate " + spec + ": " + e.getMessage());
            }
            throw usage("--generate must be uniform:NODES:EDGES or rmat:SCALE:EDGE_FACTOR, got '" + spec + "'");
        }

        @Override
        public Integer call() throws IOException {
            if (!(damping > 0 && damping < 1)) {
                throw usage("--damping must be in (0, 1), got " + damping);
            }
            if (!(tolerance > 0)) {
                throw usage("--tolerance must be > 0, got " + tolerance);
            }
            if (top < 0) {
                throw usage("--top must be >= 0, got " + top);
            }
            if (maxSupersteps < 1) {
                throw usage("--max-supersteps must be >= 1, got " + maxSupersteps);
            }
            OutputFile out = output == null ? null
                    : OutputFile.check("--output", output, source == null ? null : source.input, analyze);
            BspRuntime runtime = runtime(maxSupersteps);
            Graph graph = graph(runtime.processors());
            if (source != null && source.input != null) {
                Memory.require("pagerank of " + source.input + " at p = " + runtime.processors(),
                        Memory.pageRank(graph.nodes(), graph.edges(), runtime.processors(), false));
            }
            BspResult<PageRank.State> r = runtime.run(PageRank.program(graph, damping, tolerance,
                    (superstep, change) -> notes.put(superstep, String.format(Locale.ROOT, "L1 change %.3e", change))),
                    PageRank.noInput());
            double[] ranks = PageRank.ranks(r, graph.nodes());
            if (out != null) {
                out.write(w -> {
                    for (int v = 0; v < ranks.length; v++) {
                        w.write(Long.toString(graph.id(v)));
                        w.write('\t');
                        w.write(Numbers.exact(ranks[v]));
                        w.write('\n');
                    }
                });
            }
            if (!json) {
                double total = 0;
                for (double x : ranks) {
                    total += x;
                }
                System.out.printf(Locale.ROOT, "PageRank of %,d nodes, %,d edges: %d iterations, converged: %s, "
                        + "sum of ranks %.12f%n", graph.nodes(), graph.edges(), r.result(0).iterations(), r.converged(),
                        total);
                java.util.stream.IntStream.range(0, graph.nodes()).boxed()
                        .sorted((a, b) -> Double.compare(ranks[b], ranks[a]))
                        .limit(top)
                        .forEach(v -> System.out.printf(Locale.ROOT, "%d\t%s%n", graph.id(v), Numbers.exact(ranks[v])));
            }
            report(r, "pagerank", String.format(Locale.ROOT, "\"nodes\": %d, \"edges\": %d, \"iterations\": %d, "
                    + "\"l1Change\": %s", graph.nodes(), graph.edges(), r.result(0).iterations(),
                    Numbers.json(r.result(0).change())));
            return r.converged() ? 0 : 1;
        }
    }

    @Command(name = "sort", mixinStandardHelpOptions = true,
            description = "Parallel sample sort of signed 64-bit integers (one per line), checked.")
    static final class SortCommand extends Common implements Callable<Integer> {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Option(names = "--output", paramLabel = "SORTED", description = "Write the sorted numbers, one per line.")
        Path output;

        long[] input() throws IOException {
            if (source.input != null) {
                return Numbers.read(source.input);
            }
            String[] parts = source.generate.split(":");
            try {
                long n = Long.parseLong(parts[0]);
                if (n < 0 || n > Integer.MAX_VALUE - 8) {
                    throw usage("--generate: the count must be in [0, " + (Integer.MAX_VALUE - 8) + "], got " + n);
                }
                Numbers.Distribution d = parts.length > 1
                        ? Numbers.Distribution.valueOf(parts[1].toUpperCase(Locale.ROOT)) : Numbers.Distribution.UNIFORM;
                if (parts.length > 2) {
                    throw new IllegalArgumentException();
                }
                Memory.require("sort of --generate " + source.generate, Memory.sort(n));
                return Numbers.generate((int) n, d, seed);
            } catch (IllegalArgumentException e) {
                throw usage("--generate must be N or N:DISTRIBUTION with DISTRIBUTION one of "
                        + java.util.Arrays.toString(Numbers.Distribution.values()).toLowerCase(Locale.ROOT) + ", got '"
                        + source.generate + "'");
            }
        }

        @Override
        public Integer call() throws IOException {
            OutputFile out = output == null ? null : OutputFile.check("--output", output, source.input, analyze);
            BspRuntime runtime = runtime(1_000);
            long[] input = input();
            if (source.input != null) {
                Memory.require("sort of " + source.input, Memory.sort(input.length));
            }
            BspResult<long[]> r = runtime.run("sample-sort", SampleSort.program(input));
            long max = 0;
            long total = 0;
            for (long[] bucket : r.results()) {
                max = Math.max(max, bucket.length);
                total += bucket.length;
            }
            long[] expected = input.clone();
            java.util.Arrays.parallelSort(expected);
            boolean ok = total == input.length;
            int at = 0;
            for (long[] bucket : r.results()) {
                for (long v : bucket) {
                    ok &= at < expected.length && expected[at++] == v;
                }
            }
            double ideal = (double) input.length / r.results().size();
            double balance = input.length == 0 ? 1.0 : max / ideal;
            if (out != null) {
                out.write(w -> {
                    for (long[] bucket : r.results()) {
                        for (long v : bucket) {
                            w.write(Long.toString(v));
                            w.write('\n');
                        }
                    }
                });
            }
            if (!json) {
                System.out.printf(Locale.ROOT, "sorted %,d numbers on %d processors: %s; bucket balance (max / ideal) "
                        + "%.3f%n", input.length, r.results().size(), ok ? "OK" : "WRONG ORDER", balance);
            }
            report(r, "sort", String.format(Locale.ROOT, "\"count\": %d, \"sorted\": %s, \"bucketBalance\": %s",
                    input.length, ok, Numbers.json(balance)));
            return ok ? 0 : 1;
        }
    }

    @Command(name = "sum", mixinStandardHelpOptions = true,
            description = "Parallel sum of generated numbers, checked against the sequential sum.")
    static final class SumCommand extends Common implements Callable<Integer> {
        @Option(names = {"--generate", "--count"}, paramLabel = "N", defaultValue = "100000000",
                description = "How many numbers (default ${DEFAULT-VALUE}).")
        long count;

        @Override
        public Integer call() {
            if (count < 0) {
                throw usage("--generate must be >= 0, got " + count);
            }
            BspResult<Long> r = runtime(1_000).run("parallel-sum", ParallelSum.program(count));
            long expected = ParallelSum.sequential(count);
            if (!json) {
                System.out.printf(Locale.ROOT, "sum of %,d numbers = %d (sequential: %d) %s%n", count, r.result(0),
                        expected, r.result(0) == expected ? "OK" : "MISMATCH");
            }
            report(r, "sum", String.format(Locale.ROOT, "\"count\": %d, \"sum\": %d, \"correct\": %s", count,
                    r.result(0), r.result(0) == expected));
            return r.result(0) == expected ? 0 : 1;
        }
    }

    @Command(name = "probe", mixinStandardHelpOptions = true,
            description = "Measure this machine's BSP parameters g and l for a processor count.")
    static final class ProbeCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-p", "--processors"}, required = true, description = "Processor count to measure.")
        int processors;

        @Option(names = "--output", paramLabel = "FILE", description = "Save the profile (JSON) to FILE.")
        Path output;

        @Option(names = "--quick", description = "A rough, fast measurement.")
        boolean quick;

        @Override
        public Integer call() throws IOException {
            if (processors < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--processors must be >= 1, got " + processors);
            }
            OutputFile out = output == null ? null : OutputFile.check("--output", output);
            MachineProfile profile = Probe.run(processors, quick ? Probe.Options.quick() : Probe.Options.defaults());
            System.out.printf(Locale.ROOT, "p = %d: g = %.4f ± %.4f ns/word, l = %.0f ± %.0f ns (R² = %.3f, %d "
                    + "supersteps, %d cores)%n", profile.processors(), profile.gNanosPerWord(), profile.gConfidence95(),
                    profile.lNanos(), profile.lConfidence95(), profile.rSquared(), profile.samples(), profile.cores());
            untrusted("ttc probe", "the measurement", profile);
            if (out != null) {
                out.write(w -> w.write(profile.toJson()));
                System.out.println("saved to " + output + (profile.trusted() ? "" : " (marked untrusted)"));
            }
            return 0;
        }
    }

    @Command(name = "scaling", mixinStandardHelpOptions = true,
            description = "Run a workload at several processor counts: time, speedup, efficiency, prediction.")
    static final class ScalingCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--workload", required = true, description = "pagerank, sort or sum.")
        String workload;

        @Option(names = "--processors", defaultValue = "1,2,4,8,16", split = ",",
                description = "Processor counts (default ${DEFAULT-VALUE}).")
        int[] processors;

        @Option(names = "--size", description = "Nodes (pagerank, 16 edges each; default 200,000), numbers (sort: "
                + "default 5,000,000; sum: default 200,000,000).")
        Long size;

        @Option(names = "--repetitions", defaultValue = "3", description = "Runs per count; the median is kept.")
        int repetitions;

        @Option(names = "--seed", defaultValue = "1", description = "Generator seed.")
        long seed;

        @Option(names = "--profile", paramLabel = "PROFILE", description = "A 'ttc probe' profile for predictions.")
        Path profile;

        static final Path DEFAULT_REPORT = Path.of("benchmarks/results/scaling.html");

        @Option(names = "--report", paramLabel = "HTML", description = "Where to write the HTML report (default "
                + "benchmarks/results/scaling.html, its directories created if missing).")
        Path report;

        @Override
        public Integer call() throws IOException {
            CommandLine cl = spec.commandLine();
            if (processors.length == 0) {
                throw new CommandLine.ParameterException(cl, "--processors must list at least one count, e.g. 1,2,4");
            }
            for (int p : processors) {
                if (p < 1) {
                    throw new CommandLine.ParameterException(cl, "--processors: every count must be >= 1, got " + p);
                }
            }
            if (repetitions < 1) {
                throw new CommandLine.ParameterException(cl, "--repetitions must be >= 1, got " + repetitions);
            }
            long maxSize;
            try {
                maxSize = Scaling.maxSize(workload);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "--workload must be pagerank, sort or sum, got '"
                        + workload + "'");
            }
            long n = size != null ? size : switch (workload) {
                case "pagerank" -> 200_000;
                case "sort" -> 5_000_000;
                default -> 200_000_000;
            };
            if (n < 1 || n > maxSize) {
                throw new CommandLine.ParameterException(cl, "--size must be in [1, " + maxSize + "] for "
                        + workload + ", got " + n);
            }
            int maxP = java.util.Arrays.stream(processors).max().getAsInt();
            if (report == null) {
                report = DEFAULT_REPORT;
                java.nio.file.Files.createDirectories(report.toAbsolutePath().getParent());
            }
            OutputFile out = OutputFile.check("--report", report, profile);
            Memory.require("scaling " + workload + " of --size " + n + " up to p = " + maxP,
                    Scaling.memory(workload, n, processors.length, maxP));
            Scaling.Workload w = Scaling.workload(workload, n, seed);
            MachineProfile machine = null;
            if (profile != null) {
                try {
                    machine = MachineProfile.load(profile);
                } catch (IOException | IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(cl, "--profile: cannot read " + profile + ": " + e.getMessage());
                }
                untrusted("ttc scaling", "--profile " + profile, machine);
            }
            java.util.List<Scaling.Point> points = Scaling.run(w, processors, repetitions, machine);
            System.out.print(Scaling.table(points));
            String html = Scaling.html(w, n, repetitions, points, machine);
            out.write(o -> o.write(html));
            System.out.println("report: " + report);
            return 0;
        }
    }

    /** Warns on stderr, one line per reason, when a machine profile's fit cannot be trusted. */
    static void untrusted(String command, String what, MachineProfile profile) {
        for (String warning : profile.warnings()) {
            System.err.println(command + ": warning: " + what + " cannot be trusted: " + warning);
        }
    }
}
