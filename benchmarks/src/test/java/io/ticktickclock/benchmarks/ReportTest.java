package io.ticktickclock.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The HTML report compares each benchmark with its own baseline, says when it is a smoke run, and escapes. */
class ReportTest {

    private static final String FULL = "\"forks\": 2, \"measurementIterations\": 5, \"measurementTime\": \"1 s\"";
    private static final String QUICK = "\"forks\": 1, \"measurementIterations\": 1, \"measurementTime\": \"300 ms\"";

    private static String result(String benchmark, double score, String params) {
        return result(benchmark, score, params, "ms/op", FULL);
    }

    private static String result(String benchmark, double score, String params, String unit, String run) {
        return "{\"benchmark\": \"io.ticktickclock.benchmarks." + benchmark + "\", \"mode\": \""
                + (unit.startsWith("ops/") ? "thrpt" : "avgt") + "\", " + run + ", "
                + "\"jdkVersion\": \"25\", \"vmName\": \"VM\", \"vmVersion\": \"25\", \"jvmArgs\": [\"-Xmx1g\"], "
                + (params == null ? "" : "\"params\": {" + params + "}, ")
                + "\"primaryMetric\": {\"score\": " + score + ", \"scoreError\": 0.5, \"scoreUnit\": \"" + unit
                + "\"}}";
    }

    private static JsonNode json(String... results) throws Exception {
        return new ObjectMapper().readTree("[" + String.join(",", results) + "]");
    }

    /** The table row of {@code method}, tags stripped. */
    private static String row(String html, String method) {
        int at = html.indexOf("<td class=\"l\">" + method + "</td>");
        assertThat(at).as("row %s", method).isPositive();
        return html.substring(at, html.indexOf("</tr>", at)).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
    }

