"""Repairs a store needs after a build was killed: statistics left out of date.

A build marks the statistics out of date with its first commit and clears
the mark when it has refreshed them (:mod:`kg.query.statistics`).  A mark
still there after the build is gone means they are stale: the next
``kg build`` refreshes them, and so does ``kg validate --store`` through
:func:`repair_statistics`.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import StoreError
from kg.query.statistics import refresh_if_stale, stale_marks
from kg.store import OxigraphStore, Store


def repair_statistics(store: Store | str | Path) -> list[str]:
    """Refresh the statistics graphs a killed build left out of date; their IRIs ([] if none were).

    Given a directory, the store is opened for writing only when there is something to repair; if another
    process holds it, StoreError says so (the next build repairs it).
    """
    if isinstance(store, Store):
        return refresh_if_stale(store)
    with OxigraphStore(store, read_only=True) as reader:
        if not stale_marks(reader):
            return []
    try:
        writer = OxigraphStore(store)
    except StoreError as exc:
        raise StoreError(f"the statistics of {store} are out of date (a build was killed), and {exc}") from exc
    with writer:
        return refresh_if_stale(writer)


__all__ = ["repair_statistics"]
