"""One bulk load that lasts a whole build: N-Quads written as they come, committed at once.

A store that holds nothing yet is filled fastest by *one* bulk load of
everything: Oxigraph sorts each million quads into table files as they
arrive and RocksDB ingests all of them in one step at the end, so no table
is rewritten by compaction while the store grows (many smaller loads into a
growing store cost more CPU per quad at 50,000 decisions than at 10,000;
one load costs the same per quad).

:class:`StreamLoad` hands Oxigraph the read end of a named pipe: a loader
thread runs ``bulk_load(path=pipe)`` (Oxigraph reads it without the GIL)
while the build writes each batch of N-Quads to the other end as its
workers deliver them.  :meth:`StreamLoad.commit` closes the pipe and waits
for the ingestion; :meth:`StreamLoad.abort` ends the pipe with a line that
is not N-Quads, so Oxigraph gives up and removes its table files: nothing
is committed, and the store is as empty as before.  A process killed
mid-load leaves its table files and the pipe behind; :func:`remove_leftovers`
deletes them the next time the store is opened for writing.

Where named pipes do not exist (Windows, some network file systems),
:func:`open_stream` returns None and the build loads in batches instead.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError

#: what a bulk load leaves in the store directory while it runs: Oxigraph's table files, and our named pipe
LEFTOVER_PATTERNS = ("bulk-*.sst", "kg-load-*.pipe")
#: a line that is not N-Quads: written last, it makes the loader fail, so nothing is committed
_ABORT = b"\n<urn:kg:build-aborted>\n"


def remove_leftovers(directory: Path) -> int:
    """Delete the table files a bulk load killed mid-way left in a store ``directory``; return how many.

    Only safe while this process holds the store for writing (RocksDB's lock), as
    :class:`kg.store.OxigraphStore` does when it calls this."""
    removed = 0
    for pattern in LEFTOVER_PATTERNS:
        for path in directory.glob(pattern):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


class StreamLoad:
    """A bulk load of ``store`` fed through a named pipe (made in ``folder``, else a temporary one); write
    N-Quads, then commit or abort.

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> load = StreamLoad(store, "memory")
    >>> load.write(b'<http://e/s> <http://e/p> "o" <http://e/g> .\\n')
    >>> load.commit()
    >>> len(store)
    1
    """

    def __init__(self, store: ox.Store, where: str, folder: Path | None = None) -> None:
        self.where = where
        self._folder = None if folder is not None else tempfile.mkdtemp(prefix="kg-load-")
        self._pipe = os.path.join(folder or self._folder or "", f"kg-load-{os.getpid()}.pipe")
        Path(self._pipe).unlink(missing_ok=True)  # one a killed process of the same number left
        os.mkfifo(self._pipe, 0o600)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._load, args=(store,), name="kg-bulk-load", daemon=True)
        self._thread.start()
        self._out = self._open_writer()
        self.bytes = 0

    def _load(self, store: ox.Store) -> None:
        try:
            # lenient: the build's workers wrote these N-Quads from terms the mapping already checked,
            # so the loader skips re-validating every IRI (a quarter of its time)
            store.bulk_load(path=self._pipe, format=ox.RdfFormat.N_QUADS, lenient=True)
        except BaseException as exc:  # noqa: BLE001 - handed to the writing thread, which raises it as a StoreError
            self._error = exc

    def _open_writer(self):
        """The write end; opening it waits for the loader thread to open the read end (a few ms)."""
        while True:
            try:
                fd = os.open(self._pipe, os.O_WRONLY | os.O_NONBLOCK)
                break
            except OSError as exc:  # ENXIO: no reader yet
                if not self._thread.is_alive():
                    self._cleanup()
                    raise self._failed("start") from (self._error or exc)
                time.sleep(0.001)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "wb", buffering=1 << 20)

    def write(self, nquads: bytes) -> None:
        """Send whole N-Quads lines to the load (blocks while Oxigraph is behind)."""
        try:
            self._out.write(nquads)
        except (BrokenPipeError, ValueError) as exc:  # the loader stopped (its error says why)
            self._close_quietly()
            self._thread.join()
            self._cleanup()
            raise self._failed("load graphs") from (self._error or exc)
        self.bytes += len(nquads)

    def commit(self) -> None:
        """End the input and wait until Oxigraph has ingested everything; StoreError if it could not."""
        sent = self._close_quietly()  # a loader that stopped early says why below
        self._thread.join()
        self._cleanup()
        if self._error is not None or not sent:
            raise self._failed("load graphs") from self._error

    def abort(self) -> None:
        """Give up: Oxigraph stops at the line that is not N-Quads and deletes its table files."""
        try:
            self._out.write(_ABORT)
        except (BrokenPipeError, ValueError):  # the loader stopped already: nothing of it is committed either
            pass
        self._close_quietly()
        self._thread.join()
        self._cleanup()

    def _close_quietly(self) -> bool:
        """Close the write end (its file descriptor is closed even when flushing fails); whether all was sent."""
        try:
            self._out.close()
        except (BrokenPipeError, ValueError):
            return False
        return True

    def _failed(self, what: str) -> StoreError:
        why = self._error or "it stopped reading before the end"
        return StoreError(f"the Oxigraph store at {self.where} failed to {what}: {why}")

    def _cleanup(self) -> None:
        Path(self._pipe).unlink(missing_ok=True)
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)


def open_stream(store: ox.Store, where: str, folder: Path | None = None) -> StreamLoad | None:
    """A :class:`StreamLoad` of ``store``, or None where the system has no named pipes."""
    if not hasattr(os, "mkfifo"):
        return None
    try:
        return StreamLoad(store, where, folder)
    except OSError:  # a file system that cannot hold a named pipe: the build loads in batches
        return None


__all__ = ["LEFTOVER_PATTERNS", "StreamLoad", "open_stream", "remove_leftovers"]
