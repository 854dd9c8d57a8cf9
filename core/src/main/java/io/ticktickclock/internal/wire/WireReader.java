package io.ticktickclock.internal.wire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Decodes values in the {@linkplain Wire wire format}, one after the other, admitting only the classes its
 * {@link Wire.Options} allow and staying within their {@link Wire.Limits}. Every failure is a
 * {@link WireException} naming what was wrong and at which byte offset of the input.
 *
 * <p>Not thread-safe. The input must not change while it is read.
 */
public final class WireReader {

    /** JDK classes Java serialization may instantiate besides {@link Wire#isJdkAllowed}'s. */
    private static final Set<String> JDK_SERIAL = Set.of(
            "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
            "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeMap", "java.util.TreeSet",
            "java.util.ArrayDeque", "java.util.CollSer", "java.util.Arrays$ArrayList",
            "java.util.Collections$EmptyList", "java.util.Collections$EmptySet", "java.util.Collections$EmptyMap",
            "java.util.Collections$SingletonList", "java.util.Collections$SingletonSet",
            "java.util.Collections$SingletonMap", "java.time.Ser", "java.lang.Enum", "java.lang.Number");

    private final ByteBuffer src;
    private final Wire.Options options;
    private final Wire.Limits limits;
    private final int end;
    private int pos;
    private final List<Class<?>> classes = new ArrayList<>();

    /**
     * A reader of {@code bytes[offset, offset + length)}, which must start with a stream header.
     *
     * @throws WireException if the header is missing or wrong, or the input is over the size limit
     */
    public WireReader(byte[] bytes, int offset, int length, Wire.Options options) {
        this(ByteBuffer.wrap(bytes, offset, length).slice(), options);
    }

    /**
     * A reader of the bytes between {@code buffer}'s position and limit (the buffer itself is not moved),
     * which must start with a stream header.
     *
     * @throws WireException if the header is missing or wrong, or the input is over the size limit
     */
    public WireReader(ByteBuffer buffer, Wire.Options options) {
        this.options = Objects.requireNonNull(options, "options must not be null");
        this.limits = options.limits();
        this.src = buffer.slice();
        this.end = src.limit();
        if (end > limits.maxBytes()) {
            throw new WireException("input of " + end + " bytes is over the limit of " + limits.maxBytes()
                    + " bytes", 0, null);
        }
        need(Wire.HEADER, "the stream header");
        if (src.get(0) != Wire.MAGIC0 || src.get(1) != Wire.MAGIC1) {
            throw new WireException("not TickTickClock wire data: the stream does not start with \"TW\"", 0, null);
        }
        if (src.get(2) != Wire.VERSION) {
            throw new WireException("unsupported wire format version " + src.get(2) + " (this reader knows "
                    + Wire.VERSION + ")", 2, null);
        }
        switch (src.get(3)) {
            case 0 -> src.order(ByteOrder.LITTLE_ENDIAN);
            case 1 -> src.order(ByteOrder.BIG_ENDIAN);
            default -> throw new WireException("invalid byte order " + src.get(3) + " in the header", 3, null);
        }
        pos = Wire.HEADER;
    }

    /** The offset of the next byte to read, from the start of the input. */
    public int position() {
        return pos;
    }

    /** Whether bytes remain after the values read so far. */
    public boolean hasMore() {
        return pos < end;
    }

    /**
     * Checks that every byte was read.
     *
     * @throws WireException if bytes remain
     */
    public void requireEnd() {
        if (pos != end) {
            throw new WireException((end - pos) + " bytes remain after the last value", pos, null);
        }
    }

    /**
     * Reads the next value.
     *
     * @throws WireException if the input is malformed, truncated, over a limit, or names a class the options
     *     do not allow
     */
    public Object readObject() {
        int start = pos;
        try {
            return read(1);
        } catch (WireException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new WireException("malformed input: " + e, start, e);
        }
    }

