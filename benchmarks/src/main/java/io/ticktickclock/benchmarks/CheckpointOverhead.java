package io.ticktickclock.benchmarks;

import io.ticktickclock.BspProgram;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.CheckpointStore;
import io.ticktickclock.examples.Graph;
import io.ticktickclock.examples.PageRank;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What checkpoints cost a run: PageRank at p = 2 with a checkpoint every 10 iterations to a local directory,
 * and the same run without, in {@linkplain PairedRounds paired rounds} in one JVM. Prints each round's
 * ratio on / off, their geometric mean with a 95% confidence interval and median, the process's CPU time per run,
 * and the checkpoints' size and write times. The target is a ratio of at most 1.10 at 2^22 nodes.
 *
 * <pre>
 * flock /tmp/jmh.lock java -Xms4g -Xmx4g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar \
 *     io.ticktickclock.benchmarks.CheckpointOverhead [nodes=4194304] [edges=67108864] [rounds=10] [iterations=20] [dir]
 * </pre>
 */
public final class CheckpointOverhead {
    private CheckpointOverhead() {}

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 22;
        long edges = args.length > 1 ? Long.parseLong(args[1]) : 1L << 26;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        Path dir = args.length > 4 ? Path.of(args[4]) : Files.createTempDirectory("ttc-checkpoint-overhead");
        if (rounds < 1 || iterations < 10) {
            throw new IllegalArgumentException("rounds must be >= 1 and iterations >= 10, got " + rounds + " and "
                    + iterations);
        }
        System.out.printf(Locale.ROOT, "PageRank p = 2, %,d nodes, %,d edges, %d iterations per run, a checkpoint "
                + "every 10 to %s, %d rounds%n", nodes, edges, iterations, dir, rounds);
        Graph graph = Graph.uniform(nodes, edges, 1);
        BspProgram<Void, PageRank.State, PageRank.Totals> program =
                PageRank.program(graph, graph.transpose(), 0.85, 0, (superstep, change) -> { });
        CheckpointStore store = CheckpointStore.directory(dir);
        BspRuntime off = BspRuntime.builder().processors(2).maxSupersteps(iterations + 1).build();
        long[] bytes = new long[1];
        long[] writes = new long[3];      // count, total and longest nanos from the last part to durable
        BspRuntime checkpointing = BspRuntime.builder().processors(2).maxSupersteps(iterations + 1)
                .checkpointStore(store).checkpointEvery(10).observer(new io.ticktickclock.BspObserver() {
                    @Override
                    public void checkpointWritten(io.ticktickclock.RunInfo run, int superstep, long size, long nanos) {
                        bytes[0] = size;
                        synchronized (writes) {
                            writes[0]++;
                            writes[1] += nanos;
                            writes[2] = Math.max(writes[2], nanos);
                        }
                    }
                }).build();
        PairedRounds paired = PairedRounds.measure("with checkpoints", 1, rounds,
                on -> (on ? checkpointing : off).run(program, PageRank.noInput()), on -> {
                    for (int s : store.supersteps()) {
                        store.delete(s);
                    }
                });
        paired.report(1.10, iterations, "iteration");
        System.out.printf(Locale.ROOT, "%d checkpoints of %,d bytes written, each durable %.0f ms after its last part "
                + "on average, %.0f ms at most (the run goes on meanwhile, except after the last one, which the "
                + "run's end waits for)%n", writes[0], bytes[0], writes[0] == 0 ? 0.0 : writes[1] / 1e6 / writes[0],
                writes[2] / 1e6);
    }
}
