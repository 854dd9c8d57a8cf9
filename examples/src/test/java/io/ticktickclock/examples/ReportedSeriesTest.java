package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.telemetry.BspEvent;
import io.ticktickclock.telemetry.Telemetry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The series the examples report through telemetry, which the dashboard plots. */
@Timeout(60)
class ReportedSeriesTest {

    private static List<BspEvent.SeriesReported> reports(Telemetry telemetry) {
        List<BspEvent.SeriesReported> reports = new CopyOnWriteArrayList<>();
        telemetry.attach("series", Set.of(BspEvent.SeriesReported.class),
                e -> reports.add((BspEvent.SeriesReported) e));
        return reports;
    }

    @Test
    @DisplayName("PageRank reports the global L1 change it learns, from processor 0, once per superstep, "
            + "the same values its listener hears, falling below the tolerance at the end")
    void pageRankReportsItsL1Change() {
        Telemetry telemetry = Telemetry.create();
        List<BspEvent.SeriesReported> reports = reports(telemetry);
        List<Double> heard = new CopyOnWriteArrayList<>();
        Graph g = Graph.uniform(2_000, 20_000, 3);
        BspRuntime.builder().processors(3).observer(telemetry).build()
                .run(PageRank.program(g, 0.85, 1e-9, (superstep, change) -> heard.add(change)), PageRank.noInput());
        assertThat(reports).isNotEmpty().allSatisfy(r -> {
            assertThat(r.series()).isEqualTo("l1-change");
            assertThat(r.processorId()).isZero();
        });
        assertThat(reports).extracting(BspEvent.SeriesReported::superstep).doesNotHaveDuplicates().isSorted();
        assertThat(reports).extracting(BspEvent.SeriesReported::value).containsExactlyElementsOf(heard);
        assertThat(reports.getLast().value()).isLessThan(1e-9);
    }

    @Test
    @DisplayName("sample sort reports its bucket balance once: the largest bucket over the mean, from the buckets "
            + "it returned")
    void sampleSortReportsItsBucketBalance() {
        Telemetry telemetry = Telemetry.create();
        List<BspEvent.SeriesReported> reports = reports(telemetry);
        long[] input = Numbers.generate(100_000, Numbers.Distribution.UNIFORM, 5);
        int p = 4;
        BspResult<long[]> r = BspRuntime.builder().processors(p).observer(telemetry).build()
                .run(SampleSort.program(input));
        long largest = r.results().stream().mapToLong(b -> b.length).max().orElseThrow();
        assertThat(reports).singleElement().satisfies(e -> {
            assertThat(e.series()).isEqualTo("bucket-balance");
            assertThat(e.value()).isEqualTo((double) largest * p / input.length).isBetween(1.0, 1.2);
        });
    }
}