    private static int count(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    @DisplayName("a benchmark with a baseline named after it is compared with that one only")
    void ownBaselineOnly() throws Exception {
        String html = Report.render(json(
                result("Seed.pagerank", 10, null), result("Seed.pagerankBaseline", 5, null),
                result("Seed.sum", 3, null), result("Seed.sumBaseline", 6, null)));
        assertThat(row(html, "pagerank")).contains("2.00x").contains("pagerankBaseline").doesNotContain("sumBaseline");
        assertThat(row(html, "sum")).contains("0.500x").contains("sumBaseline").doesNotContain("pagerankBaseline");
    }

    @Test
    @DisplayName("a class with one baseline compares with it, at the same parameters only")
    void theOnlyBaselineWithTheSameParameters() throws Exception {
        String html = Report.render(json(
                result("PR.ttcP2", 3, "\"n\": \"8\""), result("PR.seqBaseline", 6, "\"n\": \"8\""),
                result("PR.seqBaseline", 100, "\"n\": \"9\"")));
        assertThat(row(html, "ttcP2")).contains("0.500x").contains("seqBaseline").doesNotContain("0.03");
        assertThat(html).contains("<h2>PR</h2>").contains("-Xmx1g").doesNotContain("<script");
    }

    @Test
    @DisplayName("with several baselines, none named after it and none declared, a benchmark shows no ratio")
    void noForeignBaseline() throws Exception {
        String html = Report.render(json(
                result("Coll.scalar", 3000, null), result("Coll.emptyBaseline", 2, null),
                result("Coll.copyBaseline", 1500, null)));
        assertThat(row(html, "scalar")).doesNotContain("Baseline").doesNotContain("x ").endsWith("- ");
        assertThat(count(html, "<g class=\"bar\">")).isZero();
    }

    /** Stands for a benchmark class that declares its baselines. */
    public static class Declared {
        @ComparedWith("emptyBaseline")
        public void scalar() {}

        @ComparedWith("copyBaseline")
        public void vector() {}

        @ComparedWith(param = "telemetry=off")
        public void supersteps() {}
    }

    @Test
    @DisplayName("a benchmark is compared with the baseline its class declares, or with itself at the declared parameter")
    void declaredBaselines() throws Exception {
        String html = Report.render(json(
                result("ReportTest$Declared.scalar", 3, null), result("ReportTest$Declared.emptyBaseline", 2, null),
                result("ReportTest$Declared.vector", 3000, null), result("ReportTest$Declared.copyBaseline", 1500, null),
                result("ReportTest$Declared.supersteps", 10, "\"telemetry\": \"off\""),
                result("ReportTest$Declared.supersteps", 11, "\"telemetry\": \"micrometer\"")));
        assertThat(row(html, "scalar")).contains("1.50x").contains("emptyBaseline").doesNotContain("copyBaseline");
        assertThat(row(html, "vector")).contains("2.00x").contains("copyBaseline").doesNotContain("emptyBaseline");
        assertThat(html).contains("1.10x").contains("telemetry=off");
        // One bar per comparison: scalar, vector and supersteps[micrometer]; the off run is the baseline.
        assertThat(count(html, "<g class=\"bar\">")).isEqualTo(3);
    }

    @Test
    @DisplayName("the chart has a 1.0x line, one bar with an error bar per compared benchmark, and says which way is better")
    void svgChart() throws Exception {
        String html = Report.render(json(
                result("Seed.a", 10, null), result("Seed.aBaseline", 5, null),
                result("Seed.b", 3, null), result("Seed.bBaseline", 6, null),
                result("Seed.c", 3, null),
                result("Thr.ops", 4e6, null, "ops/s", FULL), result("Thr.opsBaseline", 2e6, null, "ops/s", FULL)));
        assertThat(count(html, "<svg ")).isEqualTo(2);
        assertThat(count(html, "<line class=\"one\"")).isEqualTo(2);
        assertThat(count(html, ">1.0x</text>")).isEqualTo(2);
        assertThat(count(html, "<g class=\"bar\">")).isEqualTo(3);
        assertThat(count(html, "<path class=\"err\"")).isEqualTo(3);
        assertThat(html).contains("lower is better (time per operation)").contains("higher is better (throughput)");
        // a = 10 ± 0.5 over 5 ± 0.5: 2.0 × sqrt(0.05² + 0.1²) = 0.224.
        assertThat(html).contains("2.00x ± 0.224x");
    }

    @Test
    @DisplayName("scores are shown in a unit that reads 1 to 999")
    void unitsScaled() throws Exception {
        String html = Report.render(json(
                result("U.slow", 17938383, null, "ns/op", FULL), result("U.fast", 0.0042, null, "ms/op", FULL),
                result("U.thr", 0.0025, null, "ops/ns", FULL)));
        assertThat(row(html, "slow")).contains("17.9").contains("ms/op").doesNotContain("17938383");
        assertThat(row(html, "fast")).contains("4.20").contains("µs/op");
        assertThat(row(html, "thr")).contains("2.50").contains("ops/µs");
        assertThat(Report.scale(2.5e9, "ns/op")).isEqualTo(new Report.Scaled(2.5, "s/op", 1e-9));
        assertThat(Report.scale(500, "ops/s").unit()).isEqualTo("ops/s");
    }

    @Test
    @DisplayName("a --quick smoke run says so at the top; a full run does not")
    void quickBanner() throws Exception {
        String quick = Report.render(json(result("Q.a", 1, null, "ms/op", QUICK), result("Q.aBaseline", 1, null,
                "ms/op", QUICK)));
        String full = Report.render(json(result("Q.a", 1, null), result("Q.aBaseline", 1, null)));
        assertThat(quick).contains("class=\"quick\"").contains("not measurements");
        assertThat(quick.indexOf("class=\"quick\"")).isLessThan(quick.indexOf("<table>"));
        assertThat(full).doesNotContain("class=\"quick\"").doesNotContain("Smoke run");
    }

    @Test
    @DisplayName("every string from the JSON is HTML-escaped")
    void escaped() throws Exception {
        String evil = "<i>\\\"'&amp;";
        String html = Report.render(new ObjectMapper().readTree("[{\"benchmark\": \"x.<b>C.<b>m\", \"mode\": \"<b>avgt\","
                + FULL + ", \"jdkVersion\": \"" + evil + "\", \"vmName\": \"" + evil + "\", \"vmVersion\": \"" + evil
                + "\", \"jvmArgs\": [\"" + evil + "\"], \"params\": {\"<k>\": \"" + evil + "\"}, "
                + "\"primaryMetric\": {\"score\": 1, \"scoreError\": 0.1, \"scoreUnit\": \"" + evil + "\"}}, "
                + "{\"benchmark\": \"x.<b>C.<b>mBaseline\", \"mode\": \"<b>avgt\", " + FULL + ", \"params\": "
                + "{\"<k>\": \"" + evil + "\"}, \"primaryMetric\": {\"score\": 2, \"scoreError\": 0.1, "
                + "\"scoreUnit\": \"" + evil + "\"}}]"));
        assertThat(html).doesNotContain("<b>").doesNotContain("<i>").doesNotContain("<k>").doesNotContain("'&")
                .contains("&lt;b&gt;m").contains("&lt;i&gt;&quot;&#39;&amp;amp;");
        assertThat(count(html, "<g class=\"bar\">")).isEqualTo(1);
    }
}
