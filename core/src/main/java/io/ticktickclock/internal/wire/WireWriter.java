package io.ticktickclock.internal.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Encodes values in the {@linkplain Wire wire format} into a growable byte buffer. Several values may be
 * written one after the other; a {@link WireReader} reads them back in the same order. Primitive arrays are
 * copied in bulk in this machine's native byte order (the header records it; a reader on a machine of the
 * other order swaps).
 *
 * <p>Not thread-safe. A writer may be {@linkplain #reset() reset} and reused to keep its buffer.
 */
public final class WireWriter {

    private static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    private byte[] buf;
    private ByteBuffer bb;
    private int pos;
    /** Classes already named in this stream, by their index (later references write the index only). */
    private final Map<Class<?>, Integer> classes = new IdentityHashMap<>();
    private final int maxDepth;

    /** A writer with a small initial buffer and the default depth limit. */
    public WireWriter() {
        this(256);
    }

    /**
     * A writer whose buffer starts at {@code initialCapacity} bytes.
     *
     * @throws IllegalArgumentException if {@code initialCapacity} is negative or over 2 GiB - 8
     */
    public WireWriter(int initialCapacity) {
        if (initialCapacity < 0 || initialCapacity > MAX_SIZE) {
            throw new IllegalArgumentException("initialCapacity must be in [0, " + MAX_SIZE + "], got "
                    + initialCapacity);
        }
        this.maxDepth = Wire.Limits.DEFAULT.maxDepth();
        wrap(new byte[Math.max(initialCapacity, Wire.HEADER + 16)]);
        header();
    }

    private void wrap(byte[] b) {
        buf = b;
        bb = ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }

    private void header() {
        buf[0] = Wire.MAGIC0;
        buf[1] = Wire.MAGIC1;
        buf[2] = (byte) Wire.VERSION;
        buf[3] = (byte) (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 0 : 1);
        pos = Wire.HEADER;
    }

    /** Forgets what was written (the buffer is kept): the writer is as new. */
    public WireWriter reset() {
        classes.clear();
        header();
        return this;
    }

    /** The bytes written so far, header included. */
    public int size() {
        return pos;
    }

    /** A copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** A read-only view of the bytes written so far (valid until the next write or reset). */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(buf, 0, pos).asReadOnlyBuffer();
    }

    /** Adds the bytes written so far to {@code checksum}. */
    public void update(java.util.zip.Checksum checksum) {
        checksum.update(buf, 0, pos);
    }

    /**
     * Writes the bytes written so far to {@code channel} at {@code position}, in slices of a few MiB (so that
     * the JDK's temporary direct buffer stays small).
     *
     * @return the number of bytes written: {@link #size()}
     * @throws java.io.IOException if the channel does
     */
    public int writeTo(java.nio.channels.FileChannel channel, long position) throws java.io.IOException {
        int chunk = 4 << 20;
        for (int off = 0; off < pos; ) {
            ByteBuffer slice = ByteBuffer.wrap(buf, off, Math.min(chunk, pos - off));
            while (slice.hasRemaining()) {
                int n = channel.write(slice, position + off);
                off += n;
            }
        }
        return pos;
    }

    /**
     * Writes one value.
     *
     * @throws WireException if some part of {@code value} cannot be encoded (the message names it), or the
     *     encoding would pass 2 GiB; what this call had written is then taken back
     */
    public WireWriter writeObject(Object value) {
        int mark = pos;
        int classCount = classes.size();
        try {
            write(value, 1);
        } catch (RuntimeException | StackOverflowError e) {
            pos = mark;
            if (classes.size() != classCount) {
                classes.values().removeIf(i -> i >= classCount);
            }
            if (e instanceof WireException w) {
                throw w;
            }
            throw new WireException("cannot encode a " + (value == null ? "null" : value.getClass().getName())
                    + ": " + e, -1, e);
        }
        return this;
    }

    private void write(Object v, int depth) {
        if (depth > maxDepth) {
            throw new WireException("cannot encode: values nest deeper than " + maxDepth
                    + " (a cycle in the object graph?) at a " + (v == null ? "null" : v.getClass().getName()));
        }
        switch (v) {
            case null -> putByte(Wire.NULL);
            case Boolean b -> putByte(b ? Wire.TRUE : Wire.FALSE);
            case Integer i -> {
                ensure(5);
                putByte(Wire.INT);
                putInt(i);
            }
            case Long l -> {
                ensure(9);
                putByte(Wire.LONG);
                putLong(l);
            }
            case Double d -> {
                ensure(9);
                putByte(Wire.DOUBLE);
                putLong(Double.doubleToRawLongBits(d));
            }
            case String s -> {
                putByte(Wire.STRING);
                putString(s);
            }
            case Byte b -> {
                putByte(Wire.BYTE);
                putByte(b);
            }
            case Short s -> {
                ensure(3);
                putByte(Wire.SHORT);
                bb.putShort(pos, s);
                pos += 2;
            }
            case Float f -> {
                ensure(5);
                putByte(Wire.FLOAT);
                putInt(Float.floatToRawIntBits(f));
            }
            case Character c -> {
                ensure(3);
                putByte(Wire.CHAR);
                bb.putChar(pos, c);
                pos += 2;
            }
            case BigInteger b -> {
                putByte(Wire.BIG_INTEGER);
                putBytes(b.toByteArray());
            }
            case BigDecimal d -> {
                putByte(Wire.BIG_DECIMAL);
                putInt(d.scale());
                putBytes(d.unscaledValue().toByteArray());
            }
            case UUID u -> {
                putByte(Wire.UUID_TAG);
                putLong(u.getMostSignificantBits());
                putLong(u.getLeastSignificantBits());
            }
            case Instant t -> {
                putByte(Wire.INSTANT);
                putLong(t.getEpochSecond());
                putInt(t.getNano());
            }
            case Duration d -> {
                putByte(Wire.DURATION);
                putLong(d.getSeconds());
                putInt(d.getNano());
            }
            case long[] a -> writeLongs(a);
            case double[] a -> writeDoubles(a);
            case int[] a -> writeInts(a);
            case byte[] a -> {
                putByte(Wire.BYTES);
                putBytes(a);
            }
            case boolean[] a -> {
                putByte(Wire.BOOLEANS);
                putInt(a.length);
                ensure(a.length);
                for (boolean x : a) {
                    buf[pos++] = (byte) (x ? 1 : 0);
                }
            }
            case short[] a -> {
                putByte(Wire.SHORTS);
                putInt(a.length);
                ensure(2L * a.length);
                bb.position(pos);
                bb.asShortBuffer().put(a);
                pos += 2 * a.length;
            }
            case char[] a -> {
                putByte(Wire.CHARS);
                putInt(a.length);
                ensure(2L * a.length);
                bb.position(pos);
                bb.asCharBuffer().put(a);
                pos += 2 * a.length;
            }
            case float[] a -> {
                putByte(Wire.FLOATS);
                putInt(a.length);
                ensure(4L * a.length);
                bb.position(pos);
                bb.asFloatBuffer().put(a);
                pos += 4 * a.length;
            }
            case Object[] a -> {
                putByte(Wire.OBJECTS);
                putClass(a.getClass().getComponentType());
                putInt(a.length);
                for (Object x : a) {
                    write(x, depth + 1);
                }
            }
            case List<?> l -> {
                putByte(Wire.LIST);
                putInt(l.size());
                int n = 0;
                for (Object x : l) {
                    write(x, depth + 1);
                    n++;
                }
                sizeChanged(l, n);
            }
            case Set<?> s -> {
                putByte(Wire.SET);
                putInt(s.size());
                int n = 0;
                for (Object x : s) {
                    write(x, depth + 1);
                    n++;
                }
                sizeChanged(s, n);
            }
            case Map<?, ?> m -> {
                putByte(Wire.MAP);
                putInt(m.size());
                int n = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    write(e.getKey(), depth + 1);
                    write(e.getValue(), depth + 1);
                    n++;
                }
                sizeChanged(m, n);
            }
            case Optional<?> o -> {
                putByte(Wire.OPTIONAL);
                if (o.isPresent()) {
                    putByte((byte) 1);
                    write(o.get(), depth + 1);
                } else {
                    putByte((byte) 0);
                }
            }
            case Record r -> {
                putByte(Wire.RECORD);
                putClass(r.getClass());
                RecordCodec codec = RecordCodec.of(r.getClass());
                Object[] values = codec.components(r);
                putInt(values.length);
                for (Object x : values) {
                    write(x, depth + 1);
                }
            }
            case Enum<?> e -> {
                putByte(Wire.ENUM);
                putClass(e.getDeclaringClass());
                putString(e.name());
            }
            case Serializable s -> {
                putByte(Wire.SERIALIZED);
                putBytes(serialize(s));
            }
            default -> throw new WireException("cannot encode a " + v.getClass().getName()
                    + ": it is neither a record, an enum, a collection, an array, a JDK value type nor "
                    + "Serializable (see io.ticktickclock.internal.wire.Wire)");
        }
    }

    private static void sizeChanged(Object collection, int written) {
        if (written != (collection instanceof Map<?, ?> m ? m.size() : ((java.util.Collection<?>) collection).size())) {
            throw new WireException("cannot encode a " + collection.getClass().getName()
                    + ": its size changed while it was written (modified concurrently?)");
        }
    }

    private static byte[] serialize(Serializable s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        } catch (NotSerializableException e) {
            throw new WireException("cannot encode a " + s.getClass().getName() + ": it holds a "
                    + e.getMessage() + ", which is not Serializable", -1, e);
        } catch (IOException e) {
            throw new WireException("cannot encode a " + s.getClass().getName() + " with Java serialization: "
                    + e, -1, e);
        }
        return bytes.toByteArray();
    }

    private void writeLongs(long[] a) {
        putByte(Wire.LONGS);
        putInt(a.length);
        ensure(8L * a.length);
        bb.position(pos);
        bb.asLongBuffer().put(a);
        pos += 8 * a.length;
    }

    private void writeDoubles(double[] a) {
        putByte(Wire.DOUBLES);
        putInt(a.length);
        ensure(8L * a.length);
        bb.position(pos);
        bb.asDoubleBuffer().put(a);
        pos += 8 * a.length;
    }

    private void writeInts(int[] a) {
        putByte(Wire.INTS);
        putInt(a.length);
        ensure(4L * a.length);
        bb.position(pos);
        bb.asIntBuffer().put(a);
        pos += 4 * a.length;
    }

    private void putClass(Class<?> c) {
        Integer index = classes.get(c);
        if (index != null) {
            putInt(index);
            return;
        }
        int next = classes.size();
        putInt(next);
        putString(c.getName());
        classes.put(c, next);
    }

    private void putString(String s) {
        int n = s.length();
        boolean latin1 = true;
        for (int i = 0; i < n && latin1; i++) {
            latin1 = s.charAt(i) <= 0xFF;
        }
        if (latin1) {
            putByte((byte) 0);
            putBytes(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        } else {
            putByte((byte) 1);
            putInt(n);
            ensure(2L * n);
            for (int i = 0; i < n; i++) {
                bb.putChar(pos, s.charAt(i));
                pos += 2;
            }
        }
    }

    private void putBytes(byte[] a) {
        putInt(a.length);
        ensure(a.length);
        System.arraycopy(a, 0, buf, pos, a.length);
        pos += a.length;
    }

    private void putByte(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    private void putInt(int v) {
        ensure(4);
        bb.putInt(pos, v);
        pos += 4;
    }

    private void putLong(long v) {
        ensure(8);
        bb.putLong(pos, v);
        pos += 8;
    }

    private void ensure(long more) {
        long need = pos + more;
        if (need <= buf.length) {
            return;
        }
        if (need > MAX_SIZE) {
            throw new WireException("cannot encode: the encoding would pass " + MAX_SIZE + " bytes");
        }
        long grown = Math.max(need, Math.min(MAX_SIZE, 2L * buf.length));
        wrap(Arrays.copyOf(buf, (int) grown));
    }
}
