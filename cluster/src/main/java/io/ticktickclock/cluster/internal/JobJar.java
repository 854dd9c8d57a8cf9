package io.ticktickclock.cluster.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Finds the code of a job class: the jar, or the class directory (jarred in memory), that holds it. */
public final class JobJar {
    private JobJar() {
    }

    /** The jar file or class directory that holds {@code jobClass}. */
    public static Path location(Class<?> jobClass) {
        CodeSource source = jobClass.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IllegalArgumentException("jobClass " + jobClass.getName() + " comes from " + url
                    + ", not from a jar file or class directory: a job class must be loadable from one so that it"
                    + " can travel to the workers");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("jobClass " + jobClass.getName() + " has a malformed location " + url,
                    e);
        }
    }

    /** The bytes of the jar that holds {@code jobClass}; a class directory is jarred in memory. */
    public static byte[] bytes(Class<?> jobClass) {
        Path where = location(jobClass);
        try {
            return Files.isDirectory(where) ? jarDirectory(where) : Files.readAllBytes(where);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the job's code at " + where, e);
        }
    }

    /** Whether {@code c} was loaded from the same jar or directory as {@code jobClass}. */
    public static boolean sameCode(Class<?> c, Class<?> jobClass) {
        CodeSource a = c.getProtectionDomain().getCodeSource();
        CodeSource b = jobClass.getProtectionDomain().getCodeSource();
        return a != null && b != null && a.getLocation() != null && a.getLocation().equals(b.getLocation());
    }

    static byte[] jarDirectory(Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            for (Path f : files) {
                String name = dir.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                JarEntry entry = new JarEntry(name);
                // The files' own times, not now: the same classes give the same bytes, which workers cache by hash.
                entry.setTime(Files.getLastModifiedTime(f).toMillis());
                jar.putNextEntry(entry);
                Files.copy(f, jar);
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
