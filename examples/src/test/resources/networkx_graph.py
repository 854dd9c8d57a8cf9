"""Reference graph algorithms for WordNetGraphTest: NetworkX on a MultiDiGraph read from a weighted edge list.

Usage: python3 networkx_graph.py EDGES SOURCE TOL OUT
EDGES has 'src dst weight' lines. Writes one 'id<TAB>component<TAB>hops<TAB>distance<TAB>rank' line per node,
sorted by id: the smallest id of its weakly connected component, the BFS hop distance and the Dijkstra distance
from SOURCE ('inf' if unreachable; parallel edges: the lightest counts), and the PageRank (alpha 0.85, dangling
mass spread uniformly, parallel edges counted, weights ignored) with NetworkX's tolerance TOL (it stops once the L1 change is below
N * TOL). Floats in repr precision.
"""
import sys

import networkx as nx

path, source, tol, out_path = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
graph = nx.MultiDiGraph()
with open(path) as edges:
    for line in edges:
        src, dst, weight = line.split()
        graph.add_edge(int(src), int(dst), weight=float(weight))
component = {}
for nodes in nx.weakly_connected_components(graph):
    smallest = min(nodes)
    for node in nodes:
        component[node] = smallest
hops = nx.single_source_shortest_path_length(graph, source)
distance = nx.single_source_dijkstra_path_length(graph, source, weight="weight")
ranks = nx.pagerank(graph, alpha=0.85, tol=tol, max_iter=10000, weight=None)
with open(out_path, "w") as out:
    for node in sorted(graph.nodes):
        out.write(f"{node}\t{component[node]}\t{hops.get(node, 'inf')}\t{distance.get(node, float('inf'))!r}"
                  f"\t{ranks[node]!r}\n")
