package io.ticktickclock.cluster.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Encodes a job's parameters and results with Java serialization, and decodes them under an allow-list: classes of
 * the job itself, enums, and JDK value types. Any other class in the stream fails the decoding before an instance of
 * it exists, so a crafted stream cannot reach a gadget chain.
 */
public final class ObjectCodec {
    private static final byte[] NULL = new byte[0];

    /** JDK classes a job's values may contain: immutable values and the plain collections. */
    static final Set<String> JDK_VALUE_TYPES = Set.of(
            "java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Character", "java.lang.Short",
            "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Number",
            "java.lang.Enum", "java.lang.Object" /* as an array element type: Object is not Serializable */,
            "java.math.BigInteger", "java.math.BigDecimal",
            "java.util.UUID", "java.util.BitSet", "java.util.Map$Entry" /* array type HashMap checks */,
            "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque", "java.util.HashMap",
            "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet",
            "java.util.TreeSet", "java.util.Arrays$ArrayList", "java.util.CollSer",
            "java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$ListN",
            "java.util.ImmutableCollections$Set12", "java.util.ImmutableCollections$SetN",
            "java.util.ImmutableCollections$Map1", "java.util.ImmutableCollections$MapN",
            "java.util.Collections$EmptyList", "java.util.Collections$EmptySet", "java.util.Collections$EmptyMap",
            "java.util.Collections$SingletonList", "java.util.Collections$SingletonSet",
            "java.util.Collections$SingletonMap", "java.util.Collections$UnmodifiableCollection",
            "java.util.Collections$UnmodifiableList", "java.util.Collections$UnmodifiableRandomAccessList",
            "java.util.Collections$UnmodifiableSet", "java.util.Collections$UnmodifiableMap",
            "java.time.Ser", "java.time.Duration", "java.time.Instant", "java.time.LocalDate",
            "java.time.LocalDateTime", "java.time.LocalTime", "java.time.ZoneOffset");

    private ObjectCodec() {
    }

    /**
     * Encodes {@code value} (null allowed).
     *
     * @throws IllegalArgumentException if it is not serializable, naming the class
     */
    public static byte[] encode(Object value) {
        if (value == null) {
            return NULL;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("a " + value.getClass().getName() + " cannot cross JVMs: "
                    + e.getMessage() + " is not Serializable (use records, enums, strings, primitives, arrays and"
                    + " collections of these)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode a " + value.getClass().getName() + ": " + e, e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes what {@link #encode} wrote, resolving classes with {@code loader}.
     *
     * @param jobClass which classes belong to the job (allowed besides enums and {@link #JDK_VALUE_TYPES})
     * @throws IllegalArgumentException if the bytes are malformed or name a class outside the allow-list
     */
    public static Object decode(byte[] bytes, ClassLoader loader, Predicate<Class<?>> jobClass) {
        if (bytes.length == 0) {
            return null;
        }
        String[] rejected = {"class beyond the limits"};
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc);
                }
            }
        }) {
            in.setObjectInputFilter(filter(jobClass, rejected));
            return in.readObject();
        } catch (InvalidClassException e) {
            throw new IllegalArgumentException("refused to decode a " + rejected[0] + ": only the job's classes,"
                    + " enums and JDK value types may cross JVMs", e);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new IllegalArgumentException("cannot decode " + bytes.length + " bytes: " + e, e);
        }
    }

    static ObjectInputFilter filter(Predicate<Class<?>> jobClass, String[] rejected) {
        return info -> {
            if (info.depth() > 100 || info.references() > 50_000_000L) {
                return ObjectInputFilter.Status.REJECTED;
            }
            Class<?> c = info.serialClass();
            if (c == null) {
                return ObjectInputFilter.Status.ALLOWED;
            }
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (c.isPrimitive() || c.isEnum() || JDK_VALUE_TYPES.contains(c.getName()) || jobClass.test(c)) {
                return ObjectInputFilter.Status.ALLOWED;
            }
            rejected[0] = info.serialClass().getName();
            return ObjectInputFilter.Status.REJECTED;
        };
    }
}
