package io.ticktickclock.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.cost.BspParameters;
import io.ticktickclock.cost.CostModel;
import io.ticktickclock.cost.MachineProfile;
import io.ticktickclock.cost.RunAnalysis;
import io.ticktickclock.examples.ScalingChart.Html;
import io.ticktickclock.examples.ScalingChart.Marker;
import io.ticktickclock.examples.ScalingChart.Scale;
import io.ticktickclock.examples.ScalingChart.Series;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The scaling study: one workload at several processor counts, on the same input in one warm JVM, the
 * median of several repetitions at each count, alternating with a hand-written baseline of the same work; a
 * table (Processors | Time | Speedup | Efficiency) plus, with a machine profile, the cost model's prediction
 * from one count's run; and a self-contained HTML report (inline SVG, no script, no network) with speedup,
 * efficiency and time charts, the study's data as JSON, and how it was run (command line, seed, JVM
 * options).
 */
public final class Scaling {
    private Scaling() {}

    /**
     * One processor count's measurements.
     *
     * @param processors the count
     * @param seconds the median wall time of the repetitions
     * @param speedup time at the first count times its processors, divided by this time (relative to p = 1
     *     when the first count is 1)
     * @param efficiency speedup / processors
     * @param predictedSeconds the cost model's prediction, or NaN without a profile
     * @param baselineSeconds the median wall time of the workload's hand-written baseline at this count
     * @param predictedSpeedup the predicted speedup: the prediction at the first count times its processors,
     *     divided by the prediction at this count (so 1 at p = 1), or NaN without a profile
     * @param times the wall time of each repetition, in seconds, in the order they ran
     * @param baselineTimes the baseline's time in each repetition, in seconds
     */
    public record Point(int processors, double seconds, double speedup, double efficiency, double predictedSeconds,
            double baselineSeconds, double predictedSpeedup, List<Double> times, List<Double> baselineTimes) {

        public Point {
            times = List.copyOf(times);
            baselineTimes = List.copyOf(baselineTimes);
        }

        /** This count's time over the baseline's: below 1 the BSP program is faster. */
        public double vsBaseline() {
            return seconds / baselineSeconds;
        }

        /** The predicted efficiency, {@code predictedSpeedup / processors}; NaN without a profile. */
        public double predictedEfficiency() {
            return predictedSpeedup / processors;
        }
    }

    /** A hand-written version of a workload, run on {@code processors} threads. */
    @FunctionalInterface
    public interface Baseline {
        /**
         * Runs the baseline once.
         *
         * @return the nanoseconds of the timed part (preparing the input, e.g. copying what it sorts in
         *     place, is not timed)
         */
        long run(int processors) throws Exception;
    }

    /**
     * A workload: builds its input once, then runs on a runtime.
     *
     * @param name its name
     * @param run runs it once on a runtime and returns the result
     * @param hScaling how its h-relation changes with p, for predictions
     * @param baselineName what the baseline is, for the report
     * @param baseline the same work hand-written on plain threads (run after the BSP runs at each count)
     * @param seed the seed its input was generated with, for the report
     */
    public record Workload(String name, Function<BspRuntime, BspResult<?>> run, RunAnalysis.HScaling hScaling,
            String baselineName, Baseline baseline, long seed) {}

    /**
     * The largest size of a built-in workload: pagerank's nodes with 16 edges each must stay within a
     * graph's 2^31 - 9 edges, sort's numbers within an array; sum generates nothing.
     *
     * @throws IllegalArgumentException if there is no such workload
     */
    public static long maxSize(String name) {
        return switch (name) {
            case "pagerank" -> (Integer.MAX_VALUE - 8) / 16;
            case "sort" -> Integer.MAX_VALUE - 8;
            case "sum" -> Long.MAX_VALUE;
            default -> throw new IllegalArgumentException("workload must be pagerank, sort or sum, got '" + name + "'");
        };
    }

    /**
     * The heap a study of a built-in workload needs, estimated: pagerank's graph, transpose and share
     * vectors at the largest count (plus the threaded baseline's vectors); for sort, the input, a run's
     * working set, and the sorted output of the last run at each count, which the study keeps for its
     * predictions.
     */
    static long memory(String name, long size, int counts, int maxProcessors) {
        return switch (name) {
            case "pagerank" -> Memory.pageRank(size, 16 * size, maxProcessors, true) + 24 * size;
            case "sort" -> Memory.sort(size) + 8 * size * counts;
            default -> 0;
        };
    }

