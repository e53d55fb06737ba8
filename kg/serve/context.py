"""What a query worker keeps between jobs, and the replies every job builds."""

from __future__ import annotations

import logging
import time
from typing import Any

from rdflib import Graph

from kg.errors import StoreError
from kg.export import Format, ResultFormat
from kg.serve.negotiation import write_graph, write_results
from kg.serve.pages import Linker, render
from kg.serve.protocol import Reply, StoreSpec
from kg.serve.settings import Settings
from kg.store import SelectResult, Store

log = logging.getLogger(__name__)


class Context:
    """What a worker keeps between jobs: the store (reopened when its data changes), the settings, a few caches."""

    def __init__(self, spec: StoreSpec, settings: Settings) -> None:
        self.spec, self.settings = spec, settings
        self.version = spec.version()
        self.store: Store = spec.open()
        self._stats: tuple[float, dict[str, Any]] | None = None

    def refresh(self) -> None:
        """Reopen the store if its data changed since it was opened (a ``kg build`` into it, say)."""
        version = self.spec.version()
        if version == self.version:
            return
        log.info("the store at %s changed; reopening it", self.spec.location)
        try:
            fresh = self.spec.open()
        except StoreError as e:  # caught mid-write (a table compacted away as it opened): the next job tries again
            log.warning(
                "could not reopen the store at %s (%s); answering from the data opened before", self.spec.location, e
            )
            return
        old, self.store = self.store, fresh
        old.close()
        self.version, self._stats = version, None

    def close(self) -> None:
        self.store.close()

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


def error(status: int, message: str, retry_after: int | None = None, cause: str = "KgError") -> Reply:
    """An error reply; ``X-Kg-Error`` names its cause (an error class), which the web process logs for a 5xx."""
    headers = {"X-Kg-Error": cause} | ({"Retry-After": str(retry_after)} if retry_after is not None else {})
    return Reply(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"), headers)


def graph_reply(graph: Graph, fmt: Format, headers: dict[str, str] | None = None) -> Reply:
    charset = "; charset=utf-8" if fmt.media_type.startswith("text/") else ""
    return Reply(200, fmt.media_type + charset, write_graph(graph, fmt), headers or {})


def results_reply(result: SelectResult | bool, fmt: ResultFormat, headers: dict[str, str] | None = None) -> Reply:
    charset = "; charset=utf-8" if fmt.media_type.startswith("text/") else ""
    return Reply(200, fmt.media_type + charset, write_results(result, fmt), headers or {})


def html(template: str, headers: dict[str, str] | None = None, **context: Any) -> Reply:
    return Reply(200, "text/html; charset=utf-8", render(template, **context), headers or {})


def format_links(href: str) -> list[dict[str, str]]:
    sep = "&" if "?" in href else "?"
    return [
        {"label": f.label, "href": f"{href}{sep}format={f.name}", "media": f.media_type}
        for f in (Format.ttl, Format.jsonld, Format.nt, Format.xml)
    ]


__all__ = ["Context", "error", "format_links", "graph_reply", "html", "results_reply"]
