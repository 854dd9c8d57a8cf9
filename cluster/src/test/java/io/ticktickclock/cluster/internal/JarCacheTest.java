package io.ticktickclock.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A worker's job jar cache: by content hash, bounded, never deleting a jar a running job holds. */
@Timeout(30)
class JarCacheTest {

    private static byte[] jar(int i) {
        return ("the bytes of jar " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("a jar received once is found by its hash for the next job, which then needs no bytes")
    void aJarIsSentOnceAndFoundByItsHash(@TempDir Path dir) throws Exception {
        JarCache cache = new JarCache(dir, 2);
        byte[] hash = JarCache.sha256(jar(1));
        assertThat(cache.contains(hash)).isFalse();
        Path file;
        try (JarCache.Lease lease = cache.acquire(hash, jar(1))) {
            file = lease.file();
            assertThat(file).hasBinaryContent(jar(1));
        }
        assertThat(cache.contains(hash)).isTrue();
        try (JarCache.Lease lease = cache.acquire(hash, new byte[0])) {
            assertThat(lease.file()).isEqualTo(file).hasBinaryContent(jar(1));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).as("no partial file left").containsExactly(file);
        }
    }

    @Test
    @DisplayName("beyond its bound the cache deletes the least recently used jar that no job holds, never a held one")
    void evictsTheLeastRecentlyUsedJarThatNoJobHolds(@TempDir Path dir) throws Exception {
        JarCache cache = new JarCache(dir, 2);
        JarCache.Lease held = cache.acquire(JarCache.sha256(jar(1)), jar(1));
        cache.acquire(JarCache.sha256(jar(2)), jar(2)).close();
        cache.acquire(JarCache.sha256(jar(3)), jar(3)).close();
        // Jar 1 is the least recently used but held: jar 2 goes instead.
        assertThat(cache.contains(JarCache.sha256(jar(1)))).isTrue();
        assertThat(cache.contains(JarCache.sha256(jar(2)))).isFalse();
        assertThat(cache.contains(JarCache.sha256(jar(3)))).isTrue();
        assertThat(held.file()).exists();
        held.close();
        cache.acquire(JarCache.sha256(jar(4)), jar(4)).close();
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.contains(JarCache.sha256(jar(1)))).as("released, then the least recently used").isFalse();
        assertThat(held.file()).doesNotExist();
    }

    @Test
    @DisplayName("a jar whose bytes do not match its hash, or a cached jar that is gone, fails the job clearly")
    void aWrongHashOrAMissingJarIsAClearError(@TempDir Path dir) {
        JarCache cache = new JarCache(dir, 2);
        assertThatThrownBy(() -> cache.acquire(JarCache.sha256(jar(1)), jar(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SHA-256")
                .hasMessageContaining("not the");
        assertThatThrownBy(() -> cache.acquire(JarCache.sha256(jar(1)), new byte[0]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no longer in this worker's cache")
                .hasMessageContaining("submit the job again");
        assertThatThrownBy(() -> new JarCache(dir, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxJars must be >= 1, got 0");
    }

    @Test
    @DisplayName("a class directory jarred twice gives the same bytes, so a job from an IDE or a test is cached too")
    void aJarredClassDirectoryHasStableBytes(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("org/example"));
        Path file = Files.writeString(dir.resolve("org/example/Job.class"), "not really a class");
        java.time.Instant written = java.time.Instant.parse("2020-01-01T00:00:00Z");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(written));
        byte[] first = JobJar.jarDirectory(dir);
        assertThat(JobJar.jarDirectory(dir)).isEqualTo(first);
        try (var jar = new java.util.jar.JarInputStream(new java.io.ByteArrayInputStream(first))) {
            // The entry carries the file's time, not the clock's.
            assertThat(jar.getNextJarEntry().getLastModifiedTime().toInstant()).isEqualTo(written);
        }
    }
}
