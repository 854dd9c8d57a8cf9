package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Collectives posted in a communicate step and read in the next compute step of a superstep program. */
@Timeout(60)
class PostedCollectivesTest {

    /** One processor's state in sample sort. */
    static final class SortState {
        long[] data;
        long[] samples;
        long[] pivots;

        SortState(long[] data) {
            this.data = data;
        }
    }

    /** Regular-sampling sample sort (the seed's example) written with posted collectives, no message tags. */
    static BspProgram<Long, SortState, Void> sampleSort() {
        return BspProgram.<Long, SortState, Void>builder("sample-sort")
                .init((ctx, share) -> {
                    SortState s = new SortState(share.stream().mapToLong(Long::longValue).sorted().toArray());
                    int p = ctx.processors();
                    s.samples = new long[Math.min(p, s.data.length)];
                    for (int i = 0; i < s.samples.length; i++) {
                        s.samples[i] = s.data[(int) ((long) i * s.data.length / s.samples.length)];
                    }
                    return s;
                })
                .superstep("gather-samples", step -> step
                        .communicate((ctx, s) -> ctx.postAllGatherv(s.samples)))
                .superstep("choose-pivots", step -> step
                        .compute((ctx, s) -> {
                            long[] all = ctx.allGathervResult();
                            Arrays.sort(all);
                            s.pivots = new long[ctx.processors() - 1];
                            for (int i = 1; i < ctx.processors(); i++) {
                                s.pivots[i - 1] = all.length == 0 ? 0 : all[(int) ((long) i * all.length / ctx.processors())];
                            }
                            return s;
                        })
                        .communicate((ctx, s) -> ctx.postBroadcast(0, s.pivots)))
                .superstep("partition", step -> step
                        .compute((ctx, s) -> {
                            s.pivots = ctx.broadcastResult();
                            return s;
                        })
                        .communicate((ctx, s) -> {
                            long[][] buckets = new long[ctx.processors()][];
                            int from = 0;
                            for (int b = 0; b < ctx.processors(); b++) {
                                int to = from;
                                while (to < s.data.length && (b == ctx.processors() - 1 || s.data[to] <= s.pivots[b])) {
                                    to++;
                                }
                                buckets[b] = Arrays.copyOfRange(s.data, from, to);
                                from = to;
                            }
                            ctx.postAllToAllv(buckets);
                        }))
                .superstep("merge", step -> step.compute((ctx, s) -> {
                    s.data = ctx.allToAllvResult();
                    Arrays.sort(s.data);
                    return s;
                }))
                .build();
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {1, 2, 3, 5, 8, 16})
    @DisplayName("sample sort with posted collectives sorts random, duplicate-heavy and tiny inputs")
    void sampleSortWithPostedCollectives(int p) {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (List<Long> input : List.of(
                LongStream.generate(() -> random.nextLong()).limit(10_000).boxed().toList(),
                LongStream.generate(() -> random.nextLong(0, 5)).limit(3_000).boxed().toList(),
                List.of(3L), List.<Long>of())) {
            BspResult<SortState> r = BspRuntime.builder().processors(p).build().run(sampleSort(), input);
            List<Long> output = new ArrayList<>();
            for (SortState s : r.results()) {
                Arrays.stream(s.data).forEach(output::add);
            }
            assertThat(output).as("seed %d", seed).isEqualTo(input.stream().sorted().toList());
            assertThat(r.supersteps()).extracting(SuperstepStats::name)
                    .containsExactly("init", "gather-samples", "choose-pivots", "partition", "merge");
        }
    }

