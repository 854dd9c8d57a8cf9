/**
 * Vertex-centric graph computing on the BSP runtime (Pregel's model): partitioned graphs, vertex programs,
 * and the algorithms users run.
 *
 * <ul>
 *   <li>{@link io.ticktickclock.graph.EdgeSource} and {@link io.ticktickclock.graph.VertexPartitioner}: where
 *       the edges come from and who owns which vertex; {@link io.ticktickclock.graph.GraphPartition} is one
 *       processor's vertices and out-edges, and {@link io.ticktickclock.graph.PartitionedGraph} all of them,
 *       loaded once on a runtime.
 *   <li>{@link io.ticktickclock.graph.VertexProgram}: {@code compute(vertex, messages)} for every vertex in
 *       every superstep, with combiners, {@linkplain io.ticktickclock.graph.Aggregator aggregators} and a
 *       {@linkplain io.ticktickclock.graph.Master master step}; {@link io.ticktickclock.graph.VertexResult}
 *       its outcome.
 *   <li>The algorithms: {@link io.ticktickclock.graph.ConnectedComponents},
 *       {@link io.ticktickclock.graph.ShortestPaths}, {@link io.ticktickclock.graph.BreadthFirstSearch},
 *       {@link io.ticktickclock.graph.PageRank}.
 * </ul>
 *
 * <p>Everything here is built on the public API of {@code io.ticktickclock} (the pair and long lanes,
 * collectives), so it runs unchanged on any runtime that implements it. The package's
 * argument rule is that of {@link io.ticktickclock}: a null argument throws {@code NullPointerException}
 * naming the parameter, any other bad argument {@code IllegalArgumentException} naming it, its value and
 * what was expected.
 */
package io.ticktickclock.graph;
