package io.ticktickclock.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The superstep processor 0 is in and the name it gave it, published by processor 0's thread without
 * allocating, and read consistently (both from the same moment) by any thread: a sequence lock whose
 * version is odd while a write is under way. Processor 0 publishes at every barrier, so the write side uses
 * release/opaque accesses and fences (plain moves on x86) rather than volatile stores.
 */
public final class Progress {

    private int version;
    private int superstep;
    private String name;

    private static final VarHandle VERSION;
    private static final VarHandle SUPERSTEP;
    private static final VarHandle NAME;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            VERSION = l.findVarHandle(Progress.class, "version", int.class);
            SUPERSTEP = l.findVarHandle(Progress.class, "superstep", int.class);
            NAME = l.findVarHandle(Progress.class, "name", String.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Called only by processor 0's thread. {@code name} null means not named yet. */
    void publish(int superstep, String name) {
        int v = version; // only this thread writes it
        VERSION.setOpaque(this, v + 1);
        VarHandle.storeStoreFence(); // the odd version is visible before the fields change
        SUPERSTEP.setOpaque(this, superstep);
        NAME.setOpaque(this, name);
        VERSION.setRelease(this, v + 2); // the fields are visible before the even version
    }

    /** The superstep, and its name (or {@code superstep-N} when it has none yet), from one moment. */
    public Snapshot read() {
        while (true) {
            int v = (int) VERSION.getAcquire(this);
            int s = (int) SUPERSTEP.getOpaque(this);
            String n = (String) NAME.getOpaque(this);
            VarHandle.loadLoadFence(); // the fields are read before the version is checked again
            if ((v & 1) == 0 && (int) VERSION.getOpaque(this) == v) {
                return new Snapshot(s, n != null ? n : "superstep-" + s);
            }
            Thread.onSpinWait();
        }
    }

    /** The superstep and its name, from one moment. */
    public record Snapshot(int superstep, String name) {}
}
