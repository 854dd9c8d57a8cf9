package io.ticktickclock.internal;

import io.ticktickclock.BspException;
import io.ticktickclock.ReduceOp;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The barrier between the workers of a distributed run, run by the last of a worker's processors to arrive.
 *
 * <p>Inside a worker, processors exchange through shared memory exactly as in a local run. What crosses
 * workers travels in one batch per (worker, worker) pair per superstep: a header with every local
 * processor's barrier slot (the call kind, root, shape, operation, vote and collective payload, the
 * superstep's name) and the statistics row of its previous superstep, then every channel from a local
 * processor to one of the destination worker's processors, with the primitive lanes as raw little-endian
 * arrays and object messages through the run's {@link ObjectCodec}. On receipt the other workers' slots
 * are filled in, so the barrier's checks and reductions, and every collective, read all {@code p} slots as
 * in a local run and fold in processor order: the results are bit-identical. Incoming channels are
 * announced to their local destinations like a local source's, so inboxes keep source order.
 *
 * <p>Batch layout (little-endian): magic, format version, superstep, sending worker, its first processor
 * and processor count, the channel parity; per processor its slot and statistics row; the channel count and
 * the channels. Anything else, a truncated batch, or one whose header does not match what this worker
 * expects, fails the run with a {@link BspException} naming the worker.
 */
final class WorkerExchange {
    static final int MAGIC = 0x54544342; // "TTCB"
    static final int VERSION = 1;

    private final int processors;
    private final int first;
    private final int local;
    private final int[] workerFirst;
    private final int[] workerOf;
    private final Transport transport;
    private final ObjectCodec codec;
    private final AtomicReferenceArray<Channel> announced;
    /** Every processor's statistics: the local processors' own logs, and mirrors of the others'. */
    private final StatsLog[] logs;

    private final ByteBuffer[] out;
    private ByteBuffer head = allocate(1024);
    /** Known channels from local processors to other workers, per parity: destinations and channels. */
    private final int[][] outDestinations = {new int[8], new int[8]};
    private final Channel[][] outChannels = {new Channel[8], new Channel[8]};
    private final int[] outCount = new int[2];
    /**
     * Channels from other workers' processors to local ones, per parity, by (source, destination): created
     * on first receipt and reused (a lookup per received channel per superstep, none per message).
     */
    private final List<Map<Long, Channel>> incoming = List.of(new HashMap<>(), new HashMap<>());
    private final List<List<Channel>> incomingList = List.of(new ArrayList<>(), new ArrayList<>());
    /** Per destination worker, where its channel count goes in its batch, and the count (reused). */
    private final int[] countAt;
    private final int[] counts;
    private final long[] row = new long[StatsLog.COLUMNS];

    /**
     * @param workerFirst the first processor of every worker, and {@code processors} at the end
     * @param logs every processor's statistics log: this worker's processors' own, empty ones for the others
     */
    WorkerExchange(int processors, int[] workerFirst, Transport transport, ObjectCodec codec,
            AtomicReferenceArray<Channel> announced, StatsLog[] logs) {
        this.processors = processors;
        this.workerFirst = workerFirst.clone();
        this.transport = transport;
        this.codec = codec;
        this.announced = announced;
        this.logs = logs;
        int self = transport.self();
        this.first = workerFirst[self];
        this.local = workerFirst[self + 1] - first;
        this.workerOf = new int[processors];
        for (int w = 0; w + 1 < workerFirst.length; w++) {
            Arrays.fill(workerOf, workerFirst[w], workerFirst[w + 1], w);
        }
        this.out = new ByteBuffer[transport.workers()];
        this.countAt = new int[out.length];
        this.counts = new int[out.length];
        for (int w = 0; w < out.length; w++) {
            out[w] = allocate(1024);
        }
    }

