package io.ticktickclock.internal;

import io.ticktickclock.BspContext;
import io.ticktickclock.Inbox;
import io.ticktickclock.LongInbox;
import io.ticktickclock.PairInbox;
import io.ticktickclock.internal.wire.ArrayPrefix;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;

/**
 * The local runtime's {@link BspContext}: one per processor, confined to its thread.
 *
 * <p>It owns its outgoing channels (an {@link Outbox} per parity; each channel is created on the first send
 * to its destination, on this thread, so that it is not interleaved in memory with other processors'
 * buffers) and its statistics log. Memory is O(1 + the processors it exchanges messages with). The
 * parity is that of {@link #deliveries}, the number of barriers that delivered messages: a superstep writes
 * the channels of parity {@code deliveries & 1}; after the barrier, destinations read them as the inbox of
 * the next superstep, while the source writes the other parity. The source clears a parity's channels when
 * that parity comes round again, two delivering barriers later, when nobody can be reading them. The inner
 * barriers of a collective that takes several supersteps deliver nothing: the inbox the collective's first
 * barrier delivered stays in place until the call returns, so no message sent before it is lost.
 */
public final class Processor<M> extends CollectiveOps implements BspContext<M> {

    static final int KIND_SYNC = Kinds.code(Kinds.SYNC, Kinds.NONE);
    static final int KIND_END = Kinds.code(Kinds.END, Kinds.NONE);

    private final LocalRun<M, ?> run;
    private final Barrier barrier;
    private final int pid;
    private final int processors;
    private final int lastSuperstep;
    private final int maxSupersteps;
    /** Part of a run over several workers: the slot also carries the parity and the superstep's name. */
    private final boolean distributed;

    private final Outbox[] out;
    private final InboxViews.Sources[] in;
    private Outbox outbox;
    /** {@code outbox.dense()}: the send fast path, one load to an existing channel. */
    private Channel[] dense;
    private DoubleBinaryOperator pairCombiner;

    private final InboxViews.ObjectView<M> objectInbox;
    private final InboxViews.LongView longInbox;
    private final InboxViews.PairView pairInbox;

    private int superstep;
    /** The superstep whose barrier this processor last reached; read by the run's watchdog (opaque). */
    @SuppressWarnings("unused")
    private int arrivedAt = -1;
    /** Barriers that delivered messages: selects the channel parity (equal on every processor). */
    private int deliveries;
    private String name;
    private long superstepStart;
    private long communicateStart;
    private boolean communicateMarked;
    // Words moved by a collective in this superstep (they do not travel through the channels).
    private long collectiveSent;
    private long collectiveReceived;
    private final long[] postedWords = new long[2];
    /** Whether the last {@code sync()} ended a superstep in which a collective was posted. */
    private boolean lastSyncPosted;
    /** Messages in the inboxes during the current superstep. */
    private long inboxMessages;
    final StatsLog stats = new StatsLog();
    /**
     * The length of this processor's last checkpoint part (written or restored), which sizes the next part's
     * buffer; 0 when the next part's length is to be counted first: {@link Checkpointing} only.
     */
    long checkpointBytes;

    private static final VarHandle ARRIVED_AT;

