"""Validating a whole store with the compiled shapes, graph by graph, across processes.

Each decision graph is read as N-Triples (from an Oxigraph store, by the
workers themselves, each opening it read-only: reading a graph back costs
about as much as validating it), parsed back to N-Triples terms and checked
with :func:`kg.validate_fast.validate_nt`.  Chunks of graphs go out at most a few
at a time, so memory stays flat: ``kg validate`` on the whole archive costs
a few milliseconds per decision and grows linearly.

>>> from kg.store import MemoryStore
>>> validate_graphs(MemoryStore()).conforms
True
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import SH

from kg.store import Store
from kg.validate import Report, Result
from kg.validate_terms import nt

_VIOLATION = str(SH.Violation)


def validate_ntriples_chunk(chunk: list[tuple[str, bytes]]) -> list[Result]:
    """Results for each ``(graph name, N-Triples bytes)`` of a chunk."""
    from kg.validate_fast import validate_nt

    out: list[Result] = []
    for name, data in chunk:
        terms = [(str(t.subject), str(t.predicate), str(t.object))
                 for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
        out.extend(validate_nt(terms, graph=name, ntriples=data.decode("utf-8")))
    return out


_READERS: dict[str, ox.Store] = {}


def validate_names_chunk(path: str, names: list[str]) -> list[Result]:
    """Results for each named graph of the Oxigraph store at ``path``, opened read-only in this process
    (reading a graph back costs as much as validating it, so workers read their own)."""
    store = _READERS.get(path)
    if store is None:
        store = _READERS[path] = ox.Store.read_only(path)
    return validate_ntriples_chunk([(n, store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(n)))
                                    for n in names])


def _ntriples(store: Store, name: str) -> bytes:
    reader = getattr(store, "graph_ntriples", None)
    if reader is not None:
        return reader(name)
    return "".join(f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o, _ in store.quads(URIRef(name))).encode("utf-8")


def _chunks(store: Store, names: list[str], size: int) -> Iterator[list[tuple[str, bytes]]]:
    for i in range(0, len(names), size):
        yield [(name, _ntriples(store, name)) for name in names[i:i + size]]


def validate_graphs(store: Store, *, jobs: int | None = 1, chunk_size: int = 64) -> Report:
    """Validate every named graph of ``store`` with the compiled shapes; ``jobs`` processes (None: one per core)."""
    from kg.build_pool import _context, _importable_main, default_jobs

    from kg.mapping import is_decision_graph

    names = [n for n in store.graph_names() if is_decision_graph(n)]  # the analytics graph is not a decision
    jobs = jobs or default_jobs()
    results: list[Result] = []
    if jobs <= 1 or len(names) < 2 * chunk_size:
        for chunk in _chunks(store, names, chunk_size):
            results.extend(validate_ntriples_chunk(chunk))
    else:
        shared = getattr(store, "shared_path", None)
        path = shared() if shared is not None else None
        with _importable_main(), ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
            pending: deque[Future] = deque()
            if path is not None:  # the workers read the graphs themselves
                work = (pool.submit(validate_names_chunk, path, names[i:i + chunk_size])
                        for i in range(0, len(names), chunk_size))
            else:
                work = (pool.submit(validate_ntriples_chunk, chunk) for chunk in _chunks(store, names, chunk_size))
            for future in work:
                pending.append(future)
                if len(pending) >= jobs * 3:
                    results.extend(pending.popleft().result())
            while pending:
                results.extend(pending.popleft().result())
    results.sort(key=lambda r: (r.decision or "~", r.focus_node, r.shape, r.constraint, r.value or ""))
    conforms = not any(r.severity == _VIOLATION for r in results)
    return Report(conforms=conforms, results=tuple(results), graphs=len(names))


__all__ = ["validate_graphs", "validate_ntriples_chunk"]
