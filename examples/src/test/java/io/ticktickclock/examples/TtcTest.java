package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
            int code = Ttc.run(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** The one JSON document that {@code out} must be, parsed. */
    static com.fasterxml.jackson.databind.JsonNode json(String out) {
        try {
            com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            try (com.fasterxml.jackson.core.JsonParser parser = mapper.createParser(out)) {
                com.fasterxml.jackson.databind.JsonNode doc = mapper.readTree(parser);
                assertThat(parser.nextToken()).as("exactly one JSON document in: %s", out).isNull();
                assertThat(doc.isObject()).as(out).isTrue();
                return doc;
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("not one JSON document: " + out, e);
        }
    }

    @Test
    @DisplayName("--dashboard serves the run's dashboard on loopback and closes it when the command ends")
    void dashboardOption() throws Exception {
        Outcome o = run("sum", "--count", "1000", "-p", "2", "--dashboard", "0");
        assertThat(o.exitCode()).isZero();
        java.util.regex.Matcher url = java.util.regex.Pattern.compile("dashboard at http://127\\.0\\.0\\.1:(\\d+)/")
                .matcher(o.err());
        assertThat(url.find()).as(o.err()).isTrue();
        int port = Integer.parseInt(url.group(1));
        assertThat(port).isPositive();
        try (java.net.Socket socket = new java.net.Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.connect(
                    new java.net.InetSocketAddress("127.0.0.1", port), 5_000))
                    .as("the dashboard is closed once the command ended").isInstanceOf(java.io.IOException.class);
        }
        for (String[] bad : new String[][] {{"--dashboard", "nope"}, {"--dashboard", "localhost:70000"},
                {"--dashboard-keep"}}) {
            Outcome u = run(java.util.stream.Stream.concat(java.util.stream.Stream.of("sum", "--count", "10"),
                    java.util.Arrays.stream(bad)).toArray(String[]::new));
            assertThat(u.exitCode()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(u.err()).contains("--dashboard");
        }
    }

    @Test
    @DisplayName("--superstep-timeout and --slow-superstep take durations; bad ones are usage errors")
    void superstepTimeoutOptions() {
        Outcome ok = run("sum", "--count", "1000", "-p", "2", "--superstep-timeout", "10m", "--slow-superstep", "PT1H");
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).contains("OK");
        for (String bad : new String[] {"0s", "-5s", "soon", "10 parsecs"}) {
            Outcome o = run("sum", "--count", "1000", "--superstep-timeout", bad);
            assertThat(o.exitCode()).as(bad).isEqualTo(2);
            assertThat(o.err()).as(bad).contains("'" + bad + "'").doesNotContain("\tat ");
        }
        Failures.Report timedOut = Failures.describe(new io.ticktickclock.BspTimeoutException(3, "work",
                java.time.Duration.ofSeconds(30), java.util.List.of(1, 4)));
        assertThat(timedOut.exitCode()).isEqualTo(1);
        assertThat(timedOut.line()).isEqualTo("run failed: superstep 3 ('work') exceeded the superstep timeout of "
                + "30000 ms: processors [1, 4] had not reached its barrier (their stack traces are attached as "
                + "suppressed exceptions)");
    }

    @Test
    @DisplayName("sum prints the checked total on stdout; progress lines and the --metrics scrape go to stderr, "
            + "--metrics-file to a file")
    void sumWithMetrics(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Outcome o = run("sum", "--count", "100000", "--processors", "2", "--metrics");
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("OK").doesNotContain("ticktickclock_");
        assertThat(o.err()).contains("ticktickclock_computation_completed_total{converged=\"true\"")
                .contains("ticktickclock_processor_barrier_reached_total{processor_id=\"1\"")
                .contains("superstep 0   partial-sums").contains("2 supersteps in ").doesNotContain("converged,");
        java.nio.file.Path metrics = dir.resolve("metrics.prom");
        Outcome json = run("sum", "--count", "100000", "-p", "2", "--metrics-file", metrics.toString(), "--json",
                "--quiet");
        assertThat(json.exitCode()).isZero();
        assertThat(json(json.out()).get("sum").asLong()).isEqualTo(ParallelSum.sequential(100_000));
        assertThat(json.err()).isEmpty();
        assertThat(metrics).content().contains("ticktickclock_processor_barrier_reached_total{processor_id=\"1\"");
    }

    @Test
    @DisplayName("--quiet silences the progress lines; pagerank converges on a small graph")
    void quietPageRank() {
        Outcome o = run("pagerank", "--generate", "uniform:1000:5000", "-p", "3", "--quiet", "--top", "3");
        assertThat(o.exitCode()).isZero();
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).contains("converged after 29 iterations").contains("sum of ranks 1.000000000000")
                .contains("30 supersteps on 3 processors: one per iteration, after superstep 0");
        java.util.List<String> lines = o.out().lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(2)).matches("place +node +rank");
        assertThat(lines.get(3)).matches("1 +\\d+ +0\\.\\d+(E-\\d+)?");
    }

    @Test
    @DisplayName("bad option values exit with 2 and a message naming the option and the value")
    void usageErrors() {
        Outcome negative = run("sum", "--count", "-5");
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err()).contains("'--generate': expected an integer >= 0, got '-5'");
        Outcome zero = run("sum", "--count", "10", "--processors", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("'--processors': expected a processor count in [1, 10000], got '0'");
        for (String command : new String[] {"pagerank", "components", "sssp", "bfs", "sort", "sum", "probe",
            "scaling"}) {
            Outcome p = run(command, "-p", "0");
            assertThat(p.exitCode()).as(command).isEqualTo(2);
            assertThat(p.err()).as(command).contains("'--processors'").contains("expected a processor count");
        }
        Outcome damping = run("pagerank", "--damping", "1.5");
        assertThat(damping.exitCode()).isEqualTo(2);
        assertThat(damping.err()).contains("'--damping': expected a number in (0, 1), got '1.5'");
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
        assertThat(probe.out()).contains("p = 2: g = ").contains("saved to " + profile.toAbsolutePath());
        Outcome probeJson = run("probe", "-p", "1", "--quick", "--json", "--quiet");
        assertThat(json(probeJson.out()).at("/profile/processors").asInt()).isEqualTo(1);
        assertThat(profile).content().contains("\"trusted\": ").contains("\"warnings\": [");
        Outcome table = run("sum", "--count", "10000", "-p", "2", "--quiet", "--analyze", profile.toString());
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).contains("partial-sums").contains("median error");
        assertThat(table.err()).doesNotContain("partial-sums");
        Outcome json = run("sum", "--count", "10000", "-p", "2", "--quiet", "--analyze", profile.toString(), "--json");
        com.fasterxml.jackson.databind.JsonNode doc = json(json.out());
        assertThat(doc.get("command").asText()).isEqualTo("sum");
        assertThat(doc.at("/analysis/supersteps/0/name").asText()).isEqualTo("partial-sums");
        Outcome missing = run("sum", "--analyze", dir.resolve("nope.json").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--analyze: cannot read the profile").contains("nope.json");
    }

    @Test
    @DisplayName("--analyze and --profile with a profile whose fit cannot be trusted warn on stderr, with the reason")
    void untrustedProfileWarns(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path profile = dir.resolve("busy.json");
        // What a probe on a loaded machine measured: g = 0 ± 2390 ns/word, R² = 0.09.
        new io.ticktickclock.cost.MachineProfile(2, 0.0, 2390, 5_000, 800, 0.09, 31, 2, "VM", "Linux amd64",
                "2026-12-01T00:00:00Z").save(profile);
        Outcome o = run("sum", "--count", "10000", "-p", "2", "--quiet", "--analyze", profile.toString());
        assertThat(o.exitCode()).isZero();
        assertThat(o.err()).contains("ttc: warning: --analyze " + profile + " cannot be trusted: R² = 0.090")
                .contains("g = 0.000 ns/word is not positive");
        Outcome scaling = run("scaling", "--workload", "sort", "--processors", "1", "--size", "1000",
                "--repetitions", "1", "--profile", profile.toString(), "--report", dir.resolve("s.html").toString());
        assertThat(scaling.exitCode()).isZero();
        assertThat(scaling.err()).contains("ttc scaling: warning: --profile " + profile + " cannot be trusted");
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
        com.fasterxml.jackson.databind.JsonNode doc = json(s.out());
        assertThat(doc.get("command").asText()).isEqualTo("sort");
        assertThat(doc.get("sorted").asBoolean()).isTrue();
        assertThat(doc.has("converged")).as("sort has nothing to converge").isFalse();
        assertThat(doc.get("output").asText()).isEqualTo(sorted.toAbsolutePath().toString());
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
    @DisplayName("scaling prints its table and writes a self-contained HTML report")
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
        Outcome json = run("scaling", "--workload", "sum", "-p", "1,2", "--size", "1000", "--repetitions", "1",
                "--report", html.toString(), "--json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode doc = json(json.out());
        assertThat(doc.get("points")).hasSize(2);
        assertThat(doc.at("/points/1/processors").asInt()).isEqualTo(2);
        assertThat(doc.get("report").asText()).isEqualTo(html.toAbsolutePath().toString());
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

    @Test
    @DisplayName("--help shows every option's default, the --generate formats with examples, the sort distributions")
    void help() {
        Outcome pagerank = run("pagerank", "--help");
        assertThat(pagerank.exitCode()).isZero();
        assertThat(pagerank.out()).contains("uniform:NODES:EDGES").contains("rmat:SCALE:EDGE_FACTOR")
                .contains("e.g. rmat:20:16").contains("Default: 0.85").contains("Default: 1e-10")
                .contains("--iterations").contains("superstep 0 shares the initial ranks").contains("-p, --processors");
        Outcome sort = run("sort", "--help");
        for (Numbers.Distribution d : Numbers.Distribution.values()) {
            assertThat(sort.out()).contains("  " + d.name().toLowerCase(java.util.Locale.ROOT) + " ");
        }
        for (String command : new String[] {"components", "sssp", "bfs", "sum", "probe", "scaling"}) {
            Outcome o = run(command, "--help");
            assertThat(o.exitCode()).as(command).isZero();
            assertThat(o.out()).as(command).contains("-p, --processors").contains("--json").contains("Example");
        }
    }

    @Test
    @DisplayName("ttc with no arguments prints the usage on stderr and exits 2")
    void noArguments() {
        Outcome o = run();
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).contains("Usage: ttc").contains("pagerank").contains("scaling");
    }

    @Test
    @DisplayName("scaling: an empty processor list and sizes beyond a workload's range are usage errors (exit 2)")
    void scalingRanges() {
        Outcome comma = run("scaling", "--workload", "sort", "--processors", ",");
        assertThat(comma.exitCode()).isEqualTo(2);
        assertThat(comma.err()).contains("--processors must list at least one count");
        Outcome huge = run("scaling", "--workload", "sort", "--size", "99999999999");
        assertThat(huge.exitCode()).isEqualTo(2);
        assertThat(huge.err()).contains("--size must be in [1, 2147483639] for sort, got 99999999999");
        Outcome graph = run("scaling", "--workload", "pagerank", "--size", "99999999999");
        assertThat(graph.exitCode()).isEqualTo(2);
        assertThat(graph.err()).contains("--size must be in [1, 134217727] for pagerank, got 99999999999");
        assertThat(run("scaling", "--workload", "bogus").err()).contains("workload must be pagerank, sort or sum");
    }

    @Test
    @DisplayName("a generated input whose run cannot fit the heap is refused before allocating, in one line")
    void memoryRefusedUpFront() {
        long limit = Runtime.getRuntime().maxMemory();
        org.junit.jupiter.api.Assumptions.assumeTrue(Memory.sort(Integer.MAX_VALUE - 8) > limit
                && Memory.pageRank(1 << 30, 16L << 30, 1, true) > limit, "the heap is large enough to try");
        Outcome sort = run("sort", "--generate", "2147483639", "--quiet");
        assertThat(sort.exitCode()).isEqualTo(1);
        assertThat(sort.err()).startsWith("ttc: out of memory: sort of --generate 2147483639 needs about ")
                .contains("more than the Java heap's limit of").contains("TTC_JAVA_OPTS=-Xmx").hasLineCount(1);
        Outcome graph = run("pagerank", "--generate", "rmat:30:1", "-p", "1", "--quiet");
        assertThat(graph.exitCode()).isEqualTo(1);
        assertThat(graph.err()).startsWith("ttc: out of memory: pagerank of --generate rmat:30:1 at p = 1 needs about ")
                .hasLineCount(1);
    }

    @Test
    @DisplayName("memory estimates: refused above the limit with the advice, and growing with what they count")
    void memoryEstimates() {
        assertThatThrownBy(() -> Memory.require("sort of 1000 numbers", 3L << 30, 1L << 30))
                .isInstanceOf(Memory.NotEnoughMemoryException.class)
                .hasMessage("out of memory: sort of 1000 numbers needs about 3.0 GiB, more than the Java heap's limit "
                        + "of 1.0 GiB; run with a larger heap, e.g. TTC_JAVA_OPTS=-Xmx4g, or make the input smaller");
        Memory.require("fits", 1L << 30, 1L << 30);
        assertThat(Memory.pageRank(1000, 10_000, 8, false)).isGreaterThan(Memory.pageRank(1000, 10_000, 1, false));
        assertThat(Memory.pageRank(1000, 10_000_000, 1, true)).isGreaterThan(Memory.pageRank(1000, 10_000_000, 1, false));
        assertThat(Memory.sort(1_000_000)).isGreaterThanOrEqualTo(3 * 8_000_000L);
    }

    @Test
    @DisplayName("an OutOfMemoryError anywhere in the causes is one line: what ran out and what to do")
    void outOfMemoryIsOneLine() {
        Failures.Report heap = Failures.describe(new io.ticktickclock.BspException("processor 1 failed", 1, 3,
                "step", new OutOfMemoryError("Java heap space")));
        assertThat(heap.exitCode()).isEqualTo(1);
        assertThat(heap.line()).startsWith("out of memory: the Java heap (limit ").contains("TTC_JAVA_OPTS=-Xmx");
        Failures.Report threads = Failures.describe(new OutOfMemoryError("unable to create native thread: possibly "
                + "out of memory or process/resource limits reached"));
        assertThat(threads.line()).startsWith("out of memory: cannot start another thread").contains("fewer --processors");
    }

    @Test
    @DisplayName("an unexpected exception is one line 'ttc: error: ...' (exit 1); --debug adds the stack trace")
    void unexpectedExceptionIsOneLine() {
        java.io.StringWriter text = new java.io.StringWriter();
        int code = Failures.report(new IllegalStateException("boom\n\tat nowhere \u001b[2J"),
                new java.io.PrintWriter(text), false);
        assertThat(code).isEqualTo(1);
        assertThat(text.toString()).isEqualTo("ttc: error: IllegalStateException: boom\\n\\tat nowhere \\x1B[2J"
                + System.lineSeparator());
        java.io.StringWriter debug = new java.io.StringWriter();
        Failures.report(new IllegalStateException("boom"), new java.io.PrintWriter(debug), true);
        assertThat(debug.toString()).contains("\tat io.ticktickclock.examples.TtcTest");
        Outcome flag = run("sort", "--debug", "--input", "/no/such/file");
        assertThat(flag.exitCode()).isEqualTo(2);
        assertThat(flag.err()).startsWith("ttc: no such file: /no/such/file").contains("\tat ");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "scaling --processors ,",
        "scaling --workload sort --size 99999999999", "scaling --workload sum --processors 0",
        "sort --input /dev/zero", "sort --input /", "pagerank --input /no/such.txt.gz", "sort --generate -1",
        "pagerank --generate uniform:0:10", "pagerank --generate rmat:31:1", "sum --count x", "probe -p 0",
        "sort --generate 10 --output /", "pagerank --bogus", "components --input /no/such.txt",
        "sssp --generate uniform:10:5", "bfs --input / --source 1", "pagerank --iterations 0",
        "components --generate rmat:31:1", "sssp --generate uniform:10:5 --source 99", "sum --metrics-file /"})
    @DisplayName("no command line ends in a stack trace")
    void noStackTraces(String line) {
        Outcome o = run(line.isEmpty() ? new String[0] : line.split(" "));
        assertThat(o.exitCode()).as(o.err()).isIn(1, 2);
        assertThat(o.err()).isNotEmpty().doesNotContain("\tat ").doesNotContain("Exception in thread");
    }
}
