package io.ticktickclock.cluster;

import io.ticktickclock.BspObserver;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Workers in this JVM, each a Hazelcast member with its own data mesh, on free ports of 127.0.0.1 and joined to
 * one another, and the clients connected to them; closed together (clients first). If one worker fails to start,
 * those already started are closed before the failure propagates.
 */
final class InJvmWorkers implements AutoCloseable {
    private final String name;
    private final List<WorkerNode> nodes = new ArrayList<>();
    private final List<ClusterRuntime> clients = new ArrayList<>();

    private InJvmWorkers(String name) {
        this.name = name;
    }

    /**
     * Starts one worker per entry of {@code processors} (the processors it offers) in cluster {@code name};
     * the first one reports to {@code firstObserver} when that is not null.
     */
    static InJvmWorkers start(String name, BspObserver firstObserver, int... processors) throws IOException {
        int[] ports = new int[processors.length];
        for (int i = 0; i < ports.length; i++) {
            ports[i] = freePort();
        }
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        InJvmWorkers started = new InJvmWorkers(name);
        try {
            for (int i = 0; i < ports.length; i++) {
                List<String> others = new ArrayList<>();
                for (int j = 0; j < ports.length; j++) {
                    if (j != i) {
                        others.add("127.0.0.1:" + ports[j]);
                    }
                }
                WorkerNode.Builder b = WorkerNode.builder().clusterName(name).port(ports[i]).join(others)
                        .processors(processors[i]).out(quiet);
                if (i == 0 && firstObserver != null) {
                    b.observer(firstObserver);
                }
                started.nodes.add(b.start());
            }
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Worker {@code i}, in start order. */
    WorkerNode get(int i) {
        return nodes.get(i);
    }

    /** A builder of clients of these workers' cluster (the caller closes what it connects). */
    ClusterRuntime.Builder client() {
        return ClusterRuntime.builder().clusterName(name).addresses(nodes.get(0).memberAddress());
    }

    /** A client of these workers' cluster that runs jobs on {@code processors} processors; closed by {@link #close()}. */
    ClusterRuntime connect(int processors) {
        ClusterRuntime client = client().processors(processors).connect();
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        clients.forEach(ClusterRuntime::close);
        clients.clear();
        nodes.forEach(WorkerNode::close);
        nodes.clear();
    }
}
