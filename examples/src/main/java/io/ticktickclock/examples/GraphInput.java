package io.ticktickclock.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * Where a graph command's graph comes from: {@code --input FILE} (an edge list, {@code .gz} works) or
 * {@code --generate SPEC} (a random graph), read or generated with progress on stderr.
 */
final class GraphInput {
    /** What the graph commands generate when given neither option. */
    static final String DEFAULT_GENERATE = "uniform:100000:1000000";

    @Option(names = "--input", paramLabel = "EDGES",
            description = "Read the graph from an edge list: one 'src dst [weight]' line per edge, ids "
                    + "non-negative 64-bit integers, the weight a finite number >= 0 (1 when absent), '#' "
                    + "comments; a .gz file is decompressed. Example: examples/data/wordnet-verb-hypernyms.txt.gz")
    Path input;

    @Option(names = "--generate", paramLabel = "SPEC",
            description = "Generate the graph instead: uniform:NODES:EDGES (edges drawn uniformly, e.g. "
                    + "uniform:100000:1000000) or rmat:SCALE:EDGE_FACTOR (Graph500 R-MAT with 2^SCALE nodes and "
                    + "EDGE_FACTOR·2^SCALE edges, e.g. rmat:20:16). Default: " + DEFAULT_GENERATE + " when "
                    + "there is no --input.")
    String generate;

    @Option(names = "--seed", defaultValue = "1", description = "The generator's seed.")
    long seed;

    @Option(names = "--partitioner", defaultValue = "hash", description = "Who owns which node in a vertex "
            + "program: hash (balanced for any ids) or range (contiguous id ranges). The results do not "
            + "depend on it.")
    VertexRuns.Partitioner partitioner;

    /** The absolute path of the input file, or null when the graph is generated. */
    Path file() {
        return input == null ? null : input.toAbsolutePath();
    }

    /** The generator spec in use, or null for a file. */
    String spec() {
        return input != null ? null : generate != null ? generate : DEFAULT_GENERATE;
    }

    /** A generator spec, parsed and checked. */
    record Spec(String kind, long nodes, long edges, int scale, int edgeFactor) {}

    /**
     * Parses {@link #spec()} and checks its ranges.
     *
     * @throws Failures.UsageException naming --generate, the value and what was expected
     */
    Spec parse() {
        String spec = spec();
        String[] parts = spec.split(":");
        try {
            if (parts.length == 3 && parts[0].equals("uniform")) {
                long nodes = Long.parseLong(parts[1]);
                long edges = Long.parseLong(parts[2]);
                if (nodes < 1 || nodes > Integer.MAX_VALUE - 8 || edges < 0 || edges > Integer.MAX_VALUE - 8) {
                    throw new Failures.UsageException("--generate " + spec + ": NODES must be in [1, "
                            + (Integer.MAX_VALUE - 8) + "] and EDGES in [0, " + (Integer.MAX_VALUE - 8) + "]");
                }
                return new Spec("uniform", nodes, edges, 0, 0);
            }
            if (parts.length == 3 && parts[0].equals("rmat")) {
                int scale = Integer.parseInt(parts[1]);
                int edgeFactor = Integer.parseInt(parts[2]);
                if (scale < 1 || scale > 30 || edgeFactor < 1 || ((long) edgeFactor << scale) > Integer.MAX_VALUE - 8) {
                    throw new Failures.UsageException("--generate " + spec + ": SCALE must be in [1, 30], "
                            + "EDGE_FACTOR >= 1, and EDGE_FACTOR·2^SCALE at most " + (Integer.MAX_VALUE - 8));
                }
                return new Spec("rmat", 1L << scale, (long) edgeFactor << scale, scale, edgeFactor);
            }
        } catch (NumberFormatException e) {
            // the usage error below
        }
        throw new Failures.UsageException("--generate must be uniform:NODES:EDGES or rmat:SCALE:EDGE_FACTOR "
                + "(e.g. uniform:100000:1000000, rmat:20:16), got '" + spec + "'");
    }