    /**
     * Reads the next value and checks its type.
     *
     * @throws WireException as {@link #readObject()}, or if the value is neither null nor a {@code type}
     */
    public <T> T readObject(Class<T> type) {
        int start = pos;
        Object v = readObject();
        if (v != null && !type.isInstance(v)) {
            throw new WireException("expected a " + type.getName() + ", the input holds a " + v.getClass().getName(),
                    start, null);
        }
        return type.cast(v);
    }

    private Object read(int depth) {
        int at = pos;
        if (depth > limits.maxDepth()) {
            throw new WireException("values nest deeper than the limit of " + limits.maxDepth(), at, null);
        }
        need(1, "a value's tag");
        byte tag = src.get(pos++);
        return switch (tag) {
            case Wire.NULL -> null;
            case Wire.TRUE -> Boolean.TRUE;
            case Wire.FALSE -> Boolean.FALSE;
            case Wire.BYTE -> getByte("a byte");
            case Wire.SHORT -> {
                need(2, "a short");
                short v = src.getShort(pos);
                pos += 2;
                yield v;
            }
            case Wire.INT -> getInt("an int");
            case Wire.LONG -> getLong("a long");
            case Wire.FLOAT -> Float.intBitsToFloat(getInt("a float"));
            case Wire.DOUBLE -> Double.longBitsToDouble(getLong("a double"));
            case Wire.CHAR -> {
                need(2, "a char");
                char v = src.getChar(pos);
                pos += 2;
                yield v;
            }
            case Wire.STRING -> getString();
            case Wire.BIG_INTEGER -> {
                byte[] b = getBytes("a BigInteger");
                if (b.length == 0) {
                    throw new WireException("a BigInteger with no bytes", at, null);
                }
                yield new BigInteger(b);
            }
            case Wire.BIG_DECIMAL -> {
                int scale = getInt("a BigDecimal's scale");
                byte[] b = getBytes("a BigDecimal");
                if (b.length == 0) {
                    throw new WireException("a BigDecimal with no bytes", at, null);
                }
                yield new BigDecimal(new BigInteger(b), scale);
            }
            case Wire.UUID_TAG -> new UUID(getLong("a UUID"), getLong("a UUID"));
            case Wire.INSTANT -> {
                long seconds = getLong("an Instant");
                int nanos = getInt("an Instant");
                try {
                    yield Instant.ofEpochSecond(seconds, nanos);
                } catch (RuntimeException e) {
                    throw new WireException("invalid Instant: " + e.getMessage(), at, e);
                }
            }
            case Wire.DURATION -> Duration.ofSeconds(getLong("a Duration"), getInt("a Duration"));
            case Wire.BOOLEANS -> {
                int n = length(1, "boolean[]");
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    byte b = src.get(pos + i);
                    if (b != 0 && b != 1) {
                        throw new WireException("invalid boolean " + b + " in a boolean[]", pos + i, null);
                    }
                    a[i] = b == 1;
                }
                pos += n;
                yield a;
            }
            case Wire.BYTES -> getBytesAfterTag("byte[]");
            case Wire.SHORTS -> {
                short[] a = new short[length(2, "short[]")];
                src.position(pos).asShortBuffer().get(a);
                pos += 2 * a.length;
                yield a;
            }
            case Wire.INTS -> {
                int[] a = new int[length(4, "int[]")];
                src.position(pos).asIntBuffer().get(a);
                pos += 4 * a.length;
                yield a;
            }
            case Wire.LONGS -> {
                long[] a = new long[length(8, "long[]")];
                src.position(pos).asLongBuffer().get(a);
                pos += 8 * a.length;
                yield a;
            }
            case Wire.FLOATS -> {
                float[] a = new float[length(4, "float[]")];
                src.position(pos).asFloatBuffer().get(a);
                pos += 4 * a.length;
                yield a;
            }
            case Wire.DOUBLES -> {
                double[] a = new double[length(8, "double[]")];
                src.position(pos).asDoubleBuffer().get(a);
                pos += 8 * a.length;
                yield a;
            }
            case Wire.CHARS -> {
                char[] a = new char[length(2, "char[]")];
                src.position(pos).asCharBuffer().get(a);
                pos += 2 * a.length;
                yield a;
            }
            case Wire.OBJECTS -> {
                int classAt = pos;
                Class<?> component = getClassRef();
                if (component.isPrimitive() || !allowedAsComponent(component)) {
                    throw new WireException("arrays of " + component.getName() + " are not allowed by the "
                            + "reader's class policy", classAt, null);
                }
                int n = length(1, component.getName() + "[]");
                Object[] a = (Object[]) java.lang.reflect.Array.newInstance(component, n);
                for (int i = 0; i < n; i++) {
                    int elementAt = pos;
                    Object v = read(depth + 1);
                    if (v != null && !component.isInstance(v)) {
                        throw new WireException("a " + v.getClass().getName() + " cannot be an element of a "
                                + component.getName() + "[]", elementAt, null);
                    }
                    a[i] = v;
                }
                yield a;
            }
            case Wire.LIST -> {
                int n = length(1, "List");
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read(depth + 1));
                }
                yield list;
            }
            case Wire.SET -> {
                int n = length(1, "Set");
                Set<Object> set = new LinkedHashSet<>(capacity(n));
                for (int i = 0; i < n; i++) {
                    int elementAt = pos;
                    if (!set.add(read(depth + 1))) {
                        throw new WireException("a Set holds the same element twice", elementAt, null);
                    }
                }
                yield set;
            }
            case Wire.MAP -> {
                int n = length(2, "Map");
                LinkedHashMap<Object, Object> map = new LinkedHashMap<>(capacity(n));
                for (int i = 0; i < n; i++) {
                    int keyAt = pos;
                    Object k = read(depth + 1);
                    if (map.containsKey(k)) {
                        throw new WireException("a Map holds the same key twice", keyAt, null);
                    }
                    map.put(k, read(depth + 1));
                }
                yield map;
            }
            case Wire.OPTIONAL -> {
                byte present = getByte("an Optional's flag");
                yield switch (present) {
                    case 0 -> Optional.empty();
                    case 1 -> {
                        int valueAt = pos;
                        Object v = read(depth + 1);
                        if (v == null) {
                            throw new WireException("a present Optional holds null", valueAt, null);
                        }
                        yield Optional.of(v);
                    }
                    default -> throw new WireException("invalid Optional flag " + present, pos - 1, null);
                };
            }
            case Wire.RECORD -> readRecord(at, depth);
            case Wire.ENUM -> {
                int classAt = pos;
                Class<?> c = getClassRef();
                if (!c.isEnum() || !(options.policy().accepts(c) || isJdkEnum(c))) {
                    throw new WireException(c.getName() + (c.isEnum() ? " is an enum the reader's class policy "
                            + "does not allow" : " is not an enum"), classAt, null);
                }
                int nameAt = pos;
                String name = getString();
                try {
                    @SuppressWarnings({"unchecked", "rawtypes"})
                    Object e = Enum.valueOf((Class) c, name);
                    yield e;
                } catch (IllegalArgumentException e) {
                    throw new WireException("enum " + c.getName() + " has no constant " + name, nameAt, null);
                }
            }
            case Wire.SERIALIZED -> deserialize(at, depth);
            default -> throw new WireException("unknown tag " + tag, at, null);
        };
    }

    private Object readRecord(int at, int depth) {
        int classAt = pos;
        Class<?> c = getClassRef();
        if (!c.isRecord() || !options.policy().accepts(c)) {
            throw new WireException(c.getName() + (c.isRecord() ? " is a record the reader's class policy does "
                    + "not allow" : " is not a record"), classAt, null);
        }
        RecordCodec codec = RecordCodec.of(c);
        int countAt = pos;
        int n = getInt("a record's component count");
        if (n != codec.componentTypes.length) {
            throw new WireException("record " + c.getName() + " has " + codec.componentTypes.length
                    + " components, the input has " + n, countAt, null);
        }
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            int valueAt = pos;
            Object v = read(depth + 1);
            Class<?> t = codec.componentTypes[i];
            if (v == null ? t.isPrimitive() : !box(t).isInstance(v)) {
                throw new WireException("component " + codec.names[i] + " of " + c.getName() + " is a "
                        + t.getName() + ", the input holds " + (v == null ? "null" : "a " + v.getClass().getName()),
                        valueAt, null);
            }
            values[i] = v;
        }
        return codec.construct(values, at);
    }

    private Object deserialize(int at, int depth) {
        byte[] bytes = getBytes("Java serialization data");
        String[] rejected = new String[1];
        ClassLoader loader = options.loader();
        ObjectInputFilter filter = info -> {
            // Every element of an array (or of a collection, which checks its array here) takes at least a byte
            // of the stream: a longer length is corrupt, and refused before it is allocated.
            if (info.depth() + depth > limits.maxDepth() || info.arrayLength() > limits.maxLength()
                    || info.arrayLength() > bytes.length
                    || info.streamBytes() > bytes.length || info.references() > bytes.length) {
                rejected[0] = "limits (depth " + info.depth() + ", array length " + info.arrayLength() + ")";
                return ObjectInputFilter.Status.REJECTED;
            }
            Class<?> c = info.serialClass();
            if (c == null) {
                return ObjectInputFilter.Status.UNDECIDED;
            }
            Class<?> base = c;
            while (base.isArray()) {
                base = base.getComponentType();
            }
            if (base.isPrimitive() || Wire.isJdkAllowed(base) || JDK_SERIAL.contains(base.getName())
                    || options.policy().accepts(base)) {
                return ObjectInputFilter.Status.ALLOWED;
            }
            rejected[0] = "class " + c.getName();
            return ObjectInputFilter.Status.REJECTED;
        };
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws ClassNotFoundException {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    Class<?> primitive = primitive(desc.getName());
                    if (primitive != null) {
                        return primitive;
                    }
                    throw e;
                }
            }
        }) {
            in.setObjectInputFilter(filter);
            return in.readObject();
        } catch (InvalidClassException e) {
            throw new WireException(rejected[0] != null ? "Java serialization data refused: " + rejected[0]
                    + " is not allowed by the reader's class policy or limits" : "invalid Java serialization data: "
                    + e.getMessage(), at, e);
        } catch (ClassNotFoundException e) {
            throw new WireException("Java serialization data names an unknown class " + e.getMessage(), at, e);
        } catch (IOException | RuntimeException | LinkageError e) {
            throw new WireException("invalid Java serialization data: " + e, at, e);
        }
    }

    private static Class<?> primitive(String name) {
        return switch (name) {
            case "boolean" -> boolean.class;
            case "byte" -> byte.class;
            case "short" -> short.class;
            case "char" -> char.class;
            case "int" -> int.class;
            case "long" -> long.class;
            case "float" -> float.class;
            case "double" -> double.class;
            case "void" -> void.class;
            default -> null;
        };
    }

    private static boolean isJdkEnum(Class<?> c) {
        return c.getClassLoader() == null && c.getName().startsWith("java.");
    }

    private boolean allowedAsComponent(Class<?> c) {
        Class<?> base = c;
        while (base.isArray()) {
            base = base.getComponentType();
        }
        return base.isPrimitive() || Wire.isJdkAllowed(base) || options.policy().accepts(base) || isJdkEnum(base);
    }

    private static Class<?> box(Class<?> t) {
        if (!t.isPrimitive()) {
            return t;
        }
        return switch (t.getName()) {
            case "boolean" -> Boolean.class;
            case "byte" -> Byte.class;
            case "short" -> Short.class;
            case "char" -> Character.class;
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "float" -> Float.class;
            default -> Double.class;
        };
    }

    private static int capacity(int n) {
        return (int) Math.min(1 << 30, n / 0.75 + 1);
    }

    private Class<?> getClassRef() {
        int at = pos;
        int index = getInt("a class reference");
        if (index >= 0 && index < classes.size()) {
            return classes.get(index);
        }
        if (index != classes.size()) {
            throw new WireException("class reference " + index + " is out of range (" + classes.size()
                    + " classes named so far)", at, null);
        }
        int nameAt = pos;
        String name = getString();
        if (!isBinaryName(name)) {
            throw new WireException("invalid class name '" + name + "'", nameAt, null);
        }
        Class<?> c;
        try {
            c = Class.forName(name, false, options.loader());
        } catch (ClassNotFoundException | LinkageError | IllegalArgumentException e) {
            throw new WireException("unknown class '" + name + "'", nameAt, e);
        }
        classes.add(c);
        return c;
    }

    /** Whether {@code name} is a binary class name or an array descriptor ({@code [J}, {@code [Lx.Y;}). */
    private static boolean isBinaryName(String name) {
        int i = 0;
        while (i < name.length() && name.charAt(i) == '[') {
            i++;
        }
        int from = i;
        int to = name.length();
        if (i > 0) {
            if (to - i == 1) {
                return "ZBSCIJFD".indexOf(name.charAt(i)) >= 0;
            }
            if (name.charAt(i) != 'L' || name.charAt(to - 1) != ';') {
                return false;
            }
            from = i + 1;
            to--;
        }
        boolean start = true;
        for (int k = from; k < to; k++) {
            char c = name.charAt(k);
            if (c == '.') {
                if (start) {
                    return false;
                }
                start = true;
            } else if (start ? Character.isJavaIdentifierStart(c) : Character.isJavaIdentifierPart(c)) {
                start = false;
            } else {
                return false;
            }
        }
        return !start;
    }

    private String getString() {
        int at = pos;
        byte coder = getByte("a string's coder");
        if (coder == 0) {
            int n = length(1, "String");
            byte[] b = new byte[n];
            src.get(pos, b);
            pos += n;
            return new String(b, StandardCharsets.ISO_8859_1);
        }
        if (coder == 1) {
            char[] c = new char[length(2, "String")];
            src.position(pos).asCharBuffer().get(c);
            pos += 2 * c.length;
            return new String(c);
        }
        throw new WireException("invalid string coder " + coder, at, null);
    }

    private byte[] getBytes(String what) {
        return getBytesAfterTag(what);
    }

    private byte[] getBytesAfterTag(String what) {
        byte[] b = new byte[length(1, what)];
        src.get(pos, b);
        pos += b.length;
        return b;
    }

    /**
     * Reads a length and checks it against the limit and against the bytes that remain (each element takes at
     * least {@code elementBytes}), so that nothing is allocated for bytes the input does not have.
     */
    private int length(int elementBytes, String what) {
        int at = pos;
        int n = getInt("the length of a " + what);
        if (n < 0) {
            throw new WireException("negative length " + n + " of a " + what, at, null);
        }
        if (n > limits.maxLength()) {
            throw new WireException("a " + what + " of " + n + " elements is over the limit of "
                    + limits.maxLength(), at, null);
        }
        long bytes = (long) n * elementBytes;
        if (bytes > end - pos) {
            throw new WireException("truncated input: a " + what + " of " + n + " elements needs at least " + bytes
                    + " bytes, " + (end - pos) + " remain", at, null);
        }
        return n;
    }

    private byte getByte(String what) {
        need(1, what);
        return src.get(pos++);
    }

    private int getInt(String what) {
        need(4, what);
        int v = src.getInt(pos);
        pos += 4;
        return v;
    }

    private long getLong(String what) {
        need(8, what);
        long v = src.getLong(pos);
        pos += 8;
        return v;
    }

    private void need(int bytes, String what) {
        if (end - pos < bytes) {
            throw new WireException("truncated input: " + what + " needs " + bytes + " bytes, " + (end - pos)
                    + " remain", pos, null);
        }
    }
}
