"""Labels beside IRIs: what a CSV or JSON table shows next to each IRI that has a name.

A column ``x`` holding IRIs gains a column ``xLabel`` (the Wikidata query
service's naming) when any of its IRIs has a label: a concept's preferred
label from our vocabularies, else the least ``rdfs:label`` the store holds
for it (a decision's "LGSCO decision 20 007 812", an authority's name, a
provision's "Children Act 1989 s17").  The new columns come after every
column the query gives, so the columns scripts read stay where they were.

>>> from rdflib import URIRef
>>> from kg.store import MemoryStore, SelectResult
>>> upheld = URIRef("https://w3id.org/lgsco-kg/vocab/outcome/upheld")
>>> r = with_labels(MemoryStore(), SelectResult(("outcome", "n"), ((upheld, None),)))
>>> r.vars, str(r.rows[0][2])
(('outcome', 'n', 'outcomeLabel'), 'Upheld')
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal, URIRef

from kg.query.formats import concept_label
from kg.store import SelectResult, Store
from kg.store.sparql import ntriples
from kg.vocab import sparql_prefixes

__all__ = ["labels", "with_labels"]

_BATCH = 500
_LABELS = sparql_prefixes("rdfs") + (
    "SELECT ?x (MIN(STR(?label)) AS ?least) WHERE {{ VALUES ?x {{ {iris} }} GRAPH ?g {{ ?x rdfs:label ?label }} }} "
    "GROUP BY ?x"
)


def labels(store: Store, iris: Iterable[URIRef]) -> dict[URIRef, str]:
    """The label of each IRI that has one (vocabulary concepts first, then the store's rdfs:label)."""
    found: dict[URIRef, str] = {}
    wanted = []
    for iri in dict.fromkeys(iris):
        concept = concept_label(str(iri))
        if concept is not None:
            found[iri] = concept
        else:
            wanted.append(iri)
    for start in range(0, len(wanted), _BATCH):
        # IRIs written by the checked N-Triples writer, never pasted: an IRI that cannot be written is skipped
        batch = [ntriples(iri) for iri in wanted[start : start + _BATCH] if _writable(iri)]
        if batch:
            for x, least in store.select(_LABELS.format(iris=" ".join(batch))).rows:
                if isinstance(x, URIRef) and least is not None:
                    found[x] = str(least)
    return found


def _writable(iri: URIRef) -> bool:
    return not any(c in str(iri) for c in '<>"{}|^`\\ ')


def with_labels(store: Store, result: SelectResult) -> SelectResult:
    """``result`` with an ``xLabel`` column after the others for each IRI column ``x`` some of whose IRIs have labels."""
    iris = [t for row in result.rows for t in row if isinstance(t, URIRef)]
    if not iris:
        return result
    named = labels(store, iris)
    taken = set(result.vars)
    extra = [
        i
        for i, var in enumerate(result.vars)
        if f"{var}Label" not in taken and any(isinstance(row[i], URIRef) and row[i] in named for row in result.rows)
    ]
    if not extra:
        return result
    rows = tuple(
        row + tuple(Literal(named[row[i]]) if row[i] in named else None for i in extra)  # type: ignore[index]
        for row in result.rows
    )
    return SelectResult(result.vars + tuple(f"{result.vars[i]}Label" for i in extra), rows, result.complete)
