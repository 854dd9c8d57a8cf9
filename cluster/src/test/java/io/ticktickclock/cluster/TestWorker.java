package io.ticktickclock.cluster;

import java.util.Arrays;
import java.util.List;

/**
 * A worker JVM for the multi-JVM tests: {@code TestWorker <port> <processors> [join host:port,...]}, on 127.0.0.1,
 * cluster name from the system property {@code ttc.cluster}.
 */
public final class TestWorker {
    private TestWorker() {
    }

    public static void main(String[] args) throws InterruptedException {
        WorkerNode.Builder b = WorkerNode.builder()
                .clusterName(System.getProperty("ttc.cluster", "ttc-test"))
                .bind("127.0.0.1")
                .port(Integer.parseInt(args[0]))
                .processors(Integer.parseInt(args[1]))
                // The test machine may be overloaded: a member is not removed for a missed heartbeat or two.
                .heartbeatTimeout(java.time.Duration.ofSeconds(Long.getLong("ttc.heartbeatTimeoutSeconds", 20)));
        if (args.length > 2 && !args[2].isEmpty()) {
            b.join(List.copyOf(Arrays.asList(args[2].split(","))));
        }
        try (WorkerNode worker = b.start().closeOnShutdown()) {
            worker.awaitShutdown();
        }
    }
}
