"""HTTP: the SPARQL 1.1 Protocol, named queries, linked-data pages, VoID and dumps (``kg serve``).

* :mod:`kg.serve.app` — the Starlette application: routes, negotiation, CORS, refusals;
* :mod:`kg.serve.pool` — worker processes that run queries under a time limit they cannot overrun;
* :mod:`kg.serve.worker` — what a worker does with each job (SPARQL, named queries); :mod:`kg.serve.views`
  the jobs behind the pages; :mod:`kg.serve.context` what a worker keeps and the replies it builds;
* :mod:`kg.serve.limits` — 414 and 431 for an over-long request line or headers;
* :mod:`kg.serve.negotiation` — Accept headers and the writers of every answer;
* :mod:`kg.serve.pages` — the HTML pages of decisions, authorities, provisions and concepts;
* :mod:`kg.serve.void` — the VoID/DCAT description and the dumps.

>>> app = create_app("memory-free-example-dir", Settings(base="http://example.org/"))
>>> sorted(r.path for r in app.routes)[:3]
['/', '/.well-known/void', '/context.jsonld']
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.serve.app import create_app
from kg.serve.protocol import StoreSpec
from kg.serve.settings import Settings
from kg.store import Store

__all__ = ["Settings", "StoreSpec", "create_app", "run", "server_config"]


def server_config(app: Any, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info") -> Any:
    """The uvicorn configuration ``kg serve`` runs with (tests start the same): h11, with room for a request
    head of :data:`kg.serve.limits.MAX_HEAD_BYTES`, so an over-long URL or header gets 414 or 431 from
    :class:`kg.serve.limits.RequestLimits` rather than a reset connection."""
    import uvicorn

    from kg.serve.limits import MAX_HEAD_BYTES

    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        http="h11",
        h11_max_incomplete_event_size=MAX_HEAD_BYTES,
        proxy_headers=True,
        server_header=False,
    )


def run(
    store: Store | StoreSpec | str | Path,
    settings: Settings | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    log_level: str = "info",
) -> None:
    """Serve ``store`` with uvicorn until interrupted (Ctrl-C stops the workers too)."""
    import uvicorn

    uvicorn.Server(server_config(create_app(store, settings), host, port, log_level)).run()
