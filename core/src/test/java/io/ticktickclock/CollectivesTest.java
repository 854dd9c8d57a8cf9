package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every collective against a sequential reference, on seeded random inputs, for p = 1, 2, 3, 5, 8 and 16.
 * Inputs are derived from (seed, processor), so the reference can rebuild every processor's input; a
 * failure message carries the seed.
 */
@Timeout(120)
class CollectivesTest {

    static Stream<Arguments> processorCounts() {
        long seed = System.nanoTime();
        return IntStream.of(1, 2, 3, 5, 8, 16).mapToObj(p -> Arguments.of(p, seed + p));
    }

    static SplittableRandom random(long seed, int pid) {
        return new SplittableRandom(seed * 31 + pid);
    }

    static double[] doubles(long seed, int pid, int n) {
        return random(seed, pid).doubles(n, -1e6, 1e6).toArray();
    }

    static long[] longs(long seed, int pid, int n) {
        return random(seed, pid).longs(n, -1_000_000, 1_000_000).toArray();
    }

    static <R> BspResult<R> run(int p, SpmdProgram<Void, R> program) {
        return BspRuntime.builder().processors(p).build().run(program);
    }

    @ParameterizedTest(name = "p={0}")
    @MethodSource("processorCounts")
    void broadcastGivesEveryoneTheRootsValueForEveryRoot(int p, long seed) {
        for (int root : new int[] {0, p - 1, p / 2}) {
            BspResult<long[]> r = run(p, ctx -> ctx.broadcast(root, ctx.pid() == root ? longs(seed, root, 7) : null));
            for (long[] got : r.results()) {
                assertThat(got).as("seed %d root %d", seed, root).isEqualTo(longs(seed, root, 7));
            }
        }
    }

    @ParameterizedTest(name = "p={0}")
    @MethodSource("processorCounts")
    void scatterGivesProcessorIChunkI(int p, long seed) {
        int root = p - 1;
        BspResult<Long> r = run(p, ctx -> {
            List<Long> chunks = ctx.pid() == root ? Arrays.stream(longs(seed, root, p)).boxed().toList() : null;
            return ctx.scatter(root, chunks);
        });
        long[] expected = longs(seed, root, p);
        for (int i = 0; i < p; i++) {
            assertThat(r.result(i)).as("seed %d", seed).isEqualTo(expected[i]);
        }
    }

