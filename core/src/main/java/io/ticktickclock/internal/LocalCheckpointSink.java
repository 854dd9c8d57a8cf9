package io.ticktickclock.internal;

import io.ticktickclock.CheckpointStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@link CheckpointSink} of a run in one JVM: gathers the {@code p} encoded parts of a checkpoint and, when the
 * last one comes in, saves them to a {@link CheckpointStore} on a thread of its own, so that the run goes on
 * while the checkpoint is written. At most one write is pending: a checkpoint complete while the previous one
 * is still being written waits for it (on the processor that handed the last part). Once a checkpoint is
 * durable it tells the run (telemetry) and deletes the run's checkpoints older than the one before it, so the
 * store holds the newest two.
 */
public final class LocalCheckpointSink implements CheckpointSink {
    /** How many of the run's newest checkpoints the store keeps. */
    static final int KEEP = 2;

    private final CheckpointStore store;
    private final CheckpointStore.Identity identity;
    private final LocalRun<?, ?> run;
    private final String threadName;

    // Guarded by 'this'.
    private int gathering = -1;
    private byte[][] parts;
    private int missing;
    private CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);
    private final List<Integer> written = new ArrayList<>();

    /**
     * @param run told of each checkpoint written
     * @param kept the run's checkpoints already in the store (a resumed run's), oldest first
     */
    public LocalCheckpointSink(CheckpointStore store, CheckpointStore.Identity identity, LocalRun<?, ?> run,
            List<Integer> kept, String threadName) {
        this.store = store;
        this.identity = identity;
        this.run = run;
        this.threadName = threadName;
        this.written.addAll(kept);
    }

    @Override
    public void save(int superstep, int pid, byte[] part) throws IOException {
        byte[][] complete;
        CompletableFuture<Void> previous;
        synchronized (this) {
            if (superstep != gathering) {
                if (missing != 0) {
                    throw new IllegalStateException("processor " + pid + " saves a part of the checkpoint of "
                            + "superstep " + superstep + " while that of superstep " + gathering + " misses "
                            + missing + " parts");
                }
                gathering = superstep;
                parts = new byte[identity.processors()][];
                missing = identity.processors();
            }
            if (parts[pid] != null) {
                throw new IllegalStateException("processor " + pid + " saved its part of the checkpoint of superstep "
                        + superstep + " twice");
            }
            parts[pid] = part;
            if (--missing != 0) {
                return;
            }
            complete = parts;
            parts = null;
            previous = pending;
        }
        // The last part is in: wait for the previous write (and fail on its error), then start this one.
        join(previous);
        long committed = System.nanoTime();
        CompletableFuture<Void> write = new CompletableFuture<>();
        synchronized (this) {
            pending = write;
        }
        Thread writer = new Thread(() -> write(superstep, complete, committed, write), threadName);
        writer.setDaemon(true);
        writer.start();
    }

    private void write(int superstep, byte[][] complete, long committed, CompletableFuture<Void> done) {
        try {
            store.save(new CheckpointStore.Checkpoint(identity, superstep, Arrays.asList((Object[]) complete)));
            long nanos = System.nanoTime() - committed;
            long bytes = 0;
            for (byte[] b : complete) {
                bytes += b.length;
            }
            List<Integer> old;
            synchronized (this) {
                written.remove(Integer.valueOf(superstep));
                written.add(superstep);
                old = written.size() > KEEP ? new ArrayList<>(written.subList(0, written.size() - KEEP)) : List.of();
                written.subList(0, old.size()).clear();
            }
            for (int s : old) {
                store.delete(s);
            }
            run.checkpointWritten(superstep, bytes, nanos);
            done.complete(null);
        } catch (Throwable e) {
            done.completeExceptionally(e);
        }
    }

    @Override
    public void awaitWritten() throws IOException, InterruptedException {
        CompletableFuture<Void> last;
        synchronized (this) {
            last = pending;
        }
        try {
            last.get();
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    private static void join(CompletableFuture<Void> previous) throws IOException {
        try {
            previous.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the previous checkpoint was being written");
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    private static IOException failure(Throwable cause) {
        if (cause instanceof IOException io) {
            return new IOException("a checkpoint could not be written: " + io.getMessage(), io);
        }
        return new IOException("a checkpoint could not be written: " + cause, cause);
    }
}
