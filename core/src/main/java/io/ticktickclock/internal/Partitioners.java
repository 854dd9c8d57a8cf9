package io.ticktickclock.internal;

import io.ticktickclock.Partitioner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** Built-in partitioners and the splitting of an input into per-processor shares. */
public final class Partitioners {
    private Partitioners() {}

    private enum Block implements Partitioner<Object> {
        INSTANCE;

        @Override
        public int processorOf(Object element, int index, int size, int processors) {
            // Inverse of the block bounds [i*n/p, (i+1)*n/p): the largest i with i*n/p <= index.
            return (int) (((long) index * processors + processors - 1) / size);
        }

        @Override
        public String toString() {
            return "block";
        }
    }

    private enum RoundRobin implements Partitioner<Object> {
        INSTANCE;

        @Override
        public int processorOf(Object element, int index, int size, int processors) {
            return index % processors;
        }

        @Override
        public String toString() {
            return "roundRobin";
        }
    }

    private record Hash<I>(Function<? super I, ?> key) implements Partitioner<I> {
        @Override
        public int processorOf(I element, int index, int size, int processors) {
            Object k = key.apply(element);
            if (k == null) {
                return 0;
            }
            int h = k.hashCode() * 0x9E3779B9;
            return Math.floorMod(h ^ (h >>> 16), processors);
        }
    }

    @SuppressWarnings("unchecked")
    public static <I> Partitioner<I> block() {
        return (Partitioner<I>) (Partitioner<?>) Block.INSTANCE;
    }

    @SuppressWarnings("unchecked")
    public static <I> Partitioner<I> roundRobin() {
        return (Partitioner<I>) (Partitioner<?>) RoundRobin.INSTANCE;
    }

    public static <I> Partitioner<I> hash(Function<? super I, ?> key) {
        return new Hash<>(Objects.requireNonNull(key, "key must not be null"));
    }

    /** Start index of block {@code i} of {@code size} elements over {@code processors}. */
    public static int blockStart(int i, int size, int processors) {
        return (int) ((long) i * size / processors);
    }

    /**
     * Splits {@code input} into {@code processors} shares. Block shares are views; the others are copies.
     *
     * @throws IllegalArgumentException if the partitioner returns an id outside [0, processors)
     */
    public static <I> List<List<I>> split(List<I> input, Partitioner<? super I> partitioner, int processors) {
        int n = input.size();
        List<List<I>> shares = new ArrayList<>(processors);
        if (partitioner == Block.INSTANCE) {
            for (int i = 0; i < processors; i++) {
                shares.add(input.subList(blockStart(i, n, processors), blockStart(i + 1, n, processors)));
            }
            return shares;
        }
        for (int i = 0; i < processors; i++) {
            shares.add(new ArrayList<>(n / processors + 1));
        }
        int index = 0;
        for (I element : input) {
            int target = partitioner.processorOf(element, index, n, processors);
            if (target < 0 || target >= processors) {
                throw new IllegalArgumentException("partitioner " + partitioner + " returned processor " + target
                        + " for input element " + index + "; expected a processor id in [0, " + processors + ")");
            }
            shares.get(target).add(element);
            index++;
        }
        return shares;
    }
}
