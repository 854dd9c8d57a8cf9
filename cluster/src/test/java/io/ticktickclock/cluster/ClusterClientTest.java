package io.ticktickclock.cluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterClientTest {

    @Test
    void processorsAreSpreadInProportionToWhatEachWorkerOffers() {
        assertThat(ClusterClient.spread(6, new int[] {2, 2, 2})).containsExactly(2, 2, 2);
        assertThat(ClusterClient.spread(4, new int[] {2, 2, 2})).containsExactly(2, 1, 1);
        assertThat(ClusterClient.spread(2, new int[] {2, 2, 2})).containsExactly(1, 1, 0);
        assertThat(ClusterClient.spread(10, new int[] {1, 3})).containsExactly(3, 7);
        assertThat(ClusterClient.spread(100, new int[] {4})).containsExactly(100);
    }

    @Test
    void aSpreadAlwaysGivesOutExactlyTheProcessorsAskedForAndNoWorkerGetsLessThanAFairShareRoundedDown() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int trial = 0; trial < 1_000; trial++) {
            int[] offered = random.ints(random.nextInt(1, 9), 1, 65).toArray();
            int total = random.nextInt(1, 1_000);
            int[] counts = ClusterClient.spread(total, offered);
            long sum = java.util.Arrays.stream(offered).sum();
            assertThat(java.util.Arrays.stream(counts).sum()).as("seed %d", seed).isEqualTo(total);
            for (int i = 0; i < offered.length; i++) {
                long floor = (long) total * offered[i] / sum;
                assertThat(counts[i]).as("seed %d", seed).isBetween((int) floor, (int) floor + 1);
            }
        }
    }

    @Test
    void badOptionsAreReportedWithTheArgument() {
        assertThatThrownBy(() -> ClusterClient.builder().addresses()).hasMessageContaining("addresses");
        assertThatThrownBy(() -> ClusterClient.builder().clusterName(" ")).hasMessageContaining("clusterName");
        assertThatThrownBy(() -> ClusterClient.builder().connectTimeout(Duration.ZERO))
                .hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> ClusterClient.builder().receiveTimeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("receiveTimeout");
        assertThatThrownBy(() -> WorkerNode.builder().port(0)).hasMessageContaining("port must be in 1..65535, got 0");
        assertThatThrownBy(() -> WorkerNode.builder().processors(0)).hasMessageContaining("processors must be >= 1");
        assertThatThrownBy(() -> WorkerNode.builder().join("nohost")).hasMessageContaining("host:port, got 'nohost'");
        assertThatThrownBy(() -> new WorkerInfo(0, "a:1", "h", 0, 0, 1)).hasMessageContaining("dataPort");
    }

    @Test
    void aWorkerDescribesItselfWithItsAddressAndProcessors() {
        assertThat(new WorkerInfo(1, "10.0.0.2:5701", "10.0.0.2", 4000, 4, 4).describe())
                .isEqualTo("worker 1 (10.0.0.2:5701, processors 4..7)");
        assertThat(new WorkerInfo(0, "h:1", "h", 2, 3, 1).describe()).isEqualTo("worker 0 (h:1, processor 3)");
    }
}
