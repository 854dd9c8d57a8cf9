package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Progress meters: a bar on a terminal, plain periodic lines otherwise, one line per phase, nothing when quiet. */
@Timeout(30)
class ProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("not a terminal: a plain line with percent, rate and ETA once the interval passed, and a last line")
    void plainLines() throws Exception {
        Progress.Meter m = new Progress(err, false, false).meter("read", "/data/e.txt", 200_000_000, "bytes");
        m.accept(100_000_000);
        assertThat(text()).as("nothing before the first interval").isEmpty();
        Thread.sleep(Progress.PLAIN_INTERVAL_SECONDS * 1000L + 100);
        m.accept(100_000_000);
        assertThat(text()).matches("\\[read\\] /data/e\\.txt: 50% \\(100\\.0 MB of 200\\.0 MB\\), [0-9.]+ MB/s, "
                + "ETA [0-9.]+ s\\R");
        m.done("7 edges from /data/e.txt");
        assertThat(text().lines().toList().get(1)).matches("\\[read\\] 7 edges from /data/e\\.txt in [0-9.]+ s");
        assertThat(text()).doesNotContain("\r").doesNotContain("\u001b");
    }

    @Test
    @DisplayName("a terminal: a bar redrawn in place with rate and ETA, replaced by the last line")
    void terminalBar() throws Exception {
        Progress.Meter m = new Progress(err, false, true).meter("generate", "uniform:10:20", 1_000, "edges");
        Thread.sleep(200);
        m.accept(500);
        assertThat(text()).startsWith("\r[generate] uniform:10:20 [############............]  50% 500 of 1,000 "
                + "edges, ").contains("edges/s, ETA ").endsWith("\u001b[K").doesNotContain("\n");
        m.done("1,000 edges");
        assertThat(text()).matches("(?s).*\r\\[generate\\] 1,000 edges in [0-9.]+ s\u001b\\[K\\R");
    }

    @Test
    @DisplayName("a failure in the middle of a drawn bar starts its own line")
    void failureAfterBar() throws Exception {
        Progress.Meter m = new Progress(err, false, true).meter("read", "/x", 1_000, "bytes");
        Thread.sleep(200);
        m.accept(10);
        java.io.StringWriter failure = new java.io.StringWriter();
        Failures.report(new Failures.UsageException("bad"), new java.io.PrintWriter(failure), false);
        assertThat(failure.toString()).isEqualTo(System.lineSeparator() + "ttc: bad" + System.lineSeparator());
        java.io.StringWriter next = new java.io.StringWriter();
        Failures.report(new Failures.UsageException("again"), new java.io.PrintWriter(next), false);
        assertThat(next.toString()).as("only once").isEqualTo("ttc: again" + System.lineSeparator());
    }

    @Test
    @DisplayName("--quiet: no meter and no superstep line prints anything")
    void quiet() throws Exception {
        Progress p = new Progress(err, true, true);
        Progress.Meter m = p.meter("write", "/x", 10, "lines");
        Thread.sleep(200);
        m.accept(5);
        m.done("10 lines to /x");
        p.line("hello");
        assertThat(text()).isEmpty();
    }

    @Test
    @DisplayName("whether stderr is a terminal is what bin/ttc found (-Dttc.stderr.terminal); never so under a test")
    void terminalDetection() {
        String before = System.getProperty("ttc.stderr.terminal");
        try {
            System.setProperty("ttc.stderr.terminal", "true");
            assertThat(Progress.stderrIsTerminal()).isTrue();
            System.setProperty("ttc.stderr.terminal", "false");
            assertThat(Progress.stderrIsTerminal()).isFalse();
            System.clearProperty("ttc.stderr.terminal");
            assertThat(Progress.stderrIsTerminal()).as("surefire's forked JVM has no terminal").isFalse();
        } finally {
            if (before != null) {
                System.setProperty("ttc.stderr.terminal", before);
            }
        }
    }

    @Test
    @DisplayName("durations read as people write them")
    void durations() {
        assertThat(Progress.duration(0.42)).isEqualTo("0.4 s");
        assertThat(Progress.duration(12.4)).isEqualTo("12 s");
        assertThat(Progress.duration(185)).isEqualTo("3 min 5 s");
    }
}
