package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticktickclock.cluster.WorkerProcesses;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault tolerance of {@code ttc pagerank --cluster --checkpoint-every}: three worker JVMs, one killed with
 * SIGKILL once the run has passed superstep 20; the run goes on on the other two from its newest checkpoint and
 * writes the file a local run with the same p and iterations writes, byte for byte.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterRecoveryCommandTest {
    private static final String NAME = "ttc-recovery-" + ProcessHandle.current().pid();
    private static WorkerProcesses workers;

    /** A test that runs past this bound (below its timeout) dumps every JVM's threads into target/worker-logs. */
    @org.junit.jupiter.api.extension.RegisterExtension
    static final WorkerProcesses.HangWatch WATCH = new WorkerProcesses.HangWatch(() -> workers,
            java.time.Duration.ofSeconds(200));

    @BeforeAll
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    static void startWorkers() throws Exception {
        workers = WorkerProcesses.started(NAME, 3, 1);
    }

    @AfterAll
    static void stopWorkers() {
        if (workers != null) {
            workers.close();
        }
    }

    /**
     * What {@code ttc} writes on stderr, kept, and watched: at the first progress line of a superstep at or past
     * {@code at}, worker process {@code victim} is killed.
     */
    private static final class KillAtSuperstep extends OutputStream {
        private static final Pattern SUPERSTEP = Pattern.compile("\\] superstep (\\d+) ");
        private final ByteArrayOutputStream all = new ByteArrayOutputStream();
        private final StringBuilder line = new StringBuilder();
        private final int at;
        private final int victim;
        private boolean killed;

        KillAtSuperstep(int at, int victim) {
            this.at = at;
            this.victim = victim;
        }

        @Override
        public synchronized void write(int b) {
            all.write(b);
            if (b != '\n') {
                line.append((char) b);
                return;
            }
            Matcher m = SUPERSTEP.matcher(line);
            if (!killed && m.find() && Integer.parseInt(m.group(1)) >= at) {
                killed = true;
                try {
                    workers.kill(victim);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            line.setLength(0);
        }

        synchronized String text() {
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aRunThatLosesAWorkerGoesOnFromItsCheckpointToTheLocalRunsFile(@TempDir Path dir) throws Exception {
        List<String> common = List.of("pagerank", "--generate", "uniform:100000:1000000", "--seed", "3", "-p", "3",
                "--iterations", "150");
        Path local = dir.resolve("local.tsv");
        TtcTest.Outcome l = TtcTest.run(concat(common, "--quiet", "--output", local.toString()));
        assertThat(l.exitCode()).as(l.err()).isZero();

        Path clustered = dir.resolve("cluster.tsv");
        KillAtSuperstep err = new KillAtSuperstep(20, 2);
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        int code;
        try {
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Ttc.run(concat(common, "--checkpoint-every", "4", "--output", clustered.toString(), "--cluster",
                    String.join(",", workers.addresses()), "--cluster-name", NAME));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String progress = err.text();
        progress.lines().filter(line -> line.contains("lost worker") || line.contains("recover"))
                .forEach(System.out::println);   // what the loss cost, for the record
        assertThat(code).as(progress).isZero();
        assertThat(progress).contains("lost worker " + workers.addresses().get(2));
        Matcher from = Pattern.compile("recovering from superstep (\\d+) on 2 workers").matcher(progress);
        assertThat(from.find()).as(progress).isTrue();
        assertThat(Integer.parseInt(from.group(1))).as("restarted from a checkpoint, not from the start")
                .isGreaterThanOrEqualTo(4);
        assertThat(progress).contains("recovered: back at superstep");
        // The workers' checkpoints reach the progress lines as a local run's do.
        assertThat(progress).containsPattern("checkpoint of superstep \\d+ written: [0-9,]+ bytes in ");
        assertThat(Files.mismatch(local, clustered)).isEqualTo(-1);
    }

    private static String[] concat(List<String> first, String... more) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