    @ParameterizedTest(name = "p={0}")
    @MethodSource("processorCounts")
    void gatherAndAllGatherAreInProcessorOrder(int p, long seed) {
        int root = p / 2;
        BspResult<List<List<Long>>> r = run(p, ctx -> {
            long mine = longs(seed, ctx.pid(), 1)[0];
            return List.of(ctx.gather(root, mine), ctx.allGather(mine));
        });
        List<Long> expected = IntStream.range(0, p).mapToObj(i -> longs(seed, i, 1)[0]).toList();
        for (int i = 0; i < p; i++) {
            assertThat(r.result(i).get(0)).as("gather at %d", i).isEqualTo(i == root ? expected : List.of());
            assertThat(r.result(i).get(1)).as("allGather at %d, seed %d", i, seed).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "p={0}")
    @MethodSource("processorCounts")
    void allToAllDeliversEntryJToProcessorJ(int p, long seed) {
        BspResult<List<String>> r = run(p, ctx -> {
            List<String> out = new ArrayList<>();
            for (int d = 0; d < ctx.processors(); d++) {
                out.add(ctx.pid() + "->" + d);
            }
            return ctx.allToAll(out);
        });
        for (int i = 0; i < p; i++) {
            int me = i;
            assertThat(r.result(i)).isEqualTo(IntStream.range(0, p).mapToObj(j -> j + "->" + me).toList());
        }
    }

    @ParameterizedTest(name = "p={0}")
    @MethodSource("processorCounts")
    void variableSizeCollectivesConcatenateInProcessorOrder(int p, long seed) {
        int root = 0;
        BspResult<List<Object>> r = run(p, ctx -> {
            SplittableRandom rnd = random(seed, ctx.pid());
            // Sizes vary from 0 (empty contributions) to large.
            long[] mine = longs(seed, ctx.pid(), rnd.nextInt(0, ctx.pid() % 3 == 0 ? 20_000 : 5));
            List<Long> boxed = Arrays.stream(mine).boxed().toList();
            long[][] byDest = new long[ctx.processors()][];
            List<List<Long>> byDestBoxed = new ArrayList<>();
            for (int d = 0; d < ctx.processors(); d++) {
                byDest[d] = Arrays.stream(mine).filter(x -> Math.floorMod(x, p) == 0 || true).skip(d).limit(d + 1).toArray();
                byDestBoxed.add(Arrays.stream(byDest[d]).boxed().toList());
            }
            return List.of(ctx.gatherv(root, boxed), ctx.allGatherv(boxed), ctx.allGatherv(mine),
                    ctx.allToAllv(byDest), ctx.allToAllv(byDestBoxed));
        });
        List<Long> all = new ArrayList<>();
        List<long[]> inputs = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            SplittableRandom rnd = random(seed, i);
            long[] mine = longs(seed, i, rnd.nextInt(0, i % 3 == 0 ? 20_000 : 5));
            inputs.add(mine);
            Arrays.stream(mine).forEach(all::add);
        }
        for (int i = 0; i < p; i++) {
            List<Object> got = r.result(i);
            assertThat(got.get(0)).as("gatherv at %d", i).isEqualTo(i == root ? all : List.of());
            assertThat(got.get(1)).as("allGatherv at %d, seed %d", i, seed).isEqualTo(all);
            assertThat((long[]) got.get(2)).isEqualTo(all.stream().mapToLong(Long::longValue).toArray());
            List<Long> toMe = new ArrayList<>();
            for (int src = 0; src < p; src++) {
                Arrays.stream(inputs.get(src)).skip(i).limit(i + 1).forEach(toMe::add);
            }
            assertThat((long[]) got.get(3)).as("allToAllv(long[][]) at %d", i)
                    .isEqualTo(toMe.stream().mapToLong(Long::longValue).toArray());
            assertThat(got.get(4)).as("allToAllv(List) at %d", i).isEqualTo(toMe);
        }
    }

    @ParameterizedTest(name = "p={0}")
    @MethodSource("processorCounts")
    void scalarReductionsMatchASequentialFoldInProcessorOrder(int p, long seed) {
        BspResult<double[]> r = run(p, ctx -> {
            double x = doubles(seed, ctx.pid(), 1)[0];
            long y = longs(seed, ctx.pid(), 1)[0];
            return new double[] {
                ctx.allReduce(x, ReduceOp.SUM), ctx.allReduce(x, ReduceOp.PRODUCT), ctx.allReduce(x, ReduceOp.MAX),
                ctx.allReduce(x, ReduceOp.MIN), ctx.allReduce(x, ReduceOp.COUNT), ctx.allReduce(x, ReduceOp.AVG),
                ctx.allReduce(y, ReduceOp.SUM), ctx.allReduce(y, ReduceOp.MAX),
                ctx.reduce(p - 1, x, ReduceOp.SUM).orElse(Double.NaN),
                ctx.scan(x, ReduceOp.SUM), ctx.exscan(x, ReduceOp.SUM), ctx.scan(y, ReduceOp.MIN),
                ctx.exscan(y, ReduceOp.SUM), ctx.scan(x, ReduceOp.COUNT)
            };
        });
        double[] xs = IntStream.range(0, p).mapToDouble(i -> doubles(seed, i, 1)[0]).toArray();
        long[] ys = IntStream.range(0, p).mapToLong(i -> longs(seed, i, 1)[0]).toArray();
        double sum = 0;
        double product = 1;
        for (double x : xs) {
            sum += x;
            product *= x;
        }
        for (int i = 0; i < p; i++) {
            double[] got = r.result(i);
            double prefix = 0;
            long exLong = 0;
            long minLong = Long.MAX_VALUE;
            for (int j = 0; j < i; j++) {
                prefix += xs[j];
                exLong += ys[j];
            }
            for (int j = 0; j <= i; j++) {
                minLong = Math.min(minLong, ys[j]);
            }
            String seedMessage = "seed " + seed + " processor " + i;
            assertThat(got[0]).as(seedMessage).isEqualTo(sum);                       // bit-identical
            assertThat(got[1]).as(seedMessage).isEqualTo(product);
            assertThat(got[2]).isEqualTo(Arrays.stream(xs).max().orElseThrow());
            assertThat(got[3]).isEqualTo(Arrays.stream(xs).min().orElseThrow());
            assertThat(got[4]).isEqualTo(p);
            assertThat(got[5]).isEqualTo(sum / p);
            assertThat((long) got[6]).isEqualTo(Arrays.stream(ys).sum());
            assertThat((long) got[7]).isEqualTo(Arrays.stream(ys).max().orElseThrow());
            if (i == p - 1) {
                assertThat(got[8]).isEqualTo(sum);
            } else {
                assertThat(got[8]).as("reduce is empty off the root").isNaN();
            }
            assertThat(got[9]).isEqualTo(prefix + xs[i]);
            assertThat(got[10]).isEqualTo(i == 0 ? 0.0 : prefix);
            assertThat((long) got[11]).isEqualTo(minLong);
            assertThat((long) got[12]).isEqualTo(exLong);
            assertThat(got[13]).isEqualTo(i + 1);
        }
    }

