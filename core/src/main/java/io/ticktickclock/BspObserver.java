package io.ticktickclock;

/**
 * Receives a run's progress: the hook that telemetry, progress printing and reports build on. Every call
 * names its run ({@link RunInfo}: an id, the program, the engine), so one observer can keep several runs
 * apart, even two runs of one program at the same time.
 *
 * <p>Calls for one run are made one at a time, in order ({@code runStarted}, then {@code superstepCompleted}
 * for each superstep in order, then {@code runCompleted} or {@code runFailed}), each <em>happening-before</em>
 * the next (the exceptions are {@code superstepSlow} and {@code seriesReported}, see there), but from
 * different threads: {@code superstepCompleted(s)} runs on the processor thread that
 * arrived last at the barrier ending superstep {@code s + 1} (or on the caller for the last superstep), after
 * that barrier has released the others. A slow observer delays that processor, and through the next barrier
 * the whole run: keep it short, or hand the statistics to another thread. One observer may see
 * several runs at once if the runtime is shared, so implementations must be thread-safe across runs.
 *
 * <p>An observer that throws is detached from the run and the exception is logged once
 * ({@link System.Logger}, logger {@code io.ticktickclock}); the run itself goes on.
 */
public interface BspObserver {

    /**
     * Whether this observer wants the run that is about to start; asked once per run. An observer with
     * nothing to do returns false, and the run then costs nothing more than one without an observer.
     */
    default boolean enabled() {
        return true;
    }

    /** The run is about to start its {@code processors} processors. */
    default void runStarted(RunInfo run, int processors) {}

    /** A superstep has ended on every processor; {@code stats} is complete. */
    default void superstepCompleted(RunInfo run, SuperstepStats stats) {}

    /**
     * A superstep has been running longer than the runtime's
     * {@link BspRuntime.Builder#slowSuperstepThreshold(java.time.Duration) slow-superstep threshold}; called at
     * most once per superstep, while it still runs, from the thread that started the run. It may come before
     * the {@code superstepCompleted} call of the previous superstep (whose statistics are delivered at the
     * end of this one), but never at the same time as another call for the run.
     *
     * @param superstep the superstep that is slow
     * @param elapsedNanos how long it has been running (since the previous barrier opened)
     * @param lateProcessors the processors that have not reached its barrier yet (the stragglers), in order
     */
    default void superstepSlow(RunInfo run, int superstep, long elapsedNanos, java.util.List<Integer> lateProcessors) {}

    /**
     * A processor reported a value of a program-specific series ({@link BspContext#report}); called on that
     * processor's thread, at once, so it comes before the {@code superstepCompleted} call of its superstep
     * (and may come before that of the previous one), but never at the same time as another call for the run.
     *
     * @param processor the processor that reported
     * @param superstep the superstep it reported in
     * @param series the series' name
     * @param value the value, as reported (it may be NaN or infinite)
     */
    default void seriesReported(RunInfo run, int processor, int superstep, String series, double value) {}

    /**
     * A checkpoint of the run is on disk (in its {@link CheckpointStore}, whole): called from the thread that
     * wrote it, which is not a processor thread (checkpoints are written while the run goes on), but never at
     * the same time as another call for the run, and always before the run's {@code runCompleted}.
     *
     * @param superstep the superstep a resumed run starts from (the checkpoint was taken at the barrier that
     *     starts it)
     * @param bytes the encoded size of its parts
     * @param nanos how long saving it took, from the moment every processor had encoded its part until it was
     *     durable in the store
     */
    default void checkpointWritten(RunInfo run, int superstep, long bytes, long nanos) {}

    /**
     * The run resumes from the checkpoint of {@code superstep}: called once, after {@code runStarted}, before
     * any superstep completes.
     */
    default void runResumed(RunInfo run, int superstep) {}

    /** The run ended normally. */
    default void runCompleted(RunInfo run, BspResult<?> result) {}

    /** The run failed or was cancelled; {@code failure} is what the caller gets. */
    default void runFailed(RunInfo run, BspException failure) {}

    /**
     * A worker of a cluster run died or left while the run went on; the run recovers
     * ({@link #recoveryStarted}) unless it has no recovery left, and then fails ({@link #runFailed}).
     *
     * @param worker the worker lost, with the processors it ran
     * @param superstep the first superstep whose statistics had not been delivered when it was lost
     */
    default void workerLost(RunInfo run, RunInfo.Worker worker, int superstep) {}

    /**
     * A cluster run starts again from a checkpoint after losing a worker: every processor rolls back to the
     * barrier of {@code fromSuperstep} (0: the run starts over) on {@code workers}. Supersteps already
     * delivered to {@link #superstepCompleted} are not delivered again.
     */
    default void recoveryStarted(RunInfo run, int fromSuperstep, java.util.List<RunInfo.Worker> workers) {}

    /**
     * A recovering cluster run is back where it was when it lost a worker: it finished the last superstep it had
     * finished before; {@code lostNanos} is the time from the loss to now.
     */
    default void recoveryCompleted(RunInfo run, int superstep, long lostNanos) {}
}
