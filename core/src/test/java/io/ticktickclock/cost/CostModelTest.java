package io.ticktickclock.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ticktickclock.ProcessorStats;
import io.ticktickclock.SuperstepStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cost model: prediction, fit, analysis, profiles, the probe. No test asserts a wall-clock time. */
@Timeout(60)
class CostModelTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    @DisplayName("least squares recovers g and l from synthetic supersteps with known g, l and noise")
    void fitRecoversKnownParameters(long seed) {
        double g = 2.5;
        double l = 4_000;
        SplittableRandom random = new SplittableRandom(seed);
        List<CostModel.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            long h = random.nextLong(0, 100_000);
            double w = random.nextDouble(0, 50_000);
            double noise = random.nextGaussian() * 2_000;
            samples.add(new CostModel.Sample(w, h, w + h * g + l + noise));
        }
        CostModel.Fit fit = CostModel.fit(2, samples);
        assertThat(fit.parameters().gNanosPerWord()).as("seed %d", seed).isCloseTo(g, within(0.05));
        assertThat(fit.parameters().lNanos()).as("seed %d", seed).isCloseTo(l, within(600.0));
        assertThat(fit.rSquared()).isGreaterThan(0.99);
        assertThat(fit.residuals()).hasSize(400);
        assertThat(fit.gStandardError()).isPositive().isLessThan(0.05);
    }

    @Test
    @DisplayName("a fit with fewer than two distinct h values is rejected with a clear message")
    void degenerateFitsAreRejected() {
        assertThatThrownBy(() -> CostModel.fit(2, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two distinct h values");
        assertThatThrownBy(() -> CostModel.fit(2, List.of(new CostModel.Sample(1, 0, 5), new CostModel.Sample(2, 0, 7))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("all with h = 0");
        assertThatThrownBy(() -> new CostModel.Sample(Double.NaN, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BspParameters(0, 1, 1)).hasMessage("processors must be >= 1, got 0");
        assertThatThrownBy(() -> new BspParameters(2, -1, 1)).hasMessage("g must be a finite number >= 0, got -1.0");
    }

    @Test
    @DisplayName("prediction, accuracy, efficiency and scalability follow their definitions")
    void definitions() {
        BspParameters p = new BspParameters(4, 2, 100);
        assertThat(p.predict(1_000, 50)).isEqualTo(1_200);
        assertThat(CostModel.predictSuperstep(1_000, 50, p)).isEqualTo(1_200);
        CostModel.Accuracy a = CostModel.analyze(1_100, 1_000);
        assertThat(a.error()).isEqualTo(100);
        assertThat(a.errorPercent()).isEqualTo(10);
        assertThat(a.accurate()).isTrue();
        assertThat(CostModel.analyze(1_300, 1_000).accurate()).isFalse();
        assertThat(CostModel.analyze(1_300, 1_000, 30).accurate()).isTrue();
        assertThatThrownBy(() -> CostModel.analyze(1, 0)).hasMessage("predicted must be > 0, got 0.0");
        assertThat(CostModel.efficiency(8, 2, 4)).isEqualTo(1.0);
        assertThat(CostModel.efficiency(8, 4, 4)).isEqualTo(0.5);
        // Linear from (1, 1) to (2, 2), then half as good from (2, 2) to (4, 2): mean of 1.0 and 0.5.
        assertThat(CostModel.scalability(List.of(new CostModel.ScalingPoint(1, 1), new CostModel.ScalingPoint(2, 2),
                new CostModel.ScalingPoint(4, 2)))).isEqualTo(0.75);
        assertThatThrownBy(() -> CostModel.scalability(List.of(new CostModel.ScalingPoint(1, 1))))
                .hasMessageContaining("at least 2 points");
    }

    static ProcessorStats processor(int id, long compute) {
        return new ProcessorStats(id, compute, 0, 0, 0, 0, 0, 0, 0);
    }

    static SuperstepStats superstep(int number, String name, long hWords, long... computes) {
        List<ProcessorStats> ps = new ArrayList<>();
        for (int i = 0; i < computes.length; i++) {
            // Put the h-relation on processor 0's words sent; the duration is made up by the barrier column.
            ps.add(new ProcessorStats(i, computes[i], 0, 1_000, i == 0 ? hWords : 0, i == 0 ? hWords : 0, 0, 0, 0));
        }
        return new SuperstepStats(number, name, true, ps);
    }

    @Test
    @DisplayName("the analysis classifies compute-heavy, imbalanced, communication-heavy and empty supersteps")
    void analysisClassifiesSupersteps() {
        BspParameters params = new BspParameters(4, 1.0, 5_000);
        List<SuperstepStats> steps = List.of(
                superstep(0, "compute", 0, 1_000_000, 1_000_000, 1_000_000, 1_000_000),
                superstep(1, "imbalanced", 0, 1_000_000, 10_000, 10_000, 10_000),
                superstep(2, "communicate", 1_000_000, 10_000, 10_000, 10_000, 10_000),
                superstep(3, "empty", 0, 100, 100, 100, 100));
        RunAnalysis a = RunAnalysis.of(steps, params);
        assertThat(a.supersteps()).extracting(RunAnalysis.Row::bound).containsExactly(RunAnalysis.Bound.COMPUTE,
                RunAnalysis.Bound.IMBALANCE, RunAnalysis.Bound.COMMUNICATION, RunAnalysis.Bound.LATENCY);
        RunAnalysis.Row imbalanced = a.supersteps().get(1);
        assertThat(imbalanced.imbalance()).isCloseTo(1_000_000 / 257_500.0, within(1e-9));
        assertThat(imbalanced.predictedNanos()).isEqualTo(1_000_000 + 5_000);
        assertThat(a.supersteps().get(2).hWords()).isEqualTo(1_000_000);
        assertThat(a.shares()).hasSize(4);
        assertThat(a.shares()[0] + a.shares()[1] + a.shares()[2] + a.shares()[3]).isCloseTo(1.0, within(1e-12));
        assertThat(a.toTable()).contains("imbalanced", "COMMUNICATION", "median error");
        assertThat(a.toJson()).startsWith("{\"processors\": 4").contains("\"bound\": \"LATENCY\"");
    }

    @Test
    @DisplayName("predicting at another p divides the mean work and scales h as declared")
    void predictionAtOtherProcessorCounts() {
        BspParameters at2 = new BspParameters(2, 1.0, 1_000);
        BspParameters at4 = new BspParameters(4, 2.0, 2_000);
        RunAnalysis a = RunAnalysis.of(List.of(superstep(0, "s", 10_000, 400_000, 400_000)), at2);
        // w' = 400,000 * 2 / 4 = 200,000; h' = 10,000 (constant) or 5,000 (inverse); T' = w' + h'·2 + 2,000.
        assertThat(a.predictAt(at4, RunAnalysis.HScaling.CONSTANT)).isEqualTo(200_000 + 20_000 + 2_000);
        assertThat(a.predictAt(at4, RunAnalysis.HScaling.INVERSE)).isEqualTo(200_000 + 10_000 + 2_000);
        // All-gather: h ∝ (p - 1) / p, so from p = 2 (1/2) to p = 4 (3/4) h grows to 15,000.
        assertThat(a.predictAt(at4, RunAnalysis.HScaling.ALL_GATHER)).isEqualTo(200_000 + 30_000 + 2_000);
        BspParameters at1 = new BspParameters(1, 1.0, 1_000);
        RunAnalysis single = RunAnalysis.of(List.of(superstep(0, "s", 10, 400_000)), at1);
        assertThat(single.predictAt(at4, RunAnalysis.HScaling.ALL_GATHER))
                .as("from p = 1 nothing was exchanged: h stays").isEqualTo(100_000 + 20 + 2_000);
    }

    @Test
    @DisplayName("a machine profile survives a JSON round trip; a bad file is reported with its name")
    void profileJson(@TempDir Path dir) throws Exception {
        MachineProfile profile = new MachineProfile(4, 1.25, 0.1, 3_500, 120, 0.98, 500, 16, "VM \"x\" 25",
                "Linux amd64", "2026-11-27T05:00:00Z");
        Path file = dir.resolve("profile.json");
        profile.save(file);
        assertThat(MachineProfile.load(file)).isEqualTo(profile);
        Files.writeString(file, "{\"processors\": 2}");
        assertThatThrownBy(() -> MachineProfile.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("missing field \"gNanosPerWord\"");
        Files.writeString(file, "not json");
        assertThatThrownBy(() -> MachineProfile.load(file)).hasMessageContaining("expected '{'");
    }

    @Test
    @DisplayName("saving a profile follows a symbolic link to its target and writes a device in place")
    void profileSaveFollowsLinksAndLeavesDevicesAlone(@TempDir Path dir) throws Exception {
        MachineProfile profile = new MachineProfile(4, 1.25, 0.1, 3_500, 120, 0.98, 500, 16, "VM", "Linux amd64",
                "2026-11-27T05:00:00Z");
        Path target = dir.resolve("real.json");
        Files.writeString(target, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("real.json"));
        profile.save(link);
        assertThat(Files.isSymbolicLink(link)).as("the link is still a link").isTrue();
        assertThat(MachineProfile.load(target)).isEqualTo(profile);
        Path devNull = Path.of("/dev/null");
        if (Files.exists(devNull)) {
            profile.save(devNull);
            assertThat(Files.isRegularFile(devNull)).as("/dev/null is not replaced by a file").isFalse();
        }
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("real.json", "link.json");
        }
    }

    /** Per repetition, one median sample per h value of T - w = h·g + l plus Gaussian noise. */
    static List<List<CostModel.Sample>> synthetic(SplittableRandom random, int repetitions, double noiseNanos) {
        List<List<CostModel.Sample>> out = new ArrayList<>();
        for (int r = 0; r < repetitions; r++) {
            List<CostModel.Sample> repetition = new ArrayList<>();
            for (long h : new long[] {0, 1 << 10, 1 << 12, 1 << 14, 1 << 16}) {
                repetition.add(new CostModel.Sample(0, h, 5_000 + 2.0 * h + random.nextGaussian() * noiseNanos));
            }
            out.add(repetition);
        }
        return out;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    @DisplayName("the probe trusts a fit of clean supersteps and flags one of noisy supersteps, saying why")
    void trustOfSyntheticFits(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        // g = 2 ns/word, l = 5 us: noise of 100 ns is a quiet machine; 300 us swamps g·h (up to 131 us).
        MachineProfile clean = Probe.profile(2, synthetic(random, 5, 100), 500);
        assertThat(clean.warnings()).as("seed %d", seed).isEmpty();
        assertThat(clean.trusted()).isTrue();
        assertThat(clean.gNanosPerWord()).isCloseTo(2.0, within(0.01));
        MachineProfile noisy = Probe.profile(2, synthetic(random, 5, 300_000), 500);
        assertThat(noisy.trusted()).as("seed %d: %s", seed, noisy).isFalse();
        assertThat(noisy.warnings()).as("seed %d", seed).isNotEmpty();
    }

    @Test
    @DisplayName("the numbers a loaded machine gave (g = 0 ± 2390 ns/word, R² = 0.09) are flagged for each reason")
    void assessNamesEachReason() {
        assertThat(MachineProfile.assess(0.0, 2390, 5_000, 800, 0.09)).containsExactly(
                "R² = 0.090 is below 0.8: the time is not a line in h (a busy or noisy machine)",
                "g = 0.000 ns/word is not positive");
        assertThat(MachineProfile.assess(1.5, 2.0, 5_000, 6_000, 0.95)).containsExactly(
                "g = 1.500 ± 2.000 ns/word: the 95% confidence interval is wider than the value",
                "l = 5000 ± 6000 ns: the 95% confidence interval is wider than the value");
        assertThat(MachineProfile.assess(1.5, Double.NaN, 5_000, 100, 0.95)).hasSize(1);
        assertThat(MachineProfile.assess(1.5, 0.1, 5_000, 100, 0.95)).isEmpty();
    }

    @Test
    @DisplayName("the probe measures more while the fit is untrusted: a spoiled first batch is outvoted by later ones")
    void probeSamplesLongerUntilTrusted() {
        SplittableRandom random = new SplittableRandom(7);
        Probe.Options options = new Probe.Options(List.of(0, 1 << 10), 5, 2, 8, null);
        List<Integer> sizes = new ArrayList<>();
        // The first batch is swamped by a busy machine, the later ones are clean: with 6 repetitions the two
        // spoiled ones are outvoted (medians), so the probe trusts the fit before its bound of 8.
        MachineProfile p = Probe.measureUntilTrusted(2, options, (index, repetitions) -> {
            sizes.add(repetitions);
            return new Probe.Batch(synthetic(random, repetitions, index == 0 ? 300_000 : 10), repetitions * 10);
        });
        assertThat(p.warnings()).isEmpty();
        assertThat(p.gNanosPerWord()).isCloseTo(2.0, within(0.01));
        assertThat(sizes).hasSizeBetween(2, 3).containsOnly(2);
        assertThat(p.samples()).isEqualTo(sizes.size() * 20);
    }

    @Test
    @DisplayName("a probe that stays untrusted stops at maxRepetitions and says it could not measure")
    void probeGivesUpAtTheBound() {
        SplittableRandom random = new SplittableRandom(8);
        List<Integer> sizes = new ArrayList<>();
        MachineProfile p = Probe.measureUntilTrusted(2, new Probe.Options(List.of(0, 1 << 10), 5, 3, 8, null),
                (index, repetitions) -> {
                    sizes.add(repetitions);
                    return new Probe.Batch(synthetic(random, repetitions, 300_000), repetitions * 10);
                });
        assertThat(sizes).containsExactly(3, 3, 2);
        assertThat(p.trusted()).isFalse();
        assertThat(p.warnings()).last().asString().startsWith("could not measure g and l reliably in 8 repetitions "
                + "(80 supersteps)");
        assertThatThrownBy(() -> new Probe.Options(List.of(0, 1), 5, 3, 2, null))
                .hasMessage("maxRepetitions must be >= repetitions (3), got 2");
    }

    @Test
    @DisplayName("an untrusted profile round-trips through JSON with its warnings; an older profile is assessed")
    void untrustedProfileJson(@TempDir Path dir) throws Exception {
        MachineProfile busy = new MachineProfile(2, 0.0, 2390, 5_000, 800, 0.09, 31, 2, "VM", "Linux amd64",
                "2026-12-01T00:00:00Z");
        assertThat(busy.trusted()).isFalse();
        assertThat(busy.toJson()).contains("\"trusted\": false", "\"warnings\": [\"R² = 0.090 is below 0.8");
        Path file = dir.resolve("busy.json");
        busy.save(file);
        assertThat(MachineProfile.load(file)).isEqualTo(busy);
        MachineProfile custom = busy.withWarnings(List.of("measured \"by hand\"", "second"));
        assertThat(MachineProfile.fromJson(custom.toJson())).isEqualTo(custom);
        // Written before profiles had the fields: the numbers are assessed on reading.
        String old = busy.toJson().replaceAll("(?s),\\s*\"trusted\".*\\]", "");
        assertThat(old).doesNotContain("trusted");
        assertThat(MachineProfile.fromJson(old).warnings()).isEqualTo(busy.warnings());
        String contradiction = busy.toJson().replace("\"trusted\": false", "\"trusted\": true");
        assertThatThrownBy(() -> MachineProfile.fromJson(contradiction))
                .hasMessageContaining("field \"trusted\" is true but the warnings are [R² = 0.090");
        String notStrings = busy.toJson().replaceAll("\"warnings\": \\[.*\\]", "\"warnings\": [1]");
        assertThatThrownBy(() -> MachineProfile.fromJson(notStrings))
                .hasMessageContaining("field \"warnings\" must be an array of strings, got [1.0]");
    }

    @Test
    @DisplayName("a quick probe measures non-negative g and l at p = 2 from every superstep it ran")
    void quickProbe() {
        MachineProfile profile = Probe.run(2, Probe.Options.quick());
        assertThat(profile.processors()).isEqualTo(2);
        // Per batch: 3 h values x 5 supersteps x 2 repetitions, plus the superstep that receives the last
        // exchange; an untrusted fit on a busy machine adds batches, up to 4.
        assertThat(profile.samples() % 31).isZero();
        assertThat(profile.samples()).isBetween(31, 4 * 31);
        assertThat(profile.trusted()).isEqualTo(profile.warnings().isEmpty());
        assertThat(profile.gConfidence95()).isNotNegative();
        assertThat(profile.gNanosPerWord()).isNotNegative().isFinite();
        assertThat(profile.lNanos()).isNotNegative().isFinite();
        assertThat(profile.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThatThrownBy(() -> new Probe.Options(List.of(5, 5), 10, 1, null))
                .hasMessageContaining("at least two distinct values");
    }

    @Test
    @DisplayName("the probe runs its jobs where a runner says, on the processor count it was asked for")
    void probeThroughARunner() {
        io.ticktickclock.BspRuntime three = io.ticktickclock.BspRuntime.builder().processors(3).build();
        List<Probe.Job> jobs = new ArrayList<>();
        MachineProfile profile = Probe.run(3, Probe.Options.quick(), job -> {
            jobs.add(job);
            return three.run(job, List.of());
        });
        assertThat(profile.processors()).isEqualTo(3);
        // Two warm-up runs of the whole plan (3 h values x 5 supersteps x 2 repetitions), then the batches.
        assertThat(jobs.get(0).plan()).hasSize(30);
        assertThat(jobs).hasSizeBetween(3, 6);
        io.ticktickclock.BspRuntime two = io.ticktickclock.BspRuntime.builder().processors(2).build();
        assertThatThrownBy(() -> Probe.run(3, Probe.Options.quick(), job -> two.run(job, List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("on 2 processors, expected 3");
    }
}
