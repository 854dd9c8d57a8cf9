package io.ticktickclock.cluster;

import io.ticktickclock.cluster.jobs.FailingJob;
import io.ticktickclock.cluster.jobs.ProbeJob;
import io.ticktickclock.cluster.jobs.RingJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Three worker JVMs on 127.0.0.1 and a client in the test JVM. The tests share the workers and run in order; the
 * last one kills a worker.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MultiJvmClusterTest {
    private static final int WORKERS = 3;
    private static final int PROCESSORS_EACH = 2;
    private static WorkerProcesses workers;

    /** A test that runs past this bound (below its timeout) dumps every JVM's threads into target/worker-logs. */
    @org.junit.jupiter.api.extension.RegisterExtension
    static final WorkerProcesses.HangWatch WATCH = new WorkerProcesses.HangWatch(() -> workers,
            java.time.Duration.ofSeconds(100));
    private static ClusterClient client;

    @BeforeAll
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    static void startCluster() throws Exception {
        String name = "ttc-test-" + ProcessHandle.current().pid();
        workers = new WorkerProcesses(name);
        try {
            workers.start(WORKERS, PROCESSORS_EACH);
            client = ClusterClient.builder().clusterName(name).addresses(workers.addresses()).connect();
            awaitWorkers(WORKERS);
        } catch (Throwable t) {
            stopCluster();
            throw t;
        }
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (workers != null) {
                workers.close();
            }
        }
    }

    private static void awaitWorkers(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (client.workers().size() != count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the client sees " + client.workers() + ", expected " + count
                        + " workers");
            }
            Thread.sleep(100);
        }
    }

    @Test
    @Order(1)
    void aTokenTravelsTheRingOfWorkersThroughTheMeshOverManySupersteps() {
        int supersteps = 30;
        JobResult r = client.submit(RingJob.class, new RingJob.Params(supersteps, 0), 0);
        assertThat(r.workers()).hasSize(WORKERS);
        for (int w = 0; w < WORKERS; w++) {
            WorkerInfo info = r.workers().get(w);
            assertThat(info.index()).isEqualTo(w);
            assertThat(info.firstProcessor()).isEqualTo(w * PROCESSORS_EACH);
            assertThat(info.processorCount()).isEqualTo(PROCESSORS_EACH);
            // Token of worker w after superstep s: its left neighbour's start (after s hops around) plus s + 1.
            @SuppressWarnings("unchecked")
            List<Long> tokens = (List<Long>) r.results().get(w);
            assertThat(tokens).hasSize(supersteps);
            for (int s = 0; s < supersteps; s++) {
                int origin = Math.floorMod(w - 1 - s, WORKERS);
                assertThat(tokens.get(s)).isEqualTo(origin * PROCESSORS_EACH * 1_000L + s + 1);
            }
        }
    }

    @Test
    @Order(2)
    void processorsAreSpreadInContiguousBlocksByWhatEachWorkerOffers() {
        JobResult r = client.submit(RingJob.class, new RingJob.Params(1, 0), 4);
        assertThat(r.workers()).extracting(WorkerInfo::firstProcessor).containsExactly(0, 2, 3);
        assertThat(r.workers()).extracting(WorkerInfo::processorCount).containsExactly(2, 1, 1);
        JobResult two = client.submit(RingJob.class, new RingJob.Params(1, 0), 2);
        assertThat(two.workers()).hasSize(2);
    }

    @Test
    @Order(3)
    void aJobJarShippedAtSubmitTimeRunsInAClassLoaderOfItsOwn(@TempDir Path dir) throws Exception {
        Path jar = compileShippedJob(dir);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                MultiJvmClusterTest.class.getClassLoader())) {
            @SuppressWarnings("unchecked")
            Class<? extends WorkerJob> job = (Class<? extends WorkerJob>) loader.loadClass("shipped.ShippedJob");
            JobResult r = client.submit(job, "hello", 0);
            assertThat(r.results()).hasSize(WORKERS);
            for (int w = 0; w < WORKERS; w++) {
                Object greeting = r.results().get(w);
                assertThat(greeting.getClass().getName()).isEqualTo("shipped.Greeting");
                assertThat(greeting.toString())
                        .contains("text=hello from worker " + w)
                        .contains("loader=ttc-job-" + Long.toHexString(r.jobId()));
            }
        }
    }

    /** Compiles a job class that the workers' classpath does not have, and jars it. */
    private static Path compileShippedJob(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/shipped"));
        Files.writeString(src.resolve("Greeting.java"), """
                package shipped;
                public record Greeting(String text, String loader) implements java.io.Serializable {}
                """);
        Files.writeString(src.resolve("ShippedJob.java"), """
                package shipped;
                import io.ticktickclock.cluster.*;
                public final class ShippedJob implements WorkerJob {
                    public Object run(JobContext ctx) {
                        ctx.mesh().receive(0);
                        return new Greeting(ctx.parameters() + " from worker " + ctx.mesh().self(),
                                getClass().getClassLoader().getName());
                    }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "-d", classes.toString(), "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                src.resolve("Greeting.java").toString(), src.resolve("ShippedJob.java").toString());
        assertThat(rc).as(errors.toString()).isZero();
        Path jar = dir.resolve("shipped.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    @Order(4)
    void aFailingJobReportsTheOriginalExceptionAndTheWorkerThatThrewIt() {
        assertThatThrownBy(() -> client.submit(FailingJob.class, null, 0))
                .isInstanceOfSatisfying(ClusterJobException.class, e -> {
                    assertThat(e.getMessage()).contains("worker 1").contains("processors 2..3")
                            .contains("FailingJob$Boom").contains("processor 2 gave up");
                    assertThat(e.worker().index()).isEqualTo(1);
                    assertThat(e.remoteClassName()).isEqualTo(FailingJob.Boom.class.getName());
                    assertThat(e.remoteMessage()).isEqualTo("processor 2 gave up");
                    assertThat(e.remoteStackTrace()).contains("at " + FailingJob.class.getName() + ".run");
                });
        assertThat(client.submit(RingJob.class, new RingJob.Params(3, 0), 0).results()).hasSize(WORKERS);
    }

    @Test
    @Order(5)
    void garbageSentToAWorkersDataPortAndMemberPortIsRejectedAndTheWorkerStaysUsable() throws Exception {
        WorkerInfo target = client.workers().get(0);
        byte[] garbage = new byte[64 * 1024];
        new SplittableRandom(12).nextBytes(garbage);
        String member = target.memberAddress();
        int memberPort = Integer.parseInt(member.substring(member.lastIndexOf(':') + 1));
        for (int port : new int[] {target.dataPort(), memberPort}) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(20_000);
                try {
                    s.getOutputStream().write(garbage);
                    s.getOutputStream().flush();
                    InputStream in = s.getInputStream();
                    while (in.read() >= 0) {
                        // Drain until the worker closes the connection.
                    }
                } catch (IOException closedOnUs) {
                    // A reset is a rejection too.
                }
            }
        }
        assertThat(client.submit(RingJob.class, new RingJob.Params(5, 0), 0).results()).hasSize(WORKERS);
        assertThat(client.workers()).hasSize(WORKERS);
    }

    @Test
    @Order(6)
    void twentyJobsLeaveNoThreadSocketOrJarBehind() {
        List<ProbeJob.Resources> before = probe();
        for (int i = 0; i < 20; i++) {
            client.submit(RingJob.class, new RingJob.Params(2, 0), 0);
        }
        List<ProbeJob.Resources> after = probe();
        for (int w = 0; w < WORKERS; w++) {
            assertThat(after.get(w).otherTtcThreads()).as("our threads of worker %d", w)
                    .isEqualTo(before.get(w).otherTtcThreads());
            assertThat(after.get(w).otherJobJars()).as("job jars").isLessThanOrEqualTo(before.get(w).otherJobJars());
            // A connection of Hazelcast's may be opening or closing while the probe counts; a leak of one socket
            // per job would show as +20.
            assertThat(after.get(w).sockets()).as("sockets of worker %d", w)
                    .isLessThanOrEqualTo(before.get(w).sockets() + 2);
            // Hazelcast's pools grow and shrink on their own; a leak of one thread per job would show as +20.
            assertThat(after.get(w).threads()).as("threads of worker %d", w)
                    .isLessThanOrEqualTo(before.get(w).threads() + 8);
        }
    }

    private static List<ProbeJob.Resources> probe() {
        List<ProbeJob.Resources> r = new ArrayList<>();
        client.submit(ProbeJob.class, null, 0); // warms up every pool a job touches
        for (Object o : client.submit(ProbeJob.class, null, 0).results()) {
            r.add((ProbeJob.Resources) o);
        }
        return r;
    }

    @Test
    @Order(7)
    void aWorkerKilledMidJobFailsTheJobNamingItAndTheSurvivorsRunTheNextJob() throws Exception {
        List<WorkerInfo> before = client.workers();
        WorkerInfo victim = before.get(WORKERS - 1);
        int process = workers.addresses().indexOf(victim.memberAddress());
        assertThat(process).as("the victim's process among %s", workers.addresses()).isNotNegative();
        CompletableFuture<JobResult> job = CompletableFuture.supplyAsync(
                () -> client.submit(RingJob.class, new RingJob.Params(100_000, 20), 0));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!workers.log(process).contains("job ") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(500);
        workers.kill(process);
        // How soon is measured, not tested (no timing in tests): the bound only keeps a hang from lasting.
        assertThatThrownBy(() -> job.get(120, TimeUnit.SECONDS)).cause()
                .isInstanceOf(ClusterJobException.class)
                .hasMessageContaining(victim.describe());
        awaitWorkers(WORKERS - 1);
        JobResult next = client.submit(RingJob.class, new RingJob.Params(5, 0), 0);
        assertThat(next.workers()).hasSize(WORKERS - 1);
    }
}
