package io.ticktickclock.internal.wire;

/**
 * Bytes could not be decoded (malformed, truncated, over a limit, or naming a class that is not allowed), or
 * a value cannot be encoded. The message says what was wrong and, when decoding, at which byte offset.
 */
public final class WireException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    /**
     * Creates the exception.
     *
     * @param message what was wrong
     * @param offset the byte offset in the input where it was found, or -1 when encoding
     * @param cause the underlying exception, or null
     */
    public WireException(String message, long offset, Throwable cause) {
        super(offset < 0 ? message : message + " (at byte offset " + offset + ")", cause);
        this.offset = offset;
    }

    /** Creates the exception for a value that cannot be encoded. */
    public WireException(String message) {
        this(message, -1, null);
    }

    /** The byte offset in the input where the problem was found, or -1 for an encoding problem. */
    public long offset() {
        return offset;
    }
}
