package io.ticktickclock.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.ticktickclock.BspAbortedError;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * An abort wakes a parked party and fails its await: the actor is party 0 of a two-party barrier and parks
 * at once (for longer than JCStress waits); the signal aborts the barrier instead of arriving. The actor
 * must throw {@link BspAbortedError}, whether the abort comes before it arrives, while it is about to park
 * or while it is parked.
 *
 * <p>Forbidden: {@code STALE}, the parked party missed the abort and stayed parked; {@code ERROR}, its
 * await returned normally, as if a barrier that only one of two parties reached had opened.
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the waiting party saw the abort (BspAbortedError)")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "the waiting party missed the abort and stayed parked")
@Outcome(expect = FORBIDDEN, desc = "the await returned normally: the barrier opened with one of two parties")
@State
public class AbortWakeupStress {

    private final Barrier barrier = new Barrier(2, Parking.PARK_AT_ONCE, (slots, generation) -> {});

    @Actor
    public void waiter() {
        barrier.register(0);
        try {
            barrier.await(0, 1, true);
        } catch (BspAbortedError expected) {
            return;
        }
        throw new IllegalStateException("the barrier opened with one of its two parties");
    }

    @Signal
    public void abort() {
        barrier.abort();
    }
}
