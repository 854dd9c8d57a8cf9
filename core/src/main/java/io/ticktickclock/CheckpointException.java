package io.ticktickclock;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A checkpoint cannot be used: it is corrupted, truncated, of another run, or of another format version. The
 * message names the file and says which; {@link #problem()} says it in code.
 */
public final class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the checkpoint. */
    public enum Problem {
        /** Not a checkpoint at all (no magic number). */
        NOT_A_CHECKPOINT,
        /** Written by another format version. */
        UNSUPPORTED_VERSION,
        /** Shorter than what it says it holds (a write that did not finish, a copy cut short). */
        TRUNCATED,
        /** A checksum does not match, or the payload does not decode: its bytes changed. */
        CORRUPTED,
        /** Intact, but of another program, another input or another processor count. */
        FOREIGN
    }

    private final transient Path file;
    private final Problem problem;

    /**
     * Creates the exception.
     *
     * @param file the checkpoint file
     * @param problem what is wrong
     * @param message what is wrong, in words (the file name is prepended)
     * @param cause the underlying exception, or null
     */
    public CheckpointException(Path file, Problem problem, String message, Throwable cause) {
        super("checkpoint " + file + ": " + message, cause);
        this.file = file;
        this.problem = Objects.requireNonNull(problem, "problem must not be null");
    }

    /** The checkpoint file. */
    public Path file() {
        return file;
    }

    /** What is wrong with it. */
    public Problem problem() {
        return problem;
    }
}
