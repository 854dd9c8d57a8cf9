package io.ticktickclock.examples;

import io.ticktickclock.BspContext;
import io.ticktickclock.ReduceOp;
import io.ticktickclock.SpmdProgram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Sample sort (Frazer and McKellar, "Samplesort", 1970; with oversampling as in Blelloch et al., "A
 * comparison of sorting algorithms for the Connection Machine CM-2", 1991), in SPMD style with blocking
 * collectives. It partitions first and sorts last, so every key is sorted once, in the array that is
 * returned:
 * <ol>
 *   <li>every processor draws {@code s} random samples of its block of the input (about {@code 8192/p}
 *       each), and {@code allGatherv} gives every processor all of them; each sorts them and picks the same
 *       {@code p - 1} splitters (so no broadcast is needed);
 *   <li>every processor partitions its block by the splitters into one new array, bucket after bucket
 *       (this is the copy that leaves the input alone), and {@code allToAll} sends bucket {@code j} to
 *       processor {@code j} (a range of that array, by reference);
 *   <li>every processor copies the {@code p} pieces it received into one array and sorts it in place:
 *       processor {@code j}'s result is the {@code j}-th slice of the sorted output.
 * </ol>
 * Keys are ordered by (value, position in the input), so equal keys are split between processors like
 * distinct ones: heavy duplicates and all-equal inputs stay correct and balanced. The input is only read.
 *
 * <h2>Performance</h2>
 * Per processor, one pass that partitions {@code n/p} keys, one copy of them, and one sort of about
 * {@code n/p} keys ({@code w = O((n/p) log(n/p))}; {@code Arrays.sort}, vectorized where the JDK can);
 * an all-gather of about 8192 samples and an all-to-all of {@code p} ranges (on the local runtime the
 * arrays are passed by reference, so {@code h = p} words): two supersteps, and a third that all-reduces one
 * word for the bucket balance the program {@linkplain BspContext#report reports}. Random samples make the buckets
 * near {@code n/p} whatever the input's order (at p = 2, within about 1% in one standard deviation).
 * Sorting first and merging the received runs instead (PSRS) costs a merge pass that is slower than this
 * partition pass and the copy together: see docs/benchmarks.md.
 */
public final class SampleSort {
    private SampleSort() {}

    /** Samples drawn in all, spread over the processors: at p = 2 the buckets differ by about 1%. */
    static final int SAMPLES = 8192;

    /**
     * The program as a job, so that it can also run on a cluster ({@code ttc sort --cluster}). The input
     * travels with the job to every worker, and each processor sorts its block of it as in a local run.
     */
    public record Job(long[] input) implements io.ticktickclock.BspJob<Void, long[]> {
        @Override
        public SpmdProgram<Void, long[]> program() {
            return SampleSort.program(input);
        }

        @Override
        public String name() {
            return "sample-sort";
        }
    }

    /** The program: processor {@code j} returns its sorted slice of {@code input}, a new array. */
    public static SpmdProgram<Void, long[]> program(long[] input) {
        return (BspContext<Void> ctx) -> {
            int p = ctx.processors();
            int from = (int) ((long) input.length * ctx.pid() / p);
            int to = (int) ((long) input.length * (ctx.pid() + 1) / p);
            if (p == 1) {
                long[] all = Arrays.copyOfRange(input, from, to);
                Arrays.sort(all);
                return all;
            }
            ctx.nameSuperstep("sample");
            long[] samples = ctx.allGatherv(sample(input, from, to, Math.max(1, SAMPLES / p), ctx.pid()));
            ctx.nameSuperstep("partition");
            long[] splitters = splitters(samples, p);
            long[] buckets = new long[to - from];
            int[] bounds = partition(input, from, to, splitters, buckets);
            List<Run> pieces = new ArrayList<>(p);
            for (int j = 0; j < p; j++) {
                pieces.add(new Run(buckets, bounds[j], bounds[j + 1]));
            }
            // Nobody writes buckets any more: the pieces are read where they are.
            List<Run> runs = ctx.allToAll(pieces);
            ctx.nameSuperstep("sort");
            long[] sorted = sortedConcatenation(runs, buckets);
            // For telemetry (the dashboard plots it): the largest bucket over the mean, 1 when perfectly even.
            long largest = ctx.allReduce((long) sorted.length, ReduceOp.MAX);
            if (ctx.pid() == 0 && input.length > 0) {
                ctx.report("bucket-balance", (double) largest * p / input.length);
            }
            return sorted;
        };
    }

    /** A range {@code data[from, to)}. */
    record Run(long[] data, int from, int to) {
        int length() {
            return to - from;
        }
    }

    /**
     * The keys of {@code runs} in one sorted array. When they all are {@code own} (this processor's
     * buckets array, which then nobody else reads), that array is sorted in place.
     */
    static long[] sortedConcatenation(List<Run> runs, long[] own) {
        int size = 0;
        for (Run r : runs) {
            size += r.length();
        }
        long[] out;
        if (size == own.length && runs.stream().allMatch(r -> r.length() == 0 || r.data() == own)) {
            out = own;
        } else {
            out = new long[size];
            int at = 0;
            for (Run r : runs) {
                System.arraycopy(r.data(), r.from(), out, at, r.length());
                at += r.length();
            }
        }
        Arrays.sort(out);
        return out;
    }

    /**
     * {@code count} samples of {@code input[from, to)}, one drawn at random from each of {@code count}
     * equal strides, as (value, position) pairs: {@code [v0, i0, v1, i1, ...]}.
     */
    static long[] sample(long[] input, int from, int to, int count, int seed) {
        int n = to - from;
        int s = Math.min(count, n);
        long[] pairs = new long[2 * s];
        SplittableRandom random = new SplittableRandom(0x5A3D_1E5C_0FF1_CE00L + seed);
        for (int i = 0; i < s; i++) {
            int lo = from + (int) ((long) n * i / s);
            int hi = from + (int) ((long) n * (i + 1) / s);
            int at = random.nextInt(lo, hi);
            pairs[2 * i] = input[at];
            pairs[2 * i + 1] = at;
        }
        return pairs;
    }

    /**
     * The {@code p - 1} splitters at regular ranks of the sampled (value, position) pairs, ordered by value
     * then position, as {@code [v0, i0, v1, i1, ...]}; fewer samples than {@code p} give repeated splitters
     * (and empty buckets).
     */
    static long[] splitters(long[] pairs, int p) {
        int s = pairs.length / 2;
        long[] splitters = new long[2 * (p - 1)];
        if (s == 0) {
            // No keys at all: any splitter works.
            return splitters;
        }
        long[] values = new long[s];
        for (int i = 0; i < s; i++) {
            values[i] = pairs[2 * i];
        }
        Arrays.sort(values);
        for (int j = 0; j < p - 1; j++) {
            int rank = (int) ((long) (j + 1) * s / p);
            long value = values[rank];
            int firstEqual = rank;
            while (firstEqual > 0 && values[firstEqual - 1] == value) {
                firstEqual--;
            }
            splitters[2 * j] = value;
            splitters[2 * j + 1] = positionOfEqual(pairs, value, rank - firstEqual);
        }
        return splitters;
    }

    /** The {@code k}-th smallest position among the sampled pairs whose value is {@code value}. */
    private static long positionOfEqual(long[] pairs, long value, int k) {
        int count = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            count += pairs[i] == value ? 1 : 0;
        }
        long[] positions = new long[count];
        int c = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i] == value) {
                positions[c++] = pairs[i + 1];
            }
        }
        Arrays.sort(positions);
        return positions[k];
    }

    /**
     * Partitions {@code input[from, to)} into {@code out} by the splitters: key {@code input[g]} goes to
     * bucket {@code b}, the number of splitters (v, i) with {@code (v, i) < (input[g], g)}. Returns the
     * bucket bounds: bucket {@code b} is {@code out[bounds[b], bounds[b + 1])}, in no particular order.
     *
     * <p>Comparing pairs per key would cost a second comparison; instead the block is cut where a
     * splitter's position lies, and in each segment every splitter is one threshold on the value alone:
     * {@code (k, g) > (v, i)} is {@code k > v} where {@code g <= i} and {@code k >= v}, that is
     * {@code k > v - 1}, where {@code g > i}. A splitter {@code (Long.MIN_VALUE, i)} with {@code g > i}
     * is below every key: it is counted as an offset instead of a threshold.
     */
    static int[] partition(long[] input, int from, int to, long[] splitters, long[] out) {
        int buckets = splitters.length / 2 + 1;
        int[] cuts = segmentCuts(splitters, from, to);
        if (buckets == 2) {
            // Two buckets in one pass: the lower fills out from the front, the upper from the back. Each
            // key is stored at both ends and only one end moves on (the other slot is free and written
            // again), so nothing branches on the key: choosing the slot instead cost three times as much.
            int lo = 0;
            int hi = out.length - 1;
            for (int c = 0; c + 1 < cuts.length; c++) {
                long t = splitters[0];
                boolean inclusive = cuts[c] > splitters[1];
                if (inclusive && t == Long.MIN_VALUE) {
                    for (int g = cuts[c]; g < cuts[c + 1]; g++) {
                        out[hi--] = input[g];
                    }
                    continue;
                }
                t = inclusive ? t - 1 : t;
                for (int g = cuts[c]; g < cuts[c + 1]; g++) {
                    long k = input[g];
                    int up = k > t ? 1 : 0;
                    out[lo] = k;
                    out[hi] = k;
                    lo += 1 - up;
                    hi -= up;
                }
            }
            return new int[] {0, lo, out.length};
        }
        int[] bounds = new int[buckets + 1];
        for (int c = 0; c + 1 < cuts.length; c++) {
            Thresholds th = Thresholds.of(splitters, cuts[c]);
            for (int g = cuts[c]; g < cuts[c + 1]; g++) {
                bounds[th.bucket(input[g]) + 1]++;
            }
        }
        for (int b = 0; b < buckets; b++) {
            bounds[b + 1] += bounds[b];
        }
        int[] next = Arrays.copyOf(bounds, buckets);
        for (int c = 0; c + 1 < cuts.length; c++) {
            Thresholds th = Thresholds.of(splitters, cuts[c]);
            for (int g = cuts[c]; g < cuts[c + 1]; g++) {
                long k = input[g];
                out[next[th.bucket(k)]++] = k;
            }
        }
        return bounds;
    }

    /**
     * {@code [from, cut1, ..., to]}: the positions in {@code [from, to)} where a splitter's comparison changes
     * ({@code i + 1} for a splitter at position {@code i}), sorted.
     */
    private static int[] segmentCuts(long[] splitters, int from, int to) {
        int[] cuts = new int[splitters.length / 2 + 2];
        int c = 0;
        cuts[c++] = from;
        for (int j = 1; j < splitters.length; j += 2) {
            long cut = splitters[j] + 1;
            if (cut > from && cut < to) {
                cuts[c++] = (int) cut;
            }
        }
        cuts[c++] = to;
        Arrays.sort(cuts, 1, c - 1);
        return Arrays.copyOf(cuts, c);
    }

    /**
     * The splitters of one segment as value thresholds: a key's bucket is {@code offset} plus the number of
     * thresholds below it. The thresholds are padded with {@code Long.MAX_VALUE} to one less than a power of
     * two, so the search below takes no branch on the key.
     */
    private record Thresholds(int offset, long[] t) {
        static Thresholds of(long[] splitters, long segmentStart) {
            int offset = 0;
            long[] below = new long[splitters.length / 2];
            int m = 0;
            for (int j = 0; j < splitters.length; j += 2) {
                long v = splitters[j];
                boolean inclusive = segmentStart > splitters[j + 1];
                if (inclusive && v == Long.MIN_VALUE) {
                    offset++;
                } else {
                    below[m++] = inclusive ? v - 1 : v;
                }
            }
            int size = m == 0 ? 0 : Integer.highestOneBit(m) * 2 - 1;
            long[] t = Arrays.copyOf(below, size);
            Arrays.fill(t, m, size, Long.MAX_VALUE);
            return new Thresholds(offset, t);
        }

        int bucket(long k) {
            int b = 0;
            for (int step = (t.length + 1) >>> 1; step > 0; step >>>= 1) {
                b += k > t[b + step - 1] ? step : 0;
            }
            return offset + b;
        }
    }
}
