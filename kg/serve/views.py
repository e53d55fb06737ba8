"""The jobs behind the linked-data pages: a decision, an authority, a cited provision, a concept, the ontology,
VoID, the home page and the dumps (each as HTML or RDF, as negotiated by the web process)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.errors import NotFoundError
from kg.export import Format
from kg.mapping import bind_prefixes
from kg.resources import ontology_file
from kg.serve.context import Context, format_links, graph_reply, html
from kg.serve.pages import (
    decision_view,
    label,
    legislation_page,
    properties_view,
    web,
)
from kg.serve.protocol import Reply
from kg.vocab import OMB, OMB_PREFIX, ONTOLOGY_IRI, VOCAB_BASE, sparql_prefixes

_TYPES = "SELECT DISTINCT ?x ?type WHERE { GRAPH ?g { ?x a ?type } } ORDER BY ?type"
_AUTHORITY_DECISIONS = (
    OMB_PREFIX
    + """SELECT ?x ?decision ?reference ?date ?outcome ?total WHERE {
  GRAPH ?decision { ?decision omb:authority ?x ; omb:reference ?reference .
    OPTIONAL { ?decision omb:decisionDate ?date } OPTIONAL { ?decision omb:outcome ?outcome }
    OPTIONAL { ?decision omb:totalPayment ?total } }
} ORDER BY DESC(?date) ?reference"""
)
_LABELS = (
    sparql_prefixes("omb", "rdfs")
    + """SELECT DISTINCT ?x ?label ?type ?act WHERE { GRAPH ?g { ?x a ?type .
  OPTIONAL { ?x rdfs:label ?label } OPTIONAL { ?x omb:legislation ?act } } } ORDER BY ?label ?type"""
)
_DESCRIBE = "CONSTRUCT { ?x ?p ?o } WHERE { GRAPH ?g { ?x ?p ?o } }"
_DESCRIBE_AUTHORITY = (
    OMB_PREFIX
    + """CONSTRUCT { ?x ?p ?o . ?d omb:authority ?x } WHERE { { GRAPH ?g { ?x ?p ?o } } UNION { GRAPH ?d { ?d omb:authority ?x } } }"""
)
#: a cited provision and the decisions citing it or any part of it: through omb:withinProvision and
#: omb:legislation from the provision (as decisions_citing_provision.rq does), never a string match
#: over every citation; the BIND gives Oxigraph's planner a one-row start
_DESCRIBE_CITED = (
    OMB_PREFIX
    + """CONSTRUCT { ?x ?p ?o . ?d omb:cites ?c } WHERE {
  { GRAPH ?g { ?x ?p ?o } }
  UNION {
    { SELECT DISTINCT ?x ?c WHERE { BIND (COALESCE(?x, omb:Provision) AS ?target)
                                    ?c (omb:withinProvision|omb:legislation)? ?target } }
    GRAPH ?d { ?d omb:cites ?c . FILTER EXISTS { ?d a omb:Decision } }
  }
}"""
)
_IN_GRAPHS = "SELECT DISTINCT ?x ?g WHERE { GRAPH ?g { ?x ?p ?o } } ORDER BY ?g LIMIT 20"
_CONCEPT_USE = (
    OMB_PREFIX + """SELECT ?x (COUNT(DISTINCT ?g) AS ?decisions) WHERE { GRAPH ?g { ?s ?p ?x } } GROUP BY ?x"""
)
_CONCEPT_SAMPLE = (
    OMB_PREFIX
    + """SELECT DISTINCT ?x ?g ?reference WHERE { GRAPH ?g { ?s ?p ?x . ?g omb:reference ?reference } }
