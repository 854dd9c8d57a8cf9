package io.ticktickclock.graph;

import io.ticktickclock.BspContext;
import java.util.Arrays;

/**
 * One processor's in-edges, grouped by the processor that owns their sources: what {@link VertexEngine}'s
 * gather path reads when every vertex with out-edges sends one value to all its neighbours.
 *
 * <p>Group {@code q} lists the local vertices with an in-edge from a vertex of processor {@code q}
 * ({@code targets}, ascending) and, for each, the sources of those in-edges ({@code sources}, one entry per
 * edge, so a multi-edge counts twice) in the order in which processor {@code q}'s scatter would fold them into
 * the target's slot: by the source's local index at {@code q}, then in row order. A source is its local
 * index here for {@code q == pid}, and otherwise its position in {@code q}'s {@code exports} to this
 * processor: the ascending local indices, at {@code q}, of its vertices with an edge to a vertex here, whose
 * values {@code q} ships in that order, one per source rather than one per edge. Folding a group's sources
 * in order gives the bits the scatter gives.
 *
 * <p>Built once per partition by a collective (one all-to-all of one {@code long} per edge that crosses
 * processors), then cached in the {@link GraphPartition}; immutable. Memory: 4 bytes per edge, 8 per (target,
 * source processor) pair with an edge, and 4 per (vertex, other processor) pair with an edge.
 */
final class GatherIndex {
    /** {@code exports[r]}: the ascending local indices of the vertices here with an edge into processor r (none for r == pid). */
    final int[][] exports;
    /** The number of sources of group q: {@code n} for q == pid, {@code q}'s exports to here otherwise. */
    final int[] sourceCount;
    /** Group q's targets, ascending. */
    final int[][] targets;
    /** {@code ends[q][i]}: where the sources of {@code targets[q][i]} end in {@code sources[q]}. */
    final int[][] ends;
    /** Group q's sources, target by target. */
    final int[][] sources;

    private GatherIndex(int[][] exports, int[] sourceCount, int[][] targets, int[][] ends, int[][] sources) {
        this.exports = exports;
        this.sourceCount = sourceCount;
        this.targets = targets;
        this.ends = ends;
        this.sources = sources;
    }

    /** The longest export list (the largest block this processor ships in one superstep). */
    int longestExport() {
        int longest = 0;
        for (int[] e : exports) {
            longest = Math.max(longest, e == null ? 0 : e.length);
        }
        return longest;
    }

    /** The bytes of the arrays (without their headers). */
    long bytes() {
        long bytes = 0;
        for (int q = 0; q < targets.length; q++) {
            bytes += 4L * (exports[q] == null ? 0 : exports[q].length) + 8L * targets[q].length
                    + 4L * sources[q].length;
        }
        return bytes;
    }

    /**
     * Builds this processor's index; every processor of the run must call it at the same point (it is a
     * collective: one all-to-all).
     */
    static GatherIndex build(BspContext<?> ctx, GraphPartition graph) {
        int p = ctx.processors();
        int pid = ctx.pid();
        int n = graph.vertexCount();
        int[] offsets = graph.offsetArray();
        int[] edgeSlots = graph.edgeSlotArray();
        int[] slotOwners = graph.slotOwnerArray();
        int[] slotIndices = graph.slotIndexArray();

        // Count the edges into each processor and the vertices with an edge into each.
        int[] edgesTo = new int[p];
        int[] exportCount = new int[p];
        int[] last = new int[p];
        Arrays.fill(last, -1);
        for (int v = 0; v < n; v++) {
            for (int e = offsets[v], end = offsets[v + 1]; e < end; e++) {
                int r = slotOwners[edgeSlots[e]];
                edgesTo[r]++;
                if (last[r] != v) {
                    last[r] = v;
                    exportCount[r]++;
                }
            }
        }
        // Each edge into another processor as (the source's position in the exports, the target's index
        // there), after a header [edges, exports].
        int[][] exports = new int[p][];
        long[][] out = new long[p][];
        int[] fill = new int[p];
        for (int r = 0; r < p; r++) {
            if (r == pid) {
                out[r] = new long[] {0, 0};
            } else {
                exports[r] = new int[exportCount[r]];
                out[r] = new long[2 + edgesTo[r]];
                out[r][0] = edgesTo[r];
                out[r][1] = exportCount[r];
                fill[r] = 2;
            }
        }
        Arrays.fill(last, -1);
        int[] exported = new int[p];
        for (int v = 0; v < n; v++) {
            for (int e = offsets[v], end = offsets[v + 1]; e < end; e++) {
                int slot = edgeSlots[e];
                int r = slotOwners[slot];
                if (r == pid) {
                    continue;
                }
                if (last[r] != v) {
                    last[r] = v;
                    exports[r][exported[r]++] = v;
                }
                out[r][fill[r]++] = (long) (exported[r] - 1) << 32 | slotIndices[slot];
            }
        }
        long[] received = ctx.allToAllv(out);
        out = null;

        int[] sourceCount = new int[p];
        int[][] targets = new int[p][];
        int[][] ends = new int[p][];
        int[][] sources = new int[p][];
        int[] at = new int[n];
        for (int q = 0, from = 0; q < p; q++) {
            int count = (int) received[from];
            sourceCount[q] = q == pid ? n : (int) received[from + 1];
            from += 2;
            Arrays.fill(at, 0);
            if (q == pid) {
                for (int e = 0; e < edgeSlots.length; e++) {
                    int slot = edgeSlots[e];
                    if (slotOwners[slot] == pid) {
                        at[slotIndices[slot]]++;
                    }
                }
                count = edgesTo[pid];
            } else {
                for (int i = from; i < from + count; i++) {
                    at[(int) received[i]]++;
                }
            }
            int groups = 0;
            for (int t = 0; t < n; t++) {
                groups += at[t] > 0 ? 1 : 0;
            }
            targets[q] = new int[groups];
            ends[q] = new int[groups];
            for (int t = 0, g = 0, sum = 0; t < n; t++) {
                int c = at[t];
                if (c > 0) {
                    targets[q][g] = t;
                    at[t] = sum;
                    sum += c;
                    ends[q][g++] = sum;
                }
            }
            // A stable counting sort by target keeps each target's sources in the order q's scatter folds them.
            int[] s = sources[q] = new int[count];
            if (q == pid) {
                for (int v = 0; v < n; v++) {
                    for (int e = offsets[v], end = offsets[v + 1]; e < end; e++) {
                        int slot = edgeSlots[e];
                        if (slotOwners[slot] == pid) {
                            s[at[slotIndices[slot]]++] = v;
                        }
                    }
                }
            } else {
                for (int i = from; i < from + count; i++) {
                    long x = received[i];
                    s[at[(int) x]++] = (int) (x >>> 32);
                }
                from += count;
            }
        }
        return new GatherIndex(exports, sourceCount, targets, ends, sources);
    }
}
