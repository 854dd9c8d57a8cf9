package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticktickclock.cost.MachineProfile;
import io.ticktickclock.cost.RunAnalysis;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The scaling study's numbers and its HTML report. */
@Timeout(120)
class ScalingTest {

    private static final int[] COUNTS = {1, 2, 4, 8, 16};

    private static final Scaling.Provenance PROVENANCE = new Scaling.Provenance(
            "java -Xmx2g -jar ttc.jar scaling --workload sum --seed 42 <&>", List.of("-Xmx2g", "-XX:+UseG1GC"),
            "TestVM 25", "Linux amd64", 2, "2026-12-02T00:00:00Z");

    private static Scaling.Workload workload() {
        return new Scaling.Workload("sum", rt -> null, RunAnalysis.HScaling.CONSTANT, "a parallel LongStream",
                p -> 0, 42);
    }

    /** Times that halve with each doubling, three repetitions each, the baseline a little faster. */
    private static List<Scaling.Point> points(boolean predicted) {
        double[][] times = new double[COUNTS.length][];
        double[][] baseline = new double[COUNTS.length][];
        double[] prediction = new double[COUNTS.length];
        for (int i = 0; i < COUNTS.length; i++) {
            double t = 8.0 / COUNTS[i];
            times[i] = new double[] {t * 1.1, t, t * 0.95};
            baseline[i] = new double[] {t * 0.8, t * 0.9, t * 0.85};
            prediction[i] = predicted ? 0.5 + 6.0 / COUNTS[i] : Double.NaN;
        }
        return Scaling.points(COUNTS, times, baseline, prediction);
    }

    private static MachineProfile profile() {
        return new MachineProfile(2, 1.5, 0.1, 8_000, 500, 0.99, 20, 2, "jvm", "os", "now");
    }

    @Test
    @DisplayName("the predicted speedup is predicted T(first) · p(first) / predicted T(p): 1 at p = 1, not a "
            + "measured time over a predicted one")
    void predictedSpeedupIsPredictedOverPredicted() {
        List<Scaling.Point> points = points(true);
        assertThat(points.get(0).predictedSpeedup()).isEqualTo(1.0);
        for (Scaling.Point p : points) {
            assertThat(p.predictedSpeedup()).isCloseTo(6.5 / (0.5 + 6.0 / p.processors()), within(1e-12));
            assertThat(p.predictedEfficiency()).isCloseTo(p.predictedSpeedup() / p.processors(), within(1e-12));
        }
        assertThat(points(false).get(2).predictedSpeedup()).isNaN();
    }

    @Test
    @DisplayName("a point keeps every repetition; its time is their median and its speedup relative to the first "
            + "count")
    void pointsKeepRepetitions() {
        Scaling.Point p4 = points(false).get(2);
        assertThat(p4.times()).containsExactly(2.2, 2.0, 1.9);
        assertThat(p4.seconds()).isEqualTo(2.0);
        assertThat(p4.speedup()).isCloseTo(4.0, within(1e-12));
        assertThat(p4.baselineSeconds()).isEqualTo(2 * 0.85);
    }

    @Test
    @DisplayName("the x axis is log2: 1, 2, 4, 8 and 16 are evenly spaced in every chart")
    void log2Axis() {
        String html = Scaling.html(workload(), 1000, 3, points(true), profile(), PROVENANCE);
        Matcher m = Pattern.compile("<text class=\"x-tick\" x=\"([0-9.]+)\"[^>]*>(\\d+)</text>").matcher(html);
        List<Double> xs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        while (m.find()) {
            xs.add(Double.parseDouble(m.group(1)));
            labels.add(m.group(2));
        }
        assertThat(labels).containsExactly("1", "2", "4", "8", "16", "1", "2", "4", "8", "16", "1", "2", "4", "8",
                "16");
        for (int chart = 0; chart < 3; chart++) {
            double step = xs.get(chart * 5 + 1) - xs.get(chart * 5);
            assertThat(step).isPositive();
            for (int i = 1; i < 5; i++) {
                assertThat(xs.get(chart * 5 + i) - xs.get(chart * 5 + i - 1)).isCloseTo(step, within(0.11));
            }
        }
    }