    /** 2x2 matrices as long[4], row-major: a non-commutative operation with an identity. */
    static final ReduceOp.OfObject<List<Long>> MATRIX_PRODUCT = ReduceOp.of("2x2 product", (a, b) -> List.of(
            a.get(0) * b.get(0) + a.get(1) * b.get(2), a.get(0) * b.get(1) + a.get(1) * b.get(3),
            a.get(2) * b.get(0) + a.get(3) * b.get(2), a.get(2) * b.get(1) + a.get(3) * b.get(3)),
            false, List.of(1L, 0L, 0L, 1L));

    static final ReduceOp.OfObject<String> CONCAT = ReduceOp.of("concat", String::concat, false, "");

    @ParameterizedTest(name = "p={0}")
    @MethodSource("processorCounts")
    void nonCommutativeOperationsAreAppliedInProcessorOrder(int p, long seed) {
        BspResult<List<Object>> r = run(p, ctx -> {
            SplittableRandom rnd = random(seed, ctx.pid());
            List<Long> m = List.of(rnd.nextLong(-3, 4), rnd.nextLong(-3, 4), rnd.nextLong(-3, 4), rnd.nextLong(-3, 4));
            String s = "<" + ctx.pid() + ">";
            return List.of(ctx.allReduce(m, MATRIX_PRODUCT), ctx.allReduce(s, CONCAT), ctx.scan(s, CONCAT),
                    ctx.exscan(s, CONCAT), ctx.reduce(0, m, MATRIX_PRODUCT));
        });
        List<Long> product = MATRIX_PRODUCT.identity();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < p; i++) {
            SplittableRandom rnd = random(seed, i);
            List<Long> m = List.of(rnd.nextLong(-3, 4), rnd.nextLong(-3, 4), rnd.nextLong(-3, 4), rnd.nextLong(-3, 4));
            product = MATRIX_PRODUCT.operator().apply(product, m);
            all.append('<').append(i).append('>');
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < p; i++) {
            List<Object> got = r.result(i);
            assertThat(got.get(0)).as("seed %d", seed).isEqualTo(product);
            assertThat(got.get(1)).isEqualTo(all.toString());
            assertThat(got.get(3)).isEqualTo(prefix.toString());
            prefix.append('<').append(i).append('>');
            assertThat(got.get(2)).isEqualTo(prefix.toString());
            assertThat(got.get(4)).isEqualTo(i == 0 ? java.util.Optional.of(product) : java.util.Optional.empty());
        }
    }

    @ParameterizedTest(name = "p={0}")
    @MethodSource("processorCounts")
    void elementWiseReductionsMatchTheReferenceForSmallAndLargeArrays(int p, long seed) {
        for (int n : new int[] {0, 1, 17, 50_000}) {
            BspResult<List<Object>> r = run(p, ctx -> List.of(
                    ctx.allReduce(doubles(seed, ctx.pid(), n), ReduceOp.SUM),
                    ctx.allReduce(longs(seed, ctx.pid(), n), ReduceOp.MAX),
                    ctx.allReduce(Arrays.stream(longs(seed, ctx.pid(), n)).mapToInt(v -> (int) v).toArray(),
                            ReduceOp.MIN),
                    ctx.reduceScatter(doubles(seed, ctx.pid(), n), ReduceOp.AVG),
                    ctx.reduceScatter(longs(seed, ctx.pid(), n), ReduceOp.SUM),
                    inPlace(ctx, doubles(seed, ctx.pid(), n)),
                    inPlace(ctx, longs(seed, ctx.pid(), n))));
            double[] sum = new double[n];
            long[] max = new long[n];
            int[] min = new int[n];
            long[] longSum = new long[n];
            Arrays.fill(max, Long.MIN_VALUE);
            Arrays.fill(min, Integer.MAX_VALUE);
            for (int i = 0; i < p; i++) {
                double[] d = doubles(seed, i, n);
                long[] l = longs(seed, i, n);
                for (int k = 0; k < n; k++) {
                    sum[k] = i == 0 ? d[k] : sum[k] + d[k];
                    max[k] = Math.max(max[k], l[k]);
                    min[k] = Math.min(min[k], (int) l[k]);
                    longSum[k] += l[k];
                }
            }
            for (int i = 0; i < p; i++) {
                List<Object> got = r.result(i);
                int from = (int) ((long) i * n / p);
                int to = (int) ((long) (i + 1) * n / p);
                assertThat((double[]) got.get(0)).as("seed %d n %d", seed, n).isEqualTo(sum);
                assertThat((long[]) got.get(1)).isEqualTo(max);
                assertThat((int[]) got.get(2)).isEqualTo(min);
                double[] avg = Arrays.copyOfRange(sum, from, to);
                for (int k = 0; k < avg.length; k++) {
                    avg[k] /= p;
                }
                assertThat((double[]) got.get(3)).isEqualTo(avg);
                assertThat((long[]) got.get(4)).isEqualTo(Arrays.copyOfRange(longSum, from, to));
                assertThat((double[]) got.get(5)).as("in place").isEqualTo(sum);
                assertThat((long[]) got.get(6)).as("in place").isEqualTo(max);
            }
            if (n == 50_000 && p >= 2) {
                assertThat(r.supersteps()).extracting(SuperstepStats::name)
                        .contains("allReduce[reduce-scatter]", "allReduce[all-gather]");
            }
        }
    }

    static double[] inPlace(BspContext<Void> ctx, double[] values) {
        ctx.allReduceInPlace(values, ReduceOp.SUM);
        return values;
    }

    static long[] inPlace(BspContext<Void> ctx, long[] values) {
        ctx.allReduceInPlace(values, ReduceOp.MAX);
        return values;
    }

    @ParameterizedTest(name = "p={0}")
    @MethodSource("processorCounts")
    void floatingPointAllReduceIsReproducibleAcrossRuns(int p, long seed) {
        SpmdProgram<Void, Double> program = ctx -> {
            double acc = 0;
            for (int round = 0; round < 20; round++) {
                acc += ctx.allReduce(doubles(seed + round, ctx.pid(), 1)[0] * 1e-3, ReduceOp.SUM);
            }
            return acc;
        };
        List<Double> first = run(p, program).results();
        assertThat(first).containsOnly(first.get(0));
        assertThat(run(p, program).results()).isEqualTo(first);
    }
}
