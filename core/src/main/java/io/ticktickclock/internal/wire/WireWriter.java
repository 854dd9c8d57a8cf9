package io.ticktickclock.internal.wire;

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
    /** Where a streaming writer's full buffers go, or null for a writer that grows its buffer. */
    private final Sink sink;
    /** Bytes of the current stream already handed to the sink. */
    private long streamed;

    /** Receives the bytes of a streaming writer, in order, in pieces of at most its buffer's size. */
    @FunctionalInterface
    public interface Sink {
        /** Takes {@code bytes[offset, offset + length)}; the array is reused once this returns. */
        void write(byte[] bytes, int offset, int length) throws java.io.IOException;
    }

    /**
     * A streaming writer: its buffer of {@code bufferSize} bytes is handed to {@code sink} whenever it is full
     * (and by {@link #finish()}), so that values far larger than the buffer are encoded with bounded memory,
     * each byte copied once. Primitive arrays are copied in pieces that fit the buffer; a {@code Serializable}
     * value is Java-serialized twice, once to count its bytes (its length precedes them). A write that fails
     * leaves what was already handed to the sink there: discard the whole stream.
     *
     * @throws IllegalArgumentException if {@code bufferSize} is under 64 bytes
     */
    public WireWriter(int bufferSize, Sink sink) {
        if (bufferSize < 64) {
            throw new IllegalArgumentException("bufferSize must be >= 64, got " + bufferSize);
        }
        this.sink = java.util.Objects.requireNonNull(sink, "sink must not be null");
        this.maxDepth = Wire.Limits.DEFAULT.maxDepth();
        wrap(new byte[bufferSize]);
        header();
    }

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
        this.sink = null;
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

    /**
     * Starts a new stream (with its own header), keeping the buffer; a streaming writer drops what it had
     * not handed to its sink yet (call {@link #finish()} first).
     */
    public WireWriter reset() {
        classes.clear();
        streamed = 0;
        header();
        return this;
    }

    /**
     * Hands what is buffered to the sink (streaming writers only).
     *
     * @return the length of the stream since the last reset, header included
     * @throws java.io.UncheckedIOException if the sink throws
     * @throws IllegalStateException if this writer does not stream
     */
    public long finish() {
        if (sink == null) {
            throw new IllegalStateException("finish() is for a streaming writer; this one keeps its bytes");
        }
        flush();
        return streamed;
    }

    /** The bytes written since the last reset, header included (for a streaming writer, flushed ones too). */
    public long size() {
        return streamed + pos;
    }

    private void buffered() {
        if (sink != null) {
            throw new IllegalStateException("a streaming writer hands its bytes to its sink");
        }
    }

    /** A copy of the bytes written so far. */
    public byte[] toByteArray() {
        buffered();
        return Arrays.copyOf(buf, pos);
    }

    /**
     * The bytes written so far, handing over the buffer itself when they fill it exactly (no copy: size the
     * writer with {@link #WireWriter(int)} to the expected length), else a copy. The writer starts a new
     * stream on a small new buffer, as after {@link #reset()}.
     */
    public byte[] takeBytes() {
        buffered();
        byte[] bytes = pos == buf.length ? buf : Arrays.copyOf(buf, pos);
        wrap(new byte[Wire.HEADER + 16]);
        reset();
        return bytes;
    }

    /** A read-only view of the bytes written so far (valid until the next write or reset). */
    public ByteBuffer buffer() {
        buffered();
        return ByteBuffer.wrap(buf, 0, pos).asReadOnlyBuffer();
    }

    /**
     * Writes one value.
     *
     * @throws WireException if some part of {@code value} cannot be encoded (the message names it), or the
     *     encoding would pass 2 GiB; what this call had written is then taken back
     */
    public WireWriter writeObject(Object value) {
        int mark = pos;
        long streamedBefore = streamed;
        int classCount = classes.size();
        try {
            write(value, 1);
        } catch (java.io.UncheckedIOException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // A streaming writer cannot take back what it handed to its sink; the caller discards the stream.
            if (streamed == streamedBefore) {
                pos = mark;
            }
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
            case long[] a -> writeLongs(a, a.length);
            case double[] a -> writeDoubles(a, a.length);
            case int[] a -> writeInts(a, a.length);
            case ArrayPrefix p -> {
                switch (p.array()) {
                    case long[] a -> writeLongs(a, p.length());
                    case double[] a -> writeDoubles(a, p.length());
                    case int[] a -> writeInts(a, p.length());
                    default -> writeObjects((Object[]) p.array(), p.length(), depth);
                }
            }
            case byte[] a -> {
                putByte(Wire.BYTES);
                putBytes(a);
            }
            case boolean[] a -> {
                putByte(Wire.BOOLEANS);
                putInt(a.length);
                bulk(a, 0, a.length, 1);
            }
            case short[] a -> {
                putByte(Wire.SHORTS);
                putInt(a.length);
                bulk(a, 0, a.length, 2);
            }
            case char[] a -> {
                putByte(Wire.CHARS);
                putInt(a.length);
                bulk(a, 0, a.length, 2);
            }
            case float[] a -> {
                putByte(Wire.FLOATS);
                putInt(a.length);
                bulk(a, 0, a.length, 4);
            }
            case Object[] a -> writeObjects(a, a.length, depth);
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
                if (sink == null) {
                    serializeInPlace(s);
                } else {
                    serializeStreaming(s);
                }
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

    /**
     * Java-serializes {@code s} twice: once to learn its length, which a streaming writer must write before
     * the bytes, then into the stream, so that memory stays bounded however long the bytes are.
     */
    private void serializeStreaming(Serializable s) {
        long[] length = {0};
        serialize(s, new java.io.OutputStream() {
            @Override
            public void write(int b) {
                length[0]++;
            }

            @Override
            public void write(byte[] b, int offset, int n) {
                length[0] += n;
            }
        });
        if (length[0] > MAX_SIZE) {
            throw new WireException("cannot encode a " + s.getClass().getName() + ": its Java serialization takes "
                    + length[0] + " bytes, more than the " + MAX_SIZE + " one value may take");
        }
        putInt((int) length[0]);
        long start = size();
        serialize(s, into());
        if (size() - start != length[0]) {
            throw new WireException("cannot encode a " + s.getClass().getName() + ": its Java serialization took "
                    + length[0] + " bytes, then " + (size() - start) + " (it changed while it was written?)");
        }
    }

    /** An output stream into this writer's buffer, which grows or flushes as a value's bytes do. */
    private java.io.OutputStream into() {
        return new java.io.OutputStream() {
            @Override
            public void write(int b) {
                putByte((byte) b);
            }

            @Override
            public void write(byte[] b, int offset, int length) {
                bulk(b, offset, length, 1);
            }
        };
    }

    /**
     * Java-serializes {@code s} straight into the buffer behind a length placeholder, filled in afterwards
     * (the bytes {@link #serializeStreaming} writes, without serializing twice). Only a growable writer can do
     * this: a streaming one may have handed the placeholder to its sink before the length is known.
     */
    private void serializeInPlace(Serializable s) {
        ensure(4);
        int lengthAt = pos;
        pos += 4;
        serialize(s, into());
        bb.putInt(lengthAt, pos - lengthAt - 4);
    }

    private static void serialize(Serializable s, java.io.OutputStream bytes) {
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        } catch (NotSerializableException e) {
            throw new WireException("cannot encode a " + s.getClass().getName() + ": it holds a "
                    + e.getMessage() + ", which is not Serializable", -1, e);
        } catch (IOException e) {
            throw new WireException("cannot encode a " + s.getClass().getName() + " with Java serialization: "
                    + e, -1, e);
        }
    }

    private void writeLongs(long[] a, int n) {
        putByte(Wire.LONGS);
        putInt(n);
        bulk(a, 0, n, 8);
    }

    private void writeDoubles(double[] a, int n) {
        putByte(Wire.DOUBLES);
        putInt(n);
        bulk(a, 0, n, 8);
    }

    private void writeInts(int[] a, int n) {
        putByte(Wire.INTS);
        putInt(n);
        bulk(a, 0, n, 4);
    }

    private void writeObjects(Object[] a, int n, int depth) {
        putByte(Wire.OBJECTS);
        putClass(a.getClass().getComponentType());
        putInt(n);
        for (int i = 0; i < n; i++) {
            write(a[i], depth + 1);
        }
    }

    /**
     * Copies the {@code n} elements of a primitive array from {@code offset}, {@code width} bytes each, in
     * native order: in one bulk copy into a grown buffer, or, streaming, in pieces that fill the buffer between
     * flushes.
     */
    private void bulk(Object array, int offset, int n, int width) {
        int i = offset;
        int end = offset + n;
        while (i < end) {
            int room = (buf.length - pos) / width;
            if (room == 0) {
                if (sink != null) {
                    flush();
                } else {
                    ensure((long) (end - i) * width);
                }
                continue;
            }
            int k = Math.min(room, end - i);
            bb.position(pos);
            switch (array) {
                case long[] a -> bb.asLongBuffer().put(a, i, k);
                case double[] a -> bb.asDoubleBuffer().put(a, i, k);
                case int[] a -> bb.asIntBuffer().put(a, i, k);
                case float[] a -> bb.asFloatBuffer().put(a, i, k);
                case short[] a -> bb.asShortBuffer().put(a, i, k);
                case char[] a -> bb.asCharBuffer().put(a, i, k);
                case byte[] a -> System.arraycopy(a, i, buf, pos, k);
                case boolean[] a -> {
                    for (int j = 0; j < k; j++) {
                        buf[pos + j] = (byte) (a[i + j] ? 1 : 0);
                    }
                }
                default -> throw new IllegalArgumentException("not a primitive array: " + array.getClass());
            }
            pos += k * width;
            i += k;
        }
    }

    private void flush() {
        if (pos == 0) {
            return;
        }
        try {
            sink.write(buf, 0, pos);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        streamed += pos;
        pos = 0;
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
            bulk(s.toCharArray(), 0, n, 2);
        }
    }

    private void putBytes(byte[] a) {
        putInt(a.length);
        bulk(a, 0, a.length, 1);
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
        if (sink != null) {
            flush();
            need = more;
            if (need <= buf.length) {
                return;
            }
        }
        if (need > MAX_SIZE) {
            throw new WireException("cannot encode: the encoding would pass " + MAX_SIZE + " bytes");
        }
        long grown = Math.max(need, Math.min(MAX_SIZE, 2L * buf.length));
        wrap(Arrays.copyOf(buf, (int) grown));
    }
}
