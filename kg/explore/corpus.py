"""The graph commands' view of the decisions (:class:`kg.graph.Corpus`), read from the search index.

``kg.graph.load_corpus`` reads a store through SPARQL: at 50,000 decisions
that takes tens of seconds, too long for a page.  The search index keeps the
same features per decision (made by :func:`kg.search.index_row` from the
parsed decision, as :mod:`kg.mapping` makes the graph), so the corpus it
gives is the one ``load_corpus`` reads (``tests/test_explorer_figures.py``
compares them), and :func:`kg.graph.similar` and :func:`kg.graph.recurrences`
answer from it exactly as the commands do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from kg.graph import KINDS, Corpus, DecisionInfo
from kg.query import concept_label
from kg.search import Figures
from kg.vocab import VOCAB_BASE

_CATEGORY = VOCAB_BASE + "category/"


def _area(category: str) -> str | None:
    """The category group of a subcategory concept, as ``kg.graph`` derives it."""
    if not category.startswith(_CATEGORY):
        return None
    top, sep, _ = category[len(_CATEGORY) :].partition("/")
    return _CATEGORY + top if sep else None


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def index_corpus(
    figures: Figures, kinds: Iterable[str] = KINDS, filters: Mapping[str, Sequence[str]] | None = None
) -> Corpus:
    """The :class:`kg.graph.Corpus` of the decisions matching ``filters`` (all of them by default)."""
    kinds = [k for k in KINDS if k in set(kinds)]
    read = sorted({k for k in kinds if k != "area"} | {"authority", "category"})
    decisions, features, labels = figures.corpus_rows(read, filters)
    order = sorted(decisions, key=lambda d: (d[1], d[0]))
    position = {graph: i for i, (graph, _, _) in enumerate(order)}
    per: dict[str, list[set[str]]] = {k: [set() for _ in order] for k in read}
    for graph, kind, iri in features:
        i = position.get(graph)
        if i is not None:
            per[kind][i].add(iri)
    items: dict[str, tuple[tuple[str, ...], ...]] = {}
    for kind in kinds:
        found = [set(filter(None, map(_area, cats))) for cats in per["category"]] if kind == "area" else per[kind]
        items[kind] = tuple(tuple(sorted(s)) for s in found)
    keep = {
        iri
        for kind in ("provision", "authority")
        if kind in kinds or kind == "authority"
        for s in per.get(kind, [])
        for iri in s
    }
    labels = {iri: name for iri, name in labels.items() if iri in keep}
    infos = []
    for (graph, reference, day), auth, cats in zip(order, per["authority"], per["category"]):
        authority = min(auth) if auth else None
        category = min(cats) if cats else None
        infos.append(
            DecisionInfo(
                graph,
                reference,
                _day(day),
                labels.get(authority, authority) if authority else None,
                authority,
                (concept_label(category) or category) if category else None,
            )
        )
    return Corpus(tuple(infos), items, labels)


__all__ = ["index_corpus"]
