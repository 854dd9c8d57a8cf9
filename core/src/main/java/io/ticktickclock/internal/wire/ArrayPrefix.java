package io.ticktickclock.internal.wire;

/**
 * The first {@code length} elements of {@code array} (a {@code long[]}, {@code double[]}, {@code int[]} or an
 * object array), which a {@link WireWriter} encodes exactly as it would encode a copy of them: a reader gets an
 * array of {@code length} elements. It saves the copy when a buffer is written whose tail is unused (a
 * checkpoint's undelivered messages, from their channels). The array is not copied: it must not change until
 * the prefix is encoded.
 *
 * @param array the array
 * @param length how many of its first elements
 */
public record ArrayPrefix(Object array, int length) {
    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if {@code array} is not one of those or {@code length} is outside
     *     {@code [0, array.length]}
     */
    public ArrayPrefix {
        int n = switch (array) {
            case long[] a -> a.length;
            case double[] a -> a.length;
            case int[] a -> a.length;
            case Object[] a -> a.length;
            case null -> throw new IllegalArgumentException("array must not be null");
            default -> throw new IllegalArgumentException("array must be a long[], double[], int[] or object array, "
                    + "got a " + array.getClass().getName());
        };
        if (length < 0 || length > n) {
            throw new IllegalArgumentException("length must be in [0, " + n + "], got " + length);
        }
    }
}
