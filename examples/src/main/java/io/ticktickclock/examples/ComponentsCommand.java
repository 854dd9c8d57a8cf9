package io.ticktickclock.examples;

import io.ticktickclock.graph.ConnectedComponents;
import io.ticktickclock.graph.GraphPartition;
import io.ticktickclock.graph.VertexProgram;
import io.ticktickclock.graph.VertexResult;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code ttc components}: weakly connected components, each node labelled with its component's smallest id. */
@Command(name = "components", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Weakly connected components (edges taken as undirected) by HashMin label propagation: "
                + "every node is labelled with the smallest node id of its component.",
            "One superstep per round of propagation, plus those that load the graph."},
        footer = {"", "Examples:",
            "  ttc components --input examples/data/wordnet-verb-hypernyms.txt.gz --output components.tsv",
            "  ttc components --generate rmat:16:4 -p 2 --json"})
final class ComponentsCommand extends GraphCommand {

    @Override
    String name() {
        return "components";
    }

    @Override
    GraphPartition.Direction direction() {
        return GraphPartition.Direction.UNDIRECTED;
    }

    @Override
    VertexProgram<?, ?> program() {
        return ConnectedComponents.program();
    }

    @Override
    boolean longValued() {
        return true;
    }

    @Override
    String value(VertexResult result, long[] longs, double[] doubles, int i) {
        return Long.toString(longs[i]);
    }

    @Override
    void summarize(VertexResult result, long edges, int loadSupersteps, Report report) {
        Map<Long, Long> sizes = new HashMap<>();
        for (long label : result.longValues()) {
            sizes.merge(label, 1L, Long::sum);
        }
        long largest = 0;
        long largestLabel = -1;
        for (Map.Entry<Long, Long> e : sizes.entrySet()) {
            if (e.getValue() > largest || (e.getValue() == largest && e.getKey() < largestLabel)) {
                largest = e.getValue();
                largestLabel = e.getKey();
            }
        }
        report.document().put("components", sizes.size());
        report.document().put("largestComponent", largest);
        report.document().put("largestComponentLabel", largestLabel);
        report.document().put("propagationSupersteps", result.supersteps());
        report.line("%,d components among %,d nodes and %,d edges; the largest has %,d nodes (label %d)",
                sizes.size(), result.size(), edges, largest, largestLabel);
        report.line("%d supersteps of label propagation, after %d that loaded the graph", result.supersteps(),
                loadSupersteps);
    }
}
