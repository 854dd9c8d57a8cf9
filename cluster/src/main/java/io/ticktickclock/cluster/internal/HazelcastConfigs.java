package io.ticktickclock.cluster.internal;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The Hazelcast configurations of workers and clients. */
public final class HazelcastConfigs {
    /** Member attribute: the worker's data address, {@code host:port}. */
    public static final String DATA_ATTRIBUTE = "ttc.data";
    /** Member attribute: the worker's processor count. */
    public static final String PROCESSORS_ATTRIBUTE = "ttc.processors";
    /** The executor that runs jobs. */
    public static final String JOBS_EXECUTOR = "ttc-jobs";
    /** The executor for control tasks (cancellation), never queued behind running jobs. */
    public static final String CONTROL_EXECUTOR = "ttc-control";

    // Held so that the level set here is not lost when the logger is garbage-collected.
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    private HazelcastConfigs() {
    }

    /** Hazelcast logs through java.util.logging, warnings and errors only: a worker prints its own lines. */
    static void quietLogging() {
        if (HAZELCAST_LOG.getLevel() == null) {
            HAZELCAST_LOG.setLevel(Level.WARNING);
        }
    }

    /**
     * A worker member's configuration.
     *
     * @param bindIp      the IP address to bind (and to be reached at)
     * @param join        the members to join, {@code host:port}; empty: start a cluster
     * @param heartbeatTimeoutSeconds how long a silent member stays in the cluster
     * @param kubernetesServiceDns    the headless service to discover members through, or null for {@code join}
     * @param attributes  the member attributes to publish
     * @param userContext the worker's objects for the tasks it runs
     */
    public static Config member(String clusterName, String bindIp, int port, List<String> join,
                                int heartbeatTimeoutSeconds, String kubernetesServiceDns,
                                Map<String, String> attributes,
                                Map<String, Object> userContext) {
        quietLogging();
        Config config = new Config();
        config.setClusterName(clusterName);
        commonProperties(config.getProperties());
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(heartbeatTimeoutSeconds));
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface(bindIp);
        JoinConfig joinConfig = network.getJoin();
        joinConfig.getMulticastConfig().setEnabled(false);
        joinConfig.getAutoDetectionConfig().setEnabled(false);
        if (kubernetesServiceDns != null) {
            joinConfig.getKubernetesConfig().setEnabled(true).setProperty("service-dns", kubernetesServiceDns)
                    .setProperty("service-port", Integer.toString(port));
        } else {
            joinConfig.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(5).setMembers(join.isEmpty()
                    ? List.of(bindIp + ":" + port) : join);
        }
        attributes.forEach(config.getMemberAttributeConfig()::setAttribute);
        config.getExecutorConfig(JOBS_EXECUTOR).setPoolSize(16).setStatisticsEnabled(false);
        config.getExecutorConfig(CONTROL_EXECUTOR).setPoolSize(2).setStatisticsEnabled(false);
        config.getSerializationConfig().setJavaSerializationFilterConfig(javaSerializationFilter());
        config.getJetConfig().setEnabled(false);
        config.getUserContext().putAll(userContext);
        return config;
    }

    /** A client's configuration. */
    public static ClientConfig client(String clusterName, List<String> addresses, long connectTimeoutMillis) {
        quietLogging();
        ClientConfig config = new ClientConfig();
        config.setClusterName(clusterName);
        commonProperties(config.getProperties());
        config.setProperty("hazelcast.client.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.client.heartbeat.interval", "1000");
        config.setProperty("hazelcast.client.heartbeat.timeout", "15000");
        config.getNetworkConfig().setAddresses(List.copyOf(addresses)); // routing: to every member (the default)
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(connectTimeoutMillis);
        config.getSerializationConfig().setJavaSerializationFilterConfig(javaSerializationFilter());
        return config;
    }

    private static void commonProperties(java.util.Properties p) {
        p.setProperty("hazelcast.logging.type", "jdk");
        p.setProperty("hazelcast.phone.home.enabled", "false");
    }

    /**
     * Our tasks are DataSerializable; Java serialization between members and clients is left to Hazelcast's own
     * classes (exceptions, some internals) and the JDK's: a library's gadget chain cannot be reached through it.
     */
    private static JavaSerializationFilterConfig javaSerializationFilter() {
        return new JavaSerializationFilterConfig().setDefaultsDisabled(false)
                .setWhitelist(new ClassFilter().addPrefixes("java.", "com.hazelcast."));
    }
}
