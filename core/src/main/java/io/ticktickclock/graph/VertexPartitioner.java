package io.ticktickclock.graph;

import java.util.Objects;

/**
 * Decides which processor owns each vertex of a partitioned graph: the owner holds the vertex, its value
 * and its out-edges, and receives its messages.
 *
 * <p>Ids are any 64-bit values. An implementation must be a pure function of its arguments (deterministic,
 * side-effect free and thread-safe), since every processor calls it, while loading and whenever a message
 * is sent to a vertex by id; it must return an id in {@code [0, processors)} (the loader checks).
 *
 * <pre>{@code
 * VertexPartitioner.hash()                       // the default: balanced for any ids
 * VertexPartitioner.range()                      // contiguous id ranges over the loaded graph's ids
 * VertexPartitioner.range(0, 999_999)            // contiguous id ranges over [0, 999,999]
 * (id, p) -> (int) Math.floorMod(id, p)          // your own
 * }</pre>
 */
@FunctionalInterface
public interface VertexPartitioner {

    /**
     * The processor that owns vertex {@code id}.
     *
     * @param id the vertex id
     * @param processors the number of processors, at least 1
     * @return a processor id in {@code [0, processors)}
     */
    int ownerOf(long id, int processors);

    /**
     * Spreads ids pseudo-randomly: the id's bits are mixed (the finalizer of SplitMix64), then mapped to
     * {@code [0, p)} by a multiply-high, so consecutive or strided ids are balanced too.
     */
    static VertexPartitioner hash() {
        return HashPartitioner.INSTANCE;
    }

    /**
     * Contiguous, equally wide id ranges over the ids of the graph being loaded: the loader finds the
     * smallest and largest id (one all-reduce) and uses {@link #range(long, long)} with them. Keeps vertices
     * with nearby ids together, which pays off when the ids follow the graph's locality; skewed ids give
     * skewed partitions.
     */
    static VertexPartitioner range() {
        return RangePartitioner.UNBOUNDED;
    }

    /**
     * Contiguous ranges of {@code w = ceil((maxId - minId + 1) / p)} ids: processor {@code i} owns
     * {@code [minId + i·w, minId + (i+1)·w)}; ids below {@code minId} go to processor 0, ids above
     * {@code maxId} to processor {@code p - 1}.
     *
     * @throws IllegalArgumentException if {@code minId > maxId}
     */
    static VertexPartitioner range(long minId, long maxId) {
        if (minId > maxId) {
            throw new IllegalArgumentException("minId must be <= maxId, got minId " + minId + " and maxId " + maxId);
        }
        return new RangePartitioner(minId, maxId, true);
    }
}

/** {@link VertexPartitioner#hash()}. */
final class HashPartitioner implements VertexPartitioner {
    static final HashPartitioner INSTANCE = new HashPartitioner();

    private HashPartitioner() {}

    @Override
    public int ownerOf(long id, int processors) {
        long z = id;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z = z ^ (z >>> 31);
        return (int) Math.unsignedMultiplyHigh(z, processors);
    }

    @Override
    public String toString() {
        return "hash";
    }
}

/** {@link VertexPartitioner#range(long, long)}, or, unbounded, {@link VertexPartitioner#range()}. */
final class RangePartitioner implements VertexPartitioner {
    static final RangePartitioner UNBOUNDED = new RangePartitioner(Long.MIN_VALUE, Long.MAX_VALUE, false);

    final long min;
    final long max;
    /** False for {@link VertexPartitioner#range()} until the loader binds it to the graph's ids. */
    final boolean bound;

    RangePartitioner(long min, long max, boolean bound) {
        this.min = min;
        this.max = max;
        this.bound = bound;
    }

    @Override
    public int ownerOf(long id, int processors) {
        if (id < min) {
            return 0;
        }
        if (id > max) {
            return processors - 1;
        }
        // Unsigned: max - min may exceed Long.MAX_VALUE. floor((n - 1) / p) + 1 = ceil(n / p) for n = max - min + 1.
        long width = Long.divideUnsigned(max - min, processors) + 1;
        return (int) Long.divideUnsigned(id - min, width);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RangePartitioner r && r.min == min && r.max == max && r.bound == bound;
    }

    @Override
    public int hashCode() {
        return Objects.hash(min, max, bound);
    }

    @Override
    public String toString() {
        return bound ? "range[" + min + ", " + max + "]" : "range";
    }
}
