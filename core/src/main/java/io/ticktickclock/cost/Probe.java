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
 * Each superstep is a sample {@code (w, h, T)} with {@code w} the longest compute step, {@code h} the
 * measured h-relation and {@code T} the superstep's length. The 95% confidence half-width of {@code l}
 * comes from the spread of the empty supersteps, that of {@code g} from the slope's standard error.
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

    /** The probe's per-processor state: a reusable buffer of random destinations. */
    private static final class State {
        final SplittableRandom random;
        long checksum;
        int rounds;

        State(long seed) {
            this.random = new SplittableRandom(seed);
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
        // Warm-up: one repetition, not measured, so the JIT has compiled the exchange.
        runtime.run(program(plan, 0), List.of());
        BspResult<State> result = runtime.run(program(plan, 1), List.of());

        List<CostModel.Sample> samples = new ArrayList<>();
        List<Double> empty = new ArrayList<>();
        // Superstep 0 is "init"; superstep i >= 1 sent plan[i - 1] words per processor.
        for (int i = 1; i < result.supersteps().size(); i++) {
            SuperstepStats s = result.supersteps().get(i);
            double w = maxCompute(s);
            samples.add(new CostModel.Sample(w, s.hWords(), s.durationNanos()));
            if (s.hWords() == 0) {
                empty.add(s.durationNanos() - w);
            }
        }
        CostModel.Fit fit = CostModel.fit(processors, samples);
        double lHalfWidth = empty.size() > 1 ? 1.96 * stddev(empty) / Math.sqrt(empty.size())
                : 1.96 * fit.lStandardError();
        return new MachineProfile(processors, fit.parameters().gNanosPerWord(), 1.96 * fit.gStandardError(),
                fit.parameters().lNanos(), lHalfWidth, fit.rSquared(), samples.size(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
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

    private static BspProgram<Void, State, Void> program(int[] plan, long seed) {
        BspProgram.Builder<Void, State, Void> b = BspProgram.<Void, State, Void>builder("probe")
                .init((ctx, none) -> new State(seed * 1_000_003L + ctx.pid()));
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
                        int p = ctx.processors();
                        for (int i = 0; i < h; i++) {
                            ctx.sendLong(s.random.nextInt(p), i);
                        }
                    }
                })
                // Superstep i >= 1 sends plan[i - 1]; one more superstep receives the last exchange.
                .until(s -> s.rounds > plan.length));
        return b.build();
    }
}
