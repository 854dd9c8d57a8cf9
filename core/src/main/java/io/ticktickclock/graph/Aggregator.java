package io.ticktickclock.graph;

import io.ticktickclock.ReduceOp;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * A global value of a vertex program (Pregel's aggregator): vertices {@linkplain Vertex#aggregate contribute}
 * to it in superstep {@code s}, and every vertex {@linkplain Vertex#aggregated reads} the reduction in
 * superstep {@code s + 1}, as does the {@link Master} between the two. Created by the program's builder
 * ({@link VertexProgram.Builder#doubleAggregator}, {@link VertexProgram.Builder#longAggregator}) and used as
 * a handle; immutable.
 *
 * <p>The reduction is deterministic: each processor folds its vertices' contributions in local-index
 * (ascending id) order, starting from the identity, and the processors' partial values are folded in
 * processor order, so a run gives the same bits on every processor and in every run with the same
 * processor count and partitioner. Operations: {@link ReduceOp#SUM}, {@link ReduceOp#PRODUCT},
 * {@link ReduceOp#MIN}, {@link ReduceOp#MAX}, or a custom {@link ReduceOp.OfDouble} / {@link ReduceOp.OfLong}
 * with an identity. Each superstep starts from the identity: values do not carry over unless the master
 * step sets them.
 */
public sealed interface Aggregator permits Aggregator.OfDouble, Aggregator.OfLong {

    /** The aggregator's name, unique within its program. */
    String name();

    /** The reduction. */
    ReduceOp op();

    /** An aggregator of {@code double}s. */
    final class OfDouble extends AggregatorHandle implements Aggregator {
        final DoubleBinaryOperator operator;
        final double identity;

        OfDouble(Object program, int slot, String name, ReduceOp op) {
            super(program, slot, name, op);
            this.operator = Ops.doubles("op", op);
            this.identity = Ops.doubleIdentity(op);
        }
    }

    /** An aggregator of {@code long}s. */
    final class OfLong extends AggregatorHandle implements Aggregator {
        final LongBinaryOperator operator;
        final long identity;

        OfLong(Object program, int slot, String name, ReduceOp op) {
            super(program, slot, name, op);
            this.operator = Ops.longs("op", op);
            this.identity = Ops.longIdentity(op);
        }
    }
}
