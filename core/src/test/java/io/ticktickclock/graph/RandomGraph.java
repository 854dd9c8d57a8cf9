package io.ticktickclock.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A seeded random multigraph with sparse (also negative) ids, multi-edges, self-loops and dangling vertices,
 * and the sequential reference algorithms the vertex programs are checked against.
 */
record RandomGraph(long seed, long[] sources, long[] targets, double[] weights) {

    /** The hop distance of an unreachable vertex, as in {@code BreadthFirstSearch}. */
    static final long UNREACHABLE = Long.MAX_VALUE;

    static RandomGraph generate(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 1 + random.nextInt(200);
        long[] ids = new long[n];
        java.util.Set<Long> used = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            long id;
            do {
                id = switch (random.nextInt(4)) {
                    case 0 -> random.nextLong();                    // anywhere, negative too
                    case 1 -> random.nextLong(1_000);               // dense near 0
                    case 2 -> -1 - random.nextLong(10);             // -1 .. -10: NaN patterns as raw doubles
                    default -> Long.MAX_VALUE - random.nextLong(5); // the top of the range
                };
            } while (!used.add(id));
            ids[i] = id;
        }
        int m = random.nextInt(4 * n + 1);
        List<long[]> edges = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        int components = 1 + random.nextInt(Math.max(1, n / 10));
        for (int e = 0; e < m; e++) {
            int u = random.nextInt(n);
            // Edges stay within a component (u mod c): several components, many dangling vertices.
            int v = random.nextInt(4) == 0 ? u : (random.nextInt(n / components + 1) * components + u % components) % n;
            double w = random.nextInt(5) == 0 ? 0.0 : random.nextDouble() * 10;
            edges.add(new long[] {ids[u], ids[v]});
            weights.add(w);
            if (random.nextInt(8) == 0) { // a parallel edge, usually with another weight
                edges.add(new long[] {ids[u], ids[v]});
                weights.add(random.nextDouble() * 10);
            }
        }
        if (edges.isEmpty()) {
            edges.add(new long[] {ids[0], ids[0]});
            weights.add(1.0);
        }
        long[] s = new long[edges.size()];
        long[] t = new long[edges.size()];
        double[] w = new double[edges.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = edges.get(i)[0];
            t[i] = edges.get(i)[1];
            w[i] = weights.get(i);
        }
        return new RandomGraph(seed, s, t, w);
    }

    EdgeSource unweighted() {
        return EdgeSource.of(sources, targets);
    }

    EdgeSource weighted() {
        return EdgeSource.weighted(sources, targets, weights);
    }

    /** The vertex ids, ascending. */
    long[] ids() {
        long[] all = new long[2 * sources.length];
        System.arraycopy(sources, 0, all, 0, sources.length);
        System.arraycopy(targets, 0, all, sources.length, targets.length);
        return Arrays.stream(all).distinct().sorted().toArray();
    }

    private int[][] adjacency(long[] ids, boolean undirected) {
        int n = ids.length;
        List<List<Integer>> adj = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            adj.add(new ArrayList<>());
        }
        for (int e = 0; e < sources.length; e++) {
            int u = Arrays.binarySearch(ids, sources[e]);
            int v = Arrays.binarySearch(ids, targets[e]);
            adj.get(u).add(e);
            if (undirected) {
                adj.get(v).add(e);
            }
        }
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = adj.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /** Union-find: the smallest id of each vertex's weakly connected component, in id order. */
    long[] components() {
        long[] ids = ids();
        int[] parent = new int[ids.length];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (int e = 0; e < sources.length; e++) {
            int a = find(parent, Arrays.binarySearch(ids, sources[e]));
            int b = find(parent, Arrays.binarySearch(ids, targets[e]));
            // The root is the smaller index, which is the smaller id: ids are sorted.
            parent[Math.max(a, b)] = Math.min(a, b);
        }
        long[] label = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            label[i] = ids[find(parent, i)];
        }
        return label;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** Dijkstra with a binary heap: distances from {@code source} along out-edges, in id order. */
    double[] distances(long source) {
        long[] ids = ids();
        int[][] out = adjacency(ids, false);
        double[] dist = new double[ids.length];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        int s = Arrays.binarySearch(ids, source);
        dist[s] = 0;
        PriorityQueue<double[]> heap = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
        heap.add(new double[] {0, s});
        boolean[] done = new boolean[ids.length];
        while (!heap.isEmpty()) {
            int u = (int) heap.poll()[1];
            if (done[u]) {
                continue;
            }
            done[u] = true;
            for (int e : out[u]) {
                int v = Arrays.binarySearch(ids, targets[e]);
                double d = dist[u] + weights[e];
                if (d < dist[v]) {
                    dist[v] = d;
                    heap.add(new double[] {d, v});
                }
            }
        }
        return dist;
    }

    /** Breadth-first search with a queue: hop distances from {@code source}, in id order. */
    long[] hops(long source) {
        long[] ids = ids();
        int[][] out = adjacency(ids, false);
        long[] hops = new long[ids.length];
        Arrays.fill(hops, UNREACHABLE);
        int s = Arrays.binarySearch(ids, source);
        hops[s] = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(s));
        while (!queue.isEmpty()) {
            int u = queue.poll();
            for (int e : out[u]) {
                int v = Arrays.binarySearch(ids, targets[e]);
                if (hops[v] == UNREACHABLE) {
                    hops[v] = hops[u] + 1;
                    queue.add(v);
                }
            }
        }
        return hops;
    }

    /**
     * Power iteration with the pull PageRank's semantics: dangling mass spread uniformly; stop one iteration
     * after the L1 change falls below the tolerance. Ranks in id order.
     */
    double[] pageRank(double damping, double tolerance) {
        long[] ids = ids();
        int n = ids.length;
        int[] degree = new int[n];
        Map<Integer, List<Integer>> in = new HashMap<>();
        for (int e = 0; e < sources.length; e++) {
            int u = Arrays.binarySearch(ids, sources[e]);
            degree[u]++;
            in.computeIfAbsent(Arrays.binarySearch(ids, targets[e]), k -> new ArrayList<>()).add(u);
        }
        double[] rank = new double[n];
        Arrays.fill(rank, 1.0 / n);
        double change = Double.POSITIVE_INFINITY;
        while (true) {
            double dangling = 0;
            for (int u = 0; u < n; u++) {
                if (degree[u] == 0) {
                    dangling += rank[u];
                }
            }
            double[] next = new double[n];
            double l1 = 0;
            for (int v = 0; v < n; v++) {
                double sum = 0;
                for (int u : in.getOrDefault(v, List.of())) {
                    sum += rank[u] / degree[u];
                }
                next[v] = (1 - damping) / n + damping * (sum + dangling / n);
                l1 += Math.abs(next[v] - rank[v]);
            }
            rank = next;
            if (change < tolerance) {
                return rank;
            }
            change = l1;
        }
    }
}
