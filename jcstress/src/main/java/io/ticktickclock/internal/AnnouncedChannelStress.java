package io.ticktickclock.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.ticktickclock.WaitStrategy;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Channels created on first send reach their destination: processors 0 and 1 each create their channel to
 * processor 0 at the same time (two pushes on one stack) and write a message into it with plain writes, then
 * both arrive at the barrier; processor 0 then takes the announced channels. It must find both, in source
 * order, each with its message.
 */
@JCStressTest
@Outcome(id = "2, 10, 11", expect = ACCEPTABLE, desc = "both channels found, in source order, with their messages")
@Outcome(expect = FORBIDDEN, desc = "a channel lost, out of order, or its message not visible")
@State
public class AnnouncedChannelStress {

    private final AtomicReferenceArray<Channel> announced = new AtomicReferenceArray<>(4);
    private final Barrier barrier = new Barrier(2, WaitStrategy.busySpin(), (slots, generation) -> {});
    private final Outbox from0 = new Outbox(0, 0, 2, announced);
    private final Outbox from1 = new Outbox(1, 0, 2, announced);

    @Actor
    public void processor0(III_Result r) {
        from0.channel(0).addLong(10);
        barrier.await(0, 1, true);
        InboxViews.Sources sources = new InboxViews.Sources();
        sources.admit(Outbox.takeAnnounced(announced, 0, 0));
        Channel[] c = sources.channels;
        r.r1 = sources.count;
        r.r2 = sources.count == 2 && c[0].longCount == 1 ? (int) c[0].longs[0] : -1;
        r.r3 = sources.count == 2 && c[1].longCount == 1 ? (int) c[1].longs[0] : -1;
    }

    @Actor
    public void processor1() {
        from1.channel(0).addLong(11);
        barrier.await(1, 1, true);
    }
}
