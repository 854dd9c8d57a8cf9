package io.ticktickclock.internal;

import java.nio.ByteBuffer;

/**
 * Encodes the objects that cross JVMs in a distributed run: object messages and collective payloads. The
 * decoder must refuse any class outside its allow-list before instantiating it. A run calls it from one thread
 * at a time (the last processor to arrive at a barrier); a malformed input must raise an unchecked exception,
 * never return a partial value.
 */
public interface ObjectCodec {

    /** Appends {@code value} (possibly null) to {@code out}, growing it as needed; returns the buffer written. */
    ByteBuffer write(Object value, ByteBuffer out);

    /** Reads one value written by {@link #write} from {@code in}, advancing its position. */
    Object read(ByteBuffer in);
}
