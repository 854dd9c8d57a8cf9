package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Superstep programs: sequencing, global convergence, the superstep limit, partitioning. */
@Timeout(60)
class SuperstepProgramTest {

    /** A processor's state that records which supersteps it ran. */
    static final class Trace {
        final List<String> steps = new ArrayList<>();
        final int pid;
        int rounds;

        Trace(int pid) {
            this.pid = pid;
        }
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {1, 2, 3, 7, 16})
    @DisplayName("a looping superstep ends for all processors in the superstep where the last one converges")
    void convergenceIsTheAndOfAllProcessors(int p) {
        // Processor i is locally converged from round i+1 on: the loop must run max(i)+1 = p rounds everywhere.
        BspProgram<Integer, Trace, Void> program = BspProgram.<Integer, Trace, Void>builder("staggered")
                .init((ctx, share) -> new Trace(ctx.pid()))
                .superstep("loop", step -> step
                        .compute((ctx, t) -> {
                            t.rounds++;
                            t.steps.add("loop" + ctx.superstep());
                            return t;
                        })
                        .until(t -> t.rounds > t.pid))
                .superstep("after", step -> step.compute((ctx, t) -> {
                    t.steps.add("after" + ctx.superstep());
                    return t;
                }))
                .build();
        BspResult<Trace> r = Runtimes.of(p).run(program, List.of());
        for (Trace t : r.results()) {
            assertThat(t.rounds).as("rounds of p%d", t.pid).isEqualTo(p);
            assertThat(t.steps.get(t.steps.size() - 1)).isEqualTo("after" + (p + 1));
        }
        assertThat(r.converged()).isTrue();
        assertThat(r.superstepCount()).isEqualTo(1 + p + 1);
        assertThat(r.supersteps()).extracting(SuperstepStats::name)
                .containsExactlyElementsOf(expectedNames(p));
    }

    private static List<String> expectedNames(int loops) {
        List<String> names = new ArrayList<>();
        names.add("init");
        for (int i = 0; i < loops; i++) {
            names.add("loop");
        }
        names.add("after");
        return names;
    }

    @Test
    @DisplayName("supersteps run in order, each once unless it has a convergence test, with messages flowing between them")
    void superstepsRunInOrderAndPassMessagesOn() {
        List<Long> input = LongStream.rangeClosed(1, 1000).boxed().toList();
        BspProgram<Long, long[], Long> sum = BspProgram.<Long, long[], Long>builder("parallel-sum")
                .init((ctx, share) -> new long[] {share.stream().mapToLong(Long::longValue).sum()})
                .superstep("send-partials", step -> step.communicate((ctx, acc) -> ctx.send(0, acc[0])))
                .superstep("add-partials", step -> step.compute((ctx, acc) -> {
                    if (ctx.pid() == 0) {
                        acc[0] = ctx.inbox().stream().mapToLong(Long::longValue).sum();
                    }
                    return acc;
                }))
                .build();
        for (int p : new int[] {1, 2, 3, 7, 16}) {
            BspResult<long[]> r = Runtimes.of(p).run(sum, input);
            assertThat(r.result(0)[0]).isEqualTo(500_500L);
            assertThat(r.superstepCount()).isEqualTo(3);
            assertThat(r.supersteps().get(1).totalMessages()).isEqualTo(p);
        }
    }

    @Test
    @DisplayName("a loop that never converges stops at the superstep limit and says it did not converge")
    void superstepLimitEndsANonConvergingRun() {
        BspProgram<Integer, int[], Void> forever = BspProgram.<Integer, int[], Void>builder("forever")
                .init((ctx, share) -> new int[1])
                .superstep("spin", step -> step.compute((ctx, c) -> {
                    c[0]++;
                    return c;
                }).until(c -> false))
                .build();
        BspResult<int[]> r = BspRuntime.builder().processors(3).maxSupersteps(10).build().run(forever, List.of());
        assertThat(r.converged()).isFalse();
        assertThat(r.superstepCount()).isEqualTo(10);
        assertThat(r.results()).allSatisfy(c -> assertThat(c[0]).isEqualTo(9));
    }

    @Test
    @DisplayName("a limit that cuts off supersteps that run once also reports the run as not converged")
    void limitCuttingRunOnceSupersteps() {
        BspProgram<Integer, Integer, Void> three = BspProgram.<Integer, Integer, Void>builder("three")
                .init((ctx, share) -> 0)
                .superstep("a", step -> step.compute((ctx, s) -> s + 1))
                .superstep("b", step -> step.compute((ctx, s) -> s + 1))
                .superstep("c", step -> step.compute((ctx, s) -> s + 1))
                .build();
        BspResult<Integer> cut = BspRuntime.builder().processors(2).maxSupersteps(3).build().run(three, List.of());
        assertThat(cut.converged()).isFalse();
        assertThat(cut.results()).containsOnly(2);
        BspResult<Integer> whole = BspRuntime.builder().processors(2).maxSupersteps(4).build().run(three, List.of());
        assertThat(whole.converged()).isTrue();
        assertThat(whole.results()).containsOnly(3);
    }

