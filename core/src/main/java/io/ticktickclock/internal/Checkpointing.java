package io.ticktickclock.internal;

import io.ticktickclock.internal.wire.Wire;
import io.ticktickclock.internal.wire.WireException;
import io.ticktickclock.internal.wire.WireWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a superstep program's run takes checkpoints and, if resumed, what it restores: shared by its
 * processors, each of which encodes and decodes its own part on its own thread.
 *
 * <p>A part is the wire encoding of a list: the format version, the checkpoint's superstep, the index of the
 * program's next superstep, the state, then what the processor sent in the superstep that just ended and the
 * others have still to read ({@link Processor#undelivered}). Restoring sends those messages again, unchanged,
 * in a restore superstep numbered one before the checkpoint's, so the inboxes of the checkpoint's superstep
 * are the ones the checkpointed run had, in the same order.
 *
 * @param every a checkpoint at the first barrier of a superstep program at or after every multiple of this
 *     superstep number; 0 for none
 * @param sink where parts go; null when {@code every} is 0
 * @param restore the checkpoint a resumed run starts from, or null
 * @param decoding how restored parts are decoded (the classes they may name)
 */
public record Checkpointing(int every, CheckpointSink sink, Restore restore, Wire.Options decoding) {

    /** The part format this build writes and reads. */
    static final int FORMAT = 1;

    /** The longest part a processor can save: one byte array. */
    static final int MAX_PART = Integer.MAX_VALUE - 16;

    /**
     * A checkpoint to resume from.
     *
     * @param superstep its superstep
     * @param parts each processor's encoded part, by pid
     */
    public record Restore(int superstep, List<byte[]> parts) {}

    /** The first superstep at or after {@code superstep} that takes a checkpoint. */
    int firstDue(int superstep) {
        return every == 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, ((long) superstep + every - 1) / every * every);
    }

    /**
     * Checks, right after init, that processor {@code pid}'s state can be encoded, so that a run fails at
     * its start rather than at its first checkpoint.
     *
     * @throws IllegalStateException naming the processor and the class that cannot be encoded
     */
    static void trialEncode(int pid, Object state) {
        long bytes;
        try {
            bytes = Wire.check(state);
        } catch (WireException e) {
            throw new IllegalStateException(notEncodable(pid, "state", state, e), e);
        }
        if (bytes > MAX_PART) {
            throw new IllegalStateException("checkpoints: the state of processor " + pid + " (a "
                    + state.getClass().getName() + ") encodes to " + bytes + " bytes; a processor's part of a "
                    + "checkpoint holds at most " + MAX_PART + " (use more processors, or a smaller state)");
        }
    }

    private static String notEncodable(int pid, String what, Object value, WireException e) {
        return "checkpoints: the " + what + " of processor " + pid + " (a "
                + (value == null ? "null" : value.getClass().getName()) + ") cannot be encoded, so it cannot be "
                + "checkpointed (the rules are those of messages that cross JVMs: records, enums, primitives and "
                + "their arrays, strings, collections, Serializable classes): " + e.getMessage();
    }

    /**
     * Encodes processor {@code ctx}'s part and hands it to the sink. The part is encoded once, into one array
     * of its exact length, which the sink takes without a copy: the length is the previous part's, or, when
     * that is unknown or was not the length of the previous part, counted first by encoding the part through a
     * small buffer (cheaper than allocating, zeroing and copying a second array of the part's size).
     */
    void save(Processor<?> ctx, int superstep, int nextStep, Object state) throws IOException {
        List<Object> part = new ArrayList<>(9);
        part.add(FORMAT);
        part.add(superstep);
        part.add(nextStep);
        part.add(state);
        ctx.undelivered(part);
        byte[] bytes;
        try {
            long expected = ctx.checkpointBytes > 0 ? ctx.checkpointBytes : Wire.check(part);
            if (expected > MAX_PART) {
                throw new IllegalStateException("checkpoints: the part of processor " + ctx.pid() + " (its state, "
                        + "a " + state.getClass().getName() + ", and its undelivered messages) encodes to "
                        + expected + " bytes; a part holds at most " + MAX_PART);
            }
            bytes = new WireWriter((int) Math.max(64, expected)).writeObject(part).takeBytes();
            ctx.checkpointBytes = bytes.length == expected ? expected : 0;
        } catch (WireException e) {
            throw new IllegalStateException(notEncodable(ctx.pid(), "state or an undelivered message", state, e), e);
        }
        sink.save(superstep, ctx.pid(), bytes);
    }

    /** A processor's restored part. */
    record Part(int nextStep, Object state) {}

    /**
     * Decodes processor {@code ctx}'s part of {@link #restore} and sends its undelivered messages again.
     *
     * @throws IllegalStateException if the part is not one of this build's format, or of another superstep
     */
    Part restore(Processor<?> ctx) {
        int pid = ctx.pid();
        ctx.checkpointBytes = restore.parts().get(pid).length;
        Object decoded = Wire.decode(restore.parts().get(pid), decoding);
        if (!(decoded instanceof List<?> part) || part.size() != 9 || !(part.get(0) instanceof Integer format)) {
            throw new IllegalStateException("part " + pid + " of the checkpoint of superstep " + restore.superstep()
                    + " is not a TickTickClock processor part");
        }
        if (format != FORMAT) {
            throw new IllegalStateException("part " + pid + " of the checkpoint of superstep " + restore.superstep()
                    + " has part format " + format + "; this build reads format " + FORMAT);
        }
        if (!Integer.valueOf(restore.superstep()).equals(part.get(1))) {
            throw new IllegalStateException("part " + pid + " of the checkpoint of superstep " + restore.superstep()
                    + " was taken in superstep " + part.get(1));
        }
        int[] destinations = (int[]) part.get(4);
        List<?> objects = (List<?>) part.get(5);
        List<?> longs = (List<?>) part.get(6);
        List<?> keys = (List<?>) part.get(7);
        List<?> values = (List<?>) part.get(8);
        for (int i = 0; i < destinations.length; i++) {
            ctx.resend(destinations[i], (Object[]) objects.get(i), (long[]) longs.get(i), (long[]) keys.get(i),
                    (double[]) values.get(i));
        }
        return new Part((Integer) part.get(2), part.get(3));
    }
}
