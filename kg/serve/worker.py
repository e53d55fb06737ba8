"""The worker process: opens the store once, then answers jobs from the web process one at a time.

A job is ``(kind, args)``; the answer a :class:`~kg.serve.protocol.Reply` with
the bytes ready to send.  Errors become replies too (their HTTP status, message
and cause), so a bad query never takes a worker down.  Before each job the
worker reopens the store if its data changed (:meth:`Context.refresh`).

Every decision about a SPARQL query is taken here, on its parse
(:mod:`kg.store.parsed`), under the job's time limit: a query whose algebra
holds a ``SERVICE`` pattern is refused (403) before anything runs; the
answer's format is chosen for the query's form; the dataset follows the
SPARQL Protocol's rules (:mod:`kg.store.dataset`); and the answer is read
row by row, stopping one row past the endpoint's limit.
"""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from rdflib import Graph

from kg.errors import Forbidden, InputError, KgError
from kg.export import Format, ResultFormat
from kg.serve import views
from kg.serve.context import Context, error, graph_reply, html, results_reply
from kg.serve.negotiation import HTML, choose, graph_offers, result_offers
from kg.serve.pages import link
from kg.serve.protocol import Reply, StoreSpec, ignore_interrupts, isolate_network
from kg.serve.settings import Settings
from kg.store import SelectResult
from kg.store.dataset import SERVICE_REFUSED, run_query
from kg.store.parsed import parse

log = logging.getLogger(__name__)


def main(conn, spec: StoreSpec, settings: Settings, owner: int) -> None:
    """Run in the worker process: open the store, say ready, answer jobs until the pipe closes (or ``owner``,
    the web process, dies)."""
    if spec.kind != "remote" and not isolate_network():  # an embedded store needs no network at all
        log.info("query worker %d keeps network access (no network namespace could be made)", os.getpid())
    ignore_interrupts(owner)  # after the namespace: a new user namespace needs a process of one thread
    try:
        ctx = Context(spec, settings)
    except KgError as e:
        conn.send(("error", str(e)))
        return
    except Exception as e:  # noqa: BLE001 - report anything to the web process
        conn.send(("error", f"cannot open the store: {e}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            kind, args = conn.recv()
        except (EOFError, OSError):
            break
        conn.send(handle(ctx, kind, args))
    ctx.close()


def handle(ctx: Context, kind: str, args: dict[str, Any]) -> Reply:
    """Run one job; every error becomes a reply with its HTTP status, message and cause."""
    try:
        ctx.refresh()
        reply = JOBS[kind](ctx, **args)
        return Reply(reply.status, reply.media_type, reply.body, {**reply.headers, "X-Kg-Version": ctx.version})
    except KgError as e:
        return error(e.http_status, str(e), e.retry_after, type(e).__name__)
    except Exception:  # noqa: BLE001 - a bug: log it, answer 500
        log.error("job %s failed:\n%s", kind, traceback.format_exc())
        return error(500, f"internal error while answering ({kind}); the server log has the details", cause="bug")


def _stopped(ctx: Context, what: str) -> InputError:
    return InputError(
        f"the answer holds more {what} than this endpoint's limit of {ctx.settings.max_results:,}; reading "
        "stopped at the limit: add LIMIT (and OFFSET to page) or narrow the query"
    )


def sparql(
    ctx: Context,
    query: str,
    accept: str | None,
    formats: Sequence[str] = (),
    default: Sequence[str] = (),
    named: Sequence[str] = (),
    root: str = "",
) -> Reply:
    """Any SPARQL query, over the dataset the protocol's parameters or the query name (else the decisions)."""
    parsed = parse(query)
    if parsed.service:
        raise Forbidden(SERVICE_REFUSED)
    graphs = parsed.form in ("CONSTRUCT", "DESCRIBE")
    fmt = choose(graph_offers() if graphs else [*result_offers(), (HTML, "html")], accept, formats)
    _, result = run_query(
        ctx.store, query, default_graph_uri=default, named_graph_uri=named, max_rows=ctx.settings.max_results
    )
    if isinstance(result, Graph):
        if not getattr(result, "complete", True):
            raise _stopped(ctx, "triples")
        assert isinstance(fmt, Format)
        return graph_reply(result, fmt)
    if isinstance(result, SelectResult) and not result.complete:
        raise _stopped(ctx, "rows")
    if fmt == "html":
        return _table(ctx, result, root, title="SPARQL results", query=query)
    assert isinstance(fmt, ResultFormat)
    return results_reply(result, fmt)


def _table(ctx: Context, result: SelectResult | bool, root: str, **context: Any) -> Reply:
    linker = ctx.linker(root)
    if isinstance(result, bool):
        return html(
            "results.html",
            vars=["boolean"],
            rows=[[{"text": str(result).lower(), "href": None, "title": ""}]],
            root=root,
            **context,
        )
    rows = [[link(t, linker) for t in row] for row in result.rows]
    return html("results.html", vars=list(result.vars), rows=rows, root=root, **context)


def named(
    ctx: Context,
    name: str,
    params: dict[str, str],
    fmt: Any,
    root: str = "",
    limit: int = 100,
    offset: int = 0,
    href: str = "",
) -> Reply:
    """A page of a named query of ``queries/`` with its parameters bound (kg.query.run): ``limit`` rows from
    ``offset``; ``Link`` headers (and links on the HTML page) to the next and previous pages."""
    from kg.query import load_query, run

    q = load_query(name)
    result = run(ctx.store, q, params, limit=limit + 1, offset=offset)
    more = len(result.rows) > limit
    result = SelectResult(result.vars, result.rows[:limit])
    pages = _pages(href, params, fmt, limit, offset, more)
    headers = {"Link": ", ".join(f'<{url}>; rel="{rel}"' for rel, url in pages.items())} if pages else {}
    if fmt == "html":
        reply = _table(ctx, result, root, title=q.name, query=q.text, named=q, params=params, pages=pages)
        return Reply(reply.status, reply.media_type, reply.body, headers)
    return results_reply(result, fmt, headers)


def _pages(href: str, params: dict[str, str], fmt: Any, limit: int, offset: int, more: bool) -> dict[str, str]:
    """The URLs of the next and previous pages of a named query (``next``/``prev`` as RFC 8288 names them)."""
    keep = dict(params) | ({"format": fmt if isinstance(fmt, str) else fmt.name} if href else {})

    def url(start: int) -> str:
        return f"{href}?{urlencode(keep | {'limit': limit, 'offset': start})}"

    pages = {}
    if more:
        pages["next"] = url(offset + limit)
    if offset > 0:
        pages["prev"] = url(max(offset - limit, 0))
    return pages


JOBS: dict[str, Callable[..., Reply]] = {
    "sparql": sparql,
    "named": named,
    "resource": views.resource,
    "cited": views.cited,
    "vocabulary": views.vocabulary,
    "ontology": views.ontology,
    "void": views.void,
    "index": views.index,
    "dump": views.dump,
}

__all__ = ["JOBS", "Context", "handle", "main"]
