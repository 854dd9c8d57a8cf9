package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Mismatched collectives are reported naming the processors, never hang; bad arguments fail clearly. */
@Timeout(30)
class CollectiveErrorsTest {

    @AfterEach
    void noRuntimeThreadIsLeft() {
        assertThat(Runtimes.liveRuntimeThreads()).isZero();
    }

    static BspException failure(int p, SpmdProgram<Void, ?> program) {
        return catchThrowableOfType(BspException.class, () -> Runtimes.of(p).run(program));
    }

    @Test
    @DisplayName("different collectives in the same superstep are reported with each group's call")
    void differentCollectivesAreReported() {
        BspException e = failure(3, ctx -> ctx.pid() == 1 ? ctx.broadcast(0, "x") : ctx.allReduce(1.0, ReduceOp.SUM));
        assertThat(e.getMessage()).contains("processors [0, 2] called allReduce(double, SUM)",
                "processors [1] called broadcast(object, root=0)");
        assertThat(e.processor()).isEqualTo(1);
        assertThat(e.superstep()).isZero();
    }

    @Test
    @DisplayName("the odd one out is blamed, also when it is processor 0")
    void theOddOneOutIsBlamed() {
        BspException e = failure(4, ctx -> ctx.pid() == 0 ? ctx.allGather(1) : ctx.allReduce(1.0, ReduceOp.MAX));
        assertThat(e.processor()).isZero();
    }

    @Test
    @DisplayName("a different root is a mismatch")
    void differentRootsAreReported() {
        BspException e = failure(4, ctx -> ctx.broadcast(ctx.pid() == 3 ? 1 : 0, "x"));
        assertThat(e.getMessage()).contains("processors [0, 1, 2] called broadcast(object, root=0)",
                "processors [3] called broadcast(object, root=1)");
    }

    @Test
    @DisplayName("element-wise reductions of arrays of different lengths are a mismatch")
    void differentLengthsAreReported() {
        BspException e = failure(2, ctx -> ctx.allReduce(new double[ctx.pid() + 2], ReduceOp.MAX));
        assertThat(e.getMessage()).contains("processors [0] called allReduce(double[2], MAX)",
                "processors [1] called allReduce(double[3], MAX)");
    }

    @Test
    @DisplayName("different operations, or different value types, are a mismatch")
    void differentOperationsAndTypesAreReported() {
        assertThat(failure(2, ctx -> ctx.allReduce(1.0, ctx.pid() == 0 ? ReduceOp.SUM : ReduceOp.MAX)).getMessage())
                .contains("allReduce(double, SUM)", "allReduce(double, MAX)");
        assertThat(failure(2, ctx -> ctx.pid() == 0 ? ctx.allReduce(1.0, ReduceOp.SUM)
                : (double) ctx.allReduce(1L, ReduceOp.SUM)).getMessage())
                .contains("allReduce(double, SUM)", "allReduce(long, SUM)");
    }

    @Test
    @DisplayName("a collective on some processors and sync() on others is a mismatch, not a hang")
    void collectiveAgainstSyncIsReported() {
        BspException e = failure(3, ctx -> {
            if (ctx.pid() == 2) {
                ctx.sync();
                return null;
            }
            return ctx.allGather(ctx.pid());
        });
        assertThat(e.getMessage()).contains("processors [0, 1] called allGather(object)",
                "processors [2] called sync()");
    }

    @Test
    @DisplayName("a processor that skips a collective and returns is reported")
    void collectiveAgainstReturnIsReported() {
        BspException e = failure(2, ctx -> ctx.pid() == 0 ? ctx.gather(0, 1) : List.of());
        assertThat(e.getMessage()).contains("processors [0] called gather(object, root=0)",
                "processors [1] returned from the program");
    }

