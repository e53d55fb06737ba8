"""Validating a whole store, graph by graph, across processes.

Each decision graph is read as N-Triples (from an Oxigraph store, by the
workers themselves, each opening it read-only: reading a graph back costs
about as much as validating it), parsed back to N-Triples terms and checked
by the engine :func:`kg.validate.engines.choose` picks.  Chunks of graphs go
out at most a few at a time, so memory stays flat: ``kg validate`` on the
whole archive costs a few milliseconds per decision and grows linearly.

>>> from kg.store import MemoryStore
>>> validate_store(MemoryStore()).conforms
True
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from functools import partial

import pyoxigraph as ox
from rdflib.namespace import SH

from kg.mapping import is_decision_graph
from kg.processes import default_jobs, ordered_map
from kg.store import Store
from kg.validate.engines import choose, split, validate_terms
from kg.validate.report import Report, Result

_VIOLATION = str(SH.Violation)


def validate_ntriples_chunk(
    chunk: list[tuple[str, bytes]], shapes: str | None = None, engine: str = "auto"
) -> list[Result]:
    """Results for each ``(graph name, N-Triples bytes)`` of a chunk."""
    out: list[Result] = []
    for name, data in chunk:
        terms = [
            (str(t.subject), str(t.predicate), str(t.object)) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
        ]
        out.extend(validate_terms(terms, graph=name, ntriples=data.decode("utf-8"), shapes=shapes, engine=engine))
    return out


_READERS: dict[tuple[str, str], ox.Store] = {}


def validate_names_chunk(
    path: str, names: list[str], shapes: str | None = None, engine: str = "auto", run: str = ""
) -> list[Result]:
    """Results for each named graph of the Oxigraph store at ``path``, opened read-only in this process
    (reading a graph back costs as much as validating it, so workers read their own).

    A read-only view is a snapshot of the store's files: it is kept for one run (``run``) only."""
    store = _READERS.get((path, run))
    if store is None:
        _READERS.clear()
        store = _READERS[(path, run)] = ox.Store.read_only(path)
    chunk = [(n, store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(n)) or b"") for n in names]
    return validate_ntriples_chunk(chunk, shapes, engine)


def _chunks(store: Store, names: list[str], size: int) -> Iterator[list[tuple[str, bytes]]]:
    for i in range(0, len(names), size):
        yield [(name, store.graph_ntriples(name)) for name in names[i : i + size]]


def validate_store(
    store: Store, *, jobs: int | None = None, chunk_size: int = 64, engine: str = "auto", shapes: str | None = None
) -> Report:
    """SHACL-validate every decision graph held by ``store``, graph by graph; ``jobs`` processes (None: one per core).

    ``engine`` and ``shapes`` as :func:`kg.validate.engines.choose` takes them; the
    statistics and analytics graphs are not decisions and are not validated.
    """
    choose(engine, shapes)  # an unknown engine or unusable shapes: refused before any graph is read
    names = [n for n in store.graph_names() if is_decision_graph(n)]
    jobs = jobs or default_jobs()
    results: list[Result] = []
    if jobs <= 1 or len(names) < 2 * chunk_size:
        for chunk in _chunks(store, names, chunk_size):
            results.extend(validate_ntriples_chunk(chunk, shapes, engine))
    else:
        path = store.shared_path()
        preload = ["kg.validate.store"]
        if path is not None:  # the workers read the graphs themselves
            work = partial(validate_names_chunk, path, shapes=shapes, engine=engine, run=uuid.uuid4().hex)
            tasks: Iterator = (names[i : i + chunk_size] for i in range(0, len(names), chunk_size))
        else:
            work = partial(validate_ntriples_chunk, shapes=shapes, engine=engine)
            tasks = _chunks(store, names, chunk_size)
        for found in ordered_map(work, tasks, jobs=jobs, preload=preload):
            results.extend(found)
    results.sort(key=lambda r: (r.decision or "~", r.focus_node, r.shape, r.constraint, r.value or ""))
    conforms = not any(r.severity == _VIOLATION for r in results)
    return Report(conforms=conforms, results=tuple(results), graphs=len(names), engines=split(engine, shapes).engines)


__all__ = ["validate_names_chunk", "validate_ntriples_chunk", "validate_store"]
