"""Corpus statistics kept as RDF in one named graph, ``{base}lgsco/statistics``.

Some questions are about the whole archive at once and cost more than a
second however the SPARQL is written.  Provision co-citation is one: every
decision contributes every pair of the provisions it cites, so Oxigraph
enumerates about twenty pairs a decision (35 s at 50,000 decisions).  The
pairs are counted here instead, in Python, from two cheap reads of the store
(what each decision cites, one row a decision, and each provision's label),
and the named query ``provision_cocitation`` reads the result::

    <{base}lgsco/statistics/cocitation/{key}> a omb:CoCitation ;
        omb:coCited <provision 1>, <provision 2> ;
        omb:citingDecisions 412 .                    # decisions citing both
    <provision 1> omb:provisionLabel "Children Act 1989 s17" .

A provision's label is the least of the labels decisions give it (as the
query's ``MIN`` did).  The graph is derived data: :func:`refresh` recomputes
it from the decision graphs (``kg build`` calls it after every build that
changed anything, on any store), so it is never edited by hand and never
validated as a decision.

>>> from kg.store import MemoryStore
>>> from rdflib import Literal, URIRef
>>> from rdflib.namespace import RDF
>>> from kg.vocab import OMB
>>> store, d, law = MemoryStore(), URIRef("http://example.org/lgsco/decision/1"), "http://www.legislation.gov.uk/id/ukpga/1989/41/section/"
>>> store.replace_graph(d, [(d, RDF.type, OMB.Decision)] + [
...     t for n in ("17", "47") for t in ((d, OMB.cites, URIRef(law + n)), (URIRef(law + n), OMB.provisionLabel, Literal("s" + n)))])
>>> refresh(store, "http://example.org/")
1
>>> from kg.query import run
>>> [(str(r[1]), str(r[3]), int(r[4])) for r in run(store, "provision_cocitation").rows]
[('s17', 's47', 1)]
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from itertools import combinations

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from kg.store import Store
from kg.terms import nquad
from kg.vocab import DEFAULT_BASE, OMB, OMB_PREFIX, sparql_prefixes

#: What each decision cites, one row a decision (a graph named by its decision's IRI; guidance
#: documents too: they have no omb:provisionLabel and drop out), and each provision's least label.
#: Single patterns and one row per decision: several times faster than the join, or a row per citation
CITED = (
    OMB_PREFIX
    + """SELECT (GROUP_CONCAT(STR(?provision); separator=" ") AS ?cited)
WHERE { GRAPH ?decision { ?decision omb:cites ?provision } }
GROUP BY ?decision"""
)
LABELS = (
    OMB_PREFIX
    + """SELECT ?provision (MIN(?label) AS ?least) WHERE { ?provision omb:provisionLabel ?label } GROUP BY ?provision"""
)


#: What ``provision_cocitation`` counts, written as one SPARQL query over every decision graph: the
#: definition the statistics graph is checked against (tests), and what a store without it would run
COCITATION_DEFINITION = (
    OMB_PREFIX
    + """SELECT ?provision1 (MIN(?label1) AS ?provisionLabel1) ?provision2 (MIN(?label2) AS ?provisionLabel2)
       (COUNT(DISTINCT ?decision) AS ?decisions)
WHERE {
  GRAPH ?decision {
    ?decision a omb:Decision ;
              omb:cites ?provision1, ?provision2 .
    ?provision1 omb:provisionLabel ?label1 .
    ?provision2 omb:provisionLabel ?label2 .
    FILTER (STR(?provision1) < STR(?provision2))
  }
}
GROUP BY ?provision1 ?provision2
ORDER BY DESC(?decisions) ?provision1 ?provision2"""
)


#: The named queries that read the statistics graph, each with the query over the decision graphs it stands for
DEFINITIONS = {"provision_cocitation": COCITATION_DEFINITION}


def statistics_graph_iri(base: str = DEFAULT_BASE) -> URIRef:
    """The named graph the statistics live in."""
    return URIRef(f"{base}lgsco/statistics")


def cocitations(store: Store) -> tuple[Counter[tuple[str, str]], dict[str, str]]:
    """Every pair of provisions (IRIs in code-point order) with the number of decisions citing both,
    and each provision's least label."""
    labels = {str(p): str(label) for p, label in store.select(LABELS).rows}
    pairs: Counter[tuple[str, str]] = Counter()
    for (cited,) in store.select(CITED).rows:  # IRIs hold no space
        pairs.update(combinations(sorted({p for p in str(cited).split(" ") if p in labels}), 2))
    return pairs, labels


