"""A pool of worker processes that run the store's queries, each under a time limit it cannot overrun.

Why processes: neither pyoxigraph nor rdflib can interrupt a running
query, so a query run in a thread that passes its time limit keeps the
thread (and a core) busy until it finishes, and a few such queries would
hang the server.  A worker process can be killed.  Each worker opens the
store itself (an Oxigraph directory read-only, a copy of an in-memory
store, or a remote endpoint), runs one job at a time, and writes the
answer's bytes; the web process only routes, negotiates and waits.  When a
job passes its limit the worker is killed and a fresh one started
(milliseconds: workers are forked from a preloaded fork server).

The price: a fixed number of queries run at once (``workers``, default
the number of cores), each worker holds its own caches, and an in-memory
store is copied into every worker.  Jobs wait in a bounded queue; when it
is full the answer is 503 at once, with ``Retry-After``.  The time limit
counts from when a worker takes the job, not while it waits.
"""

from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from kg.errors import Busy, KgError, QueryTimeout, StoreError, WorkerCrashed
from kg.processes import context
from kg.serve.protocol import Reply, StoreSpec
from kg.serve.worker import main

log = logging.getLogger(__name__)


def _context():
    return context(["kg.serve.worker"])


class _Worker:
    def __init__(self, ctx, spec: StoreSpec, settings: Any) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=main, args=(child, spec, settings, os.getpid()), daemon=True, name="kg-serve-worker"
        )
        self.process.start()
        child.close()  # so that recv() sees EOF when the worker dies

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise StoreError(f"a query worker did not start within {timeout:.0f} s")
        try:
            message = self.conn.recv()
        except EOFError:
            raise StoreError("a query worker died while opening the store; see the log above") from None
        if message[0] != "ready":
            self.kill()
            raise StoreError(message[1])

    def kill(self) -> None:
        try:
            self.process.kill()
        except (OSError, ValueError):
            pass
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes over one store; :meth:`run` a job with a time limit."""

    def __init__(
        self,
        spec: StoreSpec,
        settings: Any,
        size: int | None = None,
        max_pending: int = 256,
        start_timeout: float = 120.0,
    ) -> None:
        self.spec, self.settings = spec, settings
        self.size = max(1, size or os.cpu_count() or 2)
        self.max_pending = max_pending
        self.start_timeout = start_timeout
        self._ctx = _context()
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._waiting = 0
        self._executor = ThreadPoolExecutor(max_workers=self.size + 2, thread_name_prefix="kg-serve-recv")
        self.restarts = 0

    def _spawn(self) -> _Worker:
        worker = _Worker(self._ctx, self.spec, self.settings)
        try:
            worker.wait_ready(self.start_timeout)
        except BaseException:
            worker.kill()
            raise
        return worker

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        workers = await asyncio.gather(
            *(loop.run_in_executor(self._executor, self._spawn) for _ in range(self.size)), return_exceptions=True
        )
        errors = [w for w in workers if isinstance(w, BaseException)]
        for w in workers:
            if isinstance(w, _Worker):
                self._all.add(w)
                self._idle.put_nowait(w)
        if errors:
            await self.close()
            raise errors[0]

    async def run(self, kind: str, args: dict[str, Any], timeout: float) -> Reply:
        """Run job ``kind`` in a free worker; QueryTimeout after ``timeout`` seconds of work (the worker is replaced)."""
        if self._idle is None:
            raise StoreError("the query workers are not running")
        if self._idle.empty() and self._waiting >= self.max_pending:
            raise Busy(f"the server is busy ({self._waiting} requests waiting); retry in a moment")
        self._waiting += 1
        try:
            worker = await self._idle.get()
        finally:
            self._waiting -= 1
        loop = asyncio.get_running_loop()
        try:
            worker.conn.send((kind, args))
            pending = loop.run_in_executor(self._executor, worker.conn.recv)
            pending.add_done_callback(lambda f: f.cancelled() or f.exception())  # retrieved: no warning
            reply = await asyncio.wait_for(asyncio.shield(pending), timeout)
        except TimeoutError:
            self._replace(worker)
            raise QueryTimeout(
                f"the query ran longer than the time limit of {timeout:g} s and was stopped; "
                "narrow it (a more specific pattern, LIMIT) or run it on your own copy of the "
                "data with `kg sparql`"
            ) from None
        except (EOFError, OSError) as e:
            self._replace(worker)
            raise WorkerCrashed(
                f"the query worker stopped unexpectedly ({e.__class__.__name__}); it has been restarted — try again"
            ) from None
        except BaseException:  # cancelled: the worker may still be busy
            self._replace(worker)
            raise
        self._idle.put_nowait(worker)
        return reply

    def _replace(self, worker: _Worker) -> None:
        self._all.discard(worker)
        if self._idle is None:  # closing
            worker.kill()
            return
        self.restarts += 1
        loop = asyncio.get_running_loop()

        def respawn() -> _Worker | None:
            worker.kill()
            if self._idle is None:
                return None
            try:
                return self._spawn()
            except (KgError, OSError) as e:  # the store went away: keep serving with fewer workers
                log.error("could not restart a query worker: %s", e)
                return None

        def done(fut: asyncio.Future) -> None:
            new = None if fut.cancelled() or fut.exception() else fut.result()
            if new is not None and self._idle is None:
                new.kill()
            elif new is not None and self._idle is not None:
                self._all.add(new)
                self._idle.put_nowait(new)

        loop.run_in_executor(self._executor, respawn).add_done_callback(done)

    async def close(self) -> None:
        workers, self._all = list(self._all), set()
        self._idle = None
        for w in workers:
            try:
                w.conn.close()  # EOF: an idle worker exits by itself
            except OSError:
                pass
        loop = asyncio.get_running_loop()

        def stop(w: _Worker) -> None:
            w.process.join(2)
            if w.process.is_alive():
                w.kill()

        await asyncio.gather(*(loop.run_in_executor(self._executor, stop, w) for w in workers))
        self._executor.shutdown(wait=False, cancel_futures=True)


__all__ = ["WorkerPool"]
