"""The explorer's parts of the linked-data pages: a decision's similar decisions and its neighbours in the list
it was opened from; an authority's scorecard; a provision's figures and the decisions citing it, each with the
law as in force on its date.  Each is None when the store has no search index (the page then shows what the
graph alone gives)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDFS

from kg.errors import InputError
from kg.explore.listing import ListRequest
from kg.explore.provision import provision_figures
from kg.explore.scorecard import scorecard
from kg.serve.context import Context
from kg.serve.facts import authority_facts
from kg.serve.lists import pages
from kg.serve.pages import Linker, legislation_page, web
from kg.vocab import AUTHORITY_TYPES, FAULT_TYPES, OMB_PREFIX, OUTCOMES

SIMILAR = 5  # similar decisions on a decision's page


def _in_list(ctx: Context, iri: str, context: str, at: int, linker: Linker) -> dict[str, Any] | None:
    """The decisions before and after this one in the list it was opened from (``context``: the list's query
    string; ``at``: its place there, from 1); None if the list no longer has it there."""
    assert ctx.explorer is not None
    try:
        r = ListRequest.parse(parse_qsl(context, keep_blank_values=True))
    except InputError:
        return None
    start = max(at - 2, 0)
    found = ctx.explorer.index.search(r.text, r.lists(), r.sort, at + 1 - start, start)
    hits = list(found.hits)
    if at < 1 or at - 1 - start >= len(hits) or hits[at - 1 - start].graph != iri:
        return None

    def near(position: int) -> dict[str, str] | None:
        k = position - 1 - start
        if position < 1 or k >= len(hits) or k < 0:
            return None
        h = hits[k]
        return {
            "reference": h.reference,
            "href": linker.href(h.graph) + "?" + urlencode({"in": context, "at": position}),
        }

    page = (at - 1) // r.size + 1
    back = linker.url("/search") + "?" + (r.query(page=page) if page > 1 else r.query())
    return {"at": at, "total": found.total, "prev": near(at - 1), "next": near(at + 1), "back": back}


def decision_extras(ctx: Context, iri: str, reference: str, root: str, context: str, at: int) -> dict[str, Any]:
    """Similar decisions (as ``kg similar --explain`` gives them) and the neighbours in the current list."""
    if ctx.explorer is None:
        return {"similar": None, "nav": None}
    linker = ctx.linker(root)
    found = ctx.explorer.similar(reference, SIMILAR)
    similar = None
    if found is not None:
        similar = [
            {
                "reference": m.decision.reference,
                "href": linker.href(m.decision.iri),
                "authority": m.decision.authority,
                "date": m.decision.date.isoformat() if m.decision.date else "",
                "score": m.score,
                "shared": [(s.phrase, s.contribution) for s in m.shared],
            }
            for m in found.matches
        ]
    nav = _in_list(ctx, iri, context, at, linker) if context and at else None
    return {"similar": similar, "nav": nav}


#: one decision graph naming an authority (each describes it, and its successors, alike)
_ONE_GRAPH = OMB_PREFIX + "SELECT ?x ?g WHERE { GRAPH ?g { ?x a omb:Authority } } LIMIT 1"
#: the authorities it replaced, and a name of each
_REPLACED = """PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?x ?before WHERE { GRAPH ?g { ?before dcterms:isReplacedBy ?x } } ORDER BY ?before LIMIT 50"""
_NAME = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?x ?name WHERE { GRAPH ?g { ?x rdfs:label ?name } } LIMIT 1"""


def authority_graph(ctx: Context, x: URIRef) -> Graph:
    """What the graph says of authority ``x``: one decision graph naming it, and the authorities it replaced
    with their names (not the same triples read from each of the thousands of graphs naming a large council)."""
    found = ctx.store.select(_ONE_GRAPH, {"x": x}).rows
    graph = ctx.store.graph(URIRef(str(found[0][1]))) if found else Graph()
    for _, before in ctx.store.select(_REPLACED, {"x": x}).rows:
        if not isinstance(before, URIRef):
            continue
        graph.add((before, DCTERMS.isReplacedBy, x))
        for _, name in ctx.store.select(_NAME, {"x": before}).rows:
            if name is not None:
                graph.add((before, RDFS.label, name))
    return graph


