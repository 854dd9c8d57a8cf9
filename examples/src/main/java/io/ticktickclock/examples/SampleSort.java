package io.ticktickclock.examples;

import io.ticktickclock.BspContext;
import io.ticktickclock.SpmdProgram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parallel sorting by regular sampling (PSRS; Shi and Schaeffer, "Parallel sorting by regular sampling",
 * 1992), in SPMD style with blocking collectives:
 * <ol>
 *   <li>every processor sorts its block of the input and takes {@code p} regular samples of it;
 *   <li>{@code allGatherv} gives every processor all {@code p²} samples; each sorts them and picks the same
 *       {@code p - 1} pivots (so no broadcast is needed);
 *   <li>every processor cuts its sorted block at the pivots, and {@code allToAll} sends piece {@code j} to
 *       processor {@code j};
 *   <li>every processor merges the {@code p} sorted runs it received: processor {@code j}'s result is the
 *       {@code j}-th slice of the sorted output.
 * </ol>
 * Equal keys are split between processors by position (ties go to the lower bucket), so heavy duplicates
 * and all-equal inputs stay correct; with regular sampling no bucket exceeds about {@code 2n/p}.
 *
 * <h2>Performance</h2>
 * A local sort of {@code n/p} keys and a merge of {@code p} runs ({@code w = O((n/p) log(n/p) + (n/p) log p)}),
 * an all-gather of {@code p²} samples and an all-to-all of {@code p} arrays (on the local runtime the
 * arrays are passed by reference, so {@code h = p} words): three supersteps.
 */
public final class SampleSort {
    private SampleSort() {}

    /** The program: processor {@code j} returns its sorted slice of {@code input}. */
    public static SpmdProgram<Void, long[]> program(long[] input) {
        return (BspContext<Void> ctx) -> {
            int p = ctx.processors();
            int from = (int) ((long) input.length * ctx.pid() / p);
            int to = (int) ((long) input.length * (ctx.pid() + 1) / p);
            ctx.nameSuperstep("local-sort");
            long[] mine = Arrays.copyOfRange(input, from, to);
            Arrays.sort(mine);
            long[] samples = new long[Math.min(p, mine.length)];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = mine[(int) ((long) i * mine.length / samples.length)];
            }
            long[] all = ctx.allGatherv(samples);
            ctx.nameSuperstep("partition");
            Arrays.sort(all);
            List<Run> pieces = new ArrayList<>(p);
            int start = 0;
            for (int j = 0; j < p; j++) {
                int end;
                if (j == p - 1 || all.length == 0) {
                    end = j == p - 1 ? mine.length : start;
                } else {
                    long pivot = all[(int) ((long) (j + 1) * all.length / p)];
                    end = upperBound(mine, start, pivot);
                }
                pieces.add(new Run(mine, start, end));
                start = end;
            }
            // Each piece is a sorted range of this processor's array, passed by reference (no copy): what
            // arrives is p sorted runs, merged instead of sorted again. Nobody writes the arrays any more.
            List<Run> runs = ctx.allToAll(pieces);
            ctx.nameSuperstep("merge");
            List<Run> nonEmpty = runs.stream().filter(r -> r.length() > 0).toList();
            if (nonEmpty.size() == 1 && nonEmpty.get(0).data() == mine && nonEmpty.get(0).length() == mine.length) {
                // All this processor's keys stayed here (always at p = 1): its sorted copy is the result,
                // and no other processor reads any of it.
                return mine;
            }
            return merge(runs);
        };
    }

    /** A sorted range {@code data[from, to)}. */
    record Run(long[] data, int from, int to) {
        int length() {
            return to - from;
        }
    }

    /** Merges sorted runs pairwise, bottom-up: O(n log r) for r runs; the result is a new array. */
    static long[] merge(List<Run> runs) {
        List<Run> level = new ArrayList<>(runs);
        if (level.isEmpty()) {
            return new long[0];
        }
        if (level.size() == 1) {
            Run only = level.get(0);
            return Arrays.copyOfRange(only.data(), only.from(), only.to());
        }
        while (level.size() > 1) {
            List<Run> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i + 1 < level.size(); i += 2) {
                long[] merged = mergeTwo(level.get(i), level.get(i + 1));
                next.add(new Run(merged, 0, merged.length));
            }
            if (level.size() % 2 == 1) {
                next.add(level.get(level.size() - 1));
            }
            level = next;
        }
        Run result = level.get(0);
        return result.from() == 0 && result.to() == result.data().length ? result.data()
                : Arrays.copyOfRange(result.data(), result.from(), result.to());
    }

    /**
     * Merges two sorted runs into a new array. The loop is written so that the JIT can select the next
     * element and both cursor moves (conditional moves) instead of branching on the comparison: on random
     * keys a branching merge mispredicts about every second element.
     */
    private static long[] mergeTwo(Run a, Run b) {
        long[] x = a.data();
        long[] y = b.data();
        long[] out = new long[a.length() + b.length()];
        int i = a.from();
        int j = b.from();
        int xEnd = a.to();
        int yEnd = b.to();
        int k = 0;
        while (i < xEnd && j < yEnd) {
            long u = x[i];
            long v = y[j];
            boolean left = u <= v;
            out[k++] = left ? u : v;
            i += left ? 1 : 0;
            j += left ? 0 : 1;
        }
        System.arraycopy(x, i, out, k, xEnd - i);
        System.arraycopy(y, j, out, k + xEnd - i, yEnd - j);
        return out;
    }

    /** The first index in {@code a[from..]} whose value is greater than {@code key}. */
    private static int upperBound(long[] a, int from, long key) {
        int lo = from;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
