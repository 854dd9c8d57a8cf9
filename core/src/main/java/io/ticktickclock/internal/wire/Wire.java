package io.ticktickclock.internal.wire;

import java.io.Serializable;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The wire format of TickTickClock: how states and messages cross a JVM boundary (the cluster runtime's
 * batches) and reach the disk (checkpoints). A {@link WireWriter} encodes values into a growable byte buffer;
 * a {@link WireReader} decodes them, refusing anything it was not told to accept.
 *
 * <pre>{@code
 * byte[] bytes = Wire.encode(new Rank(7, 0.25));
 * Wire.Options options = Wire.Options.defaults(Wire.ClassPolicy.loadedBy(jobLoader), jobLoader);
 * Rank r = (Rank) Wire.decode(bytes, options);
 * }</pre>
 *
 * <h2>What may cross JVMs</h2>
 * A value is encodable if it is one of the following, nested to any depth up to {@link Limits#maxDepth()}:
 * <ul>
 *   <li>{@code null}, the eight primitive wrappers, {@link String}, {@link BigInteger}, {@link BigDecimal},
 *       {@link UUID}, {@link Instant}, {@link Duration};
 *   <li>arrays of primitives (copied in bulk, in the writer's native byte order) and arrays of encodable
 *       values (the component type travels with the array);
 *   <li>a {@link List}, {@link Set} or {@link Map} of encodable values, in iteration order; it is decoded as an
 *       {@link ArrayList}, {@link LinkedHashSet} or {@link LinkedHashMap} with the same order (so a record
 *       component declared as {@code TreeMap} is refused; declare it as {@code Map});
 *   <li>an {@link Optional} of an encodable value;
 *   <li>a record whose components are encodable: written component by component, decoded through its
 *       canonical constructor (so the constructor's checks run again on the receiving side);
 *   <li>an enum constant (by name);
 *   <li>any other {@link Serializable} object, through Java serialization with an
 *       {@link java.io.ObjectInputFilter} that admits only the allowed classes below.
 * </ul>
 * The object graph is written as a tree: a value referenced twice is written (and decoded) twice, and a
 * cycle fails the encoding when it passes the depth limit. Nothing else is encodable: lambdas, threads,
 * streams, and classes that are neither records, enums nor {@code Serializable} are refused with a
 * {@link WireException} naming the class.
 *
 * <h2>What a reader instantiates</h2>
 * Decoding never instantiates a class outside an allow-list: the JDK value types above (and, inside Java
 * serialization, the JDK collections {@code ArrayList}, {@code HashMap}, {@code LinkedHashMap},
 * {@code HashSet}, {@code LinkedHashSet}, {@code TreeMap}, {@code TreeSet}, {@code ArrayDeque},
 * {@code LinkedList}, the immutable {@code List.of}/{@code Set.of}/{@code Map.of} forms and
 * {@code java.time} values), plus the classes the caller's {@link ClassPolicy} accepts, typically "loaded by
 * this job's class loader". A class name is resolved without initializing the class, and checked before
 * anything is constructed, so a gadget class that is on the class path but not allowed never runs a line.
 *
 * <h2>Limits</h2>
 * Every length is checked against the bytes that remain before anything is allocated, and {@link Limits}
 * bounds the nesting depth, the length of any array or collection and the total input size. Malformed,
 * truncated or oversized input raises a {@link WireException} that names what was wrong and the byte offset;
 * never an {@link OutOfMemoryError}, never a hang.
 *
 * <p>This class is stateless and thread-safe; writers and readers are confined to one thread each.
 */
public final class Wire {

    private Wire() {}

    /** Format version, written in every stream's header. */
    public static final int VERSION = 1;

    /**
     * Which classes a reader may instantiate besides the JDK value types: records, enums, array component
     * types and {@code Serializable} classes named in the input are checked against it before they are
     * constructed. Must be thread-safe.
     */
    @FunctionalInterface
    public interface ClassPolicy {
        /** Whether the reader may instantiate (or create arrays of) {@code type}. */
        boolean accepts(Class<?> type);

        /** Accepts only the JDK value types. */
        static ClassPolicy jdkOnly() {
            return type -> false;
        }

        /** Accepts the classes defined by {@code loader} itself (a job's class loader), not by its parents. */
        static ClassPolicy loadedBy(ClassLoader loader) {
            Objects.requireNonNull(loader, "loader must not be null");
            return type -> type.getClassLoader() == loader;
        }

        /** Accepts exactly the given classes. */
        static ClassPolicy of(Class<?>... types) {
            Set<Class<?>> set = Set.of(types);
            return set::contains;
        }

        /** Accepts the classes this policy or {@code other} accepts. */
        default ClassPolicy or(ClassPolicy other) {
            Objects.requireNonNull(other, "other must not be null");
            return type -> accepts(type) || other.accepts(type);
        }
    }

    /**
     * Bounds on what a reader accepts.
     *
     * @param maxDepth the deepest nesting of values (a top-level value has depth 1)
     * @param maxLength the longest array, string, collection or map (in elements)
     * @param maxBytes the largest input, in bytes
     */
    public record Limits(int maxDepth, int maxLength, long maxBytes) {
        /** Defaults: depth 256, arrays of up to {@code Integer.MAX_VALUE - 8} elements, inputs up to 2 GiB. */
        public static final Limits DEFAULT = new Limits(256, Integer.MAX_VALUE - 8, Integer.MAX_VALUE);

        /** Checks that every bound is positive. */
        public Limits {
            if (maxDepth < 1 || maxLength < 0 || maxBytes < 1) {
                throw new IllegalArgumentException("limits must be positive, got maxDepth=" + maxDepth
                        + ", maxLength=" + maxLength + ", maxBytes=" + maxBytes);
            }
        }
    }

    /**
     * How a reader resolves and admits classes.
     *
     * @param policy the classes it may instantiate besides the JDK value types
     * @param loader where class names are resolved (without initializing the class)
     * @param limits the bounds it enforces
     */
    public record Options(ClassPolicy policy, ClassLoader loader, Limits limits) {
        /** Checks that nothing is null. */
        public Options {
            Objects.requireNonNull(policy, "policy must not be null");
            Objects.requireNonNull(loader, "loader must not be null");
            Objects.requireNonNull(limits, "limits must not be null");
        }

        /** {@code policy} and {@code loader} with the {@linkplain Limits#DEFAULT default limits}. */
        public static Options defaults(ClassPolicy policy, ClassLoader loader) {
            return new Options(policy, loader, Limits.DEFAULT);
        }

        /** These options with other limits. */
        public Options withLimits(Limits limits) {
            return new Options(policy, loader, limits);
        }
    }

    /** Encodes {@code value} into a new byte array (a header and the value). */
    public static byte[] encode(Object value) {
        return new WireWriter().writeObject(value).toByteArray();
    }

    /**
     * Decodes the one value {@code bytes} hold.
     *
     * @throws WireException if the bytes are malformed, truncated, over a limit, name a class the options do
     *     not allow, or hold more than one value
     */
    public static Object decode(byte[] bytes, Options options) {
        WireReader r = new WireReader(bytes, 0, bytes.length, options);
        Object value = r.readObject();
        r.requireEnd();
        return value;
    }

    /**
     * Checks that {@code value} can be encoded, by encoding it through a small buffer whose bytes are
     * discarded.
     *
     * @return the length of its encoding, header included
     * @throws WireException naming the first part of {@code value} that cannot be encoded
     */
    public static long check(Object value) {
        return new WireWriter(64 << 10, (bytes, offset, length) -> { }).writeObject(value).finish();
    }

    /**
     * Checks, from its type alone, that values of {@code type} can be encoded, so that a run can fail at
     * its start rather than at its first message or checkpoint. Records are checked component by component
     * (with their generic element types), sealed interfaces through their permitted subclasses. A type that
     * cannot be decided statically ({@code Object}, a non-sealed interface or abstract class) passes: its
     * values are checked when they are written.
     *
     * @throws WireException naming the type (and the path to it) that cannot be encoded
     */
    public static void requireEncodable(Class<?> type) {
        Objects.requireNonNull(type, "type must not be null");
        requireEncodable(type, type.getName(), new HashSet<>());
    }

    private static void requireEncodable(Type type, String path, Set<Type> seen) {
        if (!seen.add(type)) {
            return;
        }
        switch (type) {
            case Class<?> c -> requireClass(c, path, seen);
            case ParameterizedType p -> {
                Class<?> raw = (Class<?>) p.getRawType();
                requireClass(raw, path, seen);
                if (List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)
                        || Map.class.isAssignableFrom(raw) || raw == Optional.class) {
                    Type[] args = p.getActualTypeArguments();
                    for (int i = 0; i < args.length; i++) {
                        requireEncodable(args[i], path + "<" + i + ">", seen);
                    }
                }
            }
            case GenericArrayType g -> requireEncodable(g.getGenericComponentType(), path + "[]", seen);
            case WildcardType w -> {
                for (Type upper : w.getUpperBounds()) {
                    requireEncodable(upper, path, seen);
                }
            }
            default -> { } // a type variable: decided per value
        }
    }

    private static void requireClass(Class<?> c, String path, Set<Type> seen) {
        if (c.isPrimitive() || isValueType(c) || c.isEnum() || c == Optional.class) {
            return;
        }
        if (c.isArray()) {
            requireEncodable(c.getComponentType(), path + "[]", seen);
            return;
        }
        if (List.class.isAssignableFrom(c) || Set.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c)) {
            return; // the element types are checked through the generic type, when there is one
        }
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                String at = path + "." + rc.getName();
                Class<?> declared = rc.getType();
                Class<?> decodedAs = decodedCollectionType(declared);
                if (decodedAs != null && !declared.isAssignableFrom(decodedAs)) {
                    throw new WireException(at + " is declared as " + declared.getName() + ", but it would be "
                            + "decoded as a " + decodedAs.getName() + ": declare it as "
                            + (Map.class.isAssignableFrom(declared) ? "Map" : Set.class.isAssignableFrom(declared)
                                    ? "Set" : "List"));
                }
                requireEncodable(rc.getGenericType(), at, seen);
            }
            return;
        }
        if (c.isSealed()) {
            for (Class<?> sub : c.getPermittedSubclasses()) {
                requireEncodable(sub, path + " > " + sub.getName(), seen);
            }
            return;
        }
        if (c == Object.class || c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
            return;
        }
        if (Serializable.class.isAssignableFrom(c)) {
            return;
        }
        throw new WireException(path + " is of type " + c.getName() + ", which cannot cross JVMs: make it a "
                + "record, an enum or Serializable (see io.ticktickclock.internal.wire.Wire)");
    }

    /** What a List, Set or Map component is decoded as, or null for other types. */
    private static Class<?> decodedCollectionType(Class<?> declared) {
        if (Map.class.isAssignableFrom(declared)) {
            return LinkedHashMap.class;
        }
        if (Set.class.isAssignableFrom(declared)) {
            return LinkedHashSet.class;
        }
        if (List.class.isAssignableFrom(declared)) {
            return ArrayList.class;
        }
        return null;
    }

    /** The JDK value types the format writes natively. */
    static boolean isValueType(Class<?> c) {
        return c == String.class || c == Integer.class || c == Long.class || c == Double.class
                || c == Boolean.class || c == Byte.class || c == Short.class || c == Float.class
                || c == Character.class || c == BigInteger.class || c == BigDecimal.class || c == UUID.class
                || c == Instant.class || c == Duration.class;
    }

    /** Types a reader may name (as an array component) without the caller's policy. */
    static boolean isJdkAllowed(Class<?> c) {
        return isValueType(c) || c == Object.class || c == Number.class || c == CharSequence.class
                || c == Comparable.class || c == List.class || c == Set.class || c == Map.class
                || c == java.util.Collection.class || c == Optional.class || c == Serializable.class
                || c == Record.class || c == Enum.class;
    }

    // Tags: one byte before every value.
    static final byte NULL = 0;
    static final byte TRUE = 1;
    static final byte FALSE = 2;
    static final byte BYTE = 3;
    static final byte SHORT = 4;
    static final byte INT = 5;
    static final byte LONG = 6;
    static final byte FLOAT = 7;
    static final byte DOUBLE = 8;
    static final byte CHAR = 9;
    static final byte STRING = 10;
    static final byte BIG_INTEGER = 11;
    static final byte BIG_DECIMAL = 12;
    static final byte UUID_TAG = 13;
    static final byte INSTANT = 14;
    static final byte DURATION = 15;
    static final byte BOOLEANS = 20;
    static final byte BYTES = 21;
    static final byte SHORTS = 22;
    static final byte INTS = 23;
    static final byte LONGS = 24;
    static final byte FLOATS = 25;
    static final byte DOUBLES = 26;
    static final byte CHARS = 27;
    static final byte OBJECTS = 28;
    static final byte LIST = 30;
    static final byte SET = 31;
    static final byte MAP = 32;
    static final byte OPTIONAL = 33;
    static final byte RECORD = 34;
    static final byte ENUM = 35;
    static final byte SERIALIZED = 36;

    /** The stream header: magic "TW", the version, the byte order (0 little-endian, 1 big-endian). */
    static final byte MAGIC0 = 'T';
    static final byte MAGIC1 = 'W';
    static final int HEADER = 4;
}
