package io.ticktickclock;

import io.ticktickclock.internal.Checks;
import io.ticktickclock.internal.DirectoryCheckpointStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Where checkpoints of a run are kept: for each checkpointed superstep, one part per processor (its state
 * and the messages it has still to receive), saved whole or not at all.
 *
 * <pre>{@code
 * CheckpointStore store = CheckpointStore.directory(Path.of("ckpt"));
 * CheckpointStore.Identity id = new CheckpointStore.Identity("pagerank", inputFingerprint, 4);
 * store.save(new CheckpointStore.Checkpoint(id, 40, parts));      // parts.size() == 4
 * OptionalInt last = store.latest();                             // 40
 * CheckpointStore.Checkpoint c = store.load(id, last.getAsInt()); // or CheckpointException: which problem
 * }</pre>
 *
 * <p>Parts are written in TickTickClock's wire format, the one messages cross JVMs in (see {@link BspContext}
 * and docs/guide.md, section 16): records, enums, primitives and their arrays, strings, collections,
 * {@code Optional}s and {@code Serializable} types. The runtime saves a run's checkpoints here with
 * {@link BspRuntime.Builder#checkpointEvery} and resumes from them with {@link BspRuntime#resume}; each part is
 * then a processor's encoded part (a {@code byte[]}).
 *
 * <p>Implementations are thread-safe.
 */
public interface CheckpointStore {

    /**
     * What a checkpoint belongs to: a checkpoint is only ever restored into a run with the same identity.
     *
     * @param program the program's identity (its name, or a name and version)
     * @param inputFingerprint a fingerprint of the input (a hash of its bytes, say), or {@code ""} for none
     * @param processors the processor count
     */
    record Identity(String program, String inputFingerprint, int processors) {
        /** Checks the components. */
        public Identity {
            Checks.notNull("program", program);
            Checks.notNull("inputFingerprint", inputFingerprint);
            Checks.positive("processors", processors);
        }
    }

    /**
     * One checkpoint.
     *
     * @param identity the run it belongs to
     * @param superstep the superstep at whose barrier it was taken
     * @param parts one per processor, in processor order (elements may be null)
     */
    record Checkpoint(Identity identity, int superstep, List<?> parts) {
        /** Checks the components; copies {@code parts}. */
        public Checkpoint {
            Checks.notNull("identity", identity);
            Checks.nonNegative("superstep", superstep);
            Checks.notNull("parts", parts);
            if (parts.size() != identity.processors()) {
                throw new IllegalArgumentException("parts must hold one element per processor ("
                        + identity.processors() + "), got " + parts.size());
            }
            parts = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parts));
        }
    }

    /**
     * Saves {@code checkpoint} atomically: after a crash at any moment, the store holds either the whole
     * checkpoint or none of it (and the checkpoints it held before). A checkpoint of the same superstep is
     * replaced.
     *
     * @throws IllegalArgumentException if a part cannot be encoded; the message names the processor and the
     *     class (nothing is saved)
     * @throws IOException if it cannot be written (nothing is saved)
     */
    void save(Checkpoint checkpoint) throws IOException;

    /**
     * Loads the checkpoint of {@code superstep}, checking that it is whole, intact and of {@code expected}.
     *
     * @throws CheckpointException if it is corrupted, truncated, of another identity, or of another format
     *     version; the message says which (and, for another identity, what differs)
     * @throws java.nio.file.NoSuchFileException if there is no checkpoint of that superstep
     * @throws IOException if it cannot be read
     */
    Checkpoint load(Identity expected, int superstep) throws IOException;

    /** The supersteps of the saved checkpoints, ascending (not checked: {@link #load} checks). */
    List<Integer> supersteps() throws IOException;

    /** The newest saved checkpoint's superstep, if any. */
    default OptionalInt latest() throws IOException {
        List<Integer> all = supersteps();
        return all.isEmpty() ? OptionalInt.empty() : OptionalInt.of(all.get(all.size() - 1));
    }

    /** Deletes the checkpoint of {@code superstep}; returns whether there was one. */
    boolean delete(int superstep) throws IOException;

    /**
     * A store of one file per checkpoint in {@code directory} (created if absent), written to a temporary file,
     * forced to disk and moved into place atomically, with a header (magic number, format version, identity,
     * superstep) and CRC32C checksums. Loading admits the JDK value types and the classes of the
     * application class loader.
     *
     * @throws NullPointerException if {@code directory} is null
     */
    static CheckpointStore directory(Path directory) {
        return directory(directory, ClassLoader.getSystemClassLoader());
    }

    /**
     * A directory store whose loading admits the JDK value types and the classes defined by {@code loader}
     * (the job's class loader).
     *
     * @throws NullPointerException if an argument is null
     */
    static CheckpointStore directory(Path directory, ClassLoader loader) {
        return new DirectoryCheckpointStore(Objects.requireNonNull(directory, "directory must not be null"),
                Objects.requireNonNull(loader, "loader must not be null"));
    }
}
