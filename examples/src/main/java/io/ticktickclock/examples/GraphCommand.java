package io.ticktickclock.examples;

import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.graph.GraphPartition;
import io.ticktickclock.graph.VertexProgram;
import io.ticktickclock.graph.VertexResult;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A command that runs one vertex program of {@code io.ticktickclock.graph} on a graph and writes one value
 * per node: {@code id<TAB>value} lines sorted by id, written atomically ({@link OutputFile}).
 */
abstract class GraphCommand extends RunCommand {
    @Mixin
    GraphInput graph;

    @Option(names = "--output", paramLabel = "OUT", description = "Write 'id<TAB>value' lines, one per node, "
            + "sorted by id.")
    Path output;

    private OutputFile out;

    /** Whether edges are also followed backwards. */
    abstract GraphPartition.Direction direction();

    /** Whether the program reads the edge weights (the third column). */
    boolean weighted() {
        return false;
    }

    /** The source node the program starts from, or null. */
    Long source() {
        return null;
    }

    abstract VertexProgram<?, ?> program();

    /** Whether the program's values are {@code long}s (else {@code double}s). */
    abstract boolean longValued();

    /** Node {@code i}'s value as written to the output. */
    abstract String value(VertexResult result, long[] longs, double[] doubles, int i);

    /** Adds the result's facts to the report: the JSON fields and the lines for a person. */
    abstract void summarize(VertexResult result, long edges, int loadSupersteps, Report report);

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

    @Override
    int run(Report report) throws Exception {
        int p = runtime.processors();
        Progress progress = progress();
        boolean undirected = direction() == GraphPartition.Direction.UNDIRECTED;
        Long source = source();
        GraphInput.Streamed edges = graph.stream(progress, in -> name() + " of " + in + " at p = " + p,
                (n, m) -> Memory.vertexProgram(n, m, weighted(), undirected), weighted(), source);
        if (!edges.hasNode()) {
            throw new Failures.UsageException("--source " + source + " is not a node of the graph: no edge of "
                    + (graph.input != null ? graph.file() : "--generate " + graph.spec()) + " starts or ends there");
        }
        BspRuntime rt = runtime.runtime(VertexRuns.MAX_SUPERSTEPS, progress);
        java.util.concurrent.atomic.LongAdder partitionBytes = new java.util.concurrent.atomic.LongAdder();
        BspResult<VertexResult> r = VertexRuns.run(rt, edges.source(), direction(), graph.partitioner, program(),
                partitionBytes);
        VertexResult v = VertexResult.merge(r.results());
        long[] ids = v.ids();
        long[] longs = longValued() ? v.longValues() : null;
        double[] doubles = longs == null ? v.doubleValues() : null;
        if (out != null) {
            writeLines(out, output, progress, ids.length, i -> ids[i] + "\t" + value(v, longs, doubles, i));
        }
        runFacts(report, r);
        if (graph.input != null) {
            report.document().put("input", graph.file().toString());
        } else {
            report.document().put("generate", graph.spec());
            report.document().put("seed", graph.seed);
        }
        report.document().put("nodes", v.size());
        report.document().put("edges", edges.edges());
        report.document().put("partitionBytes", partitionBytes.sum());
        if (source != null) {
            report.document().put("source", source);
        }
        summarize(v, edges.edges(), r.superstepCount() - v.supersteps(), report);
        if (out != null) {
            report.document().put("output", output.toAbsolutePath().toString());
            report.line("%s written to %s", name().equals("components") ? "labels" : "distances",
                    output.toAbsolutePath());
        }
        runtime.finish(r, report);
        return 0;
    }
}
