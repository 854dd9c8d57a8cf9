package io.ticktickclock;

/**
 * Thrown inside a processor to unwind it when the run is stopped for a reason outside it: another processor
 * failed, the processors disagreed on the shape of a superstep, or the caller was interrupted.
 *
 * <p>It is an {@link Error} so that {@code catch (Exception e)} in user code does not swallow it. Programs
 * should let it propagate; if one catches it and calls {@link BspContext#sync()} again, it is thrown again.
 * The caller of the run never sees it: it gets the {@link BspException} that names the original cause.
 */
public final class BspAbortedError extends Error {
    private static final long serialVersionUID = 1L;

    /** Creates the signal; it has no stack trace, since it says nothing about where it was thrown. */
    public BspAbortedError() {
        super("BSP run aborted", null, false, false);
    }
}
