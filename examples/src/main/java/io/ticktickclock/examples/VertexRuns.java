package io.ticktickclock.examples;

import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.graph.EdgeSource;
import io.ticktickclock.graph.GraphPartition;
import io.ticktickclock.graph.VertexPartitioner;
import io.ticktickclock.graph.VertexProgram;
import io.ticktickclock.graph.VertexResult;
import java.util.concurrent.atomic.LongAdder;

/**
 * The glue between the command line and {@code io.ticktickclock.graph}: loads a graph's edges, streamed
 * ({@link GraphInput#stream}), and runs a vertex program on it, in one BSP run, so that the progress lines, the
 * analysis and the metrics cover loading and computing alike.
 */
final class VertexRuns {
    private VertexRuns() {}

    /** The runtime's superstep limit for vertex programs: the programs stop themselves (they halt). */
    static final int MAX_SUPERSTEPS = 1_000_000;

    /** The partitioners {@code --partitioner} offers. */
    enum Partitioner {
        /** {@link VertexPartitioner#hash()}: balanced for any ids. */
        hash(VertexPartitioner.hash()),
        /** {@link VertexPartitioner#range()}: contiguous id ranges over the graph's ids. */
        range(VertexPartitioner.range());

        final VertexPartitioner partitioner;

        Partitioner(VertexPartitioner partitioner) {
            this.partitioner = partitioner;
        }
    }

    /**
     * Loads {@code edges} partitioned by {@code partitioner} and runs {@code program}; each processor's
     * result holds its own vertices ({@link VertexResult#merge} joins them). Each processor reads its share of
     * the edges and keeps only its partition.
     *
     * @param partitionBytes receives each partition's {@link GraphPartition#memoryBytes()}
     */
    static BspResult<VertexResult> run(BspRuntime runtime, EdgeSource edges, GraphPartition.Direction direction,
            Partitioner partitioner, VertexProgram<?, ?> program, LongAdder partitionBytes) {
        VertexPartitioner owner = partitioner.partitioner;
        return runtime.<Void, VertexResult>run(program.name(), ctx -> {
            GraphPartition mine = GraphPartition.load(ctx, edges, owner, direction);
            partitionBytes.add(mine.memoryBytes());
            return program.run(ctx, mine);
        });
    }
}
