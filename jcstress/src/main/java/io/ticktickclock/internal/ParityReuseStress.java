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
 * The double-buffered exchange over three supersteps: the sender writes parity 0, then parity 1, then
 * clears and rewrites parity 0, while the receiver reads parity 0, then parity 1, between barriers. The
 * receiver must see each superstep's message and never the next superstep's write into a buffer it is
 * reading (the sender only rewrites a parity two barriers after writing it). The barrier also reduces
 * votes: the receiver votes false in the last round, so both must see the AND as false.
 */
@JCStressTest
@Outcome(id = "1, 2, 0, 0", expect = ACCEPTABLE, desc = "each superstep sees its own message; both see the AND as false")
@Outcome(expect = FORBIDDEN, desc = "a message lost, seen early, or overwritten while being read")
@State
public class ParityReuseStress {

    private final Barrier barrier = new Barrier(2, WaitStrategy.busySpin(), (slots, generation) -> {});
    private final Channel[] parity = {new Channel(0), new Channel(0)};
    @Actor
    public void sender(IIII_Result r) {
        parity[0].addLong(1);
        barrier.await(0, 1, true);
        parity[1].addLong(2);
        barrier.await(0, 1, true);
        parity[0].clear();
        parity[0].addLong(3);
        r.r4 = barrier.await(0, 1, true) & 1;
    }

    @Actor
    public void receiver(IIII_Result r) {
        barrier.await(1, 1, true);
        long first = parity[0].longCount == 1 ? parity[0].longs[0] : -1;
        barrier.await(1, 1, true);
        long second = parity[1].longCount == 1 ? parity[1].longs[0] : -1;
        int decision = barrier.await(1, 1, false) & 1;
        r.r1 = (int) first;
        r.r2 = (int) second;
        r.r3 = decision;
    }
}
