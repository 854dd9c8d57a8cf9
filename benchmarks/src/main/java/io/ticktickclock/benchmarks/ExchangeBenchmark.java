package io.ticktickclock.benchmarks;

import io.ticktickclock.BspContext;
import io.ticktickclock.BspRuntime;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Message throughput on the primitive lane at p=2: every processor sends 1M {@code long}s to the other per
 * superstep and sums what it receives. Baseline: an {@link ArrayBlockingQueue} of boxed {@code Long}s between
 * a producer and a consumer thread. One operation is one message delivered and read.
 *
 * <p>Allocation ({@code -prof gc}) per message is the channels' growth to 8 MiB each in the first superstep
 * of each parity, amortized over the run's supersteps; in steady state the lane allocates nothing per
 * message (core's {@code AllocationTest} checks it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ExchangeBenchmark {

    static final int MESSAGES = 1 << 20;
    static final int SUPERSTEPS = 16;

    private BspRuntime runtime;

    @Setup
    public void setUp() {
        runtime = BspRuntime.builder().processors(2).build();
    }

    @Benchmark
    @OperationsPerInvocation(2 * MESSAGES * SUPERSTEPS)
    public long ttcLongMessages() {
        return runtime.run((BspContext<Void> ctx) -> {
            int other = 1 - ctx.pid();
            long checksum = 0;
            for (int s = 0; s < SUPERSTEPS; s++) {
                for (int i = 0; i < MESSAGES; i++) {
                    ctx.sendLong(other, i);
                }
                ctx.sync();
                checksum += ctx.longInbox().sum();
            }
            return checksum;
        }).result(0);
    }

    /** Baseline: one producer, one consumer, boxed longs through a bounded queue. */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long arrayBlockingQueueBaseline() throws InterruptedException {
        ArrayBlockingQueue<Long> queue = new ArrayBlockingQueue<>(8192);
        long[] sum = new long[1];
        Threads.runAll(2, id -> {
            if (id == 0) {
                for (int i = 0; i < MESSAGES; i++) {
                    queue.put((long) i);
                }
            } else {
                long s = 0;
                for (int i = 0; i < MESSAGES; i++) {
                    s += queue.take();
                }
                sum[0] = s;
            }
            return 0;
        });
        return sum[0];
    }
}
