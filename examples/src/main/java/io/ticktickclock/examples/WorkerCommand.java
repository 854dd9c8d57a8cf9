package io.ticktickclock.examples;

import io.ticktickclock.cluster.WorkerNode;
import io.ticktickclock.dashboard.Dashboard;
import io.ticktickclock.telemetry.Telemetry;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ttc worker}: a member of a TickTickClock cluster. It joins the other workers, prints a line with
 * {@code ready}, its address and the member count, runs the jobs submitted with {@code --cluster} (logging
 * each), and leaves the cluster cleanly on Ctrl-C or SIGTERM.
 */
@Command(name = "worker", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Start a cluster worker that runs the jobs of 'ttc ... --cluster'. Binds to loopback "
                + "unless --bind is given: the cluster has no authentication or encryption, so run it on a "
                + "trusted network only (see docs/cluster.md)."},
        footer = {"", "Example (two workers on one machine, then a run over both):",
            "  ttc worker --port 5701 --processors 2 &",
            "  ttc worker --port 5702 --join 127.0.0.1:5701 --processors 2 &",
            "  ttc sum --cluster 127.0.0.1:5701 -p 4",
            "With --dashboard 8080 a worker shows every run it takes part in at http://127.0.0.1:8080/."})
final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The interface to listen on (member and data ports).")
    String bind;

    @Option(names = "--port", paramLabel = "N", defaultValue = "5701", description = "The member port.")
    int port;

    @Option(names = "--join", paramLabel = "HOST:PORT", split = ",",
            description = "Members of the cluster to join (TCP/IP member list; no multicast). Default: none "
                    + "(this worker starts a cluster).")
    List<String> join;

    @Option(names = {"-p", "--processors"}, paramLabel = "K",
            description = "Processors this worker offers. Default: one per available core.")
    Integer processors;

    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = "ticktickclock",
            description = "The cluster's name: clients and members of another name are refused.")
    String clusterName;

    @Option(names = "--dashboard", paramLabel = "[HOST:]PORT",
            description = "Serve a live dashboard of every run this worker takes part in at http://HOST:PORT/ "
                    + "(HOST default 127.0.0.1; PORT 0: a free one), with a Prometheus scrape at /metrics.")
    String dashboard;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 1 || port > 65_535) {
            throw new Failures.UsageException("--port: expected 1..65535, got " + port);
        }
        if (processors != null && processors < 1) {
            throw new Failures.UsageException("--processors: expected at least 1, got " + processors);
        }
        WorkerNode.Builder b = WorkerNode.builder().clusterName(clusterName).bind(bind).port(port);
        if (join != null) {
            for (String member : join) {
                RuntimeOptions.hostPort("--join", member);
            }
            b.join(join);
        }
        if (processors != null) {
            b.processors(processors);
        }
        Dashboard board = null;
        if (dashboard != null) {
            LiveDashboard.Address a = LiveDashboard.Address.parse(dashboard);
            Telemetry telemetry = Telemetry.create();
            board = Dashboard.builder(telemetry).host(a.host()).port(a.port()).build();
            try {
                board.start();
            } catch (RuntimeException e) {
                throw new Failures.UsageException("--dashboard: cannot listen on " + a.host() + ":" + a.port() + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
            System.out.println("dashboard at " + board.url());
            b.observer(telemetry);
        }
        try (WorkerNode worker = b.start().closeOnShutdown()) {
            worker.awaitShutdown();
        } finally {
            if (board != null) {
                board.close();
            }
        }
        return 0;
    }
}
