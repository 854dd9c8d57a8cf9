package io.ticktickclock.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * The barrier's park/unpark path under races: both parties park as soon as they wait, so the first to
 * arrive parks while the second opens the barrier, often in the window between the waiter announcing that
 * it parks and parking. Each party writes a value with a plain write before the barrier and reads the
 * other's after it, and records what {@code await} returned (bit 0: the AND of the votes, bit 1: arrived
 * last).
 *
 * <p>Acceptable: both values seen, both votes ANDed to true, exactly one party last. Forbidden: a value
 * written before the barrier not seen after it, a wrong decision, no party or both parties last. A lost
 * wake-up leaves the first party parked (for longer than JCStress waits), which JCStress reports as a
 * timeout: the test fails either way.
 */
@JCStressTest
@Outcome(id = "42, 43, 1, 3", expect = ACCEPTABLE, desc = "party 0 waited (parked), party 1 arrived last")
@Outcome(id = "42, 43, 3, 1", expect = ACCEPTABLE, desc = "party 1 waited (parked), party 0 arrived last")
@Outcome(expect = FORBIDDEN, desc = "a write before the barrier unseen after it, a wrong decision or last party")
@State
public class ParkingExchangeStress {

    private final Barrier barrier = new Barrier(2, Parking.PARK_AT_ONCE, (slots, generation) -> {});
    private int fromZero;
    private int fromOne;

    @Actor
    public void party0(IIII_Result r) {
        barrier.register(0);
        fromZero = 43;
        r.r3 = barrier.await(0, 1, true);
        r.r1 = fromOne;
    }

    @Actor
    public void party1(IIII_Result r) {
        barrier.register(1);
        fromOne = 42;
        r.r4 = barrier.await(1, 1, true);
        r.r2 = fromZero;
    }
}
