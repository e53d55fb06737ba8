"""Projections of the knowledge graph into networkx, and their export for Gephi or Cytoscape.

Every node is named by its IRI and carries a ``label`` a reader can use and
a ``kind``; edges carry a ``weight``:

=====================  ===============================  ==============================================
projection             nodes                            edges, weight
=====================  ===============================  ==============================================
``decision-provision`` decisions and what they cite     decision cites item (bipartite), 1
``cocitation``         cited provisions and guidance    both cited by a decision; weight = decisions
``similarity``         decisions                        one of the k most similar of either; weight =
                                                        similarity (:mod:`kg.graph.similarity`)
``authority-fault``    authorities and fault types      fault of the type found at the authority;
                                                        weight = decisions
=====================  ===============================  ==============================================

All are read from a :class:`kg.store.Store` through SPARQL
(:func:`kg.graph.corpus.load_corpus`), never from Python objects, so they
work the same on every store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

import networkx as nx

from kg.errors import InputError
from kg.graph.corpus import Corpus, item_kind, load_corpus
from kg.graph.similarity import SimilarityIndex
from kg.store import Store

__all__ = [
    "EXPORT_FORMATS",
    "PROJECTIONS",
    "authority_fault_graph",
    "cocitation_graph",
    "decision_provision_graph",
    "export_graph",
    "projection",
    "similarity_graph",
]


def _decision_node(g: nx.Graph, corpus: Corpus, i: int) -> None:
    d = corpus.decisions[i]
    attrs = {
        "label": d.reference,
        "kind": "decision",
        "authority": d.authority,
        "date": d.date and d.date.isoformat(),
        "category": d.category,
    }
    g.add_node(d.iri, **{k: v for k, v in attrs.items() if v is not None})


def decision_provision_graph(source: Store | Corpus) -> nx.Graph:
    """Decisions and the provisions, Acts and guidance they cite: a bipartite graph (``bipartite`` 0 and 1)."""
    corpus = source if isinstance(source, Corpus) else load_corpus(source, ("provision",))
    g: nx.Graph = nx.Graph(name="decision-provision")
    for i in range(len(corpus)):
        _decision_node(g, corpus, i)
        g.nodes[corpus.decisions[i].iri]["bipartite"] = 0
    cited = Counter(iri for row in corpus.items.get("provision", ()) for iri in row)
    for iri in sorted(cited):
        g.add_node(iri, label=corpus.label(iri), kind=item_kind(iri), decisions=cited[iri], bipartite=1)
    for i, row in enumerate(corpus.items.get("provision", ())):
        g.add_edges_from(((corpus.decisions[i].iri, iri) for iri in row), weight=1)
    return g


def cocitation_graph(source: Store | Corpus) -> nx.Graph:
    """Cited provisions, Acts and guidance, joined when one decision cites both; ``weight`` counts those decisions.

    Each node has ``decisions`` (how many decisions cite it), ``label`` and ``kind``.  The pairs are
    counted here from each decision's citations as SPARQL returns them (one row per cited item):
    on Oxigraph that is some 40 times faster than a ``GROUP BY`` over pairs in the store.
    """
    corpus = source if isinstance(source, Corpus) else load_corpus(source, ("provision",))
    cited: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for row in corpus.items.get("provision", ()):
        cited.update(row)
        pairs.update(combinations(row, 2))  # rows are sorted: each pair once, (smaller, larger)
    g: nx.Graph = nx.Graph(name="cocitation")
    for iri in sorted(cited):
        g.add_node(iri, label=corpus.label(iri), kind=item_kind(iri), decisions=cited[iri])
    for (a, b), n in sorted(pairs.items()):
        g.add_edge(a, b, weight=n)
    return g


def similarity_graph(source: Store | Corpus | SimilarityIndex, k: int = 10) -> nx.Graph:
    """Decisions joined to their ``k`` most similar (either way round); ``weight`` is the similarity."""
    if isinstance(source, SimilarityIndex):
        index = source
    else:
        index = SimilarityIndex(source if isinstance(source, Corpus) else load_corpus(source))
    corpus = index.corpus
    g: nx.Graph = nx.Graph(name="similarity")
    for i in range(len(corpus)):
        _decision_node(g, corpus, i)
    edges = {}
    for a, best in enumerate(index.all_top(k)):
        for b, score in best:
            edges[(min(a, b), max(a, b))] = score
    for (a, b), score in sorted(edges.items()):
        g.add_edge(corpus.decisions[a].iri, corpus.decisions[b].iri, weight=round(score, 6))
    return g


def authority_fault_graph(source: Store | Corpus) -> nx.Graph:
    """Authorities and the fault types found against them; ``weight`` counts the decisions (bipartite)."""
    corpus = source if isinstance(source, Corpus) else load_corpus(source, ("fault", "authority"))
    counts: Counter[tuple[str, str]] = Counter()
    for i in range(len(corpus)):
        for authority in corpus.items["authority"][i]:
            for fault in corpus.items["fault"][i]:
                counts[(authority, fault)] += 1
    g: nx.Graph = nx.Graph(name="authority-fault")
    for authority in sorted({a for a, _ in counts}):
        g.add_node(authority, label=corpus.label(authority), kind="authority", bipartite=0)
    for fault in sorted({f for _, f in counts}):
        g.add_node(fault, label=corpus.label(fault), kind="fault-type", bipartite=1)
    for (authority, fault), n in sorted(counts.items()):
        g.add_edge(authority, fault, weight=n)
    return g


#: name -> function of a store giving the projection.
PROJECTIONS: dict[str, Callable[..., nx.Graph]] = {
    "decision-provision": decision_provision_graph,
    "cocitation": cocitation_graph,
    "similarity": similarity_graph,
    "authority-fault": authority_fault_graph,
}

EXPORT_FORMATS = ("graphml", "gexf")


def projection(store: Store, name: str, k: int = 10) -> nx.Graph:
    """The projection ``name`` (a key of :data:`PROJECTIONS`) of ``store``."""
    if name not in PROJECTIONS:
        raise InputError(f"unknown projection {name!r}; use one of: {', '.join(PROJECTIONS)}")
    return similarity_graph(store, k) if name == "similarity" else PROJECTIONS[name](store)


def export_graph(g: nx.Graph, fmt: str, path: str | Path) -> Path:
    """Write ``g`` as GraphML or GEXF (labels and kinds as node attributes); returns the path."""
    path = Path(path)
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown graph format {fmt!r}; use one of: {', '.join(EXPORT_FORMATS)}")
    out = g.copy()
    out.graph = {k: v for k, v in g.graph.items() if isinstance(v, (str, int, float))}
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(out, path, named_key_ids=True)
    else:
        nx.write_gexf(out, path)
    return path
