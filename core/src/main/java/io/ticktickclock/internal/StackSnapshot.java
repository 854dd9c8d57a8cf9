package io.ticktickclock.internal;

/**
 * Where a processor thread was when the run gave up on it: its stack trace, attached as a suppressed
 * exception of the run's failure. Not an exception that happened; only a carrier for the trace.
 */
final class StackSnapshot extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StackSnapshot(String message, StackTraceElement[] stack) {
        super(message, null, false, true);
        setStackTrace(stack);
    }
}
