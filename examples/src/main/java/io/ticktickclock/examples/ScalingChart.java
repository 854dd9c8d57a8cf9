package io.ticktickclock.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The scaling report's charts as inline SVG (the report is one file that opens offline): processor counts
 * on a log2 axis, so 1, 2, 4, 8, 16 are evenly spaced and ideal scaling is a straight line; each series
 * with a marker per point (hover for its value) and, where it has one, a bar for the spread of its
 * repetitions.
 */
final class ScalingChart {
    private ScalingChart() {}

    private static final int WIDTH = 640;
    private static final int HEIGHT = 380;
    private static final int LEFT = 70;
    private static final int RIGHT = 170;     // room for the legend
    private static final int TOP = 20;
    private static final int BOTTOM = 50;

    /** How a series' points are marked. */
    enum Marker { CIRCLE, SQUARE, DIAMOND, NONE }

    /**
     * One line of a chart.
     *
     * @param name its legend entry
     * @param color its CSS colour
     * @param dashed whether the line is dashed (references: ideal, predicted)
     * @param marker how each point is marked
     * @param ys one value per x; NaN for none
     * @param lows the lower end of each point's spread, or null for none
     * @param highs the upper end of each point's spread, or null for none
     */
    record Series(String name, String color, boolean dashed, Marker marker, double[] ys, double[] lows,
            double[] highs) {

        Series(String name, String color, boolean dashed, Marker marker, double[] ys) {
            this(name, color, dashed, marker, ys, null, null);
        }
    }

    /** How the y axis is scaled. */
    enum Scale {
        /** From 0, for efficiencies. */
        LINEAR,
        /** Powers of two, for speedups: ideal speedup is then the diagonal. */
        LOG2,
        /** Decades with 1, 2, 5 ticks, for times. */
        LOG10
    }

