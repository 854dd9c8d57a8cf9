package io.ticktickclock;

/**
 * A BSP run failed. The message names the processor, the superstep number and name; the cause is the
 * original exception thrown by the processor (if any).
 *
 * <p>When a processor throws, the runtime stops the whole run: the other processors are released from the
 * barrier and unwound, every runtime thread has ended before this exception reaches the caller (except a
 * processor that ignores interrupts and never reaches a barrier: it is named in a suppressed exception,
 * see {@link BspRuntime}), and no result is returned. Only the first failure is reported; later ones are added as suppressed exceptions.
 */
public class BspException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Where the failure happened. */
    public enum Phase {
        /** In a processor's computation: an SPMD program, an initializer or a compute step. */
        COMPUTE,
        /** In a superstep program's communicate step. */
        COMMUNICATE,
        /** Not in one processor's code: mismatched supersteps or collectives, cancellation. */
        RUNTIME
    }

    private final int processor;
    private final int superstep;
    private final String superstepName;
    private final Phase phase;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param processor the processor that failed, or -1 if the failure is not a single processor's
     * @param superstep the superstep in which it failed
     * @param superstepName that superstep's name
     * @param cause the original exception, or null
     */
    public BspException(String message, int processor, int superstep, String superstepName, Throwable cause) {
        this(message, processor, superstep, superstepName, processor < 0 ? Phase.RUNTIME : Phase.COMPUTE, cause);
    }

    /**
     * Creates the exception with the phase in which it happened.
     *
     * @param message what went wrong
     * @param processor the processor that failed, or -1 if the failure is not a single processor's
     * @param superstep the superstep in which it failed
     * @param superstepName that superstep's name
     * @param phase where it happened
     * @param cause the original exception, or null
     */
    public BspException(String message, int processor, int superstep, String superstepName, Phase phase,
            Throwable cause) {
        super(message, cause);
        this.processor = processor;
        this.superstep = superstep;
        this.superstepName = superstepName;
        this.phase = java.util.Objects.requireNonNull(phase, "phase must not be null");
    }

    /** Where the failure happened: a compute step, a communicate step, or the runtime itself. */
    public Phase phase() {
        return phase;
    }

    /** The processor that failed, or -1 if the failure is not one processor's (the caller was interrupted). */
    public int processor() {
        return processor;
    }

    /** The superstep in which the failure happened. */
    public int superstep() {
        return superstep;
    }

    /** The name of that superstep. */
    public String superstepName() {
        return superstepName;
    }
}
