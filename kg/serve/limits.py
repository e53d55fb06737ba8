"""Limits on a request's line and headers, answered with a status and a message before anything else reads them.

uvicorn reads a request's head with h11, which by default gives up past 16 KiB
and drops the connection: a client that sent a 1 MB query string or header saw
the connection reset, no status, no message.  :func:`kg.serve.server_config`
lets h11 read heads up to :data:`MAX_HEAD_BYTES`, and :class:`RequestLimits`,
the outermost middleware, answers a request line over ``max_url_bytes`` with
414 and headers over ``max_header_bytes`` with 431, each saying what to do;
the server goes on serving.  A head past :data:`MAX_HEAD_BYTES` is cut by h11
itself (uvicorn answers 400 and closes the connection).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from kg.errors import HeadersTooLarge, InputError, KgError, PayloadTooLarge, URITooLong

#: the largest request head (request line and headers) h11 reads before giving up
MAX_HEAD_BYTES = 4 * 1024 * 1024


class RequestLimits:
    """ASGI middleware: 414 for a long request line, 431 for large headers (``kg.errors`` says both)."""

    def __init__(self, app: ASGIApp, max_url_bytes: int, max_header_bytes: int) -> None:
        self.app, self.max_url_bytes, self.max_header_bytes = app, max_url_bytes, max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refusal = self.refusal(scope)
            if refusal is not None:
                response = PlainTextResponse(str(refusal) + "\n", status_code=refusal.http_status)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def refusal(self, scope: Scope) -> KgError | None:
        url = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string") or b"")
        if url > self.max_url_bytes:
            return URITooLong(
                f"the request line is {url:,} bytes, more than this endpoint's {self.max_url_bytes:,}; "
                "send a long SPARQL query by POST (a form, or application/sparql-query) instead of in the URL"
            )
        headers = sum(len(k) + len(v) + 4 for k, v in scope.get("headers") or ())
        if headers > self.max_header_bytes:
            return HeadersTooLarge(
                f"the request headers are {headers:,} bytes, more than this endpoint's {self.max_header_bytes:,}; "
                "send fewer or shorter headers (cookies, custom headers)"
            )
        return None


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"the request body is longer than {limit:,} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise PayloadTooLarge(f"the request body is longer than {limit:,} bytes")
    return body


def _timeout(value: str | None, settings: Any) -> float:
    """The time limit of one request: ``timeout=S`` may lower the server's, never raise it."""
    if value is None or value == "":
        return settings.timeout
    try:
        asked = float(value)
    except ValueError:
        raise InputError(f"timeout={value!r} is not a number of seconds") from None
    if not asked > 0:
        raise InputError(f"timeout={value!r} must be more than 0 seconds")
    return min(asked, settings.timeout)


__all__ = ["MAX_HEAD_BYTES", "RequestLimits"]
