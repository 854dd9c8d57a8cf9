package io.ticktickclock.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.ticktickclock.BspAbortedError;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * An abort racing a party that is arriving and parking: party 0 of a two-party barrier arrives and parks
 * at once while the other actor aborts the barrier instead of arriving, at any point of party 0's arrival
 * (before it, between its announcing that it parks and parking, while parked).
 *
 * <p>Acceptable: party 0's await throws {@link BspAbortedError}. Forbidden: it returns normally, as if a
 * barrier that only one of its two parties reached had opened. A party that misses the abort stays parked
 * (for longer than JCStress waits), which JCStress reports as a timeout: the test fails either way.
 */
@JCStressTest
@Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "the waiting party saw the abort")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "the await returned normally: the barrier opened with one party")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class AbortWhileWaitingStress {

    private final Barrier barrier = new Barrier(2, Parking.PARK_AT_ONCE, (slots, generation) -> {});

    @Actor
    public void waiter(II_Result r) {
        barrier.register(0);
        try {
            barrier.await(0, 1, true);
            r.r1 = 1;
        } catch (BspAbortedError expected) {
            r.r1 = 2;
        }
    }

    @Actor
    public void aborter(II_Result r) {
        barrier.abort();
        r.r2 = barrier.isAborted() ? 1 : 0;
    }
}
