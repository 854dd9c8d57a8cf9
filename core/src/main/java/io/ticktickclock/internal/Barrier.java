package io.ticktickclock.internal;

import io.ticktickclock.BspAbortedError;
import io.ticktickclock.WaitStrategy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A reusable barrier for a fixed set of parties that also reduces what the parties bring to it.
 *
 * <p>Implementation overview. Each arrival writes its {@link Slot} (why it arrived, its convergence vote),
 * reads the current generation, then increments the arrival counter. The increment is a release/acquire
 * read-modify-write on one variable, so the party that brings the counter to {@code parties} sees every
 * other party's slot and every write those parties made before arriving. That last party resets the
 * counter, runs the {@link Action} (checks and reductions, in processor order, hence deterministic), writes
 * the result, and publishes it with a volatile write of the next generation; waiters spin on that volatile,
 * so everything the last party saw happens-before their return. Waiters that the {@link WaitStrategy}
 * parks first announce it through {@code parkedCount} and their slot (Dekker-style: each side writes, then
 * reads the other side's variable), so the releaser unparks exactly the parked ones and skips the scan when
 * nobody parked.
 */
final class Barrier {

    /** What the last arriving party does before the barrier opens. Runs on that party's thread. */
    interface Action {
        void complete(Slot[] slots);
    }

    /** One party's arrival record. Padded: each is written by its own thread. */
    static final class Slot extends SlotFields {
        @SuppressWarnings("unused")
        private long p10, p11, p12, p13, p14, p15, p16, p17;
    }

    abstract static class SlotPad {
        @SuppressWarnings("unused")
        private long p00, p01, p02, p03, p04, p05, p06, p07;
    }

    abstract static class SlotFields extends SlotPad {
        int kind;
        boolean vote;
        volatile boolean parked;
        volatile Thread thread;
    }

    /** The generation, alone on its cache lines: every waiter spins on it. */
    static final class Generation extends GenerationField {
        @SuppressWarnings("unused")
        private long p10, p11, p12, p13, p14, p15, p16, p17;
    }

    abstract static class GenerationField extends SlotPad {
        volatile int value;
    }

    private final int parties;
    private final WaitStrategy waitStrategy;
    private final Action action;
    private final Slot[] slots;
    private final AtomicInteger arrived = new AtomicInteger();
    private final Generation generation = new Generation();
    private final AtomicInteger parkedCount = new AtomicInteger();
    private volatile boolean aborted;
    private boolean decision;

    private static final BspAbortedError ABORTED = new BspAbortedError();

    Barrier(int parties, WaitStrategy waitStrategy, Action action) {
        this.parties = parties;
        this.waitStrategy = waitStrategy;
        this.action = action;
        this.slots = new Slot[parties];
        for (int i = 0; i < parties; i++) {
            slots[i] = new Slot();
        }
    }

    /** Registers the thread of party {@code id}, so it can be unparked. Call from that thread first. */
    void register(int id) {
        slots[id].thread = Thread.currentThread();
    }

    /**
     * Arrives and waits for the other parties.
     *
     * @return bit 0: the AND of all votes; bit 1: set for the party that arrived last
     * @throws BspAbortedError if the barrier was aborted before or while waiting
     */
    int await(int id, int kind, boolean vote) {
        if (aborted) {
            throw ABORTED;
        }
        Slot mine = slots[id];
        mine.kind = kind;
        mine.vote = vote;
        Generation gen = generation;
        int current = gen.value;
        if (arrived.incrementAndGet() == parties) {
            arrived.setPlain(0);
            boolean all = true;
            for (Slot s : slots) {
                all &= s.vote;
            }
            decision = all;
            action.complete(slots);
            gen.value = current + 1;
            if (parkedCount.get() > 0) {
                for (Slot s : slots) {
                    if (s.parked) {
                        LockSupport.unpark(s.thread);
                    }
                }
            }
            if (aborted) {
                throw ABORTED;
            }
            return (all ? 1 : 0) | 2;
        }
        int attempt = 0;
        while (gen.value == current) {
            if (aborted) {
                throw ABORTED;
            }
            long park = waitStrategy.idle(attempt);
            if (attempt < Integer.MAX_VALUE) {
                attempt++;
            }
            if (park > 0) {
                mine.parked = true;
                parkedCount.incrementAndGet();
                if (gen.value == current && !aborted) {
                    LockSupport.parkNanos(this, park);
                }
                parkedCount.decrementAndGet();
                mine.parked = false;
            }
        }
        if (aborted) {
            throw ABORTED;
        }
        return decision ? 1 : 0;
    }

    /** Opens the barrier for good: every waiting and arriving party throws {@link BspAbortedError}. */
    void abort() {
        aborted = true;
        for (Slot s : slots) {
            Thread t = s.thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    boolean isAborted() {
        return aborted;
    }
}
