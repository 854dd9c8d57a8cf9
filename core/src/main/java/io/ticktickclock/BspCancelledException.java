package io.ticktickclock;

/**
 * The run was cancelled, because the thread that started it was interrupted or through its {@link BspRun}
 * handle: every processor was interrupted and unwound, and all runtime threads have ended. When the caller
 * of {@code run} was interrupted, its interrupt status is set again when this exception is thrown, so code
 * further up still sees the interrupt.
 */
public final class BspCancelledException extends BspException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param superstep the superstep the processors had reached
     * @param superstepName its name
     */
    public BspCancelledException(int superstep, String superstepName) {
        this(superstep, superstepName, "the calling thread was interrupted");
    }

    /**
     * Creates the exception with the reason for the cancellation.
     *
     * @param superstep the superstep the processors had reached
     * @param superstepName its name
     * @param reason why the run was cancelled, e.g. "cancelled through its BspRun handle"
     */
    public BspCancelledException(int superstep, String superstepName, String reason) {
        super("BSP run cancelled: " + reason + " (superstep " + superstep + " '" + superstepName + "')", -1,
                superstep, superstepName, null);
    }
}