    @Test
    @DisplayName("roots out of range, null operations, wrong chunk and entry counts fail at the call")
    void badArgumentsFailClearly() {
        assertThat(failure(3, ctx -> ctx.broadcast(3, "x")).getCause())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("root 3 is outside the processor range [0, 3)");
        assertThat(failure(3, ctx -> ctx.reduce(-1, 1.0, ReduceOp.SUM)).getCause())
                .hasMessage("root -1 is outside the processor range [0, 3)");
        assertThat(failure(2, ctx -> ctx.allReduce(1.0, null)).getCause())
                .isInstanceOf(NullPointerException.class).hasMessage("op must not be null");
        BspException scatter = failure(3, ctx -> ctx.scatter(0, ctx.pid() == 0 ? List.of(1, 2) : null));
        assertThat(scatter.getCause()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chunks must have exactly p = 3 entries, got 2");
        assertThat(scatter.processor()).isZero();
        assertThat(failure(2, ctx -> ctx.allToAll(List.of(1, 2, 3))).getCause())
                .hasMessage("byDestination must have exactly p = 2 entries, got 3");
        assertThat(failure(2, ctx -> ctx.allToAllv(new long[1][])).getCause())
                .hasMessage("byDestination must have exactly p = 2 entries, got 1");
    }

    @Test
    @DisplayName("operations that do not fit the value type, and exscan without identity, are rejected")
    void inapplicableOperationsAreRejected() {
        assertThat(failure(2, ctx -> ctx.allReduce(1L, ReduceOp.AVG)).getCause())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AVG is not defined on longs");
        assertThat(failure(2, ctx -> ctx.allReduce(1.0, ReduceOp.ofLong("xor", (a, b) -> a ^ b, true))).getCause())
                .hasMessageContaining("xor is not an operation on doubles");
        ReduceOp.OfObject<String> noIdentity = ReduceOp.of("first", (a, b) -> a, false, null);
        assertThat(failure(2, ctx -> ctx.exscan("x", noIdentity)).getCause())
                .hasMessageContaining("exscan needs an operation with an identity");
    }

    @Test
    @DisplayName("null operations and arrays throw NullPointerException naming the parameter, in every collective")
    void nullArgumentsFollowThePackageRule() {
        List<SpmdProgram<Void, ?>> calls = List.of(
                ctx -> ctx.allReduce(1.0, null), ctx -> ctx.allReduce(1L, null),
                ctx -> ctx.allReduce("x", (ReduceOp.OfObject<String>) null),
                ctx -> ctx.allReduce(new double[1], (ReduceOp) null), ctx -> ctx.allReduce(new long[1], (ReduceOp) null),
                ctx -> ctx.reduce(0, 1.0, null), ctx -> ctx.scan(1.0, null), ctx -> ctx.exscan(1L, null),
                ctx -> ctx.reduceScatter(new double[2], null));
        for (SpmdProgram<Void, ?> call : calls) {
            assertThat(failure(2, call).getCause()).isInstanceOf(NullPointerException.class)
                    .hasMessage("op must not be null");
        }
        assertThat(failure(2, ctx -> ctx.allReduce((double[]) null, ReduceOp.SUM)).getCause())
                .isInstanceOf(NullPointerException.class).hasMessage("values must not be null");
        assertThat(failure(2, ctx -> ctx.allToAllv((long[][]) null)).getCause())
                .isInstanceOf(NullPointerException.class).hasMessage("byDestination must not be null");
    }

    @Test
    @DisplayName("two different custom operations that share a name are a mismatch; one shared constant is not")
    void customOperationsAreComparedByMoreThanTheirName() {
        ReduceOp.OfDouble first = ReduceOp.ofDouble("combine", (a, b) -> a + b, true, 0);
        ReduceOp.OfDouble second = ReduceOp.ofDouble("combine", (a, b) -> a * b, true, 1);
        BspException e = failure(3, ctx -> ctx.allReduce(2.0, ctx.pid() == 1 ? second : first));
        assertThat(e).hasMessageContaining("processors [0, 2] called allReduce(double, combine (instance @")
                .hasMessageContaining("processors [1] called allReduce(double, combine (instance @");
        assertThat(e.processor()).isEqualTo(1);
        assertThat(Runtimes.of(3).run((BspContext<Void> ctx) -> ctx.allReduce(2.0, first)).results())
                .containsOnly(6.0);
    }

    @Test
    @DisplayName("exscan of AVG gives processor 0 the mean of nothing, NaN, as every built-in has an identity")
    void exscanOfAvgIsNaNAtProcessorZero() {
        assertThat(ReduceOp.AVG.hasIdentity()).isTrue();
        BspResult<Double> r = Runtimes.of(3).run((BspContext<Void> ctx) -> ctx.exscan(ctx.pid() * 2.0, ReduceOp.AVG));
        assertThat(r.result(0)).isNaN();
        assertThat(r.result(1)).isEqualTo(0.0);
        assertThat(r.result(2)).isEqualTo(1.0);
    }

    @Test
    @DisplayName("a collective ends the superstep: messages sent before it are delivered when it returns")
    void collectivesEndTheSuperstep() {
        BspResult<Integer> r = Runtimes.of(3).run((BspContext<String> ctx) -> {
            ctx.send((ctx.pid() + 1) % 3, "before");
            double total = ctx.allReduce(1.0, ReduceOp.SUM);
            assertThat(total).isEqualTo(3.0);
            return ctx.inbox().size() * 10 + ctx.superstep();
        });
        assertThat(r.results()).containsOnly(11);
        assertThat(r.supersteps().get(0).name()).isEqualTo("allReduce");
        assertThat(r.supersteps().get(0).processors().get(0).wordsSent()).isEqualTo(1 + 2);
    }

    @Test
    @DisplayName("collectives count toward the superstep limit")
    void collectivesRespectTheLimit() {
        assertThatThrownBy(() -> BspRuntime.builder().processors(2).maxSupersteps(3).build()
                .run((BspContext<Void> ctx) -> {
                    while (true) {
                        ctx.barrier();
                    }
                })).isInstanceOf(BspException.class).hasMessageContaining("superstep limit 3");
    }
}
