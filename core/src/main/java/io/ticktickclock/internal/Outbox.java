package io.ticktickclock.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The channels one processor writes in one parity, by destination, each created by the source on its first
 * send to that destination; confined to the source's thread. Memory is O(1 + destinations ever sent to):
 * up to {@link #DENSE_LIMIT} processors a destination-indexed array finds a channel in one load, above it an
 * open-addressing table keyed by destination does.
 *
 * <p>A new channel is announced to its destination by pushing it on the destination's stack of new
 * channels for this parity (a compare-and-set, once per channel). The source pushes before it arrives at the
 * barrier and the destination takes the stack after leaving it, so the destination sees the channel and its
 * contents; the destination then keeps it in its {@link InboxViews.Sources} for good.
 */
final class Outbox {
    /** Up to this many processors, a table of {@code processors} references (4 KiB at 1,024) per outbox. */
    static final int DENSE_LIMIT = 1024;
    static final Channel[] NO_CHANNELS = new Channel[0];

    private final int source;
    private final int parity;
    /** Stacks of new channels, at {@code 2 * destination + parity}; shared by all processors of the run. */
    private final AtomicReferenceArray<Channel> announced;
    private final Channel[] dense;
    // Sparse table: keys[h] is destination + 1 (0: empty), channels[h] its channel; load factor at most 1/2.
    private int[] keys;
    private Channel[] table;

    /** Every channel of this outbox, in creation order. */
    private Channel[] created = NO_CHANNELS;
    /** The destination of each of {@code created}. */
    private int[] createdFor = new int[0];
    private int count;

    Outbox(int source, int parity, int processors, AtomicReferenceArray<Channel> announced) {
        this.source = source;
        this.parity = parity;
        this.announced = announced;
        this.dense = processors <= DENSE_LIMIT ? new Channel[processors] : null;
    }

    /**
     * The destination-indexed channels (null entries not created yet), or null above {@link #DENSE_LIMIT}:
     * lets the sender find an existing channel with one load, as before channels were created lazily.
     */
    Channel[] dense() {
        return dense;
    }

    /** The channel to {@code destination} (in range), created on first use. */
    Channel channel(int destination) {
        Channel[] d = dense;
        if (d != null) {
            Channel c = d[destination];
            return c != null ? c : create(destination);
        }
        int[] k = keys;
        if (k != null) {
            int mask = k.length - 1;
            for (int h = mix(destination) & mask; k[h] != 0; h = (h + 1) & mask) {
                if (k[h] == destination + 1) {
                    return table[h];
                }
            }
        }
        return create(destination);
    }

    private Channel create(int destination) {
        Channel c = new Channel(source);
        if (dense != null) {
            dense[destination] = c;
        } else {
            if (keys == null || (count + 1) * 2 > keys.length) {
                rehash(keys == null ? 16 : keys.length * 2);
            }
            insert(destination, c);
        }
        if (count == created.length) {
            created = Arrays.copyOf(created, Math.max(4, count * 2));
            createdFor = Arrays.copyOf(createdFor, created.length);
        }
        createdFor[count] = destination;
        created[count++] = c;
        int at = 2 * destination + parity;
        Channel head;
        do {
            head = announced.get(at);
            c.nextAnnounced = head;
        } while (!announced.compareAndSet(at, head, c));
        return c;
    }

    private void rehash(int capacity) {
        int[] oldKeys = keys;
        Channel[] oldTable = table;
        keys = new int[capacity];
        table = new Channel[capacity];
        if (oldKeys != null) {
            for (int h = 0; h < oldKeys.length; h++) {
                if (oldKeys[h] != 0) {
                    insert(oldKeys[h] - 1, oldTable[h]);
                }
            }
        }
    }

    private void insert(int destination, Channel c) {
        int mask = keys.length - 1;
        int h = mix(destination) & mask;
        while (keys[h] != 0) {
            h = (h + 1) & mask;
        }
        keys[h] = destination + 1;
        table[h] = c;
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** How many channels this outbox has created. */
    int channels() {
        return count;
    }

    /** The {@code i}-th channel created (a checkpoint reads what it holds). */
    Channel channelAt(int i) {
        return created[i];
    }

    /** The destination of the {@code i}-th channel created. */
    int destinationAt(int i) {
        return createdFor[i];
    }

    /** Messages (after combining) in this outbox. */
    long messages() {
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += created[i].messages();
        }
        return n;
    }

    /** Words: one per object or long, two per pair. */
    long words() {
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += created[i].words();
        }
        return n;
    }

    /** Empties every channel (only those that hold something are written). */
    void clear() {
        for (int i = 0; i < count; i++) {
            created[i].clear();
        }
    }

    /** Drops every channel's buffers (a failing processor frees its memory); the channels stay. */
    void release() {
        for (int i = 0; i < count; i++) {
            created[i].release();
        }
    }

    /** Takes the channels announced to {@code destination} in {@code parity} since the last call: a stack. */
    static Channel takeAnnounced(AtomicReferenceArray<Channel> announced, int destination, int parity) {
        int at = 2 * destination + parity;
        return announced.get(at) == null ? null : announced.getAndSet(at, null);
    }
}
