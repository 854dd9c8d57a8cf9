package io.ticktickclock.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.ticktickclock.cluster.internal.DataServer;
import io.ticktickclock.cluster.internal.HazelcastConfigs;
import io.ticktickclock.cluster.internal.JobHost;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * A cluster worker: an embedded Hazelcast member (membership, discovery, failure detection, job submission) plus a
 * data port for the per-superstep exchange between workers. Workers run jobs that {@link ClusterClient} submits and
 * stay up across jobs.
 *
 * <pre>{@code
 * try (WorkerNode worker = WorkerNode.builder()
 *         .bind("10.0.0.1").port(5701).join("10.0.0.2:5701", "10.0.0.3:5701").processors(8)
 *         .start()) {                       // prints "ready: ..." once it has joined
 *     worker.awaitShutdown();               // until close(), SIGTERM or Ctrl-C
 * }
 * }</pre>
 *
 * <p>Networking: the member listens on {@code bind:port} (TCP/IP join to the given members; no multicast, no
 * phone-home); the data port is a free port on the same address (or {@link Builder#dataPort}), published to the
 * cluster as a member attribute. Both bind to loopback unless told otherwise. Hazelcast's open-source edition has
 * no authentication or encryption: run workers on a trusted network only (see docs/cluster.md).
 *
 * <p>JVM flags: Hazelcast needs {@code --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
 * --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens
 * java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED}
 * and, on JDK 24+, {@code --sun-misc-unsafe-memory-access=allow}.
 *
 * <p>Failure detection: heartbeats every second, a member silent for 5 s (see {@link Builder#heartbeatTimeout})
 * is removed; a worker that dies during a job is noticed sooner, by the end of its data connections. Thread-safe.
 */
public final class WorkerNode implements AutoCloseable {
    private final HazelcastInstance hazelcast;
    private final DataServer data;
    private final JobHost jobs;
    private final PrintStream out;
    private final int processors;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object lifecycle = new Object();
    private boolean closed;
    private Thread shutdownHook;

    private WorkerNode(Builder b) {
        String bindIp = resolve(b.bind);
        out = b.out;
        processors = b.processors;
        try {
            data = new DataServer(bindIp, b.dataPort, b.socketBufferBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the data port on " + bindIp, e);
        }
        try {
            jobs = new JobHost(data, b.socketBufferBytes, out, java.nio.file.Path.of(System.getProperty(
                    "java.io.tmpdir")));
        } catch (IOException e) {
            data.close();
            throw new UncheckedIOException("cannot create the job directory under " + System.getProperty(
                    "java.io.tmpdir"), e);
        }
        InetSocketAddress dataAddress = data.address();
        try {
            hazelcast = Hazelcast.newHazelcastInstance(HazelcastConfigs.member(b.clusterName, bindIp, b.port, b.join,
                    (int) b.heartbeatTimeout.toSeconds(), b.kubernetesServiceDns,
                    Map.of(HazelcastConfigs.DATA_ATTRIBUTE, bindIp + ":" + dataAddress.getPort(),
                            HazelcastConfigs.PROCESSORS_ATTRIBUTE, Integer.toString(processors)),
                    Map.of(JobHost.USER_CONTEXT_KEY, jobs)));
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
        jobs.attach(hazelcast, b.observer);
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                out.printf("worker joined: %s; %d members%n", address(event.getMember()), event.getMembers().size());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                String gone = address(event.getMember());
                out.printf("worker left: %s; %d members%n", gone, event.getMembers().size());
                jobs.memberLeft(gone);
            }
        });
        out.printf("ready: worker %s (data %s:%d, %d processors) in cluster '%s' with %d members%n", memberAddress(),
                bindIp, dataAddress.getPort(), processors, b.clusterName, memberCount());
    }

    /** A builder with the defaults: cluster "ticktickclock", bind 127.0.0.1, port 5701, all available processors. */
    public static Builder builder() {
        return new Builder();
    }

    static String address(Member m) {
        return m.getAddress().getHost() + ":" + m.getAddress().getPort();
    }

    private static String resolve(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bind must be an address of this machine, got '" + host + "'", e);
        }
    }

    /** This worker's member address, {@code host:port}. */
    public String memberAddress() {
        return address(hazelcast.getCluster().getLocalMember());
    }

    /** The address of this worker's data port. */
    public InetSocketAddress dataAddress() {
        return data.address();
    }

    /** How many members the cluster has now, this one included. */
    public int memberCount() {
        return hazelcast.getCluster().getMembers().size();
    }

    /** The processors this worker offers to jobs. */
    public int processors() {
        return processors;
    }

    /** The number of jobs running on this worker now. */
    public int runningJobs() {
        return jobs.runningJobs();
    }

    /**
     * Makes SIGTERM and Ctrl-C close this worker (leaving the cluster cleanly) and returns this worker. Hazelcast's
     * own hook is off: this one cancels the running jobs first.
     */
    public WorkerNode closeOnShutdown() {
        synchronized (lifecycle) {
            if (shutdownHook == null && !closed) {
                shutdownHook = new Thread(this::close, "ttc-worker-shutdown");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
        }
        return this;
    }

    /** Waits until this worker is closed. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /** Cancels the running jobs, leaves the cluster and closes the data port. Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // The JVM is shutting down already.
                }
            }
        }
        try {
            jobs.close();
            hazelcast.shutdown();
            data.close();
            out.println("worker stopped");
        } finally {
            stopped.countDown();
        }
    }

    /** Options of a worker; {@link #start()} validates them and starts it. Not thread-safe. */
    public static final class Builder {
        private String clusterName = "ticktickclock";
        private String bind = "127.0.0.1";
        private int port = 5701;
        private List<String> join = List.of();
        private int processors = Runtime.getRuntime().availableProcessors();
        private int socketBufferBytes = 0;
        private java.time.Duration heartbeatTimeout = java.time.Duration.ofSeconds(5);
        private String kubernetesServiceDns;
        private int dataPort = 0;
        private PrintStream out = System.out;
        private io.ticktickclock.BspObserver observer;

        private Builder() {
        }

        /** The cluster's name: workers and clients with another name are not let in. */
        public Builder clusterName(String name) {
            Objects.requireNonNull(name, "clusterName");
            if (name.isBlank()) {
                throw new IllegalArgumentException("clusterName must not be blank");
            }
            this.clusterName = name;
            return this;
        }

        /** The address to bind (an address of this machine), for the member port and the data port. */
        public Builder bind(String address) {
            this.bind = Objects.requireNonNull(address, "bind");
            return this;
        }

        /** The member port (1..65535). */
        public Builder port(int port) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port must be in 1..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The data port (1..65535), for firewalls that must name it; 0 (the default) takes a free port. Either way
         * the cluster learns it from the worker.
         */
        public Builder dataPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("dataPort must be in 0..65535 (0: any free port), got " + port);
            }
            this.dataPort = port;
            return this;
        }

        /** Members to join, {@code host:port} each; none: this worker starts a cluster (or waits to be joined). */
        public Builder join(List<String> members) {
            List<String> copy = new ArrayList<>();
            for (String m : members) {
                int colon = m == null ? -1 : m.lastIndexOf(':');
                if (colon <= 0 || colon == m.length() - 1
                        || !m.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                    throw new IllegalArgumentException("join members must be host:port, got '" + m + "'");
                }
                copy.add(m);
            }
            this.join = List.copyOf(copy);
            return this;
        }

        /** Members to join, {@code host:port} each. */
        public Builder join(String... members) {
            return join(List.of(members));
        }

        /**
         * Finds the other workers through Kubernetes instead of a member list: the DNS name of the headless service
         * in front of the workers' pods (e.g. {@code ttc-workers.default.svc.cluster.local}). Replaces
         * {@link #join}. See docs/cluster.md for the manifests.
         */
        public Builder kubernetesServiceDns(String serviceDns) {
            Objects.requireNonNull(serviceDns, "kubernetesServiceDns");
            if (serviceDns.isBlank()) {
                throw new IllegalArgumentException("kubernetesServiceDns must not be blank");
            }
            this.kubernetesServiceDns = serviceDns;
            return this;
        }

        /** The processors this worker offers to jobs (at least 1). */
        public Builder processors(int processors) {
            if (processors < 1) {
                throw new IllegalArgumentException("processors must be >= 1, got " + processors);
            }
            this.processors = processors;
            return this;
        }

        /**
         * The data connections' socket buffer size in bytes; 0 (the default) leaves it to the OS's auto-tuning, which
         * on Linux grows a connection's buffers up to {@code net.ipv4.tcp_rmem}'s maximum, while a fixed size turns
         * auto-tuning off and is capped at {@code net.core.rmem_max}.
         */
        public Builder socketBufferBytes(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("socketBufferBytes must be >= 0, got " + bytes);
            }
            this.socketBufferBytes = bytes;
            return this;
        }

        /**
         * How long a member may go without a heartbeat before the cluster removes it (default 5 s; heartbeats are
         * sent every second). Longer tolerates long GC pauses and overloaded machines; a worker that crashes during a
         * job is noticed at once by its data connections anyway.
         */
        public Builder heartbeatTimeout(java.time.Duration timeout) {
            if (timeout.toSeconds() < 2) {
                throw new IllegalArgumentException("heartbeatTimeout must be at least 2 s, got " + timeout);
            }
            this.heartbeatTimeout = timeout;
            return this;
        }

        /**
         * Hears every BSP run this worker takes part in (a {@code Telemetry}, a dashboard's): the runs'
         * {@link io.ticktickclock.RunInfo} names the cluster run, its statistics cover all its processors, and the
         * series values are this worker's processors' (default: none). Called as {@link io.ticktickclock.BspObserver}
         * says, on this worker's processor threads: keep it short.
         */
        public Builder observer(io.ticktickclock.BspObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** Where the worker prints its ready line and its job log (default {@code System.out}). */
        public Builder out(PrintStream out) {
            this.out = Objects.requireNonNull(out, "out");
            return this;
        }

        /**
         * Starts the worker and joins the cluster; returns once it has joined (or formed a cluster of its own).
         *
         * @throws IllegalArgumentException if {@code bind} is not an address of this machine
         * @throws UncheckedIOException     if a port cannot be opened
         */
        public WorkerNode start() {
            return new WorkerNode(this);
        }
    }
}
