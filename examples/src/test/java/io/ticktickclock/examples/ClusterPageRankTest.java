package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.cluster.ClusterRuntime;
import io.ticktickclock.cluster.WorkerInfo;
import io.ticktickclock.cluster.WorkerProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ttc pagerank --cluster} on two worker JVMs forked on 127.0.0.1 (two processors each): the output file is
 * the local run's byte for byte at the same p, and each worker holds only its processors' blocks of the graph.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterPageRankTest {
    private static final String NAME = "ttc-pagerank-" + ProcessHandle.current().pid();
    private static WorkerProcesses workers;

    /** A test that runs past this bound (below its timeout) dumps every JVM's threads into target/worker-logs. */
    @org.junit.jupiter.api.extension.RegisterExtension
    static final WorkerProcesses.HangWatch WATCH = new WorkerProcesses.HangWatch(() -> workers,
            java.time.Duration.ofSeconds(150));

    @BeforeAll
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    static void startWorkers() throws Exception {
        workers = WorkerProcesses.started(NAME, 2, 2);
    }

    @AfterAll
    static void stopWorkers() {
        if (workers != null) {
            workers.close();
        }
    }

    /** Runs {@code ttc pagerank} here and on the cluster with {@code args}; returns both outcomes. */
    private static TtcTest.Outcome[] both(Path dir, String... args) throws Exception {
        TtcTest.Outcome[] outcomes = new TtcTest.Outcome[2];
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve(i == 0 ? "local.tsv" : "cluster.tsv");
            List<String> command = new java.util.ArrayList<>(List.of("pagerank", "--quiet", "--output", out.toString()));
            command.addAll(List.of(args));
            if (i == 1) {
                command.addAll(List.of("--cluster", String.join(",", workers.addresses()), "--cluster-name", NAME));
            }
            outcomes[i] = TtcTest.run(command.toArray(String[]::new));
            assertThat(outcomes[i].exitCode()).as("%s: %s", command, outcomes[i].err()).isZero();
        }
        return outcomes;
    }

    @Test
    @DisplayName("at p = 2 (a processor on each worker), p = 3 (two on the first) and without -p (all four), the "
            + "cluster writes the local run's ranks file byte for byte, and says the same")
    void theClusterWritesTheLocalRunsFileByteForByte(@TempDir Path dir) throws Exception {
        TtcTest.Outcome[] generated = both(dir, "--generate", "uniform:3000:24000", "--seed", "9", "-p", "2");
        assertThat(Files.mismatch(dir.resolve("local.tsv"), dir.resolve("cluster.tsv"))).isEqualTo(-1);
        assertThat(generated[1].out().lines().limit(2).toList()).isEqualTo(generated[0].out().lines().limit(2).toList())
                .first().asString().contains("converged after");

        // A real file with sparse ids, read on the submitter only: the workers receive its blocks.
        Path input = Path.of("data", "wordnet-verb-hypernyms.txt.gz").toAbsolutePath();
        TtcTest.Outcome[] wordnet = both(dir, "--input", input.toString(), "-p", "3", "--iterations", "12");
        assertThat(Files.mismatch(dir.resolve("local.tsv"), dir.resolve("cluster.tsv"))).isEqualTo(-1);
        assertThat(Files.size(dir.resolve("cluster.tsv"))).isPositive();
        assertThat(wordnet[1].out().lines().limit(2).toList()).isEqualTo(wordnet[0].out().lines().limit(2).toList())
                .first().asString().contains("12 iterations as asked");
        // Without -p the run has the processors the workers offer (2 + 2), as a local run at -p 4.
        Path local = dir.resolve("local-p4.tsv");
        assertThat(TtcTest.run("pagerank", "--quiet", "--generate", "uniform:500:3000", "-p", "4", "--output",
                local.toString()).exitCode()).isZero();
        TtcTest.Outcome all = TtcTest.run("pagerank", "--quiet", "--generate", "uniform:500:3000", "--output",
                dir.resolve("cluster-all.tsv").toString(), "--cluster", String.join(",", workers.addresses()),
                "--cluster-name", NAME);
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out()).contains("on 4 processors");
        assertThat(Files.mismatch(local, dir.resolve("cluster-all.tsv"))).isEqualTo(-1);

        // The later jobs found ttc's jar in each worker's cache: it was shipped once.
        for (int w = 0; w < 2; w++) {
            assertThat(workers.log(w)).as("worker %d's log", w).contains("(its jar cached here)");
        }
    }

    @Test
    @DisplayName("each worker receives and holds only its processors' blocks: their in-edges add up to the "
            + "in-edges of its node range, not the graph's")
    void eachWorkerHoldsOnlyItsProcessorsPartOfTheGraph() {
        Graph g = Graph.uniform(2_000, 30_000, 4);
        Graph t = g.transpose();
        int p = 3;
        try (ClusterRuntime cluster = ClusterRuntime.builder().clusterName(NAME).addresses(workers.addresses())
                .processors(p).connect()) {
            BspResult<PageRank.State> r = cluster.run(new PageRank.Job(0.85, 1e-10), PageRank.blocks(g, p));
            BspResult<PageRank.State> local = BspRuntime.builder().processors(p).build()
                    .run(PageRank.program(0.85, 1e-10), PageRank.blocks(g, p));
            assertThat(PageRank.ranks(r, g.nodes())).containsExactly(PageRank.ranks(local, g.nodes()));
            List<WorkerInfo> all = cluster.workers();
            assertThat(all).hasSize(2);
            // P = 3 over two workers of 2: processors 0..1 on the first, 2 on the second.
            int[][] blocksOf = {{0, 1}, {2}};
            for (int w = 0; w < 2; w++) {
                long held = 0;
                for (int q : blocksOf[w]) {
                    PageRank.State s = r.result(q);
                    int first = PageRank.blockStart(q, g.nodes(), p);
                    int end = PageRank.blockStart(q + 1, g.nodes(), p);
                    assertThat(s.first()).isEqualTo(first);
                    assertThat((long) s.sourcesHeld()).as("processor %d", q)
                            .isEqualTo(t.offsets()[end] - t.offsets()[first]);
                    held += s.sourcesHeld();
                }
                int firstNode = PageRank.blockStart(blocksOf[w][0], g.nodes(), p);
                int endNode = PageRank.blockStart(blocksOf[w][blocksOf[w].length - 1] + 1, g.nodes(), p);
                assertThat(held).as("worker %d holds the in-edges of nodes [%d, %d)", w, firstNode, endNode)
                        .isEqualTo(t.offsets()[endNode] - t.offsets()[firstNode]).isLessThan(g.edges());
            }
        }
    }
}
