package io.ticktickclock.examples;

import io.ticktickclock.BspProgramJob;
import io.ticktickclock.BspContext;
import io.ticktickclock.BspProgram;
import io.ticktickclock.BspResult;
import java.util.ArrayList;
import java.util.List;

/**
 * PageRank (Page, Brin, Motwani and Winograd, "The PageRank Citation Ranking", 1999) as a superstep
 * program that pulls: the nodes are split into contiguous blocks, one per processor, and every iteration
 * is one superstep.
 *
 * <p>A processor holds its {@link Block}: its node range, the in-edges of its nodes (their rows of the
 * transposed graph) and their out-degrees; and a copy of the whole share vector, {@code share[u] = rank[u] /
 * outDegree(u)} ({@code 0} for a dangling node). In an iteration's compute step a processor copies the blocks of
 * shares the others sent into its vector (it wrote its own block itself), then computes each of its nodes' new
 * rank from the node's in-edges, {@code (1 - d) / N + d · (Σ share[u] + dangling / N)}, and the new shares,
 * dangling mass and L1 change of its block. Its communicate step sends its block of shares to every other
 * processor (an all-gather), as the raw bits of the doubles in the {@code long} lane (one bulk copy, no
 * per-value message), and its dangling mass and L1 change to everyone. Every processor adds the same broadcast
 * values in the same order, so all of them stop in the same superstep, when the global L1 change falls below
 * the tolerance (seen one superstep after it happened). The in-edges of a node are summed in ascending source
 * order whatever the processor count, so the ranks depend on p only through rounding: the dangling mass and the
 * L1 change are sums of p partial sums (which may also move the stopping iteration by one when the change is
 * within rounding of the tolerance).
 *
 * <p>Two ways to run it, with the same steps and so the same ranks to the bit at the same p:
 * {@link #program(double, double)} takes the blocks as its input ({@link #blocks(Graph, int)}, one per
 * processor), so that each processor, and on a cluster each worker, holds only its part of the graph
 * ({@link Job} runs it on a cluster); {@link #program(Graph, double, double)} takes no input and lets every
 * processor read its rows of one shared transpose.
 *
 * <h2>Performance</h2>
 * {@link #blocks(Graph, int)} costs {@code O(E + N)} time and as much memory as the graph, like a transpose.
 * One iteration costs {@code w = O(E/p + N)} per processor (the in-edges of its nodes, with random reads of the
 * share vector, and copying the others' blocks out of its inbox), an h-relation of {@code N (p - 1) / p + 2p}
 * words (a processor sends its {@code N/p} shares to the {@code p - 1} others and receives theirs), and one
 * barrier. The share vector takes {@code 8N} bytes per processor: unlike threads sharing one vector, {@code p}
 * processors read {@code p} copies, which take {@code p} times the cache. A block takes {@code 4} bytes per
 * in-edge and {@code 12} per node.
 */
public final class PageRank {
    private PageRank() {}

    /** Broadcast values: a processor's dangling mass and L1 change. */
    public record Totals(double dangling, double change) {}

    /**
     * One processor's part of the graph: the nodes {@code [first, first + count())} of a graph of {@code nodes}
     * nodes, the in-edges of each and the out-degree of each. The in-edges of node {@code first + v} come from
     * the nodes {@code inSources[inOffsets[v] .. inOffsets[v + 1])}, in ascending order (with multiplicity);
     * a block made by {@link #blocks(Graph, int)} holds exactly those ({@code inOffsets[0] == 0}), while the
     * graph-based program's blocks index one transpose that all processors share. A record of arrays, so that it
     * travels to a cluster's workers in the wire format; read-only by convention.
     *
     * @param nodes the number of nodes of the whole graph
     * @param first the first node of the block
     * @param inOffsets {@code count() + 1} ascending offsets into {@code inSources}
     * @param inSources the sources of the in-edges
     * @param outDegrees the out-degree of each node of the block
     */
    public record Block(int nodes, int first, long[] inOffsets, int[] inSources, int[] outDegrees) {
        /**
         * Checks the block's shape: a node range inside the graph, offsets that ascend inside the sources,
         * sources that are nodes of the graph ({@code O(count() + in-edges)}).
         *
         * @throws IllegalArgumentException naming the field, the value and what was expected
         */
        public Block {
            if (nodes < 1) {
                throw new IllegalArgumentException("nodes must be >= 1, got " + nodes);
            }
            int count = outDegrees.length;
            if (first < 0 || first > nodes - count) {
                throw new IllegalArgumentException("the block's nodes [" + first + ", " + ((long) first + count)
                        + ") must lie in [0, " + nodes + ")");
            }
            if (inOffsets.length != count + 1) {
                throw new IllegalArgumentException("inOffsets must have count + 1 = " + (count + 1)
                        + " entries, got " + inOffsets.length);
            }
            if (inOffsets[0] < 0 || inOffsets[count] > inSources.length) {
                throw new IllegalArgumentException("inOffsets must lie in [0, inSources.length = " + inSources.length
                        + "], got " + inOffsets[0] + " to " + inOffsets[count]);
            }
            for (int v = 0; v < count; v++) {
                if (inOffsets[v] > inOffsets[v + 1]) {
                    throw new IllegalArgumentException("inOffsets must ascend, got " + inOffsets[v] + " then "
                            + inOffsets[v + 1] + " at " + v);
                }
                if (outDegrees[v] < 0) {
                    throw new IllegalArgumentException("outDegrees must be >= 0, got " + outDegrees[v] + " at " + v);
                }
            }
            for (int e = (int) inOffsets[0], end = (int) inOffsets[count]; e < end; e++) {
                if (inSources[e] < 0 || inSources[e] >= nodes) {
                    throw new IllegalArgumentException("inSources must be nodes in [0, " + nodes + "), got "
                            + inSources[e] + " at " + e);
                }
            }
        }