    /**
     * The built-in workloads, sized by {@code size}: pagerank on a uniform graph of {@code size} nodes and
     * {@code 16 · size} edges (2^22 nodes give the 2^26-edge graph of the benchmarks) to a tolerance of
     * 1e-10, against {@link ThreadedPageRank} doing as many iterations; sort of {@code size} uniform longs
     * against a copy and {@code Arrays.parallelSort} of it in a fork-join pool of p threads; sum of
     * {@code size} generated numbers against a parallel {@code LongStream} in a pool of p threads.
     */
    public static Workload workload(String name, long size, long seed) {
        return switch (name) {
            case "pagerank" -> {
                if (size > maxSize(name)) {
                    throw new IllegalArgumentException("pagerank size must be at most " + maxSize(name)
                            + " nodes (16 edges each), got " + size);
                }
                Graph g = Graph.uniform(Math.toIntExact(size), 16 * size, seed);
                Graph in = g.transpose();
                var program = PageRank.program(g, in, 0.85, 1e-10, (superstep, change) -> { });
                java.util.concurrent.atomic.AtomicInteger iterations = new java.util.concurrent.atomic.AtomicInteger();
                yield new Workload(name, rt -> {
                    BspResult<PageRank.State> r = rt.run(program, PageRank.noInput());
                    iterations.set(r.result(0).iterations());
                    return r;
                }, RunAnalysis.HScaling.ALL_GATHER, "hand-written threaded CSR pull (ThreadedPageRank) on p threads "
                        + "sharing one share vector, as many iterations as the BSP run", p -> {
                    if (iterations.get() == 0) {
                        throw new IllegalStateException("the pagerank baseline runs as many iterations as the BSP "
                                + "run: run the workload first");
                    }
                    long start = System.nanoTime();
                    ThreadedPageRank.run(g, in, 0.85, iterations.get(), p);
                    return System.nanoTime() - start;
                }, seed);
            }
            case "sort" -> {
                if (size > maxSize(name)) {
                    throw new IllegalArgumentException("sort size must be at most " + maxSize(name) + " numbers, got "
                            + size);
                }
                long[] input = Numbers.generate((int) size, Numbers.Distribution.UNIFORM, seed);
                yield new Workload(name, rt -> rt.run("sample-sort", SampleSort.program(input)),
                        RunAnalysis.HScaling.INVERSE, "a parallel copy of the input (Arrays.parallelSetAll; the "
                        + "BSP sort leaves the input alone too) and Arrays.parallelSort of it, in a fork-join pool "
                        + "of p threads, with the common pool's parallelism (by which parallelSort cuts the array) "
                        + "raised to p for the run", p -> withCommonParallelism(p, () -> inPool(p, () -> {
                            long[] copy = new long[input.length];
                            Arrays.parallelSetAll(copy, i -> input[i]);
                            Arrays.parallelSort(copy);
                        })), seed);
            }
            case "sum" -> new Workload(name, rt -> rt.run("parallel-sum", ParallelSum.program(size)),
                    RunAnalysis.HScaling.CONSTANT, "parallel LongStream sum in a fork-join pool of p threads",
                    p -> inPool(p, () -> java.util.stream.LongStream.range(0, size).parallel()
                            .map(ParallelSum::value).sum()), seed);
            default -> throw new IllegalArgumentException("workload must be pagerank, sort or sum, got '" + name + "'");
        };
    }

    /**
     * Runs {@code task} with the common pool's parallelism at least {@code p}, then restores it.
     * {@code Arrays.parallelSort} cuts the array for that parallelism whatever pool runs it, and on 2 cores it
     * is 1 by default, at which parallelSort sorts on one thread.
     *
     * @throws IllegalStateException if the parallelism was set below {@code p} by the system property
     *     {@code java.util.concurrent.ForkJoinPool.common.parallelism}, which cannot be overridden
     */
    static long withCommonParallelism(int p, java.util.concurrent.Callable<Long> task) throws Exception {
        java.util.concurrent.ForkJoinPool common = java.util.concurrent.ForkJoinPool.commonPool();
        int before = common.getParallelism();
        if (before >= p) {
            return task.call();
        }
        try {
            common.setParallelism(p);
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("the common pool's parallelism is " + before + " (set by "
                    + "-Djava.util.concurrent.ForkJoinPool.common.parallelism), below p = " + p + ", so "
                    + "Arrays.parallelSort would not split for p threads: set it to the largest p or leave it unset",
                    e);
        }
        try {
            return task.call();
        } finally {
            common.setParallelism(before);
        }
    }