    /**
     * A chart of {@code series} over the processor counts {@code xs} (ascending, all >= 1).
     *
     * @param unit appended to values in the hover text (e.g. " s"), or ""
     */
    static String svg(String title, int[] xs, List<Series> series, String yLabel, Scale scale, String unit) {
        boolean logY = scale != Scale.LINEAR;
        double[] values = series.stream()
                .flatMapToDouble(s -> Arrays.stream(concat(s.ys(), s.lows(), s.highs())))
                .filter(v -> Double.isFinite(v) && (!logY || v > 0))
                .toArray();
        Axis y = switch (scale) {
            case LINEAR -> Axis.linear(values);
            case LOG2 -> Axis.log2(values);
            case LOG10 -> Axis.log(values);
        };
        double lo = Math.log(xs[0]) / Math.log(2);
        double hi = Math.log(xs[xs.length - 1]) / Math.log(2);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        java.util.function.IntToDoubleFunction px = x -> hi == lo ? LEFT + plotW / 2.0
                : LEFT + (Math.log(x) / Math.log(2) - lo) / (hi - lo) * plotW;
        java.util.function.DoubleUnaryOperator py = v -> TOP + plotH - y.fraction(v) * plotH;

        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"12\" "
                        + "font-family=\"sans-serif\" role=\"img\"><title>%s</title>", WIDTH, HEIGHT, Html.escape(title)));
        // Grid and y ticks.
        for (double t : y.ticks()) {
            double yy = py.applyAsDouble(t);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT, yy, LEFT + plotW, yy,
                    LEFT - 6, yy + 4, label(t)));
        }
        // x ticks: every count of the study, at its log2 position.
        for (int x : xs) {
            double xx = px.applyAsDouble(x);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e5e5e5\"/>"
                    + "<text class=\"x-tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>", xx, TOP, xx,
                    TOP + plotH, xx, TOP + plotH + 16, x));
        }
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#333\"/>", LEFT, TOP, plotW, plotH));
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">processors "
                + "(log2 scale)</text>", LEFT + plotW / 2.0, HEIGHT - 10));
        b.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.1f\" transform=\"rotate(-90 16 %.1f)\" "
                + "text-anchor=\"middle\">%s</text>", TOP + plotH / 2.0, TOP + plotH / 2.0,
                Html.escape(yLabel + (logY ? " (log scale)" : ""))));

        int legendY = TOP + 10;
        // Series with a spread are drawn a little apart at each x, so that their bars do not cover each other.
        int spreads = (int) series.stream().filter(s -> s.lows() != null).count();
        int spreadIndex = 0;
        for (Series s : series) {
            double shift = s.lows() == null ? 0 : (spreadIndex++ - (spreads - 1) / 2.0) * 8;
            String dash = s.dashed() ? " stroke-dasharray=\"6 4\"" : "";
            List<String> points = new ArrayList<>();
            for (int i = 0; i < xs.length; i++) {
                if (y.shows(s.ys()[i])) {
                    points.add(String.format(Locale.ROOT, "%.1f,%.1f", px.applyAsDouble(xs[i]) + shift,
                            py.applyAsDouble(s.ys()[i])));
                }
            }
            b.append(String.format(Locale.ROOT, "<g class=\"series\" data-name=\"%s\">", Html.escape(s.name())));
            b.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s "
                    + "points=\"%s\"/>", s.color(), dash, String.join(" ", points)));
            for (int i = 0; i < xs.length; i++) {
                double xx = px.applyAsDouble(xs[i]) + shift;
                if (s.lows() != null && y.shows(s.lows()[i]) && y.shows(s.highs()[i])) {
                    double y0 = py.applyAsDouble(s.lows()[i]);
                    double y1 = py.applyAsDouble(s.highs()[i]);
                    b.append(String.format(Locale.ROOT, "<path class=\"spread\" d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1f"
                            + "M%.1f %.1fH%.1f\" stroke=\"%s\" stroke-width=\"1.5\"><title>%s at p = %d: %s to %s%s"
                            + "</title></path>", xx, y0, y1, xx - 5, y0, xx + 5, xx - 5, y1, xx + 5, s.color(),
                            Html.escape(s.name()), xs[i], label(s.lows()[i]), label(s.highs()[i]), unit));
                }
                if (y.shows(s.ys()[i]) && s.marker() != Marker.NONE) {
                    b.append(marker(s.marker(), xx, py.applyAsDouble(s.ys()[i]), s.color(), String.format(Locale.ROOT,
                            "%s at p = %d: %s%s", Html.escape(s.name()), xs[i], label(s.ys()[i]), unit)));
                }
            }
            b.append("</g>");
            // Legend entry: a line sample and the marker.
            int lx = LEFT + plotW + 14;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"%s/>", lx, legendY, lx + 28, legendY, s.color(), dash));
            if (s.marker() != Marker.NONE) {
                b.append(marker(s.marker(), lx + 14, legendY, s.color(), Html.escape(s.name())));
            }
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>", lx + 34, legendY + 4,
                    Html.escape(s.name())));
            legendY += 20;
        }
        return b.append("</svg>").toString();
    }

    private static String marker(Marker m, double x, double y, String color, String title) {
        String t = "<title>" + title + "</title>";
        return switch (m) {
            case CIRCLE -> String.format(Locale.ROOT, "<circle class=\"marker\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" "
                    + "fill=\"%s\">%s</circle>", x, y, color, t);
            case SQUARE -> String.format(Locale.ROOT, "<rect class=\"marker\" x=\"%.1f\" y=\"%.1f\" width=\"8\" "
                    + "height=\"8\" fill=\"%s\">%s</rect>", x - 4, y - 4, color, t);
            case DIAMOND -> String.format(Locale.ROOT, "<path class=\"marker\" d=\"M%.1f %.1fl5 5l-5 5l-5 -5z\" "
                    + "fill=\"%s\">%s</path>", x, y - 5, color, t);
            case NONE -> "";
        };
    }

    /** A tick or value label: 3 significant digits, no exponent for the usual range. */
    static String label(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e6) {
            return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros()
                    .toPlainString();
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }

    private static double[] concat(double[]... arrays) {
        return Arrays.stream(arrays).filter(a -> a != null).flatMapToDouble(Arrays::stream).toArray();
    }

    /** A y axis: where a value falls (0 at the bottom, 1 at the top) and its ticks. */
    private record Axis(double min, double max, boolean log, double[] ticks) {

        /** From 0 to a round maximum above every value, with 1-2-5 steps. */
        static Axis linear(double[] values) {
            double top = Arrays.stream(values).max().orElse(1);
            top = top <= 0 ? 1 : top * 1.05;
            double step = niceStep(top / 5);
            double max = Math.ceil(top / step) * step;
            int n = (int) Math.round(max / step);
            double[] ticks = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                ticks[i] = i * step;
            }
            return new Axis(0, max, false, ticks);
        }

        /** From the power of two at or below the smallest value to the one at or above the largest. */
        static Axis log2(double[] values) {
            int lo = (int) Math.floor(Math.log(Arrays.stream(values).min().orElse(1)) / Math.log(2) + 1e-9);
            int hi = (int) Math.ceil(Math.log(Arrays.stream(values).max().orElse(1)) / Math.log(2) - 1e-9);
            hi = Math.max(hi, lo + 1);
            double[] ticks = new double[hi - lo + 1];
            for (int i = lo; i <= hi; i++) {
                ticks[i - lo] = Math.scalb(1.0, i);
            }
            return new Axis(ticks[0], ticks[ticks.length - 1], true, ticks);
        }

        /** From the power of ten below the smallest value to the one above the largest; ticks at 1, 2, 5. */
        static Axis log(double[] values) {
            double smallest = Arrays.stream(values).min().orElse(1);
            double largest = Arrays.stream(values).max().orElse(1);
            double min = Math.pow(10, Math.floor(Math.log10(smallest)));
            double max = Math.pow(10, Math.ceil(Math.log10(largest)));
            if (max <= min) {
                max = min * 10;
            }
            List<Double> ticks = new ArrayList<>();
            for (double decade = min; decade < max * 1.0001; decade *= 10) {
                for (double m : new double[] {1, 2, 5}) {
                    double t = decade * m;
                    if (t <= max * 1.0001) {
                        ticks.add(t);
                    }
                }
            }
            return new Axis(min, max, true, ticks.stream().mapToDouble(Double::doubleValue).toArray());
        }

        private static double niceStep(double rough) {
            double p = Math.pow(10, Math.floor(Math.log10(rough)));
            double f = rough / p;
            return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
        }

        double fraction(double v) {
            return log ? (Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min)) : (v - min) / (max - min);
        }

        boolean shows(double v) {
            return Double.isFinite(v) && (!log || v > 0);
        }
    }

    /** HTML text escaping for the report. */
    static final class Html {
        private Html() {}

        static String escape(String s) {
            StringBuilder b = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '<' -> b.append("&lt;");
                    case '>' -> b.append("&gt;");
                    case '&' -> b.append("&amp;");
                    case '"' -> b.append("&quot;");
                    case '\'' -> b.append("&#39;");
                    default -> b.append(c);
                }
            }
            return b.toString();
        }
    }
}
