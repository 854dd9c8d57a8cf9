package io.ticktickclock.examples;

import io.ticktickclock.graph.GraphPartition;
import io.ticktickclock.graph.ShortestPaths;
import io.ticktickclock.graph.VertexProgram;
import io.ticktickclock.graph.VertexResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ttc sssp}: single-source shortest paths over non-negative weights. */
@Command(name = "sssp", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Single-source shortest paths along directed edges, weighted by the third column (1 when "
                + "absent; of parallel edges the lightest counts), by the Pregel paper's parallel Bellman-Ford.",
            "Distances are written with the digits that read back to the same double; 'inf' for a node the "
                + "source cannot reach."},
        footer = {"", "Example:",
            "  ttc sssp --input roads.txt.gz --source 42 -p 2 --output distances.tsv"})
final class ShortestPathsCommand extends GraphCommand {

    @Option(names = "--source", paramLabel = "ID", required = true, converter = Values.NodeId.class,
            description = "The node the paths start from.")
    long source;

    @Override
    String name() {
        return "sssp";
    }

    @Override
    GraphPartition.Direction direction() {
        return GraphPartition.Direction.DIRECTED;
    }

    @Override
    boolean weighted() {
        return true;
    }

    @Override
    Long source() {
        return source;
    }

    @Override
    VertexProgram<?, ?> program() {
        return ShortestPaths.program(source);
    }

    @Override
    boolean longValued() {
        return false;
    }

    @Override
    String value(VertexResult result, long[] longs, double[] doubles, int i) {
        return doubles[i] == Double.POSITIVE_INFINITY ? "inf" : Double.toString(doubles[i]);
    }

    @Override
    void summarize(VertexResult result, long edges, int loadSupersteps, Report report) {
        long[] ids = result.ids();
        double[] d = result.doubleValues();
        long reached = 0;
        double farthest = 0;
        long farthestNode = source;
        for (int i = 0; i < d.length; i++) {
            if (d[i] != Double.POSITIVE_INFINITY) {
                reached++;
                if (d[i] > farthest) {
                    farthest = d[i];
                    farthestNode = ids[i];
                }
            }
        }
        report.document().put("reached", reached);
        report.document().put("farthestDistance", farthest);
        report.document().put("farthestNode", farthestNode);
        report.document().put("searchSupersteps", result.supersteps());
        report.line("from node %d: %,d of %,d nodes reachable; the farthest, node %d, at distance %s", source,
                reached, result.size(), farthestNode, Double.toString(farthest));
        report.line("%d supersteps of relaxation, after %d that loaded the graph", result.supersteps(),
                loadSupersteps);
    }
}
