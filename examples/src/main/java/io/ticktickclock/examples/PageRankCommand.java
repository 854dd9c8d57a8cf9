package io.ticktickclock.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.graph.GraphPartition;
import io.ticktickclock.graph.VertexResult;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ttc pagerank}: the ranks of a graph's nodes, by the pull program or the vertex program. */
@Command(name = "pagerank", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"PageRank of an edge list or a generated graph: dangling nodes' rank spread uniformly, "
                + "iterated until the L1 change of the ranks is below --tolerance (or exactly --iterations times).",
            "Supersteps vs iterations: superstep 0 shares the initial ranks, and each superstep after it is "
                + "one iteration, so N iterations take N + 1 supersteps (the vertex program: the same, after "
                + "the supersteps that load the graph)."},
        footer = {"", "Examples:",
            "  ttc pagerank --processors 2",
            "  ttc pagerank --input examples/data/wordnet-verb-hypernyms.txt.gz --top 5",
            "  ttc pagerank --generate rmat:20:16 --seed 7 --iterations 20 --json",
            "  ttc pagerank --input edges.txt --vertex-centric --output ranks.tsv"})
final class PageRankCommand extends RunCommand {
    @Mixin
    GraphInput graph;

    @Option(names = "--damping", defaultValue = "0.85", converter = Values.Damping.class,
            description = "The damping factor, in (0, 1).")
    double damping;

    @Option(names = "--tolerance", defaultValue = "1e-10", converter = Values.PositiveDouble.class,
            description = "Stop when the L1 change of an iteration is below this.")
    double tolerance;

    @Option(names = "--iterations", paramLabel = "N", converter = Values.PositiveInt.class,
            description = "Run exactly N iterations, whatever the change (exit 0). Default: until --tolerance.")
    Integer iterations;

    @Option(names = "--max-supersteps", defaultValue = "1000", converter = Values.PositiveInt.class,
            description = "Give up (exit 1) when the ranks have not converged after this many supersteps.")
    int maxSupersteps;

    @Option(names = "--vertex-centric", description = "Run the vertex program of io.ticktickclock.graph (the "
            + "graph split by --partitioner, each processor holding its own nodes; the nodes are those in an "
            + "edge) "
            + "instead of the pull program (the nodes split into contiguous blocks, each processor holding its "
            + "nodes' in-edges).")
    boolean vertexCentric;

    @Option(names = "--output", paramLabel = "RANKS", description = "Write 'id<TAB>rank' lines, sorted by id, "
            + "each rank with the digits that read back to the same double.")
    Path output;

    @Option(names = "--top", paramLabel = "K", defaultValue = "10", converter = Values.NonNegativeInt.class,
            description = "Print the K best ranked nodes (and put them in the --json document).")
    int top;

    private OutputFile out;

    static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    @Override
    boolean checkpoints() {
        return !vertexCentric;
    }

    @Override
    boolean runsOnCluster() {
        return !vertexCentric;
    }

    @Override
    String name() {
        return "pagerank";
    }

    @Override
    Path inputFile() {
        return graph.input;
    }

    @Override
    void check() {
        if (graph.input == null) {
            graph.parse();
        }
        out = output == null ? null : OutputFile.check("--output", output, graph.input, runtime.analyze);
    }

    /** The bytes of the vertex program's partitions ({@code GraphPartition.memoryBytes()}), all processors'. */
    private final java.util.concurrent.atomic.LongAdder partitionBytes = new java.util.concurrent.atomic.LongAdder();

    /** What either program computed: the ranks by node, in id order, and how the run went. */
    private record Ranks(long[] ids, double[] ranks, int iterations, double change, boolean converged,
            BspResult<?> result, long edges) {}

    /**
     * The pull program of the examples ({@link PageRank}) over blocks: each processor holds its nodes' in-edges
     * and out-degrees (on a cluster, each worker receives only its processors' blocks).
     */
    private Ranks pull(Progress progress, double stopBelow) throws java.io.IOException {
        // --iterations N: the superstep limit stops the run after N iterations (superstep 0 only shares).
        int limit = iterations != null ? iterations + 1 : maxSupersteps;
        // One block per processor: on a cluster without -p, as many as its workers offer.
        int p = runtime.onCluster() ? runtime.clusterProcessors(limit, progress) : runtime.processors();
        Graph g = graph.graph(progress, source -> "pagerank of " + source + " at p = " + p,
                (n, m) -> Memory.pageRank(n, m, p, graph.input == null, runtime.onCluster()));
        Progress.Meter split = progress.meter("partition", "the graph", -1, "edges");
        java.util.List<PageRank.Block> blocks = PageRank.blocks(g, p);
        split.done(String.format(Locale.ROOT, "%,d in-edges in %s, one per processor, each with its nodes' "
                + "in-edges and out-degrees", g.edges(), plural(p, "block")));
        if (runtime.checkpointing()) {
            // A checkpoint is only resumed by a run of the same graph and parameters.
            runtime.fingerprint(String.format(Locale.ROOT, "%s; damping %s; tolerance %s; superstep limit %d",
                    graph.input != null ? "sha256 " + sha256(graph.file()) : graph.spec() + " seed " + graph.seed,
                    Double.toString(damping), Double.toString(stopBelow), limit));
        }
        BspResult<PageRank.State> r;
        if (runtime.onCluster()) {
            // Each worker receives only its processors' blocks; the progress lines come from its telemetry.
            r = runtime.run(limit, progress, new PageRank.Job(damping, stopBelow), blocks);
        } else {
            BspRuntime rt = runtime.runtime(limit, progress);
            r = runtime.run(rt, PageRank.program(damping, stopBelow,
                    (superstep, l1) -> progress.note(superstep, String.format(Locale.ROOT, "L1 change %.3e", l1))),
                    blocks);
        }
        long[] ids = new long[g.nodes()];
        java.util.Arrays.setAll(ids, g::id);
        return new Ranks(ids, PageRank.ranks(r, g.nodes()), r.result(0).iterations(), r.result(0).change(),
                r.converged(), r, g.edges());
    }

