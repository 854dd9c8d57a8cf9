package io.ticktickclock.examples;

import io.ticktickclock.graph.BreadthFirstSearch;
import io.ticktickclock.graph.GraphPartition;
import io.ticktickclock.graph.VertexProgram;
import io.ticktickclock.graph.VertexResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ttc bfs}: hop distances from a source, breadth first. */
@Command(name = "bfs", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Hop distances from a source along directed edges, breadth first: one frontier per "
                + "superstep. Weights are ignored.",
            "'inf' for a node the source cannot reach."},
        footer = {"", "Example:",
            "  ttc bfs --input examples/data/wordnet-verb-hypernyms.txt.gz --source 1917998 --output hops.tsv"})
final class BreadthFirstSearchCommand extends GraphCommand {

    @Option(names = "--source", paramLabel = "ID", required = true, converter = Values.NodeId.class,
            description = "The node the search starts from.")
    long source;

    @Override
    String name() {
        return "bfs";
    }

    @Override
    GraphPartition.Direction direction() {
        return GraphPartition.Direction.DIRECTED;
    }

    @Override
    Long source() {
        return source;
    }

    @Override
    VertexProgram<?, ?> program() {
        return BreadthFirstSearch.program(source);
    }

    @Override
    boolean longValued() {
        return true;
    }

    @Override
    String value(VertexResult result, long[] longs, double[] doubles, int i) {
        return longs[i] == BreadthFirstSearch.UNREACHABLE ? "inf" : Long.toString(longs[i]);
    }

    @Override
    void summarize(VertexResult result, long edges, int loadSupersteps, Report report) {
        long reached = 0;
        long depth = 0;
        for (long hops : result.longValues()) {
            if (hops != BreadthFirstSearch.UNREACHABLE) {
                reached++;
                depth = Math.max(depth, hops);
            }
        }
        report.document().put("reached", reached);
        report.document().put("depth", depth);
        report.document().put("searchSupersteps", result.supersteps());
        report.line("from node %d: %,d of %,d nodes reachable, the farthest %d hops away", source, reached,
                result.size(), depth);
        report.line("%d supersteps of search (a level of the search per superstep), after %d "
                + "that loaded the graph", result.supersteps(), loadSupersteps);
    }
}
