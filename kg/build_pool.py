"""Worker processes for the build: chunks of files in, :class:`kg.build_worker.Item` lists out, in order.

At most ``window`` chunks are in flight, so memory stays bounded however
large the corpus; results come back in submission order, so the build
behaves exactly as a sequential one would (the first of two files with the
same reference wins, whichever worker finished first).  Workers start
from a fork server with :mod:`kg.build_worker` already imported, so they
neither inherit the parent's open store nor pay the imports per process.

``jobs=1`` runs everything in the calling process, no pool at all.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial

from kg.build_worker import Item, process_chunk, warm_up


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@contextmanager
def _importable_main():
    """Workers re-import the parent's ``__main__`` from its file; a script read from stdin has none."""
    main = sys.modules.get("__main__")
    bogus = getattr(main, "__file__", None)
    if bogus is None or os.path.isfile(bogus) or getattr(main, "__spec__", None) is not None:
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = bogus


def _context():
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["kg.build_worker", "kg.validate_fast", "kg.parse"])
        return ctx
    return multiprocessing.get_context("spawn")


def run_chunks(chunks: Iterable[list[tuple[str, str | None]]], *, jobs: int, base: str, check: bool,
               window: int | None = None) -> Iterator[list[Item]]:
    """Process ``chunks`` on ``jobs`` processes; yield each chunk's items in the order given."""
    work = partial(process_chunk, base=base, check=check)
    if jobs <= 1:
        for chunk in chunks:
            yield work(chunk)
        return
    window = window or jobs * 3
    with _importable_main():
        yield from _pooled(chunks, work, jobs, window)


def _pooled(chunks, work, jobs: int, window: int) -> Iterator[list[Item]]:
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=warm_up)
    pending: deque[Future] = deque()
    try:
        it = iter(chunks)
        for chunk in it:
            pending.append(pool.submit(work, chunk))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


__all__ = ["default_jobs", "run_chunks"]
