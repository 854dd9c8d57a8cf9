package io.ticktickclock;

import io.ticktickclock.internal.Checks;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * A reduction operation for the reducing collectives ({@link BspContext#allReduce(double, ReduceOp)},
 * {@code reduce}, {@code scan}, {@code exscan}, {@code reduceScatter}): the closed set of {@link Builtin}
 * operations, or a custom operation on {@code double}s ({@link OfDouble}), {@code long}s ({@link OfLong}) or
 * objects ({@link OfObject}).
 *
 * <p>Every operation says whether it is commutative and what its identity is, if it has one. All reductions
 * are applied in processor order ({@code v0 op v1 op … op vp-1}, left to right), whatever the operation, so
 * a non-commutative operation gives the MPI result and a floating-point reduction gives the same bits on
 * every processor and in every run with the same {@code p}.
 *
 * <pre>{@code
 * double total = ctx.allReduce(local, ReduceOp.SUM);
 * double[] maxima = ctx.allReduce(localVector, ReduceOp.MAX);          // element-wise
 * ReduceOp.OfObject<String> concat = ReduceOp.of("concat", String::concat, false, "");
 * String all = ctx.allReduce(Integer.toString(ctx.pid()), concat);    // "0123" at p = 4
 * }</pre>
 *
 * <p>Instances are immutable; custom operations must be side-effect free and thread-safe, since every
 * processor applies them. Processors that call one collective must pass equal operations ({@code equals}:
 * for a custom one, the same name, the same operator object, commutativity and identity); otherwise the run
 * fails with a mismatch, as for different collectives. Declare a custom operation once, as a constant,
 * and every processor passes the same one.
 */
public sealed interface ReduceOp permits ReduceOp.Builtin, ReduceOp.OfDouble, ReduceOp.OfLong, ReduceOp.OfObject {

    /** Sum; identity 0. */
    Builtin SUM = Builtin.SUM;
    /** Product; identity 1. */
    Builtin PRODUCT = Builtin.PRODUCT;
    /** Maximum; identity -∞ ({@code Long.MIN_VALUE} for longs). */
    Builtin MAX = Builtin.MAX;
    /** Minimum; identity +∞ ({@code Long.MAX_VALUE} for longs). */
    Builtin MIN = Builtin.MIN;
    /** The number of contributions (processors); identity 0. */
    Builtin COUNT = Builtin.COUNT;
    /**
     * The mean, computed from (sum, count) pairs, never as a mean of means. {@code double}s only. Its
     * identity is the pair (0, 0), the mean of nothing, which reads as {@code NaN}.
     */
    Builtin AVG = Builtin.AVG;

    /** The operation's name, used in error messages and statistics. */
    String name();

    /** Whether {@code a op b == b op a} for all values. */
    boolean commutative();

    /**
     * Whether the operation has an identity (needed by {@code exscan}, which gives it to processor 0). Every
     * built-in operation has one.
     */
    boolean hasIdentity();

    /** The built-in operations: commutative, defined for {@code double}, {@code long} and {@code int}. */
    enum Builtin implements ReduceOp {
        SUM, PRODUCT, MAX, MIN, COUNT, AVG;

        @Override
        public boolean commutative() {
            return true;
        }

        @Override
        public boolean hasIdentity() {
            return true;
        }
    }

    /**
     * A custom operation on {@code double}s.
     *
     * @param name its name
     * @param operator the operation
     * @param commutative whether it is commutative
     * @param identity its identity, or {@code Double.NaN} if it has none (then {@code hasIdentity} is false)
     */
    record OfDouble(String name, DoubleBinaryOperator operator, boolean commutative, double identity)
            implements ReduceOp {
        public OfDouble {
            Checks.notNull("name", name);
            Checks.notNull("operator", operator);
        }

        @Override
        public boolean hasIdentity() {
            return !Double.isNaN(identity);
        }
    }

    /**
     * A custom operation on {@code long}s.
     *
     * @param name its name
     * @param operator the operation
     * @param commutative whether it is commutative
     * @param hasIdentity whether {@code identity} is one
     * @param identity its identity (ignored without one)
     */
    record OfLong(String name, LongBinaryOperator operator, boolean commutative, boolean hasIdentity, long identity)
            implements ReduceOp {
        public OfLong {
            Checks.notNull("name", name);
            Checks.notNull("operator", operator);
        }
    }

    /**
     * A custom operation on objects, such as a 2x2 matrix product or string concatenation.
     *
     * @param name its name
     * @param operator the operation; it must not return null
     * @param commutative whether it is commutative
     * @param identity its identity, or null if it has none
     * @param <T> the value type
     */
    record OfObject<T>(String name, BinaryOperator<T> operator, boolean commutative, T identity)
            implements ReduceOp {
        public OfObject {
            Checks.notNull("name", name);
            Checks.notNull("operator", operator);
        }

        @Override
        public boolean hasIdentity() {
            return identity != null;
        }
    }

    /** A custom {@code double} operation. */
    static OfDouble ofDouble(String name, DoubleBinaryOperator operator, boolean commutative, double identity) {
        return new OfDouble(name, operator, commutative, identity);
    }

    /** A custom {@code long} operation without identity. */
    static OfLong ofLong(String name, LongBinaryOperator operator, boolean commutative) {
        return new OfLong(name, operator, commutative, false, 0);
    }

    /** A custom {@code long} operation with an identity. */
    static OfLong ofLong(String name, LongBinaryOperator operator, boolean commutative, long identity) {
        return new OfLong(name, operator, commutative, true, identity);
    }

    /** A custom object operation; {@code identity} may be null if it has none. */
    static <T> OfObject<T> of(String name, BinaryOperator<T> operator, boolean commutative, T identity) {
        return new OfObject<>(name, operator, commutative, identity);
    }
}
