package io.ticktickclock.cluster;

import io.ticktickclock.cluster.jobs.ExchangeBenchJob;

import java.util.Map;

/**
 * The cluster exchange benchmark: two worker JVMs on loopback, each exchange against its baseline measured in the
 * same run between the same JVMs. Run from the cluster module after {@code test-compile}:
 *
 * <pre>
 * java $(HAZELCAST_FLAGS) -cp target/test-classes:target/classes:$(dependency classpath) \
 *     io.ticktickclock.cluster.ExchangeBenchmark [bulkRounds] [longs]
 * </pre>
 *
 * Targets (issue 12): an empty superstep at most 2x a Hazelcast round trip; 8 Mi longs each way at least 50% of a
 * plain loopback TCP stream's throughput.
 */
public final class ExchangeBenchmark {
    private ExchangeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int bulkRounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int longs = args.length > 1 ? Integer.parseInt(args[1]) : 8 << 20;
        System.setProperty("ttc.test.jvmFlags", System.getProperty("ttc.test.jvmFlags", String.join(" ",
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("--")).toList())));
        String name = "ttc-bench-" + ProcessHandle.current().pid();
        try (WorkerProcesses workers = new WorkerProcesses(name)) {
            workers.start(2, 1, "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-XX:MaxDirectMemorySize=2g");
            try (ClusterClient client = ClusterClient.builder().clusterName(name).addresses(workers.addresses())
                    .connect()) {
                while (client.workers().size() < 2) {
                    Thread.sleep(100);
                }
                JobResult r = client.submit(ExchangeBenchJob.class,
                        new ExchangeBenchJob.Params(2_000, 1_000, bulkRounds, longs), 2);
                @SuppressWarnings("unchecked")
                Map<String, Double> m = (Map<String, Double>) r.results().get(0);
                double mb = longs * 8.0 / (1 << 20);
                System.out.printf("empty mesh superstep          %10.1f us%n", m.get("meshEmptySuperstepNs") / 1e3);
                System.out.printf("Hazelcast no-op round trip    %10.1f us%n", m.get("hazelcastNoOpRoundTripNs") / 1e3);
                System.out.printf("raw TCP 8-byte ping-pong      %10.1f us%n", m.get("rawPingPongNs") / 1e3);
                System.out.printf("mesh exchange %.0f MiB each way %8.1f ms%n", mb, m.get("meshExchangeNs") / 1e6);
                System.out.printf("raw TCP exchange, same bytes  %10.1f ms%n", m.get("rawExchangeNs") / 1e6);
                System.out.printf("ratio empty superstep / Hazelcast round trip: %.2fx (target <= 2x)%n",
                        m.get("meshEmptySuperstepNs") / m.get("hazelcastNoOpRoundTripNs"));
                System.out.printf("mesh throughput / raw TCP throughput: %.0f%% (target >= 50%%)%n",
                        100 * m.get("rawExchangeNs") / m.get("meshExchangeNs"));
            }
        }
    }
}
