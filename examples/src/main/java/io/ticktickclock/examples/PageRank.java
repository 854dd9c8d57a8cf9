package io.ticktickclock.examples;

import io.ticktickclock.BspProgramJob;

import io.ticktickclock.BspContext;
import io.ticktickclock.BspProgram;
import io.ticktickclock.BspResult;
import java.util.List;

/**
 * PageRank (Page, Brin, Motwani and Winograd, "The PageRank Citation Ranking", 1999) as a superstep
 * program that pulls: the nodes are split into contiguous blocks, one per processor, and every iteration
 * is one superstep.
 *
 * <p>Every processor holds a copy of the whole share vector, {@code share[u] = rank[u] / outDegree(u)}
 * ({@code 0} for a dangling node). In an iteration's compute step a processor copies the blocks of shares
 * the others sent into its vector (it wrote its own block itself), then computes
 * each of its nodes' new rank from the node's in-edges, {@code (1 - d) / N + d · (Σ share[u] + dangling /
 * N)}, and the new shares, dangling mass and L1 change of its block. Its communicate step sends its block
 * of shares to every other processor (an all-gather), as the raw bits of the doubles in the {@code long}
 * lane (one bulk copy, no per-value message), and its dangling mass and L1 change to everyone. Every processor adds the same broadcast values in the same order, so all of them stop in the
 * same superstep, when the global L1 change falls below the tolerance (seen one superstep after it
 * happened). The in-edges of a node are summed in ascending source order whatever the processor count, so
 * the ranks depend on p only through rounding: the dangling mass and the L1 change are sums of p partial
 * sums (which may also move the stopping iteration by one when the change is within rounding of the
 * tolerance).
 *
 * <h2>Performance</h2>
 * The program reads the {@linkplain Graph#transpose() transposed graph}, built once when the program is
 * created ({@code O(E)} time and as much memory as the graph). One iteration costs {@code w = O(E/p + N)}
 * per processor (the in-edges of its nodes, with random reads of the share vector, and copying the
 * others' blocks out of its inbox), an h-relation of {@code N (p - 1) / p + 2p} words (a processor sends
 * its {@code N/p} shares to the {@code p - 1} others and receives theirs), and one barrier. The share
 * vector takes {@code 8N} bytes per processor: unlike threads sharing one vector, {@code p} processors
 * read {@code p} copies, which take {@code p} times the cache.
 */
public final class PageRank {
    private PageRank() {}

    /** Broadcast values: a processor's dangling mass and L1 change. */
    public record Totals(double dangling, double change) {}

    /**
     * One processor's share: nodes {@code [first, first + rank.length)}. Serializable so that a cluster run
     * returns it and a checkpoint saves it; of the share vector only this processor's block travels (the others'
     * blocks arrive in the next superstep's inbox).
     */
    public static final class State implements java.io.Serializable {
        private static final long serialVersionUID = 2L;
        final int first;
        final double[] rank;
        /** The whole share vector, as raw {@code double} bits; this processor writes its own block. */
        transient long[] shareBits;
        double dangling;
        double globalChange = Double.POSITIVE_INFINITY;
        double localChange = Double.POSITIVE_INFINITY;
        int iterations;

        State(int first, int count, int nodes) {
            this.first = first;
            this.rank = new double[count];
            this.shareBits = new long[nodes];
            java.util.Arrays.fill(rank, 1.0 / nodes);
        }

