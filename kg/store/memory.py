"""The memory store: an rdflib Dataset, for tests and small graphs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice

from rdflib import Dataset, Graph, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.evaluate import evalPart
from rdflib.plugins.sparql.evalutils import _fillTemplate
from rdflib.plugins.sparql.processor import SPARQLResult
from rdflib.plugins.sparql.sparql import Query, QueryContext

from kg.errors import InputError, KgError, StoreError
from kg.mapping import bind_prefixes
from kg.store.base import QueryDataset, QueryResult, ResultGraph, SelectResult, Store, _Closed
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
        self._views = {}

    def replace_graphs(self, batch: Iterable[tuple[URIRef, Iterable[Triple]]]) -> None:
        self._check_writable()
        staged = [(URIRef(name), [(s, p, canonical(o)) for s, p, o in triples]) for name, triples in batch]
        for name, triples in staged:
            self._ds.remove_graph(name)
            if triples:
                g = self._ds.graph(name)
                g.addN((s, p, o, g) for s, p, o in triples)  # type: ignore[misc]

    def remove_graph(self, name: URIRef) -> None:
        self._check_writable()
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

    def _query(
        self, sparql: str, bindings: dict[str, Term], dataset: QueryDataset | None, max_rows: int | None
    ) -> QueryResult:
        prepared = _prepare(sparql)
        missing = sorted(set(bindings) - {str(v) for v in prepared.algebra.get("PV") or ()})
        if missing and prepared.algebra.name == "SelectQuery":  # Oxigraph refuses these: so do we
            raise InputError(
                f"the SPARQL query does not project the bound variable(s) "
                f"{', '.join('?' + m for m in missing)}; add them to its SELECT clause"
            )
        # evaluated here rather than by Dataset.query, which would load a FROM graph from the web
        named, default = self._view(dataset)
        ctx = QueryContext(named, initBindings={Variable(k): v for k, v in bindings.items()})
        ctx.graph = default
        ctx.prologue = prepared.prologue
        try:
            if prepared.algebra.name == "ConstructQuery" and max_rows is not None:
                return _construct(ctx, prepared.algebra, max_rows)
            result = SPARQLResult(evalPart(ctx, prepared.algebra))
            if result.type == "SELECT":
                rows = tuple(
                    tuple(canonical(t) for t in row)  # type: ignore[union-attr, arg-type]
                    for row in (islice(result, max_rows + 1) if max_rows is not None else result)
                )
                names = tuple(str(v) for v in result.vars or ())
                if max_rows is not None and len(rows) > max_rows:
                    return SelectResult(names, rows[:max_rows], complete=False)
                return SelectResult(names, rows)
            if result.type == "ASK":
                return bool(result.askAnswer)
            graph = bind_prefixes(ResultGraph())
            graph.addN((s, p, o, graph) for s, p, o in (result.graph or Graph()))
            if max_rows is not None and len(graph) > max_rows:
                graph.complete = False
            return graph
        except Exception as e:  # rdflib's evaluation errors are the query's; a closed store's pass
            raise e if isinstance(e, KgError) else StoreError(f"the memory store failed to run the query: {e}") from e

    def _view(self, dataset: QueryDataset | None) -> tuple[Dataset, Graph]:
        """The dataset ``GRAPH`` ranges over and the default graph, for ``dataset`` (copies, remembered until a write)."""
        if dataset is None or (dataset.default is None and dataset.named is None):
            return self._ds, self._ds
        key = (dataset.default, dataset.named)
        if key not in self._views:
            named = self._ds
            if dataset.named is not None:
                named = Dataset()
                for name in dataset.named:
                    g = named.graph(URIRef(name))
                    g.addN((s, p, o, g) for s, p, o in self._ds.graph(URIRef(name)))
            default: Graph = self._ds
            if dataset.default is not None:
                default = Graph()
                for name in dataset.default:
                    default.addN((s, p, o, default) for s, p, o in self._ds.graph(URIRef(name)))
            self._views[key] = (named, default)
        return self._views[key]

    def _written(self) -> None:
        super()._written()
        self._views = {}

    _views: dict[tuple, tuple[Dataset, Graph]] = {}

    def close(self) -> None:
        self._ds = _Closed(repr(self))  # type: ignore[assignment]

    def has_graph(self, name: str) -> bool:
        return len(self._ds.graph(URIRef(name))) > 0


def _construct(ctx: QueryContext, query, max_rows: int) -> ResultGraph:
    """A CONSTRUCT's graph built solution by solution (rdflib's builds it whole), stopped past ``max_rows`` triples."""
    template = query.template or query.p.p.triples  # CONSTRUCT WHERE: the pattern is the template
    graph = bind_prefixes(ResultGraph())
    for solution in evalPart(ctx, query.p):
        graph += _fillTemplate(template, solution)
        if len(graph) > max_rows:
            graph.complete = False
            break
    return graph


__all__ = ["MemoryStore"]
