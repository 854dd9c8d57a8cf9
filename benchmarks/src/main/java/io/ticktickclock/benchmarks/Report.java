package io.ticktickclock.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns JMH's JSON results into a self-contained HTML report (no scripts, no network): one table per benchmark
 * class with score and error in a readable unit, allocation per operation (when run with {@code -prof gc}) and
 * the ratio to the benchmark's own baseline measured in the same run, an SVG chart of those ratios with their
 * error bars and the 1.0x line, and the machine, JDK, JVM flags and date. A smoke run (one fork, measurement
 * iterations of at most 300 ms, as {@code bin/bench --quick}) is marked as such at the top.
 *
 * <p>Which baseline: a method whose name ends in {@code Baseline} is one; a benchmark annotated with
 * {@link ComparedWith} is compared with what it declares; otherwise {@code foo} with {@code fooBaseline}, or with
 * its class's only baseline; with several baselines and none declared, no ratio is shown (a ratio to another
 * benchmark's baseline would mislead). Baselines are always taken with the same parameters.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.ticktickclock.benchmarks.Report results.json report.html}
 */
public final class Report {
    private Report() {}

    /** At most this long a measurement iteration, with one fork, is a smoke run, not a measurement. */
    static final double QUICK_MEASUREMENT_SECONDS = 0.3;

    record Row(String cls, String className, String method, Map<String, String> params, double score, double error,
            String unit, double alloc, String mode) {
        String paramText() {
            StringBuilder s = new StringBuilder();
            params.forEach((k, v) -> s.append(s.isEmpty() ? "" : ", ").append(k).append('=').append(v));
            return s.toString();
        }

        boolean isBaseline() {
            return method.endsWith("Baseline");
        }

        /** JMH's throughput modes ({@code thrpt}): higher is better; time modes: lower is better. */
        boolean higherIsBetter() {
            return mode.equals("thrpt");
        }
    }

    /** A benchmark and the baseline it is compared with; the error propagates both 99.9% half-widths. */
    record Comparison(Row bench, Row base, double ratio, double error) {
        static Comparison of(Row bench, Row base) {
            double ratio = bench.score() / base.score();
            double error = ratio * Math.hypot(bench.error() / bench.score(), base.error() / base.score());
            return new Comparison(bench, base, ratio, error);
        }

        boolean better() {
            return bench.higherIsBetter() ? ratio > 1 : ratio < 1;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Report RESULTS.json REPORT.html");
            System.exit(2);
        }
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        String html = render(results);
        Path out = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(out.getParent());
        io.ticktickclock.examples.Numbers.writeAtomically(out, w -> w.write(html));
        System.out.println("report: " + out);
    }