    /**
     * Reads or generates the graph, with progress.
     *
     * @param memory the heap the command needs for a graph of (nodes, edges), checked before generating
     *     and after reading
     * @param what what the command does to a source, for the memory message
     *     ({@code source -> "pagerank of " + source + " at p = 2"})
     */
    Graph graph(Progress progress, UnaryOperator<String> what, Estimate memory) throws IOException {
        if (input != null) {
            EdgeListReader.Edges e = read(progress, done -> EdgeListReader.edges(input, done));
            Progress.Meter build = progress.meter("build", file().toString(), -1, "edges");
            Graph g = Graph.fromIds(e.sources(), e.targets(), e.count());
            build.done(String.format(Locale.ROOT, "%,d nodes numbered in id order, %,d edges in CSR form", g.nodes(),
                    g.edges()));
            Memory.require(what.apply(input.toString()), memory.bytes(g.nodes(), g.edges()));
            return g;
        }
        Spec s = parse();
        Memory.require(what.apply("--generate " + spec()), memory.bytes(s.nodes(), s.edges()));
        Progress.Meter meter = progress.meter("generate", spec(), s.edges(), "edges");
        Graph g = s.kind().equals("uniform") ? Graph.uniform((int) s.nodes(), s.edges(), seed, meter)
                : Graph.rmat(s.scale(), s.edgeFactor(), seed, meter);
        meter.done(String.format(Locale.ROOT, "%,d nodes, %,d edges (seed %d)", g.nodes(), g.edges(), seed));
        return g;
    }

    /**
     * The graph's edges as an {@link io.ticktickclock.graph.EdgeSource} that nobody holds whole, for the
     * vertex programs: each processor of the load reads or draws its own share and keeps only its partition.
     * An edge list is read once here first (with progress; every line checked, as {@link EdgeListReader}
     * reports it) and then again by the processors ({@link EdgeListSource}); a generated graph is drawn by the
     * processors ({@link GeneratedEdges}), the {@code generate} progress line reporting their draws.
     *
     * @param memory the heap the command needs for a graph of (nodes, edges), checked before generating and
     *     after reading (with 0 nodes: an edge list's nodes are counted while it loads)
     * @param weighted whether the load keeps the weights of an edge list (else every edge weighs 1)
     * @param node an id to look for ({@link Streamed#hasNode()}), or null
     */
    Streamed stream(Progress progress, UnaryOperator<String> what, Estimate memory, boolean weighted, Long node)
            throws IOException {
        if (input != null) {
            Progress.Meter meter = readMeter(progress);
            EdgeListSource edges = EdgeListSource.scan(input, meter, node);
            meter.done(String.format(Locale.ROOT, "%,d edges%s from %s", edges.count(), edges.hasWeights()
                    ? " (weighted)" : "", file()));
            Memory.require(what.apply(input.toString()), memory.bytes(0, edges.count()));
            return new Streamed(weighted ? edges : edges.unweighted(), edges.count(), node == null || edges.hasNode());
        }
        Spec s = parse();
        Memory.require(what.apply("--generate " + spec()), memory.bytes(s.nodes(), s.edges()));
        Progress.Meter meter = progress.meter("generate", spec(), s.edges(), "edges");
        String summary = String.format(Locale.ROOT, "%,d nodes, %,d edges (seed %d)", s.nodes(), s.edges(), seed);
        java.util.concurrent.atomic.AtomicLong drawn = new java.util.concurrent.atomic.AtomicLong();
        boolean[] reported = {s.edges() == 0};
        if (reported[0]) {
            meter.done(summary);
        }
        GeneratedEdges edges = new GeneratedEdges(s, seed, more -> {
            long total = drawn.addAndGet(more);
            synchronized (reported) {
                // A range partitioner reads the edges twice: the first pass is the one reported.
                if (!reported[0] && total >= s.edges()) {
                    reported[0] = true;
                    meter.done(summary);
                } else if (!reported[0]) {
                    meter.accept(total);
                }
            }
        });
        return new Streamed(edges, s.edges(), node == null || edges.hasNode(node));
    }

    /**
     * A graph's edges, streamed.
     *
     * @param source the edges, each processor of a load reading its share
     * @param edges how many edges there are
     * @param hasNode whether the id asked for is an endpoint of an edge (true when none was asked for)
     */
    record Streamed(io.ticktickclock.graph.EdgeSource source, long edges, boolean hasNode) {}

    /** The heap a command needs for a graph of {@code nodes} and {@code edges}. */
    @FunctionalInterface
    interface Estimate {
        long bytes(long nodes, long edges);
    }

    @FunctionalInterface
    private interface Reader {
        EdgeListReader.Edges read(java.util.function.LongConsumer bytesRead) throws IOException;
    }

    private EdgeListReader.Edges read(Progress progress, Reader reader) throws IOException {
        Progress.Meter meter = readMeter(progress);
        EdgeListReader.Edges t = reader.read(meter);
        meter.done(String.format(Locale.ROOT, "%,d edges%s from %s", t.count(), t.weights() == null ? ""
                : " (weighted)", file()));
        return t;
    }

    /** The {@code read} progress of the input file, in bytes of the file. */
    private Progress.Meter readMeter(Progress progress) {
        long size = -1;
        try {
            size = java.nio.file.Files.size(input);
        } catch (IOException e) {
            // the reader reports a missing or unreadable file in its own words
        }
        return progress.meter("read", file().toString(), size, "bytes");
    }
}