        /** The number of nodes of the block. */
        public int count() {
            return outDegrees.length;
        }

        /** The number of in-edges of the block's nodes. */
        public long inEdges() {
            return inOffsets[count()] - inOffsets[0];
        }
    }

    /**
     * One processor's share: nodes {@code [first, first + rank.length)}. Serializable so that a cluster run
     * returns it and a checkpoint saves it: the ranks and the totals travel, the share vector and the graph
     * block do not (a resumed run reattaches the block from its input and recomputes its block of shares from
     * the ranks, bit for bit; the others' blocks arrive in the next superstep's inbox).
     */
    public static final class State implements java.io.Serializable {
        private static final long serialVersionUID = 3L;
        final int first;
        final double[] rank;
        /** The part of the graph this processor reads (reattached from the input when a run resumes). */
        transient Block block;
        /** The whole share vector, as raw {@code double} bits; this processor writes its own block. */
        transient long[] shareBits;
        final int sourcesHeld;
        double dangling;
        double globalChange = Double.POSITIVE_INFINITY;
        double localChange = Double.POSITIVE_INFINITY;
        int iterations;

        State(Block block) {
            this.block = block;
            this.first = block.first();
            this.rank = new double[block.count()];
            this.shareBits = new long[block.nodes()];
            this.sourcesHeld = block.inSources().length;
            java.util.Arrays.fill(rank, 1.0 / block.nodes());
        }

