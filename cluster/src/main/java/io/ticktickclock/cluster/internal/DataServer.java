package io.ticktickclock.cluster.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker's data port: accepts the peers' data connections, checks their HELLO frame and hands each to the mesh of
 * its job.
 *
 * <p>One thread runs a selector for the accepts and the handshakes, so a client that connects and sends nothing, or
 * garbage, costs no thread and is dropped (garbage at once, silence after {@link #HANDSHAKE_TIMEOUT_MILLIS}). A peer
 * may connect before this worker has started the job: its connection waits here until the job's mesh registers, or
 * is dropped after {@link #PENDING_TIMEOUT_MILLIS}. Thread-safe.
 */
public final class DataServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.ticktickclock.cluster");
    static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    static final long PENDING_TIMEOUT_MILLIS = 60_000;

    private final ServerSocketChannel server;
    private final Selector selector;
    private final int socketBufferBytes;
    private final Thread thread;
    private final Map<Long, MeshImpl> meshes = new HashMap<>();
    private final Map<Long, List<Pending>> pending = new HashMap<>();
    private volatile boolean closed;

    private record Pending(SocketChannel channel, ByteBuffer hello, long since) {
    }

    private static final class Handshake {
        final ByteBuffer hello = Frames.newHeader();
        final long since = System.nanoTime();
    }

    /**
     * Opens the data port on {@code bindHost}, port {@code port} (0: any free port).
     *
     * @throws IOException if the port cannot be opened
     */
    public DataServer(String bindHost, int port, int socketBufferBytes) throws IOException {
        this.socketBufferBytes = socketBufferBytes;
        server = ServerSocketChannel.open();
        try {
            if (socketBufferBytes > 0) {
                // Set before bind so accepted connections can use a window this large.
                server.setOption(StandardSocketOptions.SO_RCVBUF, socketBufferBytes);
            }
            server.bind(new InetSocketAddress(bindHost, port), 128);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        thread = Thread.ofPlatform().daemon().name("ttc-data-server").start(this::run);
    }

    /** The bound address (host and the actual port). */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the data port is closed", e);
        }
    }

    void register(long jobId, MeshImpl mesh) {
        List<Pending> waiting;
        synchronized (this) {
            if (meshes.putIfAbsent(jobId, mesh) != null) {
                throw new IllegalStateException("job " + Long.toHexString(jobId) + " is already running here");
            }
            waiting = pending.remove(jobId);
        }
        if (waiting != null) {
            for (Pending p : waiting) {
                mesh.accept(p.channel(), p.hello());
            }
        }
    }

    synchronized void unregister(long jobId, MeshImpl mesh) {
        meshes.remove(jobId, mesh);
        List<Pending> stale = pending.remove(jobId);
        if (stale != null) {
            stale.forEach(p -> MeshImpl.closeQuietly(p.channel()));
        }
    }

    /** The number of connections waiting for their job to start here (for tests and diagnostics). */
    public synchronized int pendingConnections() {
        return pending.values().stream().mapToInt(List::size).sum();
    }

    /** Whether the server's thread is running (for tests and diagnostics). */
    boolean alive() {
        return thread.isAlive();
    }

    private void run() {
        while (!closed) {
            try {
                serveOnce();
            } catch (IOException | ClosedSelectorException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.ERROR, "the data server stopped: " + e);
                }
                return;
            } catch (RuntimeException e) {
                // Never let one connection's surprise end the only thread of the port: the worker would stay in
                // the cluster, and every later job that needs its port would wait for it forever.
                LOG.log(System.Logger.Level.ERROR, "the data server recovered from an unexpected failure", e);
            }
        }
    }

    /**
     * One round: the accepts and the handshake reads the selector reports, then the handshakes that completed are
     * handed to their jobs. The ready set is copied before anything else happens: a {@code selectNow} while it is
     * iterated would change it under the iterator (a ConcurrentModificationException killed this thread once).
     */
    private void serveOnce() throws IOException {
        selector.select(1_000);
        List<SelectionKey> ready = new ArrayList<>(selector.selectedKeys());
        selector.selectedKeys().clear();
        List<SelectionKey> complete = new ArrayList<>();
        for (SelectionKey key : ready) {
            try {
                if (!key.isValid()) {
                    continue;
                }
                if (key.isAcceptable()) {
                    acceptAll();
                } else if (key.isReadable() && handshake(key)) {
                    complete.add(key);
                }
            } catch (RuntimeException e) {
                if (key.channel() instanceof SocketChannel) {
                    drop(key, e.toString());
                } else {
                    throw e;
                }
            }
        }
        if (!complete.isEmpty()) {
            for (SelectionKey key : complete) {
                key.cancel();
            }
            selector.selectNow(); // completes the cancellations so the channels may become blocking
            selector.selectedKeys().clear(); // what it found ready is reported again by the next select
            for (SelectionKey key : complete) {
                SocketChannel ch = (SocketChannel) key.channel();
                try {
                    ch.configureBlocking(true);
                    deliver(ch, ((Handshake) key.attachment()).hello);
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, () -> "dropped a data connection from "
                            + MeshImpl.remote(ch) + " after its HELLO: " + e);
                    MeshImpl.closeQuietly(ch);
                }
            }
        }
        expire();
    }

    private void acceptAll() throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            try {
                MeshImpl.configure(ch, socketBufferBytes);
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, new Handshake());
            } catch (IOException e) {
                MeshImpl.closeQuietly(ch);
            }
        }
    }

    /** Reads what a connection sent of its HELLO; true when the HELLO is complete and valid. */
    private boolean handshake(SelectionKey key) {
        SocketChannel ch = (SocketChannel) key.channel();
        Handshake hs = (Handshake) key.attachment();
        try {
            if (ch.read(hs.hello) < 0) {
                drop(key, "it closed the connection before its HELLO was complete");
                return false;
            }
            if (hs.hello.position() >= 4 && hs.hello.getInt(0) != Frames.MAGIC) {
                drop(key, "not a TickTickClock data connection (bad magic)");
                return false;
            }
            if (hs.hello.hasRemaining()) {
                return false;
            }
            ByteBuffer h = hs.hello;
            String bad = Frames.checkCommon(h);
            if (bad == null && (Frames.type(h) != Frames.HELLO || Frames.length(h) != 0)) {
                bad = "the first frame is " + Frames.typeName(Frames.type(h)) + " with " + Frames.length(h)
                        + " payload bytes, not an empty HELLO";
            }
            if (bad != null) {
                drop(key, bad);
                return false;
            }
            return true;
        } catch (IOException e) {
            drop(key, e.toString());
            return false;
        }
    }

    private void deliver(SocketChannel ch, ByteBuffer hello) {
        long jobId = Frames.jobId(hello);
        MeshImpl mesh;
        synchronized (this) {
            mesh = meshes.get(jobId);
            if (mesh == null) {
                pending.computeIfAbsent(jobId, k -> new ArrayList<>()).add(new Pending(ch, hello, System.nanoTime()));
                return;
            }
        }
        mesh.accept(ch, hello);
    }

    private void drop(SelectionKey key, String why) {
        SocketChannel ch = (SocketChannel) key.channel();
        LOG.log(System.Logger.Level.WARNING, () -> "rejected a data connection from " + MeshImpl.remote(ch) + ": "
                + why);
        key.cancel();
        MeshImpl.closeQuietly(ch);
    }

    private void expire() {
        long now = System.nanoTime();
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Handshake hs && key.isValid()
                    && now - hs.since > HANDSHAKE_TIMEOUT_MILLIS * 1_000_000) {
                drop(key, "no HELLO within " + HANDSHAKE_TIMEOUT_MILLIS + " ms");
            }
        }
        synchronized (this) {
            pending.values().forEach(list -> list.removeIf(p -> {
                if (now - p.since() > PENDING_TIMEOUT_MILLIS * 1_000_000) {
                    LOG.log(System.Logger.Level.WARNING, () -> "dropped a data connection from "
                            + MeshImpl.remote(p.channel()) + " for job " + Long.toHexString(Frames.jobId(p.hello()))
                            + ": the job did not start here within " + PENDING_TIMEOUT_MILLIS + " ms");
                    MeshImpl.closeQuietly(p.channel());
                    return true;
                }
                return false;
            }));
            pending.values().removeIf(List::isEmpty);
        }
    }

    /** Closes the port and every connection still in a handshake or waiting for its job; stops the thread. */
    @Override
    public void close() {
        closed = true;
        try {
            selector.wakeup();
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
            server.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        synchronized (this) {
            pending.values().forEach(list -> list.forEach(p -> MeshImpl.closeQuietly(p.channel())));
            pending.clear();
        }
    }
}
