package io.ticktickclock.cluster.internal;

import io.ticktickclock.cluster.Mesh;
import io.ticktickclock.cluster.MeshException;
import io.ticktickclock.cluster.WorkerInfo;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * The data mesh of one job on one worker.
 *
 * <p>Implementation overview. Every ordered pair of workers has its own TCP connection, opened by the sender at
 * {@link #open()} and introduced by a HELLO frame; the receiving worker's {@link DataServer} hands it to this mesh.
 * The job's thread writes DATA frames with gathering writes straight from the caller's buffers. One reader thread
 * per incoming connection reads frames straight into one of two direct buffers per peer (superstep parity): batch
 * {@code s} is read while the job still holds batch {@code s-1}; the reader of batch {@code s+1} waits until
 * {@code receive(s)} has released {@code s-1}, so a fast peer is held back by TCP flow control, never by copies.
 * Every failure goes through {@link #fail}: it records the first cause, wakes the waiting thread and closes the
 * connections, which ends every blocked read and write.
 */
public final class MeshImpl implements Mesh, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.ticktickclock.cluster");
    private static final long UNSET = Long.MIN_VALUE;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final long jobId;
    private final int self;
    private final List<WorkerInfo> workers;
    private final MeshOptions options;
    private final DataServer server;

    private final SocketChannel[] out;
    private final ReentrantLock[] outLocks; // held while writing: an ABORT from another thread never splits a frame
    private final ByteBuffer[] outHeaders;
    private final long[] nextSend;
    private final CRC32C sendCrc = new CRC32C();
    private final Peer[] in;
    private long nextReceive = UNSET;
    private long openedAt; // System.nanoTime() of open()

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile MeshException failure;
    private volatile boolean closed;

    /**
     * Parameters of a mesh.
     *
     * @param peerConnectMillis how long after {@link #open()} a peer's data connection may take to arrive before a
     *     receive that waits for it fails the job (with or without a receive timeout): a peer that has not connected
     *     by then did not start the job or cannot reach this worker's data port, and waiting longer would hang
     */
    public record MeshOptions(int maxBatchBytes, long receiveTimeoutMillis, int socketBufferBytes,
                              int connectTimeoutMillis, long peerConnectMillis) {
        /** The options with the default peer-connect wait, {@link DataServer#PENDING_TIMEOUT_MILLIS}. */
        public MeshOptions(int maxBatchBytes, long receiveTimeoutMillis, int socketBufferBytes,
                int connectTimeoutMillis) {
            this(maxBatchBytes, receiveTimeoutMillis, socketBufferBytes, connectTimeoutMillis,
                    DataServer.PENDING_TIMEOUT_MILLIS);
        }
    }

    private static final class Slot {
        ByteBuffer buffer = EMPTY;
        long superstep = UNSET;
        int length;
    }

    private final class Peer {
        final int index;
        final Slot[] slots = {new Slot(), new Slot()};
        SocketChannel channel;
        Thread reader;
        long nextExpected = UNSET;
        boolean finished;

        Peer(int index) {
            this.index = index;
        }
    }

    /**
     * Creates the mesh of job {@code jobId} for worker {@code self}; {@link #open()} connects it.
     */
    public MeshImpl(long jobId, int self, List<WorkerInfo> workers, MeshOptions options, DataServer server) {
        this.jobId = jobId;
        this.self = self;
        this.workers = List.copyOf(workers);
        this.options = options;
        this.server = server;
        int n = workers.size();
        out = new SocketChannel[n];
        outLocks = new ReentrantLock[n];
        outHeaders = new ByteBuffer[n];
        nextSend = new long[n];
        in = new Peer[n];
        for (int w = 0; w < n; w++) {
            nextSend[w] = UNSET;
            if (w != self) {
                outLocks[w] = new ReentrantLock();
                outHeaders[w] = Frames.newHeader();
                in[w] = new Peer(w);
            }
        }
    }

    /**
     * Registers with the data server (which hands over peers' connections, including those that arrived first) and
     * connects to every other worker.
     *
     * @throws MeshException if a peer cannot be reached
     */
    public void open() {
        openedAt = System.nanoTime();
        server.register(jobId, this);
        for (int w = 0; w < workers.size(); w++) {
            if (w == self) {
                continue;
            }
            WorkerInfo peer = workers.get(w);
            try {
                SocketChannel ch = SocketChannel.open();
                out[w] = ch;
                configure(ch, options.socketBufferBytes());
                ch.socket().connect(new InetSocketAddress(peer.dataHost(), peer.dataPort()),
                        options.connectTimeoutMillis());
                ByteBuffer h = outHeaders[w];
                Frames.write(h, Frames.HELLO, jobId, 0, self, w, 0, 0);
                writeFully(ch, h);
            } catch (IOException | RuntimeException e) {
                // The mesh may have failed meanwhile (a peer's connection ended, and the failure closed or switched
                // this channel to non-blocking under the connect): then that failure is the cause.
                throwIfFailed();
                throw failAndGet(new MeshException("cannot open the data connection to " + peer.describe() + " at "
                        + peer.dataHost() + ":" + peer.dataPort() + ": " + e, w, true, e));
            }
        }
    }

    static void configure(SocketChannel ch, int bufferBytes) throws IOException {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (bufferBytes > 0) {
            ch.setOption(StandardSocketOptions.SO_SNDBUF, bufferBytes);
            ch.setOption(StandardSocketOptions.SO_RCVBUF, bufferBytes);
        }
    }

    @Override
    public int workers() {
        return workers.size();
    }

    @Override
    public int self() {
        return self;
    }

    /** The job this mesh belongs to. */
    public long jobId() {
        return jobId;
    }

    /** The workers of the job, in order. */
    public List<WorkerInfo> workerInfos() {
        return workers;
    }

    @Override
    public void send(int toWorker, long superstep, ByteBuffer... payload) {
        if (toWorker < 0 || toWorker >= workers.size() || toWorker == self) {
            throw new IllegalArgumentException("toWorker must be another worker's index in 0.." + (workers.size() - 1)
                    + " (this worker is " + self + "), got " + toWorker);
        }
        long expected = nextSend[toWorker];
        if (expected != UNSET && superstep != expected) {
            throw new IllegalArgumentException(superstep == expected - 1
                    ? "worker " + toWorker + " already has this worker's batch for superstep " + superstep
                    : "superstep must be " + expected + " (the next one for worker " + toWorker + "), got "
                    + superstep);
        }
        throwIfFailed();
        long length = 0;
        sendCrc.reset();
        for (ByteBuffer b : payload) {
            length += b.remaining();
            int position = b.position();
            sendCrc.update(b);
            b.position(position);
        }
        if (length > options.maxBatchBytes()) {
            throw new IllegalArgumentException("a batch of " + length + " bytes for worker " + toWorker
                    + " exceeds maxBatchBytes (" + options.maxBatchBytes() + ")");
        }
        ByteBuffer header = outHeaders[toWorker];
        ByteBuffer[] frame = new ByteBuffer[payload.length + 1];
        frame[0] = header;
        System.arraycopy(payload, 0, frame, 1, payload.length);
        SocketChannel ch = out[toWorker];
        ReentrantLock writing = outLocks[toWorker];
        writing.lock();
        try {
            throwIfFailed();
            Frames.write(header, Frames.DATA, jobId, superstep, self, toWorker, (int) length,
                    (int) sendCrc.getValue());
            long left = Frames.HEADER_BYTES + length;
            while (left > 0) {
                left -= ch.write(frame);
            }
        } catch (IOException e) {
            throwIfFailed();
            throw failAndGet(new MeshException("sending to " + workers.get(toWorker).describe() + " failed: " + e,
                    toWorker, true, e));
        } finally {
            writing.unlock();
        }
        nextSend[toWorker] = superstep + 1;
    }

    @Override
    public List<ByteBuffer> receive(long superstep) {
        if (nextReceive != UNSET && superstep != nextReceive) {
            throw new IllegalArgumentException("superstep must be " + nextReceive
                    + " (the one after the previous receive), got " + superstep);
        }
        for (int w = 0; w < workers.size(); w++) {
            if (w != self && (nextSend[w] == UNSET || nextSend[w] == superstep)) {
                send(w, superstep);
            }
        }
        ByteBuffer[] batches = new ByteBuffer[workers.size()];
        batches[self] = EMPTY;
        int slot = (int) (superstep & 1);
        long deadline = options.receiveTimeoutMillis() > 0
                ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.receiveTimeoutMillis()) : 0;
        lock.lock();
        try {
            if (nextReceive != UNSET) {
                // The job is done with the previous superstep's batches: their buffers may take superstep + 1.
                for (Peer p : in) {
                    if (p != null && p.slots[slot ^ 1].superstep == superstep - 1) {
                        p.slots[slot ^ 1].superstep = UNSET;
                    }
                }
                changed.signalAll();
            }
            for (Peer p : in) {
                if (p == null) {
                    continue;
                }
                Slot s = p.slots[slot];
                while (s.superstep != superstep) {
                    throwIfFailed();
                    if (p.finished) {
                        throw failAndGet(new MeshException(workers.get(p.index).describe()
                                + " finished the job before superstep " + superstep, p.index, true, null));
                    }
                    if (s.superstep != UNSET && s.superstep != superstep) {
                        throw failAndGet(new MeshException(workers.get(p.index).describe() + " sent superstep "
                                + s.superstep + " where superstep " + superstep + " was expected", p.index, false,
                                null));
                    }
                    long connectBy = p.channel == null
                            ? openedAt + TimeUnit.MILLISECONDS.toNanos(options.peerConnectMillis()) : 0;
                    if (connectBy != 0 && (deadline == 0 || connectBy - deadline < 0)) {
                        long left = connectBy - System.nanoTime();
                        if (left <= 0) {
                            throw failAndGet(new MeshException(workers.get(p.index).describe() + " did not open "
                                    + "its data connection to this worker within " + options.peerConnectMillis()
                                    + " ms of the job's start here (it did not start the job, or cannot reach this"
                                    + " worker's data port)", p.index, true, null));
                        }
                        changed.awaitNanos(left);
                    } else if (deadline == 0) {
                        changed.awaitUninterruptibly();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            throw failAndGet(new MeshException("no batch for superstep " + superstep + " from "
                                    + workers.get(p.index).describe() + " within the receive timeout of "
                                    + options.receiveTimeoutMillis() + " ms"
                                    + (p.channel == null ? " (it never connected)" : ""), p.index, false, null));
                        }
                        changed.awaitNanos(left);
                    }
                }
                batches[p.index] = s.buffer.slice(0, s.length);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failAndGet(new MeshException("interrupted while waiting for superstep " + superstep, -1, true, e));
        } finally {
            lock.unlock();
        }
        nextReceive = superstep + 1;
        return Collections.unmodifiableList(java.util.Arrays.asList(batches));
    }

    /** Takes a peer's connection (its HELLO checked by the server) and starts reading it. */
    void accept(SocketChannel ch, ByteBuffer hello) {
        int from = Frames.from(hello);
        int to = Frames.to(hello);
        lock.lock();
        try {
            if (closed || failure != null) {
                closeQuietly(ch);
                return;
            }
            if (to != self || from < 0 || from >= workers.size() || from == self) {
                closeQuietly(ch);
                fail(new MeshException("a data connection from " + remote(ch) + " for job " + jobId
                        + " claims to come from worker " + from + " for worker " + to + ", but this is worker "
                        + self + " of " + workers.size(), -1, false, null));
                return;
            }
            Peer p = in[from];
            if (p.channel != null) {
                closeQuietly(ch);
                fail(new MeshException("a second data connection from " + remote(ch) + " claims to come from "
                        + workers.get(from).describe(), from, false, null));
                return;
            }
            p.channel = ch;
            p.reader = Thread.ofPlatform().daemon().name("ttc-mesh-" + Long.toHexString(jobId) + "-from-" + from)
                    .start(() -> readLoop(p));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void readLoop(Peer p) {
        String who = workers.get(p.index).describe();
        ByteBuffer h = Frames.newHeader();
        CRC32C crc = new CRC32C();
        SocketChannel ch = p.channel;
        try {
            while (true) {
                h.clear();
                if (!readFully(ch, h, true)) {
                    fail(new MeshException(who + " closed its data connection in the middle of the job"
                            + " (it died, left or failed)", p.index, true, null));
                    return;
                }
                String bad = Frames.checkCommon(h);
                if (bad == null && Frames.jobId(h) != jobId) {
                    bad = "frame for job " + Long.toHexString(Frames.jobId(h)) + " on a connection of job "
                            + Long.toHexString(jobId);
                }
                if (bad == null && (Frames.from(h) != p.index || Frames.to(h) != self)) {
                    bad = "frame from worker " + Frames.from(h) + " to worker " + Frames.to(h)
                            + " on the connection from worker " + p.index + " to worker " + self;
                }
                if (bad != null) {
                    fail(new MeshException("malformed frame from " + who + ": " + bad, p.index, false, null));
                    return;
                }
                switch (Frames.type(h)) {
                    case Frames.DATA -> {
                        if (!readData(p, h, crc, who)) {
                            return;
                        }
                    }
                    case Frames.CLOSE -> {
                        lock.lock();
                        try {
                            p.finished = true;
                            changed.signalAll();
                        } finally {
                            lock.unlock();
                        }
                        return;
                    }
                    case Frames.ABORT -> {
                        int length = Frames.length(h);
                        if (length > Frames.MAX_REASON_BYTES) {
                            fail(new MeshException(who + " aborted the job with an oversized reason (" + length
                                    + " bytes)", p.index, true, null));
                            return;
                        }
                        ByteBuffer reason = ByteBuffer.allocate(length);
                        if (!readFully(ch, reason, false)) {
                            return;
                        }
                        // The sender's text names the worker where the job failed, and the header's superstep field
                        // its index: a failure that travels through several workers keeps its origin. It is passed
                        // on to the other peers too: this worker closes its connections next, and a peer that saw
                        // that close before the origin's own ABORT would blame this worker.
                        long blamed = Frames.superstep(h);
                        fail(new MeshException(new String(reason.array(), StandardCharsets.UTF_8),
                                blamed >= 0 && blamed < workers.size() ? (int) blamed : p.index, true, null));
                        return;
                    }
                    default -> {
                        fail(new MeshException("malformed frame from " + who + ": unexpected "
                                + Frames.typeName(Frames.type(h)) + " frame", p.index, false, null));
                        return;
                    }
                }
            }
        } catch (EOFException e) {
            fail(new MeshException("truncated frame from " + who + " (the connection ended inside a frame)",
                    p.index, true, e));
        } catch (IOException e) {
            if (!closed && failure == null) {
                fail(new MeshException("the data connection from " + who + " failed: " + e, p.index, true, e));
            }
        } catch (InterruptedException e) {
            // Closing: nothing more to read.
        }
    }

    /** Reads a DATA frame's payload into its slot; false if the mesh failed meanwhile. */
    private boolean readData(Peer p, ByteBuffer h, CRC32C crc, String who) throws IOException, InterruptedException {
        long superstep = Frames.superstep(h);
        int length = Frames.length(h);
        if (length > options.maxBatchBytes()) {
            fail(new MeshException("oversized frame from " + who + ": " + length + " bytes for superstep " + superstep
                    + " exceed maxBatchBytes (" + options.maxBatchBytes() + ")", p.index, false, null));
            return false;
        }
        Slot slot = p.slots[(int) (superstep & 1)];
        lock.lock();
        try {
            if (p.nextExpected != UNSET && superstep != p.nextExpected) {
                fail(new MeshException("malformed frame from " + who + ": superstep " + superstep + " where "
                        + p.nextExpected + " was expected", p.index, false, null));
                return false;
            }
            while (slot.superstep != UNSET && failure == null) {
                changed.await();
            }
            if (failure != null) {
                return false;
            }
        } finally {
            lock.unlock();
        }
        if (slot.buffer.capacity() < length) {
            slot.buffer = ByteBuffer.allocateDirect(Math.max(length, Math.min(options.maxBatchBytes(),
                    Integer.highestOneBit(Math.max(1, length - 1)) << 1)));
        }
        ByteBuffer b = slot.buffer;
        b.clear().limit(length);
        if (!readFully(p.channel, b, false)) {
            return false;
        }
        b.flip();
        crc.reset();
        crc.update(b);
        if ((int) crc.getValue() != Frames.crc(h)) {
            fail(new MeshException("corrupt frame from " + who + ": the CRC32C of superstep " + superstep
                    + "'s batch (" + length + " bytes) does not match its header", p.index, false, null));
            return false;
        }
        lock.lock();
        try {
            slot.superstep = superstep;
            slot.length = length;
            p.nextExpected = superstep + 1;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return true;
    }

    /**
     * Reads until {@code b} is full. Returns false on EOF before the first byte if {@code eofAllowed}; throws
     * {@link EOFException} on EOF after it.
     */
    private static boolean readFully(SocketChannel ch, ByteBuffer b, boolean eofAllowed) throws IOException {
        boolean first = true;
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                if (first && eofAllowed) {
                    return false;
                }
                throw new EOFException();
            }
            first = false;
        }
        return true;
    }

    private static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    @Override
    public void abort(Throwable cause) {
        fail(new MeshException(workers.get(self).describe() + " aborted the job: " + cause, self, false, cause));
    }

    /**
     * Fails the job on this worker with {@code e} unless it already failed: wakes the waiting thread, tells the
     * peers why (an ABORT frame naming the worker where it failed) and closes the connections.
     */
    public void fail(MeshException e) {
        fail(e, true);
    }

    private void fail(MeshException e, boolean tellPeers) {
        lock.lock();
        try {
            if (failure != null) {
                return;
            }
            failure = e;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (!closed) {
            LOG.log(System.Logger.Level.DEBUG, () -> "job " + Long.toHexString(jobId) + ": " + e.getMessage());
        }
        if (tellPeers) {
            for (int w = 0; w < out.length; w++) {
                if (out[w] != null && out[w].isOpen()) {
                    sayGoodbye(w, e.getMessage(), e.worker());
                }
            }
        }
        closeChannels();
    }

    private MeshException failAndGet(MeshException e) {
        fail(e);
        return rethrowable();
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw rethrowable();
        }
    }

    /** The recorded failure, re-created on the calling thread so its stack shows where the job was. */
    private MeshException rethrowable() {
        MeshException f = failure;
        return new MeshException(f.getMessage(), f.worker(), f.causedElsewhere(), f);
    }

    /** The first failure of this mesh, or null. */
    public MeshException failure() {
        return failure;
    }

    /**
     * Ends the job on this worker: tells every peer it finished ({@code cause == null}) or aborted, closes the
     * connections and waits for the reader threads.
     */
    public void close(Throwable cause) {
        if (closed) {
            return;
        }
        if (cause != null) {
            abort(cause); // no-op if the job failed already
        } else if (failure == null) {
            for (int w = 0; w < out.length; w++) {
                if (out[w] != null && out[w].isOpen()) {
                    sayGoodbye(w, null, self);
                }
            }
        }
        closed = true;
        fail(new MeshException("job " + Long.toHexString(jobId) + " is over on worker " + self, self, true, null),
                false);
        closeChannels();
        for (Peer p : in) {
            Thread t = p == null ? null : p.reader;
            if (t != null) {
                try {
                    t.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        server.unregister(jobId, this);
    }

    @Override
    public void close() {
        close(null);
    }

    /**
     * Sends CLOSE ({@code reason == null}) or ABORT without blocking: a peer that stopped reading does not hold this
     * worker, and a frame the job's thread is writing is never split (then the peer learns from the closed
     * connection instead).
     */
    private void sayGoodbye(int w, String reason, int blamed) {
        ReentrantLock writing = outLocks[w];
        if (!writing.tryLock()) {
            return;
        }
        try {
            SocketChannel ch = out[w];
            ByteBuffer header = outHeaders[w];
            byte[] text = reason == null ? new byte[0] : truncate(reason).getBytes(StandardCharsets.UTF_8);
            Frames.write(header, reason == null ? Frames.CLOSE : Frames.ABORT, jobId, reason == null ? nextSend[w]
                    : blamed, self, w, text.length, 0);
            ch.configureBlocking(false);
            ch.write(new ByteBuffer[] {header, ByteBuffer.wrap(text)});
        } catch (IOException | RuntimeException e) {
            // The peer is gone or not reading; it learns from the closed connection instead.
        } finally {
            writing.unlock();
        }
    }

    private static String truncate(String s) {
        return s.length() > 8_000 ? s.substring(0, 8_000) + "..." : s;
    }

    private void closeChannels() {
        List<SocketChannel> all = new ArrayList<>();
        for (SocketChannel ch : out) {
            if (ch != null) {
                all.add(ch);
            }
        }
        lock.lock();
        try {
            for (Peer p : in) {
                if (p != null && p.channel != null) {
                    all.add(p.channel);
                }
            }
        } finally {
            lock.unlock();
        }
        for (SocketChannel ch : all) {
            closeQuietly(ch);
        }
    }

    static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }

    static String remote(SocketChannel ch) {
        try {
            return String.valueOf(ch.getRemoteAddress());
        } catch (IOException | RuntimeException e) {
            return "(unknown address)";
        }
    }
}
