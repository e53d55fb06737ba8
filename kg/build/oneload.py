"""The build's path into a store that holds nothing yet: one bulk load of every decision graph.

:class:`OneLoad` writes each batch the build accepts into one
:class:`kg.store.stream.StreamLoad` and spools its search-index rows to an
unnamed temporary file (gone with the process, however it ends); only when
the store has committed the whole load are the manifest rows written and
the index rows put in, so neither ever leads the store.  A build stopped or
failing before that leaves the store, the manifest and the index as it
found them.

The index rows go in once the workers are done, while the store finishes
the load and merges its files (:meth:`OneLoad.indexing`), in a transaction
SQLite commits only after the store has committed.  Those last steps keep
less than both cores busy (the merge uses one core, at times a little
more), so SQLite's full-text indexing (about half a millisecond a decision)
takes what they leave instead of competing with the workers while they
parse.

Two cases cannot go into a load that only adds: a more complete copy of a
decision whose first copy was already written (it *replaces* a graph), and
graphs a file no longer names (nothing to remove in an empty store, and a
graph this build wrote must stay).  The first are kept in :attr:`later`
and replaced, transactionally, once the load is committed; the second are
ignored.
"""

from __future__ import annotations

import pickle
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace

from kg.build.worker import Item
from kg.search import IndexRow, SearchIndex
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
        # the index rows, pickled a batch at a time until the store has committed (no memory held for them)
        self.rows = None if index is None else tempfile.TemporaryFile(prefix="kg-index-", dir=index.path.parent)
        self.decided = threading.Event()  # set once the store has committed the load (keep) or will not (not keep)
        self.keep = False
        self.index_seconds = 0.0  # spent putting the index rows in, on the thread

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
        if self.rows is not None and (rows := [item.row for item, _, _ in now if item.row is not None]):
            pickle.dump(rows, self.rows, pickle.HIGHEST_PROTOCOL)
        self.written.extend((replace(item, nquads=b"", row=None), display, key) for item, display, key in now)
        self.forget.extend(forget)
        self.seconds += time.perf_counter() - started

    def commit(self) -> None:
        """Wait for the store to take everything (StoreError if it could not)."""
        started = time.perf_counter()
        try:
            self.stream.commit()
        except BaseException:
            self._decide(keep=False)
            raise
        finally:
            self.seconds += time.perf_counter() - started
        self._decide(keep=True)

    @contextmanager
    def indexing(self) -> Iterator[None]:
        """Put the spooled index rows in, on a thread, while the block runs (:meth:`commit` and what follows), in
        one transaction that SQLite commits once the store has committed the load; leave when that is done
        (StoreError if SQLite refused the rows).  If the store does not commit, the index keeps none of the rows."""
        if self.index is None or self.rows is None:
            yield
            return
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-index") as thread:
            filling: Future[None] = thread.submit(self.index.replace, self._spooled())
            try:
                yield
            finally:
                if not self.decided.is_set():  # the block ended (or failed) before the store committed
                    self._decide(keep=False)
                thread.shutdown(wait=True)
                self._forget_rows()
            if self.keep:
                filling.result()

    def _spooled(self) -> Iterator[IndexRow]:
        """The spooled rows; then, still inside the index's transaction, wait for the store's word: an exception
        if it did not commit, which rolls the transaction back."""
        assert self.rows is not None
        started = time.perf_counter()
        self.rows.seek(0)
        while True:
            try:
                yield from pickle.load(self.rows)
            except EOFError:
                break
        self.index_seconds = time.perf_counter() - started
        self.decided.wait()
        if not self.keep:
            raise InterruptedError("the store did not take the load: the index keeps none of its rows")

    def _decide(self, keep: bool) -> None:
        self.keep = keep
        self.decided.set()

    def _forget_rows(self) -> None:
        if self.rows is not None:
            self.rows.close()
            self.rows = None

    def abort(self) -> None:
        """Give the load up: the store stays empty, the spooled index rows are forgotten."""
        self._decide(keep=False)
        self.stream.abort()
        self._forget_rows()


__all__ = ["STREAM_BATCH", "OneLoad"]