def statistics_triples(
    pairs: Counter[tuple[str, str]], labels: dict[str, str], base: str = DEFAULT_BASE
) -> list[tuple[URIRef, URIRef, URIRef | Literal]]:
    """The statistics graph's triples for the :func:`cocitations` of a store."""
    out: list[tuple[URIRef, URIRef, URIRef | Literal]] = []
    prefix = f"{base}lgsco/statistics/cocitation/"
    for (first, second), n in sorted(pairs.items()):
        node = URIRef(prefix + hashlib.sha256(f"{first} {second}".encode()).hexdigest()[:20])
        out += [
            (node, RDF.type, OMB.CoCitation),
            (node, OMB.coCited, URIRef(first)),
            (node, OMB.coCited, URIRef(second)),
            (node, OMB.citingDecisions, Literal(n, datatype=XSD.integer)),
        ]
    for provision in sorted({p for pair in pairs for p in pair}):
        out.append((URIRef(provision), OMB.provisionLabel, Literal(labels[provision])))
    return out


def refresh(store: Store, base: str = DEFAULT_BASE) -> int:
    """Recompute the statistics graph of ``store`` and replace it; returns the number of co-cited pairs.

    Any mark that the statistics were out of date (:func:`stale_mark`) is removed after the new graph is in.
    """
    pairs, labels = cocitations(store)
    store.replace_graph(statistics_graph_iri(base), statistics_triples(pairs, labels, base))
    for graph, statistics in stale_marks(store):
        if statistics == str(statistics_graph_iri(base)):
            store.remove_graph(URIRef(graph))
    return len(pairs)


# --- knowing when the statistics are out of date ---------------------------------------------------
#
# A build loads decisions batch by batch and refreshes the statistics at the end.  Killed in between, the
# store would hold new decisions with old statistics, and a re-run (which skips every file it already
# committed) would never notice.  So the first batch a build commits carries a mark, in the same store
# operation as its decisions: a small graph of its own saying the statistics graph was invalidated by this
# build (PROV-O's prov:wasInvalidatedBy).  :func:`refresh` removes the marks once the new statistics are in;
# a mark still there means a later build, or `kg validate`, must refresh.

_MARKS = (
    sparql_prefixes("prov")
    + "SELECT DISTINCT ?g ?statistics WHERE { GRAPH ?g { ?statistics prov:wasInvalidatedBy ?build } }"
)


def stale_mark(base: str = DEFAULT_BASE) -> tuple[str, bytes]:
    """A new mark, as (its graph name, its N-Quads), to load with a build's first batch of decisions."""
    build = uuid.uuid4().hex
    graph = URIRef(f"{base}lgsco/state/stale-statistics/{build}")
    quad = nquad(statistics_graph_iri(base), PROV.wasInvalidatedBy, URIRef(f"{base}lgsco/state/build/{build}"), graph)
    return str(graph), quad.encode("utf-8")


def stale_marks(store: Store) -> list[tuple[str, str]]:
    """Every mark in ``store``: (its graph, the statistics graph it says is out of date), sorted."""
    return sorted((str(g), str(stats)) for g, stats in store.select(_MARKS).rows)


def refresh_if_stale(store: Store) -> list[str]:
    """Refresh each statistics graph a mark says is out of date (whatever base it was built with); their IRIs."""
    repaired = sorted({stats for _, stats in stale_marks(store)})
    for stats in repaired:
        refresh(store, stats.removesuffix("lgsco/statistics"))
    return repaired


__all__ = [
    "refresh_if_stale",
    "stale_mark",
    "stale_marks",
    "CITED",
    "COCITATION_DEFINITION",
    "DEFINITIONS",
    "LABELS",
    "cocitations",
    "refresh",
    "statistics_graph_iri",
    "statistics_triples",
]
