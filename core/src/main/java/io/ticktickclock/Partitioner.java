package io.ticktickclock;

import io.ticktickclock.internal.Partitioners;
import java.util.function.Function;

/**
 * Decides which processor gets each element of a {@link BspProgram}'s input.
 *
 * <p>The runtime calls it once per element, on the calling thread, before the processors start. Elements
 * keep their input order within each processor's share. Implementations must be deterministic and
 * side-effect free.
 *
 * <pre>{@code
 * Partitioner<Edge> bySource = Partitioner.hash(Edge::source);
 * }</pre>
 *
 * @param <I> the input element type
 */
@FunctionalInterface
public interface Partitioner<I> {

    /**
     * The processor that gets {@code element}.
     *
     * @param element the element
     * @param index its position in the input
     * @param size the input's size
     * @param processors the number of processors
     * @return a processor id in {@code [0, processors)}
     */
    int processorOf(I element, int index, int size, int processors);

    /**
     * Contiguous blocks: processor {@code i} gets indices {@code [i·n/p, (i+1)·n/p)}; sizes differ by at
     * most one. Shares are views of the input, not copies. The default.
     */
    static <I> Partitioner<I> block() {
        return Partitioners.block();
    }

    /** Element {@code i} goes to processor {@code i mod p}. */
    static <I> Partitioner<I> roundRobin() {
        return Partitioners.roundRobin();
    }

    /**
     * Element {@code e} goes to processor {@code floorMod(mix(key(e).hashCode()), p)}; a null key goes to
     * processor 0. Equal keys always land on the same processor.
     *
     * @throws NullPointerException if {@code key} is null
     */
    static <I> Partitioner<I> hash(Function<? super I, ?> key) {
        return Partitioners.hash(key);
    }
}
