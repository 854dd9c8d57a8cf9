package io.ticktickclock.examples;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A file the user named for output ({@code --output}, {@code --report}), checked before anything is
 * computed and written the way the standard tools write:
 * <ul>
 *   <li>a symbolic link is followed to its final target, and the target is written; the link stays;</li>
 *   <li>a regular file, or a new one, is written atomically: into a temporary file in the target's
 *       directory, renamed over the target when complete (keeping an existing file's permissions), so a
 *       failed or interrupted run leaves the old content and no temporary file behind (a shutdown hook
 *       deletes temporary files still being written on SIGINT or SIGTERM);</li>
 *   <li>anything else (a device such as {@code /dev/null}, a FIFO) is written to directly, never
 *       replaced;</li>
 *   <li>the file may not be one of the command's inputs (compared as files, so links and relative paths
 *       count).</li>
 * </ul>
 * Immutable; {@link #write} may be called from any thread.
 */
public final class OutputFile {
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(OutputFile::deleteInFlight, "ttc-delete-temporary-files"));
    }

    private final String name;
    private final Path target;
    private final boolean direct;

    private OutputFile(String name, Path target, boolean direct) {
        this.name = name;
        this.target = target;
        this.direct = direct;
    }

    /** Writes an output file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer out) throws IOException;
    }

    /**
     * Checks that {@code path} can be written, for the option {@code option} (null when it has none).
     *
     * @param inputs the command's input files (nulls ignored); {@code path} may not be any of them
     * @throws Failures.UsageException naming the option, the path as given and the reason: "is a
     *     directory", "no such directory", "not a directory", "permission denied", "is the same file as"
     */
    public static OutputFile check(String option, Path path, Path... inputs) {
        String name = option == null ? path.toString() : option + " " + path;
        Path target;
        BasicFileAttributes attributes;
        try {
            target = finalTarget(path);
            attributes = Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                    ? Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS) : null;
        } catch (IOException e) {
            throw new Failures.UsageException(name + ": " + Failures.reason(e));
        }
        if (attributes != null && attributes.isDirectory()) {
            throw new Failures.UsageException(name + ": is a directory");
        }
        for (Path input : inputs) {
            if (input != null && attributes != null && sameFile(target, input)) {
                throw new Failures.UsageException(name + ": is the same file as the input " + input
                        + "; write the output elsewhere");
            }
        }
        if (attributes != null && !attributes.isRegularFile()) {
            if (!Files.isWritable(target)) {
                throw new Failures.UsageException(name + ": permission denied");
            }
            return new OutputFile(name, target, true);
        }
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.exists(dir)) {
            throw new Failures.UsageException(name + ": no such directory: " + dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new Failures.UsageException(name + ": not a directory: " + dir);
        }
        if (!Files.isWritable(dir) || (attributes != null && !Files.isWritable(target))) {
            throw new Failures.UsageException(name + ": permission denied"
                    + (attributes == null ? " (cannot create files in " + dir + ")" : ""));
        }
        return new OutputFile(name, target, false);
    }

    /** {@code path} with every symbolic link followed, also a dangling one (its target is to be created). */
    private static Path finalTarget(Path path) throws IOException {
        Path p = path;
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == 40) {
                throw new FileSystemException(path.toString(), null, "too many levels of symbolic links");
            }
            Path parent = p.toAbsolutePath().getParent();
            p = parent.resolve(Files.readSymbolicLink(p));
        }
        return p;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** The file written: the path with its symbolic links followed. */
    Path target() {
        return target;
    }

    /** Whether the file is written in place (a device, a FIFO) rather than replaced atomically. */
    boolean direct() {
        return direct;
    }

    /**
     * Writes the file: in place if it is not a regular file, else atomically (see the class comment).
     *
     * @throws IOException naming the option and path as given, and the reason
     */
    public void write(Content content) throws IOException {
        if (direct) {
            try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(target,
                    StandardOpenOption.WRITE), StandardCharsets.UTF_8))) {
                content.writeTo(w);
            } catch (IOException e) {
                throw new IOException("cannot write " + name + ": " + Failures.reason(e), e);
            }
            return;
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        } catch (IOException e) {
            throw new IOException("cannot write " + name + ": " + Failures.reason(e), e);
        }
        IN_FLIGHT.add(tmp);
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                content.writeTo(w);
            }
            permissions(tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IOException("cannot write " + name + ": " + Failures.reason(e), e);
        } finally {
            Files.deleteIfExists(tmp);
            IN_FLIGHT.remove(tmp);
        }
    }

    /**
     * Gives the temporary file the permissions of the file it replaces, or rw-r--r-- for a new one
     * (temporary files are created owner-only).
     */
    private void permissions(Path tmp) throws IOException {
        try {
            Set<PosixFilePermission> mode = Files.exists(target)
                    ? Files.getPosixFilePermissions(target) : PosixFilePermissions.fromString("rw-r--r--");
            Files.setPosixFilePermissions(tmp, mode);
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: keep its defaults.
        }
    }

    /** Deletes the temporary files still being written: the shutdown hook's work, on SIGINT or SIGTERM. */
    static void deleteInFlight() {
        for (Path tmp : IN_FLIGHT) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // The JVM is exiting: nothing better to do than leave it.
            }
        }
    }
}
