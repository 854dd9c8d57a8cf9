package io.ticktickclock.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The HTML report computes each ratio against the right baseline. */
class ReportTest {

    private static String result(String benchmark, double score, String params) {
        return "{\"benchmark\": \"io.ticktickclock.benchmarks." + benchmark + "\", \"mode\": \"avgt\", "
                + "\"jdkVersion\": \"25\", \"vmName\": \"VM\", \"vmVersion\": \"25\", \"jvmArgs\": [\"-Xmx1g\"], "
                + (params == null ? "" : "\"params\": {" + params + "}, ")
                + "\"primaryMetric\": {\"score\": " + score + ", \"scoreError\": 0.5, \"scoreUnit\": \"ms/op\"}}";
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

    @Test
    @DisplayName("a benchmark with a baseline named after it is compared with that one only")
    void ownBaselineOnly() throws Exception {
        String html = Report.render(json(
                result("Seed.pagerank", 10, null), result("Seed.pagerankBaseline", 5, null),
                result("Seed.sum", 3, null), result("Seed.sumBaseline", 6, null)));
        assertThat(row(html, "pagerank")).contains("2.00x pagerankBaseline").doesNotContain("sumBaseline");
        assertThat(row(html, "sum")).contains("0.50x sumBaseline").doesNotContain("pagerankBaseline");
    }

    @Test
    @DisplayName("otherwise it is compared with every baseline of its class that has the same parameters")
    void everyBaselineWithTheSameParameters() throws Exception {
        String html = Report.render(json(
                result("PR.ttcP2", 3, "\"n\": \"8\""), result("PR.seqBaseline", 6, "\"n\": \"8\""),
                result("PR.thrBaseline", 4, "\"n\": \"8\""), result("PR.seqBaseline", 100, "\"n\": \"9\"")));
        assertThat(row(html, "ttcP2")).contains("0.50x seqBaseline").contains("0.75x thrBaseline")
                .doesNotContain("0.03x");
        assertThat(html).contains("<h2>PR</h2>").contains("-Xmx1g").doesNotContain("<script");
    }
}
