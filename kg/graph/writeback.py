"""Write graph scores back into the store, as RDF in one analytics graph that SPARQL can use.

The graph is named ``{base}lgsco/analytics``; writing replaces it whole, so
re-running gives the same graph, never a second copy.  It is not a decision
graph (no ``omb:Decision`` is typed in it), so the queries and commands that
match ``GRAPH ?decision { ?decision a omb:Decision … }`` ignore it.  Terms
(``ontology/ontology.ttl``, section "analytics")::

    <provision> omb:pageRank 0.21 ; omb:coCitationDegree 5 ; omb:citingDecisions 12 .
    <decision>  omb:community <{base}lgsco/analytics/community/1> ;
                omb:similarity <{base}lgsco/analytics/similarity/20-007-812/1> .
    <{base}lgsco/analytics/community/1> a omb:Community ; rdfs:label "Community 1" ;
                omb:communitySize 14 ; omb:characteristic <provision>, <fault type>, <category> .
    <{base}lgsco/analytics/similarity/20-007-812/1>              (an omb:Similarity, by the range of omb:similarity)
                omb:similarDecision <other decision> ; omb:similarityScore 0.53 ; omb:similarityRank 1 .

>>> str(analytics_graph_iri("http://example.org/"))
'http://example.org/lgsco/analytics'
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.errors import InputError
from kg.graph.analysis import communities, provision_ranking
from kg.graph.corpus import load_corpus
from kg.graph.similarity import WEIGHTS, SimilarityIndex
from kg.store import Store
from kg.vocab import DEFAULT_BASE, OMB

__all__ = ["WriteBackSummary", "analytics_graph_iri", "analytics_triples", "store_base", "write_back"]


def analytics_graph_iri(base: str = DEFAULT_BASE) -> URIRef:
    """The name of the analytics graph."""
    return URIRef(f"{base}lgsco/analytics")


@dataclass(frozen=True, slots=True)
class WriteBackSummary:
    graph: str
    triples: int
    provisions: int
    communities: int
    similarities: int

    def __str__(self) -> str:
        def n(count: int, one: str, many: str) -> str:
            return f"{count:,} {one if count == 1 else many}"

        return (
            f"wrote {n(self.triples, 'triple', 'triples')} to graph <{self.graph}>: centrality of "
            f"{n(self.provisions, 'cited item', 'cited items')}, {n(self.communities, 'community', 'communities')}, "
            f"{n(self.similarities, 'similarity link', 'similarity links')}"
        )

    def to_json(self) -> dict:
        return {
            "graph": self.graph,
            "triples": self.triples,
            "provisions": self.provisions,
            "communities": self.communities,
            "similarities": self.similarities,
        }


def _double(x: float) -> Literal:
    return Literal(repr(round(float(x), 9)), datatype=XSD.double)


def analytics_triples(
    store: Store,
    base: str = DEFAULT_BASE,
    top: int = 3,
    k: int = 10,
    seed: int = 42,
    resolution: float = 1.0,
    counts: dict[str, int] | None = None,
) -> Iterator[tuple]:
    """The triples of the analytics graph for ``store``; ``counts`` (if given) is filled with what they hold."""
    counts = {} if counts is None else counts
    graph = analytics_graph_iri(base)
    yield graph, RDFS.label, Literal("Graph analytics of the LGSCO decisions")
    yield (
        graph,
        RDFS.comment,
        Literal(
            f"Written by `kg graph write-back`: PageRank on provision co-citation; Louvain communities "
            f"(seed {seed}, resolution {resolution}) of the {k}-nearest-neighbour similarity graph; the {top} most "
            f"similar decisions of each (IDF-weighted Jaccard, kind weights "
            + ", ".join(f"{kind} {w}" for kind, w in WEIGHTS.items())
            + ")."
        ),
    )
    corpus = load_corpus(store)
    ranking = provision_ranking(corpus)
    counts["provisions"] = len(ranking)
    for p in ranking:
        item = URIRef(p.iri)
        yield item, OMB.pageRank, _double(p.pagerank)
        yield item, OMB.coCitationDegree, Literal(p.degree)
        yield item, OMB.citingDecisions, Literal(p.decisions)
    index = SimilarityIndex(corpus)
    index.all_top(max(k, top))  # once, for the community graph and the links
    groups = communities(index, k=k, resolution=resolution, seed=seed)
    counts["communities"] = len(groups)
    for c in groups:
        node = URIRef(f"{graph}/community/{c.number}")
        yield node, RDF.type, OMB.Community
        yield node, RDFS.label, Literal(f"Community {c.number}")
        yield node, OMB.communitySize, Literal(c.size)
        for traits in c.traits.values():
            for t in traits:
                yield node, OMB.characteristic, URIRef(t.iri)
        for d in c.members:
            yield URIRef(d.iri), OMB.community, node
    del groups
    links = 0
    for a, best in enumerate(index.all_top(top)):
        decision = URIRef(corpus.decisions[a].iri)
        slug = decision.rstrip("/").rsplit("/", 1)[-1]
        for rank, (b, score) in enumerate(best, start=1):
            node = URIRef(f"{graph}/similarity/{slug}/{rank}")
            yield decision, OMB.similarity, node
            yield node, OMB.similarDecision, URIRef(corpus.decisions[b].iri)
            yield node, OMB.similarityScore, _double(score)
            yield node, OMB.similarityRank, Literal(rank)
            links += 1
    counts["similarities"] = links


def _nt(term) -> str:
    """An IRI or literal in N-Triples syntax."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{text}"^^<{term.datatype}>' if term.datatype else f'"{text}"'


