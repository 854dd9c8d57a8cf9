package io.ticktickclock.examples;

import io.ticktickclock.BspProgram;
import io.ticktickclock.PairInbox;
import java.util.List;

/**
 * PageRank (Page, Brin, Motwani and Winograd, "The PageRank Citation Ranking", 1999) as a superstep
 * program: the nodes are split into contiguous blocks, one per processor, and every iteration is one
 * superstep.
 *
 * <p>In each iteration's compute step a processor applies the contributions it received (its nodes' new
 * rank is {@code (1 - d) / N + d · (incoming + dangling / N)}), then adds up, per target node, the
 * contributions {@code rank / outDegree} of its nodes' out-edges in a dense array: sender-side combining as
 * local computation, so at most one pair per (processor, remote target) crosses the barrier; contributions
 * to its own nodes are added in place without a message. Its communicate step
 * only sends those pairs, plus its dangling mass and L1 change to everyone. Every processor adds the same
 * broadcast values in the same order, so all of them stop in the same superstep, when the global L1 change
 * falls below the tolerance (seen one superstep after it happened).
 *
 * <h2>Performance</h2>
 * One iteration costs {@code w = O(E/p + N)} per processor (the edges of its nodes, and a scan of the
 * dense accumulator), an h-relation of two words per distinct remote target ({@code ≈ 2N/p} for a random
 * graph) plus {@code 2p}, and one barrier.
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
        final double[] contributions;
        final long[] outKeys;
        final double[] outValues;
        final int[] outEnd;
        double dangling;
        double globalChange = Double.POSITIVE_INFINITY;
        double localChange = Double.POSITIVE_INFINITY;
        int iterations;

        State(int first, int count, int nodes, int processors) {
            this.first = first;
            this.rank = new double[count];
            this.incoming = new double[count];
            this.contributions = new double[nodes];
            this.outKeys = new long[nodes];
            this.outValues = new double[nodes];
            this.outEnd = new int[processors];
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

    /** Hears the global L1 change of each iteration (called by processor 0, in the superstep that learns it). */
    @FunctionalInterface
    public interface ChangeListener {
        void changed(int superstep, double l1Change);
    }

    /** The PageRank program for {@code graph}; the input list is ignored (every processor reads its block). */
    public static BspProgram<Void, State, Totals> program(Graph graph, double damping, double tolerance) {
        return program(graph, damping, tolerance, (superstep, change) -> { });
    }

    /** The PageRank program, reporting each iteration's global L1 change to {@code listener}. */
    public static BspProgram<Void, State, Totals> program(Graph graph, double damping, double tolerance,
            ChangeListener listener) {
        int n = graph.nodes();
        return BspProgram.<Void, State, Totals>builder("pagerank")
                .init((ctx, none) -> {
                    int first = blockStart(ctx.pid(), n, ctx.processors());
                    State s = new State(first, blockStart(ctx.pid() + 1, n, ctx.processors()) - first, n,
                            ctx.processors());
                    contribute(graph, s, ctx.pid(), ctx.processors());
                    send(ctx, s);
                    return s;
                })
                .superstep("iterate", step -> step
                        .compute((ctx, s) -> {
                            double dangling = 0;
                            double change = 0;
                            for (Totals t : ctx.inbox()) {
                                dangling += t.dangling();
                                change += t.change();
                            }
                            s.globalChange = change;
                            if (ctx.pid() == 0 && Double.isFinite(change)) {
                                listener.changed(ctx.superstep(), change);
                            }
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
                            contribute(graph, s, ctx.pid(), ctx.processors());
                            return s;
                        })
                        .communicate(PageRank::send)
                        .until(s -> s.globalChange < tolerance))
                .build();
    }

    /** Sends the packed contributions to their owners, and the dangling mass and L1 change to everyone. */
    static void send(io.ticktickclock.BspContext<Totals> ctx, State s) {
        int from = 0;
        Totals totals = new Totals(s.dangling, s.localChange);
        for (int q = 0; q < ctx.processors(); q++) {
            for (int i = from; i < s.outEnd[q]; i++) {
                ctx.sendPair(q, s.outKeys[i], s.outValues[i]);
            }
            from = s.outEnd[q];
            ctx.send(q, totals);
        }
    }

    /**
     * Adds up this processor's contributions per target node and packs the non-zero ones by owner (the
     * sender-side combining, done as computation), and its dangling mass.
     */
    static void contribute(Graph graph, State s, int pid, int processors) {
        double[] acc = s.contributions;
        long[] offsets = graph.offsets();
        int[] targets = graph.targets();
        double dangling = 0;
        for (int v = 0; v < s.rank.length; v++) {
            int u = s.first + v;
            long start = offsets[u];
            long end = offsets[u + 1];
            if (start == end) {
                dangling += s.rank[v];
                continue;
            }
            double share = s.rank[v] / (end - start);
            for (long e = start; e < end; e++) {
                acc[targets[(int) e]] += share;
            }
        }
        s.dangling = dangling;
        int n = graph.nodes();
        int k = 0;
        for (int q = 0; q < processors; q++) {
            int firstOfQ = blockStart(q, n, processors);
            int lastOfQ = blockStart(q + 1, n, processors);
            if (q == pid) {
                // Contributions to this processor's own nodes need no message.
                for (int t = firstOfQ; t < lastOfQ; t++) {
                    s.incoming[t - firstOfQ] += acc[t];
                    acc[t] = 0;
                }
                s.outEnd[q] = k;
                continue;
            }
            for (int t = firstOfQ; t < lastOfQ; t++) {
                if (acc[t] != 0) {
                    s.outKeys[k] = t;
                    s.outValues[k] = acc[t];
                    acc[t] = 0;
                    k++;
                }
            }
            s.outEnd[q] = k;
        }
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
