"""The memory store: an rdflib Dataset, for tests and small graphs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from kg.errors import InputError, KgError, StoreError
from kg.mapping import bind_prefixes
from kg.store.base import QueryResult, SelectResult, Store, _Closed
from kg.store.terms import Quad, Term, Triple, canonical


@lru_cache(maxsize=256)
def _prepare(sparql: str) -> Query:
    try:
        return prepareQuery(sparql)
    except Exception as e:  # pyparsing errors, unknown prefixes: all the query's fault
        raise InputError(f"SPARQL syntax error: {e}; check the query text") from e


class MemoryStore(Store):
    """An rdflib Dataset in memory; not transactional, but a batch is read completely before anything changes."""

    kind = "memory"

    def __init__(self) -> None:
        self._ds = bind_prefixes(Dataset(default_union=True))

    def replace_graphs(self, batch: Iterable[tuple[URIRef, Iterable[Triple]]]) -> None:
        self._check_writable()
        staged = [(URIRef(name), [(s, p, canonical(o)) for s, p, o in triples]) for name, triples in batch]
        for name, triples in staged:
            self._ds.remove_graph(name)
            if triples:
                g = self._ds.graph(name)
                g.addN((s, p, o, g) for s, p, o in triples)  # type: ignore[misc]

    def remove_graph(self, name: URIRef) -> None:
        self._ds.remove_graph(URIRef(name))

    def graph_names(self) -> list[str]:
        return sorted(
            str(g.identifier) for g in self._ds.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)
        )

    def __len__(self) -> int:
        return sum(len(g) for g in self._ds.graphs())

    def quads(self, name: URIRef | None = None) -> Iterator[Quad]:
        for s, p, o, g in self._ds.quads((None, None, None, name)):  # type: ignore[arg-type]
            g = getattr(g, "identifier", g)
            if name is not None and g != name:
                continue  # rdflib yields a triple of graph `name` once per graph holding it
            yield s, p, o, None if g == DATASET_DEFAULT_GRAPH_ID else g  # type: ignore[misc]

    def _query(self, sparql: str, bindings: dict[str, Term]) -> QueryResult:
        prepared = _prepare(sparql)
        missing = sorted(set(bindings) - {str(v) for v in prepared.algebra.get("PV") or ()})
        if missing and prepared.algebra.name == "SelectQuery":  # Oxigraph refuses these: so do we
            raise InputError(
                f"the SPARQL query does not project the bound variable(s) "
                f"{', '.join('?' + m for m in missing)}; add them to its SELECT clause"
            )
        try:
            result = self._ds.query(prepared, initBindings=bindings)
        except Exception as e:  # a closed store's StoreError passes through
            raise e if isinstance(e, KgError) else StoreError(f"the memory store failed to run the query: {e}") from e
        if result.type == "SELECT":
            rows = tuple(tuple(canonical(t) for t in row) for row in result)  # type: ignore[arg-type, union-attr]
            return SelectResult(tuple(str(v) for v in result.vars or ()), rows)
        return bool(result.askAnswer) if result.type == "ASK" else bind_prefixes(result.graph or Graph())

    def close(self) -> None:
        self._ds = _Closed(repr(self))  # type: ignore[assignment]

    def has_graph(self, name: str) -> bool:
        return len(self._ds.graph(URIRef(name))) > 0


__all__ = ["MemoryStore"]
