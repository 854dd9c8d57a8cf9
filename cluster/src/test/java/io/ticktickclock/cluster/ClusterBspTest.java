package io.ticktickclock.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ticktickclock.BspException;
import io.ticktickclock.BspJob;
import io.ticktickclock.BspObserver;
import io.ticktickclock.BspProgram;
import io.ticktickclock.BspProgramJob;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.ReduceOp;
import io.ticktickclock.RunInfo;
import io.ticktickclock.SuperstepStats;
import io.ticktickclock.SpmdProgram;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * BSP runs on worker JVMs forked on 127.0.0.1 (five at first; the tests run in order, each losing workers, and
 * the later ones start new workers that join): the results of the local runtime to the bit, its error reports, a
 * worker killed with SIGKILL mid-run failing the run promptly while the survivors run the next (no recovery), and
 * runs that recover to the local result: after one loss, after two successive losses, from the newest checkpoint,
 * after a loss during a checkpoint's write (from the previous checkpoint), after a loss while another worker joins;
 * and the error when the last worker is lost too. A test that runs past {@link #WATCH}'s bound dumps every JVM's
 * threads into {@code target/worker-logs}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterBspTest {
    private static final int WORKERS = 5;
    private static final String NAME = "ttc-bsp-" + ProcessHandle.current().pid();
    private static WorkerProcesses workers;
    private static ClusterRuntime cluster;

    @org.junit.jupiter.api.extension.RegisterExtension
    static final WorkerProcesses.HangWatch WATCH = new WorkerProcesses.HangWatch(() -> workers,
            java.time.Duration.ofSeconds(100));

    @BeforeAll
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    static void startCluster() throws Exception {
        workers = new WorkerProcesses(NAME);
        try {
            workers.start(WORKERS, 2);
            cluster = ClusterRuntime.builder().clusterName(NAME).addresses(workers.addresses()).processors(5)
                    .maxRecoveries(0).connect();
            awaitWorkers(WORKERS);
        } catch (Throwable t) {
            stopCluster();
            throw t;
        }
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (workers != null) {
                workers.close();
            }
        }
    }

    private static void awaitWorkers(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (cluster.workers().size() != count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cluster has " + cluster.workers() + ", expected " + count);
            }
            Thread.sleep(100);
        }
    }

    private static <R> BspResult<R> local(BspJob<String, R> job) {
        return BspRuntime.builder().processors(5).build().run(job);
    }

    /** Processor 3 brings another operation to the all-reduce than the others. */
    public record Mismatch() implements BspJob<String, Long> {
        @Override
        public SpmdProgram<String, Long> program() {
            return ctx -> ctx.allReduce(1L, ctx.pid() == 3 ? ReduceOp.MIN : ReduceOp.SUM);
        }
    }

    /** Many short supersteps, each a little slow: a run that lasts long enough to lose a worker in. */
    public record Slow(int supersteps, long sleepMillis) implements BspJob<String, Integer> {
        @Override
        public SpmdProgram<String, Integer> program() {
            return ctx -> {
                for (int s = 0; s < supersteps; s++) {
                    ctx.send((ctx.pid() + 1) % ctx.processors(), "tick " + s);
                    Thread.sleep(sleepMillis);
                    ctx.sync();
                }
                return ctx.inbox().size();
            };
        }
    }

    /** Every superstep: a message around the ring, an all-reduce of a running hash, a pause; the hash at the end. */
    public record Iterating(int supersteps, long sleepMillis) implements BspJob<Long, Long> {
        @Override
        public SpmdProgram<Long, Long> program() {
            return ctx -> {
                long hash = ctx.pid();
                for (int s = 0; s < supersteps; s++) {
                    ctx.sendLong((ctx.pid() + 1) % ctx.processors(), hash);
                    Thread.sleep(sleepMillis);
                    ctx.sync();
                    hash = hash * 31 + ctx.longInbox().sum();
                    hash = ctx.allReduce(hash, ReduceOp.SUM) ^ ctx.pid();
                }
                return hash;
            };
        }
    }

    /**
     * Records a run's progress, recovery and end as text, and kills worker process {@code processes[k]} with
     * SIGKILL once the run has delivered the statistics of superstep {@code at[k]} after the previous kill.
     */
    static final class Killer implements BspObserver {
        private final List<String> calls = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        private final int[] processes;
        private final int[] at;
        private int killed;
        private Runnable afterFirstKill = () -> { };

        Killer(int[] processes, int[] at) {
            this.processes = processes;
            this.at = at;
        }

        /** Runs {@code action} right after the first kill (on the observer's thread). */
        Killer afterFirstKill(Runnable action) {
            this.afterFirstKill = action;
            return this;
        }

        List<String> calls() {
            return List.copyOf(calls);
        }

        @Override
        public void superstepCompleted(RunInfo run, SuperstepStats stats) {
            calls.add("superstep " + stats.superstep());
            if (killed < processes.length && stats.superstep() >= at[killed]) {
                try {
                    workers.kill(processes[killed++]);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (killed == 1) {
                    afterFirstKill.run();
                }
            }
        }

        @Override
        public void checkpointWritten(RunInfo run, int superstep, long bytes, long nanos) {
            calls.add("checkpoint " + superstep);
        }

        @Override
        public void runFailed(RunInfo run, BspException failure) {
            calls.add("failed");
        }

        @Override
        public void workerLost(RunInfo run, RunInfo.Worker worker, int superstep) {
            calls.add("lost " + worker.address() + " " + worker.firstProcessor() + "+" + worker.processors());
        }

        @Override
        public void recoveryStarted(RunInfo run, int fromSuperstep, List<RunInfo.Worker> now) {
            calls.add("recovering from " + fromSuperstep + " on " + now.size());
        }

        @Override
        public void recoveryCompleted(RunInfo run, int superstep, long lostNanos) {
            calls.add("recovered at " + superstep);
            System.out.printf("recovery: back at superstep %d %.2f s after the loss%n", superstep, lostNanos / 1e9);
        }

        @Override
        public void runCompleted(RunInfo run, BspResult<?> result) {
            calls.add("completed");
        }
    }

    @Test
    @Order(1)
    void messagesAndCollectivesGiveTheLocalResultsToTheBit() {
        ClusterRuntimeInJvmTest.Mixed job = new ClusterRuntimeInJvmTest.Mixed(20261202L, 6);
        BspResult<List<String>> actual = cluster.run(job);
        BspResult<List<String>> expected = BspRuntime.builder().processors(5).build().run(job);
        assertThat(actual.results()).isEqualTo(expected.results());
        assertThat(actual.superstepCount()).isEqualTo(expected.superstepCount());
        assertThat(actual.supersteps()).hasSize(expected.supersteps().size());
        for (int s = 0; s < expected.superstepCount(); s++) {
            assertThat(actual.supersteps().get(s).totalMessages()).isEqualTo(expected.supersteps().get(s)
                    .totalMessages());
            assertThat(actual.supersteps().get(s).hWords()).isEqualTo(expected.supersteps().get(s).hWords());
        }
    }

    @Test
    @Order(2)
    void aCollectiveMismatchIsReportedAsByTheLocalRuntime() {
        BspException expected = catchThrowableOfType(BspException.class, () -> local(new Mismatch()));
        BspException actual = catchThrowableOfType(BspException.class, () -> cluster.run(new Mismatch()));
        assertThat(actual).hasMessage(expected.getMessage());
        assertThat(actual.processor()).isEqualTo(3);
    }

    @Test
    @Order(3)
    void aWorkerKilledMidRunFailsItNamingTheWorkerAndItsProcessors() throws Exception {
        WorkerInfo victim = cluster.workers().get(2);
        int process = workers.addresses().indexOf(victim.memberAddress());
        assertThat(process).isNotNegative();
        CompletableFuture<BspResult<Integer>> run = CompletableFuture.supplyAsync(
                () -> cluster.run(new Slow(100_000, 5)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!workers.log(process).contains("job ") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(500);
        workers.kill(process);
        // How soon is measured, not tested (no timing in tests): the bound only keeps a hang from lasting.
        ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> run.get(120, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(BspException.class);
        // The run's p = 5 over five workers of two: one each, worker 2 runs processor 2.
        assertThat(e.getCause().getMessage()).contains("worker 2 (" + victim.memberAddress() + ", processor 2)")
                .contains("died or left the cluster");

        awaitWorkers(WORKERS - 1);
        ClusterRuntimeInJvmTest.Mixed job = new ClusterRuntimeInJvmTest.Mixed(7, 3);
        assertThat(cluster.run(job).results()).isEqualTo(local(job).results());
    }

    @Test
    @Order(4)
    void aRunThatLosesTwoWorkersOneAfterTheOtherRecoversOnTheOthersToTheSameResult() throws Exception {
        // After the previous test: four workers of two processors each; p = 5 stays 5 on the survivors. Two
        // losses, one after the other: at superstep 20, and at superstep 40 of the recovered run.
        awaitWorkers(WORKERS - 1);
        WorkerInfo victim = cluster.workers().get(1);
        WorkerInfo second = cluster.workers().get(3);
        Killer killer = new Killer(new int[] {workers.addresses().indexOf(victim.memberAddress()),
            workers.addresses().indexOf(second.memberAddress())}, new int[] {20, 40});
        Iterating job = new Iterating(60, 20);
        BspResult<Long> expected = BspRuntime.builder().processors(5).build().run(job);
        BspResult<Long> actual;
        try (ClusterRuntime recovering = ClusterRuntime.builder().clusterName(NAME)
                .addresses(cluster.workers().get(0).memberAddress()).processors(5).observer(killer).connect()) {
            actual = recovering.run(job);
        }
        assertThat(actual.results()).isEqualTo(expected.results());
        assertThat(actual.superstepCount()).isEqualTo(expected.superstepCount());
        List<String> seen = killer.calls();
        // p = 5 over four workers of two: 2 + 1 + 1 + 1, the first victim ran processor 2; then over three:
        // 2 + 2 + 1, the second victim (the last of them) ran processor 4; then 3 + 2 on the last two.
        String firstLoss = "lost " + victim.memberAddress() + " 2+1";
        String secondLoss = "lost " + second.memberAddress() + " 4+1";
        assertThat(seen).containsSubsequence(firstLoss, "recovering from 0 on 3", secondLoss, "recovering from 0 on 2",
                "completed").endsWith("completed");
        assertThat(seen.subList(seen.indexOf(secondLoss), seen.size())).anyMatch(c -> c.startsWith("recovered at "));
        // Each superstep's statistics once, in order, across the loss.
        List<String> steps = seen.stream().filter(c -> c.startsWith("superstep ")).toList();
        assertThat(steps).hasSize(expected.supersteps().size());
        for (int i = 0; i < steps.size(); i++) {
            assertThat(steps.get(i)).isEqualTo("superstep " + i);
        }
    }

    /** A superstep program: every superstep mixes what the two previous processors sent into a running hash. */
    public record Mixing(int supersteps, long sleepMillis) implements BspProgramJob<Long, long[], Long> {
        @Override
        public BspProgram<Long, long[], Long> program() {
            return BspProgram.<Long, long[], Long>builder("mixing")
                    .init((ctx, share) -> new long[] {ctx.pid() + 1, 0})
                    .superstep("mix", step -> step
                            .compute((ctx, s) -> {
                                s[0] = s[0] * 31 + ctx.longInbox().sum() + ctx.allReduce(s[0] & 0xffff, ReduceOp.SUM);
                                s[1]++;
                                Thread.sleep(sleepMillis);
                                return s;
                            })
                            .communicate((ctx, s) -> {
                                ctx.sendLong((ctx.pid() + 1) % ctx.processors(), s[0]);
                                ctx.sendLong((ctx.pid() + 2) % ctx.processors(), s[0] >>> 3);
                            })
                            .until(s -> s[1] >= supersteps))
                    .build();
        }
    }

    @Test
    @Order(5)
    void aCheckpointedRunThatLosesAWorkerRestartsFromItsNewestCheckpoint() throws Exception {
        // After the previous tests: two workers of two processors each.
        awaitWorkers(WORKERS - 3);
        WorkerInfo victim = cluster.workers().get(1);
        int process = workers.addresses().indexOf(victim.memberAddress());
        Killer killer = new Killer(new int[] {process}, new int[] {21});
        Mixing job = new Mixing(50, 20);
        BspResult<long[]> expected = BspRuntime.builder().processors(5).build().run(job, List.of());
        BspResult<long[]> actual;
        try (ClusterRuntime recovering = ClusterRuntime.builder().clusterName(NAME)
                .addresses(cluster.workers().get(0).memberAddress()).processors(5).checkpointEvery(4)
                .observer(killer).connect()) {
            actual = recovering.run(job, List.of());
        }
        assertThat(actual.results()).usingRecursiveFieldByFieldElementComparator().isEqualTo(expected.results());
        for (int pid = 0; pid < 5; pid++) {
            assertThat(actual.results().get(pid)).containsExactly(expected.results().get(pid));
        }
        List<String> seen = killer.calls();
        String recovering = seen.stream().filter(c -> c.startsWith("recovering from ")).findFirst().orElseThrow();
        int from = Integer.parseInt(recovering.split(" ")[2]);
        // A checkpoint at the first barrier at or after supersteps 4, 8, ... where one can be taken (not one that
        // closed a collective): the run goes on from a checkpoint, not from the start.
        assertThat(from).isGreaterThanOrEqualTo(4).isLessThan(50);
        assertThat(recovering).endsWith(" on 1");
    }

    /**
     * The state of {@link HaltingRing}: a running hash, the supersteps computed, the last superstep computed. Its
     * accessor {@link #values()} is what the wire format calls to encode it, so in a checkpoint (the program itself
     * reads the fields through {@link #step}): in the JVM whose process id is {@code victimProcess}, encoding the part
     * of the checkpoint of superstep {@code haltAt} halts the JVM, as a SIGKILL would (no shutdown hook runs, the
     * worker says goodbye to nobody), after waiting until the run's previous checkpoint is complete in the cluster's
     * map. So the worker dies while the checkpoint of {@code haltAt} is being written, with its own part of it not
     * stored, and the newest complete checkpoint is the previous one: a deterministic kill during a checkpoint
     * write, without a hook in the runtime.
     */
    public record Halting(long[] values, long victimProcess, int haltAt, int every, int processors) {
        Halting step(long inbox, int superstep) {
            values[0] = values[0] * 31 + inbox;
            values[1]++;
            values[2] = superstep;
            return this;
        }

        long hash() {
            return values[0];
        }

        @Override
        public long[] values() {
            // Encoded at the barrier that starts superstep values[2] + 1: that is the checkpoint's superstep.
            if (ProcessHandle.current().pid() == victimProcess && values[2] + 1 == haltAt) {
                awaitCompleteCheckpoint(haltAt - every);
                Runtime.getRuntime().halt(137);
            }
            return values;
        }

        /** Waits until this worker's cluster holds every part of the run's checkpoint of {@code superstep}. */
        private void awaitCompleteCheckpoint(int superstep) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                for (com.hazelcast.core.HazelcastInstance h : com.hazelcast.core.Hazelcast.getAllHazelcastInstances()) {
                    for (com.hazelcast.core.DistributedObject o : h.getDistributedObjects()) {
                        if (o.getName().startsWith("ttc-checkpoints-") && o instanceof com.hazelcast.map.IMap<?, ?>) {
                            @SuppressWarnings("unchecked")
                            com.hazelcast.map.IMap<String, byte[]> map = (com.hazelcast.map.IMap<String, byte[]>) o;
                            if (io.ticktickclock.cluster.internal.ClusterCheckpoints.latest(map, processors)
                                    .orElse(-1) >= superstep) {
                                return;
                            }
                        }
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
            }
            // Not seen in time: halting anyway still kills during a write; the test's assertion then says so.
        }
    }

    /**
     * A ring of running hashes without collectives (so every superstep can be checkpointed: checkpoints at the
     * multiples of {@code every}), whose state halts worker process {@code victimProcess} while the checkpoint of
     * superstep {@code haltAt} is being written ({@link Halting}).
     */
    public record HaltingRing(int supersteps, long sleepMillis, long victimProcess, int haltAt, int every)
            implements BspProgramJob<Long, Halting, Long> {
        @Override
        public BspProgram<Long, Halting, Long> program() {
            return BspProgram.<Long, Halting, Long>builder("halting-ring")
                    .init((ctx, share) -> new Halting(new long[] {ctx.pid() + 1, 0, -1}, victimProcess, haltAt, every,
                            ctx.processors()))
                    .superstep("mix", step -> step
                            .compute((ctx, s) -> {
                                Thread.sleep(sleepMillis);
                                return s.step(ctx.longInbox().sum(), ctx.superstep());
                            })
                            .communicate((ctx, s) -> {
                                ctx.sendLong((ctx.pid() + 1) % ctx.processors(), s.hash());
                                ctx.sendLong((ctx.pid() + 3) % ctx.processors(), s.hash() >>> 5);
                            })
                            .until(s -> s.values[1] >= supersteps))
                    .build();
        }
    }

    private static long[][] hashes(BspResult<Halting> r) {
        return r.results().stream().map(h -> new long[] {h.values[0], h.values[1]}).toArray(long[][]::new);
    }

    /** Starts one more worker JVM of two processors, joining the others, and waits until it is ready. */
    private static int joinOne() throws Exception {
        int i = workers.launchJoining(2);
        workers.awaitReady(i);
        return i;
    }

    @Test
    @Order(6)
    void aWorkerLostWhileACheckpointIsWrittenRestartsTheRunFromThePreviousCheckpoint() throws Exception {
        // After the previous tests: one worker; one more joins. p = 5 over two workers of two: 3 + 2.
        awaitWorkers(1);
        joinOne();
        awaitWorkers(2);
        WorkerInfo victim = cluster.workers().get(1);
        int process = workers.addresses().indexOf(victim.memberAddress());
        int every = 4;
        int haltAt = 12;
        HaltingRing job = new HaltingRing(30, 10, workers.process(process).pid(), haltAt, every);
        BspResult<Halting> expected = BspRuntime.builder().processors(5).build().run(job, List.of());
        Killer observer = new Killer(new int[0], new int[0]);
        BspResult<Halting> actual;
        try (ClusterRuntime recovering = ClusterRuntime.builder().clusterName(NAME)
                .addresses(cluster.workers().get(0).memberAddress()).processors(5).checkpointEvery(every)
                .observer(observer).connect()) {
            actual = recovering.run(job, List.of());
        }
        assertThat(workers.process(process).waitFor(30, TimeUnit.SECONDS)).as("the victim halted").isTrue();
        assertThat(hashes(actual)).isDeepEqualTo(hashes(expected));
        // The result lists the supersteps of the attempt that ended the run, numbered as the run numbers them: from
        // the restore superstep (one before the checkpoint's) to the local run's last.
        assertThat(actual.supersteps().get(0).name()).isEqualTo("restore");
        assertThat(actual.supersteps().get(0).superstep()).isEqualTo(haltAt - every - 1);
        assertThat(actual.supersteps().get(actual.supersteps().size() - 1).superstep())
                .isEqualTo(expected.superstepCount() - 1);
        List<String> seen = observer.calls();
        // The checkpoint of haltAt was begun but never complete (the victim's part is missing): the run went on
        // from the previous one, which was complete before the victim died.
        assertThat(seen).containsSubsequence("lost " + victim.memberAddress() + " 3+2",
                "recovering from " + (haltAt - every) + " on 1", "completed");
        assertThat(seen.stream().filter(c -> c.startsWith("recovering ")).count()).isEqualTo(1);
        // Each superstep's statistics once, in order, across the loss and the rollback.
        List<String> steps = seen.stream().filter(c -> c.startsWith("superstep ")).toList();
        assertThat(steps).hasSize(expected.superstepCount());
        for (int i = 0; i < steps.size(); i++) {
            assertThat(steps.get(i)).isEqualTo("superstep " + i);
        }
    }

    /**
     * A ring of running hashes without collectives that waits, in superstep {@code gateAt}, until the file
     * {@code gate} exists (null: no gate): a run that cannot end before the test lets it, whatever the machine's
     * speed. The result does not depend on the gate.
     */
    public record GatedRing(int supersteps, String gate, int gateAt) implements BspProgramJob<Long, long[], Long> {
        @Override
        public BspProgram<Long, long[], Long> program() {
            return BspProgram.<Long, long[], Long>builder("gated-ring")
                    .init((ctx, share) -> new long[] {ctx.pid() + 7, 0})
                    .superstep("mix", step -> step
                            .compute((ctx, s) -> {
                                if (gate != null && ctx.superstep() == gateAt) {
                                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                                    while (!java.nio.file.Files.exists(java.nio.file.Path.of(gate))
                                            && System.nanoTime() < deadline) {
                                        Thread.sleep(10);
                                    }
                                }
                                s[0] = s[0] * 31 + ctx.longInbox().sum();
                                s[1]++;
                                return s;
                            })
                            .communicate((ctx, s) -> {
                                ctx.sendLong((ctx.pid() + 1) % ctx.processors(), s[0]);
                                ctx.sendLong((ctx.pid() + 2) % ctx.processors(), s[0] >>> 7);
                            })
                            .until(s -> s[1] >= supersteps))
                    .build();
        }
    }

    @Test
    @Order(7)
    void aWorkerThatJoinsDuringARunTakesOverTheProcessorsOfAWorkerLostLater() throws Exception {
        // After the previous test: one worker; one more joins. The run starts on these two and waits at a gate in
        // superstep 10; a third worker joins meanwhile; once it is a member, one of the first two is killed: the
        // recovery runs on the survivor and the joiner. Then the gate opens.
        awaitWorkers(1);
        joinOne();
        awaitWorkers(2);
        WorkerInfo victim = cluster.workers().get(0);
        int process = workers.addresses().indexOf(victim.memberAddress());
        java.nio.file.Path gate = java.nio.file.Path.of("target", NAME + "-gate").toAbsolutePath();
        java.nio.file.Files.deleteIfExists(gate);
        GatedRing job = new GatedRing(30, gate.toString(), 10);
        BspResult<long[]> expected = BspRuntime.builder().processors(5).build().run(new GatedRing(30, null, 10),
                List.of());
        Killer observer = new Killer(new int[0], new int[0]);
        BspResult<long[]> actual;
        try (ClusterRuntime recovering = ClusterRuntime.builder().clusterName(NAME)
                .addresses(cluster.workers().get(1).memberAddress()).processors(5).checkpointEvery(4)
                .observer(observer).connect()) {
            CompletableFuture<BspResult<long[]>> run = CompletableFuture.supplyAsync(() -> recovering.run(job,
                    List.of()));
            awaitCall(observer, "superstep 8"); // the run is at the gate, or about to be
            int joiner = joinOne();
            String joined = workers.addresses().get(joiner);
            awaitWorkers(3);
            while (recovering.workers().stream().noneMatch(w -> w.memberAddress().equals(joined))) {
                Thread.sleep(50);
            }
            int jobsBefore = (int) workers.log(joiner).lines().filter(l -> l.contains(" started: ")).count();
            workers.kill(process);
            awaitCall(observer, "recovering from ");
            java.nio.file.Files.createFile(gate);
            actual = run.get(90, TimeUnit.SECONDS);
            // The joiner ran the recovered attempt: its first job here.
            assertThat(workers.log(joiner).lines().filter(l -> l.contains(" started: ")).count())
                    .isEqualTo(jobsBefore + 1);
        } finally {
            java.nio.file.Files.deleteIfExists(gate);
        }
        for (int pid = 0; pid < 5; pid++) {
            assertThat(actual.results().get(pid)).containsExactly(expected.results().get(pid));
        }
        List<String> seen = observer.calls();
        // p = 5 over two workers of two: 3 + 2, the victim (the first) ran processors 0..2; the recovery runs on
        // the survivor and the joiner.
        assertThat(seen).containsSubsequence("lost " + victim.memberAddress() + " 0+3", "completed");
        List<String> recoveries = seen.stream().filter(c -> c.startsWith("recovering ")).toList();
        assertThat(recoveries).hasSize(1);
        assertThat(recoveries.get(0)).matches("recovering from \\d+ on 2");
    }

    /** Waits (a bound that only guards against a hang) until {@code observer} has recorded a call starting so. */
    private static void awaitCall(Killer observer, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (observer.calls().stream().noneMatch(c -> c.startsWith(prefix))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no '" + prefix + "' within 90 s; the observer heard "
                        + observer.calls());
            }
            Thread.sleep(20);
        }
    }

    @Test
    @Order(8)
    void losingTheLastWorkerFailsTheRunNamingItAndSayingNoWorkerIsLeft() throws Exception {
        // After the previous test: two workers. The run loses one (and recovers from a checkpoint on the other),
        // then the other, as soon as it has started the recovered attempt: the checkpoint's holders are all gone,
        // nothing is left to recover on.
        awaitWorkers(2);
        WorkerInfo first = cluster.workers().get(1);
        WorkerInfo last = cluster.workers().get(0);
        int lastProcess = workers.addresses().indexOf(last.memberAddress());
        long alone = workers.log(lastProcess).lines().filter(l -> l.contains(" of 1 workers")).count();
        CompletableFuture<Void> secondKill = new CompletableFuture<>();
        Killer killer = new Killer(new int[] {workers.addresses().indexOf(first.memberAddress())}, new int[] {10})
                .afterFirstKill(() -> CompletableFuture.runAsync(() -> {
                    try {
                        while (workers.log(lastProcess).lines().filter(l -> l.contains(" of 1 workers")).count()
                                == alone) {
                            Thread.sleep(20);
                        }
                        workers.kill(lastProcess);
                        secondKill.complete(null);
                    } catch (Exception ex) {
                        secondKill.completeExceptionally(ex);
                    }
                }));
        BspException e;
        try (ClusterRuntime recovering = ClusterRuntime.builder().clusterName(NAME)
                .addresses(last.memberAddress()).processors(5).checkpointEvery(4).observer(killer).connect()) {
            long start = System.nanoTime();
            e = catchThrowableOfType(BspException.class, () -> recovering.run(new Mixing(100_000, 20), List.of()));
            System.out.printf("the run failed %.1f s after its start%n", (System.nanoTime() - start) / 1e9);
        }
        secondKill.get(30, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains(last.memberAddress()).contains("died or left the cluster")
                .contains("no worker is left to recover on");
        List<String> seen = killer.calls().stream().filter(c -> !c.startsWith("superstep ")
                && !c.startsWith("checkpoint ") && !c.startsWith("recovered ")).toList();
        assertThat(seen).hasSize(4);
        assertThat(seen.get(0)).isEqualTo("lost " + first.memberAddress() + " 3+2");
        assertThat(seen.get(1)).matches("recovering from \\d+ on 1");
        assertThat(seen.subList(2, 4)).containsExactly("lost " + last.memberAddress() + " 0+5", "failed");
    }
}