def authority_context(ctx: Context, x: URIRef, root: str, boilerplate: bool) -> dict[str, Any]:
    """The facts (from the store) and, with a search index, the scorecard of authority ``x``."""
    linker = ctx.linker(root)
    facts = authority_facts(authority_graph(ctx, x), x, linker)
    card = scorecard(ctx.explorer.figures, str(x), boilerplate) if ctx.explorer is not None else None
    extra: dict[str, Any] = {"facts": facts, "card": card, "boilerplate": boilerplate}
    if card is not None:
        scope = ListRequest(filters={k: tuple(v) for k, v in card.scope.items()})
        latest = ctx.explorer.index.search(None, card.scope, "date", 10, 0) if ctx.explorer else None
        extra |= {
            "scope_href": scope.url(linker.url("/search")),
            "scope_query": scope.query(),
            "latest": latest.hits if latest else (),
            "outcomes": OUTCOMES,
            "fault_types": FAULT_TYPES,
            "types": AUTHORITY_TYPES,
            "peers_href": ListRequest(filters={"authority_type": (card.authority_type or "",)}).url(
                linker.url("/authorities")
            ),
            "cited_href": ListRequest(filters=scope.filters, boilerplate=boilerplate).url(linker.url("/provisions")),
            "boilerplate_href": f"{linker.href(x)}?{urlencode({'boilerplate': '1' if not boilerplate else '0'})}",
        }
    return extra


_CITATIONS_OF = (
    OMB_PREFIX
    + """SELECT ?d ?cited ?text ?version WHERE { GRAPH ?d { ?d omb:citation ?c . ?c omb:cites ?cited ; omb:citedText ?text .
  OPTIONAL { ?c omb:pointInTime ?version } } } ORDER BY ?cited ?text"""
)


def _within(cited: str, iri: str) -> bool:
    return cited == iri or cited.startswith(iri + "/")


def citations(ctx: Context, decision: str, iri: str) -> list[dict[str, str]]:
    """How decision ``decision`` cites provision ``iri`` or a part of it: the IRI, its words, the law in force."""
    rows = ctx.store.select(_CITATIONS_OF, {"d": URIRef(decision)}).rows
    label = ctx.explorer.figures.label if ctx.explorer is not None else (lambda iri: None)
    return [
        {
            "cited": str(cited),
            "label": label(str(cited)) or str(cited),
            "text": str(text),
            "in_force": web(version or ""),
            "page": legislation_page(cited) or "",
        }
        for _, cited, text, version in rows
        if _within(str(cited), iri)
    ]


def provision_context(ctx: Context, x: URIRef, root: str, page: int, boilerplate: bool) -> dict[str, Any] | None:
    """A provision's figures and a page of the decisions citing it (each with its point-in-time links)."""
    if ctx.explorer is None:
        return None
    figures = provision_figures(ctx.explorer.figures, str(x), boilerplate)
    if figures is None:
        return None
    linker = ctx.linker(root)
    scope = ListRequest(filters={"provision": (str(x),)}, sort="date", page=page)
    found = ctx.explorer.index.search(None, scope.lists(), "date", scope.size, scope.offset)
    here = linker.cited(x)
    listing = [
        {"hit": h, "href": linker.href(h.graph), "citations": citations(ctx, h.graph, str(x))} for h in found.hits
    ]
    pager = pages(scope, found.total, here)
    for key in ("prev", "next"):  # the page's own URL carries the IRI: page on it, not on /search
        if pager[key]:
            pager[key] = here + "&" + urlencode({"page": page - 1 if key == "prev" else page + 1})
    pager["near"] = [(n, f"{here}&page={n}") for n, _ in pager["near"]]
    return {
        "figures": figures,
        "figures_of": ctx.explorer.figures,
        "listing": listing,
        "pager": pager,
        "list_href": scope.url(linker.url("/search"), page=None),
        "cocited_href": ListRequest(filters=scope.filters, boilerplate=boilerplate).url(linker.url("/provisions")),
        "boilerplate_href": here + "&" + urlencode({"boilerplate": "1" if not boilerplate else "0"}),
        "boilerplate": boilerplate,
        "authorities_href": scope.url(linker.url("/authorities"), page=None, sort=None),
    }


__all__ = ["authority_context", "citations", "decision_extras", "provision_context"]