    private static ByteBuffer allocate(int capacity) {
        return ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer ensure(ByteBuffer b, long more) {
        if (b.remaining() >= more) {
            return b;
        }
        long needed = b.position() + more;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("a batch between two workers cannot exceed 2 GiB in one superstep; "
                    + "this one needs " + needed + " bytes");
        }
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * b.capacity()));
        ByteBuffer bigger = allocate(capacity);
        b.flip();
        bigger.put(b);
        return bigger;
    }

    /** Runs on the last local arrival at the barrier that ends {@code superstep}, before the checks. */
    void exchange(Barrier.Slot[] slots, int superstep) {
        int parity = slots[first].parity;
        writeHeader(slots, superstep, parity);
        for (int w = 0; w < out.length; w++) {
            if (w != transport.self()) {
                ByteBuffer b = out[w];
                b.clear();
                b = ensure(b, head.position() + 4L);
                b.put(head.duplicate().flip());
                out[w] = b;
            }
        }
        writeChannels(parity);
        for (ByteBuffer b : out) {
            b.flip();
        }
        ByteBuffer[] batches = transport.exchange(superstep, out);
        clearIncoming(parity);
        for (int w = 0; w < batches.length; w++) {
            if (w == transport.self()) {
                continue;
            }
            try {
                read(batches[w], w, slots, superstep, parity);
            } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException
                    | IllegalStateException | ClassCastException e) {
                throw malformed(w, "truncated or inconsistent (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", superstep);
            }
        }
    }

    private BspException malformed(int worker, String what, int superstep) {
        return new BspException("malformed batch from worker " + worker + " (processors " + workerFirst[worker]
                + ".." + (workerFirst[worker + 1] - 1) + ") at the end of superstep " + superstep + ": " + what,
                workerFirst[worker], superstep, "superstep-" + superstep, BspException.Phase.RUNTIME, null);
    }

    // ---- writing --------------------------------------------------------------------------------------------

    private void writeHeader(Barrier.Slot[] slots, int superstep, int parity) {
        ByteBuffer b = head;
        b.clear();
        b = ensure(b, 32);
        b.putInt(MAGIC).putInt(VERSION).putInt(superstep).putInt(transport.self()).putInt(first).putInt(local)
                .putInt(parity);
        boolean even = (superstep & 1) == 0;
        for (int pid = first; pid < first + local; pid++) {
            Barrier.Slot s = slots[pid];
            b = ensure(b, 64);
            b.putInt(s.kind).put((byte) (s.vote ? 1 : 0)).putInt(s.root).putLong(s.shape);
            b.putLong(even ? s.bits0 : s.bits1);
            b = writeOp(b, s.op);
            b = writePayload(b, even ? s.payload0 : s.payload1);
            StatsLog log = logs[pid];
            int previous = superstep - 1;
            b = writeString(b, s.name);
            b = ensure(b, 8L * StatsLog.COLUMNS + 1);
            if (previous >= 0 && log.rows() > previous) {
                b.put((byte) 1);
                for (int c = 0; c < StatsLog.COLUMNS; c++) {
                    b.putLong(log.column(previous, c));
                }
                b = writeString(b, log.recordedName(previous));
            } else {
                b.put((byte) 0);
            }
        }
        head = b;
    }

    private static ByteBuffer writeString(ByteBuffer b, String s) {
        if (s == null) {
            return ensure(b, 4).putInt(-1);
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return ensure(b, 4L + bytes.length).putInt(bytes.length).put(bytes);
    }

    private static final byte OP_NONE = 0;
    private static final byte OP_BUILTIN = 1;
    private static final byte OP_DOUBLE = 2;
    private static final byte OP_LONG = 3;
    private static final byte OP_OBJECT = 4;

    private static ByteBuffer writeOp(ByteBuffer b, ReduceOp op) {
        b = ensure(b, 2);
        switch (op) {
            case null -> b.put(OP_NONE);
            case ReduceOp.Builtin builtin -> b.put(OP_BUILTIN).put((byte) builtin.ordinal());
            default -> {
                b.put(op instanceof ReduceOp.OfDouble ? OP_DOUBLE : op instanceof ReduceOp.OfLong ? OP_LONG
                        : OP_OBJECT).put((byte) (op.commutative() ? 1 : 0));
                b = writeString(b, op.name());
            }
        }
        return b;
    }

    private static final byte NULL = 0;
    private static final byte LONGS = 1;
    private static final byte DOUBLES = 2;
    private static final byte OBJECT = 3;

    private ByteBuffer writePayload(ByteBuffer b, Object payload) {
        b = ensure(b, 5);
        switch (payload) {
            case null -> b.put(NULL);
            case long[] a -> {
                b = ensure(b.put(LONGS).putInt(a.length), 8L * a.length);
                b.asLongBuffer().put(a);
                b.position(b.position() + 8 * a.length);
            }
            case double[] a -> {
                b = ensure(b.put(DOUBLES).putInt(a.length), 8L * a.length);
                b.asDoubleBuffer().put(a);
                b.position(b.position() + 8 * a.length);
            }
            default -> b = codec.write(payload, b.put(OBJECT)).order(ByteOrder.LITTLE_ENDIAN);
        }
        return b;
    }

    private void writeChannels(int parity) {
        collectNewChannels(parity);
        Arrays.fill(counts, 0);
        for (int w = 0; w < out.length; w++) {
            if (w != transport.self()) {
                out[w] = ensure(out[w], 4);
                countAt[w] = out[w].position();
                out[w].putInt(0);
            }
        }
        int[] destinations = outDestinations[parity];
        Channel[] channels = outChannels[parity];
        for (int i = 0; i < outCount[parity]; i++) {
            Channel c = channels[i];
            if (c.isEmpty()) {
                continue;
            }
            int w = workerOf[destinations[i]];
            out[w] = writeChannel(out[w], c, destinations[i]);
            counts[w]++;
        }
        for (int w = 0; w < out.length; w++) {
            if (w != transport.self()) {
                out[w].putInt(countAt[w], counts[w]);
            }
        }
    }

    /** Picks up the channels local processors created to other workers' processors since the last barrier. */
    private void collectNewChannels(int parity) {
        for (int d = 0; d < processors; d++) {
            if (d == first) {
                d += local - 1;
                continue;
            }
            for (Channel c = Outbox.takeAnnounced(announced, d, parity); c != null; c = c.nextAnnounced) {
                int n = outCount[parity];
                if (n == outChannels[parity].length) {
                    outChannels[parity] = Arrays.copyOf(outChannels[parity], 2 * n);
                    outDestinations[parity] = Arrays.copyOf(outDestinations[parity], 2 * n);
                }
                outChannels[parity][n] = c;
                outDestinations[parity][n] = d;
                outCount[parity] = n + 1;
            }
        }
    }

    private ByteBuffer writeChannel(ByteBuffer b, Channel c, int destination) {
        b = ensure(b, 20);
        b.putInt(c.source).putInt(destination).putInt(c.objectCount);
        for (int i = 0; i < c.objectCount; i++) {
            b = codec.write(c.objects[i], b).order(ByteOrder.LITTLE_ENDIAN);
        }
        b = ensure(b, 8 + 8L * c.longCount);
        b.putInt(c.longCount);
        b.asLongBuffer().put(c.longs, 0, c.longCount);
        b.position(b.position() + 8 * c.longCount);
        b = ensure(b, 4 + 16L * c.pairCount);
        b.putInt(c.pairCount);
        b.asLongBuffer().put(c.keys, 0, c.pairCount);
        b.position(b.position() + 8 * c.pairCount);
        b.asDoubleBuffer().put(c.values, 0, c.pairCount);
        b.position(b.position() + 8 * c.pairCount);
        return b;
    }

    // ---- reading --------------------------------------------------------------------------------------------

    private void clearIncoming(int parity) {
        for (Channel c : incomingList.get(parity)) {
            if (!c.isEmpty()) {
                c.clear();
            }
        }
    }

    private void read(ByteBuffer in, int worker, Barrier.Slot[] slots, int superstep, int parity) {
        in.order(ByteOrder.LITTLE_ENDIAN);
        int magic = in.getInt();
        int version = in.getInt();
        if (magic != MAGIC || version != VERSION) {
            throw malformed(worker, "not a batch of this format (magic 0x" + Integer.toHexString(magic)
                    + ", version " + version + "; expected 0x" + Integer.toHexString(MAGIC) + ", " + VERSION + ")",
                    superstep);
        }
        int theirSuperstep = in.getInt();
        int from = in.getInt();
        int theirFirst = in.getInt();
        int count = in.getInt();
        int theirParity = in.getInt();
        if (theirSuperstep != superstep || from != worker || theirFirst != workerFirst[worker]
                || count != workerFirst[worker + 1] - workerFirst[worker]) {
            throw malformed(worker, "its header says superstep " + theirSuperstep + ", worker " + from
                    + ", processors " + theirFirst + " + " + count, superstep);
        }
        if (theirParity != parity) {
            throw malformed(worker, "its processors delivered messages at a different barrier (parity "
                    + theirParity + ", here " + parity + ")", superstep);
        }
        boolean even = (superstep & 1) == 0;
        for (int pid = theirFirst; pid < theirFirst + count; pid++) {
            Barrier.Slot s = slots[pid];
            s.kind = in.getInt();
            s.vote = in.get() != 0;
            s.root = in.getInt();
            s.shape = in.getLong();
            long bits = in.getLong();
            s.op = readOp(in, slots);
            Object payload = readPayload(in);
            if (even) {
                s.bits0 = bits;
                s.payload0 = payload;
            } else {
                s.bits1 = bits;
                s.payload1 = payload;
            }
            s.name = readString(in);
            if (in.get() != 0) {
                for (int c = 0; c < row.length; c++) {
                    row[c] = in.getLong();
                }
                logs[pid].append(row, readString(in));
            }
        }
        int channels = in.getInt();
        if (channels < 0 || channels > count * (long) local) {
            throw malformed(worker, channels + " channels from " + count + " processors to " + local, superstep);
        }
        for (int i = 0; i < channels; i++) {
            readChannel(in, worker, theirFirst, count, parity, superstep);
        }
        if (in.hasRemaining()) {
            throw malformed(worker, in.remaining() + " bytes after the last channel", superstep);
        }
    }

    private static String readString(ByteBuffer in) {
        int n = in.getInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("string of " + n + " bytes with " + in.remaining() + " left");
        }
        byte[] bytes = new byte[n];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The operation another processor brought: a built-in one by name; a custom one is this worker's own
     * instance of the same kind, name and commutativity (the job's code is the same on every worker), or,
     * when no local processor brought one, a stand-in that equals nothing, so the mismatch is reported.
     */
    private ReduceOp readOp(ByteBuffer in, Barrier.Slot[] slots) {
        byte tag = in.get();
        if (tag == OP_NONE) {
            return null;
        }
        if (tag == OP_BUILTIN) {
            return ReduceOp.Builtin.values()[in.get()];
        }
        boolean commutative = in.get() != 0;
        String name = readString(in);
        Class<?> type = switch (tag) {
            case OP_DOUBLE -> ReduceOp.OfDouble.class;
            case OP_LONG -> ReduceOp.OfLong.class;
            case OP_OBJECT -> ReduceOp.OfObject.class;
            default -> throw new IllegalArgumentException("unknown operation tag " + tag);
        };
        for (int pid = first; pid < first + local; pid++) {
            ReduceOp op = slots[pid].op;
            if (op != null && op.getClass() == type && op.commutative() == commutative && op.name().equals(name)) {
                return op;
            }
        }
        return switch (tag) {
            case OP_DOUBLE -> ReduceOp.ofDouble(name, (a, b) -> Double.NaN, commutative, Double.NaN);
            case OP_LONG -> ReduceOp.ofLong(name, (a, b) -> 0, commutative);
            default -> ReduceOp.of(name, (a, b) -> a, commutative, null);
        };
    }

    private Object readPayload(ByteBuffer in) {
        byte tag = in.get();
        return switch (tag) {
            case NULL -> null;
            case LONGS -> {
                long[] a = new long[length(in, 8)];
                in.asLongBuffer().get(a);
                in.position(in.position() + 8 * a.length);
                yield a;
            }
            case DOUBLES -> {
                double[] a = new double[length(in, 8)];
                in.asDoubleBuffer().get(a);
                in.position(in.position() + 8 * a.length);
                yield a;
            }
            case OBJECT -> codec.read(in);
            default -> throw new IllegalArgumentException("unknown payload tag " + tag);
        };
    }

    /** Reads a count of elements of {@code size} bytes and checks that the batch holds them. */
    private static int length(ByteBuffer in, int size) {
        int n = in.getInt();
        if (n < 0 || (long) n * size > in.remaining()) {
            throw new IllegalArgumentException(n + " elements of " + size + " bytes with " + in.remaining()
                    + " bytes left");
        }
        return n;
    }

    private void readChannel(ByteBuffer in, int worker, int theirFirst, int count, int parity, int superstep) {
        int source = in.getInt();
        int destination = in.getInt();
        if (source < theirFirst || source >= theirFirst + count || destination < first
                || destination >= first + local) {
            throw malformed(worker, "a channel from processor " + source + " to " + destination, superstep);
        }
        Channel c = incoming(source, destination, parity);
        int objects = length(in, 1);
        if (objects > c.objects.length) {
            c.objects = new Object[Channel.grownCapacity(c.objects.length, objects)];
        }
        for (int i = 0; i < objects; i++) {
            c.objects[i] = codec.read(in);
        }
        c.objectCount = objects;
        int longs = length(in, 8);
        if (longs > c.longs.length) {
            c.longs = new long[Channel.grownCapacity(c.longs.length, longs)];
        }
        in.asLongBuffer().get(c.longs, 0, longs);
        in.position(in.position() + 8 * longs);
        c.longCount = longs;
        int pairs = length(in, 16);
        if (pairs > c.keys.length) {
            int capacity = Channel.grownCapacity(c.keys.length, pairs);
            c.keys = new long[capacity];
            c.values = new double[capacity];
        }
        in.asLongBuffer().get(c.keys, 0, pairs);
        in.position(in.position() + 8 * pairs);
        in.asDoubleBuffer().get(c.values, 0, pairs);
        in.position(in.position() + 8 * pairs);
        c.pairCount = pairs;
    }

    /** The channel from another worker's {@code source} to local {@code destination}, announced when created. */
    private Channel incoming(int source, int destination, int parity) {
        long key = (long) source * processors + destination;
        Channel c = incoming.get(parity).get(key);
        if (c == null) {
            c = new Channel(source);
            incoming.get(parity).put(key, c);
            incomingList.get(parity).add(c);
            int at = 2 * destination + parity;
            Channel head;
            do {
                head = announced.get(at);
                c.nextAnnounced = head;
            } while (!announced.compareAndSet(at, head, c));
        }
        return c;
    }

    void abort(Throwable cause) {
        transport.abort(cause);
    }
}
