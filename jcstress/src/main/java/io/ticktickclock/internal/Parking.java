package io.ticktickclock.internal;

import io.ticktickclock.WaitStrategy;
import java.util.concurrent.TimeUnit;

/** Wait strategies for the stress tests of the barrier's parking path. */
final class Parking {
    private Parking() {}

    /**
     * Twice as long as JCStress waits for a party to return (30 s): a party whose wake-up is lost is still
     * parked when JCStress looks (STALE, or a timed-out round) whether the barrier parks for the time asked
     * or until it is released, and with the former a lost wake-up in JCStress' untimed sanity run of each
     * test costs a minute, not a hang.
     */
    static final long LONG_PARK_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** Parks at the first idle call, for {@link #LONG_PARK_NANOS}. */
    static final WaitStrategy PARK_AT_ONCE = attempt -> LONG_PARK_NANOS;
}
