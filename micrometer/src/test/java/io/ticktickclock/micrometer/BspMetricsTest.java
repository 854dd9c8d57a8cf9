package io.ticktickclock.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticktickclock.BspContext;
import io.ticktickclock.BspException;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.telemetry.Telemetry;
import io.ticktickclock.testing.KnownProgram;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The metrics a known program leaves in a SimpleMeterRegistry. */
@Timeout(60)
class BspMetricsTest {

    @Test
    @DisplayName("counters, timers and gauges have the values of the run, with program and processor tags")
    void metricsOfAKnownProgram() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BspMetrics metrics = new BspMetrics();
        metrics.bindTo(registry);
        Telemetry telemetry = Telemetry.create().attach("metrics", metrics);
        BspRuntime runtime = BspRuntime.builder().processors(2).observer(telemetry).build();
        runtime.run(KnownProgram.program(), List.of());
        runtime.run(KnownProgram.program(), List.of());

        assertThat(registry.get("ticktickclock.coordinator.initialized").tag("program", "known").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("ticktickclock.processor.initialized").counter().count()).isEqualTo(4);
        assertThat(registry.get("ticktickclock.computation.completed").tag("converged", "true").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("ticktickclock.computation.duration").timer().count()).isEqualTo(2);
        // Supersteps per run: init, sum, loop x3.
        assertThat(registry.get("ticktickclock.superstep.duration").tag("superstep", "loop").timer().count())
                .isEqualTo(6);
        assertThat(registry.get("ticktickclock.superstep.duration").tag("superstep", "init").timer().count())
                .isEqualTo(2);
        assertThat(registry.get("ticktickclock.processor.barrier.reached").tag("processor.id", "1").counter().count())
                .isEqualTo(10);
        assertThat(registry.get("ticktickclock.processor.compute.duration").tag("processor.id", "0")
                .tag("superstep", "sum").timer().count()).isEqualTo(2);
        assertThat(registry.get("ticktickclock.processor.communicate.duration").tag("processor.id", "0").timer()
                .count()).isEqualTo(10);
        // Last superstep: nothing sent, empty inbox.
        assertThat(registry.get("ticktickclock.processor.messages").tag("processor.id", "1").gauge().value()).isZero();
        assertThat(registry.get("ticktickclock.processor.inbox.size").tag("processor.id", "0").gauge().value()).isZero();
    }

    @Test
    @DisplayName("the gauges show the last superstep's inbox size and messages")
    void gaugesShowLastValues() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BspMetrics metrics = new BspMetrics();
        metrics.bindTo(registry);
        Telemetry telemetry = Telemetry.create().attach("metrics", metrics);
        BspRuntime.builder().processors(2).observer(telemetry).build().run((BspContext<Void> ctx) -> {
            ctx.sync();
            for (int i = 0; i < 5; i++) {
                ctx.sendLong(0, i);
            }
            return null;
        });
        // The last superstep: each processor sent 5 longs to processor 0 (discarded after the run).
        assertThat(registry.get("ticktickclock.processor.messages").tag("processor.id", "1").gauge().value())
                .isEqualTo(5);
    }

    @Test
    @DisplayName("a reported series is a gauge of its last value, tagged with the program and the series")
    void seriesGauge() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BspMetrics metrics = new BspMetrics();
        metrics.bindTo(registry);
        Telemetry telemetry = Telemetry.create().attach("metrics", metrics);
        BspRuntime.builder().processors(2).observer(telemetry).build().run("series", (BspContext<Void> ctx) -> {
            for (int s = 1; s <= 3; s++) {
                if (ctx.pid() == 0) {
                    ctx.report("residual", 1.0 / s);
                }
                ctx.sync();
            }
            return null;
        });
        assertThat(registry.get("ticktickclock.series").tag("program", "series").tag("series", "residual").gauge()
                .value()).isEqualTo(1.0 / 3);
    }

    @Test
    @DisplayName("errors are counted by processor and phase; binding twice is refused")
    void errorsAndBinding() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BspMetrics metrics = new BspMetrics();
        metrics.bindTo(registry);
        assertThatThrownBy(() -> metrics.bindTo(new SimpleMeterRegistry())).isInstanceOf(IllegalStateException.class);
        Telemetry telemetry = Telemetry.create().attach("metrics", metrics);
        assertThatThrownBy(() -> BspRuntime.builder().processors(2).observer(telemetry).build()
                .run((BspContext<Void> ctx) -> {
                    if (ctx.pid() == 1) {
                        throw new IllegalStateException("x");
                    }
                    ctx.sync();
                    return null;
                })).isInstanceOf(BspException.class);
        assertThat(registry.get("ticktickclock.processor.errors").tag("processor.id", "1").tag("phase", "compute")
                .counter().count()).isEqualTo(1);
    }
}
