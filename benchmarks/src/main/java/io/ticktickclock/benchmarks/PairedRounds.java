package io.ticktickclock.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Paired rounds of a run without and with some feature, in one JVM, so that a busy machine's drift cancels out:
 * round {@code r} runs both, off-on when {@code r} is even and on-off when it is odd (neither always runs
 * second), and its ratio is on / off. The summary is the geometric mean of the rounds' ratios with a 95%
 * confidence interval (Student's t on the logarithms), their median and range, and the process's CPU time per
 * run with and without: on a machine whose wall times swing by tens of percent, the CPU time is the steadier
 * figure. Used by {@link CheckpointOverhead} and {@link DashboardOverhead}.
 */
final class PairedRounds {

    /** Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom. */
    private static final double[] T95 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    /** One run, without ({@code on} false) or with the feature measured. */
    @FunctionalInterface
    interface Run {
        void run(boolean on) throws Exception;
    }

    /** Wall and process CPU times of each round, nanoseconds: {@code [off wall, on wall, off cpu, on cpu]}. */
    private final List<long[]> rounds = new ArrayList<>();
    private final String feature;

    private PairedRounds(String feature) {
        this.feature = feature;
    }

    /**
     * Runs {@code warmup} unrecorded rounds, then {@code rounds} recorded ones, printing each.
     *
     * @param feature how a run with the feature is named in the output ("with checkpoints")
     * @param cleanup called after each run, untimed
     */
    static PairedRounds measure(String feature, int warmup, int rounds, Run run, Run cleanup) throws Exception {
        PairedRounds paired = new PairedRounds(feature);
        for (int w = 0; w < warmup; w++) {
            time(run, false, cleanup);
            time(run, true, cleanup);
        }
        for (int r = 0; r < rounds; r++) {
            long[] off;
            long[] on;
            if (r % 2 == 0) {
                off = time(run, false, cleanup);
                on = time(run, true, cleanup);
            } else {
                on = time(run, true, cleanup);
                off = time(run, false, cleanup);
            }
            paired.rounds.add(new long[] {off[0], on[0], off[1], on[1]});
            System.out.printf(Locale.ROOT, "round %2d: without %8.1f ms, %s %8.1f ms, ratio %.4f%n", r, off[0] / 1e6,
                    feature, on[0] / 1e6, (double) on[0] / off[0]);
        }
        return paired;
    }

    private static long[] time(Run run, boolean on, Run cleanup) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        run.run(on);
        long[] times = {System.nanoTime() - start, os.getProcessCpuTime() - cpu};
        cleanup.run(on);
        return times;
    }

    /** The process's CPU time, nanoseconds, summed over the recorded runs with ({@code on}) or without. */
    long cpuNanos(boolean on) {
        return rounds.stream().mapToLong(r -> r[on ? 3 : 2]).sum();
    }

    /** The geometric mean of the rounds' wall-time ratios on / off. */
    double geometricMean() {
        return Math.exp(Arrays.stream(logs()).average().orElseThrow());
    }

    private double[] logs() {
        return rounds.stream().mapToDouble(r -> Math.log((double) r[1] / r[0])).toArray();
    }

    /** Prints the summary: ratios against {@code target}, the mean times per {@code unit}s, the CPU times. */
    void report(double target, int units, String unit) {
        int n = rounds.size();
        double[] logs = logs();
        double mean = Arrays.stream(logs).average().orElseThrow();
        double var = 0;
        for (double l : logs) {
            var += (l - mean) * (l - mean);
        }
        double se = n > 1 ? Math.sqrt(var / (n - 1) / n) : Double.NaN;
        double t = n - 1 <= T95.length ? T95[Math.max(0, n - 2)] : 1.96;
        double[] ratios = Arrays.stream(logs).map(Math::exp).sorted().toArray();
        double median = n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
        double[] sums = new double[4];
        for (long[] r : rounds) {
            for (int i = 0; i < 4; i++) {
                sums[i] += r[i];
            }
        }
        System.out.printf(Locale.ROOT, "mean per %s: without %.1f ms, %s %.1f ms%n", unit, sums[0] / 1e6 / n / units,
                feature, sums[1] / 1e6 / n / units);
        System.out.printf(Locale.ROOT, "ratio %s / without: geometric mean %.4f, 95%% CI [%.4f, %.4f] (%d paired "
                + "rounds), median %.4f, range %.4f - %.4f (target <= %.2f)%n", feature, Math.exp(mean),
                Math.exp(mean - t * se), Math.exp(mean + t * se), n, median, ratios[0], ratios[n - 1], target);
        System.out.printf(Locale.ROOT, "process CPU per run: without %.2f s, %s %.2f s (ratio %.4f); machine: %d "
                + "cores, load average %.1f%n", sums[2] / 1e9 / n, feature, sums[3] / 1e9 / n, sums[3] / sums[2],
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
