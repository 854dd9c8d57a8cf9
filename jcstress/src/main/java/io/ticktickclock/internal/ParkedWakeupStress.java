package io.ticktickclock.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * No lost wake-up: a party parked at the barrier returns when the last party arrives. The actor is party 0
 * of a two-party barrier and parks at once (until released); the signal is party 1's
 * arrival, which opens the barrier and must unpark it, whether the actor has parked already, is about to
 * park, or has not arrived yet (then the signal's thread yields instead of parking, so that a lost wake-up can only strand the
 * actor, where JCStress sees it).
 *
 * <p>Forbidden: {@code STALE}, the barrier opened but the parked party never returned (a lost wake-up);
 * {@code ERROR}, the await threw.
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the parked party returned when the barrier opened")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "lost wake-up: the barrier opened, the parked party stayed parked")
@Outcome(expect = FORBIDDEN, desc = "the await threw")
@State
public class ParkedWakeupStress {

    private volatile Thread waiter;
    private final Barrier barrier = new Barrier(2, attempt -> {
        if (Thread.currentThread() == waiter) {
            return true;
        }
        Thread.yield();
        return false;
    }, (slots, generation) -> {});

    @Actor
    public void waiter() {
        waiter = Thread.currentThread();
        barrier.register(0);
        barrier.await(0, 1, true);
    }

    @Signal
    public void lastArrival() {
        barrier.register(1);
        barrier.await(1, 1, true);
    }
}
