package io.ticktickclock.cluster.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JobHostTest {

    @Test
    void aWorkerDeletesJobDirectoriesOfDeadWorkersKeepsLiveOnesAndRemovesItsOwnOnClose(@TempDir Path tmp)
            throws Exception {
        Process gone = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-version")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("version.txt").toFile()).start();
        assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Path dead = Files.createDirectories(tmp.resolve("ttc-worker-" + gone.pid() + "-1"));
        Files.writeString(dead.resolve("ttc-job-1-2.jar"), "left behind by a SIGKILL");
        Path live = Files.createDirectories(tmp.resolve("ttc-worker-" + ProcessHandle.current().pid() + "-2"));
        Path unrelated = Files.createDirectories(tmp.resolve("ttc-worker-notapid"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (DataServer server = new DataServer("127.0.0.1", 0, 0)) {
            JobHost host = new JobHost(server, 0, new PrintStream(log, true), tmp);
            assertThat(dead).doesNotExist();
            assertThat(live).isDirectory();
            assertThat(unrelated).isDirectory();
            assertThat(host.jobDirectory()).isDirectory().hasParent(tmp);
            assertThat(log.toString()).contains("deleted " + dead);
            host.close();
            assertThat(host.jobDirectory()).doesNotExist();
        }
    }
}
