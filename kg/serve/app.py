"""The Starlette application: routes, content negotiation, limits, CORS.

The web process never touches the store: it reads the request, refuses what
it must (updates, SERVICE, formats it cannot give), picks the answer's
format and hands the job to a worker (:mod:`kg.serve.pool`).
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import tempfile
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from kg.errors import (
    Forbidden,
    InputError,
    KgError,
    NotFoundError,
    PayloadTooLarge,
    QueryParameterError,
    UnsupportedMediaType,
)
from kg.query.named import page
from kg.resources import ontology_file
from kg.serve.cache import ReplyCache
from kg.serve.limits import RequestLimits, _body, _timeout
from kg.serve.negotiation import (
    DUMP_FORMATS,
    GRAPH_FORMATS,
    HTML,
    choose,
    graph_offers,
    negotiate,
    result_offers,
    write_json,
)
from kg.serve.pages import Linker, render
from kg.serve.pool import WorkerPool
from kg.serve.protocol import Reply, StoreSpec
from kg.serve.settings import Settings
from kg.serve.void import dump_file
from kg.store import Store
from kg.store.sparql import query_form
from kg.vocab import VOCAB_BASE, sparql_prefixes

log = logging.getLogger(__name__)

_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
_RESERVED = {"format", "timeout", "limit", "offset"}  # request parameters that are not named-query parameters


def create_app(store: Store | StoreSpec | str | Path, settings: Settings | None = None) -> Starlette:
    """The ASGI app serving ``store`` (an open store, a spec, an Oxigraph directory or an endpoint URL)."""
    settings = settings or Settings()
    spec = store if isinstance(store, StoreSpec) else StoreSpec.of(store)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        pool = WorkerPool(spec, settings, size=settings.workers or None, max_pending=settings.max_pending)
        await pool.start()
        tmp = None
        if settings.dump_dir:
            dumps = Path(settings.dump_dir)
        else:
            tmp = dumps = Path(tempfile.mkdtemp(prefix="kg-serve-dumps-"))
        app.state.pool, app.state.dumps, app.state.locks = pool, dumps, {}
        try:
            yield
        finally:
            await pool.close()
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)

    cache = ReplyCache(entries=0 if spec.kind == "remote" else settings.cache)

    async def job(request: Request, kind: str, timeout: float | None = None, **args: Any) -> Response:
        limit = timeout or settings.timeout
        version = spec.version()
        key = (version, kind, limit, _frozen(args))  # a later build into the store: new answers
        reply = await cache.get(key, lambda: request.app.state.pool.run(kind, args, limit))
        if reply.headers.get("X-Kg-Version", version) != version:  # answered from data opened before: not kept
            cache.forget(key)
        return _respond(request, reply)

    # -- SPARQL ---------------------------------------------------------------------------------

    async def sparql(request: Request) -> Response:
        """The SPARQL 1.1 Protocol: query by GET, by form POST or directly POSTed; ``default-graph-uri`` and
        ``named-graph-uri`` name the dataset.  Refusals that need no parse happen here; the worker parses
        the query and decides the rest on its algebra (SERVICE, form, format, dataset)."""
        params = list(request.query_params.multi_items())
        if request.method == "POST":
            body = await _body(request, settings.max_query_bytes)
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if media == "application/x-www-form-urlencoded":
                params += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
            elif media == "application/sparql-query":
                params.append(("query", body.decode("utf-8", "replace")))
            elif media == "application/sparql-update":
                raise Forbidden("this endpoint is read-only: SPARQL Update is refused")
            else:
                raise UnsupportedMediaType(
                    f"cannot read a {media or 'body without a content type'}; send "
                    "application/sparql-query or an application/x-www-form-urlencoded form"
                )
        names = [k for k, _ in params]
        if "update" in names or "using-graph-uri" in names or "using-named-graph-uri" in names:
            raise Forbidden("this endpoint is read-only: SPARQL Update is refused")
        queries = [v for k, v in params if k == "query"]
        if not queries:
            if negotiate(request.headers.get("accept"), [(HTML, "html"), ("*/*", None)]) == "html":
                return _page(request, "sparql.html", example=_EXAMPLE)
            raise InputError(
                "no query: pass the SPARQL query as query=… (GET or form POST) or POST it as application/sparql-query"
            )
        if len(queries) > 1:
            raise InputError("more than one query parameter; send exactly one")
        query = queries[0]
        if len(query.encode("utf-8")) > settings.max_query_bytes:
            raise PayloadTooLarge(f"the query is longer than {settings.max_query_bytes:,} bytes")
        if query_form(query) == "UPDATE":
            raise Forbidden("this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, DROP, …) is refused")
        timeouts = [v for k, v in params if k == "timeout"]
        return await job(
            request,
            "sparql",
            _timeout(timeouts[0] if timeouts else None, settings),
            query=query,
            accept=request.headers.get("accept"),
            formats=tuple(v for k, v in params if k == "format"),
            default=tuple(v for k, v in params if k == "default-graph-uri"),
            named=tuple(v for k, v in params if k == "named-graph-uri"),
            root=_root(request),
        )

    # -- named queries ---------------------------------------------------------------------------

    async def queries(request: Request) -> Response:
        from kg.query import list_queries

        fmt = _choose(request, [("application/json", "json"), (HTML, "html")])
        items = list_queries()
        if fmt == "html":
            return _page(request, "queries.html", queries=items)
        root = _root(request)
        data = [
            {
                "name": q.name,
                "summary": q.summary,
                "url": f"{root}/queries/{q.name}",
                "params": [
                    {"name": p.name, "type": p.type, "required": p.required, "description": p.description}
                    for p in q.params
                ],
            }
            for q in items
        ]
        return Response(write_json(data), media_type="application/json", headers={"Vary": "Accept"})

    async def named(request: Request) -> Response:
        from kg.query import load_query

        q = load_query(request.path_params["name"])  # 404 before anything runs
        params = {k: v for k, v in request.query_params.items() if k not in _RESERVED}
        fmt = _choose(request, [*result_offers(), (HTML, "html")])
        limit, offset = page(
            request.query_params.get("limit", str(settings.page_size)), request.query_params.get("offset")
        )
        if limit is None or not 1 <= limit <= settings.max_results:
            raise QueryParameterError(
                f"limit= takes 1 to {settings.max_results:,} rows a page (default {settings.page_size})"
            )
        return await job(
            request,
            "named",
            _timeout(request.query_params.get("timeout"), settings),
            name=q.name,
            params=params,
            fmt=fmt,
            root=_root(request),
            limit=limit,
            offset=offset,
            href=_root(request) + request.url.path,
        )

    # -- linked data ----------------------------------------------------------------------------

    def ld_format(request: Request) -> Any:
        return _choose(request, graph_offers(html=True))

    async def resource(request: Request) -> Response:
        path = request.path_params["path"]
        iri = Linker(settings.base).path_iri(path)
        if not _IRI.match(iri):
            raise NotFoundError(f"{path!r} is not the path of an IRI of this graph")
        return await job(request, "resource", iri=iri, fmt=ld_format(request), root=_root(request))

    async def any_iri(request: Request) -> Response:
        iri = _iri_param(request)
        href = Linker(settings.base, _root(request)).href(iri)
        if href == iri:  # not ours: perhaps a cited document (guidance)
            href = Linker(settings.base, _root(request)).cited(iri)
        return RedirectResponse(href, status_code=303)

    async def cited(request: Request) -> Response:
        return await job(request, "cited", iri=_iri_param(request), fmt=ld_format(request), root=_root(request))

    async def vocabulary(request: Request) -> Response:
        iri = VOCAB_BASE + request.path_params.get("path", "")
        return await job(request, "vocabulary", iri=iri, fmt=ld_format(request), root=_root(request))

    async def ontology(request: Request) -> Response:
        return await job(request, "ontology", fmt=ld_format(request), root=_root(request))

    async def void(request: Request) -> Response:
        offers = [*graph_offers(formats=GRAPH_FORMATS), (HTML, "html")]  # data first: */* gets Turtle
        fmt = _choose(request, offers)
        return await job(request, "void", fmt=fmt, site=_site(request), root=_root(request))

    async def index(request: Request) -> Response:
        return await job(request, "index", root=_root(request), site=_site(request))

    async def context(request: Request) -> Response:
        return FileResponse(ontology_file("context.jsonld"), media_type="application/ld+json")

    async def dumps(request: Request) -> Response:
        name = request.path_params["file"]
        fmt = next((f for f in DUMP_FORMATS if dump_file(f) == name), None)
        if fmt is None:
            raise NotFoundError(f"no dump called {name!r}; dumps: " + ", ".join(dump_file(f) for f in DUMP_FORMATS))
        folder = request.app.state.dumps / (spec.version() or "store")  # a later build: new dumps
        folder.mkdir(exist_ok=True)
        path = folder / name
        lock = request.app.state.locks.setdefault(name, asyncio.Lock())
        async with lock:
            if not path.is_file():
                reply = await request.app.state.pool.run("dump", {"fmt": fmt, "path": str(path)}, settings.dump_timeout)
                if reply.status != 200:
                    return _respond(request, reply)
        return FileResponse(path, media_type=fmt.media_type, filename=name)

    routes = [
        Route("/", index),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", queries),
        Route("/queries/{name}", named),
        Route("/.well-known/void", void),
        Route("/ontology", ontology),
        Route("/vocab/", vocabulary),
        Route("/vocab/{path:path}", vocabulary),
        Route("/context.jsonld", context),
        Route("/dumps/{file}", dumps),
        Route("/provision", cited),
        Route("/resource", any_iri),
        Route("/{path:path}", resource),
    ]
    middleware = [
        Middleware(RequestLimits, max_url_bytes=settings.max_url_bytes, max_header_bytes=settings.max_header_bytes),
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
            allow_headers=["*"],
            max_age=86400,
            expose_headers=["Content-Type", "Content-Disposition", "Retry-After", "Vary"],
        ),
    ]
    handlers = {KgError: _kg_error, Exception: _crash}
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan, exception_handlers=handlers)
    app.state.settings, app.state.cache = settings, cache
    return app


_EXAMPLE = (
    sparql_prefixes("omb", "rdfs")
    + """
