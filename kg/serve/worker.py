"""The worker process: opens the store once, then answers jobs from the web process one at a time.

A job is ``(kind, args)``; the answer a :class:`~kg.serve.protocol.Reply` with
the bytes ready to send.  Errors become replies too (their HTTP status and
message), so a bad query never takes a worker down.
"""

from __future__ import annotations

import logging
import os
import time
import traceback
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.errors import InputError, KgError, NotFoundError
from kg.export import Format, ResultFormat
from kg.mapping import bind_prefixes
from kg.resources import ontology_file
from kg.serve.negotiation import (
    graph_offers,
    negotiate,
    offered,
    result_offers,
    write_graph,
    write_results,
)
from kg.serve.pages import (
    Linker,
    decision_view,
    label,
    legislation_page,
    link,
    properties_view,
    render,
    web,
)
from kg.serve.protocol import Reply, StoreSpec, ignore_interrupts
from kg.serve.settings import Settings
from kg.store import SelectResult, Store
from kg.vocab import OMB, OMB_PREFIX, ONTOLOGY_IRI, VOCAB_BASE, sparql_prefixes

log = logging.getLogger(__name__)

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


class Context:
    """What a worker keeps between jobs: the store, the settings, a few caches."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store, self.settings = store, settings
        self._stats: tuple[float, dict[str, Any]] | None = None

    def linker(self, root: str = "") -> Linker:
        return Linker(self.settings.base, root)

    def stats(self) -> dict[str, Any]:
        """Counts for VoID and the home page, cached for a minute."""
        if self._stats and time.monotonic() - self._stats[0] < 60:
            return self._stats[1]
        from kg.serve.void import stats

        value = stats(self.store)
        self._stats = (time.monotonic(), value)
        return value


def main(conn, spec: StoreSpec, settings: Settings, owner: int) -> None:
    """Run in the worker process: open the store, say ready, answer jobs until the pipe closes (or ``owner``,
    the web process, dies)."""
    ignore_interrupts(owner)
    try:
        store = spec.open()
    except KgError as e:
        conn.send(("error", str(e)))
        return
    except Exception as e:  # noqa: BLE001 - report anything to the web process
        conn.send(("error", f"cannot open the store: {e}"))
        return
    conn.send(("ready", os.getpid()))
    ctx = Context(store, settings)
    while True:
        try:
            kind, args = conn.recv()
        except (EOFError, OSError):
            break
        conn.send(handle(ctx, kind, args))
    store.close()


def handle(ctx: Context, kind: str, args: dict[str, Any]) -> Reply:
    """Run one job; every error becomes a reply with its HTTP status and message."""
    try:
        return JOBS[kind](ctx, **args)
    except KgError as e:
        return error(e.http_status, str(e), e.retry_after)
    except Exception:  # noqa: BLE001 - a bug: log it, answer 500
        log.error("job %s failed:\n%s", kind, traceback.format_exc())
        return error(500, f"internal error while answering ({kind}); the server log has the details")


def error(status: int, message: str, retry_after: int | None = None) -> Reply:
    headers = {"X-Kg-Error": "1"} | ({"Retry-After": str(retry_after)} if retry_after is not None else {})
    return Reply(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"), headers)


def _too_large(ctx: Context, n: int, what: str) -> None:
    if n > ctx.settings.max_results:
        raise InputError(
            f"the answer has {n:,} {what}, more than this endpoint's limit of "
            f"{ctx.settings.max_results:,}; add LIMIT (and OFFSET to page) or narrow the query"
        )


def _graph_reply(graph: Graph, fmt: Format) -> Reply:
    return Reply(
        200, fmt.media_type + ("; charset=utf-8" if fmt.media_type.startswith("text/") else ""), write_graph(graph, fmt)
    )


def _results_reply(result: SelectResult | bool, fmt: ResultFormat) -> Reply:
    charset = "; charset=utf-8" if fmt.media_type.startswith("text/") else ""
    return Reply(200, fmt.media_type + charset, write_results(result, fmt))


def _html(template: str, **context: Any) -> Reply:
    return Reply(200, "text/html; charset=utf-8", render(template, **context))


# --- jobs -----------------------------------------------------------------------------------------


def sparql(ctx: Context, query: str, accept: str | None, fmt: Any, root: str = "") -> Reply:
    """Any SPARQL query; ``fmt`` was negotiated for the query form the web process read."""
    result = ctx.store.query(query)
    if isinstance(result, Graph):
        _too_large(ctx, len(result), "triples")
        fmt = fmt if isinstance(fmt, Format) else negotiate(accept, graph_offers())
        if fmt is None:
            return error(406, f"no acceptable format for this graph; offered: {offered(graph_offers())}")
        return _graph_reply(result, fmt)
    if isinstance(result, SelectResult):
        _too_large(ctx, len(result), "rows")
    if fmt == "html":
        return _table(ctx, result, root, title="SPARQL results", query=query)
    fmt = fmt if isinstance(fmt, ResultFormat) else negotiate(accept, result_offers())
    if fmt is None:
        return error(406, f"no acceptable format for query results; offered: {offered(result_offers())}")
    return _results_reply(result, fmt)


def _table(ctx: Context, result: SelectResult | bool, root: str, **context: Any) -> Reply:
    linker = ctx.linker(root)
    if isinstance(result, bool):
        return _html(
            "results.html",
            vars=["boolean"],
            rows=[[{"text": str(result).lower(), "href": None, "title": ""}]],
            root=root,
            **context,
        )
    rows = [[link(t, linker) for t in row] for row in result.rows]
    return _html("results.html", vars=list(result.vars), rows=rows, root=root, **context)


def named(ctx: Context, name: str, params: dict[str, str], fmt: Any, root: str = "") -> Reply:
    """A named query of ``queries/`` with its parameters bound (kg.query.run)."""
    from kg.query import load_query, run

    q = load_query(name)
    result = run(ctx.store, q, params)
    _too_large(ctx, len(result), "rows")
    if fmt == "html":
        return _table(ctx, result, root, title=q.name, query=q.text, named=q, params=params)
    return _results_reply(result, fmt)


def resource(ctx: Context, iri: str, fmt: Any, root: str = "") -> Reply:
    """The page (or RDF) of an IRI minted under the base: a decision, an authority or any part of a decision."""
    store, linker, x = ctx.store, ctx.linker(root), URIRef(iri)
    graph = store.graph(x)
    if len(graph) and (x, RDF.type, OMB.Decision) in graph:
        if fmt != "html":
            return _graph_reply(graph, fmt)
        return _html(
            "decision.html",
            d=decision_view(graph, x, linker),
            linker=linker,
            root=root,
            formats=_format_links(linker.href(x)),
        )
    types = {row[1] for row in store.select(_TYPES, {"x": x}).rows}
    if OMB.Authority in types:
        if fmt != "html":
            return _graph_reply(store.construct(_DESCRIBE_AUTHORITY, {"x": x}), fmt)
        rows = store.select(_AUTHORITY_DECISIONS, {"x": x}).rows
        about = store.construct(_DESCRIBE, {"x": x})
        shown = rows[: ctx.settings.max_results]
        return _html(
            "authority.html",
            iri=x,
            label=label(about, x),
            rows=shown,
            total=len(rows),
            paid=sum((r[5].toPython() for r in rows if r[5] is not None), 0),
            linker=linker,
            root=root,
            upheld=sum(1 for r in rows if r[4] is not None and str(r[4]).endswith("/upheld")),
            formats=_format_links(linker.href(x)),
        )
    about = store.construct(_DESCRIBE, {"x": x})
    if not len(about):
        raise NotFoundError(f"nothing in this graph is called <{iri}>")
    if fmt != "html":
        return _graph_reply(about, fmt)
    graphs = [row[1] for row in store.select(_IN_GRAPHS, {"x": x}).rows]
    return _html(
        "resource.html",
        iri=x,
        label=label(about, x),
        rows=properties_view(about, x, linker),
        graphs=graphs,
        linker=linker,
        root=root,
        formats=_format_links(linker.href(x)),
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
        return _graph_reply(graph, fmt)
    facts = store.select(_LABELS, {"x": x}).rows
    rows = run(store, "decisions_citing_provision", {"provision": iri}).rows
    if not facts and not rows:
        raise NotFoundError(f"no decision in this graph cites <{iri}>")
    labels = sorted({str(r[1]) for r in facts if r[1] is not None})
    types = sorted({str(r[2]) for r in facts if r[2] is not None})
    acts = sorted({r[3] for r in facts if r[3] is not None}, key=str)
    decisions = len({r[7] for r in rows})
    return _html(
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
        formats=_format_links(linker.cited(x)),
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
            return _graph_reply(vocab, fmt)
        return _html(
            "vocab.html",
            schemes=[
                {"iri": s, "label": str(vocab.value(s, SKOS.prefLabel) or s), "href": linker.href(s)} for s in schemes
            ],
            linker=linker,
            root=root,
            formats=_format_links(linker.href(x)),
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
        return _graph_reply(about, fmt)
    uses: Sequence[Any] = ()
    store_rows: Sequence[Any] = ()
    if (x, RDF.type, SKOS.Concept) in vocab:
        uses = ctx.store.select(_CONCEPT_USE, {"x": x}).rows
        store_rows = ctx.store.select(_CONCEPT_SAMPLE, {"x": x}).rows
    return _html(
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
        formats=_format_links(linker.href(x)),
    )


def ontology(ctx: Context, fmt: Any, root: str = "") -> Reply:
    """The ontology document: HTML lists its classes and properties; RDF is ontology/ontology.ttl."""
    from rdflib.namespace import OWL, RDFS

    onto, _ = _ontology_graphs()
    if fmt != "html":
        return _graph_reply(onto, fmt)
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
    return _html(
        "ontology.html",
        iri=head,
        rows=properties_view(onto, head, linker),
        terms=terms,
        linker=linker,
        root=root,
        formats=_format_links(linker.href(head)),
    )


def void(ctx: Context, fmt: Any, site: str, root: str = "") -> Reply:
    from kg.serve.void import void_graph

    graph = void_graph(ctx.settings, site, ctx.stats())
    if fmt != "html":
        return _graph_reply(graph, fmt)
    linker, ds = ctx.linker(root), URIRef(f"{site}/.well-known/void#dataset")
    return _html(
        "resource.html",
        iri=ds,
        label=ctx.settings.title,
        rows=properties_view(graph, ds, linker),
        graphs=[],
        linker=linker,
        root=root,
        formats=_format_links(f"{root}/.well-known/void"),
    )


def index(ctx: Context, root: str = "", site: str = "") -> Reply:
    from kg.query import list_queries

    return _html(
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


def _format_links(href: str) -> list[dict[str, str]]:
    sep = "&" if "?" in href else "?"
    return [
        {"label": f.label, "href": f"{href}{sep}format={f.name}", "media": f.media_type}
        for f in (Format.ttl, Format.jsonld, Format.nt, Format.xml)
    ]


JOBS: dict[str, Callable[..., Reply]] = {
    "sparql": sparql,
    "named": named,
    "resource": resource,
    "cited": cited,
    "vocabulary": vocabulary,
    "ontology": ontology,
    "void": void,
    "index": index,
    "dump": dump,
}

__all__ = ["Context", "JOBS", "handle", "main"]
