package io.ticktickclock.benchmarks;

import io.ticktickclock.BspContext;
import io.ticktickclock.BspProgram;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.examples.Graph;
import io.ticktickclock.examples.PageRank;
import io.ticktickclock.examples.ParallelSum;
import java.util.List;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Three small whole programs, each a whole run at p = 2 (threads started, supersteps, result),
 * with a baseline doing the same work in the same run: a simple computation (three supersteps of local
 * work and a ring exchange) against two threads with a {@link Phaser}; PageRank on 100 nodes and 500 edges
 * against a sequential power iteration; the parallel sum of 10,000 numbers against a sequential stream.
 * At these sizes the runs measure mostly the fixed cost of a run (starting threads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SeedBenchmark {

    private BspRuntime runtime;
    private Graph graph;
    private BspProgram<Void, long[], Long> simple;

    @Setup
    public void setUp() {
        runtime = BspRuntime.builder().processors(2).build();
        graph = Graph.uniform(100, 500, 1);
        simple = BspProgram.<Void, long[], Long>builder("simple-computation")
                .init((ctx, none) -> new long[] {ctx.pid()})
                .superstep("work", step -> step
                        .compute((ctx, s) -> {
                            for (long m : ctx.inbox()) {
                                s[0] += m;
                            }
                            for (int i = 0; i < 1_000; i++) {
                                s[0] = s[0] * 31 + i;
                            }
                            return s;
                        })
                        .communicate((ctx, s) -> ctx.send((ctx.pid() + 1) % ctx.processors(), s[0]))
                        .until(s -> false))
                .build();
    }

    @Benchmark
    public long simpleComputation() {
        return BspRuntime.builder().processors(2).maxSupersteps(4).build().run(simple, List.of()).result(0)[0];
    }

    /** Baseline: the same three rounds of work and ring exchange on two threads with a Phaser. */
    @Benchmark
    public int simpleComputationBaseline() throws InterruptedException {
        long[] mailbox = new long[2];
        Phaser phaser = new Phaser(2);
        return Threads.runAll(2, id -> {
            long s = id;
            for (int round = 0; round < 3; round++) {
                if (round > 0) {
                    s += mailbox[id];
                }
                for (int i = 0; i < 1_000; i++) {
                    s = s * 31 + i;
                }
                phaser.arriveAndAwaitAdvance();
                mailbox[(id + 1) % 2] = s;
                phaser.arriveAndAwaitAdvance();
            }
            return (int) s;
        });
    }

    @Benchmark
    public double pagerankSmall() {
        return runtime.run(PageRank.program(graph, 0.85, 1e-10), PageRank.noInput()).result(0).ranks()[0];
    }

    /** Baseline: sequential power iteration to the same tolerance. */
    @Benchmark
    public double pagerankSmallBaseline() {
        int n = graph.nodes();
        double[] rank = new double[n];
        java.util.Arrays.fill(rank, 1.0 / n);
        double change;
        do {
            double[] next = new double[n];
            double dangling = 0;
            for (int u = 0; u < n; u++) {
                int degree = graph.outDegree(u);
                if (degree == 0) {
                    dangling += rank[u];
                }
                for (long e = graph.offsets()[u]; e < graph.offsets()[u + 1]; e++) {
                    next[graph.targets()[(int) e]] += rank[u] / degree;
                }
            }
            change = 0;
            for (int v = 0; v < n; v++) {
                next[v] = 0.15 / n + 0.85 * (next[v] + dangling / n);
                change += Math.abs(next[v] - rank[v]);
            }
            rank = next;
        } while (change >= 1e-10);
        return rank[0];
    }

    @Benchmark
    public long parallelSum() {
        return runtime.run((BspContext<Void> ctx) -> ParallelSum.program(10_000).run(ctx)).result(0);
    }

    /** Baseline: the sequential sum of the same numbers. */
    @Benchmark
    public long parallelSumBaseline() {
        return LongStream.range(0, 10_000).map(ParallelSum::value).sum();
    }
}