SELECT ?reference ?authority ?outcome WHERE {
  GRAPH ?decision {
    ?decision omb:reference ?reference ; omb:authority/rdfs:label ?authority .
    OPTIONAL { ?decision omb:outcome ?outcome }
  }
}
ORDER BY ?reference
LIMIT 20"""
)


def _frozen(value: Any) -> Any:
    """A hashable copy of job arguments (dicts become sorted tuples)."""
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    return value


def _root(request: Request) -> str:
    return request.scope.get("root_path", "").rstrip("/")


def _site(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _choose(request: Request, offers: list[tuple[str, Any]]) -> Any:
    """The format asked for by ``format=`` (short names or media types; the first offered wins) or by Accept."""
    return choose(offers, request.headers.get("accept"), request.query_params.getlist("format"))


def _iri_param(request: Request) -> str:
    iri = request.query_params.get("iri", "").strip()
    if not iri:
        raise InputError("pass the IRI as ?iri=…")
    if not _IRI.match(iri):
        raise InputError(f"{iri!r} is not an absolute IRI")
    if iri.startswith("https://www.legislation.gov.uk/") or iri.startswith("https://legislation.gov.uk/"):
        from kg.query import Param

        iri = str(Param("iri", "iri", True).convert(iri))
    return iri


def _wants_html(request: Request) -> bool:
    return negotiate(
        request.headers.get("accept"), [("text/plain", False), (HTML, True)]
    ) is True and "text/html" in request.headers.get("accept", "")


def _respond(request: Request, reply: Reply) -> Response:
    cause = reply.headers.get("X-Kg-Error")
    if reply.status >= 400 and cause:
        message = reply.body.decode("utf-8").strip()
        if reply.status >= 500:  # the server's side: say why in the log
            log.warning("%s %s answered %d (%s): %s", request.method, request.url.path, reply.status, cause, message)
        retry = reply.headers.get("Retry-After")
        return _error(request, reply.status, message, int(retry) if retry else None)
    headers = {"Vary": "Accept", **{k: v for k, v in reply.headers.items() if not k.startswith("X-Kg-")}}
    return Response(reply.body, status_code=reply.status, media_type=reply.media_type, headers=headers)


def _error(request: Request, status: int, message: str, retry_after: int | None = None) -> Response:
    """An error answer: HTML for a browser, else plain text; ``Retry-After`` when the cause says a retry helps."""
    headers = {"Vary": "Accept"}
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    if _wants_html(request):
        body = render("error.html", status=status, message=message, root=_root(request))
        return Response(body, status_code=status, media_type="text/html; charset=utf-8", headers=headers)
    return Response(message + "\n", status_code=status, media_type="text/plain; charset=utf-8", headers=headers)


async def _kg_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, KgError)
    if exc.http_status >= 500:  # the server's side: say why in the log (time limit, busy, worker crash, store)
        log.warning(
            "%s %s answered %d (%s): %s", request.method, request.url.path, exc.http_status, type(exc).__name__, exc
        )
    return _error(request, exc.http_status, str(exc), exc.retry_after)


async def _crash(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error answering %s %s", request.method, request.url.path)
    return _error(request, 500, "internal error; the server log has the details")


def _page(request: Request, template: str, **context: Any) -> Response:
    body = render(template, root=_root(request), **context)
    return Response(body, media_type="text/html; charset=utf-8", headers={"Vary": "Accept"})


__all__ = ["create_app"]
