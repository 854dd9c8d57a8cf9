package io.ticktickclock.examples;

import java.util.Arrays;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A baseline, not a BSP program: the PageRank iteration of {@link PageRank} hand-written on plain threads
 * sharing memory, the yardstick the benchmarks and the scaling study hold the BSP version against.
 *
 * <p>Thread {@code t} owns the same block of nodes as processor {@code t} of {@link PageRank}. All threads
 * share one share vector and one rank vector: in each iteration every thread writes its block's shares
 * and dangling mass, all meet at a {@link CyclicBarrier}, then every thread pulls its nodes' new ranks
 * over the transposed graph and its L1 change, and all meet again (the changes are computed, like the
 * BSP version's, but not used: the caller fixes the iteration count). Nothing is copied between threads:
 * this is what the shared-memory machine allows and a distributed-memory program cannot do.
 */
public final class ThreadedPageRank {
    private ThreadedPageRank() {}

    /**
     * Runs {@code iterations} iterations from the uniform start on {@code threads} fresh threads.
     *
     * @param graph the graph (for out-degrees)
     * @param in its transpose ({@link Graph#transpose()})
     * @param damping the damping factor, in [0, 1]
     * @return the ranks in node order
     * @throws IllegalArgumentException if {@code threads < 1}, {@code iterations < 0}, {@code damping} is
     *     outside [0, 1], or {@code in} does not have the nodes and edges of {@code graph}
     * @throws IllegalStateException if a thread failed (the cause is its exception)
     * @throws InterruptedException if the caller is interrupted while waiting for the threads (they are
     *     interrupted and joined first)
     */
    public static double[] run(Graph graph, Graph in, double damping, int iterations, int threads)
            throws InterruptedException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        }
        PageRank.checkDamping(damping);
        if (in.nodes() != graph.nodes() || in.edges() != graph.edges()) {
            throw new IllegalArgumentException("in must be the transpose of graph: it has " + in.nodes()
                    + " nodes and " + in.edges() + " edges, expected " + graph.nodes() + " and " + graph.edges());
        }
        int n = graph.nodes();
        double[] rank = new double[n];
        double[] share = new double[n];
        double[] dangling = new double[threads];
        double[] change = new double[threads];
        Arrays.fill(rank, 1.0 / n);
        CyclicBarrier barrier = new CyclicBarrier(threads);
        Thread[] workers = new Thread[threads];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] inOffsets = in.offsets();
        int[] sources = in.targets();
        for (int t = 0; t < threads; t++) {
            int id = t;
            int first = PageRank.blockStart(t, n, threads);
            int end = PageRank.blockStart(t + 1, n, threads);
            workers[t] = new Thread(() -> {
                try {
                    for (int it = 0; it < iterations; it++) {
                        double mass = 0;
                        for (int u = first; u < end; u++) {
                            int degree = graph.outDegree(u);
                            if (degree == 0) {
                                mass += rank[u];
                            }
                            share[u] = degree == 0 ? 0 : rank[u] / degree;
                        }
                        dangling[id] = mass;
                        barrier.await();
                        double total = 0;
                        for (double m : dangling) {
                            total += m;
                        }
                        double base = (1 - damping) / n + damping * total / n;
                        double local = 0;
                        for (int v = first; v < end; v++) {
                            double sum = 0;
                            for (long e = inOffsets[v], stop = inOffsets[v + 1]; e < stop; e++) {
                                sum += share[sources[(int) e]];
                            }
                            double next = base + damping * sum;
                            local += Math.abs(next - rank[v]);
                            rank[v] = next;
                        }
                        change[id] = local;
                        barrier.await();
                    }
                } catch (BrokenBarrierException | InterruptedException e) {
                    // Another thread failed (or the caller gave up) and broke the barrier: not the cause.
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    // Interrupting the others breaks the barrier for good, so none of them waits forever.
                    for (Thread w : workers) {
                        if (w != Thread.currentThread()) {
                            w.interrupt();
                        }
                    }
                }
            }, "threaded-pagerank-" + t);
        }
        for (Thread w : workers) {
            w.start();
        }
        try {
            for (Thread w : workers) {
                w.join();
            }
        } catch (InterruptedException e) {
            for (Thread w : workers) {
                w.interrupt();
            }
            for (Thread w : workers) {
                w.join(1_000);
            }
            throw e;
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a thread failed: " + failure.get(), failure.get());
        }
        return rank;
    }
}
