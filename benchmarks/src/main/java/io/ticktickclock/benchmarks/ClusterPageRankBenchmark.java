package io.ticktickclock.benchmarks;

import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.SuperstepStats;
import io.ticktickclock.cluster.ClusterRuntime;
import io.ticktickclock.cluster.WorkerMain;
import io.ticktickclock.cluster.internal.ObjectCodec;
import io.ticktickclock.examples.Graph;
import io.ticktickclock.examples.PageRank;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * PageRank on two worker JVMs on loopback (one processor each) against the local runtime at p = 2, in one run:
 * rounds alternate a local run and a cluster run of the same iterations on the same blocks, and the report is
 * the ratio of the median times per iteration (target of issue 12: at most 2x). Time per iteration is the sum of
 * the iteration supersteps' durations (the slowest processor's compute, communicate and barrier wait, the
 * exchange between the workers included) over their number; what a cluster run spends outside its supersteps
 * (encoding and shipping the job's jar and each worker's blocks, decoding them, returning the ranks) is reported
 * separately, and so is the round trip of a tiny job with the same jar (cached on the workers after the first job;
 * the warm-up round's line shows the first job, which ships it).
 *
 * <pre>
 * bin/bench --build    # or ./mvnw -pl benchmarks -am package -DskipTests
 * java $HAZELCAST_FLAGS -Xmx6g -cp benchmarks/target/benchmarks.jar \
 *     io.ticktickclock.benchmarks.ClusterPageRankBenchmark [nodes=1048576] [edges=16777216] [iterations=10] [rounds=5]
 * </pre>
 */
public final class ClusterPageRankBenchmark {
    private ClusterPageRankBenchmark() {}

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 20;
        long edges = args.length > 1 ? Long.parseLong(args[1]) : 1L << 24;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        String name = "ttc-prbench-" + ProcessHandle.current().pid();
        Graph g = Graph.uniform(nodes, edges, 1);
        List<PageRank.Block> blocks = PageRank.blocks(g, 2);
        long blockBytes = 0;
        for (PageRank.Block b : blocks) {
            blockBytes += 4L * b.inSources().length + 8L * b.inOffsets().length + 4L * b.outDegrees().length;
        }
        System.out.printf(Locale.ROOT, "uniform graph: %,d nodes, %,d edges; blocks of p = 2: %.1f MiB in all%n",
                nodes, edges, blockBytes / 1048576.0);
        List<Process> workers = new ArrayList<>();
        try {
            List<String> addresses = startWorkers(name, workers);
            try (ClusterRuntime cluster = ClusterRuntime.builder().clusterName(name).addresses(addresses)
                    .processors(2).maxSupersteps(iterations + 1).connect()) {
                while (cluster.workers().size() < 2) {
                    Thread.sleep(100);
                }
                BspRuntime local = BspRuntime.builder().processors(2).maxSupersteps(iterations + 1).build();
                PageRank.Job job = new PageRank.Job(0.85, 0); // tolerance 0: exactly `iterations` iterations
                List<PageRank.Block> tiny = PageRank.blocks(Graph.uniform(16, 32, 1), 2);
                double[] localIt = new double[rounds];
                double[] clusterIt = new double[rounds];
                double[] outside = new double[rounds];
                double[] tinyJob = new double[rounds];
                // One round of each to warm up both JVMs' code paths, not counted.
                for (int round = -1; round < rounds; round++) {
                    BspResult<PageRank.State> l = local.run(job.program(), blocks);
                    long start = System.nanoTime();
                    BspResult<PageRank.State> c = cluster.run(job, blocks);
                    long wall = System.nanoTime() - start;
                    if (!Arrays.equals(PageRank.ranks(l, nodes), PageRank.ranks(c, nodes))) {
                        throw new AssertionError("the cluster's ranks differ from the local run's");
                    }
                    start = System.nanoTime();
                    cluster.run(job, tiny);
                    long tinyWall = System.nanoTime() - start;
                    if (round < 0) {
                        // The first job ships the jar to the workers; later ones find it in their caches.
                        System.out.printf(Locale.ROOT, "warm-up: cluster run outside its supersteps %.0f ms (the "
                                + "first job: jar and blocks shipped); tiny job %.0f ms%n", (wall - total(c)) / 1e6,
                                tinyWall / 1e6);
                        continue;
                    }
                    localIt[round] = perIteration(l);
                    clusterIt[round] = perIteration(c);
                    outside[round] = (wall - total(c)) / 1e6;
                    tinyJob[round] = tinyWall / 1e6;
                    System.out.printf(Locale.ROOT, "round %d: local %.1f ms/iteration, cluster %.1f ms/iteration "
                            + "(%.2fx); cluster run outside its supersteps %.0f ms; tiny job %.0f ms%n", round,
                            localIt[round], clusterIt[round], clusterIt[round] / localIt[round], outside[round],
                            tinyJob[round]);
                }
                // What encoding and decoding one worker's blocks costs here, without Hazelcast or the network.
                double[] codec = new double[rounds];
                for (int round = 0; round < rounds; round++) {
                    long start = System.nanoTime();
                    byte[] bytes = ObjectCodec.encode(new ArrayList<>(List.of(blocks.get(0))));
                    Object back = ObjectCodec.decode(bytes, PageRank.class.getClassLoader(), c -> true);
                    codec[round] = (System.nanoTime() - start) / 1e6;
                    if (((List<?>) back).size() != 1) {
                        throw new AssertionError("decoded " + back);
                    }
                }
                System.out.printf(Locale.ROOT, "median wire encode + decode (checks included) of one worker's "
                        + "blocks in this JVM: %.0f ms%n", median(codec));
                double ratio = median(clusterIt) / median(localIt);
                System.out.printf(Locale.ROOT, "median time per iteration: local p = 2 %.1f ms, 2 workers x 1 "
                        + "processor %.1f ms: %.2fx (target <= 2x)%n", median(localIt), median(clusterIt), ratio);
                System.out.printf(Locale.ROOT, "median cluster time outside the supersteps (ship the blocks, "
                        + "load, return ranks; the jar cached): %.0f ms; median tiny job (its %.1f MiB jar cached): "
                        + "%.0f ms%n",
                        median(outside), Files.size(Path.of(PageRank.class.getProtectionDomain().getCodeSource()
                                .getLocation().toURI())) / 1048576.0, median(tinyJob));
            }
        } finally {
            for (Process p : workers) {
                p.destroy();
            }
            for (Process p : workers) {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** The mean duration of the iteration supersteps (all but superstep 0, which only shares), in ms. */
    private static double perIteration(BspResult<?> r) {
        List<SuperstepStats> s = r.supersteps();
        long sum = 0;
        for (int i = 1; i < s.size(); i++) {
            sum += s.get(i).durationNanos();
        }
        return sum / 1e6 / (s.size() - 1);
    }

    private static long total(BspResult<?> r) {
        long sum = 0;
        for (SuperstepStats s : r.supersteps()) {
            sum += s.durationNanos();
        }
        return sum;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Two worker JVMs (WorkerMain) on 127.0.0.1 with 1 processor each and 2 GiB heaps; returns their addresses. */
    private static List<String> startWorkers(String name, List<Process> workers) throws Exception {
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--")).toList();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> addresses = new ArrayList<>();
        Path logs = Files.createTempDirectory("ttc-prbench-");
        for (int i = 0; i < 2; i++) {
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(flags);
            cmd.addAll(List.of("-Xms2g", "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                    WorkerMain.class.getName(), "--bind", "127.0.0.1", "--port", Integer.toString(port),
                    "--processors", "1", "--cluster-name", name));
            if (i > 0) {
                cmd.addAll(List.of("--join", addresses.get(0)));
            }
            Path log = logs.resolve("worker-" + i + ".log");
            workers.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(log).contains("ready")) {
                if (System.nanoTime() > deadline || !workers.get(i).isAlive()) {
                    throw new IllegalStateException("worker " + i + " did not start: " + Files.readString(log));
                }
                Thread.sleep(100);
            }
            addresses.add("127.0.0.1:" + port);
        }
        System.out.println("workers' logs in " + logs);
        return addresses;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
