package io.ticktickclock.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.ticktickclock.WaitStrategy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Parked parties are woken without a timer: two parties that park at once pass two barriers. When party 1
 * opens the barrier it wakes slot 0, the root of the wake-up tree; when party 0 opens it, it wakes its
 * child, slot 1. A lost wake-up leaves a party parked forever, which JCStress reports as a test that did not
 * finish. Both parties must also see both rounds' decisions (the second round's AND is false).
 */
@JCStressTest
@Outcome(id = "2, 2", expect = ACCEPTABLE, desc = "both parties passed both barriers and saw both decisions")
@Outcome(expect = FORBIDDEN, desc = "a party saw a wrong decision")
@State
public class ParkedWakeStress {

    private final Barrier barrier = new Barrier(2, WaitStrategy.parking(), (slots, generation) -> {});

    private int twoRounds(int id) {
        barrier.register(id);
        int first = barrier.await(id, 1, true) & 1;
        int second = barrier.await(id, 1, id == 0) & 1;
        return first + (1 - second);
    }

    @Actor
    public void party0(II_Result r) {
        r.r1 = twoRounds(0);
    }

    @Actor
    public void party1(II_Result r) {
        r.r2 = twoRounds(1);
    }
}
