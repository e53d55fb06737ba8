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
    <{base}lgsco/analytics/similarity/20-007-812/1> a omb:Similarity ;
                omb:similarDecision <other decision> ; omb:similarityScore 0.53 ; omb:similarityRank 1 .

>>> str(analytics_graph_iri("http://example.org/"))
'http://example.org/lgsco/analytics'
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.graph.analysis import communities, provision_ranking
from kg.graph.corpus import load_corpus
from kg.graph.similarity import WEIGHTS, SimilarityIndex
from kg.store import Store
from kg.vocab import DEFAULT_BASE, OMB

__all__ = ["WriteBackSummary", "analytics_graph_iri", "analytics_triples", "write_back"]


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
        return (f"wrote {self.triples:,} triples to graph <{self.graph}>: centrality of {self.provisions:,} cited "
                f"items, {self.communities:,} communities, {self.similarities:,} similarity links")

    def to_json(self) -> dict:
        return {"graph": self.graph, "triples": self.triples, "provisions": self.provisions,
                "communities": self.communities, "similarities": self.similarities}


def _double(x: float) -> Literal:
    return Literal(repr(round(float(x), 9)), datatype=XSD.double)


def analytics_triples(store: Store, base: str = DEFAULT_BASE, top: int = 5, k: int = 10, seed: int = 42,
                      resolution: float = 1.0) -> tuple[list[tuple], dict[str, int]]:
    """The triples of the analytics graph for ``store`` and counts of what they hold."""
    graph = analytics_graph_iri(base)
    triples: list[tuple] = [
        (graph, RDFS.label, Literal("Graph analytics of the LGSCO decisions")),
        (graph, RDFS.comment, Literal(
            f"Written by `kg graph write-back`: PageRank on provision co-citation; Louvain communities "
            f"(seed {seed}, resolution {resolution}) of the {k}-nearest-neighbour similarity graph; the {top} most "
            f"similar decisions of each (IDF-weighted Jaccard, kind weights "
            + ", ".join(f"{kind} {w}" for kind, w in WEIGHTS.items()) + ").")),
    ]
    ranking = provision_ranking(store)
    for p in ranking:
        item = URIRef(p.iri)
        triples += [(item, OMB.pageRank, _double(p.pagerank)),
                    (item, OMB.coCitationDegree, Literal(p.degree)),
                    (item, OMB.citingDecisions, Literal(p.decisions))]
    index = SimilarityIndex(load_corpus(store))
    groups = communities(index, k=k, resolution=resolution, seed=seed)
    for c in groups:
        node = URIRef(f"{graph}/community/{c.number}")
        triples += [(node, RDF.type, OMB.Community), (node, RDFS.label, Literal(f"Community {c.number}")),
                    (node, OMB.communitySize, Literal(c.size))]
        triples += [(node, OMB.characteristic, URIRef(t.iri)) for traits in c.traits.values() for t in traits]
        triples += [(URIRef(d.iri), OMB.community, node) for d in c.members]
    links = 0
    for a, best in enumerate(index.all_top(top)):
        d = index.corpus.decisions[a]
        slug = d.iri.rstrip("/").rsplit("/", 1)[-1]
        for rank, (b, score) in enumerate(best, start=1):
            node = URIRef(f"{graph}/similarity/{slug}/{rank}")
            triples += [(URIRef(d.iri), OMB.similarity, node), (node, RDF.type, OMB.Similarity),
                        (node, OMB.similarDecision, URIRef(index.corpus.decisions[b].iri)),
                        (node, OMB.similarityScore, _double(score)), (node, OMB.similarityRank, Literal(rank))]
            links += 1
    return triples, {"provisions": len(ranking), "communities": len(groups), "similarities": links}


def write_back(store: Store, base: str = DEFAULT_BASE, top: int = 5, k: int = 10, seed: int = 42,
               resolution: float = 1.0) -> WriteBackSummary:
    """Compute the scores and replace the analytics graph of ``store`` with them."""
    triples, counts = analytics_triples(store, base, top=top, k=k, seed=seed, resolution=resolution)
    graph = analytics_graph_iri(base)
    store.replace_graph(graph, triples)
    return WriteBackSummary(str(graph), len(triples), **counts)

