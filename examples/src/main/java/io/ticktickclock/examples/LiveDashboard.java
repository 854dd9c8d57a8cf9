package io.ticktickclock.examples;

import io.ticktickclock.cost.MachineProfile;
import io.ticktickclock.dashboard.Dashboard;
import io.ticktickclock.telemetry.Telemetry;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ttc --dashboard [HOST:]PORT [--dashboard-keep]}: the live dashboard of the command's runs, started
 * with the runtime and closed when the command ends, or kept until Ctrl-C.
 */
final class LiveDashboard {
    private LiveDashboard() {}

    private static Dashboard current;
    private static boolean keep;

    /** The address of {@code --dashboard}: {@code PORT}, {@code HOST:PORT} or {@code [IPv6]:PORT}. */
    record Address(String host, int port) {
        static Address parse(String spec) {
            String host = "127.0.0.1";
            String port = spec.trim();
            int colon = port.lastIndexOf(':');
            if (colon >= 0) {
                host = port.substring(0, colon);
                port = port.substring(colon + 1);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
            }
            int p;
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (host.isEmpty() || p < 0 || p > 65_535) {
                throw new Failures.UsageException("--dashboard must be [HOST:]PORT with a port in 0..65535 "
                        + "(0: a free port), got '" + spec + "'");
            }
            return new Address(host, p);
        }
    }

    /** Starts the dashboard on {@code telemetry} and says where it is, on {@code err}. */
    static synchronized void start(Telemetry telemetry, String spec, boolean keepAfterRun, MachineProfile profile,
            PrintStream err) {
        Address a = Address.parse(spec);
        if (current != null) {
            return;   // one per command: later runtimes of the same command share it through its telemetry
        }
        Dashboard d = Dashboard.builder(telemetry).host(a.host()).port(a.port()).profile(profile).build();
        try {
            d.start();
        } catch (RuntimeException e) {
            throw new Failures.UsageException("--dashboard: cannot listen on " + a.host() + ":" + a.port() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        current = d;
        keep = keepAfterRun;
        err.println("ttc: dashboard at " + d.url());
    }

    /** When the command has ended: closes the dashboard, or, with --dashboard-keep, waits for Ctrl-C first. */
    static void finish(PrintStream err) {
        Dashboard d;
        boolean wait;
        synchronized (LiveDashboard.class) {
            d = current;
            wait = keep;
            current = null;
            keep = false;
        }
        if (d == null) {
            return;
        }
        if (wait) {
            err.println("ttc: the run has ended; the dashboard stays at " + d.url() + " until Ctrl-C");
            CountDownLatch never = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(d::close, "ttc-dashboard-close"));
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        d.close();
    }
}
