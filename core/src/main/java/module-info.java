/**
 * TickTickClock core: the Bulk Synchronous Parallel programming model and its local runtime.
 *
 * <p>Only {@code io.ticktickclock} is exported; everything under {@code io.ticktickclock.internal} is
 * implementation and may change without notice.
 */
module io.ticktickclock.core {
    exports io.ticktickclock;
}
