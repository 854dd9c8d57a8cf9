package io.ticktickclock.internal;

import io.ticktickclock.WaitStrategy;
import java.util.concurrent.TimeUnit;

/** Wait strategies for the stress tests of the barrier's parking path. */
final class Parking {
    private Parking() {}

    /**
     * Parks at the first idle call, for longer than JCStress waits for a test to finish (30 s), so a party
     * whose wake-up is lost stays parked and shows as a hang (STALE, or a timeout) rather than returning late
     * whether the barrier parks for the time asked or until it is released.
     */
    static final long LONG_PARK_NANOS = TimeUnit.MINUTES.toNanos(10);

    static final WaitStrategy PARK_AT_ONCE = attempt -> LONG_PARK_NANOS;
}
