package io.ticktickclock.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The BSP cost model {@code T = w + h·g + l}: prediction, accuracy, parameter estimation by least squares,
 * efficiency and scalability. Units are those of {@link BspParameters}: nanoseconds and 8-byte words.
 *
 * <pre>{@code
 * CostModel.Fit fit = CostModel.fit(2, samples);       // g and l from supersteps measured at p = 2
 * double t = fit.parameters().predict(w, h);
 * CostModel.Accuracy a = CostModel.analyze(measured, t, 20.0);
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class CostModel {
    private CostModel() {}

    /** The default accuracy threshold: a prediction within 20% is accurate. */
    public static final double DEFAULT_THRESHOLD_PERCENT = 20.0;

    /**
     * One measured superstep.
     *
     * @param wNanos its local computation (the longest processor's)
     * @param hWords its h-relation in words
     * @param tNanos its measured length
     */
    public record Sample(double wNanos, long hWords, double tNanos) {
        public Sample {
            if (!Double.isFinite(wNanos) || !Double.isFinite(tNanos) || hWords < 0) {
                throw new IllegalArgumentException("sample needs finite w and T and h >= 0, got w=" + wNanos + " h="
                        + hWords + " T=" + tNanos);
            }
        }
    }

    /**
     * Actual against predicted time.
     *
     * @param actual the measured time
     * @param predicted the predicted time
     * @param error {@code |actual - predicted|}
     * @param errorPercent the error relative to the prediction, in percent
     * @param accurate whether {@code errorPercent} is within the threshold
     */
    public record Accuracy(double actual, double predicted, double error, double errorPercent, boolean accurate) {}

    /**
     * A least-squares fit of {@code T - w = h·g + l}.
     *
     * @param parameters the fitted g and l (clamped at 0 if the fit gives a negative value, see
     *     {@link #rawG()} / {@link #rawL()})
     * @param rawG the slope as fitted
     * @param rawL the intercept as fitted
     * @param rSquared the coefficient of determination of the fit
     * @param residuals the residuals {@code (T - w) - (h·g + l)} of each sample, in input order
     * @param gStandardError the standard error of the slope g (NaN with only two samples)
     * @param lStandardError the standard error of the intercept l (NaN with only two samples)
     */
    public record Fit(BspParameters parameters, double rawG, double rawL, double rSquared, List<Double> residuals,
            double gStandardError, double lStandardError) {}

    /** A (processors, speedup) measurement for {@link #scalability}. */
    public record ScalingPoint(int processors, double speedup) {}

    /** {@code w + h·g + l}. */
    public static double predictSuperstep(double wNanos, long hWords, BspParameters parameters) {
        return Objects.requireNonNull(parameters, "parameters must not be null").predict(wNanos, hWords);
    }

    /**
     * Compares a measured time with a prediction.
     *
     * @param thresholdPercent the largest error, in percent of the prediction, that counts as accurate
     * @throws IllegalArgumentException if {@code predicted} is not positive or the threshold is negative
     */
    public static Accuracy analyze(double actual, double predicted, double thresholdPercent) {
        if (!(predicted > 0)) {
            throw new IllegalArgumentException("predicted must be > 0, got " + predicted);
        }
        if (!(thresholdPercent >= 0)) {
            throw new IllegalArgumentException("thresholdPercent must be >= 0, got " + thresholdPercent);
        }
        double error = Math.abs(actual - predicted);
        double percent = error / predicted * 100;
        return new Accuracy(actual, predicted, error, percent, percent <= thresholdPercent);
    }

    /** {@link #analyze(double, double, double)} with the default 20% threshold. */
    public static Accuracy analyze(double actual, double predicted) {
        return analyze(actual, predicted, DEFAULT_THRESHOLD_PERCENT);
    }

    /**
     * Efficiency: speedup divided by the processor count, {@code (sequential / parallel) / p}.
     *
     * @throws IllegalArgumentException if a time is not positive or {@code processors < 1}
     */
    public static double efficiency(double sequentialTime, double parallelTime, int processors) {
        if (!(sequentialTime > 0) || !(parallelTime > 0)) {
            throw new IllegalArgumentException("times must be > 0, got sequential=" + sequentialTime + " parallel="
                    + parallelTime);
        }
        if (processors < 1) {
            throw new IllegalArgumentException("processors must be >= 1, got " + processors);
        }
        return sequentialTime / parallelTime / processors;
    }

    /**
     * Scalability: for each consecutive pair of points, the measured
     * speedup divided by the speedup that linear scaling from the first point predicts
     * ({@code s2 / (s1 · p2 / p1)}), averaged over the pairs. 1.0 is linear scaling.
     *
     * @throws IllegalArgumentException if fewer than two points are given
     */
    public static double scalability(List<ScalingPoint> points) {
        Objects.requireNonNull(points, "points must not be null");
        if (points.size() < 2) {
            throw new IllegalArgumentException("scalability needs at least 2 points, got " + points.size());
        }
        double sum = 0;
        for (int i = 1; i < points.size(); i++) {
            ScalingPoint a = points.get(i - 1);
            ScalingPoint b = points.get(i);
            sum += b.speedup() / (a.speedup() * b.processors() / a.processors());
        }
        return sum / (points.size() - 1);
    }

    /**
     * Estimates g and l by ordinary least squares of {@code T - w} on {@code h}.
     *
     * @param processors the processor count the samples were measured at
     * @throws IllegalArgumentException if fewer than two samples have distinct h values (all h equal, e.g.
     *     all zero, cannot determine g)
     */
    public static Fit fit(int processors, List<Sample> samples) {
        Objects.requireNonNull(samples, "samples must not be null");
        int n = samples.size();
        double meanH = 0;
        double meanY = 0;
        for (Sample s : samples) {
            meanH += s.hWords();
            meanY += s.tNanos() - s.wNanos();
        }
        if (n > 0) {
            meanH /= n;
            meanY /= n;
        }
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (Sample s : samples) {
            double dx = s.hWords() - meanH;
            double dy = s.tNanos() - s.wNanos() - meanY;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        if (n < 2 || sxx == 0) {
            throw new IllegalArgumentException("the fit needs supersteps with at least two distinct h values; got "
                    + n + " sample(s)" + (n > 0 ? " all with h = " + samples.get(0).hWords() : ""));
        }
        double g = sxy / sxx;
        double l = meanY - g * meanH;
        List<Double> residuals = new ArrayList<>(n);
        double ssRes = 0;
        for (Sample s : samples) {
            double r = s.tNanos() - s.wNanos() - (s.hWords() * g + l);
            residuals.add(r);
            ssRes += r * r;
        }
        double r2 = syy == 0 ? 1.0 : 1 - ssRes / syy;
        double sigma2 = n > 2 ? ssRes / (n - 2) : Double.NaN;
        double seG = Math.sqrt(sigma2 / sxx);
        double seL = Math.sqrt(sigma2 * (1.0 / n + meanH * meanH / sxx));
        return new Fit(new BspParameters(processors, Math.max(0, g), Math.max(0, l)), g, l, r2, List.copyOf(residuals),
                seG, seL);
    }
}
