package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs are written like the standard tools write: through symbolic links, in place for devices and
 * FIFOs, atomically for regular files, never over an input; the path is checked before anything is
 * computed; no temporary file outlives a failure.
 */
@Timeout(60)
class OutputFileTest {

    @TempDir
    Path dir;

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    /** Runs {@code ttc sort} of 100 reversed numbers into {@code output}. */
    private static TtcTest.Outcome sortInto(String output, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("sort", "--generate", "100:reverse", "-p", "2",
                "--output", output));
        args.addAll(List.of(more));
        return TtcTest.run(args.toArray(String[]::new));
    }

    private static int fileType(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
    }

    @Test
    @DisplayName("a symbolic link stays a link and its target (in another directory) is replaced atomically")
    void symbolicLinks() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path target = sub.resolve("real.txt");
        Files.writeString(target, "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), Path.of("sub/real.txt"));
        TtcTest.Outcome o = sortInto(link.toString(), "--quiet");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("sub/real.txt"));
        assertThat(Files.readAllLines(target)).hasSize(100).first().isEqualTo("3");
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("sub", "link.txt");
        assertThat(sub.toFile().list()).containsExactly("real.txt");

        Path dangling = Files.createSymbolicLink(dir.resolve("new.txt"), sub.resolve("created.txt"));
        assertThat(sortInto(dangling.toString(), "--quiet").exitCode()).isZero();
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(Files.readAllLines(sub.resolve("created.txt"))).hasSize(100);
    }

    @Test
    @DisplayName("an existing file keeps its permissions")
    void permissionsKept() throws Exception {
        Path out = dir.resolve("private.txt");
        Files.writeString(out, "old\n");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-------"));
        assertThat(sortInto(out.toString(), "--quiet").exitCode()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        Path fresh = dir.resolve("fresh.txt");
        assertThat(sortInto(fresh.toString(), "--quiet").exitCode()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rw-r--r--");
    }

    @Test
    @DisplayName("--output /dev/null writes to the device and leaves it a character device (checked as root)")
    void devNull() throws Exception {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull) && ROOT, "only root could replace /dev/null");
        assertThat(fileType(devNull)).isEqualTo(0020000);
        TtcTest.Outcome o = sortInto("/dev/null", "--quiet");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(fileType(devNull)).as("/dev/null is still a character device").isEqualTo(0020000);
    }

    @Test
    @DisplayName("a FIFO is streamed to, not replaced")
    void fifo() throws Exception {
        Path fifo = dir.resolve("pipe");
        boolean made;
        try {
            Process p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
            made = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException noMkfifo) {
            made = false;
        }
        assumeTrue(made && fileType(fifo) == 0010000, "mkfifo is not available");
        CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllLines(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        TtcTest.Outcome o = sortInto(fifo.toString(), "--quiet");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(reader.get(30, TimeUnit.SECONDS)).hasSize(100).first().isEqualTo("3");
        assertThat(fileType(fifo)).as("still a FIFO").isEqualTo(0010000);
        assertThat(dir.toFile().list()).containsExactly("pipe");
    }

    @Test
    @DisplayName("--output may not be the --input, by any name: exit 2 and the input untouched")
    void outputIsNotInput() throws Exception {
        Path numbers = dir.resolve("numbers.txt");
        Files.writeString(numbers, "3\n1\n2\n");
        Path link = Files.createSymbolicLink(dir.resolve("alias.txt"), numbers);
        Files.createDirectory(dir.resolve("sub"));
        for (Path same : List.of(numbers, link, dir.resolve("sub/../numbers.txt"))) {
            TtcTest.Outcome o = TtcTest.run("sort", "--input", numbers.toString(), "--output", same.toString());
            assertThat(o.exitCode()).as(same.toString()).isEqualTo(2);
            assertThat(o.err()).as(same.toString()).isEqualTo("ttc: --output " + same + ": is the same file as the "
                    + "input " + numbers + "; write the output elsewhere" + System.lineSeparator());
        }
        assertThat(Files.readString(numbers)).isEqualTo("3\n1\n2\n");
        Path edges = dir.resolve("edges.txt");
        Files.writeString(edges, "1 2\n");
        TtcTest.Outcome pagerank = TtcTest.run("pagerank", "--input", edges.toString(), "--output", edges.toString());
        assertThat(pagerank.exitCode()).isEqualTo(2);
        assertThat(Files.readString(edges)).isEqualTo("1 2\n");
    }

    @Test
    @DisplayName("a bad output path fails before anything is computed, naming the path and the reason")
    void checkedBeforeComputing() throws Exception {
        Path missing = dir.resolve("no/such/dir/out.txt");
        TtcTest.Outcome noDir = TtcTest.run("pagerank", "--generate", "uniform:100:1000", "--output", missing.toString());
        assertThat(noDir.exitCode()).isEqualTo(2);
        assertThat(noDir.err()).isEqualTo("ttc: --output " + missing + ": no such directory: " + missing.getParent()
                + System.lineSeparator());
        TtcTest.Outcome isDir = TtcTest.run("sort", "--generate", "10", "--output", dir.toString());
        assertThat(isDir.exitCode()).isEqualTo(2);
        assertThat(isDir.err()).isEqualTo("ttc: --output " + dir + ": is a directory" + System.lineSeparator());
        Path file = Files.writeString(dir.resolve("file"), "");
        TtcTest.Outcome notDir = TtcTest.run("probe", "-p", "1", "--quick", "--output", file.resolve("x").toString());
        assertThat(notDir.exitCode()).isEqualTo(2);
        assertThat(notDir.err()).contains("not a directory").doesNotContain("p = 1: g =");
        TtcTest.Outcome report = TtcTest.run("scaling", "--workload", "sum", "--size", "10", "--processors", "1",
                "--report", missing.toString());
        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.out()).doesNotContain("Processors |");
    }

    @Test
    @DisplayName("a directory the user cannot write to is 'permission denied' up front (not checkable as root)")
    void permissionDenied() throws Exception {
        assumeFalse(ROOT, "root may write anywhere");
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            TtcTest.Outcome o = sortInto(locked.resolve("out.txt").toString());
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err()).startsWith("ttc: --output " + locked.resolve("out.txt") + ": permission denied")
                    .doesNotContain("superstep");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    @DisplayName("a failed write leaves the old content and no temporary file")
    void failureLeavesNoTrace() throws Exception {
        Path out = Files.writeString(dir.resolve("out.txt"), "old\n");
        OutputFile file = OutputFile.check("--output", out);
        assertThatThrownBy(() -> file.write(w -> {
            w.write("half");
            throw new IOException("disk full");
        })).hasMessage("cannot write --output " + out + ": disk full");
        assertThat(Files.readString(out)).isEqualTo("old\n");
        assertThat(dir.toFile().list()).containsExactly("out.txt");
    }

    @Test
    @DisplayName("the shutdown hook's work (on SIGINT, SIGTERM) deletes a temporary file being written")
    void interruptedWriteLeavesNoTemporaryFile() throws Exception {
        Path out = dir.resolve("out.txt");
        OutputFile file = OutputFile.check("--output", out);
        List<String> during = new java.util.ArrayList<>();
        assertThatThrownBy(() -> file.write(w -> {
            w.write("partial");
            during.addAll(List.of(dir.toFile().list()));
            OutputFile.deleteInFlight();
        })).isInstanceOf(IOException.class);
        assertThat(during).hasSize(1).allMatch(name -> name.startsWith(".out.txt") && name.endsWith(".tmp"));
        assertThat(dir.toFile().list()).isEmpty();
    }
}
