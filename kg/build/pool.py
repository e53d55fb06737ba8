"""Worker processes for the build: chunks of files in, :class:`kg.build.worker.Item` lists out, in order.

A thin layer over :func:`kg.processes.ordered_map`: at most ``window``
chunks are in flight, so memory stays bounded however large the corpus, and
results come back in submission order, so the build behaves exactly as a
sequential one would (the first of two files with the same reference wins,
whichever worker finished first).  Workers preload the parser, mapping and
validator once, and die with the build (SIGKILL included).

``jobs=1`` runs everything in the calling process, no pool at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial

from kg.build.worker import Item, Settings, process_chunk, warm_up
from kg.harvest.reader import Record
from kg.processes import default_jobs, ordered_map

#: modules every worker imports once, in the fork server, before the first chunk
PRELOAD = ("kg.build.worker", "kg.validate", "kg.parse")


def run_chunks(
    chunks: Iterable[list[tuple[str | Record, str | None]]], *, jobs: int, settings: Settings, window: int | None = None
) -> Iterator[list[Item]]:
    """Process ``chunks`` on ``jobs`` processes; yield each chunk's items in the order given."""
    work = partial(process_chunk, settings=settings)
    return ordered_map(
        work,
        chunks,
        jobs=jobs,
        window=window,
        preload=PRELOAD,
        initializer=partial(warm_up, settings) if jobs > 1 else None,
    )


__all__ = ["PRELOAD", "default_jobs", "run_chunks"]
