package io.ticktickclock.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticktickclock.BspContext;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.graph.GraphPartition.Direction;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The vertex engine allocates nothing per message or per vertex: each processor measures what its own thread
 * allocates in a long PageRank run and in a short one; the difference is what the extra supersteps cost.
 */
@Timeout(120)
class VertexAllocationTest {

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    @DisplayName("PageRank supersteps allocate nothing per message or vertex (a few hundred bytes per superstep)")
    void pageRankAllocatesNothingPerMessage() {
        int n = 20_000;
        int m = 200_000;
        SplittableRandom random = new SplittableRandom(11);
        long[] s = new long[m];
        long[] t = new long[m];
        for (int i = 0; i < m; i++) {
            s[i] = random.nextInt(n);
            t[i] = random.nextInt(n);
        }
        EdgeSource edges = EdgeSource.of(s, t);
        int shortRun = 10;
        int longRun = 60;
        List<long[]> perProcessor = BspRuntime.builder().processors(2).build().<Void, long[]>run(
                (BspContext<Void> ctx) -> {
                    GraphPartition part = GraphPartition.load(ctx, edges, VertexPartitioner.hash(), Direction.DIRECTED);
                    PageRank.program(0.85, 0, shortRun).run(ctx, part); // warms up the channels and the JIT
                    long a = allocatedBytes();
                    PageRank.program(0.85, 0, shortRun).run(ctx, part);
                    long b = allocatedBytes();
                    PageRank.program(0.85, 0, longRun).run(ctx, part);
                    long c = allocatedBytes();
                    return new long[] {b - a, c - b, part.edgeCount()};
                }).results();
        for (long[] bytes : perProcessor) {
            long extra = bytes[1] - bytes[0];
            long extraSupersteps = longRun - shortRun;
            long messages = extraSupersteps * bytes[2];
            assertThat(extra).as("bytes for %d more supersteps and %d more messages", extraSupersteps, messages)
                    .isLessThan(extraSupersteps * 2_000);
        }
    }
}