    @Test
    @DisplayName("speedup and efficiency charts plot measured, baseline and predicted points with markers; the "
            + "time chart draws each repetition's spread")
    void chartsHaveSeriesMarkersAndSpread() {
        String html = Scaling.html(workload(), 1000, 3, points(true), profile(), PROVENANCE);
        String[] charts = html.split("<h2>");
        String speedup = section(charts, "Speedup");
        String efficiency = section(charts, "Efficiency");
        String time = section(charts, "Time");
        for (String chart : List.of(speedup, efficiency, time)) {
            for (String series : List.of("measured", "baseline", "predicted", "ideal")) {
                assertThat(chart).contains("data-name=\"" + series + "\"");
            }
            // measured, baseline and predicted mark each of the 5 counts, and once in the legend.
            assertThat(count(chart, "class=\"marker\"")).isEqualTo(3 * 5 + 3);
        }
        assertThat(efficiency).contains("predicted at p = 1: 1<");
        assertThat(speedup).contains("predicted at p = 16: 7.43x");   // 6.5 / (0.5 + 6/16)
        assertThat(count(time, "class=\"spread\"")).isEqualTo(2 * 5);
        assertThat(time).contains("measured at p = 1: 7.6 to 8.8 s").contains("(log scale)");
    }

    @Test
    @DisplayName("without a profile there is no predicted series")
    void noProfileNoPrediction() {
        String html = Scaling.html(workload(), 1000, 3, points(false), null, PROVENANCE);
        assertThat(html).doesNotContain("data-name=\"predicted\"").contains("data-name=\"baseline\"");
    }

    @Test
    @DisplayName("the report records the command line, the seed and the JVM options, escaped for HTML")
    void provenance() {
        String html = Scaling.html(workload(), 1000, 3, points(true), profile(), PROVENANCE);
        assertThat(html).contains("<code>java -Xmx2g -jar ttc.jar scaling --workload sum --seed 42 &lt;&amp;&gt;</code>")
                .contains("<dt>Seed</dt><dd>42</dd>").contains("<code>-Xmx2g -XX:+UseG1GC</code>")
                .doesNotContain("<&>").doesNotContain("<script");
        assertThat(Scaling.Provenance.current().jvmOptions()).isNotNull();
    }

    @Test
    @DisplayName("the report carries the study as JSON that a JSON parser reads back to the same numbers")
    void jsonRoundTrip() throws Exception {
        List<Scaling.Point> points = points(true);
        String html = Scaling.html(workload(), 1000, 3, points, profile(), PROVENANCE);
        Matcher m = Pattern.compile("<pre id=\"scaling-data\">(.*?)</pre>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).isTrue();
        String json = m.group(1).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&#39;", "'").replace("&amp;", "&");
        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.get("seed").asLong()).isEqualTo(42);
        assertThat(root.get("commandLine").asText()).endsWith("--seed 42 <&>");
        assertThat(root.get("jvmOptions").get(1).asText()).isEqualTo("-XX:+UseG1GC");
        assertThat(root.get("profile").get("predictedFrom").asInt()).isEqualTo(1);
        assertThat(root.get("points")).hasSize(5);
        for (int i = 0; i < 5; i++) {
            JsonNode p = root.get("points").get(i);
            assertThat(p.get("processors").asInt()).isEqualTo(points.get(i).processors());
            assertThat(p.get("seconds").asDouble()).isEqualTo(points.get(i).seconds());
            assertThat(p.get("times")).hasSize(3);
            assertThat(p.get("predictedSpeedup").asDouble()).isEqualTo(points.get(i).predictedSpeedup());
        }
        String noProfile = Scaling.json(workload(), 1000, 3, points(false), null, PROVENANCE);
        JsonNode plain = new ObjectMapper().readTree(noProfile);
        assertThat(plain.get("profile").isNull()).isTrue();
        assertThat(plain.get("points").get(0).get("predictedSeconds").isNull()).isTrue();
    }

    @Test
    @DisplayName("a study run for real: one point per count, every repetition kept, the baseline timed")
    void smallStudy() {
        Scaling.Workload sum = Scaling.workload("sum", 100_000, 3);
        List<Scaling.Point> points = Scaling.run(sum, new int[] {1, 2}, 2, profile());
        assertThat(points).extracting(Scaling.Point::processors).containsExactly(1, 2);
        for (Scaling.Point p : points) {
            assertThat(p.times()).hasSize(2).allMatch(t -> t > 0);
            assertThat(p.baselineTimes()).hasSize(2).allMatch(t -> t > 0);
            assertThat(p.predictedSeconds()).isPositive();
        }
        assertThat(points.get(0).predictedSpeedup()).isEqualTo(1.0);
        assertThat(Scaling.table(points)).contains("Time range (s)");
    }

    private static String section(String[] parts, String title) {
        for (String part : parts) {
            if (part.startsWith(title + "</h2>")) {
                return part;
            }
        }
        throw new AssertionError("no section " + title);
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