    static String render(JsonNode results) {
        Map<String, List<Row>> byClass = new LinkedHashMap<>();
        String jvm = "";
        String jdk = "";
        List<String> flags = new ArrayList<>();
        int quick = 0;
        for (JsonNode b : results) {
            String full = b.get("benchmark").asText();
            int dot = full.lastIndexOf('.');
            String cls = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
            Map<String, String> params = new LinkedHashMap<>();
            if (b.has("params")) {
                for (Map.Entry<String, JsonNode> e : b.get("params").properties()) {
                    params.put(e.getKey(), e.getValue().asText());
                }
            }
            JsonNode primary = b.get("primaryMetric");
            double alloc = Double.NaN;
            JsonNode secondary = b.get("secondaryMetrics");
            if (secondary != null && secondary.has("gc.alloc.rate.norm")) {
                alloc = secondary.get("gc.alloc.rate.norm").get("score").asDouble();
            }
            byClass.computeIfAbsent(cls, k -> new ArrayList<>()).add(new Row(cls, full.substring(0, dot),
                    full.substring(dot + 1), params, primary.get("score").asDouble(),
                    primary.path("scoreError").asDouble(Double.NaN), primary.get("scoreUnit").asText(), alloc,
                    b.get("mode").asText()));
            if (isQuick(b)) {
                quick++;
            }
            jvm = b.path("vmName").asText() + " " + b.path("vmVersion").asText();
            jdk = b.path("jdkVersion").asText();
            flags.clear();
            b.path("jvmArgs").forEach(a -> flags.add(a.asText()));
        }
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>TickTickClock "
                + "benchmarks</title><style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-"
                + "collapse:collapse;margin-bottom:1em}td,th{border:1px solid #999;padding:3px 8px;text-align:right}"
                + "td.l{text-align:left}.quick{background:#fff3cd;border:2px solid #d39e00;padding:.6em 1em;"
                + "font-size:1.1em}.better{color:#1a7f37}.worse{color:#b42318}svg{display:block;margin-bottom:2em}"
                + "svg text{font-family:sans-serif;font-size:12px}</style></head><body>");
        h.append("<h1>TickTickClock benchmarks</h1>");
        if (quick > 0) {
            h.append(String.format(Locale.ROOT, "<p class=\"quick\"><strong>Smoke run (<code>bin/bench --quick</code>)"
                    + ": its figures are not measurements.</strong> %d of %d results ran one fork with measurement "
                    + "iterations of at most %d ms and small sizes; this report shows that the suite runs, not how "
                    + "fast it is. Quote only a full run.</p>", quick, results.size(),
                    Math.round(QUICK_MEASUREMENT_SECONDS * 1000)));
        }
        h.append(String.format(Locale.ROOT, "<p>Machine: %d cores, %s %s. JDK %s, %s. JVM flags: %s. Report date: %s. "
                + "Each benchmark is compared with its own baseline in the same run, with the same parameters "
                + "(<code>fooBaseline</code> for <code>foo</code>, the class's only baseline, or the baseline its class "
                + "declares); a benchmark without one shows no ratio. Errors are JMH's 99.9%% confidence half-widths; "
                + "a ratio's error combines both. For throughput (thrpt) higher is better, for time per operation "
                + "(avgt, sample, ss) lower is better.</p>",
                Runtime.getRuntime().availableProcessors(), esc(System.getProperty("os.name")),
                esc(System.getProperty("os.arch")), esc(jdk), esc(jvm), esc(String.join(" ", flags)),
                Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        for (Map.Entry<String, List<Row>> e : byClass.entrySet()) {
            List<Row> rows = e.getValue();
            List<Comparison> compared = new ArrayList<>();
            h.append("<h2>").append(esc(e.getKey())).append("</h2><table><tr><th>benchmark</th><th>params</th>"
                    + "<th>mode</th><th>score</th><th>error (±)</th><th>unit</th><th>alloc per op</th>"
                    + "<th>ratio to baseline</th></tr>");
            for (Row r : rows) {
                StringBuilder ratios = new StringBuilder();
                for (Row base : baselines(r, rows)) {
                    if (base.score() > 0 && base.unit().equals(r.unit())) {
                        Comparison c = Comparison.of(r, base);
                        compared.add(c);
                        ratios.append(String.format(Locale.ROOT, "<span class=\"%s\">%s %s</span> %s<br>",
                                c.better() ? "better" : "worse", ratio(c.ratio()), error(c.error(), "x"),
                                esc(base.method() + (base.method().equals(r.method()) ? " " + base.paramText() : ""))));
                    }
                }
                Scaled s = scale(r.score(), r.unit());
                h.append(String.format(Locale.ROOT, "<tr><td class=\"l\">%s</td><td class=\"l\">%s</td><td>%s</td>"
                        + "<td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class=\"l\">%s</td></tr>", esc(r.method()),
                        esc(r.paramText()), esc(r.mode()), esc(number(s.value())),
                        Double.isFinite(r.error()) ? esc(number(r.error() * s.factor())) : "-", esc(s.unit()),
                        bytes(r.alloc()), ratios.isEmpty() ? "-" : ratios));
            }
            h.append("</table>");
            svg(h, compared);
        }
        return h.append("</body></html>\n").toString();
    }

    /** One fork and a measurement iteration of at most {@link #QUICK_MEASUREMENT_SECONDS}: a smoke run. */
    static boolean isQuick(JsonNode b) {
        double seconds = seconds(b.path("measurementTime").asText(""));
        return b.path("forks").asInt(2) <= 1 && seconds <= QUICK_MEASUREMENT_SECONDS;
    }

    /** JMH's time values ("300 ms", "1 s", "10 us"); NaN when unknown. */
    private static double seconds(String time) {
        String[] parts = time.trim().split("\\s+");
        if (parts.length != 2) {
            return Double.NaN;
        }
        try {
            double factor = perSecond(parts[1]);
            return Double.parseDouble(parts[0]) / factor;
        } catch (NumberFormatException ex) {
            return Double.NaN;
        }
    }

    /** How many of {@code unit} make a second; NaN when not a time unit. */
    private static double perSecond(String unit) {
        return switch (unit) {
            case "ns" -> 1e9;
            case "us", "µs" -> 1e6;
            case "ms" -> 1e3;
            case "s" -> 1;
            case "min", "m" -> 1.0 / 60;
            default -> Double.NaN;
        };
    }

    /** The baselines {@code r} is compared with (see the class comment); empty for a baseline itself. */
    static List<Row> baselines(Row r, List<Row> rows) {
        if (r.isBaseline()) {
            return List.of();
        }
        Optional<ComparedWith> declared = declared(r);
        if (declared.isPresent() && !declared.get().param().isEmpty()) {
            String[] kv = declared.get().param().split("=", 2);
            if (kv.length != 2 || kv[1].equals(r.params().get(kv[0]))) {
                return List.of(); // the baseline itself
            }
            Map<String, String> wanted = new LinkedHashMap<>(r.params());
            wanted.put(kv[0], kv[1]);
            return rows.stream().filter(b -> b.method().equals(r.method()) && b.params().equals(wanted)).toList();
        }
        List<String> names;
        if (declared.isPresent()) {
            names = List.of(declared.get().value());
        } else if (rows.stream().anyMatch(b -> b.method().equals(r.method() + "Baseline"))) {
            names = List.of(r.method() + "Baseline");
        } else {
            names = rows.stream().filter(Row::isBaseline).map(Row::method).distinct().toList();
            if (names.size() != 1) {
                return List.of(); // several baselines, none its own: no ratio rather than a wrong one
            }
        }
        return rows.stream().filter(b -> names.contains(b.method()) && b.params().equals(r.params())).toList();
    }

    /** The {@link ComparedWith} on the benchmark's method, when its class is on the class path. */
    private static Optional<ComparedWith> declared(Row r) {
        try {
            Class<?> c = Class.forName(r.className(), false, Report.class.getClassLoader());
            for (Method m : c.getMethods()) {
                if (m.getName().equals(r.method()) && m.isAnnotationPresent(ComparedWith.class)) {
                    return Optional.of(m.getAnnotation(ComparedWith.class));
                }
            }
        } catch (ClassNotFoundException | LinkageError ex) {
            // Results of classes not on the class path: the naming rules alone apply.
        }
        return Optional.empty();
    }

    /** A value in {@code unit} rescaled: multiply by {@code factor} to get {@code unit} of the result. */
    record Scaled(double value, String unit, double factor) {}

    private static final String[] TIME_UNITS = {"ns", "µs", "ms", "s"};

    /** Time per operation in ns, µs, ms or s, throughput per ns, µs, ms or s, so that the value reads 1 to 999. */
    static Scaled scale(double value, String unit) {
        int slash = unit.indexOf('/');
        if (slash < 0 || !Double.isFinite(value)) {
            return new Scaled(value, unit, 1);
        }
        String num = unit.substring(0, slash);
        String den = unit.substring(slash + 1);
        if (!Double.isNaN(perSecond(num)) && !den.isEmpty() && Double.isNaN(perSecond(den))) {
            double secs = value / perSecond(num);
            String best = "s";
            for (String u : TIME_UNITS) {
                best = u;
                if (Math.abs(secs) * perSecond(u) < 1000) {
                    break;
                }
            }
            double factor = perSecond(best) / perSecond(num);
            return new Scaled(value * factor, best + "/" + den, factor);
        }
        if (!Double.isNaN(perSecond(den)) && Double.isNaN(perSecond(num))) {
            double perSec = value * perSecond(den);
            String best = "s";
            for (String u : TIME_UNITS) {
                best = u;
                if (Math.abs(perSec) / perSecond(u) >= 1) {
                    break;
                }
            }
            double factor = perSecond(den) / perSecond(best);
            return new Scaled(value * factor, num + "/" + best, factor);
        }
        return new Scaled(value, unit, 1);
    }

    /** Three significant digits, as many as JMH's errors on a loaded machine justify. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3g", v);
    }

    private static String ratio(double r) {
        return number(r) + "x";
    }

    private static String error(double e, String suffix) {
        return Double.isFinite(e) ? "± " + number(e) + suffix : "(no error estimate)";
    }

    private static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "-";
        }
        String[] units = {"B", "KiB", "MiB", "GiB"};
        int i = 0;
        while (i < units.length - 1 && Math.abs(b) >= 1024) {
            b /= 1024;
            i++;
        }
        return number(b) + " " + units[i];
    }

    /**
     * A horizontal bar per comparison on a log scale, from the 1.0x line to the ratio, with its error bar; one
     * chart per mode, so that "higher is better" or "lower is better" holds for the whole chart.
     */
    private static void svg(StringBuilder h, List<Comparison> all) {
        Map<Boolean, List<Comparison>> byDirection = new LinkedHashMap<>();
        for (Comparison c : all) {
            byDirection.computeIfAbsent(c.bench().higherIsBetter(), k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<Boolean, List<Comparison>> e : byDirection.entrySet()) {
            List<Comparison> cs = e.getValue();
            double lo = 0.5;
            double hi = 2;
            for (Comparison c : cs) {
                double err = Double.isFinite(c.error()) ? c.error() : 0;
                lo = Math.min(lo, Math.max(c.ratio() - err, c.ratio() / 4));
                hi = Math.max(hi, c.ratio() + err);
            }
            double logLo = Math.log10(lo) - 0.05;
            double logHi = Math.log10(hi) + 0.05;
            int label = 380;
            int plot = 600;
            int rowH = 24;
            int top = 40;
            int height = top + rowH * cs.size() + 30;
            // A ratio whose error reaches 0 or below is drawn to the left edge (log scale).
            double edge = Math.pow(10, logLo);
            java.util.function.DoubleUnaryOperator x = v ->
                    label + plot * (Math.log10(Math.max(v, edge)) - logLo) / (logHi - logLo);
            h.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                    + "role=\"img\"><text x=\"0\" y=\"16\" font-weight=\"bold\">Ratio to baseline, log scale: %s is "
                    + "better (%s)</text>", label + plot + 60, height, e.getKey() ? "higher" : "lower",
                    e.getKey() ? "throughput" : "time per operation"));
            // Axis ticks at powers of ten and 2x, 5x.
            for (int p = (int) Math.floor(logLo); p <= Math.ceil(logHi); p++) {
                for (double m : new double[] {1, 2, 5}) {
                    double v = m * Math.pow(10, p);
                    if (Math.log10(v) >= logLo && Math.log10(v) <= logHi && v != 1) {
                        double tx = x.applyAsDouble(v);
                        h.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                                + "stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">"
                                + "%s</text>", tx, top - 6, tx, height - 24, tx, height - 8, esc(BigDecimal.valueOf(v).round(MathContext.DECIMAL32)
                                .stripTrailingZeros().toPlainString() + "x")));
                    }
                }
            }
            for (int i = 0; i < cs.size(); i++) {
                Comparison c = cs.get(i);
                int y = top + i * rowH;
                double x1 = x.applyAsDouble(1);
                double xr = x.applyAsDouble(c.ratio());
                String name = c.bench().method() + (c.bench().params().isEmpty() ? "" : " [" + c.bench().paramText()
                        + "]") + " vs " + c.base().method()
                        + (c.base().method().equals(c.bench().method()) ? " [" + c.base().paramText() + "]" : "");
                h.append(String.format(Locale.ROOT, "<g class=\"bar\"><title>%s: %s %s</title><text x=\"%d\" y=\"%d\" "
                        + "text-anchor=\"end\">%s</text><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                        + "fill=\"%s\"/>", esc(name), esc(ratio(c.ratio())), esc(error(c.error(), "x")), label - 8,
                        y + 15, esc(name.length() > 60 ? name.substring(0, 57) + "..." : name), Math.min(x1, xr),
                        y + 4, Math.max(1, Math.abs(xr - x1)), rowH - 8, c.better() ? "#2da44e" : "#cf222e"));
                double right = Math.max(x1, xr);
                if (Double.isFinite(c.error()) && c.error() > 0) {
                    double ea = x.applyAsDouble(c.ratio() - c.error());
                    double eb = x.applyAsDouble(c.ratio() + c.error());
                    int ym = y + rowH / 2;
                    h.append(String.format(Locale.ROOT, "<path class=\"err\" d=\"M%.1f %dH%.1fM%.1f %dV%dM%.1f %dV%d\" "
                            + "stroke=\"#000\" fill=\"none\"/>", ea, ym, eb, ea, ym - 5, ym + 5, eb, ym - 5, ym + 5));
                    right = Math.max(right, eb);
                }
                h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text></g>",
                        right + 6, y + 15, esc(ratio(c.ratio()))));
            }
            double x1 = x.applyAsDouble(1);
            h.append(String.format(Locale.ROOT, "<line class=\"one\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                    + "stroke=\"#000\" stroke-width=\"2\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">1.0x"
                    + "</text></svg>", x1, top - 6, x1, height - 24, x1, height - 8));
        }
    }

    /** Escapes text and attribute values. */
    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