def store_base(store: Store, base: str = DEFAULT_BASE) -> str:
    """The base the analytics graph is minted under: the one the store's decisions were built with
    (``kg build --base``), read from the store; ``base`` only for a store without decisions.  A ``base``
    other than the default that differs from the store's is refused (IRIs beside the decisions' or none).

    >>> from kg.store import MemoryStore
    >>> from rdflib import URIRef
    >>> store, d = MemoryStore(), URIRef("http://example.org/lgsco/decision/1")
    >>> store.replace_graph(d, [(d, URIRef("http://x/p"), d)])
    >>> store_base(store)
    'http://example.org/'
    """
    minted = store.bases()
    if not minted:
        return base
    if len(minted) > 1:
        raise InputError(
            f"the store holds decisions minted under {len(minted)} bases ({', '.join(sorted(minted))}); "
            "write-back needs one: rebuild the store with one --base"
        )
    (found,) = minted
    if base not in (DEFAULT_BASE, found):
        raise InputError(
            f"the store's decisions are minted under {found}, not {base}; write-back mints its IRIs beside "
            "them: leave --base out"
        )
    return found


def write_back(
    store: Store, base: str = DEFAULT_BASE, top: int = 3, k: int = 10, seed: int = 42, resolution: float = 1.0
) -> WriteBackSummary:
    """Compute the scores and replace the analytics graph of ``store`` with them, minted under the base
    the store was built with (:func:`store_base`).

    Stores with a bulk N-Quads path (the embedded ones) get the graph through it: the old graph
    is removed, then the new one loaded in one go, which takes a fraction of the memory of one
    SPARQL update; other stores replace the graph in one :meth:`~kg.store.Store.replace_graph`.
    """
    base = store_base(store, base)
    graph = analytics_graph_iri(base)
    counts: dict[str, int] = {}
    triples = analytics_triples(store, base, top=top, k=k, seed=seed, resolution=resolution, counts=counts)
    bulk = getattr(store, "replace_graphs_nquads", None)
    limit = getattr(store, "BULK_LIMIT", None)
    if bulk is not None:
        tail, out, size = f" <{graph}> .\n", io.BytesIO(), 0
        for s, p, o in triples:
            out.write(f"{_nt(s)} {_nt(p)} {_nt(o)}{tail}".encode())
            size += 1
        data = out.getvalue()
        del out
        if limit is None or size <= limit:  # a fresh graph goes in by bulk load; a larger one by one update
            store.remove_graph(graph)
        bulk([(str(graph), data)])
    else:
        materialised = list(triples)
        store.replace_graph(graph, materialised)
        size = len(materialised)
    return WriteBackSummary(str(graph), size, **counts)
