package io.ticktickclock.cluster.jobs;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.ticktickclock.cluster.JobContext;
import io.ticktickclock.cluster.Mesh;
import io.ticktickclock.cluster.WorkerJob;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * The cluster exchange benchmark's job, for exactly two workers. Worker 0 times, worker 1 mirrors. Returns (on worker
 * 0) the medians in nanoseconds: an empty mesh superstep, a Hazelcast no-op task round trip to the other member,
 * a raw 8-byte TCP ping-pong, an exchange of {@code longs} longs each way through the mesh and through a plain
 * loopback TCP connection between the same JVMs (rounds of the two interleaved).
 */
public final class ExchangeBenchJob implements WorkerJob {

    /** The benchmark's sizes. */
    public record Params(int emptyRounds, int hazelcastRounds, int bulkRounds, int longs) implements Serializable {
    }

    /** Hazelcast's no-op task. */
    public static final class NoOp implements Callable<Integer>, DataSerializable {
        @Override
        public Integer call() {
            return 0;
        }

        @Override
        public void writeData(ObjectDataOutput out) {
        }

        @Override
        public void readData(ObjectDataInput in) {
        }
    }

    private long superstep;

    @Override
    public Object run(JobContext ctx) throws Exception {
        Params p = (Params) ctx.parameters();
        Mesh mesh = ctx.mesh();
        if (mesh.workers() != 2) {
            throw new IllegalArgumentException("the benchmark needs exactly 2 workers, got " + mesh.workers());
        }
        boolean timer = mesh.self() == 0;
        int peer = 1 - mesh.self();
        Map<String, Double> out = new LinkedHashMap<>();

        // Empty supersteps: the barrier alone.
        long[] empty = new long[p.emptyRounds()];
        for (int i = 0; i < empty.length; i++) {
            long t0 = System.nanoTime();
            mesh.receive(superstep++);
            empty[i] = System.nanoTime() - t0;
        }
        out.put("meshEmptySuperstepNs", median(empty));

        // A Hazelcast no-op task submitted to the other member and awaited; worker 1 waits at the next superstep.
        if (timer) {
            HazelcastInstance hz = Hazelcast.getAllHazelcastInstances().iterator().next();
            Member other = null;
            for (Member m : hz.getCluster().getMembers()) {
                String address = m.getAddress().getHost() + ":" + m.getAddress().getPort();
                if (address.equals(ctx.workers().get(peer).memberAddress())) {
                    other = m;
                }
            }
            IExecutorService executor = hz.getExecutorService("bench");
            long[] rtt = new long[p.hazelcastRounds()];
            for (int i = 0; i < rtt.length; i++) {
                long t0 = System.nanoTime();
                executor.submitToMember(new NoOp(), other).get();
                rtt[i] = System.nanoTime() - t0;
            }
            out.put("hazelcastNoOpRoundTripNs", median(rtt));
        }
        mesh.receive(superstep++);

        // A raw TCP connection between the same JVMs: worker 1 listens, tells worker 0 its port through the mesh.
        SocketChannel raw;
        if (timer) {
            int port = mesh.receive(superstep++).get(peer).getInt(0);
            raw = SocketChannel.open(new InetSocketAddress(ctx.workers().get(peer).dataHost(), port));
        } else {
            try (ServerSocketChannel server = ServerSocketChannel.open()) {
                server.bind(new InetSocketAddress(ctx.worker().dataHost(), 0));
                ByteBuffer portMsg = ByteBuffer.allocate(4).putInt(0, server.socket().getLocalPort());
                mesh.send(peer, superstep, portMsg);
                mesh.receive(superstep++);
                raw = server.accept();
            }
        }
        raw.setOption(StandardSocketOptions.TCP_NODELAY, true);
        try (raw) {
            // 8-byte ping-pong, for reference.
            ByteBuffer ping = ByteBuffer.allocateDirect(8);
            long[] pp = new long[p.emptyRounds()];
            for (int i = 0; i < pp.length; i++) {
                long t0 = System.nanoTime();
                if (timer) {
                    ping.clear();
                    write(raw, ping);
                    ping.clear();
                    read(raw, ping);
                } else {
                    ping.clear();
                    read(raw, ping);
                    ping.flip();
                    write(raw, ping);
                }
                pp[i] = System.nanoTime() - t0;
            }
            out.put("rawPingPongNs", median(pp));

            // Bulk: both workers send `longs` longs and take the other's, by the mesh and by the raw connection.
            int bytes = p.longs() * 8;
            ByteBuffer mine = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
            for (int i = 0; i < p.longs(); i++) {
                mine.putLong(i * 8, i ^ mesh.self());
            }
            ByteBuffer theirs = ByteBuffer.allocateDirect(bytes);
            long[] meshTimes = new long[p.bulkRounds()];
            long[] rawTimes = new long[p.bulkRounds()];
            long check = 0;
            for (int r = 0; r < p.bulkRounds() + 1; r++) {
                long t0 = System.nanoTime();
                mesh.send(peer, superstep, mine.clear());
                ByteBuffer in = mesh.receive(superstep++).get(peer);
                check += in.order(ByteOrder.nativeOrder()).getLong(bytes - 8);
                long t1 = System.nanoTime();
                mesh.receive(superstep++); // both are done with the mesh before the raw round starts
                long t2 = System.nanoTime();
                CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                    try {
                        write(raw, mine.clear());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                read(raw, theirs.clear());
                sending.join();
                check += theirs.order(ByteOrder.nativeOrder()).getLong(bytes - 8);
                long t3 = System.nanoTime();
                mesh.receive(superstep++);
                if (r > 0) { // the first round pays for first touches
                    meshTimes[r - 1] = t1 - t0;
                    rawTimes[r - 1] = t3 - t2;
                }
            }
            long expected = 2L * (p.bulkRounds() + 1) * ((p.longs() - 1) ^ peer);
            if (check != expected) {
                throw new IllegalStateException("bulk data corrupted: checksum " + check + ", expected " + expected);
            }
            out.put("meshExchangeNs", median(meshTimes));
            out.put("rawExchangeNs", median(rawTimes));
        }
        return timer ? out : null;
    }

    private static void write(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void read(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("the peer closed the raw connection");
            }
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
