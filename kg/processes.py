"""The one process-pool helper: worker processes that keep order and bound memory.

Used by the build (parse, map, validate files) and by whole-store validation.
Work goes out in tasks; at most ``window`` tasks are in flight, so memory
stays bounded however long the input, and results come back in submission
order, so a pooled run behaves exactly as a sequential one would.

Workers start from a fork server with the given modules already imported, so
they neither inherit the parent's open store nor pay the imports per
process.  A worker whose parent dies (SIGKILL included) exits at once: Linux
sends it SIGKILL when the parent thread goes (``PR_SET_PDEATHSIG``), so no
idle worker outlives a killed build.

>>> list(ordered_map(abs, [-1, -2, 3], jobs=1))
[1, 2, 3]
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@contextmanager
def importable_main() -> Iterator[None]:
    """Workers re-import the parent's ``__main__`` from its file; a script read from stdin has none."""
    main = sys.modules.get("__main__")
    bogus = getattr(main, "__file__", None)
    if bogus is None or os.path.isfile(bogus) or getattr(main, "__spec__", None) is not None:
        yield
        return
    del main.__file__  # type: ignore[union-attr]
    try:
        yield
    finally:
        main.__file__ = bogus  # type: ignore[union-attr]


def context(preload: Sequence[str] = ()) -> Any:
    """A fork-server context with ``preload`` imported once in the server (spawn where there is no fork server)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(preload))
        return ctx
    return multiprocessing.get_context("spawn")


def die_with_parent() -> None:
    """In a worker process: be killed when the parent dies, and leave Ctrl-C to the parent (it stops the pool)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no prctl here: the pool's own shutdown still stops the worker
            return
        if os.getppid() == 1:  # the parent died before the call: go now
            os._exit(1)


def _start(initializer: Callable[[], None] | None) -> None:
    die_with_parent()
    if initializer is not None:
        initializer()


def ordered_map(
    work: Callable[[T], R],
    tasks: Iterable[T],
    *,
    jobs: int,
    window: int | None = None,
    preload: Sequence[str] = (),
    initializer: Callable[[], None] | None = None,
) -> Iterator[R]:
    """``work(task)`` for each task, on ``jobs`` processes, yielded in the order given.

    ``jobs <= 1`` runs everything in this process, no pool at all.  At most
    ``window`` tasks (default ``3 * jobs``) are in flight.
    """
    if jobs <= 1:
        if initializer is not None:
            initializer()
        for task in tasks:
            yield work(task)
        return
    window = window or jobs * 3
    with importable_main():
        pool = ProcessPoolExecutor(
            max_workers=jobs, mp_context=context(preload), initializer=_start, initargs=(initializer,)
        )
        pending: deque[Future[R]] = deque()
        try:
            for task in tasks:
                pending.append(pool.submit(work, task))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)


__all__ = ["context", "default_jobs", "die_with_parent", "importable_main", "ordered_map"]