    /** The SHA-256 of a file's bytes, in hex. */
    static String sha256(Path file) throws java.io.IOException {
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    /** The vertex program of {@code io.ticktickclock.graph}: each processor holds its own nodes. */
    private Ranks vertexCentric(Progress progress, double stopBelow) throws java.io.IOException {
        int p = runtime.processors();
        // The program reads no weights: a weighted edge list loads without them.
        GraphInput.Streamed e = graph.stream(progress, source -> "pagerank --vertex-centric of " + source
                + " at p = " + p, (n, m) -> Memory.vertexProgram(n, m, false, false), false, null);
        BspRuntime rt = runtime.runtime(VertexRuns.MAX_SUPERSTEPS, progress);
        var program = io.ticktickclock.graph.PageRank.program(damping, stopBelow,
                iterations != null ? iterations : maxSupersteps - 1);
        BspResult<VertexResult> r = VertexRuns.run(rt, e.source(), GraphPartition.Direction.DIRECTED, graph.partitioner,
                program, partitionBytes);
        VertexResult v = VertexResult.merge(r.results());
        // Superstep 0 of the program only sends the initial shares, as in the pull program.
        return new Ranks(v.ids(), v.doubleValues(), v.supersteps() - 1, Double.NaN, v.halted(), r, e.edges());
    }

    @Override
    int run(Report report) throws Exception {
        Progress progress = progress();
        if (iterations == null) {
            progress.reportConvergence();   // with --iterations, the limit stopping the run is what was asked
        }
        // --iterations N: tolerance 0 never stops the program; the iteration limit does.
        double stopBelow = iterations != null ? 0 : tolerance;
        Ranks pr = vertexCentric ? vertexCentric(progress, stopBelow) : pull(progress, stopBelow);
        long[] ids = pr.ids();
        double[] ranks = pr.ranks();
        int done = pr.iterations();
        boolean converged = pr.converged();
        BspResult<?> result = pr.result();
        long nodes = ids.length;
        long edges = pr.edges();
        double change = pr.change();
        ObjectNode doc = report.document();
        if (out != null) {
            long[] outIds = ids;
            double[] outRanks = ranks;
            writeLines(out, output, progress, ids.length, i -> outIds[i] + "\t" + Numbers.exact(outRanks[i]));
        }
        double total = 0;
        for (double x : ranks) {
            total += x;
        }
        boolean ok = iterations != null || converged;
        runFacts(report, result);
        doc.put("program", vertexCentric ? "vertex-centric" : "pull");
        if (graph.input != null) {
            doc.put("input", graph.file().toString());
        } else {
            doc.put("generate", graph.spec());
            doc.put("seed", graph.seed);
        }
        doc.put("nodes", nodes);
        doc.put("edges", edges);
        if (vertexCentric) {
            doc.put("partitionBytes", partitionBytes.sum());
        }
        doc.put("iterations", done);
        if (iterations == null) {
            doc.put("converged", converged);
        }
        Report.number(doc, "l1Change", change);
        Report.number(doc, "sumOfRanks", total);
        if (out != null) {
            doc.put("output", output.toAbsolutePath().toString());
        }
        String how = iterations != null ? String.format(Locale.ROOT, "%s as asked", plural(done, "iteration"))
                : converged ? String.format(Locale.ROOT, "converged after %s (L1 change below %.3g)",
                        plural(done, "iteration"), tolerance)
                : String.format(Locale.ROOT, "NOT converged after %s: the superstep limit (%d) stopped it; raise "
                        + "--max-supersteps or --tolerance", plural(done, "iteration"), maxSupersteps);
        report.line("PageRank of %,d nodes, %,d edges: %s; sum of ranks %.12f", nodes, edges, how, total);
        report.line("%s on %d processors: %s", plural(result.superstepCount(), "superstep"), result.results().size(),
                vertexCentric ? "loading the graph, then one per iteration and a first that sends the initial ranks"
                        : "one per iteration, after superstep 0 that shares the initial ranks");
        if (top > 0) {
            double[] r = ranks;
            int[] best = IntStream.range(0, r.length).boxed().sorted((a, b) -> Double.compare(r[b], r[a]))
                    .limit(top).mapToInt(Integer::intValue).toArray();
            report.line("%-6s %-20s %s", "place", "node", "rank");
            ArrayNode list = doc.putArray("top");
            for (int k = 0; k < best.length; k++) {
                report.line("%-6d %-20d %s", k + 1, ids[best[k]], Numbers.exact(r[best[k]]));
                list.addObject().put("node", ids[best[k]]).put("rank", r[best[k]]);
            }
        }
        if (out != null) {
            report.line("ranks written to %s", output.toAbsolutePath());
        }
        runtime.finish(result, report);
        return ok ? 0 : 1;
    }
}
