package io.ticktickclock.examples;

import io.ticktickclock.graph.EdgeSource;
import java.util.function.LongConsumer;

/**
 * The edges of a generated graph ({@code --generate}) as an {@link EdgeSource}, drawn while a partitioned graph
 * loads rather than held: processor {@code i} of {@code p} draws the generator's sequence up to the end of its
 * share and delivers its share, the edges {@code [i·m/p, (i+1)·m/p)} in the order drawn (the first
 * {@code i·m/p} it draws and drops: a few seconds at 2^26 edges, and no memory). {@link Graph#uniform} and
 * {@link Graph#rmat} draw the same sequence ({@link Graph#drawUniform}, {@link Graph#drawRmat}), so a directed
 * load of this source builds the same partitions as a load of {@link Graph#edgeIds()} of the built graph
 * (every processor receives each of its vertices' out-edges in the order drawn either way); an undirected
 * load gives each vertex the same edges, its reversed in-edges in the order drawn rather than by source.
 *
 * @param spec the generator and its sizes
 * @param seed the generator's seed
 * @param drawn told, from every processor's thread, how many more edges it delivered (a thread-safe sum)
 */
record GeneratedEdges(GraphInput.Spec spec, long seed, LongConsumer drawn) implements EdgeSource {

    @Override
    public void read(int pid, int processors, EdgeSink sink) {
        int m = (int) spec.edges();
        int from = (int) ((long) pid * m / processors);
        int to = (int) ((long) (pid + 1) * m / processors);
        if (from == to) {
            return;
        }
        Graph.EdgeDraw deliver = (i, u, v) -> {
            if (i >= from) {
                sink.accept(u, v, 1.0);
                if (((i + 1 - from) & (Progress.REPORT_EVERY - 1)) == 0) {
                    drawn.accept(Progress.REPORT_EVERY);
                }
            }
        };
        draw(to, deliver);
        drawn.accept((to - from) & (Progress.REPORT_EVERY - 1));
    }

    /** Whether {@code id} is an endpoint of an edge, drawing the whole sequence once on the calling thread. */
    boolean hasNode(long id) {
        if (id < 0 || id >= spec.nodes()) {
            return false;
        }
        boolean[] found = {false};
        draw((int) spec.edges(), (i, u, v) -> found[0] |= u == id || v == id);
        return found[0];
    }

    private void draw(int until, Graph.EdgeDraw draw) {
        if (spec.kind().equals("uniform")) {
            Graph.drawUniform((int) spec.nodes(), seed, until, draw);
        } else {
            Graph.drawRmat(spec.scale(), seed, until, draw);
        }
    }

    @Override
    public String toString() {
        return "GeneratedEdges[" + spec.kind() + ", " + spec.nodes() + " nodes, " + spec.edges() + " edges, seed "
                + seed + "]";
    }
}
