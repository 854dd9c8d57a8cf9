package io.ticktickclock.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The data port's accept-and-handshake thread under many handshakes at once. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DataServerTest {

    /**
     * Many peers finish their HELLO at the same moment, round after round: the server takes every connection
     * (here, for a job that has not started, so they wait in its pending list) and keeps serving. Before the fix, a
     * handshake completed while the selector's ready set was being iterated re-selected into that set: a
     * ConcurrentModificationException killed the server's only thread, and every later job that needed this
     * worker's port waited forever (the hang of a cluster test run after a worker loss).
     */
    @Test
    void simultaneousHandshakesAreAllTakenAndTheServerKeepsServing() throws Exception {
        int rounds = 40;
        int peers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(peers);
        try (DataServer server = new DataServer("127.0.0.1", 0, 0)) {
            int port = server.address().getPort();
            int expected = 0;
            for (int round = 0; round < rounds; round++) {
                byte[] hello = MeshTest.frame(Frames.HELLO, 1_000 + round, 0, 1, 0, 0);
                CyclicBarrier together = new CyclicBarrier(peers);
                List<Future<Socket>> sent = new ArrayList<>();
                for (int i = 0; i < peers; i++) {
                    sent.add(pool.submit(() -> {
                        Socket s = new Socket("127.0.0.1", port);
                        s.setTcpNoDelay(true);
                        OutputStream out = s.getOutputStream();
                        out.write(Arrays.copyOf(hello, 8)); // the magic and a little more: the handshake has begun
                        out.flush();
                        together.await(30, TimeUnit.SECONDS);
                        out.write(Arrays.copyOfRange(hello, 8, hello.length));
                        out.flush();
                        return s;
                    }));
                }
                List<Socket> sockets = new ArrayList<>();
                for (Future<Socket> f : sent) {
                    sockets.add(f.get(60, TimeUnit.SECONDS));
                }
                expected += peers;
                awaitPending(server, expected, round);
                for (Socket s : sockets) {
                    s.close();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits (a bound that only guards against a dead server) until {@code expected} connections are pending. */
    private static void awaitPending(DataServer server, int expected, int round) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.pendingConnections() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(server.pendingConnections()).as("connections the data server took by round %d (its thread alive:"
                + " %s)", round, server.alive()).isEqualTo(expected);
    }
}