    @Test
    @DisplayName("the compute step sees the inbox, the communicate step's sends arrive in the next superstep")
    void computeReadsWhatTheLastCommunicateSent() {
        BspProgram<Integer, List<Integer>, Integer> ring = BspProgram.<Integer, List<Integer>, Integer>builder("ring")
                .init((ctx, share) -> new ArrayList<>(share))
                .superstep("pass", step -> step
                        .compute((ctx, seen) -> {
                            seen.addAll(ctx.inbox());
                            return seen;
                        })
                        .communicate((ctx, seen) -> ctx.send((ctx.pid() + 1) % ctx.processors(), seen.get(0)))
                        .until(seen -> seen.size() >= 4))
                .build();
        BspResult<List<Integer>> r = Runtimes.of(4).run(ring, List.of(0, 1, 2, 3));
        // Processor i starts with its own value and receives i-1's in rounds 2, 3 and 4.
        assertThat(r.result(0)).containsExactly(0, 3, 3, 3);
    }

    @Test
    @DisplayName("block, round-robin and hash partitioners give every element to exactly one processor")
    void partitionersCoverTheInputOnce() {
        List<Integer> input = IntStream.range(0, 103).boxed().toList();
        for (Partitioner<Integer> partitioner : List.<Partitioner<Integer>>of(
                Partitioner.block(), Partitioner.roundRobin(), Partitioner.hash(i -> i % 10))) {
            BspProgram<Integer, List<Integer>, Void> collect = BspProgram.<Integer, List<Integer>, Void>builder("c")
                    .partitioner(partitioner)
                    .init((ctx, share) -> List.copyOf(share))
                    .superstep("noop", step -> {})
                    .build();
            BspResult<List<Integer>> r = Runtimes.of(5).run(collect, input);
            List<Integer> all = r.results().stream().flatMap(List::stream).sorted().toList();
            assertThat(all).as("partitioner %s", partitioner).isEqualTo(input);
        }
        BspResult<List<Integer>> block = Runtimes.of(5).run(BspProgram.<Integer, List<Integer>, Void>builder("b")
                .init((ctx, share) -> List.copyOf(share)).superstep("s", step -> {}).build(), input);
        assertThat(block.results()).extracting(List::size).containsExactly(20, 21, 20, 21, 21);
        assertThat(block.result(1)).startsWith(20);
    }

    @Test
    @DisplayName("round-robin sends element i to processor i mod p, hash keeps equal keys together")
    void partitionerPlacement() {
        List<Integer> input = IntStream.range(0, 30).boxed().toList();
        BspResult<List<Integer>> rr = Runtimes.of(4).run(BspProgram.<Integer, List<Integer>, Void>builder("rr")
                .partitioner(Partitioner.roundRobin())
                .init((ctx, share) -> List.copyOf(share)).superstep("s", step -> {}).build(), input);
        assertThat(rr.result(1)).containsExactly(1, 5, 9, 13, 17, 21, 25, 29);
        BspResult<List<Integer>> hash = Runtimes.of(4).run(BspProgram.<Integer, List<Integer>, Void>builder("h")
                .partitioner(Partitioner.hash(i -> i % 3))
                .init((ctx, share) -> List.copyOf(share)).superstep("s", step -> {}).build(), input);
        for (List<Integer> share : hash.results()) {
            assertThat(share.stream().map(i -> i % 3).distinct().count()).isLessThanOrEqualTo(3);
            for (int key = 0; key < 3; key++) {
                int k = key;
                long here = share.stream().filter(i -> i % 3 == k).count();
                assertThat(here).isIn(0L, 10L);
            }
        }
    }

    @Test
    @DisplayName("a partitioner returning an id outside [0, p) is rejected with the element index and value")
    void badPartitionerIsRejected() {
        BspProgram<Integer, Integer, Void> program = BspProgram.<Integer, Integer, Void>builder("bad")
                .partitioner((e, index, size, p) -> index == 2 ? p : 0)
                .init((ctx, share) -> share.size())
                .superstep("s", step -> {})
                .build();
        assertThatThrownBy(() -> Runtimes.of(2).run(program, List.of(1, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("returned processor 2 for input element 2")
                .hasMessageContaining("[0, 2)");
    }

    @Test
    @DisplayName("the builder rejects a program without initializer, without supersteps, or with a duplicate name")
    void programBuilderValidates() {
        assertThatThrownBy(() -> BspProgram.<Integer, Integer, Void>builder("x").superstep("a", s -> {}).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no initializer");
        assertThatThrownBy(() -> BspProgram.<Integer, Integer, Void>builder("x").init((c, s) -> 0).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no superstep");
        assertThatThrownBy(() -> BspProgram.<Integer, Integer, Void>builder("x").init((c, s) -> 0)
                .superstep("a", s -> {}).superstep("a", s -> {}).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("two supersteps named 'a'");
        assertThatThrownBy(() -> BspProgram.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> BspProgram.<Integer, Integer, Void>builder("x").superstep("a", s -> s.compute(null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("compute");
    }

    @Test
    @DisplayName("a program's pair combiner applies to every superstep")
    void programPairCombiner() {
        BspProgram<Integer, double[], Void> program = BspProgram.<Integer, double[], Void>builder("combine")
                .combinePairs(Double::sum)
                .init((ctx, share) -> new double[2])
                .superstep("send", step -> step.communicate((ctx, s) -> {
                    for (int i = 0; i < 100; i++) {
                        ctx.sendPair(0, i % 2, 1);
                    }
                }))
                .superstep("receive", step -> step.compute((ctx, s) -> {
                    ctx.pairInbox().forEach((k, v) -> s[(int) k] += v);
                    return s;
                }))
                .build();
        BspResult<double[]> r = Runtimes.of(3).run(program, List.of());
        assertThat(r.result(0)).containsExactly(150, 150);
        assertThat(r.supersteps().get(1).totalMessages()).isEqualTo(6);
    }
}
