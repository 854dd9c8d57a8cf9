package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A packaged program (a job) runs in this JVM exactly as the program it builds. */
@Timeout(60)
class BspJobTest {

    record RingJob(int rounds) implements BspJob<String, Integer> {
        @Override
        public SpmdProgram<String, Integer> program() {
            return ctx -> {
                int received = 0;
                for (int i = 0; i < rounds; i++) {
                    ctx.send((ctx.pid() + 1) % ctx.processors(), "hello from " + ctx.pid());
                    ctx.sync();
                    received += ctx.inbox().size();
                }
                return received;
            };
        }
    }

    record SumJob() implements BspProgramJob<Long, Long, Long> {
        @Override
        public BspProgram<Long, Long, Long> program() {
            return BspProgram.<Long, Long, Long>builder("sum")
                    .init((ctx, share) -> share.stream().mapToLong(Long::longValue).sum())
                    .superstep("total", step -> step.compute((ctx, partial) -> ctx.allReduce(partial, ReduceOp.SUM)))
                    .build();
        }
    }

    @Test
    void anSpmdJobRunsItsProgramUnderItsName() {
        BspResult<Integer> r = BspRuntime.builder().processors(3).build().run(new RingJob(4));
        assertThat(r.results()).containsExactly(4, 4, 4);
        assertThat(r.superstepCount()).isEqualTo(5);
    }

    @Test
    void aProgramJobRunsOnItsInput() {
        List<Long> numbers = LongStream.rangeClosed(1, 1000).boxed().toList();
        BspResult<Long> r = BspRuntime.builder().processors(4).build().run(new SumJob(), numbers);
        assertThat(r.results()).containsOnly(500_500L);
    }

    @Test
    void aJobThatBuildsNoProgramIsNamed() {
        BspJob<String, Integer> broken = () -> null;
        assertThatThrownBy(() -> BspRuntime.builder().processors(1).build().run(broken))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("job.program()");
    }
}
