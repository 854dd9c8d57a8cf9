package io.ticktickclock.cluster.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job jars a worker keeps between jobs, by the SHA-256 of their bytes, so that a submitter sends a jar once
 * per worker rather than with every job. Bounded: beyond {@code maxJars} jars the least recently used one that no
 * running job holds is deleted; the directory goes with the worker's job directory when the worker stops.
 * Thread-safe.
 */
public final class JarCache {
    private final Path dir;
    private final int maxJars;
    /** Access order: the first entry is the least recently used. Guarded by this. */
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    private static final class Entry {
        final Path file;
        int users;

        Entry(Path file) {
            this.file = file;
        }
    }

    /** A running job's hold on a cached jar: the file stays until {@link #close()}. */
    public final class Lease implements AutoCloseable {
        private final Entry entry;
        private boolean closed;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        /** The jar file. */
        public Path file() {
            return entry.file;
        }

        @Override
        public void close() {
            synchronized (JarCache.this) {
                if (!closed) {
                    closed = true;
                    entry.users--;
                    evict();
                }
            }
        }
    }

    /**
     * @param dir where the jars are written (the worker's job directory)
     * @param maxJars how many jars are kept when no job holds them, at least 1
     */
    public JarCache(Path dir, int maxJars) {
        if (maxJars < 1) {
            throw new IllegalArgumentException("maxJars must be >= 1, got " + maxJars);
        }
        this.dir = dir;
        this.maxJars = maxJars;
    }

    /** The SHA-256 of {@code bytes}. */
    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Whether the jar whose SHA-256 is {@code hash} is here. */
    public synchronized boolean contains(byte[] hash) {
        return entries.containsKey(HexFormat.of().formatHex(hash));
    }

    /** The number of jars kept now. */
    public synchronized int size() {
        return entries.size();
    }

    /**
     * Holds the jar whose SHA-256 is {@code hash}: the cached copy, or {@code jar} written to the cache first.
     *
     * @param jar the jar's bytes, or an empty array when the submitter found it cached here
     * @throws IllegalArgumentException if {@code jar}'s SHA-256 is not {@code hash}
     * @throws IllegalStateException if {@code jar} is empty and the jar is not (or no longer) cached
     * @throws IOException if the jar cannot be written
     */
    public Lease acquire(byte[] hash, byte[] jar) throws IOException {
        String key = HexFormat.of().formatHex(hash);
        synchronized (this) {
            Entry e = entries.get(key);
            if (e != null) {
                e.users++;
                return new Lease(e);
            }
        }
        if (jar.length == 0) {
            throw new IllegalStateException("the job jar " + key.substring(0, 16) + "... is no longer in this "
                    + "worker's cache (other jobs' jars replaced it since the submitter asked); submit the job again");
        }
        if (!Arrays.equals(sha256(jar), hash)) {
            throw new IllegalArgumentException("the job jar's SHA-256 is " + HexFormat.of().formatHex(sha256(jar))
                    + ", not the " + key + " it came with");
        }
        Path part = Files.createTempFile(dir, "jar-", ".part");
        try {
            Files.write(part, jar);
            synchronized (this) {
                Entry e = entries.get(key);
                if (e == null) {
                    e = new Entry(Files.move(part, dir.resolve("jar-" + key + ".jar"),
                            StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE));
                    entries.put(key, e);
                }
                e.users++;
                Lease lease = new Lease(e);
                evict();
                return lease;
            }
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Deletes the least recently used jars that no job holds while there are more than {@code maxJars}. */
    private void evict() {
        Iterator<Entry> it = entries.values().iterator();
        int excess = entries.size() - maxJars;
        while (excess > 0 && it.hasNext()) {
            Entry e = it.next();
            if (e.users == 0) {
                it.remove();
                excess--;
                try {
                    Files.deleteIfExists(e.file);
                } catch (IOException ignored) {
                    e.file.toFile().deleteOnExit();
                }
            }
        }
    }
}