        private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
            out.defaultWriteObject();
            out.writeInt(shareBits.length);
        }

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            int nodes = in.readInt();
            if (first < 0 || nodes < first + rank.length) {
                throw new java.io.InvalidObjectException("a share vector of " + nodes + " nodes does not hold nodes ["
                        + first + ", " + (first + rank.length) + ")");
            }
            shareBits = new long[nodes];     // this processor's block: recomputed by the program's restore step
        }

        /** The ranks of this processor's nodes, from {@link #first()}. */
        public double[] ranks() {
            return rank;
        }

        public int first() {
            return first;
        }

        /**
         * The length of the in-edge array this processor's block held: its own nodes' in-edges for a block of
         * {@link #blocks(Graph, int)} (on a cluster, what its worker received), every edge of the graph for the
         * graph-based program, whose processors share one transpose.
         */
        public int sourcesHeld() {
            return sourcesHeld;
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

    /** The processor whose block holds {@code node}: the {@code q} with {@code blockStart(q) <= node < blockStart(q + 1)}. */
    static int blockOf(int node, int nodes, int processors) {
        int q = (int) Math.min(processors - 1, (long) node * processors / nodes);
        while (blockStart(q, nodes, processors) > node) {
            q--;
        }
        while (q + 1 < processors && blockStart(q + 1, nodes, processors) <= node) {
            q++;
        }
        return q;
    }

    /** Hears the global L1 change of each iteration (called by processor 0, in the superstep that learns it). */
    @FunctionalInterface
    public interface ChangeListener {
        void changed(int superstep, double l1Change);
    }

    /**
     * The blocks of {@code graph} for a run at {@code processors} processors, one per processor in processor
     * order, each with its own arrays (what a cluster run ships: each worker receives only its processors'
     * blocks). Built in two passes over the out-edges, without a whole transpose; the in-edges of a node come
     * out in ascending source order, as {@link Graph#transpose()} lists them.
     *
     * @throws IllegalArgumentException if {@code processors < 1}
     */
    public static List<Block> blocks(Graph graph, int processors) {
        if (processors < 1) {
            throw new IllegalArgumentException("processors must be >= 1, got " + processors);
        }
        int n = graph.nodes();
        long[] offsets = graph.offsets();
        int[] targets = graph.targets();
        // cursor[v]: where v's next in-edge goes in its block's sources; first the in-degrees.
        long[] cursor = new long[n];
        for (int t : targets) {
            cursor[t]++;
        }
        int[][] sources = new int[processors][];
        long[][] inOffsets = new long[processors][];
        int[][] outDegrees = new int[processors][];
        for (int q = 0; q < processors; q++) {
            int first = blockStart(q, n, processors);
            int count = blockStart(q + 1, n, processors) - first;
            long[] in = new long[count + 1];
            int[] degrees = new int[count];
            for (int v = 0; v < count; v++) {
                long degree = cursor[first + v];
                cursor[first + v] = in[v];
                in[v + 1] = in[v] + degree;
                degrees[v] = graph.outDegree(first + v);
            }
            sources[q] = new int[Math.toIntExact(in[count])];
            inOffsets[q] = in;
            outDegrees[q] = degrees;
        }
        for (int u = 0; u < n; u++) {
            for (long e = offsets[u], end = offsets[u + 1]; e < end; e++) {
                int v = targets[(int) e];
                sources[blockOf(v, n, processors)][(int) cursor[v]++] = u;
            }
        }
        List<Block> blocks = new ArrayList<>(processors);
        for (int q = 0; q < processors; q++) {
            blocks.add(new Block(n, blockStart(q, n, processors), inOffsets[q], sources[q], outDegrees[q]));
        }
        return blocks;
    }

    /** Processor {@code pid}'s block over the shared transpose of the graph-based program. */
    static Block view(Graph graph, Graph transposed, int pid, int processors) {
        int n = graph.nodes();
        int first = blockStart(pid, n, processors);
        int end = blockStart(pid + 1, n, processors);
        int[] degrees = new int[end - first];
        for (int v = 0; v < degrees.length; v++) {
            degrees[v] = graph.outDegree(first + v);
        }
        return new Block(n, first, java.util.Arrays.copyOfRange(transposed.offsets(), first, end + 1),
                transposed.targets(), degrees);
    }

    /**
     * The PageRank program over blocks: its input is {@link #blocks(Graph, int)} at the run's processor count,
     * and each processor reads only its block.
     *
     * @throws IllegalArgumentException if {@code damping} or {@code tolerance} is out of range
     */
    public static BspProgram<Block, State, Totals> program(double damping, double tolerance) {
        return program(damping, tolerance, (superstep, change) -> { });
    }

    /**
     * The PageRank program over blocks, reporting each iteration's global L1 change to {@code listener}. A run
     * fails at its start, naming the processor, when its input is not one block per processor from
     * {@link #blocks(Graph, int)} at the run's processor count.
     *
     * @param damping the damping factor d, in [0, 1]
     * @param tolerance the run stops when the global L1 change falls below it; {@code >= 0} (0 never
     *     stops: the runtime's superstep limit ends the run)
     * @throws IllegalArgumentException if {@code damping} or {@code tolerance} is out of range
     */
    public static BspProgram<Block, State, Totals> program(double damping, double tolerance,
            ChangeListener listener) {
        return build(damping, tolerance, listener, (ctx, share) -> {
            if (share.size() != 1) {
                throw new IllegalArgumentException("PageRank's input must be one block per processor, from "
                        + "PageRank.blocks(graph, p) at the run's p = " + ctx.processors() + ": processor "
                        + ctx.pid() + " got " + share.size() + " blocks");
            }
            Block b = share.get(0);
            int first = blockStart(ctx.pid(), b.nodes(), ctx.processors());
            int end = blockStart(ctx.pid() + 1, b.nodes(), ctx.processors());
            if (b.first() != first || b.first() + b.count() != end) {
                throw new IllegalArgumentException("processor " + ctx.pid() + " of " + ctx.processors()
                        + " got the block of nodes [" + b.first() + ", " + (b.first() + b.count()) + ") of "
                        + b.nodes() + ", expected [" + first + ", " + end + "): the blocks must come from "
                        + "PageRank.blocks(graph, p) at the run's p");
            }
            return b;
        });
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
     * The PageRank program on a graph whose transpose is already built (to share it with other code); every
     * processor reads its rows of it, as the program over {@link #blocks(Graph, int)} reads its own block.
     *
     * @param transposed {@code graph.transpose()}
     * @throws IllegalArgumentException if {@code damping} or {@code tolerance} is out of range, or
     *     {@code transposed} does not have the nodes and edges of {@code graph}
     */
    public static BspProgram<Void, State, Totals> program(Graph graph, Graph transposed, double damping,
            double tolerance, ChangeListener listener) {
        checkDamping(damping);
        if (transposed.nodes() != graph.nodes() || transposed.edges() != graph.edges()) {
            throw new IllegalArgumentException("transposed must be the transpose of graph: it has "
                    + transposed.nodes() + " nodes and " + transposed.edges() + " edges, expected " + graph.nodes()
                    + " and " + graph.edges());
        }
        return build(damping, tolerance, listener,
                (ctx, none) -> view(graph, transposed, ctx.pid(), ctx.processors()));
    }

    /** Where a processor's block comes from: its share of the input, or the shared graph. */
    @FunctionalInterface
    private interface BlockOf<I> {
        Block of(BspContext<Totals> ctx, List<I> share);
    }

    /** The one PageRank program, whatever holds the graph: the steps below read only the processor's block. */
    private static <I> BspProgram<I, State, Totals> build(double damping, double tolerance, ChangeListener listener,
            BlockOf<I> blockOf) {
        checkDamping(damping);
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        java.util.Objects.requireNonNull(listener, "listener must not be null");
        return BspProgram.<I, State, Totals>builder("pagerank")
                .init((ctx, share) -> {
                    State s = new State(blockOf.of(ctx, share));
                    shares(s);
                    send(ctx, s);
                    return s;
                })
                // A checkpoint saves the ranks, not the part of the graph nor the shares computed from both.
                .restore((ctx, share, s) -> {
                    s.block = blockOf.of(ctx, share);
                    double dangling = s.dangling;
                    shares(s);
                    if (Double.doubleToRawLongBits(dangling) != Double.doubleToRawLongBits(s.dangling)) {
                        throw new IllegalStateException("processor " + ctx.pid() + " restored dangling mass "
                                + s.dangling + ", the checkpoint says " + dangling + ": not this run's graph");
                    }
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
                            int n = s.block.nodes();
                            for (int q = 0; q < ctx.processors(); q++) {
                                if (q != ctx.pid()) {
                                    ctx.longInbox().copyFrom(q, s.shareBits, blockStart(q, n, ctx.processors()));
                                }
                            }
                            pull(s, (1 - damping) / n + damping * dangling / n, damping);
                            shares(s);
                            return s;
                        })
                        .communicate(PageRank::send)
                        .until(s -> s.globalChange < tolerance))
                .build();
    }

    /** The new rank of each of this processor's nodes, summed over its in-edges, and the L1 change. */
    static void pull(State s, double base, double damping) {
        long[] offsets = s.block.inOffsets();
        int[] sources = s.block.inSources();
        long[] share = s.shareBits;
        double[] rank = s.rank;
        double local = 0;
        for (int v = 0; v < rank.length; v++) {
            double sum = 0;
            for (long e = offsets[v], end = offsets[v + 1]; e < end; e++) {
                sum += Double.longBitsToDouble(share[sources[(int) e]]);
            }
            double next = base + damping * sum;
            local += Math.abs(next - rank[v]);
            rank[v] = next;
        }
        s.localChange = local;
        s.iterations++;
    }

    /** This processor's block of the share vector, and its dangling mass. */
    static void shares(State s) {
        int[] degrees = s.block.outDegrees();
        double dangling = 0;
        for (int v = 0, u = s.first; v < s.rank.length; v++, u++) {
            int degree = degrees[v];
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
     * The program over blocks as a job, so that it runs on a cluster ({@code ttc pagerank --cluster}): run it
     * with the input {@link #blocks(Graph, int)} at the run's processor count, and each worker receives only its
     * processors' blocks (its nodes' in-edges and out-degrees); the ranks are the local run's to the bit.
     */
    public record Job(double damping, double tolerance) implements BspProgramJob<Block, State, Totals> {
        /** Checks the parameters as {@link PageRank#program(double, double)} does. */
        public Job {
            checkDamping(damping);
            if (!(tolerance >= 0)) {
                throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
            }
        }

        @Override
        public BspProgram<Block, State, Totals> program() {
            return PageRank.program(damping, tolerance);
        }
    }
}