ORDER BY ?reference LIMIT 50"""
)


def resource(ctx: Context, iri: str, fmt: Any, root: str = "") -> Reply:
    """The page (or RDF) of an IRI minted under the base: a decision, an authority or any part of a decision."""
    store, linker, x = ctx.store, ctx.linker(root), URIRef(iri)
    graph = store.graph(x)
    if len(graph) and (x, RDF.type, OMB.Decision) in graph:
        if fmt != "html":
            return graph_reply(graph, fmt)
        return html(
            "decision.html",
            d=decision_view(graph, x, linker),
            linker=linker,
            root=root,
            formats=format_links(linker.href(x)),
        )
    types = {row[1] for row in store.select(_TYPES, {"x": x}).rows}
    if OMB.Authority in types:
        if fmt != "html":
            return graph_reply(store.construct(_DESCRIBE_AUTHORITY, {"x": x}), fmt)
        rows = store.select(_AUTHORITY_DECISIONS, {"x": x}).rows
        about = store.construct(_DESCRIBE, {"x": x})
        shown = rows[: ctx.settings.max_results]
        return html(
            "authority.html",
            iri=x,
            label=label(about, x),
            rows=shown,
            total=len(rows),
            paid=sum((r[5].toPython() for r in rows if r[5] is not None), 0),
            linker=linker,
            root=root,
            upheld=sum(1 for r in rows if r[4] is not None and str(r[4]).endswith("/upheld")),
            formats=format_links(linker.href(x)),
        )
    about = store.construct(_DESCRIBE, {"x": x})
    if not len(about):
        raise NotFoundError(f"nothing in this graph is called <{iri}>")
    if fmt != "html":
        return graph_reply(about, fmt)
    graphs = [row[1] for row in store.select(_IN_GRAPHS, {"x": x}).rows]
    return html(
        "resource.html",
        iri=x,
        label=label(about, x),
        rows=properties_view(about, x, linker),
        graphs=graphs,
        linker=linker,
        root=root,
        formats=format_links(linker.href(x)),
    )


def cited(ctx: Context, iri: str, fmt: Any, root: str = "") -> Reply:
    """A provision (legislation.gov.uk identifier) or guidance document, with the decisions citing it."""
    from kg.query import run

    store, linker = ctx.store, ctx.linker(root)
    x = URIRef(iri)
    if fmt != "html":
        graph = store.construct(_DESCRIBE_CITED, {"x": x})
        if not len(graph):
            raise NotFoundError(f"no decision in this graph cites <{iri}>")
        return graph_reply(graph, fmt)
    facts = store.select(_LABELS, {"x": x}).rows
    rows = run(store, "decisions_citing_provision", {"provision": iri}).rows
    if not facts and not rows:
        raise NotFoundError(f"no decision in this graph cites <{iri}>")
    labels = sorted({str(r[1]) for r in facts if r[1] is not None})
    types = sorted({str(r[2]) for r in facts if r[2] is not None})
    acts = sorted({r[3] for r in facts if r[3] is not None}, key=str)
    decisions = len({r[7] for r in rows})
    return html(
        "cited.html",
        iri=x,
        labels=labels,
        types=types,
        acts=acts,
        rows=rows[: ctx.settings.max_results],
        total=len(rows),
        decisions=decisions,
        external=legislation_page(x),
        web=web,
        linker=linker,
        root=root,
        formats=format_links(linker.cited(x)),
    )


@cache
def _ontology_graphs() -> tuple[Graph, Graph]:
    onto = bind_prefixes(Graph()).parse(ontology_file("ontology.ttl"))
    vocab = bind_prefixes(Graph()).parse(ontology_file("vocabularies.ttl"))
    return onto, vocab


def vocabulary(ctx: Context, iri: str, fmt: Any, root: str = "") -> Reply:
    """A concept, a concept scheme, or the list of schemes (``/vocab/``), from ontology/vocabularies.ttl."""
    from rdflib.namespace import SKOS

    _, vocab = _ontology_graphs()
    linker, x = ctx.linker(root), URIRef(iri)
    if iri == VOCAB_BASE:
        schemes = sorted(vocab.subjects(RDF.type, SKOS.ConceptScheme), key=str)
        if fmt != "html":
            return graph_reply(vocab, fmt)
        return html(
            "vocab.html",
            schemes=[
                {"iri": s, "label": str(vocab.value(s, SKOS.prefLabel) or s), "href": linker.href(s)} for s in schemes
            ],
            linker=linker,
            root=root,
            formats=format_links(linker.href(x)),
        )
    about = bind_prefixes(Graph())
    for t in vocab.triples((x, None, None)):
        about.add(t)
    if not len(about):
        raise NotFoundError(f"<{iri}> is not a concept or scheme of the vocabularies")
    members = sorted(vocab.subjects(SKOS.inScheme, x), key=str)
    for m in members:
        about.add((m, SKOS.inScheme, x))
    if fmt != "html":
        return graph_reply(about, fmt)
    uses: Sequence[Any] = ()
    store_rows: Sequence[Any] = ()
    if (x, RDF.type, SKOS.Concept) in vocab:
        uses = ctx.store.select(_CONCEPT_USE, {"x": x}).rows
        store_rows = ctx.store.select(_CONCEPT_SAMPLE, {"x": x}).rows
    return html(
        "concept.html",
        iri=x,
        label=str(vocab.value(x, SKOS.prefLabel) or x),
        rows=properties_view(about, x, linker),
        count=int(uses[0][1]) if uses else 0,
        members=[
            {"iri": m, "label": str(vocab.value(m, SKOS.prefLabel) or m), "href": linker.href(m)} for m in members
        ],
        sample=[{"reference": str(r[2]), "href": linker.href(r[1])} for r in store_rows],
        linker=linker,
        root=root,
        formats=format_links(linker.href(x)),
    )


def ontology(ctx: Context, fmt: Any, root: str = "") -> Reply:
    """The ontology document: HTML lists its classes and properties; RDF is ontology/ontology.ttl."""
    from rdflib.namespace import OWL, RDFS

    onto, _ = _ontology_graphs()
    if fmt != "html":
        return graph_reply(onto, fmt)
    linker = ctx.linker(root)
    terms = []
    for kind, cls in (
        ("Classes", OWL.Class),
        ("Object properties", OWL.ObjectProperty),
        ("Datatype properties", OWL.DatatypeProperty),
    ):
        items = [s for s in onto.subjects(RDF.type, cls) if str(s).startswith(ONTOLOGY_IRI + "#")]
        terms.append(
            (
                kind,
                [
                    {
                        "iri": s,
                        "name": str(s).split("#", 1)[1],
                        "label": str(onto.value(s, RDFS.label) or ""),
                        "comment": str(onto.value(s, RDFS.comment) or ""),
                        "rows": properties_view(onto, URIRef(str(s)), linker),
                    }
                    for s in sorted(items, key=str)
                ],
            )
        )
    head = URIRef(ONTOLOGY_IRI)
    return html(
        "ontology.html",
        iri=head,
        rows=properties_view(onto, head, linker),
        terms=terms,
        linker=linker,
        root=root,
        formats=format_links(linker.href(head)),
    )


def void(ctx: Context, fmt: Any, site: str, root: str = "") -> Reply:
    from kg.serve.void import void_graph

    graph = void_graph(ctx.settings, site, ctx.stats())
    if fmt != "html":
        return graph_reply(graph, fmt)
    linker, ds = ctx.linker(root), URIRef(f"{site}/.well-known/void#dataset")
    return html(
        "resource.html",
        iri=ds,
        label=ctx.settings.title,
        rows=properties_view(graph, ds, linker),
        graphs=[],
        linker=linker,
        root=root,
        formats=format_links(f"{root}/.well-known/void"),
    )


def index(ctx: Context, root: str = "", site: str = "") -> Reply:
    from kg.query import list_queries

    return html(
        "index.html",
        stats=ctx.stats(),
        queries=list_queries(),
        linker=ctx.linker(root),
        root=root,
        site=site,
        settings=ctx.settings,
    )


def dump(ctx: Context, fmt: Format, path: str) -> Reply:
    from kg.serve.void import write_dump

    size = write_dump(ctx.store, fmt, Path(path))
    return Reply(200, "text/plain", str(size).encode())


__all__ = ["cited", "dump", "index", "ontology", "resource", "vocabulary", "void"]
