package io.ticktickclock.cost;

import io.ticktickclock.BspResult;
import io.ticktickclock.ProcessorStats;
import io.ticktickclock.SuperstepStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A run explained by the cost model: for every superstep, its work {@code w} (the longest compute step),
 * imbalance (longest / mean compute step), h-relation, measured and predicted time, the prediction's error
 * and what bounds the superstep; and for the run, where the time went.
 *
 * <pre>{@code
 * RunAnalysis a = RunAnalysis.of(result, MachineProfile.load(Path.of("profile.json")).parameters());
 * System.err.print(a.toTable());
 * }</pre>
 *
 * <p>What bounds a superstep is the largest of four parts of {@code T = w + h·g + l}: the balanced work
 * (the mean compute step), the imbalance ({@code w - mean}), the communication {@code h·g}, and the latency
 * {@code l}. Immutable.
 *
 * @param parameters the parameters used
 * @param supersteps one row per superstep
 */
public record RunAnalysis(BspParameters parameters, List<Row> supersteps) {

    /** What bounds a superstep's time. */
    public enum Bound {
        /** The balanced computation (the mean compute step) is the largest part. */
        COMPUTE,
        /** The slowest processor's excess over the mean compute step is the largest part. */
        IMBALANCE,
        /** {@code h·g} is the largest part. */
        COMMUNICATION,
        /** The barrier latency {@code l} is the largest part. */
        LATENCY
    }

    /**
     * One superstep.
     *
     * @param superstep its number
     * @param name its name
     * @param wNanos the longest compute step
     * @param meanWorkNanos the mean compute step
     * @param imbalance {@code w / mean} (1.0 when balanced; 1.0 for an empty superstep)
     * @param hWords the h-relation
     * @param measuredNanos the measured length
     * @param predictedNanos {@code w + h·g + l}
     * @param errorPercent {@code |measured - predicted| / predicted}, in percent
     * @param bound what bounds it
     */
    public record Row(int superstep, String name, double wNanos, double meanWorkNanos, double imbalance, long hWords,
            double measuredNanos, double predictedNanos, double errorPercent, Bound bound) {}

    public RunAnalysis {
        Objects.requireNonNull(parameters, "parameters must not be null");
        supersteps = List.copyOf(supersteps);
    }

    /** Analyses {@code result}'s supersteps with {@code parameters}. */
    public static RunAnalysis of(BspResult<?> result, BspParameters parameters) {
        return of(result.supersteps(), parameters);
    }

    /** Analyses a list of superstep statistics. */
    public static RunAnalysis of(List<SuperstepStats> supersteps, BspParameters parameters) {
        Objects.requireNonNull(parameters, "parameters must not be null");
        List<Row> rows = new ArrayList<>(supersteps.size());
        for (SuperstepStats s : supersteps) {
            double w = 0;
            double sum = 0;
            for (ProcessorStats p : s.processors()) {
                w = Math.max(w, p.computeNanos());
                sum += p.computeNanos();
            }
            double mean = s.processors().isEmpty() ? 0 : sum / s.processors().size();
            double predicted = parameters.predict(w, s.hWords());
            double error = predicted > 0 ? Math.abs(s.durationNanos() - predicted) / predicted * 100 : 0;
            rows.add(new Row(s.superstep(), s.name(), w, mean, mean > 0 ? w / mean : 1.0, s.hWords(),
                    s.durationNanos(), predicted, error, bound(mean, w - mean, s.hWords() * parameters.gNanosPerWord(),
                    parameters.lNanos())));
        }
        return new RunAnalysis(parameters, rows);
    }

    /** The largest of the four parts of a superstep's predicted time. */
    public static Bound bound(double balancedWork, double imbalance, double communication, double latency) {
        Bound b = Bound.COMPUTE;
        double max = balancedWork;
        if (imbalance > max) {
            b = Bound.IMBALANCE;
            max = imbalance;
        }
        if (communication > max) {
            b = Bound.COMMUNICATION;
            max = communication;
        }
        if (latency > max) {
            b = Bound.LATENCY;
        }
        return b;
    }

    /** The sum of the measured times. */
    public double measuredNanos() {
        return supersteps.stream().mapToDouble(Row::measuredNanos).sum();
    }

    /** The sum of the predicted times. */
    public double predictedNanos() {
        return supersteps.stream().mapToDouble(Row::predictedNanos).sum();
    }

    /** The median prediction error over the supersteps, in percent (0 for no superstep). */
    public double medianErrorPercent() {
        double[] e = supersteps.stream().mapToDouble(Row::errorPercent).sorted().toArray();
        if (e.length == 0) {
            return 0;
        }
        return e.length % 2 == 1 ? e[e.length / 2] : (e[e.length / 2 - 1] + e[e.length / 2]) / 2;
    }

