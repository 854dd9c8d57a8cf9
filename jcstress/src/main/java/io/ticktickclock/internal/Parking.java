package io.ticktickclock.internal;

import io.ticktickclock.WaitStrategy;

/** Wait strategies for the stress tests of the barrier's parking path. */
final class Parking {
    private Parking() {}

    /**
     * Parks at the first idle call, until the barrier opens or is aborted (the barrier parks without a
     * timer). A lost wake-up leaves the party parked: JCStress sees it as STALE or a timed-out round, and in
     * its untimed sanity run as a hang that the gate's exec timeout ends as a failure.
     */
    static final WaitStrategy PARK_AT_ONCE = attempt -> true;
}