    /**
     * Runs {@code task} in a fresh fork-join pool of {@code threads} workers (its parallel operations too);
     * returns the nanoseconds it took, pool start included (as a BSP run starts its threads).
     */
    private static long inPool(int threads, Runnable task) throws Exception {
        long start = System.nanoTime();
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
        try {
            pool.submit(task).get();
            return System.nanoTime() - start;
        } finally {
            pool.shutdown();
        }
    }

    /** Runs the study. */
    public static List<Point> run(Workload workload, int[] processors, int repetitions, MachineProfile profile) {
        BspResult<?>[] lastRuns = new BspResult<?>[processors.length];
        double[][] times = new double[processors.length][repetitions];
        double[][] baselineTimes = new double[processors.length][repetitions];
        for (int i = 0; i < processors.length; i++) {
            int p = processors[i];
            BspRuntime runtime = BspRuntime.builder().processors(p).build();
            // One warm-up each, then the BSP run and the baseline alternate, so that a slow spell of a
            // shared machine falls on both rather than on one of them.
            for (int r = -1; r < repetitions; r++) {
                BspResult<?> run = workload.run().apply(runtime);
                double baselineSeconds = runBaseline(workload.baseline(), p);
                if (r >= 0) {
                    lastRuns[i] = run;
                    times[i][r] = run.wallNanos() / 1e9;
                    baselineTimes[i][r] = baselineSeconds;
                }
            }
        }
        double[] predicted = new double[processors.length];
        Arrays.fill(predicted, Double.NaN);
        if (profile != null) {
            int from = predictionBase(workload.hScaling(), processors);
            RunAnalysis base = RunAnalysis.of(lastRuns[from],
                    new BspParameters(processors[from], profile.gNanosPerWord(), profile.lNanos()));
            for (int i = 0; i < processors.length; i++) {
                predicted[i] = base.predictAt(new BspParameters(processors[i], profile.gNanosPerWord(),
                        profile.lNanos()), workload.hScaling()) / 1e9;
            }
        }
        return points(processors, times, baselineTimes, predicted);
    }