    /**
     * How the predicted time divides over balanced work, imbalance, communication and latency, as fractions
     * summing to 1, in {@link Bound} order.
     */
    public double[] shares() {
        double[] parts = new double[4];
        for (Row r : supersteps) {
            parts[0] += r.meanWorkNanos();
            parts[1] += r.wNanos() - r.meanWorkNanos();
            parts[2] += r.hWords() * parameters.gNanosPerWord();
            parts[3] += parameters.lNanos();
        }
        double total = parts[0] + parts[1] + parts[2] + parts[3];
        for (int i = 0; i < 4; i++) {
            parts[i] = total > 0 ? parts[i] / total : 0;
        }
        return parts;
    }

    /**
     * The run's predicted time at {@code otherParameters.processors()} processors, assuming the work divides
     * evenly ({@code w' = mean·p / p'}, so imbalance disappears) and the h-relation scales as {@code hScaling}
     * says.
     */
    public double predictAt(BspParameters otherParameters, HScaling hScaling) {
        Objects.requireNonNull(otherParameters, "otherParameters must not be null");
        Objects.requireNonNull(hScaling, "hScaling must not be null");
        double ratio = (double) parameters.processors() / otherParameters.processors();
        double total = 0;
        for (Row r : supersteps) {
            long h = hScaling.scale(r.hWords(), parameters.processors(), otherParameters.processors());
            total += otherParameters.predict(r.meanWorkNanos() * ratio, h);
        }
        return total;
    }

    /** How a program's h-relation changes with the processor count, for {@link #predictAt}. */
    public enum HScaling {
        /** h does not depend on p (e.g. a fixed-size exchange per processor). */
        CONSTANT,
        /** h is proportional to the data per processor, n/p (e.g. sample sort). */
        INVERSE,
        /**
         * h is proportional to {@code (p - 1) / p}: every processor receives the others' blocks of a vector
         * of fixed length (an all-gather, e.g. PageRank's share vector). A run at p = 1 exchanges nothing,
         * so it cannot be scaled up: from p = 1, h stays as it was.
         */
        ALL_GATHER;

        long scale(long h, int p, int otherP) {
            return switch (this) {
                case CONSTANT -> h;
                case INVERSE -> Math.round((double) h * p / otherP);
                case ALL_GATHER -> p == 1 ? h
                        : Math.round((double) h * ((otherP - 1) / (double) otherP) / ((p - 1) / (double) p));
            };
        }
    }

    /** A text table, one line per superstep, and a summary. */
    public String toTable() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%5s  %-18s %11s %9s %10s %11s %11s %8s  %s%n", "step", "name", "w (us)",
                "imbalance", "h (words)", "T (us)", "pred (us)", "error", "bound"));
        for (Row r : supersteps) {
            b.append(String.format(Locale.ROOT, "%5d  %-18s %11.1f %9.2f %10d %11.1f %11.1f %7.1f%%  %s%n",
                    r.superstep(), truncate(r.name()), r.wNanos() / 1e3, r.imbalance(), r.hWords(),
                    r.measuredNanos() / 1e3, r.predictedNanos() / 1e3, r.errorPercent(), r.bound()));
        }
        double[] shares = shares();
        b.append(String.format(Locale.ROOT,
                "total: measured %.3f ms, predicted %.3f ms (g = %.3f ns/word, l = %.0f ns, p = %d); median error "
                        + "%.1f%%%npredicted time: compute %.0f%%, imbalance %.0f%%, communication %.0f%%, latency "
                        + "%.0f%%%n",
                measuredNanos() / 1e6, predictedNanos() / 1e6, parameters.gNanosPerWord(), parameters.lNanos(),
                parameters.processors(), medianErrorPercent(), shares[0] * 100, shares[1] * 100, shares[2] * 100,
                shares[3] * 100));
        return b.toString();
    }

    private static String truncate(String s) {
        return s.length() <= 18 ? s : s.substring(0, 17) + "…";
    }

    /** The analysis as a JSON object. */
    public String toJson() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "{\"processors\": %d, \"gNanosPerWord\": %s, \"lNanos\": %s, ",
                parameters.processors(), parameters.gNanosPerWord(), parameters.lNanos()));
        b.append(String.format(Locale.ROOT, "\"measuredNanos\": %s, \"predictedNanos\": %s, "
                + "\"medianErrorPercent\": %s, \"supersteps\": [", measuredNanos(), predictedNanos(),
                medianErrorPercent()));
        String sep = "";
        for (Row r : supersteps) {
            b.append(sep).append(String.format(Locale.ROOT,
                    "{\"superstep\": %d, \"name\": %s, \"wNanos\": %s, \"imbalance\": %s, \"hWords\": %d, "
                            + "\"measuredNanos\": %s, \"predictedNanos\": %s, \"errorPercent\": %s, \"bound\": \"%s\"}",
                    r.superstep(), MachineProfile.Json.quote(r.name()), r.wNanos(), r.imbalance(), r.hWords(),
                    r.measuredNanos(), r.predictedNanos(), r.errorPercent(), r.bound()));
            sep = ", ";
        }
        return b.append("]}").toString();
    }
}
