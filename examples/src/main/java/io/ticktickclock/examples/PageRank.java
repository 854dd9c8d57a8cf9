package io.ticktickclock.examples;

import io.ticktickclock.BspProgram;
import io.ticktickclock.PairInbox;
import java.util.List;

/**
 * PageRank (Page, Brin, Motwani and Winograd, "The PageRank Citation Ranking", 1999) as a superstep
 * program: the nodes are split into contiguous blocks, one per processor, and every iteration is one
 * superstep.
 *
 * <p>In each iteration, every processor sends, for each of its nodes, {@code rank / outDegree} along every
 * out-edge to the processor that owns the target, combined per target at the sender (so at most one pair
 * per (processor, target) crosses the barrier). Nodes without out-edges ("dangling") spread their rank
 * uniformly over all nodes: each processor broadcasts its dangling mass. The new rank of {@code v} is
 * {@code (1 - d) / N + d · (incoming(v) + dangling / N)}. Each processor also broadcasts the L1 change of its
 * ranks; every processor adds the same values in the same order, so all of them decide to stop in the same
 * superstep, when the global L1 change falls below the tolerance (seen one superstep after it happened).
 *
 * <h2>Performance</h2>
 * One iteration costs {@code w = O(E/p + N/p)} per processor, an h-relation of at most two words per
 * distinct remote target plus {@code 2p} messages, and one barrier. With a block partition of a random
 * graph most targets are remote, so combining is what keeps {@code h} near {@code 2N/p}.
 */
public final class PageRank {
    private PageRank() {}

    /** Broadcast values: a processor's dangling mass and L1 change. */
    public record Totals(double dangling, double change) {}

    /** One processor's share: nodes {@code [first, first + rank.length)}. */
    public static final class State {
        final int first;
        final double[] rank;
        final double[] incoming;
        double globalChange = Double.POSITIVE_INFINITY;
        double localChange = Double.POSITIVE_INFINITY;
        int iterations;

        State(int first, int count, int nodes) {
            this.first = first;
            this.rank = new double[count];
            this.incoming = new double[count];
            java.util.Arrays.fill(rank, 1.0 / nodes);
        }

        /** The ranks of this processor's nodes, from {@link #first()}. */
        public double[] ranks() {
            return rank;
        }

        public int first() {
            return first;
        }

        /** The global L1 change of the last completed iteration. */
        public double change() {
            return globalChange;
        }

        public int iterations() {
            return iterations;
        }
    }

    /** The first node of processor {@code pid}'s block. */
    static int blockStart(int pid, int nodes, int processors) {
        return (int) ((long) pid * nodes / processors);
    }

    /** The processor that owns {@code node}: the inverse of {@link #blockStart}. */
    static int owner(int node, int nodes, int processors) {
        return (int) (((long) node * processors + processors - 1) / nodes);
    }

    /** The PageRank program for {@code graph}; the input list is ignored (every processor reads its block). */
    public static BspProgram<Void, State, Totals> program(Graph graph, double damping, double tolerance) {
        int n = graph.nodes();
        return BspProgram.<Void, State, Totals>builder("pagerank")
                .combinePairs(Double::sum)
                .init((ctx, none) -> {
                    int first = blockStart(ctx.pid(), n, ctx.processors());
                    return new State(first, blockStart(ctx.pid() + 1, n, ctx.processors()) - first, n);
                })
                .superstep("iterate", step -> step
                        .compute((ctx, s) -> {
                            if (ctx.inbox().isEmpty()) {
                                return s; // first iteration: ranks are 1/N, nothing received yet
                            }
                            double dangling = 0;
                            double change = 0;
                            for (Totals t : ctx.inbox()) {
                                dangling += t.dangling();
                                change += t.change();
                            }
                            s.globalChange = change;
                            PairInbox in = ctx.pairInbox();
                            for (int i = 0, size = in.size(); i < size; i++) {
                                s.incoming[(int) in.key(i) - s.first] += in.value(i);
                            }
                            double base = (1 - damping) / n + damping * dangling / n;
                            double local = 0;
                            for (int v = 0; v < s.rank.length; v++) {
                                double next = base + damping * s.incoming[v];
                                local += Math.abs(next - s.rank[v]);
                                s.rank[v] = next;
                                s.incoming[v] = 0;
                            }
                            s.iterations++;
                            s.localChange = local;
                            return s;
                        })
                        .communicate((ctx, s) -> {
                            double dangling = 0;
                            int p = ctx.processors();
                            for (int v = 0; v < s.rank.length; v++) {
                                int u = s.first + v;
                                int degree = graph.outDegree(u);
                                if (degree == 0) {
                                    dangling += s.rank[v];
                                    continue;
                                }
                                double share = s.rank[v] / degree;
                                for (long e = graph.offsets()[u], end = graph.offsets()[u + 1]; e < end; e++) {
                                    int target = graph.targets()[(int) e];
                                    ctx.sendPair(owner(target, n, p), target, share);
                                }
                            }
                            Totals totals = new Totals(dangling, s.localChange);
                            for (int q = 0; q < p; q++) {
                                ctx.send(q, totals);
                            }
                        })
                        .until(s -> s.globalChange < tolerance))
                .build();
    }

    /** Runs PageRank and returns the rank of every node, in node order. */
    public static double[] ranks(io.ticktickclock.BspResult<State> result, int nodes) {
        double[] all = new double[nodes];
        for (State s : result.results()) {
            System.arraycopy(s.rank, 0, all, s.first, s.rank.length);
        }
        return all;
    }

    /** The input to pass with {@link #program}: the program reads the graph itself. */
    public static List<Void> noInput() {
        return List.of();
    }
}
