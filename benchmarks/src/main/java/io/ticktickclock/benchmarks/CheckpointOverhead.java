package io.ticktickclock.benchmarks;

import io.ticktickclock.BspProgram;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.CheckpointStore;
import io.ticktickclock.examples.Graph;
import io.ticktickclock.examples.PageRank;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What checkpoints cost a run: PageRank at p = 2 with a checkpoint every 10 iterations to a local directory,
 * and the same run without, <em>alternating in one JVM</em> (round {@code r} runs off-on when {@code r} is
 * even, on-off when odd), so that a busy machine's drift cancels out. Prints each round's ratio on / off, their
 * geometric mean and median, and the checkpoints' size. The target is a ratio of at most 1.10 at
 * 2^22 nodes.
 *
 * <pre>
 * flock /tmp/jmh.lock java -Xms4g -Xmx4g -cp benchmarks/target/benchmarks.jar \
 *     io.ticktickclock.benchmarks.CheckpointOverhead [nodes=4194304] [edges=67108864] [rounds=6] [iterations=20] [dir]
 * </pre>
 */
public final class CheckpointOverhead {
    private CheckpointOverhead() {}

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 22;
        long edges = args.length > 1 ? Long.parseLong(args[1]) : 1L << 26;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
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
        long[] writes = new long[2];      // count, total nanos from the last part to durable
        BspRuntime on = BspRuntime.builder().processors(2).maxSupersteps(iterations + 1).checkpointStore(store)
                .checkpointEvery(10).observer(new io.ticktickclock.BspObserver() {
                    @Override
                    public void checkpointWritten(io.ticktickclock.RunInfo run, int superstep, long size, long nanos) {
                        bytes[0] = size;
                        synchronized (writes) {
                            writes[0]++;
                            writes[1] += nanos;
                        }
                    }
                }).build();
        time(off, program, store);
        time(on, program, store);
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long a;
            long b;
            if (r % 2 == 0) {
                a = time(off, program, store);
                b = time(on, program, store);
            } else {
                b = time(on, program, store);
                a = time(off, program, store);
            }
            ratios[r] = (double) b / a;
            System.out.printf(Locale.ROOT, "round %d: without %.0f ms, with %.0f ms, ratio %.3f%n", r, a / 1e6,
                    b / 1e6, ratios[r]);
        }
        double logSum = 0;
        for (double x : ratios) {
            logSum += Math.log(x);
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%d checkpoints written, each durable %.0f ms after its last part on "
                + "average (the run goes on meanwhile, except after the last one, which the run's end waits for)%n",
                writes[0], writes[0] == 0 ? 0.0 : writes[1] / 1e6 / writes[0]);
        System.out.printf(Locale.ROOT, "checkpoint size %,d bytes; ratio with / without: geometric mean %.3f, median "
                + "%.3f, min %.3f, max %.3f (target <= 1.10)%n", bytes[0], Math.exp(logSum / rounds),
                sorted[rounds / 2], sorted[0], sorted[rounds - 1]);
    }

    /** One run's wall time; the checkpoints it left are deleted afterwards. */
    private static long time(BspRuntime runtime, BspProgram<Void, PageRank.State, PageRank.Totals> program,
            CheckpointStore store) throws java.io.IOException {
        long start = System.nanoTime();
        runtime.run(program, PageRank.noInput());
        long t = System.nanoTime() - start;
        for (int s : store.supersteps()) {
            store.delete(s);
        }
        return t;
    }
}
