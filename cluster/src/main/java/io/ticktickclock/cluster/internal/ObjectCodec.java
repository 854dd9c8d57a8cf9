package io.ticktickclock.cluster.internal;

import io.ticktickclock.internal.wire.Wire;
import io.ticktickclock.internal.wire.WireException;
import java.util.function.Predicate;

/**
 * Encodes a job's parameters and results in the {@linkplain Wire wire format}, and decodes them under an
 * allow-list: classes of the job itself and the JDK value types the format knows. Any other class named in the
 * bytes fails the decoding before an instance of it exists, so crafted bytes cannot reach a gadget chain.
 */
public final class ObjectCodec {
    private static final byte[] NULL = new byte[0];

    private ObjectCodec() {
    }

    /**
     * Encodes {@code value} (null allowed).
     *
     * @throws IllegalArgumentException if it cannot cross JVMs, naming the part that cannot
     */
    public static byte[] encode(Object value) {
        if (value == null) {
            return NULL;
        }
        try {
            return Wire.encode(value);
        } catch (WireException e) {
            throw new IllegalArgumentException("a " + value.getClass().getName() + " cannot cross JVMs: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Decodes what {@link #encode} wrote, resolving classes with {@code loader}.
     *
     * @param jobClass which classes belong to the job (allowed besides the JDK value types)
     * @throws IllegalArgumentException if the bytes are malformed or name a class outside the allow-list
     */
    public static Object decode(byte[] bytes, ClassLoader loader, Predicate<Class<?>> jobClass) {
        if (bytes.length == 0) {
            return null;
        }
        try {
            return Wire.decode(bytes, Wire.Options.defaults(jobClass::test, loader));
        } catch (WireException e) {
            throw new IllegalArgumentException("refused to decode " + bytes.length + " bytes: " + e.getMessage()
                    + " (only the job's classes and JDK value types may cross JVMs)", e);
        }
    }
}
