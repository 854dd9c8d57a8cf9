package io.ticktickclock.graph;

import io.ticktickclock.BspRuntime;
import io.ticktickclock.ReduceOp;

/**
 * PageRank (Page, Brin, Motwani and Winograd, "The PageRank citation ranking", 1999) as a vertex program,
 * the Pregel paper's first example (Malewicz et al., SIGMOD 2010, section 5.1) with two additions that make
 * the ranks a probability distribution: the rank of dangling vertices (no out-edges) is spread uniformly,
 * and the run stops on an L1 tolerance.
 *
 * <p>Every rank starts at {@code 1/N}. In each superstep {@code s >= 1} a vertex sets its rank to
 * {@code (1 - d)/N + d · (Σ shares received + D/N)}, where a share is a neighbour's rank divided by its
 * out-degree (messages combined with {@code SUM} at the sender) and {@code D} the previous ranks of the
 * dangling vertices (a {@code SUM} aggregator). A second aggregator sums {@code |new - old|}: once the L1
 * change of an iteration is below the tolerance, the vertices compute one more iteration and halt. These are
 * the semantics of the pull PageRank of the examples ({@code io.ticktickclock.examples.PageRank}), which this
 * program agrees with to rounding.
 *
 * <h2>Performance</h2>
 * One superstep per iteration, each with {@code O((n + m)/p)} work per processor and at most one message per
 * (processor, target) pair thanks to combining; the aggregators ride on the superstep's single all-gather.
 */
public final class PageRank {
    private PageRank() {}

    /**
     * The program.
     *
     * @param damping the damping factor d, in [0, 1]
     * @param tolerance stop once an iteration's L1 change is below it (after one more iteration); {@code >= 0}
     * @param maxIterations the most iterations, at least 1
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static VertexProgram<DoubleVertex, DoubleMessages> program(double damping, double tolerance,
            int maxIterations) {
        if (!(damping >= 0 && damping <= 1)) {
            throw new IllegalArgumentException("damping must be in [0, 1], got " + damping);
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
        }
        var program = VertexProgram.ofDoubles("pagerank");
        Aggregator.OfDouble dangling = program.doubleAggregator("dangling", ReduceOp.SUM);
        Aggregator.OfDouble change = program.doubleAggregator("change", ReduceOp.SUM);
        return program
                .init(v -> v.setValue(1.0 / v.graphVertexCount()))
                .combiner(ReduceOp.SUM)
                .maxSupersteps(maxIterations == Integer.MAX_VALUE ? maxIterations : maxIterations + 1)
                .compute((v, shares) -> {
                    double n = v.graphVertexCount();
                    if (v.superstep() > 0) {
                        double next = (1 - damping) / n + damping * (shares.sum() + v.aggregated(dangling) / n);
                        v.aggregate(change, Math.abs(next - v.value()));
                        v.setValue(next);
                        if (v.superstep() > 1 && v.aggregated(change) < tolerance) {
                            v.voteToHalt();
                            return;
                        }
                    }
                    if (v.edgeCount() == 0) {
                        v.aggregate(dangling, v.value());
                    } else {
                        v.sendToAllNeighbors(v.value() / v.edgeCount());
                    }
                })
                .build();
    }

    /** The program without an iteration limit; see {@link #program(double, double, int)}. */
    public static VertexProgram<DoubleVertex, DoubleMessages> program(double damping, double tolerance) {
        return program(damping, tolerance, Integer.MAX_VALUE);
    }

    /**
     * Loads {@code edges} as a directed graph and ranks its vertices.
     *
     * @return the rank of every vertex ({@link VertexResult#doubleValue}); they sum to 1 up to rounding
     * @throws io.ticktickclock.BspException if loading failed, with the cause
     */
    public static VertexResult run(BspRuntime runtime, EdgeSource edges, VertexPartitioner partitioner,
            double damping, double tolerance) {
        return PartitionedGraph.load(runtime, edges, partitioner, GraphPartition.Direction.DIRECTED)
                .run(program(damping, tolerance));
    }
}