    static {
        try {
            ARRIVED_AT = MethodHandles.lookup().findVarHandle(Processor.class, "arrivedAt", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The superstep whose barrier this processor last reached, or -1 (for the watchdog on another thread). */
    int arrivedAt() {
        return (int) ARRIVED_AT.getOpaque(this);
    }

    Processor(LocalRun<M, ?> run, Barrier barrier, int pid) {
        super(run.processors, pid, barrier);
        this.run = run;
        this.barrier = barrier;
        this.pid = pid;
        this.processors = run.processors;
        this.maxSupersteps = run.maxSupersteps;
        this.distributed = run.isDistributed();
        // The trailing superstep that only ends a superstep program is not counted against the limit.
        this.lastSuperstep = run.programMode ? run.maxSupersteps : run.maxSupersteps - 1;
        out = new Outbox[] {
            new Outbox(pid, 0, processors, run.announced), new Outbox(pid, 1, processors, run.announced)};
        in = new InboxViews.Sources[] {new InboxViews.Sources(), new InboxViews.Sources()};
        outbox = out[0];
        dense = outbox.dense();
        objectInbox = new InboxViews.ObjectView<>(processors);
        longInbox = new InboxViews.LongView(processors);
        pairInbox = new InboxViews.PairView(processors);
        // Superstep 0 has an empty inbox.
        InboxViews.Sources empty = new InboxViews.Sources();
        objectInbox.refresh(empty);
        longInbox.refresh(empty);
        pairInbox.refresh(empty);
        // A resumed run starts at its restore superstep, so superstep numbers (and the limit) go on from there.
        superstep = run.firstSuperstep;
        stats.base = run.firstSuperstep;
        superstepStart = System.nanoTime();
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public int processors() {
        return processors;
    }

    @Override
    public int superstep() {
        return superstep;
    }

    @Override
    public String superstepName() {
        // No '+': a failing run asks for the name when the heap may be full (see LocalRun.failed).
        return name != null ? name : "superstep-".concat(Integer.toString(superstep));
    }

    @Override
    public void nameSuperstep(String name) {
        this.name = Objects.requireNonNull(name, "name must not be null");
        if (pid == 0) {
            run.progress().publish(superstep, name);
        }
    }

    @Override
    public void report(String series, double value) {
        run.report(pid, superstep, series, value);
    }

    private void checkDestination(int destination) {
        if (destination < 0 || destination >= processors) {
            throw new IllegalArgumentException("destination " + destination
                    + " is outside the processor range [0, " + processors + ")");
        }
    }

    /** The channel to {@code destination} (checked), from the dense table when it exists already. */
    private Channel channel(int destination) {
        Channel[] d = dense;
        Channel c;
        if (d != null && (c = d[destination]) != null) {
            return c;
        }
        return outbox.channel(destination);
    }

    @Override
    public void send(int destination, M message) {
        checkDestination(destination);
        Objects.requireNonNull(message, "message must not be null");
        channel(destination).addObject(message);
    }

    @Override
    public void sendLong(int destination, long value) {
        checkDestination(destination);
        channel(destination).addLong(value);
    }

    @Override
    public void sendLongs(int destination, long[] values, int from, int to) {
        checkDestination(destination);
        Objects.checkFromToIndex(from, to, values.length);
        channel(destination).addLongs(values, from, to);
    }

    @Override
    public void sendPair(int destination, long key, double value) {
        checkDestination(destination);
        DoubleBinaryOperator c = pairCombiner;
        if (c == null) {
            channel(destination).addPair(key, value);
        } else {
            channel(destination).combinePair(key, value, c);
        }
    }

    @Override
    public void combinePairs(DoubleBinaryOperator combiner) {
        this.pairCombiner = combiner;
    }

    @Override
    public Inbox<M> inbox() {
        return objectInbox;
    }

    @Override
    public LongInbox longInbox() {
        return longInbox;
    }

    @Override
    public PairInbox pairInbox() {
        return pairInbox;
    }

    @Override
    public void sync() {
        end(KIND_SYNC, true, true);
    }

    @Override
    public boolean sync(boolean converged) {
        return end(KIND_SYNC, converged, true);
    }

    /** Ends the program on this processor: the last barrier, which checks every processor ended too. */
    void finish() {
        long[] pending = new long[2];
        int posted = takePosted(pending);
        if (posted != 0) {
            throw new IllegalStateException(Kinds.name(posted) + " was posted in the last superstep (" + superstep
                    + "): the program ended, so nothing can read its result");
        }
        end(KIND_END, true, true);
    }

    /** After the run failed elsewhere: waits until the failure has interrupted every processor. */
    void awaitStopSignalled() {
        run.awaitInterruptsSent();
    }

    int maxSupersteps() {
        return maxSupersteps;
    }

    @Override
    void collectiveSync(int code, String collective, long sentWords, long receivedWords, boolean delivers) {
        if (name == null) {
            name = collective;
        }
        collectiveSent += sentWords;
        collectiveReceived += receivedWords;
        end(code, true, delivers);
    }

    /**
     * Drops the buffers this processor is filling in the current superstep (nobody reads them before the
     * barrier), so that a processor that ran out of memory can report it. Only its own thread calls this.
     */
    void releaseOutgoing() {
        outbox.release();
    }

    /** Whether the processor is in a superstep program's communicate step. */
    boolean inCommunicate() {
        return communicateMarked;
    }

    /** Marks the end of the compute step, for the compute/communicate split in the statistics. */
    void markCommunicate() {
        communicateStart = System.nanoTime();
        communicateMarked = true;
    }

    /**
     * Ends the superstep at the barrier. With {@code delivers} false (an inner barrier of a collective, when
     * nobody can have sent anything) the inbox and the channels stay as they are.
     */
    private boolean end(int kind, boolean vote, boolean delivers) {
        long arrive = System.nanoTime();
        if (kind != KIND_END && superstep >= lastSuperstep) {
            throw new IllegalStateException("superstep limit " + maxSupersteps + " reached: sync() in superstep "
                    + superstep + " would start superstep " + (superstep + 1)
                    + " (raise BspRuntime.Builder.maxSupersteps)");
        }
        if (kind == KIND_SYNC) {
            // sync() ends a superstep in which a collective may have been posted: arrive as that collective.
            long[] words = postedWords;
            words[0] = 0;
            words[1] = 0;
            int code = takePosted(words);
            lastSyncPosted = code != 0;
            if (code != 0) {
                kind = code;
                collectiveSent += words[0];
                collectiveReceived += words[1];
            }
        }
        long sentMessages = collectiveSent + outbox.messages();
        long sentWords = collectiveSent + outbox.words();
        ARRIVED_AT.setOpaque(this, superstep);
        if (distributed) {
            mine.parity = deliveries & 1;
            mine.name = name;
        }
        int flags = barrier.await(pid, kind, vote);
        collectiveReceived += superstepEnded(kind);
        long leave = System.nanoTime();
        long nextStart = leave;
        if ((flags & 2) != 0 && run.afterBarrier()) {
            // Last to arrive, and the observer was called with the previous superstep's statistics: its time
            // is telemetry's, not this processor's barrier wait or computation.
            nextStart = System.nanoTime();
        }

        int receivedObjects = 0;
        int receivedLongs = 0;
        int receivedPairs = 0;
        if (delivers) {
            // The buffers of this parity addressed to us are now complete: they are the next inbox.
            InboxViews.Sources delivered = in[deliveries & 1];
            delivered.admit(Outbox.takeAnnounced(run.announced, pid, deliveries & 1));
            receivedObjects = objectInbox.refresh(delivered);
            receivedLongs = longInbox.refresh(delivered);
            receivedPairs = pairInbox.refresh(delivered);
        }
        long compute;
        long communicate;
        if (communicateMarked) {
            compute = communicateStart - superstepStart;
            communicate = arrive - communicateStart;
        } else {
            compute = arrive - superstepStart;
            communicate = 0;
        }
        stats.record(name, compute, communicate, leave - arrive, sentMessages, sentWords,
                collectiveReceived + receivedObjects + receivedLongs + receivedPairs,
                collectiveReceived + receivedObjects + receivedLongs + 2L * receivedPairs, inboxMessages,
                (flags & 1) != 0);
        if (delivers) {
            inboxMessages = (long) receivedObjects + receivedLongs + receivedPairs;
        }
        collectiveSent = 0;
        collectiveReceived = 0;

        superstep++;
        name = null;
        if (pid == 0 && kind != KIND_END) {
            run.progress().publish(superstep, null);
        }
        communicateMarked = false;
        if (delivers) {
            deliveries++;
            outbox = out[deliveries & 1];
            dense = outbox.dense();
            outbox.clear();
        }
        superstepStart = nextStart;
        return (flags & 1) != 0;
    }

    // ---- checkpoints -------------------------------------------------------------------------------------------

    /**
     * Whether the messages delivered by the last barrier are all in channels: false when that barrier also
     * ended a posted collective (whose result a checkpoint could not carry).
     */
    boolean checkpointable() {
        return !lastSyncPosted;
    }

    /**
     * Adds to {@code part} what this processor sent in the superstep that just ended and the others have still
     * to read (the channels of the parity the last barrier delivered), in its order: the destinations, then per
     * destination its object, long, pair-key and pair-value arrays (the filled ranges of the channels' own
     * arrays, not copies: encode the part before this superstep's barrier). Only this processor's thread calls
     * it, right after a delivering {@code sync()}; the destinations read the same channels meanwhile, which is
     * safe since nobody writes them in this superstep.
     */
    void undelivered(java.util.List<Object> part) {
        Outbox sent = out[(deliveries - 1) & 1];
        int n = sent.channels();
        int[] destinations = new int[n];
        Object[] objects = new Object[n];
        Object[] longs = new Object[n];
        Object[] keys = new Object[n];
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            Channel c = sent.channelAt(i);
            destinations[i] = sent.destinationAt(i);
            objects[i] = new ArrayPrefix(c.objects, c.objectCount);
            longs[i] = new ArrayPrefix(c.longs, c.longCount);
            keys[i] = new ArrayPrefix(c.keys, c.pairCount);
            values[i] = new ArrayPrefix(c.values, c.pairCount);
        }
        part.add(destinations);
        part.add(java.util.Arrays.asList(objects));
        part.add(java.util.Arrays.asList(longs));
        part.add(java.util.Arrays.asList(keys));
        part.add(java.util.Arrays.asList(values));
    }

    /** Tells the observer that the run resumes from the checkpoint of {@code superstep}. */
    void resumed(int superstep) {
        run.resumed(superstep);
    }

    /**
     * Sends again, in the restore superstep of a resumed run, what a checkpoint saved of this processor's
     * undelivered messages to {@code destination}: as they were, without combining them again, so that every
     * inbox of the next superstep is the one the checkpointed run had.
     */
    @SuppressWarnings("unchecked")
    void resend(int destination, Object[] objects, long[] longs, long[] keys, double[] values) {
        checkDestination(destination);
        if (keys.length != values.length) {
            throw new IllegalArgumentException("a checkpoint's pair keys and values differ in length: "
                    + keys.length + " and " + values.length);
        }
        Channel c = channel(destination);
        for (Object o : objects) {
            c.addObject(Objects.requireNonNull(o, "a checkpoint holds a null message"));
        }
        c.addLongs(longs, 0, longs.length);
        for (int i = 0; i < keys.length; i++) {
            c.addPair(keys[i], values[i]);
        }
    }
}
