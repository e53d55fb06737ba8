"""What the web process and its query workers exchange: how to open the store, and replies.

Kept apart from both sides (:mod:`kg.serve.pool` starts workers,
:mod:`kg.serve.worker` is what runs in them), so neither imports the other's
internals.
"""

from __future__ import annotations

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


__all__ = ["Reply", "StoreSpec", "ignore_interrupts"]
