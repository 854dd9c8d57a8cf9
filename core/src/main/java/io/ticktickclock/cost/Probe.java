package io.ticktickclock.cost;

import io.ticktickclock.BspProgram;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.SuperstepStats;
import io.ticktickclock.WaitStrategy;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Measures this machine's BSP parameters for a processor count, like BSPlib's {@code bspprobe}: {@code l}
 * from empty supersteps and {@code g} from h-relations over a range of {@code h}, in random communication
 * patterns (every processor sends its words to uniformly random processors), fitted by least squares
 * ({@link CostModel#fit}) over every measured superstep.
 *
 * <p>The probe runs a superstep program: its communicate step sends, its compute step reads what arrived.
 * Each superstep gives {@code T - w}, with {@code w} the longest compute step and {@code T} the
 * superstep's length, and its measured h-relation. Per repetition and h value the median is kept (robust
 * against preempted threads and GC pauses); g and l are the least-squares line through the medians, and
 * the 95% confidence half-widths come from the spread of the per-repetition fits.
 *
 * <pre>{@code
 * MachineProfile profile = Probe.run(4, Probe.Options.defaults());
 * }</pre>
 *
 * <p>Takes about {@code repetitions × |h values| × supersteps} supersteps; the defaults take a second or two
 * at p = 2 on a laptop. Results depend on what else the machine is doing.
 */
public final class Probe {
    private Probe() {}

    /**
     * What to measure.
     *
     * @param hValues the h-relations (words per processor) to measure, at least two distinct values
     * @param superstepsPerH supersteps measured per h value and repetition
     * @param repetitions how many times the whole series is repeated
     * @param waitStrategy how processors wait (the probe measures the machine with this strategy)
     */
    public record Options(List<Integer> hValues, int superstepsPerH, int repetitions, WaitStrategy waitStrategy) {
        public Options {
            hValues = List.copyOf(Objects.requireNonNull(hValues, "hValues must not be null"));
            if (hValues.stream().distinct().count() < 2) {
                throw new IllegalArgumentException("hValues needs at least two distinct values, got " + hValues);
            }
            for (int h : hValues) {
                if (h < 0) {
                    throw new IllegalArgumentException("hValues must be >= 0, got " + h);
                }
            }
            if (superstepsPerH < 2) {
                throw new IllegalArgumentException("superstepsPerH must be >= 2, got " + superstepsPerH);
            }
            if (repetitions < 1) {
                throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
            }
        }

        /** h = 0, 1K, 4K, 16K, 64K words; 20 supersteps each; 5 repetitions; the runtime's default waiting. */
        public static Options defaults() {
            return new Options(List.of(0, 1 << 10, 1 << 12, 1 << 14, 1 << 16), 20, 5, null);
        }

        /** A quick, rough probe (for tests and smoke runs). */
        public static Options quick() {
            return new Options(List.of(0, 1 << 8, 1 << 12), 5, 2, null);
        }
    }

    /** The probe's per-processor state: random destinations drawn once, so g does not include drawing them. */
    private static final class State {
        final int[] destinations;
        long checksum;
        int rounds;

        State(long seed, int count, int processors) {
            this.destinations = new SplittableRandom(seed).ints(count, 0, processors).toArray();
        }
    }

    /**
     * Runs the probe on {@code processors} processors.
     *
     * @throws IllegalArgumentException if {@code processors < 1}
     */
    public static MachineProfile run(int processors, Options options) {
        Objects.requireNonNull(options, "options must not be null");
        BspRuntime.Builder b = BspRuntime.builder().processors(processors);
        if (options.waitStrategy() != null) {
            b.waitStrategy(options.waitStrategy());
        }
        BspRuntime runtime = b.build();
        List<Integer> schedule = new ArrayList<>();
        for (int r = 0; r < options.repetitions(); r++) {
            for (int h : options.hValues()) {
                for (int s = 0; s < options.superstepsPerH(); s++) {
                    schedule.add(h);
                }
            }
        }
        int[] plan = schedule.stream().mapToInt(Integer::intValue).toArray();
        // Warm-up: the whole plan twice, not measured, so the JIT has compiled the exchange at every h.
        runtime.run(program(plan, 0), List.of());
        runtime.run(program(plan, 1), List.of());
        BspResult<State> result = runtime.run(program(plan, 2), List.of());

        // Superstep i >= 1 sent plan[i - 1] words per processor. Each repetition gives, per h value, the
        // median of T - w over its supersteps (medians, because a preempted thread or a GC pause makes a
        // few supersteps on a busy machine orders of magnitude longer); g and l are the least-squares line
        // through all the medians, and their confidence intervals come from the spread of the per-repetition
        // fits.
        int perH = options.superstepsPerH();
        int distinct = options.hValues().size();
        List<CostModel.Sample> medians = new ArrayList<>();
        List<Double> gs = new ArrayList<>();
        List<Double> ls = new ArrayList<>();
        for (int r = 0; r < options.repetitions(); r++) {
            List<CostModel.Sample> repetition = new ArrayList<>();
            for (int k = 0; k < distinct; k++) {
                int first = 1 + (r * distinct + k) * perH;
                double[] excess = new double[perH];
                long[] hs = new long[perH];
                for (int i = 0; i < perH; i++) {
                    SuperstepStats st = result.supersteps().get(first + i);
                    excess[i] = st.durationNanos() - maxCompute(st);
                    hs[i] = st.hWords();
                }
                java.util.Arrays.sort(excess);
                java.util.Arrays.sort(hs);
                repetition.add(new CostModel.Sample(0, hs[perH / 2], excess[perH / 2]));
            }
            medians.addAll(repetition);
            if (repetition.stream().mapToLong(CostModel.Sample::hWords).distinct().count() >= 2) {
                CostModel.Fit f = CostModel.fit(processors, repetition);
                gs.add(f.rawG());
                ls.add(f.rawL());
            }
        }
        CostModel.Fit fit = CostModel.fit(processors, medians);
        // l from the empty supersteps themselves (the intercept of a line reaching h = 64K words is too
        // uncertain for a quantity of a few microseconds); g is the fitted slope.
        List<Double> empties = new ArrayList<>();
        for (CostModel.Sample m : medians) {
            if (m.hWords() == 0) {
                empties.add(m.tNanos());
            }
        }
        double l = empties.isEmpty() ? fit.parameters().lNanos() : median(empties);
        if (empties.size() >= 2) {
            ls = empties;
        }
        return new MachineProfile(processors, fit.parameters().gNanosPerWord(), halfWidth95(gs, fit.gStandardError()),
                Math.max(0, l), halfWidth95(ls, fit.lStandardError()), fit.rSquared(),
                result.supersteps().size() - 1, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private static double median(List<Double> xs) {
        double[] v = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Two-sided 95% Student t quantiles for 1..30 degrees of freedom. */
    private static final double[] T95 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    /**
     * The 95% half-width of the mean of the per-repetition estimates (Student t with k - 1 degrees of
     * freedom), or 1.96 standard errors of the pooled fit with fewer than two estimates.
     */
    private static double halfWidth95(List<Double> estimates, double pooledStandardError) {
        int k = estimates.size();
        if (k < 2) {
            return 1.96 * pooledStandardError;
        }
        double t = k - 1 <= T95.length ? T95[k - 2] : 1.96;
        return t * stddev(estimates) / Math.sqrt(k);
    }

    /** The longest compute step of a superstep: the {@code w} of the cost model. */
    static double maxCompute(SuperstepStats s) {
        long max = 0;
        for (var p : s.processors()) {
            max = Math.max(max, p.computeNanos());
        }
        return max;
    }

    private static double stddev(List<Double> xs) {
        double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double ss = 0;
        for (double x : xs) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / (xs.size() - 1));
    }

    private static int maxH(int[] plan) {
        int max = 0;
        for (int h : plan) {
            max = Math.max(max, h);
        }
        return max + 64;
    }

    private static BspProgram<Void, State, Void> program(int[] plan, long seed) {
        BspProgram.Builder<Void, State, Void> b = BspProgram.<Void, State, Void>builder("probe")
                .init((ctx, none) -> new State(seed * 1_000_003L + ctx.pid(), maxH(plan), ctx.processors()));
        b.superstep("exchange", step -> step
                .compute((ctx, s) -> {
                    s.checksum += ctx.longInbox().sum();
                    s.rounds++;
                    return s;
                })
                .communicate((ctx, s) -> {
                    int round = ctx.superstep() - 1;
                    if (round < plan.length) {
                        int h = plan[round];
                        int[] to = s.destinations;
                        int offset = round % Math.max(1, to.length - h + 1);
                        for (int i = 0; i < h; i++) {
                            ctx.sendLong(to[offset + i], i);
                        }
                    }
                })
                // Superstep i >= 1 sends plan[i - 1]; one more superstep receives the last exchange.
                .until(s -> s.rounds > plan.length));
        return b.build();
    }
}
