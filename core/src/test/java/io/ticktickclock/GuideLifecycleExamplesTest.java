package io.ticktickclock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's examples of a run's lifecycle (chapter 8), of program series (chapter 12, and the dashboard's
 * page) and of checkpoint stores (chapter 17), as run here.
 */
@Timeout(60)
class GuideLifecycleExamplesTest {

    @Test
    void aRunStartedInTheBackgroundIsWatchedThenCancelled() throws Exception {
        BspRuntime runtime = BspRuntime.builder().processors(2).build();
        SpmdProgram<String, Integer> iterate = ctx -> {
            while (true) {
                ctx.nameSuperstep("iterate");
                ctx.sync();
            }
        };
        BspRun<Integer> run = runtime.start(iterate);
        while (run.status().superstep() < 3) {
            TimeUnit.MILLISECONDS.sleep(1);
        }
        BspRun.Status s = run.status();   // state RUNNING, superstep 17, superstepName "iterate", elapsed 2.3 s
        assertThat(s.state()).isEqualTo(BspRun.State.RUNNING);
        run.cancel();                     // the run ends promptly; status() says CANCELLED
        CompletableFuture<BspResult<Integer>> f = run.toCompletableFuture();
        assertThatThrownBy(run::join).isInstanceOf(BspCancelledException.class);
        assertThat(run.status().state()).isEqualTo(BspRun.State.CANCELLED);
        assertThat(f).isCompletedExceptionally();
    }

    /** Halves the state, a stand-in for one relaxation; returns this processor's change. */
    private static double relax(BspContext<String> ctx, double[] state) {
        double before = state[0];
        state[0] /= 2;
        return before - state[0];
    }

    @Test
    void aProgramReportsItsL1ChangeAsASeries() {
        java.util.List<Double> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.ticktickclock.telemetry.Telemetry telemetry = io.ticktickclock.telemetry.Telemetry.create();
        telemetry.attach("series", event -> {
            if (event instanceof io.ticktickclock.telemetry.BspEvent.SeriesReported r) {
                seen.add(r.value());
            }
        });
        double tolerance = 1e-3;
        BspRuntime.builder().processors(2).observer(telemetry).build().run((BspContext<String> ctx) -> {
            double[] state = {1.0};
            boolean converged;
            do {
                double change = ctx.allReduce(relax(ctx, state), ReduceOp.SUM);   // this iteration's global L1 change
                if (ctx.pid() == 0) {
                    ctx.report("l1-change", change);                             // plotted by the dashboard
                }
                converged = change < tolerance;
            } while (!converged);
            double localChange = relax(ctx, state);
            double change = ctx.allReduce(localChange, ReduceOp.SUM);
            if (ctx.pid() == 0) {
                ctx.report("l1-change", change);
            }
            return null;
        });
        assertThat(seen).hasSize(12).startsWith(1.0, 0.5).allMatch(v -> v > 0);
    }

    record Part(int pid, double[] ranks) {}

    @Test
    void aCheckpointIsSavedLoadedAndAForeignOneRefused(@TempDir Path dir) throws Exception {
        List<Part> parts = List.of(new Part(0, new double[] {0.5}), new Part(1, new double[] {0.25}),
                new Part(2, new double[] {0.125}), new Part(3, new double[] {0.125}));
        String sha256OfInput = "9f86d081884c7d65";
        Path ckpt = Files.createDirectories(dir.resolve("ckpt"));
        CheckpointStore store = CheckpointStore.directory(ckpt);
        CheckpointStore.Identity id = new CheckpointStore.Identity("pagerank", sha256OfInput, 4);
        store.save(new CheckpointStore.Checkpoint(id, 40, parts));     // parts: one per processor, in order
        assertThat(store.latest()).isEqualTo(OptionalInt.of(40));
        assertThat(store.load(id, 40).parts()).hasSize(4);
        CheckpointStore.Identity other = new CheckpointStore.Identity("pagerank", sha256OfInput, 8);
        try {
            store.load(other, 40);
        } catch (CheckpointException e) {
            e.problem();   // TRUNCATED, CORRUPTED, FOREIGN, UNSUPPORTED_VERSION or NOT_A_CHECKPOINT
            assertThat(e.problem()).isEqualTo(CheckpointException.Problem.FOREIGN);
            assertThat(e.getMessage()).contains("4").contains("8");
        }
        assertThatThrownBy(() -> store.load(other, 40)).isInstanceOf(CheckpointException.class);
    }
}
