package io.ticktickclock.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticktickclock.BspContext;
import io.ticktickclock.BspException;
import io.ticktickclock.BspProgram;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.testing.KnownProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The events a run emits, their order and content; handler failures; JFR; logging. */
@Timeout(60)
class TelemetryTest {

    /** The shared fixture: init, "sum", "loop" until every processor counted to 3 (5 supersteps at p = 2). */
    static BspProgram<Integer, int[], Void> program() {
        return KnownProgram.program();
    }

    static List<BspEvent> record(Telemetry telemetry, Runnable run) {
        List<BspEvent> events = new CopyOnWriteArrayList<>();
        telemetry.attach("recorder", events::add);
        run.run();
        telemetry.detach("recorder");
        return events;
    }

    @Test
    @DisplayName("a known program emits the documented events, in order, with their measurements")
    void eventsOfAKnownProgram() {
        Telemetry telemetry = Telemetry.create();
        BspRuntime runtime = BspRuntime.builder().processors(2).observer(telemetry).build();
        List<BspEvent> events = record(telemetry, () -> runtime.run(program(), List.of()));
        // Processor 0: sum -> 0 + 1 = 1, loop: 2, 3 (converged); processor 1: sum -> 0, loop 1, 2, 3.
        // Loop runs until both hold: 3 rounds. Supersteps: init, sum, loop x3 = 5.
        List<String> kinds = events.stream().map(e -> e.getClass().getSimpleName()).toList();
        List<String> expected = new ArrayList<>(List.of("CoordinatorInitialized", "ProcessorInitialized",
                "ProcessorInitialized"));
        for (int s = 0; s < 5; s++) {
            for (int p = 0; p < 2; p++) {
                expected.addAll(List.of("ComputeCompleted", "CommunicateCompleted", "BarrierReached"));
            }
            expected.add("SuperstepCompleted");
        }
        expected.add("ComputationCompleted");
        assertThat(kinds).isEqualTo(expected);

        List<BspEvent.SuperstepCompleted> supersteps = events.stream()
                .filter(BspEvent.SuperstepCompleted.class::isInstance).map(BspEvent.SuperstepCompleted.class::cast)
                .toList();
        assertThat(supersteps).extracting(BspEvent.SuperstepCompleted::superstep).containsExactly(0, 1, 2, 3, 4);
        assertThat(supersteps).extracting(BspEvent.SuperstepCompleted::name)
                .containsExactly("init", "sum", "loop", "loop", "loop");
        assertThat(supersteps).extracting(BspEvent.SuperstepCompleted::converged)
                .containsExactly(true, true, false, false, true);
        assertThat(supersteps).extracting(BspEvent.SuperstepCompleted::messageCount).containsExactly(2L, 0L, 0L, 0L, 0L);
        assertThat(events).allSatisfy(e -> assertThat(e.program()).isEqualTo("known"));

        List<BspEvent.ComputeCompleted> computes = events.stream().filter(BspEvent.ComputeCompleted.class::isInstance)
                .map(BspEvent.ComputeCompleted.class::cast).toList();
        assertThat(computes).extracting(BspEvent.ComputeCompleted::processorId)
                .containsExactly(0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
        // Processor 0's inbox in superstep "sum" holds the two longs sent in init.
        assertThat(computes.get(2).inboxSize()).isEqualTo(2);
        assertThat(computes.get(3).inboxSize()).isZero();
        BspEvent.CommunicateCompleted firstCommunicate = (BspEvent.CommunicateCompleted) events.get(4);
        assertThat(firstCommunicate.messageCount()).isEqualTo(1);
        assertThat(events.get(5)).isInstanceOf(BspEvent.BarrierReached.class)
                .satisfies(e -> assertThat(((BspEvent.BarrierReached) e).waitNanos()).isNotNegative());
        BspEvent.ComputationCompleted done = (BspEvent.ComputationCompleted) events.get(events.size() - 1);
        assertThat(done.superstepCount()).isEqualTo(5);
        assertThat(done.converged()).isTrue();
        assertThat(done.processors()).isEqualTo(2);
        assertThat(done.durationNanos()).isPositive();
        assertThat(done.eventName()).isEqualTo("tick_tick_clock.coordinator.computation_completed");
    }

    @Test
    @DisplayName("the completion event of a program stopped by the superstep limit says it did not converge")
    void completionEventReportsNonConvergence() {
        Telemetry telemetry = Telemetry.create();
        BspRuntime runtime = BspRuntime.builder().processors(2).maxSupersteps(3).observer(telemetry).build();
        List<BspEvent> events = record(telemetry, () -> runtime.run(program(), List.of()));
        BspEvent.ComputationCompleted done = (BspEvent.ComputationCompleted) events.get(events.size() - 1);
        assertThat(done.converged()).isFalse();
        assertThat(done.superstepCount()).isEqualTo(3);
    }

    @Test
    @DisplayName("every event names its run: two runs of one program at the same time have different run ids, "
            + "and each run's events, from its start to its end, carry its own")
    void concurrentRunsAreKeptApart() throws Exception {
        Telemetry telemetry = Telemetry.create();
        BspRuntime runtime = BspRuntime.builder().processors(2).observer(telemetry).build();
        // Both runs wait for each other in their first superstep, so they are certainly running at once.
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        io.ticktickclock.SpmdProgram<Void, Integer> program = ctx -> {
            if (ctx.pid() == 0) {
                together.await(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            ctx.sync();
            return ctx.pid();
        };
        List<BspEvent> events = record(telemetry, () -> {
            var other = java.util.concurrent.CompletableFuture.runAsync(() -> runtime.run("same", program));
            runtime.run("same", program);
            other.join();
        });
        Map<io.ticktickclock.RunInfo, List<BspEvent>> byRun = events.stream()
                .collect(Collectors.groupingBy(BspEvent::run, java.util.LinkedHashMap::new, Collectors.toList()));
        assertThat(byRun).hasSize(2);
        for (var e : byRun.entrySet()) {
            assertThat(e.getKey().program()).isEqualTo("same");
            assertThat(e.getKey().engine()).isEqualTo("local");
            assertThat(e.getKey().id()).startsWith("local-");
            List<BspEvent> own = e.getValue();
            assertThat(own.getFirst()).isInstanceOf(BspEvent.CoordinatorInitialized.class);
            assertThat(own.getLast()).isInstanceOf(BspEvent.ComputationCompleted.class);
            assertThat(own).filteredOn(BspEvent.SuperstepCompleted.class::isInstance).hasSize(2);
        }
    }

    @Test
    @DisplayName("a reported series value arrives as SeriesReported with its processor, superstep, name and value, "
            + "before the statistics of its superstep")
    void reportedSeries() {
        Telemetry telemetry = Telemetry.create();
        BspRuntime runtime = BspRuntime.builder().processors(2).observer(telemetry).build();
        List<BspEvent> events = record(telemetry, () -> runtime.run((BspContext<Void> ctx) -> {
            for (int s = 0; s < 3; s++) {
                if (ctx.pid() == 1) {
                    ctx.report("residual", Math.pow(10, -s));
                }
                ctx.sync();
            }
            ctx.report("done", Double.NaN);
            return null;
        }));
        List<BspEvent.SeriesReported> reports = events.stream().filter(BspEvent.SeriesReported.class::isInstance)
                .map(BspEvent.SeriesReported.class::cast).toList();
        assertThat(reports).filteredOn(r -> r.series().equals("residual"))
                .extracting(BspEvent.SeriesReported::processorId, BspEvent.SeriesReported::superstep,
                        BspEvent.SeriesReported::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 0, 1.0),
                        org.assertj.core.groups.Tuple.tuple(1, 1, 0.1), org.assertj.core.groups.Tuple.tuple(1, 2, 0.01));
        assertThat(reports).filteredOn(r -> r.series().equals("done")).hasSize(2)
                .allSatisfy(r -> assertThat(r.value()).isNaN());
        assertThat(reports.getFirst().eventName()).isEqualTo("tick_tick_clock.processor.series_reported");
        assertThat(reports).allSatisfy(r -> assertThat(r.run()).isEqualTo(events.getFirst().run()));
        for (BspEvent.SeriesReported r : reports) {
            int reportedAt = events.indexOf(r);
            int statsAt = -1;
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i) instanceof BspEvent.SuperstepCompleted c && c.superstep() == r.superstep()) {
                    statsAt = i;
                }
            }
            assertThat(reportedAt).as("report of superstep %d before its statistics", r.superstep())
                    .isLessThan(statsAt);
        }
    }

    @Test
    @DisplayName("a series needs a name: null or blank fails the run with the argument named, telemetry or not")
    void reportChecksTheSeriesName() {
        for (BspRuntime runtime : List.of(BspRuntime.builder().processors(2).build(),
                BspRuntime.builder().processors(2).observer(Telemetry.create().attach("x", e -> { })).build())) {
            assertThatThrownBy(() -> runtime.run((BspContext<Void> ctx) -> {
                ctx.report(" ", 1);
                return null;
            })).isInstanceOf(BspException.class).cause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("series must be a non-blank name, got ' '");
            assertThatThrownBy(() -> runtime.run((BspContext<Void> ctx) -> {
                ctx.report(null, 1);
                return null;
            })).isInstanceOf(BspException.class).cause().isInstanceOf(NullPointerException.class)
                    .hasMessage("series must not be null");
        }
    }

    @Test
    @DisplayName("with telemetry off (no handler attached when the run started), a report allocates nothing")
    void reportWithoutHandlersAllocatesNothing() {
        BspRuntime runtime = BspRuntime.builder().processors(1).observer(Telemetry.create()).build();
        long bytes = runtime.run((BspContext<Void> ctx) -> {
            var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            double sum = 0;
            for (int i = 0; i < 20_000; i++) {
                ctx.report("warm-up", i);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1_000_000; i++) {
                ctx.report("l1-change", i * 0.5);
                sum += i;
            }
            long after = threads.getCurrentThreadAllocatedBytes();
            return after - before + (sum < 0 ? 1 : 0);
        }).result(0);
        // One object per report would be at least 16,000,000 bytes; the allowance is for one-time JIT work.
        assertThat(bytes).as("bytes allocated by 1,000,000 reports").isLessThan(16_000);
    }

    @Test
    @DisplayName("a run that fails for no single processor's exception ends with ComputationFailed")
    void runtimeFailuresEndWithComputationFailed() {
        Telemetry telemetry = Telemetry.create();
        BspRuntime runtime = BspRuntime.builder().processors(3).observer(telemetry).build();
        List<BspEvent> mismatch = record(telemetry, () -> assertThatThrownBy(() -> runtime.run((BspContext<Void> ctx) -> {
            if (ctx.pid() != 1) {
                ctx.sync();
            }
            return null;
        })).isInstanceOf(BspException.class));
        BspEvent last = mismatch.get(mismatch.size() - 1);
        assertThat(last).isInstanceOf(BspEvent.ComputationFailed.class);
        assertThat(((BspEvent.ComputationFailed) last).reason()).hasMessageContaining("processors disagree");
        assertThat(last.eventName()).isEqualTo("tick_tick_clock.coordinator.computation_failed");
        assertThat(mismatch).noneMatch(e -> e instanceof BspEvent.ComputationCompleted
                || e instanceof BspEvent.ComputeError || e instanceof BspEvent.CommunicateError);
    }

    @Test
    @DisplayName("a throwing processor produces a compute or communicate error event naming it")
    void errorEvents() {
        Telemetry telemetry = Telemetry.create();
        BspRuntime runtime = BspRuntime.builder().processors(3).observer(telemetry).build();
        List<BspEvent> compute = record(telemetry, () -> assertThatThrownBy(() -> runtime.run((BspContext<Void> ctx) -> {
            if (ctx.pid() == 2) {
                throw new IllegalStateException("bad state");
            }
            ctx.sync();
            return null;
        })).isInstanceOf(BspException.class));
        BspEvent last = compute.get(compute.size() - 1);
        assertThat(last).isInstanceOf(BspEvent.ComputeError.class);
        assertThat(((BspEvent.ComputeError) last).processorId()).isEqualTo(2);
        assertThat(((BspEvent.ComputeError) last).reason().getCause()).hasMessage("bad state");
        assertThat(compute).noneMatch(BspEvent.ComputationCompleted.class::isInstance);

        BspProgram<Integer, Integer, Void> failsToSend = BspProgram.<Integer, Integer, Void>builder("sender")
                .init((ctx, share) -> 0)
                .superstep("send", step -> step.communicate((ctx, s) -> ctx.sendLong(ctx.processors(), 1)))
                .build();
        List<BspEvent> communicate = record(telemetry,
                () -> assertThatThrownBy(() -> runtime.run(failsToSend, List.of())).isInstanceOf(BspException.class));
        BspEvent error = communicate.get(communicate.size() - 1);
        assertThat(error).isInstanceOf(BspEvent.CommunicateError.class);
        assertThat(((BspEvent.CommunicateError) error).name()).isEqualTo("send");
        assertThat(error.eventName()).isEqualTo("tick_tick_clock.processor.communicate_error");
    }

    @Test
    @DisplayName("a handler that throws is detached once, and the run and other handlers go on")
    void throwingHandlerIsDetached() {
        Telemetry telemetry = Telemetry.create();
        List<BspEvent> good = new CopyOnWriteArrayList<>();
        int[] badCalls = new int[1];
        telemetry.attach("bad", e -> {
            badCalls[0]++;
            throw new IllegalStateException("handler bug");
        });
        telemetry.attach("good", good::add);
        BspRuntime runtime = BspRuntime.builder().processors(2).observer(telemetry).build();
        assertThat(runtime.run(program(), List.of()).converged()).isTrue();
        assertThat(badCalls[0]).isEqualTo(1);
        assertThat(telemetry.attachedIds()).containsExactly("good");
        assertThat(good).hasSize(3 + 5 * 7 + 1);
    }

    @Test
    @DisplayName("handlers can ask for some event types only; ids are unique; detach by id")
    void filteringAndIds() {
        Telemetry telemetry = Telemetry.create();
        List<BspEvent> supersteps = new CopyOnWriteArrayList<>();
        telemetry.attach("steps", Set.of(BspEvent.SuperstepCompleted.class), supersteps::add);
        assertThatThrownBy(() -> telemetry.attach("steps", e -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'steps'");
        BspRuntime.builder().processors(2).observer(telemetry).build().run(program(), List.of());
        assertThat(supersteps).hasSize(5).allMatch(BspEvent.SuperstepCompleted.class::isInstance);
        assertThat(telemetry.detach("steps")).isTrue();
        assertThat(telemetry.detach("steps")).isFalse();
        assertThat(telemetry.enabled()).isFalse();
    }

    @Test
    @DisplayName("the JFR handler records supersteps, processor phases and the computation")
    void jfrRecordingContainsTheEvents() throws Exception {
        Telemetry telemetry = Telemetry.create().attach("jfr", new JfrHandler());
        Path file = Files.createTempFile("ttc", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("io.ticktickclock.Superstep");
            recording.enable("io.ticktickclock.ProcessorSuperstep");
            recording.enable("io.ticktickclock.Computation");
            recording.start();
            BspRuntime.builder().processors(2).observer(telemetry).build().run(program(), List.of());
            recording.stop();
            recording.dump(file);
        }
        Map<String, List<RecordedEvent>> byName = RecordingFile.readAllEvents(file).stream()
                .collect(Collectors.groupingBy(e -> e.getEventType().getName()));
        Files.deleteIfExists(file);
        assertThat(byName).as("event types recorded: %s", byName.keySet()).containsKey("io.ticktickclock.Superstep");
        assertThat(byName.get("io.ticktickclock.Superstep")).hasSize(5);
        assertThat(byName.get("io.ticktickclock.ProcessorSuperstep")).hasSize(10);
        assertThat(byName.get("io.ticktickclock.Computation")).hasSize(1);
        RecordedEvent sum = byName.get("io.ticktickclock.Superstep").stream()
                .filter(e -> e.getInt("superstep") == 1).findFirst().orElseThrow();
        assertThat(sum.getString("name")).isEqualTo("sum");
        assertThat(sum.getString("program")).isEqualTo("known");
    }

    @Test
    @DisplayName("the logging handler logs completion at INFO, supersteps at DEBUG and errors at ERROR")
    void loggingHandler() {
        List<String> lines = new CopyOnWriteArrayList<>();
        System.Logger logger = new System.Logger() {
            @Override
            public String getName() {
                return "test";
            }

            @Override
            public boolean isLoggable(Level level) {
                return true;
            }

            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String msg, Throwable thrown) {
                lines.add(level + " " + msg);
            }

            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String format, Object... params) {
                lines.add(level + " " + format);
            }

            @Override
            public void log(Level level, Supplier<String> msgSupplier) {
                lines.add(level + " " + msgSupplier.get());
            }
        };
        Telemetry telemetry = Telemetry.create().attach("log", new LoggingHandler(logger));
        BspRuntime runtime = BspRuntime.builder().processors(2).observer(telemetry).build();
        runtime.run(program(), List.of());
        assertThat(lines).hasSize(6);
        assertThat(lines.get(1)).matches("DEBUG Superstep 1 \\(sum\\) completed in \\d+ ms, converged: true");
        assertThat(lines.get(5)).matches("INFO BSP computation completed in \\d+ ms, 5 supersteps");
        lines.clear();
        assertThatThrownBy(() -> runtime.run((BspContext<Void> ctx) -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(BspException.class);
        assertThat(lines).anyMatch(l -> l.startsWith("ERROR Processor ") && l.contains("compute_error")
                && l.contains("boom"));
    }
}
