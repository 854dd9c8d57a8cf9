package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run that exhausts the heap fails with the documented {@link BspException} whose cause is the
 * {@link OutOfMemoryError}, not with a raw error from {@code run}: the failure path frees the run's buffers
 * before it builds the report. Each case runs in its own small-heap JVM, so this one is not starved.
 */
@Timeout(300)
class OutOfMemoryTest {

    /** The child JVM's program: every processor floods its neighbour with object messages. */
    public static final class Flood {
        public static void main(String[] args) {
            try {
                BspRuntime.builder().processors(Integer.parseInt(args[0])).build().run((BspContext<Object> ctx) -> {
                    int neighbour = (ctx.pid() + 1) % ctx.processors();
                    while (true) {
                        ctx.send(neighbour, new long[64]);
                    }
                });
                System.out.println("the flood ended without a failure");
            } catch (BspException e) {
                System.out.println("BspException caused by " + (e.getCause() == null ? "nothing"
                        : e.getCause().getClass().getName()) + " at processor " + e.processor());
            } catch (Throwable t) {
                System.out.println("raw " + t.getClass().getName());
            }
        }
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {1, 2, 4})
    void aFloodOfMessagesThatExhaustsTheHeapFailsAsABspExceptionCausedByOutOfMemoryError(int p)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // Surefire puts the module under test on the module path: the child takes both paths as a class path.
        String classPath = String.join(File.pathSeparator, System.getProperty("java.class.path"),
                System.getProperty("jdk.module.path", ""));
        Process child = new ProcessBuilder(java.toString(), "-Xmx32m", "-cp", classPath, Flood.class.getName(),
                Integer.toString(p))
                .redirectErrorStream(true).start();
        assertThat(child.waitFor(240, TimeUnit.SECONDS)).as("the child JVM ends").isTrue();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).as("child output").contains("BspException caused by java.lang.OutOfMemoryError")
                .doesNotContain("raw ").doesNotContain("Exception in thread");
        assertThat(child.exitValue()).isZero();
    }
}
