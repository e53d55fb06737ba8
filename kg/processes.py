"""The one process-pool helper: worker processes that keep order and bound memory.

Used by the build (parse, map, validate files) and by whole-store validation.
Work goes out in tasks; at most ``window`` tasks are in flight, so memory
stays bounded however long the input, and results come back in submission
order, so a pooled run behaves exactly as a sequential one would.

Workers start from a fork server with the given modules already imported, so
they neither inherit the parent's open store nor pay the imports per
process.  A worker exits at once when the process that started the pool
dies, SIGKILL included: a worker's parent is the fork server, which stays up
as long as a worker holds its lifeline, so each worker watches the pool's
owner itself (:func:`die_with`), and neither the workers nor the fork server
outlive a killed build.

>>> list(ordered_map(abs, [-1, -2, 3], jobs=1))
[1, 2, 3]
"""

from __future__ import annotations

import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


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


def die_with(owner: int) -> None:
    """In a worker process: exit as soon as process ``owner`` is gone, and leave Ctrl-C to it (it stops the pool).

    A daemon thread waits on a pidfd of ``owner`` (readable when it exits); where pidfds are missing it
    looks twice a second.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch, args=(owner,), name="kg-owner-watch", daemon=True).start()


def _watch(owner: int) -> None:
    try:
        fd = os.pidfd_open(owner)
    except ProcessLookupError:  # already gone
        os._exit(1)
    except (OSError, AttributeError):  # an old kernel, or not Linux: look now and then
        while _alive(owner):
            time.sleep(0.5)
        os._exit(1)
    select.select([fd], [], [])
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def _start(owner: int, initializer: Callable[[], None] | None) -> None:
    die_with(owner)
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
            max_workers=jobs, mp_context=context(preload), initializer=_start, initargs=(os.getpid(), initializer)
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


__all__ = ["context", "default_jobs", "die_with", "importable_main", "ordered_map"]
