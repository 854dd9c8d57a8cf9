package io.ticktickclock.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a vertex program: every vertex's final value, by id, and how the run ended. What one
 * processor gets from {@link VertexProgram#run(io.ticktickclock.BspContext, GraphPartition)} covers its own
 * vertices; {@link PartitionedGraph#run} {@linkplain #merge merges} them into the whole graph's.
 *
 * <p>Immutable; the arrays it returns are copies.
 */
public final class VertexResult {
    private final VertexProgram.Kind kind;
    private final long[] ids;
    /** The values; for a long program, their raw bits; null for an object program. */
    private final double[] values;
    /** The values of an object program, else null. */
    private final Object[] objects;
    private final int supersteps;
    private final boolean halted;
    private final int phase;
    private final List<Aggregator> aggregators;
    private final long[] aggregated;

    VertexResult(VertexProgram.Kind kind, long[] ids, double[] values, int supersteps, boolean halted, int phase,
            List<Aggregator> aggregators, long[] aggregated) {
        this(kind, ids, values, null, supersteps, halted, phase, aggregators, aggregated);
    }

    VertexResult(VertexProgram.Kind kind, long[] ids, double[] values, Object[] objects, int supersteps,
            boolean halted, int phase, List<Aggregator> aggregators, long[] aggregated) {
        this.kind = kind;
        this.ids = ids;
        this.values = values;
        this.objects = objects;
        this.supersteps = supersteps;
        this.halted = halted;
        this.phase = phase;
        this.aggregators = aggregators;
        this.aggregated = aggregated;
    }

    /**
     * The whole graph's result from the processors' results, in any order: the vertices of all of them,
     * sorted by id.
     *
     * @throws IllegalArgumentException if {@code parts} is empty, mixes programs, or two parts hold one vertex
     */
    public static VertexResult merge(List<VertexResult> parts) {
        Objects.requireNonNull(parts, "parts must not be null");
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("parts must not be empty");
        }
        VertexResult first = parts.get(0);
        int total = 0;
        for (VertexResult r : parts) {
            if (r.kind != first.kind || !r.aggregators.equals(first.aggregators)) {
                throw new IllegalArgumentException("parts must come from one program's run");
            }
            total = Math.addExact(total, r.ids.length);
        }
        // Each part's ids ascend: a p-way merge with a heap of parts keyed by their next id, O(n log p).
        long[] ids = new long[total];
        double[] values = first.values == null ? null : new double[total];
        Object[] objects = first.objects == null ? null : new Object[total];
        VertexResult[] part = parts.toArray(new VertexResult[0]);
        int[] next = new int[part.length];
        int[] heap = new int[part.length];
        int size = 0;
        for (int q = 0; q < part.length; q++) {
            if (part[q].ids.length > 0) {
                heap[size++] = q;
                siftUp(heap, size - 1, part, next);
            }
        }
        for (int at = 0; at < total; ) {
            int q = heap[0];
            VertexResult r = part[q];
            // The part with the smallest next id gives every id below the other parts' next ones in one run
            // (a whole part when the partitioner gave ranges), at least one.
            int from = next[q];
            int to = r.ids.length;
            if (size > 1) {
                long bound = head(heap[1], part, next);
                if (size > 2) {
                    bound = Math.min(bound, head(heap[2], part, next));
                }
                int i = from + 1;
                while (i < to && r.ids[i] < bound) {
                    i++;
                }
                to = i;
            }
            for (int i = from; i < to; i++, at++) {
                ids[at] = r.ids[i];
                if (at > 0 && ids[at] <= ids[at - 1]) {
                    throw new IllegalArgumentException(ids[at] == ids[at - 1] ? "vertex " + ids[at] + " is in two parts"
                            : "parts must hold their vertices in ascending id order");
                }
            }
            if (values != null) {
                System.arraycopy(r.values, from, values, at - (to - from), to - from);
            } else {
                System.arraycopy(r.objects, from, objects, at - (to - from), to - from);
            }
            next[q] = to;
            if (to == r.ids.length) {
                heap[0] = heap[--size];
            }
            siftDown(heap, size, part, next);
        }
        return new VertexResult(first.kind, ids, values, objects, first.supersteps, first.halted, first.phase,
                first.aggregators, first.aggregated);
    }

    private static long head(int q, VertexResult[] part, int[] next) {
        return part[q].ids[next[q]];
    }

    private static void siftUp(int[] heap, int i, VertexResult[] part, int[] next) {
        while (i > 0 && head(heap[i], part, next) < head(heap[(i - 1) / 2], part, next)) {
            int t = heap[i];
            heap[i] = heap[(i - 1) / 2];
            heap[(i - 1) / 2] = t;
            i = (i - 1) / 2;
        }
    }

    private static void siftDown(int[] heap, int size, VertexResult[] part, int[] next) {
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) {
                return;
            }
            if (c + 1 < size && head(heap[c + 1], part, next) < head(heap[c], part, next)) {
                c++;
            }
            if (head(heap[i], part, next) <= head(heap[c], part, next)) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[c];
            heap[c] = t;
            i = c;
        }
    }

    /** The number of vertices. */
    public int size() {
        return ids.length;
    }

    /** The vertex ids, ascending. */
    public long[] ids() {
        return ids.clone();
    }

    /** Whether the result has vertex {@code id}. */
    public boolean contains(long id) {
        return Arrays.binarySearch(ids, id) >= 0;
    }

    /**
     * The values of a double program, in id order.
     *
     * @throws IllegalStateException if the program's values are longs
     */
    public double[] doubleValues() {
        check(VertexProgram.Kind.DOUBLE);
        return values.clone();
    }

    /**
     * The values of a long program, in id order.
     *
     * @throws IllegalStateException if the program's values are doubles
     */
    public long[] longValues() {
        check(VertexProgram.Kind.LONG);
        long[] longs = new long[values.length];
        for (int i = 0; i < longs.length; i++) {
            longs[i] = Double.doubleToRawLongBits(values[i]);
        }
        return longs;
    }

    /**
     * The value of vertex {@code id} in a double program.
     *
     * @throws IllegalArgumentException if there is no such vertex
     * @throws IllegalStateException if the program's values are longs
     */
    public double doubleValue(long id) {
        check(VertexProgram.Kind.DOUBLE);
        return values[indexOf(id)];
    }

    /**
     * The value of vertex {@code id} in a long program.
     *
     * @throws IllegalArgumentException if there is no such vertex
     * @throws IllegalStateException if the program's values are doubles
     */
    public long longValue(long id) {
        check(VertexProgram.Kind.LONG);
        return Double.doubleToRawLongBits(values[indexOf(id)]);
    }

    /**
     * The values of an object program, in id order ({@code null} for a vertex whose value was never set).
     *
     * @param type the values' class
     * @return an unmodifiable list
     * @throws IllegalStateException if the program's values are numbers
     * @throws ClassCastException if a value is not a {@code type}
     */
    public <T> List<T> objectValues(Class<T> type) {
        Objects.requireNonNull(type, "type must not be null");
        check(VertexProgram.Kind.OBJECT);
        List<T> list = new java.util.ArrayList<>(objects.length);
        for (Object o : objects) {
            list.add(type.cast(o));
        }
        return java.util.Collections.unmodifiableList(list);
    }

    /**
     * The value of vertex {@code id} in an object program.
     *
     * @param type the value's class
     * @throws IllegalArgumentException if there is no such vertex
     * @throws IllegalStateException if the program's values are numbers
     * @throws ClassCastException if the value is not a {@code type}
     */
    public <T> T objectValue(long id, Class<T> type) {
        Objects.requireNonNull(type, "type must not be null");
        check(VertexProgram.Kind.OBJECT);
        return type.cast(objects[indexOf(id)]);
    }

    /** The number of supersteps the program ran. */
    public int supersteps() {
        return supersteps;
    }

    /**
     * Whether the run ended by itself (every vertex halted with no message in flight, or the master step
     * halted it) rather than at the program's superstep limit.
     */
    public boolean halted() {
        return halted;
    }

    /** The phase at the end of the run. */
    public int phase() {
        return phase;
    }

    /**
     * The aggregator's value after the last superstep (as the master step left it).
     *
     * @throws IllegalArgumentException if the aggregator belongs to another program
     */
    public double aggregated(Aggregator.OfDouble aggregator) {
        return Double.longBitsToDouble(aggregated[slot(aggregator, aggregator.slot)]);
    }

    /** The value of a {@code long} aggregator after the last superstep. */
    public long aggregated(Aggregator.OfLong aggregator) {
        return aggregated[slot(aggregator, aggregator.slot)];
    }

    private int slot(Aggregator a, int slot) {
        Objects.requireNonNull(a, "aggregator must not be null");
        if (slot >= aggregators.size() || aggregators.get(slot) != a) {
            throw new IllegalArgumentException("aggregator " + a.name() + " belongs to another program");
        }
        return slot;
    }

    private int indexOf(long id) {
        int i = Arrays.binarySearch(ids, id);
        if (i < 0) {
            throw new IllegalArgumentException("id " + id + " is not a vertex of the result");
        }
        return i;
    }

    private void check(VertexProgram.Kind expected) {
        if (kind != expected) {
            throw new IllegalStateException("the program's values are " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + "s; use the " + kind.name().toLowerCase(java.util.Locale.ROOT) + " accessors");
        }
    }

    @Override
    public String toString() {
        return "VertexResult[" + ids.length + " vertices, " + supersteps + " supersteps, "
                + (halted ? "halted" : "stopped at the superstep limit") + "]";
    }
}
