"""The store protocol: one small base class every backend fills in.

A :class:`Store` holds one named graph per decision.  Writing replaces whole
graphs, so loading is idempotent; SPARQL sees the *union* of the named graphs
as its default graph.  Results are rdflib terms, the same on every store:

>>> from rdflib import Literal, URIRef
>>> from rdflib.namespace import XSD
>>> g, d, p = (URIRef("http://example.org/" + n) for n in ("g", "d", "amount"))
>>> from kg.store import open_store
>>> with open_store("memory") as store:
...     store.replace_graph(g, [(d, p, Literal("150.00", datatype=XSD.decimal))])
...     store.replace_graph(g, [(d, p, Literal("150.00", datatype=XSD.decimal))])  # idempotent
...     result = store.select("SELECT ?d ?amount WHERE { ?d ?p ?amount }", {"d": d})
...     (len(store), store.graph_names(), result.vars, result.rows[0][1].toPython())
(1, ['http://example.org/g'], ('d', 'amount'), Decimal('150.0'))

Backends differ; callers should know how:

* Literals come out in **canonical form** (``"150.00"^^xsd:decimal`` becomes
  ``"150.0"``, ``"x"^^xsd:string`` plain ``"x"``; the memory store also keeps
  them so), so results and exports compare equal across stores (:func:`canonical`).
* Oxigraph's union default graph is a *bag*: a triple held by two decision
  graphs (an authority's label) matches twice; rdflib matches it once.  So
  queries match shared triples inside ``GRAPH ?decision { … }`` (a decision
  IRI names its graph) or use ``DISTINCT``, as ``queries/*.rq`` do.
* A variable in ``bindings`` must be projected by the query (Oxigraph's
  substitution rule, enforced on both stores).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Self

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import InputError, StoreError
from kg.mapping import bind_prefixes, is_decision_graph
from kg.store.stream import StreamLoad
from kg.store.terms import Quad, Term, Triple, from_oxigraph
from kg.terms import nquad

#: the named graphs that are not decisions' (found by Oxigraph, not listed in Python: 0.2 s at 20,000 graphs),
#: and the predicates and classes of one of them
_OTHER_GRAPHS = 'SELECT ?g WHERE { GRAPH ?g { } FILTER (!CONTAINS(STR(?g), "/lgsco/decision/")) } ORDER BY ?g'
_PREDICATES = "SELECT DISTINCT ?p ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_CLASSES = "SELECT DISTINCT ?c ?g WHERE { GRAPH ?g { ?s a ?c } }"


@dataclass(frozen=True, slots=True)
class SelectResult:
    """The answer to a SELECT: variable names and rows of rdflib terms (None where unbound).

    ``complete`` is False when the query was run with ``max_rows`` and had more rows than that:
    ``rows`` then holds the first ``max_rows`` and the rest was never read."""

    vars: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    complete: bool = True

    def __iter__(self) -> Iterator[tuple[Term | None, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


class ResultGraph(Graph):
    """The answer to a CONSTRUCT or DESCRIBE; ``complete`` as for :class:`SelectResult`."""

    complete: bool = True


QueryResult = SelectResult | bool | Graph


@dataclass(frozen=True, slots=True)
class QueryDataset:
    """The RDF dataset a query runs over (SPARQL 1.1 Query, 13): the graphs merged into its default graph
    and the graphs ``GRAPH`` may name.  ``default=None``: the union of every named graph of the store;
    ``named=None``: every named graph.  Graph names are IRIs of graphs in the store: nothing is fetched.

    >>> QueryDataset(default=("http://g/1",), named=())
    QueryDataset(default=('http://g/1',), named=())
    """

    default: tuple[str, ...] | None = None
    named: tuple[str, ...] | None = None

    @property
    def union(self) -> bool:
        return self.default is None


class _Closed:
    """Stands in for the backend of a closed store: any use raises StoreError."""

    def __init__(self, store: str) -> None:
        self.message = f"{store} is closed; open it again with kg.store.open_store()"

    def __getattr__(self, attr: str):
        raise StoreError(self.message)


class Store(ABC):
    """A set of named graphs that answers SPARQL over their union.

    Capability flags, as in rdflib's store API, let callers adapt:
    ``persistent`` (survives close/reopen), ``transactional`` (a batch of
    graph replacements is all-or-nothing), ``read_only``.
    """

    kind: str = "abstract"
    persistent: bool = False
    transactional: bool = False
    read_only: bool = False
    location: Path | None = None

    def replace_graph(self, name: URIRef, triples: Iterable[Triple]) -> None:
        """Drop graph ``name`` and load ``triples`` into it, atomically as far as the backend allows."""
        self.replace_graphs([(name, triples)])

    @abstractmethod
    def replace_graphs(self, batch: Iterable[tuple[URIRef, Iterable[Triple]]]) -> None:
        """Replace several graphs in one go (one transaction where the backend has them)."""

    @abstractmethod
    def remove_graph(self, name: URIRef) -> None:
        """Drop graph ``name`` (no error if it is absent)."""

    def load_dataset(self, dataset: Dataset) -> None:
        """Replace every non-empty named graph of an rdflib Dataset (e.g. ``kg.mapping.to_dataset``)."""
        self.replace_graphs(
            (URIRef(g.identifier), list(g))  # type: ignore[arg-type]
            for g in dataset.graphs()
            if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)
        )

    @abstractmethod
    def graph_names(self) -> list[str]:
        """The names of the named graphs that hold triples, sorted."""

    @abstractmethod
    def __len__(self) -> int:
        """The number of quads."""

    @abstractmethod
    def quads(self, name: URIRef | None = None) -> Iterator[Quad]:
        """Every quad (or those of graph ``name``) as rdflib terms, literals canonical."""

    @abstractmethod
    def _query(
        self, sparql: str, bindings: dict[str, Term], dataset: QueryDataset | None, max_rows: int | None
    ) -> QueryResult:
        """Run any query; SELECT rows canonical."""

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        dataset: QueryDataset | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run any SPARQL query: a SelectResult, a bool (ASK) or an rdflib Graph (CONSTRUCT, DESCRIBE).

        ``bindings`` ({variable: rdflib term}) are substituted as values, never as text.
        ``dataset`` (default: the union of every named graph as the default graph) replaces any
        ``FROM`` of the query; :func:`kg.store.dataset.run_query` applies the SPARQL Protocol's rules.
        ``max_rows``: read at most that many rows (or triples) and mark the answer incomplete if
        there were more, without reading them.
        """
        bound = {k.lstrip("?$"): v for k, v in (bindings or {}).items() if v is not None}
        return self._query(sparql, bound, dataset, max_rows)

    def select(
        self, sparql: str, bindings: Mapping[str, Term] | None = None, *, dataset: QueryDataset | None = None
    ) -> SelectResult:
        """Run a SELECT query."""
        return self._expect(self.query(sparql, bindings, dataset=dataset), SelectResult, "SELECT")

    def ask(
        self, sparql: str, bindings: Mapping[str, Term] | None = None, *, dataset: QueryDataset | None = None
    ) -> bool:
        """Run an ASK query."""
        return self._expect(self.query(sparql, bindings, dataset=dataset), bool, "ASK")

    def construct(
        self, sparql: str, bindings: Mapping[str, Term] | None = None, *, dataset: QueryDataset | None = None
    ) -> Graph:
        """Run a CONSTRUCT (or DESCRIBE) query; the graph has our prefixes bound."""
        result = self.query(sparql, bindings, dataset=dataset)
        return bind_prefixes(self._expect(result, Graph, "CONSTRUCT or DESCRIBE"))

    def graph(self, name: URIRef) -> Graph:
        """One named graph as an rdflib Graph (empty if absent)."""
        g = bind_prefixes(Graph(identifier=URIRef(name)))
        g.addN((s, p, o, g) for s, p, o, _ in self.quads(URIRef(name)))
        return g

    def dataset(self) -> Dataset:
        """A copy of the whole store as an rdflib Dataset, our prefixes bound."""
        ds = Dataset()
        bind_prefixes(ds)
        graph = cache(lambda name: ds.default_graph if name is None else ds.graph(name))
        ds.addN((s, p, o, graph(g)) for s, p, o, g in self.quads())
        return ds

    # --- bulk paths (the build's workers hand over N-Quads); backends may do these faster ---------

    def has_graph(self, name: str) -> bool:
        """Whether named graph ``name`` holds triples."""
        return self.ask("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(name)})

    def stream(self) -> StreamLoad | None:
        """A bulk load that lasts a whole build (:class:`kg.store.stream.StreamLoad`), for a store that holds
        nothing yet and a backend that has one; None otherwise (the build then loads in batches)."""
        return None

    def compact(self) -> None:
        """Reorganise the store's files for reading after a large load; nothing to do for most backends."""
        return None

    def replace_graphs_nquads(self, batch: list[tuple[str, bytes]], drop: Iterable[str] = ()) -> None:
        """Replace each graph of ``batch`` (name, its N-Quads) and remove the graphs in ``drop``.

        Everything is parsed before anything changes, so a bad batch leaves the store as it was.
        """
        self._check_writable()
        staged = [
            (
                URIRef(name),
                [
                    tuple(from_oxigraph(t) for t in (q.subject, q.predicate, q.object))
                    for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)
                ]
                if data
                else [],
            )
            for name, data in batch
        ]
        for name in drop:
            self.remove_graph(URIRef(name))
        self.replace_graphs(staged)  # type: ignore[arg-type]

    def graph_ntriples(self, name: str) -> bytes:
        """Graph ``name`` as N-Triples bytes."""
        return "".join(nquad(s, p, o) for s, p, o, _ in self.quads(URIRef(name))).encode("utf-8")

    # --- what the store holds besides decision graphs (kg.store.dataset reads these) ---------------

    def decision_graphs(self) -> list[str]:
        """The names of the decision graphs (``…/lgsco/decision/…``), sorted; remembered until the store is written."""
        if self._decisions is None:
            self._decisions = [g for g in self.graph_names() if is_decision_graph(g)]
        return self._decisions

    def bases(self) -> set[str]:
        """The base IRIs the decision graphs were minted under (``{base}lgsco/decision/…``): the ``--base``
        the store was built with, read from the store itself (so also for a pushed copy on a server)."""
        return {g.split("lgsco/decision/", 1)[0] for g in self.decision_graphs()}

    def other_graphs(self) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
        """Each named graph that is not a decision's (statistics, analytics, …) with the predicates and
        classes its triples use; remembered until the store is written."""
        if self._others is None:
            found = self.select(_OTHER_GRAPHS)
            self._others = {}
            for (name,) in found.rows:
                g = URIRef(str(name))
                preds = frozenset(str(r[0]) for r in self.select(_PREDICATES, {"g": g}).rows)
                kinds = frozenset(str(r[0]) for r in self.select(_CLASSES, {"g": g}).rows)
                self._others[str(name)] = (preds, kinds)
        return self._others

    def _written(self) -> None:
        """Forget what :meth:`decision_graphs` and :meth:`other_graphs` remembered."""
        self._decisions = self._others = None

    _decisions: list[str] | None = None
    _others: dict[str, tuple[frozenset[str], frozenset[str]]] | None = None

    def shared_path(self) -> str | None:
        """A directory other processes may open read-only to read this store (flushed first), or None."""
        return None

    def close(self) -> None:  # noqa: B027 - nothing to release by default; backends override
        """Release the store (flush and unlock a persistent one); later use raises StoreError."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__}{f' at {self.location}' if self.location else ''}>"

    def _check_writable(self) -> None:
        self._written()
        if self.read_only:
            raise StoreError(f"{self!r} is open read-only; open it without read_only=True to write")

    @staticmethod
    def _expect(result: QueryResult, kind: type, name: str):
        if isinstance(result, kind):
            return result
        raise InputError(f"expected a {name} query, got one returning {type(result).__name__}")


__all__ = ["QueryDataset", "QueryResult", "ResultGraph", "SelectResult", "Store"]
