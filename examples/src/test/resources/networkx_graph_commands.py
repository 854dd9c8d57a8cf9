"""Reference components, BFS and shortest paths for the slow tests: NetworkX on an edge list.

Usage: python3 networkx_graph_commands.py EDGES SOURCE OUTDIR
Reads 'src dst [weight]' lines ('#' comments) into a MultiDiGraph and writes 'id<TAB>value' lines, sorted by
id, to OUTDIR/components.tsv (the smallest id of the node's weakly connected component), OUTDIR/bfs.tsv (hops
from SOURCE along edges) and OUTDIR/sssp.tsv (Dijkstra from SOURCE, the lightest parallel edge counting,
repr precision); 'inf' for a node SOURCE cannot reach.
"""
import os
import sys

import networkx as nx

graph = nx.MultiDiGraph()
with open(sys.argv[1]) as edges:
    for line in edges:
        line = line.strip()
        if line and not line.startswith("#"):
            fields = line.split()
            weight = float(fields[2]) if len(fields) > 2 else 1.0
            graph.add_edge(int(fields[0]), int(fields[1]), weight=weight)
source = int(sys.argv[2])
out = sys.argv[3]

label = {}
for component in nx.weakly_connected_components(graph):
    smallest = min(component)
    for node in component:
        label[node] = smallest
hops = nx.single_source_shortest_path_length(graph, source)
distances = nx.single_source_dijkstra_path_length(graph, source, weight="weight")


def write(name, values):
    with open(os.path.join(out, name), "w") as f:
        for node in sorted(graph.nodes):
            f.write(f"{node}\t{values[node]!r}\n" if node in values else f"{node}\tinf\n")


write("components.tsv", label)
write("bfs.tsv", hops)
write("sssp.tsv", distances)
