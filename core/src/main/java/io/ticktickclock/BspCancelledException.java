package io.ticktickclock;

/**
 * The thread that started a run was interrupted, so the run was cancelled: every processor was interrupted
 * and unwound, and all runtime threads have ended. The caller's interrupt status is set again when this
 * exception is thrown, so code further up still sees the interrupt.
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
        super("BSP run cancelled: the calling thread was interrupted (superstep " + superstep + " '"
                + superstepName + "')", -1, superstep, superstepName, null);
    }
}
