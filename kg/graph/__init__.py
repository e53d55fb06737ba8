"""Graph algorithms for legal research: similar decisions, central provisions, recurring faults.

Projections of the knowledge graph into networkx (:mod:`kg.graph.projections`),
read from any :class:`kg.store.Store` through SPARQL, and the algorithms on
them, whose answers are told in the decisions' own terms (references,
authorities, provision names such as "Children Act 1989 s47"):

* :func:`similar` — the decisions most like one, with the items they share
  (IDF-weighted Jaccard; weights in :data:`kg.graph.similarity.WEIGHTS`);
* :func:`provision_ranking` — PageRank and degree on provision co-citation;
* :func:`communities` — seeded Louvain on the k-nearest-neighbour similarity graph;
* :func:`recurrences` — the same fault type found at one authority again and again;
* :func:`explain_path` — the shortest chain of shared items between two decisions;
* :func:`write_back` — the scores as RDF in the analytics graph ``{base}lgsco/analytics``.
"""

from __future__ import annotations

from kg.graph.analysis import (
    Community,
    Link,
    ProvisionRank,
    Recurrence,
    communities,
    explain_path,
    pagerank,
    provision_ranking,
    recurrences,
)
from kg.graph.corpus import KINDS, Corpus, DecisionInfo, load_corpus
from kg.graph.projections import (
    EXPORT_FORMATS,
    PROJECTIONS,
    authority_fault_graph,
    cocitation_graph,
    decision_provision_graph,
    export_graph,
    projection,
    similarity_graph,
)
from kg.graph.similarity import WEIGHTS, Match, SharedItem, SimilarityIndex
from kg.graph.writeback import WriteBackSummary, analytics_graph_iri, write_back

__all__ = [
    "EXPORT_FORMATS",
    "KINDS",
    "PROJECTIONS",
    "WEIGHTS",
    "Community",
    "Corpus",
    "DecisionInfo",
    "Link",
    "Match",
    "ProvisionRank",
    "Recurrence",
    "SharedItem",
    "SimilarityIndex",
    "Similar",
    "WriteBackSummary",
    "analytics_graph_iri",
    "authority_fault_graph",
    "cocitation_graph",
    "communities",
    "decision_provision_graph",
    "explain_path",
    "export_graph",
    "load_corpus",
    "pagerank",
    "projection",
    "provision_ranking",
    "recurrences",
    "similar",
    "similarity_graph",
    "write_back",
]


class Similar:
    """The answer of :func:`similar`: the decision asked about and its matches, best first."""

    def __init__(self, decision: DecisionInfo, matches: list[Match]) -> None:
        self.decision = decision
        self.matches = matches

    def to_json(self) -> dict:
        return {"decision": self.decision.to_json(), "similar": [m.to_json() for m in self.matches]}


def similar(source, reference: str, top: int = 10) -> Similar:
    """The ``top`` decisions most similar to decision ``reference`` of ``source`` (a Store, Corpus or index)."""
    index = (
        source
        if isinstance(source, SimilarityIndex)
        else SimilarityIndex(source if isinstance(source, Corpus) else load_corpus(source))
    )
    a = index.corpus.position(reference)
    return Similar(index.corpus.decisions[a], index.matches(a, top))
