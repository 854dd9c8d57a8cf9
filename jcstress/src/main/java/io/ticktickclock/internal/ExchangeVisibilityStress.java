package io.ticktickclock.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.ticktickclock.WaitStrategy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Messages written before the barrier are seen, whole, after it: each of two processors writes a
 * {@code long} and an object into its channel to the other with plain writes, arrives at the barrier, and
 * then reads the channel addressed to it. Forbidden: any outcome where a processor, after the barrier, sees
 * a missing message (count 0) or a stale or partly written value.
 */
@JCStressTest
@Outcome(id = "1, 42, 1, 43", expect = ACCEPTABLE, desc = "both messages delivered after the barrier")
@Outcome(expect = FORBIDDEN, desc = "a message written before the barrier is not visible after it")
@State
public class ExchangeVisibilityStress {

    private final Barrier barrier = new Barrier(2, WaitStrategy.busySpin(), (slots, generation) -> {});
    private final Channel zeroToOne = new Channel(0);
    private final Channel oneToZero = new Channel(1);

    @Actor
    public void processor0(IIII_Result r) {
        zeroToOne.addLong(43);
        zeroToOne.addObject("43");
        barrier.await(0, 1, true);
        r.r1 = oneToZero.longCount;
        r.r2 = oneToZero.longCount == 1 && "42".equals(oneToZero.objects[0]) ? (int) oneToZero.longs[0] : -1;
    }

    @Actor
    public void processor1(IIII_Result r) {
        oneToZero.addLong(42);
        oneToZero.addObject("42");
        barrier.await(1, 1, true);
        r.r3 = zeroToOne.longCount;
        r.r4 = zeroToOne.longCount == 1 && "43".equals(zeroToOne.objects[0]) ? (int) zeroToOne.longs[0] : -1;
    }
}
