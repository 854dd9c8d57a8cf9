package io.ticktickclock.cost;

/**
 * The parameters of the BSP cost model {@code T = w + h·g + l} for one machine and processor count.
 *
 * <p>Units, everywhere in this package: times ({@code T}, {@code w}, {@code l}) in <b>nanoseconds</b> of
 * measured wall-clock time; {@code h} is the h-relation in <b>words</b> of 8 bytes (a {@code long} message is
 * one word, a (key, value) pair two, an object reference one: {@link io.ticktickclock.SuperstepStats#hWords()});
 * {@code g} in nanoseconds per word.
 *
 * @param processors the processor count the parameters hold for
 * @param gNanosPerWord g: the cost of one word of an h-relation
 * @param lNanos l: the cost of a barrier (an empty superstep)
 */
public record BspParameters(int processors, double gNanosPerWord, double lNanos) {

    public BspParameters {
        if (processors < 1) {
            throw new IllegalArgumentException("processors must be >= 1, got " + processors);
        }
        if (!(gNanosPerWord >= 0) || !Double.isFinite(gNanosPerWord)) {
            throw new IllegalArgumentException("g must be a finite number >= 0, got " + gNanosPerWord);
        }
        if (!(lNanos >= 0) || !Double.isFinite(lNanos)) {
            throw new IllegalArgumentException("l must be a finite number >= 0, got " + lNanos);
        }
    }

    /** The predicted time of a superstep: {@code w + h·g + l}, in nanoseconds. */
    public double predict(double wNanos, long hWords) {
        return wNanos + hWords * gNanosPerWord + lNanos;
    }
}
