package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** The ttc command line: output, metrics, usage errors. */
@Timeout(60)
class TtcTest {

    record Outcome(int exitCode, String out, String err) {}

    static Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Ttc.commandLine().execute(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    @DisplayName("sum prints the checked total, progress lines on stderr, and a Prometheus scrape with --metrics")
    void sumWithMetrics() {
        Outcome o = run("sum", "--count", "100000", "--processors", "2", "--metrics");
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("OK").contains("ticktickclock_computation_completed_total{converged=\"true\"")
                .contains("ticktickclock_processor_barrier_reached_total{processor_id=\"1\"");
        assertThat(o.err()).contains("superstep 0   partial-sums").contains("2 supersteps, converged: true");
    }

    @Test
    @DisplayName("--quiet silences the progress lines; pagerank converges on a small graph")
    void quietPageRank() {
        Outcome o = run("pagerank", "--generate", "uniform:1000:5000", "-p", "3", "--quiet", "--top", "3");
        assertThat(o.exitCode()).isZero();
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).contains("converged: true").contains("sum of ranks 1.000000000000");
        assertThat(o.out().lines().count()).isEqualTo(4);
    }

    @Test
    @DisplayName("bad option values exit with 2 and a message naming the option and the value")
    void usageErrors() {
        Outcome negative = run("sum", "--count", "-5");
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err()).contains("--generate must be >= 0, got -5");
        Outcome zero = run("sum", "--count", "10", "--processors", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--processors must be >= 1, got 0");
        Outcome notANumber = run("pagerank", "--generate", "uniform:many:10");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err()).contains("many");
    }

    @Test
    @DisplayName("probe writes a profile that --analyze reads back into a per-superstep table or JSON")
    void probeAndAnalyze(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path profile = dir.resolve("profile.json");
        Outcome probe = run("probe", "--processors", "2", "--quick", "--output", profile.toString());
        assertThat(probe.exitCode()).isZero();
        assertThat(probe.out()).contains("p = 2: g = ").contains("saved to");
        Outcome table = run("sum", "--count", "10000", "-p", "2", "--quiet", "--analyze", profile.toString());
        assertThat(table.exitCode()).isZero();
        assertThat(table.err()).contains("partial-sums").contains("median error");
        Outcome json = run("sum", "--count", "10000", "-p", "2", "--quiet", "--analyze", profile.toString(), "--json");
        assertThat(json.out()).contains("\"supersteps\": [{\"superstep\": 0, \"name\": \"partial-sums\"");
        Outcome missing = run("sum", "--analyze", dir.resolve("nope.json").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--analyze: cannot read the profile").contains("nope.json");
    }

    @Test
    @DisplayName("pagerank --input writes 'id<TAB>rank' sorted by id that read back exactly; sort --output too")
    void fileInputAndOutput(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path edges = dir.resolve("e.txt");
        java.nio.file.Files.writeString(edges, InputsAndSortTest.EDGES);
        java.nio.file.Path ranks = dir.resolve("ranks.tsv");
        Outcome o = run("pagerank", "--input", edges.toString(), "-p", "2", "--quiet", "--tolerance", "1e-12",
                "--output", ranks.toString(), "--top", "1");
        assertThat(o.exitCode()).isZero();
        java.util.List<String> lines = java.nio.file.Files.readAllLines(ranks);
        assertThat(lines).extracting(l -> l.split("\t")[0]).containsExactly("10", "20", "30", "1000000000000");
        double sum = lines.stream().mapToDouble(l -> Double.parseDouble(l.split("\t")[1])).sum();
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("e.txt", "ranks.tsv");
        java.nio.file.Path sorted = dir.resolve("sorted.txt");
        Outcome s = run("sort", "--generate", "1000:reverse", "-p", "3", "--quiet", "--output", sorted.toString(),
                "--json");
        assertThat(s.exitCode()).isZero();
        assertThat(s.out()).contains("\"command\": \"sort\"").contains("\"sorted\": true");
        java.util.List<String> numbers = java.nio.file.Files.readAllLines(sorted);
        assertThat(numbers).hasSize(1000);
        assertThat(Long.parseLong(numbers.get(0))).isLessThan(Long.parseLong(numbers.get(999)));
    }

    @Test
    @DisplayName("a malformed input line exits 1 naming file, line and text; a missing file exits 2; no partial output")
    void inputErrors(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path edges = dir.resolve("e.txt");
        java.nio.file.Files.writeString(edges, "1 2\n2 oops\n");
        java.nio.file.Path ranks = dir.resolve("ranks.tsv");
        Outcome bad = run("pagerank", "--input", edges.toString(), "--output", ranks.toString(), "--quiet");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains(edges + ":2:").contains("\"2 oops\"");
        assertThat(ranks).doesNotExist();
        Outcome missing = run("sort", "--input", dir.resolve("none.txt").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file").contains("none.txt");
        Outcome badSpec = run("sort", "--generate", "10:bimodal");
        assertThat(badSpec.exitCode()).isEqualTo(2);
        assertThat(badSpec.err()).contains("--generate must be N or N:DISTRIBUTION").contains("bimodal");
        Outcome badGraph = run("pagerank", "--generate", "star:10");
        assertThat(badGraph.exitCode()).isEqualTo(2);
        assertThat(badGraph.err()).contains("uniform:NODES:EDGES or rmat:SCALE:EDGE_FACTOR");
        Outcome both = run("sort", "--generate", "10", "--input", "x");
        assertThat(both.exitCode()).isEqualTo(2);
    }

    @Test
    @DisplayName("scaling prints the design document's table and writes a self-contained HTML report")
    void scaling(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path html = dir.resolve("scaling.html");
        java.nio.file.Path profile = dir.resolve("p.json");
        assertThat(run("probe", "-p", "1", "--quick", "--output", profile.toString()).exitCode()).isZero();
        Outcome o = run("scaling", "--workload", "sort", "--processors", "1,2", "--size", "20000",
                "--repetitions", "1", "--profile", profile.toString(), "--report", html.toString());
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("Processors | Time (s) | Speedup | Efficiency | Predicted (s) | Baseline (s) "
                + "| vs baseline");
        assertThat(o.out().lines().filter(l -> l.matches("\\s+[12] \\|.*")).count()).isEqualTo(2);
        String page = java.nio.file.Files.readString(html);
        assertThat(page).contains("<svg").contains("cores: a speedup above").contains("measured").contains("ideal")
                .contains("predicted").contains("Arrays.parallelSort").doesNotContain("http://cdn")
                .doesNotContain("<script");
        assertThat(run("scaling", "--workload", "bogus").exitCode()).isEqualTo(2);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({"pagerank, 3000, ThreadedPageRank", "sort, 20000, Arrays.parallelSort",
            "sum, 100000, LongStream"})
    @DisplayName("every workload's scaling row carries its hand-written baseline's time and the ratio to it")
    void scalingHasBaselines(String workload, String size, String baseline,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path html = dir.resolve("scaling.html");
        Outcome o = run("scaling", "--workload", workload, "--processors", "1,3", "--size", size,
                "--repetitions", "1", "--report", html.toString());
        assertThat(o.exitCode()).as(o.err()).isZero();
        java.util.List<String> rows = o.out().lines().filter(l -> l.matches("\\s+[13] \\|.*")).toList();
        assertThat(rows).hasSize(2);
        for (String row : rows) {
            String[] cells = row.split("\\|");
            assertThat(Double.parseDouble(cells[5].trim())).as(row).isPositive();
            assertThat(cells[6].trim()).as(row).matches("\\d+\\.\\d\\dx");
        }
        assertThat(java.nio.file.Files.readString(html)).contains(baseline).contains("vs baseline");
    }
}
