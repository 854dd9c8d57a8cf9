"""Reference PageRank for the slow tests: NetworkX on a MultiDiGraph read from an edge list.

Usage: python3 networkx_pagerank.py EDGES RANKS
Writes 'id<TAB>rank' lines (repr precision). NetworkX stops when the L1 change is below N * tol, so a tiny
tol gives a converged reference.
"""
import sys

import networkx as nx

graph = nx.MultiDiGraph()
with open(sys.argv[1]) as edges:
    for line in edges:
        line = line.strip()
        if line and not line.startswith("#"):
            src, dst = line.split()
            graph.add_edge(int(src), int(dst))
ranks = nx.pagerank(graph, alpha=0.85, tol=1e-17, max_iter=100000)
with open(sys.argv[2], "w") as out:
    for node in sorted(ranks):
        out.write(f"{node}\t{ranks[node]!r}\n")
