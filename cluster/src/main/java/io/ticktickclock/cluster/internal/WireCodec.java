package io.ticktickclock.cluster.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Predicate;

/**
 * Object messages and collective values across workers, in the wire format through {@link ObjectCodec}'s
 * allow-list: the job's classes and JDK value types.
 */
final class WireCodec implements io.ticktickclock.internal.ObjectCodec {
    private final ClassLoader loader;
    private final Predicate<Class<?>> jobClass;

    WireCodec(ClassLoader loader, Predicate<Class<?>> jobClass) {
        this.loader = loader;
        this.jobClass = jobClass;
    }

    @Override
    public ByteBuffer write(Object value, ByteBuffer out) {
        byte[] bytes = ObjectCodec.encode(value);
        if (out.remaining() < 4 + bytes.length) {
            long needed = (long) out.position() + 4 + bytes.length;
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a batch between two workers cannot exceed 2 GiB in one superstep");
            }
            ByteBuffer bigger = ByteBuffer.allocateDirect((int) Math.min(Integer.MAX_VALUE - 8,
                    Math.max(needed, 2L * out.capacity()))).order(ByteOrder.LITTLE_ENDIAN);
            out.flip();
            bigger.put(out);
            out = bigger;
        }
        return out.putInt(bytes.length).put(bytes);
    }

    @Override
    public Object read(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("an object of " + n + " bytes with " + in.remaining() + " left");
        }
        byte[] bytes = new byte[n];
        in.get(bytes);
        return ObjectCodec.decode(bytes, loader, jobClass);
    }
}
