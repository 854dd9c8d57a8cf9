package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The command line of the cluster: bad addresses and commands that cannot run on a cluster are usage errors
 * (exit 2, one line naming the option and the value) before any input is read or any connection made.
 * Runs on a real cluster are tested in the cluster module.
 */
@Timeout(60)
class ClusterOptionsTest {

    @Test
    void aClusterAddressMustBeHostAndPort() {
        for (String bad : new String[] {"localhost", "host:", ":5701", "host:0", "host:70000", "host:57x1"}) {
            TtcTest.Outcome o = TtcTest.run("sum", "--cluster", bad, "--count", "10");
            assertThat(o.exitCode()).as(bad).isEqualTo(2);
            assertThat(o.err()).as(bad).contains("--cluster").contains(bad).contains("HOST:PORT");
            assertThat(o.out()).isEmpty();
        }
    }

    @Test
    void aCommandThatCannotRunOnAClusterSaysSoBeforeReadingItsInput() {
        TtcTest.Outcome o = TtcTest.run("components", "--cluster", "127.0.0.1:5701", "--input",
                "/nonexistent/edges.txt");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("--cluster").contains("'components' runs in this JVM only");
        TtcTest.Outcome vertex = TtcTest.run("pagerank", "--vertex-centric", "--cluster", "127.0.0.1:5701");
        assertThat(vertex.exitCode()).isEqualTo(2);
        assertThat(vertex.err()).contains("'pagerank' runs in this JVM only");
    }

    @Test
    void telemetryOptionsThatAClusterRunCannotHonourAreRefused() {
        for (String[] option : new String[][] {{"--slow-superstep", "1s"}}) {
            String[] args = new String[4 + option.length];
            args[0] = "sum";
            args[1] = "--cluster";
            args[2] = "127.0.0.1:5701";
            args[3] = "--count=10";
            System.arraycopy(option, 0, args, 4, option.length);
            TtcTest.Outcome o = TtcTest.run(args);
            assertThat(o.exitCode()).as(option[0]).isEqualTo(2);
            assertThat(o.err()).as(option[0]).contains(option[0]).contains("does not apply to --cluster");
        }
    }

    @Test
    void aClusterRunTakesCheckpointsInTheWorkersButCannotResumeFromADirectory() {
        for (String option : new String[] {"--resume", "--checkpoint-dir=/tmp"}) {
            TtcTest.Outcome o = TtcTest.run("pagerank", "--cluster", "127.0.0.1:5701", "--checkpoint-every", "4",
                    option);
            assertThat(o.exitCode()).as(option).isEqualTo(2);
            assertThat(o.err()).as(option).contains(option.split("=")[0] + " does not apply to --cluster runs")
                    .contains("--checkpoint-every N sets how often");
        }
    }

    @Test
    void workerOptionsAreChecked() {
        TtcTest.Outcome port = TtcTest.run("worker", "--port", "70000");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.err()).contains("--port").contains("70000");
        TtcTest.Outcome join = TtcTest.run("worker", "--join", "nohost");
        assertThat(join.exitCode()).isEqualTo(2);
        assertThat(join.err()).contains("--join").contains("nohost");
        TtcTest.Outcome processors = TtcTest.run("worker", "-p", "0");
        assertThat(processors.exitCode()).isEqualTo(2);
        assertThat(processors.err()).contains("--processors").contains("0");
    }

    @Test
    void workerHelpSaysHowToStartAClusterAndThatItMustBeTrusted() {
        TtcTest.Outcome o = TtcTest.run("worker", "--help");
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("--join").contains("--bind").contains("trusted network")
                .contains("ttc sum --cluster 127.0.0.1:5701");
    }
}
