"""The explorer's routes: three lists over one filter language, static files, the favicon.

``/search`` (decisions), ``/authorities`` and ``/provisions`` answer HTML, CSV or JSON, chosen by
``format=`` or ``Accept``; the pages of a decision, an authority and a provision are the linked-data pages
of :mod:`kg.serve.app`, which show the explorer's figures when the store has a search index.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kg.serve.headers import favicon, static
from kg.serve.negotiation import HTML, choose

#: the formats of a list: the page, or the whole list as CSV or JSON
LIST_OFFERS = [(HTML, "html"), ("application/xhtml+xml", "html"), ("text/csv", "csv"), ("application/json", "json")]

Job = Callable[..., Awaitable[Response]]


def list_format(request: Request) -> str:
    return choose(LIST_OFFERS, request.headers.get("accept"), request.query_params.getlist("format"))


def page_params(request: Request) -> dict[str, Any]:
    """What an HTML page takes besides its IRI: the list it was opened from (``in``, the list's query string,
    and ``at``, its place there), ``page`` and ``boilerplate`` (``0``: left out of rankings).  Unreadable
    values are dropped: they only shape the page."""
    q = request.query_params
    at, page = q.get("at", ""), q.get("page", "")
    return {
        "context": q.get("in", "")[:4096],
        "at": int(at) if at.isdigit() and len(at) < 8 else 0,
        "page": int(page) if page.isdigit() and 0 < len(page) < 7 else 1,
        "boilerplate": q.get("boilerplate", "1") not in ("0", "no", "false", "off"),
    }


def explorer_routes(job: Job, root: Callable[[Request], str]) -> list[Route]:
    """The routes, each handing its job to ``job`` (the app's: cached, under the time limit)."""

    def listing(kind: str) -> Callable[[Request], Awaitable[Response]]:
        async def answer(request: Request) -> Response:
            fmt = list_format(request)
            params = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
            args: dict[str, Any] = {"params": tuple(params), "fmt": fmt, "root": root(request)}
            return await job(request, kind, **args)

        return answer

    return [
        Route("/search", listing("search")),
        Route("/authorities", listing("authorities")),
        Route("/provisions", listing("provisions")),
        Route("/static/{file}", static),
        Route("/favicon.ico", favicon),
    ]


__all__ = ["LIST_OFFERS", "explorer_routes", "list_format", "page_params"]