    @Test
    @DisplayName("posted all-reduce, gather, all-gather, scatter and all-to-all deliver in the next superstep")
    void everyPostedCollectiveDelivers() {
        BspResult<String> r = Runtimes.of(3).run((BspContext<Void> ctx) -> {
            StringBuilder out = new StringBuilder();
            ctx.postAllReduce(ctx.pid() + 1.0, ReduceOp.SUM);
            ctx.sync();
            out.append(ctx.allReduceResult());
            ctx.postAllReduce((long) ctx.pid(), ReduceOp.MAX);
            ctx.sync();
            out.append(' ').append(ctx.allReduceLongResult());
            ctx.postGather(1, ctx.pid());
            ctx.sync();
            out.append(' ').append(ctx.<Integer>gatherResult());
            ctx.postAllGather("p" + ctx.pid());
            ctx.sync();
            out.append(' ').append(ctx.<String>allGatherResult());
            ctx.postScatter(2, ctx.pid() == 2 ? List.of("a", "b", "c") : null);
            ctx.sync();
            out.append(' ').append(ctx.<String>scatterResult());
            ctx.postAllToAll(List.of(ctx.pid() * 10, ctx.pid() * 10 + 1, ctx.pid() * 10 + 2));
            ctx.sync();
            out.append(' ').append(ctx.<Integer>allToAllResult());
            return out.toString();
        });
        assertThat(r.result(0)).isEqualTo("6.0 2 [] [p0, p1, p2] a [0, 10, 20]");
        assertThat(r.result(1)).isEqualTo("6.0 2 [0, 1, 2] [p0, p1, p2] b [1, 11, 21]");
    }

    @Test
    @DisplayName("reading a result that was not posted, posting twice, or posting then blocking fail clearly")
    void misuseFailsClearly() {
        BspException notPosted = catchThrowableOfType(BspException.class, () -> Runtimes.of(2).run((BspContext<Void> ctx) -> {
            ctx.sync();
            return ctx.broadcastResult();
        }));
        assertThat(notPosted.getCause()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broadcastResult() in superstep 1: the previous superstep ended with sync()");
        BspException twice = catchThrowableOfType(BspException.class, () -> Runtimes.of(2).run((BspContext<Void> ctx) -> {
            ctx.postAllGather(1);
            ctx.postAllGather(2);
            return null;
        }));
        assertThat(twice.getCause()).hasMessageContaining("allGather was already posted in superstep 0");
        BspException blocking = catchThrowableOfType(BspException.class, () -> Runtimes.of(2).run((BspContext<Void> ctx) -> {
            ctx.postAllGather(1);
            return ctx.allReduce(1.0, ReduceOp.SUM);
        }));
        assertThat(blocking.getCause()).hasMessageContaining("allGather was already posted");
        BspException mixed = catchThrowableOfType(BspException.class, () -> Runtimes.of(2).run((BspContext<Void> ctx) -> {
            if (ctx.pid() == 0) {
                ctx.postBroadcast(0, "x");
            }
            ctx.sync();
            return null;
        }));
        assertThat(mixed.getMessage()).contains("processors [0] called broadcast(object, root=0)",
                "processors [1] called sync()");
    }

    @Test
    @DisplayName("a posted collective and its blocking form on different processors agree")
    void postedAndBlockingFormsInteroperate() {
        BspResult<Double> r = Runtimes.of(2).run((BspContext<Void> ctx) -> {
            if (ctx.pid() == 0) {
                return ctx.allReduce(2.0, ReduceOp.PRODUCT);
            }
            ctx.postAllReduce(3.0, ReduceOp.PRODUCT);
            ctx.sync();
            return ctx.allReduceResult();
        });
        assertThat(r.results()).containsOnly(6.0);
    }

    @Test
    @DisplayName("a collective posted in the last superstep is an error, not silently dropped")
    void postingInTheLastSuperstepIsReported() {
        BspException e = catchThrowableOfType(BspException.class, () -> Runtimes.of(2).run((BspContext<Void> ctx) -> {
            ctx.postAllGather(ctx.pid());
            return null;
        }));
        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("allGather was posted in the last superstep");
    }

    @Test
    @DisplayName("variable-size collectives count the words each processor receives in its statistics")
    void variableSizeCollectivesCountReceivedWords() {
        BspResult<long[]> r = Runtimes.of(3).run((BspContext<Void> ctx) -> {
            long[][] byDestination = new long[3][];
            for (int d = 0; d < 3; d++) {
                byDestination[d] = new long[d == 2 ? 100 : 1];    // processor 2 receives a large bucket
            }
            return ctx.allToAllv(byDestination);
        });
        assertThat(r.result(2)).hasSize(300);
        ProcessorStats two = r.supersteps().get(0).processors().get(2);
        assertThat(two.wordsReceived()).isEqualTo(200);              // from processors 0 and 1
        assertThat(r.supersteps().get(0).hWords()).isEqualTo(200);
    }
}
