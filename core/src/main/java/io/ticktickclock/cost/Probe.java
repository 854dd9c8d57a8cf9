package io.ticktickclock.cost;

import io.ticktickclock.BspProgram;
import io.ticktickclock.BspProgramJob;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.SuperstepStats;
import io.ticktickclock.WaitStrategy;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Measures this machine's BSP parameters for a processor count, like BSPlib's {@code bspprobe}: {@code l}
 * from empty supersteps and {@code g} from h-relations over a range of {@code h}, in random communication
 * patterns (every processor sends its words to uniformly random processors), fitted by least squares
 * ({@link CostModel#fit}).
 *
 * <p>The probe runs a superstep program: its communicate step sends, its compute step reads what arrived.
 * Each superstep gives {@code T - w}, with {@code w} the longest compute step and {@code T} the
 * superstep's length, and its measured h-relation. Per repetition and h value the median is kept, then per
 * h value the median over the repetitions (robust against preempted threads, GC pauses and repetitions a
 * busy machine spoiled); g and l are the least-squares line through those medians, and the 95% confidence
 * half-widths come from the spread of the per-repetition fits.
 *
 * <pre>{@code
 * MachineProfile profile = Probe.run(4, Probe.Options.defaults());
 * }</pre>
 *
 * <p>Takes about {@code repetitions × |h values| × supersteps} supersteps; the defaults take a second or two
 * at p = 2 on a laptop. Results depend on what else the machine is doing: on a busy machine the probe
 * measures longer (up to {@link Options#maxRepetitions()}) and flags a fit it cannot trust
 * ({@link MachineProfile#trusted()}) rather than return numbers that look measured.
 */
public final class Probe {
    private Probe() {}

    /**
     * What to measure.
     *
     * @param hValues the h-relations (words per processor) to measure, at least two distinct values
     * @param superstepsPerH supersteps measured per h value and repetition
     * @param repetitions how many times the whole series is repeated
     * @param maxRepetitions how many repetitions at most, while the fit cannot be trusted (the probe then
     *     measures {@code repetitions} more at a time); at least {@code repetitions}
     * @param waitStrategy how processors wait (the probe measures the machine with this strategy)
     */
    public record Options(List<Integer> hValues, int superstepsPerH, int repetitions, int maxRepetitions,
            WaitStrategy waitStrategy) {
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
            if (maxRepetitions < repetitions) {
                throw new IllegalArgumentException("maxRepetitions must be >= repetitions (" + repetitions
                        + "), got " + maxRepetitions);
            }
        }

        /** These options, sampling up to eight times {@code repetitions} while the fit cannot be trusted. */
        public Options(List<Integer> hValues, int superstepsPerH, int repetitions, WaitStrategy waitStrategy) {
            this(hValues, superstepsPerH, repetitions, (int) Math.min(Integer.MAX_VALUE, 8L * repetitions),
                    waitStrategy);
        }

        /**
         * h = 0, 1K, 4K, 16K, 64K words; 20 supersteps each; 5 repetitions, up to 40 while the fit cannot be
         * trusted; the runtime's default waiting.
         */
        public static Options defaults() {
            return new Options(List.of(0, 1 << 10, 1 << 12, 1 << 14, 1 << 16), 20, 5, 40, null);
        }

        /** A quick, rough probe (for tests and smoke runs): 2 repetitions, up to 8. */
        public static Options quick() {
            return new Options(List.of(0, 1 << 8, 1 << 12), 5, 2, 8, null);
        }
    }

    /**
     * The probe's program as a job, so that any runtime can run it ({@link #run(int, Options, Function)}): a
     * cluster's too. Superstep {@code i >= 1} sends {@code plan[i - 1]} words per processor to random
     * processors; one more superstep receives the last exchange.
     *
     * @param plan the words per processor of each measured superstep
     * @param seed draws each processor's random destinations (once, so that g does not include drawing them)
     */
    public record Job(int[] plan, long seed) implements BspProgramJob<Void, Job.Tally, Void> {
        /** Checks the components. */
        public Job {
            Objects.requireNonNull(plan, "plan must not be null");
        }

        /**
         * A processor's state: its destinations and what it received, {@code sums[0]} the sum of the words,
         * {@code sums[1]} the rounds. The last superstep drops the destinations, so the result is small.
         */
        public record Tally(int[] destinations, long[] sums) {}

        @Override
        public BspProgram<Void, Tally, Void> program() {
            return Probe.program(plan, seed);
        }
    }

    /**
     * Runs the probe on {@code processors} processors. When the fit cannot be trusted (see
     * {@link MachineProfile#trusted()}) it measures more repetitions, pooled with the earlier ones, up to
     * {@link Options#maxRepetitions()}; a profile still untrusted then says so in its
     * {@link MachineProfile#warnings() warnings}.
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
        return run(processors, options, job -> runtime.run(job, List.of()));
    }

    /**
     * Runs the probe where {@code runner} runs its jobs: on a cluster, say, to measure the g and l of its
     * network ({@code ttc probe --cluster}). {@code runner} must run each job on {@code processors} processors
     * and return its result; the rest is as {@link #run(int, Options)}.
     *
     * @throws IllegalArgumentException if {@code processors < 1}
     */
    public static MachineProfile run(int processors, Options options, Function<Job, BspResult<?>> runner) {
        Objects.requireNonNull(options, "options must not be null");
        Objects.requireNonNull(runner, "runner must not be null");
        if (processors < 1) {
            throw new IllegalArgumentException("processors must be >= 1, got " + processors);
        }
        int[] plan = plan(options, options.repetitions());
        // Warm-up: the whole plan twice, not measured, so the JIT has compiled the exchange at every h.
        runner.apply(new Job(plan, 0));
        runner.apply(new Job(plan, 1));
        return measureUntilTrusted(processors, options, (index, repetitions) -> {
            BspResult<?> result = runner.apply(new Job(plan(options, repetitions), 2 + index));
            if (result.results().size() != processors) {
                throw new IllegalArgumentException("the runner ran the probe on " + result.results().size()
                        + " processors, expected " + processors);
            }
            return new Batch(medians(result, options, repetitions), result.supersteps().size() - 1);
        });
    }

    /** Measured repetitions: per repetition one median sample per h value, and how many supersteps. */
    record Batch(List<List<CostModel.Sample>> repetitions, int supersteps) {}

    /** Measures one batch: {@code index} counts batches from 0, {@code repetitions} is the batch's size. */
    @FunctionalInterface
    interface Measurement {
        Batch measure(int index, int repetitions);
    }

    /**
     * Measures batches of {@link Options#repetitions()} repetitions, pooled, until the profile can be
     * trusted or {@link Options#maxRepetitions()} were measured; a profile still untrusted then says that
     * the probe could not measure.
     */
    static MachineProfile measureUntilTrusted(int processors, Options options, Measurement measurement) {
        List<List<CostModel.Sample>> repetitions = new ArrayList<>();
        int supersteps = 0;
        for (int index = 0; ; index++) {
            Batch batch = measurement.measure(index,
                    Math.min(options.repetitions(), options.maxRepetitions() - repetitions.size()));
            repetitions.addAll(batch.repetitions());
            supersteps += batch.supersteps();
            MachineProfile profile = profile(processors, repetitions, supersteps);
            if (profile.trusted()) {
                return profile;
            }
            if (repetitions.size() >= options.maxRepetitions()) {
                List<String> warnings = new ArrayList<>(profile.warnings());
                warnings.add(String.format(Locale.ROOT, "could not measure g and l reliably in %d repetitions "
                        + "(%d supersteps): the machine is too busy; measure when it is quieter",
                        repetitions.size(), supersteps));
                return profile.withWarnings(warnings);
            }
        }
    }

    /** Each h value {@code superstepsPerH} times in a row, the series repeated {@code repetitions} times. */
    private static int[] plan(Options options, int repetitions) {
        List<Integer> schedule = new ArrayList<>();
        for (int r = 0; r < repetitions; r++) {
            for (int h : options.hValues()) {
                for (int s = 0; s < options.superstepsPerH(); s++) {
                    schedule.add(h);
                }
            }
        }
        return schedule.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Per repetition and h value, the median {@code T - w} over its supersteps (medians, because a preempted
     * thread or a GC pause makes a few supersteps on a busy machine orders of magnitude longer).
     */
    private static List<List<CostModel.Sample>> medians(BspResult<?> result, Options options, int repetitions) {
        // Superstep i >= 1 sent plan[i - 1] words per processor.
        int perH = options.superstepsPerH();
        int distinct = options.hValues().size();
        List<List<CostModel.Sample>> out = new ArrayList<>();
        for (int r = 0; r < repetitions; r++) {
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
                Arrays.sort(excess);
                Arrays.sort(hs);
                repetition.add(new CostModel.Sample(0, hs[perH / 2], excess[perH / 2]));
            }
            out.add(repetition);
        }
        return out;
    }

    /**
     * The profile from per-repetition medians. Per h value the median over the repetitions is kept, so
     * that more repetitions make the estimate both closer and more robust (a few repetitions that a busy
     * machine spoiled do not move it); g and l are the least-squares line through those medians, l from
     * the empty supersteps themselves when there are some. The confidence intervals come from the spread of
     * the per-repetition estimates. Its warnings say whether the fit can be trusted.
     *
     * @param repetitions per repetition, one median sample per h value, the h values in the same order
     * @param supersteps how many supersteps the medians summarise
     */
    static MachineProfile profile(int processors, List<List<CostModel.Sample>> repetitions, int supersteps) {
        // Sample k of every repetition measured the same h value (measured h varies a little with the random
        // destinations, so medians of h too).
        int distinct = repetitions.get(0).size();
        List<List<Double>> ts = new ArrayList<>();
        List<List<Double>> hs = new ArrayList<>();
        for (int k = 0; k < distinct; k++) {
            ts.add(new ArrayList<>());
            hs.add(new ArrayList<>());
        }
        List<Double> gs = new ArrayList<>();
        List<Double> ls = new ArrayList<>();
        List<Double> empties = new ArrayList<>();
        for (List<CostModel.Sample> repetition : repetitions) {
            for (int k = 0; k < distinct; k++) {
                CostModel.Sample m = repetition.get(k);
                ts.get(k).add(m.tNanos() - m.wNanos());
                hs.get(k).add((double) m.hWords());
                if (m.hWords() == 0) {
                    empties.add(m.tNanos() - m.wNanos());
                }
            }
            if (repetition.stream().mapToLong(CostModel.Sample::hWords).distinct().count() >= 2) {
                CostModel.Fit f = CostModel.fit(processors, repetition);
                gs.add(f.rawG());
                ls.add(f.rawL());
            }
        }
        List<CostModel.Sample> medians = new ArrayList<>();
        for (int k = 0; k < distinct; k++) {
            medians.add(new CostModel.Sample(0, Math.round(median(hs.get(k))), median(ts.get(k))));
        }
        CostModel.Fit fit = CostModel.fit(processors, medians);
        // l from the empty supersteps themselves (the intercept of a line reaching h = 64K words is too
        // uncertain for a quantity of a few microseconds); g is the fitted slope.
        double l = empties.isEmpty() ? fit.parameters().lNanos() : median(empties);
        if (empties.size() >= 2) {
            ls = empties;
        }
        return new MachineProfile(processors, fit.parameters().gNanosPerWord(), halfWidth95(gs, fit.gStandardError()),
                Math.max(0, l), halfWidth95(ls, fit.lStandardError()), fit.rSquared(), supersteps,
                Runtime.getRuntime().availableProcessors(),
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
     * The 95% half-width of the per-repetition estimates' centre (Student t with k - 1 degrees of freedom),
     * with their standard deviation estimated as 1.4826 times their median absolute deviation, so that a
     * few repetitions spoiled by a busy machine do not widen it; or 1.96 standard errors of the pooled fit
     * with fewer than two estimates.
     */
    private static double halfWidth95(List<Double> estimates, double pooledStandardError) {
        int k = estimates.size();
        if (k < 2) {
            return 1.96 * pooledStandardError;
        }
        double t = k - 1 <= T95.length ? T95[k - 2] : 1.96;
        double centre = median(estimates);
        List<Double> deviations = new ArrayList<>();
        for (double e : estimates) {
            deviations.add(Math.abs(e - centre));
        }
        return t * 1.4826 * median(deviations) / Math.sqrt(k);
    }

    /** The longest compute step of a superstep: the {@code w} of the cost model. */
    static double maxCompute(SuperstepStats s) {
        long max = 0;
        for (var p : s.processors()) {
            max = Math.max(max, p.computeNanos());
        }
        return max;
    }

    private static int maxH(int[] plan) {
        int max = 0;
        for (int h : plan) {
            max = Math.max(max, h);
        }
        return max + 64;
    }

    private static BspProgram<Void, Job.Tally, Void> program(int[] plan, long seed) {
        BspProgram.Builder<Void, Job.Tally, Void> b = BspProgram.<Void, Job.Tally, Void>builder("probe")
                .init((ctx, none) -> new Job.Tally(new SplittableRandom(seed * 1_000_003L + ctx.pid())
                        .ints(maxH(plan), 0, ctx.processors()).toArray(), new long[2]));
        b.superstep("exchange", step -> step
                .compute((ctx, s) -> {
                    s.sums()[0] += ctx.longInbox().sum();
                    s.sums()[1]++;
                    return s.sums()[1] > plan.length ? new Job.Tally(new int[0], s.sums()) : s;
                })
                .communicate((ctx, s) -> {
                    int round = ctx.superstep() - 1;
                    if (round < plan.length) {
                        int h = plan[round];
                        int[] to = s.destinations();
                        int offset = round % Math.max(1, to.length - h + 1);
                        for (int i = 0; i < h; i++) {
                            ctx.sendLong(to[offset + i], i);
                        }
                    }
                })
                // Superstep i >= 1 sends plan[i - 1]; one more superstep receives the last exchange.
                .until(s -> s.sums()[1] > plan.length));
        return b.build();
    }
}
