package io.ticktickclock.cluster.internal;

import io.ticktickclock.cluster.MeshException;
import io.ticktickclock.cluster.WorkerInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The data mesh inside one JVM: several workers' data servers and meshes, no Hazelcast. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MeshTest {
    private static final MeshImpl.MeshOptions OPTIONS = new MeshImpl.MeshOptions(1 << 20, 20_000, 0, 5_000);
    private final List<DataServer> servers = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        servers.forEach(DataServer::close);
    }

    private List<WorkerInfo> workers(int n) throws IOException {
        List<WorkerInfo> infos = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            DataServer s = new DataServer("127.0.0.1", 0, 0);
            servers.add(s);
            infos.add(new WorkerInfo(i, "127.0.0.1:" + (5701 + i), "127.0.0.1", s.address().getPort(), 2 * i, 2));
        }
        return infos;
    }

    private MeshImpl mesh(long jobId, int self, List<WorkerInfo> workers, MeshImpl.MeshOptions options) {
        return new MeshImpl(jobId, self, workers, options, servers.get(self));
    }

    /** Runs body(worker) on every worker's thread and returns their futures. */
    private <T> List<Future<T>> onEvery(int n, IntFunction<T> body) {
        List<Future<T>> futures = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            int self = w;
            futures.add(pool.submit(() -> body.apply(self)));
        }
        return futures;
    }

    @Test
    void everyWorkerReceivesEachPeersBatchOfEverySuperstepInOrder() throws Exception {
        long seed = System.nanoTime();
        int n = 3;
        int supersteps = 40;
        List<WorkerInfo> infos = workers(n);
        List<Future<Long>> done = onEvery(n, self -> {
            SplittableRandom random = new SplittableRandom(seed + self);
            try (MeshImpl mesh = mesh(7, self, infos, OPTIONS)) {
                mesh.open();
                long checked = 0;
                for (long s = 0; s < supersteps; s++) {
                    for (int to = 0; to < n; to++) {
                        if (to == self) {
                            continue;
                        }
                        // Batch contents: (s, from, to) repeated a random number of times, split over two buffers.
                        int longs = random.nextInt(0, 3_000);
                        ByteBuffer a = ByteBuffer.allocateDirect(8 * (longs / 2));
                        ByteBuffer b = ByteBuffer.allocate(8 * (longs - longs / 2));
                        for (ByteBuffer buf : new ByteBuffer[] {a, b}) {
                            while (buf.hasRemaining()) {
                                buf.putLong(s * 10_000 + self * 100 + to);
                            }
                            buf.flip();
                        }
                        mesh.send(to, s, a, b);
                    }
                    List<ByteBuffer> in = mesh.receive(s);
                    assertThat(in).hasSize(n);
                    assertThat(in.get(self).remaining()).isZero();
                    for (int from = 0; from < n; from++) {
                        ByteBuffer batch = in.get(from);
                        assertThat(batch.remaining() % 8).isZero();
                        while (batch.hasRemaining()) {
                            assertThat(batch.getLong()).as("seed %d", seed).isEqualTo(s * 10_000 + from * 100 + self);
                            checked++;
                        }
                    }
                }
                return checked;
            }
        });
        for (Future<Long> f : done) {
            assertThat(f.get(50, TimeUnit.SECONDS)).isPositive();
        }
    }

    @Test
    void receiveSendsEmptyBatchesToPeersNotSentToAndEmptySuperstepsWork() throws Exception {
        List<WorkerInfo> infos = workers(2);
        List<Future<Integer>> done = onEvery(2, self -> {
            try (MeshImpl mesh = mesh(8, self, infos, OPTIONS)) {
                mesh.open();
                int total = 0;
                for (long s = 5; s < 105; s++) {
                    total += mesh.receive(s).get(1 - self).remaining();
                }
                return total;
            }
        });
        for (Future<Integer> f : done) {
            assertThat(f.get(50, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void aPeerThatDiesMidJobFailsTheOthersReceiveNamingIt() throws Exception {
        List<WorkerInfo> infos = workers(2);
        Future<Object> survivor = pool.submit(() -> {
            try (MeshImpl mesh = mesh(9, 0, infos, OPTIONS)) {
                mesh.open();
                mesh.receive(0);
                return mesh.receive(1);
            }
        });
        // Worker 1 says hello and sends superstep 0, then its connection ends without a CLOSE: a crash.
        try (Socket s = new Socket("127.0.0.1", infos.get(0).dataPort())) {
            OutputStream out = s.getOutputStream();
            out.write(frame(Frames.HELLO, 9, 0, 1, 0, 0));
            out.write(frame(Frames.DATA, 9, 0, 1, 0, 0));
            out.flush();
        }
        assertThatThrownBy(() -> survivor.get(30, TimeUnit.SECONDS))
                .cause().isInstanceOf(MeshException.class)
                .hasMessageContaining("worker 1 (127.0.0.1:5702, processors 2..3)")
                .hasMessageContaining("closed its data connection");
    }

    @Test
    void garbageOnTheDataPortIsDroppedAndTheNextJobRuns() throws Exception {
        List<WorkerInfo> infos = workers(2);
        try (Socket s = new Socket("127.0.0.1", infos.get(0).dataPort())) {
            byte[] garbage = new byte[4096];
            new SplittableRandom(42).nextBytes(garbage);
            s.getOutputStream().write(garbage);
            s.getOutputStream().flush();
            assertThat(s.getInputStream().read()).as("the server closes the connection").isEqualTo(-1);
        }
        List<Future<Integer>> done = onEvery(2, self -> {
            try (MeshImpl mesh = mesh(10, self, infos, OPTIONS)) {
                mesh.open();
                mesh.send(1 - self, 0, ByteBuffer.wrap(new byte[] {(byte) self}));
                return (int) mesh.receive(0).get(1 - self).get(0);
            }
        });
        assertThat(done.get(0).get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(done.get(1).get(30, TimeUnit.SECONDS)).isZero();
    }

    /** A peer's bad frame fails the job on the receiving worker with a message saying what was wrong. */
    private void badFrameFailsTheJob(byte[] afterHello, String expected) throws Exception {
        List<WorkerInfo> infos = workers(2);
        Future<Object> victim = pool.submit(() -> {
            try (MeshImpl mesh = mesh(11, 0, infos, OPTIONS)) {
                mesh.open();
                return mesh.receive(0);
            }
        });
        try (Socket s = new Socket("127.0.0.1", infos.get(0).dataPort())) {
            s.getOutputStream().write(frame(Frames.HELLO, 11, 0, 1, 0, 0));
            s.getOutputStream().write(afterHello);
            s.getOutputStream().flush();
            s.shutdownOutput(); // a truncated frame is only known as such at the end of the stream
            assertThatThrownBy(() -> victim.get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(MeshException.class).hasMessageContaining(expected)
                    .hasMessageContaining("worker 1");
        }
    }

    @Test
    void aCorruptPayloadFailsTheJob() throws Exception {
        byte[] f = frame(Frames.DATA, 11, 0, 1, 4, 12345);
        badFrameFailsTheJob(concat(f, new byte[] {1, 2, 3, 4}), "CRC32C");
    }

    @Test
    void aFrameOfAnotherJobFailsTheJob() throws Exception {
        badFrameFailsTheJob(frame(Frames.DATA, 12, 0, 1, 0, 0), "frame for job c on a connection of job b");
    }

    @Test
    void anOversizedFrameFailsTheJob() throws Exception {
        badFrameFailsTheJob(frame(Frames.DATA, 11, 0, 1, (1 << 20) + 1, 0), "exceed maxBatchBytes");
    }

    @Test
    void aTruncatedFrameFailsTheJob() throws Exception {
        badFrameFailsTheJob(concat(frame(Frames.DATA, 11, 0, 1, 100, 0), new byte[10]), "truncated frame");
    }

    @Test
    void aBadMagicMidStreamFailsTheJob() throws Exception {
        badFrameFailsTheJob(new byte[Frames.HEADER_BYTES], "bad magic");
    }

    @Test
    void theReceiveTimeoutNamesTheSilentWorker() throws Exception {
        List<WorkerInfo> infos = workers(2);
        MeshImpl.MeshOptions quick = new MeshImpl.MeshOptions(1 << 20, 300, 0, 5_000);
        try (MeshImpl mesh = mesh(13, 0, infos, quick)) {
            mesh.open();
            assertThatThrownBy(() -> mesh.receive(0)).isInstanceOf(MeshException.class)
                    .hasMessageContaining("worker 1 (127.0.0.1:5702, processors 2..3)")
                    .hasMessageContaining("never connected");
        }
    }

    /** Without a receive timeout, a peer that never connects fails the job after the peer-connect wait: no hang. */
    @Test
    void aPeerThatNeverConnectsFailsTheJobWithoutAReceiveTimeout() throws Exception {
        List<WorkerInfo> infos = workers(2);
        MeshImpl.MeshOptions noTimeout = new MeshImpl.MeshOptions(1 << 20, 0, 0, 5_000, 300);
        try (MeshImpl mesh = mesh(17, 0, infos, noTimeout)) {
            mesh.open();
            assertThatThrownBy(() -> mesh.receive(0)).isInstanceOf(MeshException.class)
                    .hasMessageContaining("worker 1 (127.0.0.1:5702, processors 2..3) did not open its data "
                            + "connection to this worker within 300 ms");
        }
    }

    @Test
    void anAbortingPeerFailsTheOthersWithItsReason() throws Exception {
        List<WorkerInfo> infos = workers(2);
        List<Future<Object>> done = onEvery(2, self -> {
            MeshImpl mesh = mesh(14, self, infos, OPTIONS);
            mesh.open();
            if (self == 1) {
                mesh.receive(0);
                mesh.close(new IllegalStateException("boom"));
                return null;
            }
            try {
                mesh.receive(0);
                return mesh.receive(1);
            } finally {
                mesh.close();
            }
        });
        assertThat(done.get(1).get(30, TimeUnit.SECONDS)).isNull();
        assertThatThrownBy(() -> done.get(0).get(30, TimeUnit.SECONDS)).cause()
                .hasMessageContaining("worker 1 (127.0.0.1:5702, processors 2..3) aborted the job")
                .hasMessageContaining("IllegalStateException: boom");
    }

    @Test
    void abortFromAnotherThreadWakesTheWaitingReceiveAndFailsThePeersNamingThisWorker() throws Exception {
        List<WorkerInfo> infos = workers(3);
        List<java.util.concurrent.CompletableFuture<MeshImpl>> opened = List.of(
                new java.util.concurrent.CompletableFuture<>(), new java.util.concurrent.CompletableFuture<>(),
                new java.util.concurrent.CompletableFuture<>());
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<Future<Object>> done = onEvery(3, self -> {
            try (MeshImpl mesh = mesh(16, self, infos, OPTIONS)) {
                mesh.open();
                mesh.receive(0);
                opened.get(self).complete(mesh);
                if (self == 2) { // worker 2 holds superstep 1 back: workers 0 and 1 wait for it
                    release.await();
                    return null;
                }
                return mesh.receive(1);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            MeshImpl one = opened.get(1).get(30, TimeUnit.SECONDS);
            one.abort(new IllegalStateException("processor 3 failed"));
            assertThatThrownBy(() -> done.get(1).get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(MeshException.class).hasMessageContaining("processor 3 failed");
            assertThatThrownBy(() -> done.get(0).get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(MeshException.class)
                    .hasMessageContaining("worker 1 (127.0.0.1:5702, processors 2..3)");
        } finally {
            release.countDown();
        }
    }

    @Test
    void misuseIsReportedWithTheArgument() throws Exception {
        List<WorkerInfo> infos = workers(2);
        try (MeshImpl mesh = mesh(15, 0, infos, OPTIONS)) {
            assertThatThrownBy(() -> mesh.send(0, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("toWorker").hasMessageContaining("got 0");
            assertThatThrownBy(() -> mesh.send(2, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("got 2");
        }
    }

    static byte[] frame(byte type, long jobId, long superstep, int from, int length, int crc) {
        ByteBuffer h = Frames.newHeader();
        Frames.write(h, type, jobId, superstep, from, 0, length, crc);
        byte[] bytes = new byte[Frames.HEADER_BYTES];
        h.get(bytes);
        return bytes;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
