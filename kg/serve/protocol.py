"""What the web process and its query workers exchange: how to open the store, and replies.

Kept apart from both sides (:mod:`kg.serve.pool` starts workers,
:mod:`kg.serve.worker` is what runs in them), so neither imports the other's
internals.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from kg.errors import StoreError
from kg.processes import die_with
from kg.store import MemoryStore, OxigraphStore, RemoteStore, Store
from kg.terms import nquad


@dataclass(frozen=True)
class Reply:
    """What a worker answers: an HTTP status, media type, body and extra headers."""

    status: int
    media_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class StoreSpec:
    """How a worker process opens the store: ``oxigraph`` (a directory), ``memory`` (N-Quads) or ``remote`` (a URL)."""

    kind: str
    location: str = ""
    data: bytes = b""

    @classmethod
    def of(cls, store: Store | str | Path) -> StoreSpec:
        """The spec of an open store (a memory store is copied as N-Quads), a directory or an endpoint URL."""
        if isinstance(store, (str, Path)):
            text = str(store)
            return cls("remote", text) if text.startswith(("http://", "https://")) else cls("oxigraph", text)
        if isinstance(store, OxigraphStore):
            return cls("oxigraph", str(store.location))
        if isinstance(store, MemoryStore):
            return cls("memory", data="".join(nquad(s, p, o, g) for s, p, o, g in store.quads()).encode("utf-8"))
        if isinstance(store, RemoteStore):
            return cls("remote", store.endpoint_url)
        raise StoreError(f"cannot serve {store!r}: serve an Oxigraph directory, a memory store or an endpoint")

    def version(self) -> str:
        """What changes when the store's data does: for an Oxigraph directory, the name, size and time of its
        data files (RocksDB's write-ahead logs, tables, manifest); "" for a store that never changes under
        a server (memory) or is never remembered (remote).  Workers reopen the store, and the web process
        forgets its cached answers and dumps, when it changes: a ``kg build`` shows without a restart."""
        if self.kind != "oxigraph":
            return ""
        try:
            entries = sorted(
                (e.name, e.stat().st_size, e.stat().st_mtime_ns)
                for e in os.scandir(self.location)
                if e.name.endswith((".log", ".sst")) or e.name == "CURRENT" or e.name.startswith("MANIFEST-")
            )
        except OSError:
            return "missing"
        return hashlib.sha256(repr(entries).encode()).hexdigest()[:16]

    def open(self) -> Store:
        if self.kind == "oxigraph":
            return OxigraphStore(self.location, read_only=True)
        if self.kind == "remote":
            return RemoteStore(self.location, read_only=True, retries=1)
        store = MemoryStore()
        ds = Dataset()
        ds.parse(data=self.data, format="nquads")
        store.load_dataset(ds)
        store.read_only = True
        return store


def ignore_interrupts(owner: int) -> None:
    """In a worker: leave Ctrl-C to the web process ``owner`` (it stops the workers itself), and die with it."""
    die_with(owner)


_CLONE_NEWNET, _CLONE_NEWUSER = 0x40000000, 0x10000000


def isolate_network() -> bool:
    """Put this process in a network namespace of its own, with no interface but a loopback that is down:
    no connection can leave it (Linux; as root, or wherever unprivileged user namespaces are allowed).

    A worker over an embedded store needs no network, and pyoxigraph (built with Oxigraph's HTTP
    client; it has no option to turn SERVICE calls off) and rdflib (SERVICE through urllib) would make
    requests if a SERVICE pattern ever got past the endpoint's refusal.  True if isolated."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return True
    return False


__all__ = ["Reply", "StoreSpec", "ignore_interrupts", "isolate_network"]
