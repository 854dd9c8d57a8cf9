package io.ticktickclock.benchmarks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticktickclock.BspContext;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.micrometer.BspMetrics;
import io.ticktickclock.telemetry.Telemetry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of telemetry on supersteps with real work (p=2): each processor sums 64K doubles (~30 µs) and
 * exchanges 1,000 pairs per superstep. {@code off} (no observer) is the baseline; {@code noOpHandler} attaches
 * a handler that does nothing (events are built and delivered); {@code micrometer} binds {@link BspMetrics}
 * to a {@link SimpleMeterRegistry}. One operation is one superstep.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TelemetryBenchmark {

    static final int SUPERSTEPS = 500;
    static final int WORK = 1 << 16;

    @Param({"off", "emptyTelemetry", "noOpHandler", "micrometer"})
    public String telemetry;

    private BspRuntime runtime;

    @Setup
    public void setUp() {
        BspRuntime.Builder b = BspRuntime.builder().processors(2);
        switch (telemetry) {
            case "off" -> { }
            case "emptyTelemetry" -> b.observer(Telemetry.create());
            case "noOpHandler" -> b.observer(Telemetry.create().attach("noop", e -> { }));
            case "micrometer" -> {
                BspMetrics metrics = new BspMetrics();
                metrics.bindTo(new SimpleMeterRegistry());
                b.observer(Telemetry.create().attach("metrics", metrics));
            }
            default -> throw new IllegalArgumentException("telemetry " + telemetry);
        }
        runtime = b.build();
    }

    @Benchmark
    @OperationsPerInvocation(SUPERSTEPS)
    @ComparedWith(param = "telemetry=off")
    public double supersteps() {
        return runtime.run((BspContext<Void> ctx) -> {
            double[] data = new double[WORK];
            for (int i = 0; i < WORK; i++) {
                data[i] = i * 0.5 + ctx.pid();
            }
            double acc = 0;
            ctx.combinePairs(Double::sum);
            for (int s = 0; s < SUPERSTEPS; s++) {
                ctx.nameSuperstep("work");
                double local = 0;
                for (int i = 0; i < WORK; i++) {
                    local += data[i] * (s + 1);
                }
                for (int k = 0; k < 1_000; k++) {
                    ctx.sendPair(k & 1, k, local);
                }
                ctx.sync();
                acc += ctx.pairInbox().size() + local;
            }
            return acc;
        }).result(0);
    }
}
