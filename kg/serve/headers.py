"""Headers every answer carries, and the package's static files (styles, scripts, the vendored Chart.js).

``Content-Security-Policy`` lets a page load scripts, styles and images from this server only, and run no
inline script or style, so text from a decision that slipped through escaping could still run nothing;
``X-Content-Type-Options: nosniff`` stops a browser reading a download or a data answer as a page.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.errors import NotFoundError

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}


class SecurityHeaders:
    """ASGI middleware: :data:`HEADERS` on every HTTP answer, whoever wrote it (refusals included)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in HEADERS if h[0] not in names]
            await send(message)

        await self.app(scope, receive, with_headers)


@cache
def static_file(name: str) -> tuple[bytes, str]:
    """A file of ``kg/serve/static`` and its media type; NotFoundError for any other name."""
    suffix = name[name.rfind(".") :] if "." in name else ""
    if "/" in name or "\\" in name or name.startswith(".") or suffix not in _TYPES:
        raise NotFoundError(f"no static file {name!r}")
    path = resources.files("kg.serve.static") / name
    if not path.is_file():
        raise NotFoundError(f"no static file {name!r}")
    return path.read_bytes(), _TYPES[suffix]


async def static(request: Request) -> Response:
    body, media = static_file(request.path_params["file"])
    return Response(body, media_type=media, headers={"Cache-Control": "public, max-age=3600"})


async def favicon(request: Request) -> Response:
    body, media = static_file("favicon.svg")
    return Response(body, media_type=media, headers={"Cache-Control": "public, max-age=86400"})


__all__ = ["CSP", "HEADERS", "SecurityHeaders", "favicon", "static", "static_file"]