    /**
     * The points of a study from its measurements: {@code times[i]} and {@code baselineTimes[i]} are the
     * repetitions at {@code processors[i]}, {@code predicted[i]} the prediction there (NaN for none). Speedups,
     * measured and predicted alike, are relative to the first count: its time times its processors over each
     * count's time, so that measured and predicted curves start from the same point.
     */
    static List<Point> points(int[] processors, double[][] times, double[][] baselineTimes, double[] predicted) {
        double baseSeconds = median(times[0]) * processors[0];
        double basePredicted = predicted[0] * processors[0];
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < processors.length; i++) {
            int p = processors[i];
            double seconds = median(times[i]);
            points.add(new Point(p, seconds, baseSeconds / seconds, CostModel.efficiency(baseSeconds, seconds, p),
                    predicted[i], median(baselineTimes[i]), basePredicted / predicted[i], boxed(times[i]),
                    boxed(baselineTimes[i])));
        }
        return points;
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    /**
     * The index of the count whose run predictions start from: the first, or, for an all-gather (nothing is
     * exchanged at p = 1, so h cannot be scaled from there), the first with p > 1 if there is one.
     */
    static int predictionBase(RunAnalysis.HScaling hScaling, int[] processors) {
        int from = 0;
        while (hScaling == RunAnalysis.HScaling.ALL_GATHER && from < processors.length - 1 && processors[from] == 1) {
            from++;
        }
        return from;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** One run of the baseline at {@code p}, in seconds. */
    private static double runBaseline(Baseline baseline, int p) {
        try {
            return baseline.run(p) / 1e9;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the baseline", e);
        } catch (Exception e) {
            throw new IllegalStateException("the baseline failed at p = " + p + ": " + e, e);
        }
    }

    /** The study's table, with the prediction when there is one and the range of the repetitions. */
    public static String table(List<Point> points) {
        StringBuilder b = new StringBuilder("Processors | Time (s) | Speedup | Efficiency | Predicted (s) | Baseline (s) "
                + "| vs baseline | Time range (s)\n");
        b.append("-----------|----------|---------|------------|---------------|--------------|-------------|"
                + "---------------\n");
        for (Point p : points) {
            b.append(String.format(Locale.ROOT, "%10d | %8.3f | %6.2fx | %9.1f%% | %13s | %12.3f | %10.2fx | %s%n",
                    p.processors(), p.seconds(), p.speedup(), p.efficiency() * 100,
                    Double.isNaN(p.predictedSeconds()) ? "-" : String.format(Locale.ROOT, "%.3f", p.predictedSeconds()),
                    p.baselineSeconds(), p.vsBaseline(), range(p.times())));
        }
        return b.toString();
    }

    private static String range(List<Double> times) {
        double min = times.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = times.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%.3f-%.3f", min, max);
    }

    /**
     * How a study was run, for its report.
     *
     * @param commandLine the process's command line as the operating system reports it (the JVM, its
     *     options, the program and its arguments), or "unknown"
     * @param jvmOptions the JVM's options ({@code RuntimeMXBean.getInputArguments()})
     * @param jvm the JVM's name and version
     * @param os the operating system and architecture
     * @param cores {@link Runtime#availableProcessors()}
     * @param date when the report was written (ISO-8601)
     */
    public record Provenance(String commandLine, List<String> jvmOptions, String jvm, String os, int cores,
            String date) {

        public Provenance {
            jvmOptions = List.copyOf(jvmOptions);
        }

        /** This process's. */
        public static Provenance current() {
            return new Provenance(ProcessHandle.current().info().commandLine().orElse("unknown"),
                    ManagementFactory.getRuntimeMXBean().getInputArguments(),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                    Runtime.getRuntime().availableProcessors(),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        }
    }

    /** A self-contained HTML report of a study run in this process. */
    public static String html(Workload workload, long size, int repetitions, List<Point> points,
            MachineProfile profile) {
        return html(workload, size, repetitions, points, profile, Provenance.current());
    }

    /**
     * The study's data as a JSON document: the workload, its size and seed, how it was run, the profile's g
     * and l when there is one, and per count the median, every repetition's time, the baseline's, and the
     * predictions (null without a profile).
     */
    public static String json(Workload workload, long size, int repetitions, List<Point> points,
            MachineProfile profile, Provenance provenance) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("workload", workload.name());
        root.put("size", size);
        root.put("seed", workload.seed());
        root.put("repetitions", repetitions);
        root.put("baseline", workload.baselineName());
        root.put("commandLine", provenance.commandLine());
        provenance.jvmOptions().forEach(root.putArray("jvmOptions")::add);
        root.put("jvm", provenance.jvm());
        root.put("os", provenance.os());
        root.put("cores", provenance.cores());
        root.put("date", provenance.date());
        if (profile == null) {
            root.putNull("profile");
        } else {
            ObjectNode pr = root.putObject("profile");
            pr.put("processors", profile.processors());
            pr.put("gNanosPerWord", profile.gNanosPerWord());
            pr.put("lNanos", profile.lNanos());
            pr.put("trusted", profile.trusted());
            int[] counts = points.stream().mapToInt(Point::processors).toArray();
            pr.put("predictedFrom", counts[predictionBase(workload.hScaling(), counts)]);
        }
        ArrayNode array = root.putArray("points");
        for (Point p : points) {
            ObjectNode o = array.addObject();
            o.put("processors", p.processors());
            o.put("seconds", p.seconds());
            p.times().forEach(o.putArray("times")::add);
            o.put("speedup", p.speedup());
            o.put("efficiency", p.efficiency());
            o.put("baselineSeconds", p.baselineSeconds());
            p.baselineTimes().forEach(o.putArray("baselineTimes")::add);
            o.put("vsBaseline", p.vsBaseline());
            putFinite(o, "predictedSeconds", p.predictedSeconds());
            putFinite(o, "predictedSpeedup", p.predictedSpeedup());
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the study as JSON", e);   // a tree of plain values
        }
    }

    private static void putFinite(ObjectNode o, String name, double value) {
        if (Double.isFinite(value)) {
            o.put(name, value);
        } else {
            o.putNull(name);
        }
    }

    /** A self-contained HTML report (no script, nothing fetched), recording {@code provenance}. */
    public static String html(Workload workload, long size, int repetitions, List<Point> points,
            MachineProfile profile, Provenance provenance) {
        int cores = provenance.cores();
        int[] counts = points.stream().mapToInt(Point::processors).toArray();
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>TickTickClock scaling: ")
                .append(Html.escape(workload.name())).append("</title><style>body{font-family:sans-serif;"
                        + "max-width:1100px;margin:2em auto}table{border-collapse:collapse;font-size:14px}td,th{border:1px solid #999;"
                        + "padding:4px 10px;text-align:right;white-space:nowrap}.note{background:#fff3cd;padding:8px}"
                        + "dt{font-weight:bold}dd{margin:0 0 6px 1em}code{word-break:break-all}"
                        + "pre{background:#f6f6f6;padding:8px;overflow:auto}</style></head><body>");
        b.append("<h1>Scaling study: ").append(Html.escape(workload.name())).append("</h1>");
        b.append(String.format(Locale.ROOT, "<p>Size %,d, seed %d; median of %d repetitions per processor count, "
                + "after one warm-up run, in one JVM, each BSP run followed by a run of the baseline. Machine: %d "
                + "cores, %s, %s. Date: %s.</p>", size, workload.seed(), repetitions, cores,
                Html.escape(provenance.jvm()), Html.escape(provenance.os()), Html.escape(provenance.date())));
        b.append(String.format(Locale.ROOT, "<p class=\"note\">This machine has %d cores: a speedup above %d is not "
                + "expected, and processor counts above %d share cores.</p>", cores, cores, cores));
        b.append("<h2>How it was run</h2><dl><dt>Command line</dt><dd><code>")
                .append(Html.escape(provenance.commandLine())).append("</code></dd><dt>Seed</dt><dd>")
                .append(workload.seed()).append("</dd><dt>JVM options</dt><dd><code>")
                .append(provenance.jvmOptions().isEmpty() ? "(none)" : Html.escape(String.join(" ",
                        provenance.jvmOptions()))).append("</code></dd></dl>");
        if (profile != null) {
            b.append(String.format(Locale.ROOT, "<p>Predicted times: the cost model applied to the run at p = %d, with "
                    + "g = %.3f ns/word and l = %.0f ns from a profile measured at p = %d%s, assuming the work divides "
                    + "evenly and h scales as the workload declares. The predicted speedup is the prediction at "
                    + "p = %d times %d over the prediction at each count, so that it starts where the measured one "
                    + "does.</p>", counts[predictionBase(workload.hScaling(), counts)], profile.gNanosPerWord(),
                    profile.lNanos(), profile.processors(), profile.trusted() ? "" : " (<b>not trusted</b>: "
                            + Html.escape(String.join("; ", profile.warnings())) + ")",
                    counts[0], counts[0]));
        }
        b.append("<p>Baseline: ").append(Html.escape(workload.baselineName())).append(", measured the same way at "
                + "each count; \"vs baseline\" is the BSP time over the baseline's. Speedups are relative to the "
                + "first count (its time times its processors over each count's time); the baseline's to its own.</p>");
        b.append("<table><tr><th>Processors</th><th>Time (s)</th><th>Range (s)</th><th>Speedup</th><th>Efficiency</th>"
                + "<th>Predicted (s)</th><th>Predicted speedup</th><th>Baseline (s)</th><th>Baseline range (s)</th>"
                + "<th>vs baseline</th></tr>");
        for (Point p : points) {
            b.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.3f</td><td>%s</td><td>%.2fx</td><td>%.1f%%</td>"
                    + "<td>%s</td><td>%s</td><td>%.3f</td><td>%s</td><td>%.2fx</td></tr>",
                    p.processors(), p.seconds(), range(p.times()), p.speedup(), p.efficiency() * 100,
                    Double.isNaN(p.predictedSeconds()) ? "-" : String.format(Locale.ROOT, "%.3f", p.predictedSeconds()),
                    Double.isNaN(p.predictedSpeedup()) ? "-" : String.format(Locale.ROOT, "%.2fx", p.predictedSpeedup()),
                    p.baselineSeconds(), range(p.baselineTimes()), p.vsBaseline()));
        }
        b.append("</table>");
        b.append("<h2>Speedup</h2>").append(ScalingChart.svg("Speedup", counts, ratioSeries(points, false), "speedup",
                Scale.LOG2, "x"));
        b.append("<h2>Efficiency</h2>").append(ScalingChart.svg("Efficiency", counts, ratioSeries(points, true),
                "efficiency", Scale.LINEAR, ""));
        b.append("<h2>Time</h2><p>The median of the repetitions, with a bar from the fastest to the slowest.</p>")
                .append(ScalingChart.svg("Time", counts, timeSeries(points), "seconds", Scale.LOG10, " s"));
        b.append("<h2>Data</h2><details><summary>The study as JSON</summary><pre id=\"scaling-data\">")
                .append(Html.escape(json(workload, size, repetitions, points, profile, provenance)))
                .append("</pre></details>");
        return b.append("</body></html>\n").toString();
    }

    private static final String MEASURED = "#1f77b4";
    private static final String BASELINE = "#2ca02c";
    private static final String PREDICTED = "#d62728";
    private static final String IDEAL = "#888888";

    /** Speedup or efficiency: measured, the baseline's own, predicted (with a profile) and ideal. */
    private static List<Series> ratioSeries(List<Point> points, boolean efficiency) {
        Point first = points.get(0);
        double baselineBase = first.baselineSeconds() * first.processors();
        double[] measured = new double[points.size()];
        double[] baseline = new double[points.size()];
        double[] predicted = new double[points.size()];
        double[] ideal = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double per = efficiency ? p.processors() : 1;
            measured[i] = p.speedup() / per;
            baseline[i] = baselineBase / p.baselineSeconds() / per;
            predicted[i] = p.predictedSpeedup() / per;
            ideal[i] = p.processors() / per;
        }
        List<Series> series = new ArrayList<>(List.of(new Series("measured", MEASURED, false, Marker.CIRCLE, measured),
                new Series("baseline", BASELINE, false, Marker.SQUARE, baseline)));
        if (Arrays.stream(predicted).anyMatch(Double::isFinite)) {
            series.add(new Series("predicted", PREDICTED, true, Marker.DIAMOND, predicted));
        }
        series.add(new Series("ideal", IDEAL, true, Marker.NONE, ideal));
        return series;
    }

    /** Absolute times: the BSP program's and the baseline's with their spread, predicted, and ideal. */
    private static List<Series> timeSeries(List<Point> points) {
        Point first = points.get(0);
        int n = points.size();
        double[] measured = new double[n];
        double[] measuredLow = new double[n];
        double[] measuredHigh = new double[n];
        double[] baseline = new double[n];
        double[] baselineLow = new double[n];
        double[] baselineHigh = new double[n];
        double[] predicted = new double[n];
        double[] ideal = new double[n];
        for (int i = 0; i < n; i++) {
            Point p = points.get(i);
            measured[i] = p.seconds();
            measuredLow[i] = p.times().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            measuredHigh[i] = p.times().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            baseline[i] = p.baselineSeconds();
            baselineLow[i] = p.baselineTimes().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            baselineHigh[i] = p.baselineTimes().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            predicted[i] = p.predictedSeconds();
            ideal[i] = first.seconds() * first.processors() / p.processors();
        }
        List<Series> series = new ArrayList<>(List.of(
                new Series("measured", MEASURED, false, Marker.CIRCLE, measured, measuredLow, measuredHigh),
                new Series("baseline", BASELINE, false, Marker.SQUARE, baseline, baselineLow, baselineHigh)));
        if (Arrays.stream(predicted).anyMatch(Double::isFinite)) {
            series.add(new Series("predicted", PREDICTED, true, Marker.DIAMOND, predicted));
        }
        series.add(new Series("ideal", IDEAL, true, Marker.NONE, ideal));
        return series;
    }
}
