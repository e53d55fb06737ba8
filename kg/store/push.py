"""Copying graphs from one store to another (``kg push``), and deleting there what the source no longer has.

Pushing sends every named graph of the source, each replacing its namesake
on the target: pushing twice changes nothing.  A decision removed from the
source, or renamed (a corrected reference), stays on the target unless the
push *syncs*: then the target's decision graphs the source lacks are deleted,
after everything was sent (a push stopped half-way leaves too much, never too
little).  Only decision graphs under a base the source's decisions use are
ever deleted; other graphs on the server are left alone.

>>> from rdflib import URIRef
>>> from kg.store import MemoryStore
>>> src, dst, p = MemoryStore(), MemoryStore(), URIRef("http://x/p")
>>> one, two = (URIRef(f"http://x/lgsco/decision/{n}") for n in (1, 2))
>>> src.replace_graph(one, [(one, p, one)]); dst.replace_graph(two, [(two, p, two)])
>>> stale_graphs(src, dst)
['http://x/lgsco/decision/2']
>>> push(src, dst, sync=True), dst.graph_names()
((1, 1), ['http://x/lgsco/decision/1'])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rdflib import URIRef

from kg.errors import InputError
from kg.store.base import Store


def stale_graphs(source: Store, target: Store) -> list[str]:
    """The target's decision graphs that the source does not hold, under the bases of the source's decisions."""
    minted = source.bases()
    if not minted:
        raise InputError(
            f"{source!r} holds no decision graph, so syncing would delete every decision on the server; "
            "push a store that holds the decisions, or delete them on the server yourself"
        )
    have = set(source.decision_graphs())
    return sorted(g for g in target.decision_graphs() if g not in have and g.split("lgsco/decision/", 1)[0] in minted)


def push(
    source: Store,
    target: Store,
    *,
    sync: bool = False,
    progress: Callable[[str], None] | None = None,
    workers: int = 4,
    deleted: list[str] | None = None,
) -> tuple[int, int]:
    """Copy every named graph of ``source`` to ``target``, replacing each there; (graphs, triples) sent.

    ``sync``: then delete the target's decision graphs the source lacks (:func:`stale_graphs`); their
    names are appended to ``deleted`` when given.  Pushing twice changes nothing: each graph is replaced whole.
    """
    from concurrent.futures import ThreadPoolExecutor

    names = source.graph_names()
    stale = stale_graphs(source, target) if sync else []  # decided before anything is sent

    def one(name: str) -> int:
        triples = [(s, p, o) for s, p, o, _ in source.quads(URIRef(name))]
        target.replace_graph(URIRef(name), triples)
        return len(triples)

    total = 0
    if workers <= 1 or len(names) < 2:
        results: Iterable[int] = map(one, names)
    else:
        pool = ThreadPoolExecutor(max_workers=workers)
        results = pool.map(one, names)
    try:
        for name, sent in zip(names, results):
            total += sent
            if progress is not None:
                progress(name)
    finally:
        if workers > 1 and len(names) >= 2:
            pool.shutdown(wait=True, cancel_futures=True)
    for name in stale:
        target.remove_graph(URIRef(name))
        if deleted is not None:
            deleted.append(name)
    return len(names), total


__all__ = ["push", "stale_graphs"]
