package io.ticktickclock.examples;

import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.cost.BspParameters;
import io.ticktickclock.cost.CostModel;
import io.ticktickclock.cost.MachineProfile;
import io.ticktickclock.cost.RunAnalysis;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The scaling study: one workload at several processor counts, on the same input in one warm JVM, the
 * median of several repetitions at each count, alternating with a hand-written baseline of the same work; the design document's table (Processors | Time | Speedup |
 * Efficiency) plus, with a machine profile, the cost model's prediction from the first count's run; and a
 * self-contained HTML report with speedup and efficiency curves (inline SVG, no network needed).
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
     */
    public record Point(int processors, double seconds, double speedup, double efficiency, double predictedSeconds,
            double baselineSeconds) {

        /** This count's time over the baseline's: below 1 the BSP program is faster. */
        public double vsBaseline() {
            return seconds / baselineSeconds;
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
     */
    public record Workload(String name, Function<BspRuntime, BspResult<?>> run, RunAnalysis.HScaling hScaling,
            String baselineName, Baseline baseline) {}

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
                });
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
                        })));
            }
            case "sum" -> new Workload(name, rt -> rt.run("parallel-sum", ParallelSum.program(size)),
                    RunAnalysis.HScaling.CONSTANT, "parallel LongStream sum in a fork-join pool of p threads",
                    p -> inPool(p, () -> java.util.stream.LongStream.range(0, size).parallel()
                            .map(ParallelSum::value).sum()));
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
        List<Point> points = new ArrayList<>();
        BspResult<?>[] lastRuns = new BspResult<?>[processors.length];
        double[] medians = new double[processors.length];
        double[] baselines = new double[processors.length];
        for (int i = 0; i < processors.length; i++) {
            int p = processors[i];
            BspRuntime runtime = BspRuntime.builder().processors(p).build();
            // One warm-up each, then the BSP run and the baseline alternate, so that a slow spell of a
            // shared machine falls on both rather than on one of them.
            double[] times = new double[repetitions];
            double[] baselineTimes = new double[repetitions];
            for (int r = -1; r < repetitions; r++) {
                BspResult<?> run = workload.run().apply(runtime);
                double baselineSeconds = runBaseline(workload.baseline(), p);
                if (r >= 0) {
                    lastRuns[i] = run;
                    times[r] = run.wallNanos() / 1e9;
                    baselineTimes[r] = baselineSeconds;
                }
            }
            medians[i] = median(times);
            baselines[i] = median(baselineTimes);
        }
        int from = predictionBase(workload.hScaling(), processors);
        RunAnalysis base = profile == null ? null : RunAnalysis.of(lastRuns[from],
                new BspParameters(processors[from], profile.gNanosPerWord(), profile.lNanos()));
        double baseSeconds = medians[0] * processors[0];
        for (int i = 0; i < processors.length; i++) {
            int p = processors[i];
            double predicted = base == null ? Double.NaN
                    : base.predictAt(new BspParameters(p, profile.gNanosPerWord(), profile.lNanos()), workload.hScaling())
                            / 1e9;
            points.add(new Point(p, medians[i], baseSeconds / medians[i],
                    CostModel.efficiency(baseSeconds, medians[i], p), predicted, baselines[i]));
        }
        return points;
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

    private static double median(double[] values) {
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

    /** The design document's table, with the prediction when there is one. */
    public static String table(List<Point> points) {
        StringBuilder b = new StringBuilder(
                "Processors | Time (s) | Speedup | Efficiency | Predicted (s) | Baseline (s) | vs baseline\n");
        b.append("-----------|----------|---------|------------|---------------|--------------|------------\n");
        for (Point p : points) {
            b.append(String.format(Locale.ROOT, "%10d | %8.3f | %6.2fx | %9.1f%% | %13s | %12.3f | %10.2fx%n",
                    p.processors(), p.seconds(), p.speedup(), p.efficiency() * 100,
                    Double.isNaN(p.predictedSeconds()) ? "-" : String.format(Locale.ROOT, "%.3f", p.predictedSeconds()),
                    p.baselineSeconds(), p.vsBaseline()));
        }
        return b.toString();
    }

    /** A self-contained HTML report. */
    public static String html(Workload workload, long size, int repetitions, List<Point> points,
            MachineProfile profile) {
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>TickTickClock scaling: ")
                .append(workload.name()).append("</title><style>body{font-family:sans-serif;max-width:960px;margin:2em auto}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 10px;text-align:right}"
                        + ".note{background:#fff3cd;padding:8px}</style></head><body>");
        b.append("<h1>Scaling study: ").append(workload.name()).append("</h1>");
        b.append(String.format(Locale.ROOT, "<p>Size %,d; median of %d repetitions per processor count, after one "
                + "warm-up run, in one JVM, each BSP run followed by a run of the baseline. Machine: %d cores, %s %s, %s %s. Date: %s.</p>", size, repetitions, cores,
                System.getProperty("java.vm.name"), System.getProperty("java.version"), System.getProperty("os.name"),
                System.getProperty("os.arch"), Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        b.append(String.format(Locale.ROOT, "<p class=\"note\">This machine has %d cores: a speedup above %d is not "
                + "expected, and processor counts above %d share cores.</p>", cores, cores, cores));
        if (profile != null) {
            int[] counts = points.stream().mapToInt(Point::processors).toArray();
            b.append(String.format(Locale.ROOT, "<p>Predicted times: the cost model applied to the run at p = %d, with "
                    + "g = %.3f ns/word and l = %.0f ns from a profile measured at p = %d, assuming the work divides "
                    + "evenly and h scales as the workload declares.</p>",
                    counts[predictionBase(workload.hScaling(), counts)],
                    profile.gNanosPerWord(), profile.lNanos(), profile.processors()));
        }
        b.append("<p>Baseline: ").append(workload.baselineName()).append(", measured the same way at each "
                + "count; \"vs baseline\" is the BSP time over the baseline's.</p>");
        b.append("<table><tr><th>Processors</th><th>Time (s)</th><th>Speedup</th><th>Efficiency</th>"
                + "<th>Predicted (s)</th><th>Baseline (s)</th><th>vs baseline</th></tr>");
        for (Point p : points) {
            b.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.3f</td><td>%.2fx</td><td>%.1f%%</td><td>%s</td>"
                    + "<td>%.3f</td><td>%.2fx</td></tr>",
                    p.processors(), p.seconds(), p.speedup(), p.efficiency() * 100,
                    Double.isNaN(p.predictedSeconds()) ? "-" : String.format(Locale.ROOT, "%.3f", p.predictedSeconds()),
                    p.baselineSeconds(), p.vsBaseline()));
        }
        b.append("</table>");
        double[] xs = points.stream().mapToDouble(Point::processors).toArray();
        double[] measured = points.stream().mapToDouble(Point::speedup).toArray();
        double[] ideal = points.stream().mapToDouble(p -> p.processors() / (double) points.get(0).processors()
                * points.get(0).speedup()).toArray();
        List<Series> speedups = new ArrayList<>(List.of(new Series("measured", "#1f77b4", measured),
                new Series("ideal", "#999999", ideal)));
        if (profile != null) {
            double t0 = points.get(0).seconds() * points.get(0).processors();
            speedups.add(new Series("predicted", "#d62728",
                    points.stream().mapToDouble(p -> t0 / p.predictedSeconds()).toArray()));
        }
        b.append("<h2>Speedup</h2>").append(svg(xs, speedups, "processors", "speedup"));
        b.append("<h2>Efficiency</h2>").append(svg(xs, List.of(new Series("measured", "#1f77b4",
                points.stream().mapToDouble(Point::efficiency).toArray()), new Series("ideal", "#999999",
                points.stream().mapToDouble(p -> 1.0).toArray())), "processors", "efficiency"));
        return b.append("</body></html>\n").toString();
    }

    record Series(String name, String color, double[] ys) {}

    /** A line chart as inline SVG. */
    static String svg(double[] xs, List<Series> series, String xLabel, String yLabel) {
        int w = 640;
        int h = 360;
        int left = 60;
        int bottom = 40;
        double maxX = Arrays.stream(xs).max().orElse(1);
        double maxY = series.stream().flatMapToDouble(s -> Arrays.stream(s.ys())).filter(Double::isFinite).max()
                .orElse(1) * 1.1;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"12\">", w, h));
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>", left,
                h - bottom, w - 10, h - bottom));
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>", left,
                left, h - bottom));
        for (double x : xs) {
            double px = left + x / maxX * (w - left - 20);
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", px,
                    h - bottom + 15, (long) x));
        }
        for (int i = 0; i <= 4; i++) {
            double v = maxY * i / 4;
            double py = h - bottom - v / maxY * (h - bottom - 20);
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>", left - 5,
                    py + 4, v));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>", w / 2, h - 5,
                xLabel));
        b.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" "
                + "text-anchor=\"middle\">%s</text>", h / 2, h / 2, yLabel));
        int legend = 0;
        for (Series s : series) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < xs.length; i++) {
                if (Double.isFinite(s.ys()[i])) {
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + xs[i] / maxX * (w - left - 20),
                            h - bottom - s.ys()[i] / maxY * (h - bottom - 20)));
                }
            }
            b.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                    + "points=\"%s\"/>", s.color(), pts.toString().trim()));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>", left + 10,
                    25 + 15 * legend++, s.color(), s.name()));
        }
        return b.append("</svg>").toString();
    }
}
