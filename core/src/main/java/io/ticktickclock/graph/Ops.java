package io.ticktickclock.graph;

import io.ticktickclock.ReduceOp;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/** The {@link ReduceOp}s that combiners and aggregators accept, as operators and identities. */
final class Ops {
    private Ops() {}

    private static IllegalArgumentException unsupported(String argument, ReduceOp op, String type) {
        return new IllegalArgumentException(argument + " must be SUM, PRODUCT, MIN, MAX or a custom operation on "
                + type + " with an identity, got " + op.name() + " (" + op.getClass().getSimpleName() + ")");
    }

    static DoubleBinaryOperator doubles(String argument, ReduceOp op) {
        return switch (op) {
            case ReduceOp.Builtin b -> switch (b) {
                case SUM -> Double::sum;
                case PRODUCT -> (x, y) -> x * y;
                case MIN -> Math::min;
                case MAX -> Math::max;
                case COUNT, AVG -> throw unsupported(argument, op, "doubles");
            };
            case ReduceOp.OfDouble d when d.hasIdentity() -> d.operator();
            default -> throw unsupported(argument, op, "doubles");
        };
    }

    static double doubleIdentity(ReduceOp op) {
        return switch (op) {
            case ReduceOp.Builtin b -> switch (b) {
                case PRODUCT -> 1;
                case MIN -> Double.POSITIVE_INFINITY;
                case MAX -> Double.NEGATIVE_INFINITY;
                default -> 0;
            };
            case ReduceOp.OfDouble d -> d.identity();
            default -> throw new AssertionError(op);
        };
    }

    static LongBinaryOperator longs(String argument, ReduceOp op) {
        return switch (op) {
            case ReduceOp.Builtin b -> switch (b) {
                case SUM -> Long::sum;
                case PRODUCT -> (x, y) -> x * y;
                case MIN -> Math::min;
                case MAX -> Math::max;
                case COUNT, AVG -> throw unsupported(argument, op, "longs");
            };
            case ReduceOp.OfLong l when l.hasIdentity() -> l.operator();
            default -> throw unsupported(argument, op, "longs");
        };
    }

    static long longIdentity(ReduceOp op) {
        return switch (op) {
            case ReduceOp.Builtin b -> switch (b) {
                case PRODUCT -> 1;
                case MIN -> Long.MAX_VALUE;
                case MAX -> Long.MIN_VALUE;
                default -> 0;
            };
            case ReduceOp.OfLong l -> l.identity();
            default -> throw new AssertionError(op);
        };
    }
}
