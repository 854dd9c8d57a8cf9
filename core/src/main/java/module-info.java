/**
 * TickTickClock core: the Bulk Synchronous Parallel programming model, its local runtime, and telemetry.
 *
 * <p>{@code io.ticktickclock} is the programming model and the runtime; {@code io.ticktickclock.telemetry}
 * the events, handlers, logging and JDK Flight Recorder support; {@code io.ticktickclock.graph} vertex
 * programs over partitioned graphs. Everything under
 * {@code io.ticktickclock.internal} is implementation and may change without notice.
 */
module io.ticktickclock.core {
    requires static jdk.jfr;

    exports io.ticktickclock;
    exports io.ticktickclock.telemetry;
    exports io.ticktickclock.cost;
    exports io.ticktickclock.graph;
    // The engine seam (Transport, ObjectCodec, LocalRun's worker parts) for the cluster runtime only.
    exports io.ticktickclock.internal to io.ticktickclock.cluster;
    exports io.ticktickclock.internal.wire to io.ticktickclock.cluster;
}
