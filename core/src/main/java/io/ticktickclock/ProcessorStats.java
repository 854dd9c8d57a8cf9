package io.ticktickclock;

/**
 * What one processor did in one superstep, as measured by the runtime itself.
 *
 * <p>Times are wall-clock nanoseconds from {@link System#nanoTime()}. A <em>word</em> is 8 bytes: a
 * {@code long} message is one word, a (key, value) pair two, an object message one (its reference; a cluster
 * backend counts its serialized size). Messages are counted as they cross the barrier, after sender-side
 * combining. {@code messagesReceived} counts the messages sent <em>to</em> this processor in this
 * superstep, which it reads in the next one (they are what this superstep's barrier delivers).
 *
 * @param processor the processor id
 * @param computeNanos time from the start of the superstep to the communicate step (in SPMD programs: to
 *     {@code sync()}, sends included)
 * @param communicateNanos time spent in the communicate step (superstep programs only; 0 in SPMD)
 * @param barrierNanos time spent waiting at the barrier for the other processors
 * @param messagesSent messages sent by this processor
 * @param wordsSent words sent by this processor
 * @param messagesReceived messages sent to this processor
 * @param wordsReceived words sent to this processor
 * @param inboxMessages messages in this processor's inboxes during this superstep (sent to it in the
 *     previous one)
 */
public record ProcessorStats(
        int processor,
        long computeNanos,
        long communicateNanos,
        long barrierNanos,
        long messagesSent,
        long wordsSent,
        long messagesReceived,
        long wordsReceived,
        long inboxMessages) {

    /** Compute, communicate and barrier time together: this processor's view of the superstep's length. */
    public long totalNanos() {
        return computeNanos + communicateNanos + barrierNanos;
    }
}
