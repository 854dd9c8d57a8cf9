package io.ticktickclock.internal;

/**
 * The superstep processor 0 is in and the name it gave it, published by processor 0's thread without
 * allocating, and read consistently (both from the same moment) by any thread: a sequence lock whose
 * version is odd while a write is under way.
 */
final class Progress {

    private volatile int version;
    private volatile int superstep;
    private volatile String name;

    /** Called only by processor 0's thread. {@code name} null means not named yet. */
    void publish(int superstep, String name) {
        int v = version;
        version = v + 1;
        this.superstep = superstep;
        this.name = name;
        version = v + 2;
    }

    /** The superstep, and its name (or {@code superstep-N} when it has none yet), from one moment. */
    Snapshot read() {
        while (true) {
            int v = version;
            if ((v & 1) == 0) {
                int s = superstep;
                String n = name;
                if (version == v) {
                    return new Snapshot(s, n != null ? n : "superstep-" + s);
                }
            }
            Thread.onSpinWait();
        }
    }

    record Snapshot(int superstep, String name) {}
}
