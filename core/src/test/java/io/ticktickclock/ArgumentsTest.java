package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad input fails fast with a message naming the argument, the value and what was expected. */
@Timeout(30)
class ArgumentsTest {

    @Test
    @DisplayName("zero or negative processor counts and superstep limits are rejected at build()")
    void builderRejectsBadCounts() {
        assertThatThrownBy(() -> BspRuntime.builder().processors(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("processors must be >= 1, got 0");
        assertThatThrownBy(() -> BspRuntime.builder().processors(-3).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("processors must be >= 1, got -3");
        assertThatThrownBy(() -> BspRuntime.builder().maxSupersteps(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxSupersteps must be >= 1, got 0");
        assertThatThrownBy(() -> BspRuntime.builder().waitStrategy(null))
                .isInstanceOf(NullPointerException.class).hasMessage("waitStrategy must not be null");
    }

    @Test
    @DisplayName("the default runtime uses every available processor")
    void defaults() {
        BspRuntime runtime = BspRuntime.builder().build();
        assertThat(runtime.processors()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(runtime.maxSupersteps()).isEqualTo(BspRuntime.DEFAULT_MAX_SUPERSTEPS);
    }

    @Test
    @DisplayName("null programs and inputs are rejected before any thread starts")
    void nullProgramsAreRejected() {
        BspRuntime runtime = Runtimes.of(2);
        assertThatThrownBy(() -> runtime.run((SpmdProgram<Void, Void>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("program must not be null");
        assertThatThrownBy(() -> runtime.run((BspProgram<Integer, Integer, Void>) null, List.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("program must not be null");
        BspProgram<Integer, Integer, Void> p = BspProgram.<Integer, Integer, Void>builder("p")
                .init((c, s) -> 0).superstep("s", s -> {}).build();
        assertThatThrownBy(() -> runtime.run(p, null))
                .isInstanceOf(NullPointerException.class).hasMessage("input must not be null");
    }

    @Test
    @DisplayName("sending to a processor id outside [0, p) fails at the send, naming the id and the range")
    void sendingOutsideTheRangeFails() {
        for (int bad : new int[] {-1, 3, Integer.MAX_VALUE}) {
            BspException e = catchThrowableOfType(BspException.class,
                    () -> Runtimes.of(3).run((BspContext<String> ctx) -> {
                        if (ctx.pid() == 1) {
                            ctx.sendLong(bad, 1);
                        }
                        ctx.sync();
                        return null;
                    }));
            assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("destination " + bad + " is outside the processor range [0, 3)");
            assertThat(e.processor()).isEqualTo(1);
        }
        BspException e = catchThrowableOfType(BspException.class, () -> Runtimes.of(2).run((BspContext<String> ctx) -> {
            ctx.send(5, "x");
            return null;
        }));
        assertThat(e.getCause()).hasMessageContaining("destination 5");
    }

    @Test
    @DisplayName("null messages and bad bulk ranges are rejected at the send")
    void nullMessagesAndBadRanges() {
        BspException e = catchThrowableOfType(BspException.class, () -> Runtimes.of(1).run((BspContext<String> ctx) -> {
            ctx.send(0, null);
            return null;
        }));
        assertThat(e.getCause()).isInstanceOf(NullPointerException.class).hasMessage("message must not be null");
        BspException range = catchThrowableOfType(BspException.class,
                () -> Runtimes.of(1).run((BspContext<String> ctx) -> {
                    ctx.sendLongs(0, new long[3], 2, 5);
                    return null;
                }));
        assertThat(range.getCause()).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    @DisplayName("wait strategy parameters are checked")
    void waitStrategyArguments() {
        assertThatThrownBy(() -> WaitStrategy.backoff(-1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("spins must be >= 0, got -1");
        assertThatThrownBy(() -> WaitStrategy.backoff(0, -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("yields must be >= 0, got -2");
    }

    @Test
    @DisplayName("the backoff strategy spins, then yields, then parks")
    void backoffSchedule() {
        WaitStrategy w = WaitStrategy.backoff(2, 1);
        assertThat(new boolean[] {w.idle(0), w.idle(1), w.idle(2), w.idle(3), w.idle(1_000)})
                .containsExactly(false, false, false, true, true);
    }
}
