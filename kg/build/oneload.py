"""The build's path into a store that holds nothing yet: one bulk load of every decision graph.

:class:`OneLoad` writes each batch the build accepts into one
:class:`kg.store.stream.StreamLoad` and stages its search-index rows in a
transaction left open; only when the store has committed the whole load
are the manifest rows written and the index rows made visible, so neither
ever leads the store.  A build stopped or failing before that leaves the
store empty, as it found it.

Two cases cannot go into a load that only adds: a more complete copy of a
decision whose first copy was already written (it *replaces* a graph), and
graphs a file no longer names (nothing to remove in an empty store, and a
graph this build wrote must stay).  The first are kept in :attr:`later`
and replaced, transactionally, once the load is committed; the second are
ignored.
"""

from __future__ import annotations

import time
from dataclasses import replace

from kg.build.worker import Item
from kg.search import SearchIndex
from kg.store.stream import StreamLoad

#: decisions gathered before they are written to the load (the smaller, the less memory; the writes are buffered)
STREAM_BATCH = 32

Entry = tuple[Item, str, str]  # the item, its display name, its manifest key


class OneLoad:
    """Batches of a fresh build, written to one load; what to record once it commits."""

    def __init__(self, stream: StreamLoad, index: SearchIndex | None) -> None:
        self.stream, self.index = stream, index
        self.graphs: set[str] = set()  # every graph written to the load
        self.written: list[Entry] = []  # the items written, without their N-Quads and index rows
        self.forget: list[str] = []  # manifest rows to drop once the load commits
        self.later: list[Entry] = []  # more complete copies of graphs already written: replaced after the commit
        self.seconds = 0.0  # spent writing (waiting for Oxigraph when it is behind)

    def send(self, batch: list[Entry], forget: list[str], mark: bytes | None) -> None:
        """Write ``batch`` (and the statistics' stale ``mark``, once) to the load; stage its index rows."""
        started = time.perf_counter()
        now: list[Entry] = []
        for entry in batch:
            (self.later if entry[0].graph in self.graphs else now).append(entry)
        for item, _, _ in now:
            self.stream.write(item.nquads)
        if mark is not None:
            self.stream.write(mark)
        self.graphs.update(item.graph for item, _, _ in now)
        if self.index is not None:
            self.index.stage(item.row for item, _, _ in now if item.row is not None)
        self.written.extend((replace(item, nquads=b"", row=None), display, key) for item, display, key in now)
        self.forget.extend(forget)
        self.seconds += time.perf_counter() - started

    def commit(self) -> None:
        """Wait for the store to take everything (StoreError if it could not); then make the index rows visible."""
        started = time.perf_counter()
        try:
            self.stream.commit()
        except BaseException:
            if self.index is not None:
                self.index.end_staged(keep=False)
            raise
        finally:
            self.seconds += time.perf_counter() - started
        if self.index is not None:
            self.index.end_staged(keep=True)

    def abort(self) -> None:
        """Give the load up: the store stays empty, the staged index rows are forgotten."""
        self.stream.abort()
        if self.index is not None:
            self.index.end_staged(keep=False)


__all__ = ["STREAM_BATCH", "OneLoad"]
