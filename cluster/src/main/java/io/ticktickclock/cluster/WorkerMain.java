package io.ticktickclock.cluster;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A worker from the command line, the container image's entry point:
 *
 * <pre>
 * java [Hazelcast's flags] -cp ... io.ticktickclock.cluster.WorkerMain [--bind ADDRESS] [--port N] [--data-port N]
 *     [--join HOST:PORT[,HOST:PORT...] | --kubernetes-service-dns NAME] [--processors K] [--cluster-name NAME]
 *     [--heartbeat-timeout-seconds S]
 * </pre>
 *
 * Each option may also come from an environment variable: {@code TTC_BIND}, {@code TTC_PORT},
 * {@code TTC_DATA_PORT}, {@code TTC_JOIN},
 * {@code TTC_KUBERNETES_SERVICE_DNS}, {@code TTC_PROCESSORS}, {@code TTC_CLUSTER_NAME},
 * {@code TTC_HEARTBEAT_TIMEOUT_SECONDS}; the command line wins. Runs until SIGTERM or Ctrl-C.
 */
public final class WorkerMain {
    private WorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        WorkerNode.Builder b;
        try {
            b = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("worker: " + e.getMessage());
            System.exit(2);
            return;
        }
        try (WorkerNode worker = b.start().closeOnShutdown()) {
            worker.awaitShutdown();
        }
    }

    static WorkerNode.Builder parse(String[] args) {
        WorkerNode.Builder b = WorkerNode.builder();
        String[] env = {"TTC_BIND", "TTC_PORT", "TTC_DATA_PORT", "TTC_JOIN", "TTC_KUBERNETES_SERVICE_DNS",
                "TTC_PROCESSORS", "TTC_CLUSTER_NAME", "TTC_HEARTBEAT_TIMEOUT_SECONDS"};
        for (String name : env) {
            String value = System.getenv(name);
            if (value != null && !value.isBlank()) {
                apply(b, "--" + name.substring(4).toLowerCase(java.util.Locale.ROOT).replace('_', '-'), value);
            }
        }
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String value;
            int eq = option.indexOf('=');
            if (eq > 0) {
                value = option.substring(eq + 1);
                option = option.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(option + " needs a value");
            }
            apply(b, option, value);
        }
        return b;
    }

    private static void apply(WorkerNode.Builder b, String option, String value) {
        switch (option) {
            case "--bind" -> b.bind(value);
            case "--port" -> b.port(integer(option, value));
            case "--data-port" -> b.dataPort(integer(option, value));
            case "--join" -> b.join(List.copyOf(Arrays.asList(value.split(","))));
            case "--kubernetes-service-dns" -> b.kubernetesServiceDns(value);
            case "--processors" -> b.processors(integer(option, value));
            case "--cluster-name" -> b.clusterName(value);
            case "--heartbeat-timeout-seconds" -> b.heartbeatTimeout(Duration.ofSeconds(integer(option, value)));
            default -> throw new IllegalArgumentException("unknown option " + option + " (expected --bind, --port,"
                    + " --data-port, --join, --kubernetes-service-dns, --processors, --cluster-name,"
                    + " --heartbeat-timeout-seconds)");
        }
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be an integer, got '" + value + "'", e);
        }
    }
}
