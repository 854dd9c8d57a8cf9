package io.ticktickclock.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * docs/benchmarks.md's commands work as written where {@code java} on the PATH is older than 21: every
 * command of its {@code sh} blocks runs a {@code bin/} script, which finds a JDK 21 or newer itself, never
 * {@code java} or {@code ./mvnw} directly.
 */
class BenchmarksDocTest {

    /** The commands of the document's sh blocks: their lines without comments, continuations joined. */
    static List<String> commands(Path document) throws IOException {
        List<String> commands = new ArrayList<>();
        boolean inBlock = false;
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(document)) {
            if (line.strip().startsWith("```")) {
                inBlock = !inBlock && line.strip().equals("```sh");
                continue;
            }
            if (!inBlock) {
                continue;
            }
            String code = line.replaceFirst("\\s+#.*$", "").strip();
            if (code.isEmpty() || code.startsWith("#")) {
                continue;
            }
            current.append(code.endsWith("\\") ? code.substring(0, code.length() - 1) : code);
            if (!code.endsWith("\\")) {
                commands.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return commands;
    }

    @Test
    @DisplayName("every command of docs/benchmarks.md runs a bin/ script (they pick a JDK 21 or newer)")
    void commandsUseTheScripts() throws IOException {
        List<String> commands = commands(Path.of("../docs/benchmarks.md"));
        assertThat(commands).isNotEmpty();
        for (String command : commands) {
            String program = command.replaceFirst("^([A-Z_]+=(\"[^\"]*\"|\\S+)\\s+)*", "").split("\\s+")[0];
            assertThat(program).as("command '%s' of docs/benchmarks.md", command).startsWith("bin/");
            assertThat(Path.of("..", program)).as("command '%s' of docs/benchmarks.md", command).isExecutable();
            // A synopsis is not a command: "a|b" would be a pipe, "[--x]" a glob.
            assertThat(command).as("command of docs/benchmarks.md").doesNotContain("|").doesNotContainPattern("\\s\\[");
        }
    }
}
