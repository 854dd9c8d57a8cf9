package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's "Use it as a library" section is true: its program is {@code example/Hello.java} of this test
 * tree (compiled with the tests), it prints what the section shows when run on the class path as a user runs
 * it, and its Maven and Gradle coordinates name the version being built.
 */
@Timeout(120)
class ReadmeLibraryTest {

    /** Surefire runs in the module's directory. */
    private static final Path README = Path.of("../README.md");
    private static final Path PROGRAM = Path.of("src/test/java/example/Hello.java");
    private static final String SECTION = "## Use it as a library";

    @Test
    @DisplayName("the section's program is example/Hello.java, character for character")
    void programIsTheCompiledSource() throws IOException {
        assertThat(blocks("java")).as("java blocks of '%s' in %s", SECTION, README).isNotEmpty();
        assertThat(blocks("java").get(0)).isEqualTo(Files.readString(PROGRAM));
    }

    @Test
    @DisplayName("run on the class path in its own JVM, the program prints the section's output block")
    void programPrintsTheShownOutput(@TempDir Path dir) throws Exception {
        String classPath = Path.of("target/classes").toAbsolutePath() + File.pathSeparator
                + Path.of("target/test-classes").toAbsolutePath();
        Path out = dir.resolve("stdout.txt");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", classPath, "example.Hello")
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("example.Hello did not finish in 60 s");
        }
        assertThat(process.exitValue()).as("exit status of example.Hello").isZero();
        assertThat(blocks("text")).as("text (output) blocks of '%s' in %s", SECTION, README).isNotEmpty();
        assertThat(Files.readString(out).replace("\r\n", "\n")).isEqualTo(blocks("text").get(0));
    }

    @Test
    @DisplayName("the Maven and Gradle coordinates name the version being built")
    void coordinatesNameThisVersion() throws IOException {
        String version = System.getProperty("ticktickclock.version");
        assertThat(version).as("system property ticktickclock.version, set in core/pom.xml").isNotBlank();
        String maven = String.join("\n", blocks("xml"));
        String gradle = String.join("\n", blocks("kotlin"));
        for (String module : List.of("core", "micrometer")) {
            assertThat(maven).contains("<artifactId>ticktickclock-" + module + "</artifactId>\n    <version>"
                    + version + "</version>");
            assertThat(gradle).contains("\"io.ticktickclock:ticktickclock-" + module + ":" + version + "\"");
        }
    }

    /** The fenced blocks of one language in the section, in order, each ending with its last line's newline. */
    private static List<String> blocks(String language) throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("\n" + SECTION + "\n");
        assertThat(start).as("'%s' in %s", SECTION, README).isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("\n```" + language + "\n(.*?\n)```", Pattern.DOTALL).matcher(section);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }
}
