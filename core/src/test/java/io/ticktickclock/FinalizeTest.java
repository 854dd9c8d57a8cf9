package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A superstep program's finalizer: told why the run ended, its result type its own. */
@Timeout(60)
class FinalizeTest {

    @AfterEach
    void noRuntimeThreadIsLeft() {
        assertThat(Runtimes.liveRuntimeThreads()).isZero();
    }

    private static final List<Long> INPUT = LongStream.rangeClosed(1, 100).boxed().toList();

    /** Counts rounds until every processor has done {@code rounds}; the state is the round count. */
    private static BspProgram<Long, long[], Long> counting(int rounds) {
        return BspProgram.<Long, long[], Long>builder("count")
                .init((ctx, share) -> new long[] {0, share.stream().mapToLong(Long::longValue).sum()})
                .superstep("round", step -> step
                        .compute((ctx, state) -> {
                            state[0]++;
                            return state;
                        })
                        .until(state -> state[0] >= rounds))
                .build();
    }

    @Test
    @DisplayName("CONVERGED: every processor's result is what its finalizer returned, of another type than the state")
    void converged() {
        BspProgram.Finalized<Long, long[], Long, String> program = counting(5)
                .finalize((ctx, state, reason) -> ctx.pid() + ":" + reason + ":" + state[0] + ":" + state[1]
                        + ":" + ctx.superstepName());
        BspResult<String> r = Runtimes.of(4).run(program, INPUT);
        assertThat(r.results()).containsExactly("0:CONVERGED:5:325:finalize", "1:CONVERGED:5:950:finalize", "2:CONVERGED:5:1575:finalize",
                "3:CONVERGED:5:2200:finalize");
        assertThat(r.converged()).isTrue();
        BspResult<long[]> plain = Runtimes.of(4).run(counting(5), INPUT);
        assertThat(r.superstepCount()).as("a finalizer adds no superstep").isEqualTo(plain.superstepCount());
    }

    @Test
    @DisplayName("SUPERSTEP_LIMIT: the finalizer sees the state reached at the limit, and converged() is false")
    void superstepLimit() {
        BspRuntime runtime = BspRuntime.builder().processors(3).maxSupersteps(4).build();
        BspResult<Long> r = runtime.run(counting(1000)
                .finalize((ctx, state, reason) -> reason == BspProgram.EndReason.SUPERSTEP_LIMIT ? state[0] : -1L),
                INPUT);
        assertThat(r.converged()).isFalse();
        assertThat(r.results()).containsOnly(3L);
    }

    @Test
    @DisplayName("FAILED: the processors stopped by another's failure finalize with their last state; the run fails")
    void failed() {
        Map<Integer, String> finalized = new ConcurrentHashMap<>();
        IllegalStateException boom = new IllegalStateException("boom");
        BspProgram<Long, long[], Long> program = BspProgram.<Long, long[], Long>builder("fails")
                .init((ctx, share) -> new long[1])
                .superstep("round", step -> step
                        .compute((ctx, state) -> {
                            state[0]++;
                            if (ctx.pid() == 2 && state[0] == 3) {
                                throw boom;
                            }
                            return state;
                        })
                        .until(state -> false))
                .build();
        BspException e = catchThrowableOfType(BspException.class, () -> Runtimes.of(4).run(
                program.finalize((ctx, state, reason) -> {
                    finalized.put(ctx.pid(), reason + " after " + state[0] + ", interrupted="
                            + Thread.currentThread().isInterrupted());
                    return "ignored";
                }), INPUT));
        assertThat(e).hasCause(boom);
        assertThat(e.processor()).isEqualTo(2);
        assertThat(finalized).doesNotContainKey(2);
        assertThat(finalized).hasSize(3).allSatisfy((pid, what) ->
                assertThat(what).isIn("FAILED after 2, interrupted=false", "FAILED after 3, interrupted=false"));
    }

    @Test
    @DisplayName("FAILED through cancel: every processor finalizes; an exception it throws is suppressed in the failure")
    void failedByCancelAndThrowingFinalizer() throws InterruptedException {
        Map<Integer, BspProgram.EndReason> reasons = new ConcurrentHashMap<>();
        IllegalStateException cleanup = new IllegalStateException("clean-up failed");
        BspRun<String> run = Runtimes.of(3).start(counting(Integer.MAX_VALUE).finalize((ctx, state, reason) -> {
            reasons.put(ctx.pid(), reason);
            if (ctx.pid() == 1) {
                throw cleanup;
            }
            return "ignored";
        }), INPUT);
        while (run.status().superstep() < 3) {
            Thread.sleep(1);
        }
        run.cancel();
        BspCancelledException e = catchThrowableOfType(BspCancelledException.class, run::join);
        assertThat(reasons).containsOnlyKeys(0, 1, 2).containsValues(BspProgram.EndReason.FAILED);
        assertThat(e.getSuppressed()).anySatisfy(s -> assertThat(s).hasCause(cleanup));
    }

    @Test
    @DisplayName("a finalizer that throws on a converged run fails it, in the superstep named 'finalize'")
    void throwingFinalizerFailsTheRun() {
        IllegalArgumentException bad = new IllegalArgumentException("bad result");
        BspException e = catchThrowableOfType(BspException.class, () -> Runtimes.of(2).run(
                counting(2).finalize((ctx, state, reason) -> {
                    if (ctx.pid() == 1) {
                        throw bad;
                    }
                    return state[0];
                }), INPUT));
        assertThat(e).hasCause(bad);
        assertThat(e.processor()).isEqualTo(1);
        assertThat(e.superstepName()).isEqualTo("finalize");
    }

    @Test
    @DisplayName("the builder can end with finalize, and start takes a finalized program too")
    void builderAndStart() {
        BspProgram.Finalized<Long, Long, Long, Double> mean = BspProgram.<Long, Long, Long>builder("mean")
                .init((ctx, share) -> share.stream().mapToLong(Long::longValue).sum())
                .superstep("total", step -> step.compute((ctx, partial) -> ctx.allReduce((long) partial, ReduceOp.SUM)))
                .finalize((ctx, total, reason) -> total / 100.0);
        assertThat(Runtimes.of(3).start(mean, INPUT).join().results()).containsOnly(50.5);
        assertThatThrownBy(() -> counting(1).finalize(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("finalizer");
    }
}
