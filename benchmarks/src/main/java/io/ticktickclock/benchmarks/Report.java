package io.ticktickclock.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON results into a self-contained HTML report: one table per benchmark class with score,
 * error, allocation per operation (when run with {@code -prof gc}) and the ratio against the class's
 * baseline(s) measured in the same run (methods whose name ends in {@code Baseline}, with the same
 * parameters; a benchmark {@code foo} with a {@code fooBaseline} is compared with that one only), plus a bar chart of the ratios, and the machine, JDK, JVM flags and date.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.ticktickclock.benchmarks.Report results.json report.html}
 */
public final class Report {
    private Report() {}

    record Row(String method, String params, double score, double error, String unit, double alloc, String mode) {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Report RESULTS.json REPORT.html");
            System.exit(2);
        }
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        String html = render(results);
        Path out = Path.of(args[1]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        io.ticktickclock.examples.Numbers.writeAtomically(out, w -> w.write(html));
        System.out.println("report: " + out);
    }

    static String render(JsonNode results) {
        Map<String, List<Row>> byClass = new LinkedHashMap<>();
        String jvm = "";
        String jdk = "";
        List<String> flags = new ArrayList<>();
        for (JsonNode b : results) {
            String full = b.get("benchmark").asText();
            int dot = full.lastIndexOf('.');
            String cls = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
            StringBuilder params = new StringBuilder();
            if (b.has("params")) {
                for (Map.Entry<String, JsonNode> e : b.get("params").properties()) {
                    params.append(params.isEmpty() ? "" : ", ").append(e.getKey()).append('=').append(e.getValue().asText());
                }
            }
            JsonNode primary = b.get("primaryMetric");
            double alloc = Double.NaN;
            JsonNode secondary = b.get("secondaryMetrics");
            if (secondary != null && secondary.has("gc.alloc.rate.norm")) {
                alloc = secondary.get("gc.alloc.rate.norm").get("score").asDouble();
            }
            byClass.computeIfAbsent(cls, k -> new ArrayList<>()).add(new Row(full.substring(dot + 1), params.toString(),
                    primary.get("score").asDouble(), primary.get("scoreError").asDouble(),
                    primary.get("scoreUnit").asText(), alloc, b.get("mode").asText()));
            jvm = b.path("vmName").asText() + " " + b.path("vmVersion").asText();
            jdk = b.path("jdkVersion").asText();
            flags.clear();
            b.path("jvmArgs").forEach(a -> flags.add(a.asText()));
        }
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>TickTickClock "
                + "benchmarks</title><style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-"
                + "collapse:collapse;margin-bottom:1em}td,th{border:1px solid #999;padding:3px 8px;text-align:right}"
                + "td.l{text-align:left}.bar{background:#1f77b4;height:10px;display:inline-block}</style></head><body>");
        h.append("<h1>TickTickClock benchmarks</h1>");
        h.append(String.format(Locale.ROOT, "<p>Machine: %d cores, %s %s. JDK %s, %s. JVM flags: %s. Report date: %s. "
                + "Ratios compare each benchmark with its class's baseline(s) in the same run (same parameters; "
                + "with its own only where one is named after it, fooBaseline for foo); "
                + "for throughput modes a ratio above 1 is faster, for time modes below 1 is faster.</p>",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                esc(jdk), esc(jvm), esc(String.join(" ", flags)), Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        for (Map.Entry<String, List<Row>> e : byClass.entrySet()) {
            h.append("<h2>").append(esc(e.getKey())).append("</h2><table><tr><th>benchmark</th><th>params</th>"
                    + "<th>mode</th><th>score</th><th>error</th><th>unit</th><th>alloc (B/op)</th><th>ratio to baseline</th>"
                    + "</tr>");
            for (Row r : e.getValue()) {
                StringBuilder ratios = new StringBuilder();
                if (!r.method().endsWith("Baseline")) {
                    // A baseline named after the benchmark ("fooBaseline" for "foo") is its own; without one, a
                    // benchmark is compared with every baseline of its class.
                    boolean ownBaseline = e.getValue().stream().anyMatch(b -> b.method().equals(r.method() + "Baseline")
                            && b.params().equals(r.params()));
                    for (Row base : e.getValue()) {
                        if (base.method().endsWith("Baseline") && base.params().equals(r.params()) && base.score() > 0
                                && (!ownBaseline || base.method().equals(r.method() + "Baseline"))) {
                            double ratio = r.score() / base.score();
                            ratios.append(String.format(Locale.ROOT, "%.2fx %s <span class=\"bar\" style=\"width:%dpx\">"
                                    + "</span><br>", ratio, esc(base.method()), (int) Math.min(300, ratio * 60)));
                        }
                    }
                }
                h.append(String.format(Locale.ROOT, "<tr><td class=\"l\">%s</td><td class=\"l\">%s</td><td>%s</td>"
                        + "<td>%.3f</td><td>%s</td><td>%s</td><td>%s</td><td class=\"l\">%s</td></tr>", esc(r.method()),
                        esc(r.params()), esc(r.mode()), r.score(),
                        Double.isFinite(r.error()) ? String.format(Locale.ROOT, "%.3f", r.error()) : "-", esc(r.unit()),
                        Double.isNaN(r.alloc()) ? "-" : String.format(Locale.ROOT, "%.1f", r.alloc()),
                        ratios.isEmpty() ? "-" : ratios));
            }
            h.append("</table>");
        }
        return h.append("</body></html>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
