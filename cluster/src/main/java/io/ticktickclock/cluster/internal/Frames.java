package io.ticktickclock.cluster.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The data channel's frame header, 40 bytes, big-endian.
 *
 * <pre>
 *  0 int   magic 'TTC1'      16 long  superstep        32 int length of the payload that follows
 *  4 short version           24 int   from (worker)    36 int CRC32C of the payload
 *  6 byte  type              28 int   to (worker)
 *  7 byte  reserved (0)
 *  8 long  job id
 * </pre>
 *
 * A connection carries the frames of one job in one direction: a HELLO first, then DATA frames for consecutive
 * supersteps, then CLOSE (the sender finished the job) or ABORT (the job failed; the payload is the reason in UTF-8
 * and the superstep field the index of the worker where it failed).
 */
final class Frames {
    static final int MAGIC = 0x54544331;
    static final short VERSION = 1;
    static final int HEADER_BYTES = 40;

    static final byte HELLO = 1;
    static final byte DATA = 2;
    static final byte CLOSE = 3;
    static final byte ABORT = 4;

    /** The longest abort reason accepted. */
    static final int MAX_REASON_BYTES = 64 * 1024;

    private Frames() {
    }

    static ByteBuffer newHeader() {
        return ByteBuffer.allocateDirect(HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
    }

    /** Fills {@code header} (position 0, limit 40) with a frame header, ready to write. */
    static void write(ByteBuffer header, byte type, long jobId, long superstep, int from, int to, int length,
                      int crc) {
        header.clear();
        header.putInt(MAGIC).putShort(VERSION).put(type).put((byte) 0).putLong(jobId).putLong(superstep)
                .putInt(from).putInt(to).putInt(length).putInt(crc);
        header.flip();
    }

    static String typeName(byte type) {
        return switch (type) {
            case HELLO -> "HELLO";
            case DATA -> "DATA";
            case CLOSE -> "CLOSE";
            case ABORT -> "ABORT";
            default -> "unknown type " + type;
        };
    }

    static int magic(ByteBuffer h) {
        return h.getInt(0);
    }

    static short version(ByteBuffer h) {
        return h.getShort(4);
    }

    static byte type(ByteBuffer h) {
        return h.get(6);
    }

    static long jobId(ByteBuffer h) {
        return h.getLong(8);
    }

    static long superstep(ByteBuffer h) {
        return h.getLong(16);
    }

    static int from(ByteBuffer h) {
        return h.getInt(24);
    }

    static int to(ByteBuffer h) {
        return h.getInt(28);
    }

    static int length(ByteBuffer h) {
        return h.getInt(32);
    }

    static int crc(ByteBuffer h) {
        return h.getInt(36);
    }

    /**
     * Checks the fields every frame must have right; returns null if they are, else what is wrong.
     */
    static String checkCommon(ByteBuffer h) {
        if (magic(h) != MAGIC) {
            return String.format("bad magic 0x%08x (expected 0x%08x: not a TickTickClock data frame)", magic(h),
                    MAGIC);
        }
        if (version(h) != VERSION) {
            return "unsupported frame version " + version(h) + " (this worker speaks " + VERSION + ")";
        }
        byte type = type(h);
        if (type < HELLO || type > ABORT) {
            return "unknown frame type " + type;
        }
        if (length(h) < 0) {
            return "negative payload length " + length(h);
        }
        return null;
    }
}
