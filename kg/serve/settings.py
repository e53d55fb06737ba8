"""What ``kg serve`` is configured with; passed to every worker process."""

from __future__ import annotations

from dataclasses import dataclass

from kg.vocab import DEFAULT_BASE


@dataclass(frozen=True)
class Settings:
    """``base``: the IRI the graph mints under (``{base}lgsco/decision/…`` is served at ``/lgsco/decision/…``);
    ``timeout``: seconds a query may run; ``max_results``: rows (or triples) an answer may hold;
    ``workers``: query processes; ``max_pending``: requests that may wait for one;
    ``dump_timeout``: seconds to write a dump; ``dump_dir``: where dumps are cached (a temporary folder if empty);
    ``cache``: answers remembered (0: none; never for a remote store, whose data may change);
    ``page_size``: rows of a named query a page holds unless ``limit=`` says otherwise;
    ``max_query_bytes``: a query or request body; ``max_url_bytes``: the request line's path and query
    string (414 past it); ``max_header_bytes``: all request headers together (431 past it)."""

    base: str = DEFAULT_BASE
    timeout: float = 10.0
    max_results: int = 10_000
    workers: int = 0
    max_pending: int = 256
    dump_timeout: float = 1800.0
    dump_dir: str = ""
    title: str = "LGSCO decisions knowledge graph"
    max_query_bytes: int = 256 * 1024
    cache: int = 512
    page_size: int = 100
    max_url_bytes: int = 64 * 1024
    max_header_bytes: int = 64 * 1024
