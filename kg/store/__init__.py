"""Where the graph lives: one small protocol (:mod:`kg.store.base`) and three backends.

* :class:`MemoryStore` — an rdflib Dataset in memory (tests, small graphs);
* :class:`OxigraphStore` — embedded Oxigraph in a directory (the default for a corpus);
* :class:`RemoteStore` — any SPARQL 1.1 server, through the SPARQL and Graph Store Protocols.

:func:`open_store` picks one from what the user names.

What a store holds, how it answers and where backends differ: :mod:`kg.store.base`.
"""

from __future__ import annotations

from pathlib import Path

from kg.store.base import QueryDataset, QueryResult, ResultGraph, SelectResult, Store
from kg.store.dataset import run_query
from kg.store.memory import MemoryStore
from kg.store.oxigraph import OxigraphStore
from kg.store.remote import RemoteStore
from kg.store.terms import Quad, Term, Triple, canonical, from_oxigraph, to_oxigraph


def open_store(where: str | Path = "memory", read_only: bool = False) -> Store:
    """``"memory"`` -> a :class:`MemoryStore`; a directory path -> an :class:`OxigraphStore` (created if missing);
    an ``http(s)://`` URL of a SPARQL query endpoint -> a :class:`kg.store.remote.RemoteStore`.

    >>> open_store("memory")
    <MemoryStore>
    >>> open_store("http://127.0.0.1:7878/query")
    <RemoteStore at http://127.0.0.1:7878/query>
    """
    if isinstance(where, str) and where in ("memory", ":memory:"):
        return MemoryStore()
    if isinstance(where, str) and where.startswith(("http://", "https://")):
        return RemoteStore(where, read_only=read_only)
    return OxigraphStore(Path(where), read_only=read_only)


__all__ = [
    "MemoryStore",
    "OxigraphStore",
    "Quad",
    "QueryDataset",
    "QueryResult",
    "ResultGraph",
    "RemoteStore",
    "SelectResult",
    "Store",
    "Term",
    "Triple",
    "canonical",
    "from_oxigraph",
    "open_store",
    "run_query",
    "to_oxigraph",
]
