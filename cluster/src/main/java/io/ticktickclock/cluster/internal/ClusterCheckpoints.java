package io.ticktickclock.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.ticktickclock.internal.CheckpointSink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The checkpoints of a cluster run, in a Hazelcast map of the workers ({@code ttc-checkpoints-<run id>}, one
 * synchronous backup: a part survives the loss of any one worker): one entry per processor and checkpointed
 * superstep, key {@code "<superstep>/<pid>"}, value the part's bytes as the engine encoded them.
 *
 * <p>A checkpoint is complete when the map holds all {@code p} parts of its superstep; {@link #latest} finds the
 * newest complete one, from which a recovery restarts. A worker's {@link Sink} writes its processors' parts
 * asynchronously (the run goes on) with at most one checkpoint pending, and deletes its parts of the checkpoint
 * three before the one it starts: by then every worker has written the one two before (it waited for it before
 * its own next checkpoint, which it took before the barrier this worker has passed), so the map always holds a
 * complete checkpoint once one was taken. The submitter destroys the map when the run ends. Once a worker's parts
 * of a checkpoint are stored, its sink tells the worker's part of the run ({@link Written}), which forwards it to
 * the submitter: the submitter's observer hears {@code checkpointWritten} when every worker has.
 */
public final class ClusterCheckpoints {
    private ClusterCheckpoints() {}

    /** The map of run {@code runId}'s checkpoints. */
    public static IMap<String, byte[]> map(HazelcastInstance hazelcast, String runId) {
        return hazelcast.getMap("ttc-checkpoints-" + runId);
    }

    private static String key(int superstep, int pid) {
        return superstep + "/" + pid;
    }

    /** The newest superstep whose checkpoint has all {@code processors} parts in {@code map}, if any. */
    public static OptionalInt latest(IMap<String, byte[]> map, int processors) {
        Map<Integer, Set<Integer>> parts = new TreeMap<>();
        for (String key : map.keySet()) {
            int slash = key.indexOf('/');
            try {
                int superstep = Integer.parseInt(key.substring(0, slash));
                int pid = Integer.parseInt(key.substring(slash + 1));
                if (pid >= 0 && pid < processors) {
                    parts.computeIfAbsent(superstep, s -> new HashSet<>()).add(pid);
                }
            } catch (RuntimeException e) {
                // Not a key of ours: ignore it.
            }
        }
        int best = -1;
        for (Map.Entry<Integer, Set<Integer>> e : parts.entrySet()) {
            if (e.getValue().size() == processors) {
                best = e.getKey();
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }

    /**
     * The parts of processors {@code [first, first + count)} of the checkpoint of {@code superstep}, in a list of
     * {@code processors} entries indexed by pid (null for the other workers' processors).
     *
     * @throws IllegalStateException if a part is missing (the workers that held it and its backup are gone)
     */
    public static List<byte[]> parts(IMap<String, byte[]> map, int superstep, int first, int count, int processors) {
        Set<String> keys = new HashSet<>();
        for (int pid = first; pid < first + count; pid++) {
            keys.add(key(superstep, pid));
        }
        Map<String, byte[]> got = map.getAll(keys);
        List<byte[]> parts = new ArrayList<>(java.util.Collections.nCopies(processors, null));
        for (int pid = first; pid < first + count; pid++) {
            byte[] part = got.get(key(superstep, pid));
            if (part == null) {
                throw new IllegalStateException("the checkpoint of superstep " + superstep + " has lost the part of "
                        + "processor " + pid + " (the workers that held it and its backup are gone)");
            }
            parts.set(pid, part);
        }
        return parts;
    }

    /** Hears that a worker's parts of a checkpoint are all stored. */
    @FunctionalInterface
    public interface Written {
        /**
         * The worker's parts of the checkpoint of {@code superstep} are stored (with their backups): {@code bytes}
         * their encoded size, {@code nanos} the time from the moment its last part was handed over until then.
         */
        void written(int superstep, long bytes, long nanos);
    }

    /**
     * A worker's {@link CheckpointSink}: its processors' parts go to the run's map; once all of them are stored, it
     * tells its {@link Written} listener (before {@link #awaitWritten} returns). Thread-safe.
     */
    public static final class Sink implements CheckpointSink {
        private final IMap<String, byte[]> map;
        private final int first;
        private final int count;
        private final Written listener;
        // Guarded by 'this': the checkpoint being written, its writes, how many parts and bytes were handed over,
        // the future that completes once the listener heard of it, and the supersteps taken (newest last).
        private int current = -1;
        private List<CompletableFuture<Void>> writes = new ArrayList<>();
        private int handed;
        private long bytes;
        private CompletableFuture<Void> heard = CompletableFuture.completedFuture(null);
        private final List<Integer> taken = new ArrayList<>();

        /** The sink of the worker that runs processors {@code [first, first + count)}; {@code listener} may be null. */
        public Sink(IMap<String, byte[]> map, int first, int count, Written listener) {
            this.map = map;
            this.first = first;
            this.count = count;
            this.listener = listener;
        }

        @Override
        public void save(int superstep, int pid, byte[] part) throws IOException {
            List<CompletableFuture<Void>> previous = null;
            Integer stale = null;
            synchronized (this) {
                if (superstep != current) {
                    // The first part of a new checkpoint: the previous one must be written (and told) first.
                    previous = new ArrayList<>(writes);
                    previous.add(heard);
                    writes = new ArrayList<>();
                    handed = 0;
                    bytes = 0;
                    current = superstep;
                    taken.add(superstep);
                    if (taken.size() > 3) {
                        stale = taken.remove(0);
                    }
                }
            }
            await(previous);
            if (stale != null) {
                for (int p = first; p < first + count; p++) {
                    map.deleteAsync(key(stale, p));
                }
            }
            CompletableFuture<Void> put = map.setAsync(key(superstep, pid), part).toCompletableFuture();
            synchronized (this) {
                if (superstep == current) {
                    writes.add(put);
                    bytes += part.length;
                    if (++handed == count) {
                        heard = tell(superstep, bytes, List.copyOf(writes));
                    }
                    return;
                }
            }
            await(List.of(put)); // the next checkpoint began meanwhile: settle this part at once
        }

        /** A future that completes once {@code writes} are stored and the listener heard of them. */
        private CompletableFuture<Void> tell(int superstep, long size, List<CompletableFuture<Void>> writes) {
            long handedAt = System.nanoTime();
            CompletableFuture<Void> all = CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
            if (listener == null) {
                return all;
            }
            return all.thenRun(() -> {
                try {
                    listener.written(superstep, size, System.nanoTime() - handedAt);
                } catch (RuntimeException e) {
                    // Telemetry only: the checkpoint is stored all the same.
                }
            });
        }

        @Override
        public void awaitWritten() throws IOException, InterruptedException {
            List<CompletableFuture<Void>> all;
            synchronized (this) {
                all = new ArrayList<>(writes);
                all.add(heard);
            }
            await(all);
        }

        private static void await(List<CompletableFuture<Void>> writes) throws IOException {
            if (writes == null) {
                return;
            }
            for (CompletableFuture<Void> w : writes) {
                try {
                    w.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while writing a checkpoint to the cluster");
                } catch (ExecutionException e) {
                    throw new IOException("a checkpoint part could not be written to the cluster: " + e.getCause(),
                            e.getCause());
                }
            }
        }
    }
}
