package io.ticktickclock.internal;

import io.ticktickclock.BspAbortedError;
import io.ticktickclock.ReduceOp;
import io.ticktickclock.WaitStrategy;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A reusable barrier for a fixed set of parties that also reduces what the parties bring to it.
 *
 * <p>Implementation overview. The whole barrier state is one 64-bit word on its own cache lines:
 * the generation (high 32 bits), the AND of the votes of the last opening (bit 31) and the number of
 * parties that have arrived (low 31 bits). A party writes its {@link Slot} (why it arrived, its vote), then
 * increments the word. The increment is a release/acquire read-modify-write, so the party that brings the
 * count to {@code parties} sees every other party's slot and every write those parties made before
 * arriving. That last party runs the {@link Action} (checks and reductions, in processor order, hence
 * deterministic), then opens the barrier with one volatile write of the next generation, the decision and
 * a zero count; waiters spin on that same word, so everything the last party saw happens-before their
 * return, and an arrival costs one cache-line transfer, like {@link java.util.concurrent.Phaser}.
 *
 * <p>Waiters that the {@link WaitStrategy} parks first announce it through {@code parkedCount} and their
 * slot (Dekker-style: each side writes, then reads the other side's variable, all volatile), then park with
 * no timer until the barrier opens or aborts: a waiter never wakes only to find the barrier still closed.
 * Released parties wake each other in a tree of fan-out {@link #FAN_OUT} over the slots: the opener wakes
 * slot 0, and every party, once released (woken, or seeing the open barrier while spinning), wakes its
 * children that parked. So the opener does a bounded number of unparks, the wake-ups run in parallel on
 * the cores that the woken parties bring, and when nobody parked (the spinning case) nobody scans a slot.
 */
final class Barrier {

    /** What the last arriving party does before the barrier opens. Runs on that party's thread. */
    interface Action {
        /** @param generation how many times the barrier opened before: the superstep that is ending */
        void complete(Slot[] slots, int generation);
    }

    /** Fields of a cache line of their own: padding before (this class) and after (subclasses). */
    abstract static class PadBefore {
        @SuppressWarnings("unused")
        private long p00, p01, p02, p03, p04, p05, p06, p07;
    }

    abstract static class SlotFields extends PadBefore {
        int kind;
        boolean vote;
        // A collective's descriptor (compared across processors) and its payload, one half per parity.
        int root;
        long shape;
        ReduceOp op;
        Object payload0;
        Object payload1;
        long bits0;
        long bits1;
        /**
         * Written only on a worker of a distributed run: the parity of the channels this processor filled, and
         * (for another worker's processor, filled in by the exchange) the name of the superstep it ends.
         */
        int parity;
        String name;
        volatile boolean parked;
        volatile Thread thread;
    }

    /** One party's arrival record, written by its own thread. */
    static final class Slot extends SlotFields {
        @SuppressWarnings("unused")
        private long p10, p11, p12, p13, p14, p15, p16, p17;
    }

    abstract static class StateField extends PadBefore {
        volatile long state;
    }

    /** The barrier word, alone on its cache lines: every party increments it and waiters spin on it. */
    static final class State extends StateField {
        @SuppressWarnings("unused")
        private long p10, p11, p12, p13, p14, p15, p16, p17;
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(StateField.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final long DECISION = 1L << 31;
    private static final long COUNT = DECISION - 1;
    private static final BspAbortedError ABORTED = new BspAbortedError();
    /** Children per party in the wake-up tree: its depth is log4(parties), 5 levels for 1,000 parties. */
    static final int FAN_OUT = 4;

    private final int parties;
    /** The id of the first party: parties are {@code [first, first + parties)} among {@code slots}. */
    private final int first;
    private final WaitStrategy waitStrategy;
    private final Action action;
    private final Slot[] slots;
    private final State word = new State();
    private final AtomicInteger parkedCount = new AtomicInteger();
    private volatile boolean aborted;

    Barrier(int parties, WaitStrategy waitStrategy, Action action) {
        this(parties, 0, parties, waitStrategy, action);
    }

    /**
     * A barrier for parties {@code [first, first + parties)} of {@code total} processors. The slots of the
     * others (processors of other workers) are filled in by the action, before the votes are counted.
     */
    Barrier(int parties, int first, int total, WaitStrategy waitStrategy, Action action) {
        this.parties = parties;
        this.first = first;
        this.waitStrategy = waitStrategy;
        this.action = action;
        this.slots = new Slot[total];
        for (int i = 0; i < total; i++) {
            slots[i] = new Slot();
        }
    }

    /** Every processor's slot, by processor id (collectives read each other's payloads through them). */
    Slot[] slots() {
        return slots;
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
        // Write only what changed: an unchanged slot's cache line stays shared with the last arriver.
        if (mine.kind != kind) {
            mine.kind = kind;
        }
        if (mine.vote != vote) {
            mine.vote = vote;
        }
        State w = word;
        long before = (long) STATE.getAndAdd(w, 1L);
        // The arrival cannot be taken back: anything thrown from here on (by the action, or by a user's
        // wait strategy) must abort the barrier, or the others would wait for this party forever.
        try {
            return arrived(w, mine, id, before);
        } catch (BspAbortedError e) {
            throw e;
        } catch (Throwable t) {
            abort();
            throw t;
        }
    }

    private int arrived(State w, Slot mine, int id, long before) {
        int generation = (int) (before >>> 32);
        if ((before & COUNT) + 1 == parties) {
            action.complete(slots, generation);
            boolean all = true;
            for (Slot s : slots) {
                all &= s.vote;
            }
            w.state = ((long) (generation + 1) << 32) | (all ? DECISION : 0);
            if (parkedCount.get() > 0) {
                wake(0, 1);
                wakeChildren(id - first);
            }
            if (aborted) {
                throw ABORTED;
            }
            return (all ? 1 : 0) | 2;
        }
        int attempt = 0;
        boolean interrupted = false;
        long now;
        while ((int) ((now = w.state) >>> 32) == generation) {
            if (aborted) {
                break;
            }
            boolean park = waitStrategy.idle(attempt);
            if (attempt < Integer.MAX_VALUE) {
                attempt++;
            }
            if (park) {
                mine.parked = true;
                parkedCount.incrementAndGet();
                while ((int) (w.state >>> 32) == generation && !aborted) {
                    // A pending interrupt would make every park return at once: set it aside while waiting
                    // (aborts are seen through the flag, not through interrupts) and restore it afterwards.
                    interrupted |= Thread.interrupted();
                    LockSupport.park(this);
                }
                parkedCount.decrementAndGet();
                mine.parked = false;
            }
        }
        // Read after seeing the barrier open: a child that parked in this generation counted itself first.
        if (parkedCount.get() > 0) {
            wakeChildren(id - first);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (aborted) {
            throw ABORTED;
        }
        return (now & DECISION) != 0 ? 1 : 0;
    }

    /** Wakes the children of party {@code index} (counted from the first party) in the wake-up tree. */
    private void wakeChildren(int index) {
        long child = (long) index * FAN_OUT + 1;
        if (child < parties) {
            wake((int) child, (int) Math.min(FAN_OUT, parties - child));
        }
    }

    /** Unparks the parked parties among parties [from, from + count) (counted from the first party). */
    private void wake(int from, int count) {
        for (int i = from; i < from + count; i++) {
            Slot s = slots[first + i];
            if (s.parked) {
                LockSupport.unpark(s.thread);
            }
        }
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

    /** How many times the barrier has opened (a volatile read). */
    int generation() {
        return (int) (word.state >>> 32);
    }
}
