package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ttc pagerank --checkpoint-every N [--checkpoint-dir DIR] [--resume]}. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CheckpointCommandTest {

    @TempDir
    Path dir;

    private static final String[] GRAPH = {"pagerank", "--generate", "uniform:20000:200000", "--seed", "5",
        "--iterations", "40", "--top", "0"};

    private static String[] args(String... more) {
        String[] all = java.util.Arrays.copyOf(GRAPH, GRAPH.length + more.length);
        System.arraycopy(more, 0, all, GRAPH.length, more.length);
        return all;
    }

    @Test
    void aRunKilledWithSigkillResumesToAByteIdenticalOutputFile() throws Exception {
        Path reference = dir.resolve("reference.tsv");
        TtcTest.Outcome ref = TtcTest.run(args("-p", "2", "--quiet", "--output", reference.toString()));
        assertThat(ref.exitCode()).as(ref.err()).isZero();

        // The killed run writes its ranks into a FIFO that nobody reads: it can never finish (nor delete its
        // checkpoints) before the kill, whenever the kill lands.
        Path fifo = dir.resolve("never-read");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        assumeTrue(mk.waitFor(30, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is not available");
        Path checkpoints = dir.resolve("ckpt");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classPath = String.join(File.pathSeparator, System.getProperty("java.class.path"),
                System.getProperty("jdk.module.path", ""));
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", classPath, Ttc.class.getName()));
        command.addAll(List.of(args("-p", "2", "--checkpoint-every", "4", "--checkpoint-dir", checkpoints.toString(),
                "--output", fifo.toString())));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.contains("checkpoint of superstep 8 written")) {
                    break;
                }
            }
            assertThat(lines).as("the child's output").anyMatch(l -> l.contains("checkpoint of superstep 8 written"));
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }

        Path resumed = dir.resolve("resumed.tsv");
        TtcTest.Outcome o = TtcTest.run(args("-p", "2", "--resume", "--checkpoint-every", "4", "--checkpoint-dir",
                checkpoints.toString(), "--output", resumed.toString()));
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.err()).containsPattern("resumed from the checkpoint of superstep (8|12|16|20|24|28|32|36|40)");
        assertThat(Files.readAllBytes(resumed)).isEqualTo(Files.readAllBytes(reference));
        assertThat(checkpoints.toFile().list()).as("a run that ends deletes its checkpoints").isEmpty();
    }

    /** Leaves checkpoints in {@code ckpt}, as a run that died would. */
    private Path interrupted() throws IOException {
        Path checkpoints = dir.resolve("ckpt");
        TtcTest.Outcome o = TtcTest.run(args("-p", "2", "--quiet", "--checkpoint-every", "10", "--checkpoint-dir",
                checkpoints.toString()));
        assertThat(o.exitCode()).as(o.err()).isZero();
        // The run ended and deleted them: save one again by hand, as a run that died would have left it.
        io.ticktickclock.CheckpointStore store = io.ticktickclock.CheckpointStore.directory(checkpoints);
        assertThat(store.supersteps()).isEmpty();
        return checkpoints;
    }

    @Test
    void resumingWithAnotherProcessorCountOrInputIsRefusedSayingWhich() throws Exception {
        Path checkpoints = dir.resolve("ckpt");
        Path fifo = dir.resolve("never-read");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        assumeTrue(mk.waitFor(30, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is not available");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classPath = String.join(File.pathSeparator, System.getProperty("java.class.path"),
                System.getProperty("jdk.module.path", ""));
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", classPath, Ttc.class.getName()));
        command.addAll(List.of(args("-p", "2", "--checkpoint-every", "10", "--checkpoint-dir", checkpoints.toString(),
                "--output", fifo.toString())));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("checkpoint of superstep 10 written")) {
                // reading up to the marker
            }
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        TtcTest.Outcome p3 = TtcTest.run(args("-p", "3", "--resume", "--checkpoint-dir", checkpoints.toString()));
        assertThat(p3.exitCode()).isNotZero();
        assertThat(p3.err()).contains("2 processors, not 3");
        TtcTest.Outcome other = TtcTest.run("pagerank", "--generate", "uniform:20000:200000", "--seed", "6",
                "--iterations", "40", "--top", "0", "-p", "2", "--resume", "--checkpoint-dir", checkpoints.toString());
        assertThat(other.exitCode()).isNotZero();
        assertThat(other.err()).contains("input fingerprint");
        assertThat(checkpoints.toFile().list()).as("refusing deletes nothing").isNotEmpty();
    }

    @Test
    void optionsThatCannotWorkAreRefusedBeforeAnyInputIsRead() throws Exception {
        TtcTest.Outcome sum = TtcTest.run("sum", "--checkpoint-every", "5", "--checkpoint-dir", dir.toString());
        assertThat(sum.exitCode()).isEqualTo(2);
        assertThat(sum.err()).contains("cannot be checkpointed");
        TtcTest.Outcome empty = TtcTest.run(args("--resume", "--checkpoint-dir", dir.resolve("none").toString()));
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("holds no checkpoint");
        interrupted();
        TtcTest.Outcome dirOnly = TtcTest.run(args("--checkpoint-dir", dir.toString()));
        assertThat(dirOnly.exitCode()).isEqualTo(2);
        assertThat(dirOnly.err()).contains("--checkpoint-dir needs --checkpoint-every");
    }
}
