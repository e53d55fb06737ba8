"""Copying graphs from one store to another (``kg push``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rdflib import URIRef

from kg.store.base import Store


def push(
    source: Store, target: Store, *, progress: Callable[[str], None] | None = None, workers: int = 4
) -> tuple[int, int]:
    """Copy every named graph of ``source`` to ``target``, replacing each there; (graphs, triples) sent.

    Pushing twice changes nothing: each graph is replaced whole.
    """
    from concurrent.futures import ThreadPoolExecutor

    names = source.graph_names()

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
    return len(names), total


__all__ = ["push"]