        private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
            out.defaultWriteObject();
            out.writeInt(shareBits.length);
            out.writeObject(java.util.Arrays.copyOfRange(shareBits, first, first + rank.length));
        }

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            int nodes = in.readInt();
            long[] own = (long[]) in.readObject();
            if (nodes < first + rank.length || own.length != rank.length) {
                throw new java.io.InvalidObjectException("a share vector of " + nodes + " nodes and a block of "
                        + own.length + " do not fit nodes [" + first + ", " + (first + rank.length) + ")");
            }
            shareBits = new long[nodes];
            System.arraycopy(own, 0, shareBits, first, own.length);
        }

        /** The ranks of this processor's nodes, from {@link #first()}. */
        public double[] ranks() {
            return rank;
        }

        public int first() {
            return first;
        }

        /**
         * The global L1 change as last learned: in the superstep that stops the run, the change of the
         * iteration before the last one (a change is known one superstep after it happened).
         */
        public double change() {
            return globalChange;
        }

        public int iterations() {
            return iterations;
        }
    }

    static void checkDamping(double damping) {
        if (!(damping >= 0 && damping <= 1)) {
            throw new IllegalArgumentException("damping must be in [0, 1], got " + damping);
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

    /**
     * The PageRank program, reporting each iteration's global L1 change to {@code listener}. Builds the
     * transposed graph now; the program can be run any number of times.
     *
     * @param damping the damping factor d, in [0, 1]
     * @param tolerance the run stops when the global L1 change falls below it; {@code >= 0} (0 never
     *     stops: the runtime's superstep limit ends the run)
     * @throws IllegalArgumentException if {@code damping} or {@code tolerance} is out of range
     */
    public static BspProgram<Void, State, Totals> program(Graph graph, double damping, double tolerance,
            ChangeListener listener) {
        checkDamping(damping);
        return program(graph, graph.transpose(), damping, tolerance, listener);
    }

    /**
     * The PageRank program on a graph whose transpose is already built (to share it with other code).
     *
     * @param transposed {@code graph.transpose()}
     * @throws IllegalArgumentException if {@code damping} or {@code tolerance} is out of range, or
     *     {@code transposed} does not have the nodes and edges of {@code graph}
     */
    public static BspProgram<Void, State, Totals> program(Graph graph, Graph transposed, double damping,
            double tolerance, ChangeListener listener) {
        checkDamping(damping);
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        java.util.Objects.requireNonNull(listener, "listener must not be null");
        if (transposed.nodes() != graph.nodes() || transposed.edges() != graph.edges()) {
            throw new IllegalArgumentException("transposed must be the transpose of graph: it has "
                    + transposed.nodes() + " nodes and " + transposed.edges() + " edges, expected " + graph.nodes()
                    + " and " + graph.edges());
        }
        int n = graph.nodes();
        Graph in = transposed;
        return BspProgram.<Void, State, Totals>builder("pagerank")
                .init((ctx, none) -> {
                    int first = blockStart(ctx.pid(), n, ctx.processors());
                    State s = new State(first, blockStart(ctx.pid() + 1, n, ctx.processors()) - first, n);
                    shares(graph, s);
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
                                ctx.report("l1-change", change);
                            }
                            for (int q = 0; q < ctx.processors(); q++) {
                                if (q != ctx.pid()) {
                                    ctx.longInbox().copyFrom(q, s.shareBits, blockStart(q, n, ctx.processors()));
                                }
                            }
                            pull(in, s, (1 - damping) / n + damping * dangling / n, damping);
                            shares(graph, s);
                            return s;
                        })
                        .communicate(PageRank::send)
                        .until(s -> s.globalChange < tolerance))
                .build();
    }

    /** The new rank of each of this processor's nodes, summed over its in-edges, and the L1 change. */
    static void pull(Graph in, State s, double base, double damping) {
        long[] offsets = in.offsets();
        int[] sources = in.targets();
        long[] share = s.shareBits;
        double local = 0;
        for (int v = 0, u = s.first; v < s.rank.length; v++, u++) {
            double sum = 0;
            for (long e = offsets[u], end = offsets[u + 1]; e < end; e++) {
                sum += Double.longBitsToDouble(share[sources[(int) e]]);
            }
            double next = base + damping * sum;
            local += Math.abs(next - s.rank[v]);
            s.rank[v] = next;
        }
        s.localChange = local;
        s.iterations++;
    }

    /** This processor's block of the share vector, and its dangling mass. */
    static void shares(Graph graph, State s) {
        double dangling = 0;
        for (int v = 0, u = s.first; v < s.rank.length; v++, u++) {
            int degree = graph.outDegree(u);
            if (degree == 0) {
                dangling += s.rank[v];
            }
            s.shareBits[u] = Double.doubleToRawLongBits(degree == 0 ? 0 : s.rank[v] / degree);
        }
        s.dangling = dangling;
    }

    /** Sends this processor's block of shares to the others, its dangling mass and L1 change to everyone. */
    static void send(BspContext<Totals> ctx, State s) {
        Totals totals = new Totals(s.dangling, s.localChange);
        for (int q = 0; q < ctx.processors(); q++) {
            if (q != ctx.pid()) {
                ctx.sendLongs(q, s.shareBits, s.first, s.first + s.rank.length);
            }
            ctx.send(q, totals);
        }
    }

    /** The rank of every node, in node order, from a finished run. */
    public static double[] ranks(BspResult<State> result, int nodes) {
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

    /**
     * The program as a job, so that it can also run on a cluster ({@code ttc pagerank --cluster}): the graph
     * travels with the job, and every worker transposes it and runs its processors' blocks as in a local run,
     * so the ranks are the local ones to the bit. (Every worker holds the whole graph.)
     */
    public record Job(Graph graph, double damping, double tolerance) implements BspProgramJob<Void, State, Totals> {
        @Override
        public BspProgram<Void, State, Totals> program() {
            return PageRank.program(graph, damping, tolerance);
        }
    }
}
