package io.ticktickclock.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticktickclock.BspException;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The blocks of the pull PageRank: what each processor holds, and the ranks of the program that reads them. */
@Timeout(60)
class PageRankBlocksTest {

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    @DisplayName("blocks(graph, p) gives processor q exactly the in-edges (in transpose order) and out-degrees of "
            + "its node range, and nothing else")
    void eachBlockHoldsExactlyItsNodesInEdges(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int nodes = 1 + random.nextInt(400);
        Graph g = Graph.uniform(nodes, random.nextInt(4_000), seed);
        Graph t = g.transpose();
        for (int p : new int[] {1, 2, 3, 1 + random.nextInt(12), nodes + 2}) {
            List<PageRank.Block> blocks = PageRank.blocks(g, p);
            assertThat(blocks).as("seed %d, p %d", seed, p).hasSize(p);
            long held = 0;
            for (int q = 0; q < p; q++) {
                PageRank.Block b = blocks.get(q);
                int first = PageRank.blockStart(q, nodes, p);
                int end = PageRank.blockStart(q + 1, nodes, p);
                String where = "seed " + seed + ", p " + p + ", block " + q;
                assertThat(b.nodes()).as(where).isEqualTo(nodes);
                assertThat(b.first()).as(where).isEqualTo(first);
                assertThat(b.count()).as(where).isEqualTo(end - first);
                assertThat(b.inOffsets()[0]).as(where).isZero();
                assertThat((long) b.inSources().length).as(where + ": its own in-edges only")
                        .isEqualTo(t.offsets()[end] - t.offsets()[first]).isEqualTo(b.inEdges());
                for (int v = 0; v < b.count(); v++) {
                    int u = first + v;
                    assertThat(Arrays.copyOfRange(b.inSources(), (int) b.inOffsets()[v], (int) b.inOffsets()[v + 1]))
                            .as("%s: in-edges of node %d", where, u)
                            .containsExactly(Arrays.copyOfRange(t.targets(), (int) t.offsets()[u],
                                    (int) t.offsets()[u + 1]));
                    assertThat(b.outDegrees()[v]).as("%s: out-degree of %d", where, u).isEqualTo(g.outDegree(u));
                }
                held += b.inSources().length;
            }
            assertThat(held).as("seed %d, p %d: every edge in exactly one block", seed, p).isEqualTo(g.edges());
        }
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(ints = {1, 2, 3, 8})
    @DisplayName("the program over blocks gives the graph-based program's ranks, iterations and change to the bit")
    void blocksAndSharedTransposeGiveTheSameRanksToTheBit(int p) {
        Graph g = Graph.rmat(10, 6, 17);
        BspRuntime runtime = BspRuntime.builder().processors(p).build();
        BspResult<PageRank.State> shared = runtime.run(PageRank.program(g, 0.85, 1e-12), PageRank.noInput());
        BspResult<PageRank.State> blocks = runtime.run(PageRank.program(0.85, 1e-12), PageRank.blocks(g, p));
        assertThat(PageRank.ranks(blocks, g.nodes())).as("p=%d", p).containsExactly(PageRank.ranks(shared, g.nodes()));
        assertThat(blocks.result(0).iterations()).isEqualTo(shared.result(0).iterations());
        assertThat(blocks.result(0).change()).isEqualTo(shared.result(0).change());
        assertThat(blocks.superstepCount()).isEqualTo(shared.superstepCount());
        // The graph-based program's processors index one shared transpose; the blocks' hold their own part.
        assertThat(shared.results()).allSatisfy(s -> assertThat(s.sourcesHeld()).isEqualTo(g.edges()));
        assertThat(blocks.results().stream().mapToLong(PageRank.State::sourcesHeld).sum()).isEqualTo(g.edges());
    }

    @Test
    @DisplayName("blocks built for another processor count fail the run at its start, naming the processor")
    void blocksForAnotherProcessorCountAreRefused() {
        Graph g = Graph.uniform(100, 500, 3);
        BspRuntime three = BspRuntime.builder().processors(3).build();
        assertThatThrownBy(() -> three.run(PageRank.program(0.85, 1e-9), PageRank.blocks(g, 2)))
                .isInstanceOf(BspException.class).rootCause().isInstanceOf(IllegalArgumentException.class)
                // Processor 0 gets no block and processor 1 the first: whichever fails first names itself.
                .hasMessageContaining("PageRank.blocks(graph, p) at the run's p").hasMessageContaining("processor ");
        BspRuntime two = BspRuntime.builder().processors(2).build();
        List<PageRank.Block> swapped = List.of(PageRank.blocks(g, 2).get(1), PageRank.blocks(g, 2).get(0));
        assertThatThrownBy(() -> two.run(PageRank.program(0.85, 1e-9), swapped))
                .isInstanceOf(BspException.class).rootCause().isInstanceOf(IllegalArgumentException.class)
                // Both processors got the other's block: whichever fails first names itself.
                .hasMessageMatching("processor (0 of 2 got the block of nodes \\[50, 100\\) of 100, expected \\[0, 50\\)"
                        + "|1 of 2 got the block of nodes \\[0, 50\\) of 100, expected \\[50, 100\\)).*");
    }

    @Test
    @DisplayName("a block whose shape is wrong (from a bad producer or a corrupt transfer) is refused, naming the field")
    void malformedBlocksAreRefused() {
        assertThatThrownBy(() -> new PageRank.Block(10, 0, new long[] {0, 1}, new int[] {10}, new int[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inSources must be nodes in [0, 10), got 10 at 0");
        assertThatThrownBy(() -> new PageRank.Block(10, 0, new long[] {0, 2, 1}, new int[2], new int[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("inOffsets must ascend, got 2 then 1 at 1");
        assertThatThrownBy(() -> new PageRank.Block(10, 0, new long[] {0, 3}, new int[2], new int[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inOffsets must lie in [0, inSources.length = 2], got 0 to 3");
        assertThatThrownBy(() -> new PageRank.Block(10, 0, new long[] {0}, new int[0], new int[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inOffsets must have count + 1 = 2 entries, got 1");
        assertThatThrownBy(() -> new PageRank.Block(10, 8, new long[] {0, 0, 0, 0}, new int[0], new int[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the block's nodes [8, 11) must lie in [0, 10)");
        assertThatThrownBy(() -> new PageRank.Block(10, 0, new long[] {0, 0}, new int[0], new int[] {-1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("outDegrees must be >= 0, got -1 at 0");
        assertThatThrownBy(() -> PageRank.blocks(Graph.uniform(5, 5, 1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("processors must be >= 1, got 0");
        assertThatThrownBy(() -> new PageRank.Job(1.5, 1e-9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("damping must be in [0, 1], got 1.5");
    }
}
