"""Where the graph lives: one small protocol, two embedded stores.

A :class:`Store` holds one named graph per decision.  Writing replaces whole
graphs, so loading is idempotent; SPARQL sees the *union* of the named graphs
as its default graph.  Results are rdflib terms, the same on every store:

>>> from rdflib import Literal, URIRef
>>> from rdflib.namespace import XSD
>>> g, d, p = (URIRef("http://example.org/" + n) for n in ("g", "d", "amount"))
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

import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from kg.errors import InputError, KgError, StoreError
from kg.mapping import bind_prefixes

Term = URIRef | BNode | Literal
Triple = tuple[Term, Term, Term]
Quad = tuple[Term, Term, Term, URIRef | BNode | None]  # graph None: the default graph


_INTEGERS = frozenset(XSD[t] for t in "integer int long short byte nonNegativeInteger positiveInteger negativeInteger "
                       "nonPositiveInteger unsignedLong unsignedInt unsignedShort unsignedByte".split())


def canonical(term: Term | None) -> Term | None:
    """``term`` with a literal in canonical form: same value, one spelling.

    >>> canonical(Literal("150.00", datatype=XSD.decimal))
    rdflib.term.Literal('150.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    >>> canonical(Literal("x", datatype=XSD.string))
    rdflib.term.Literal('x')
    """
    if not isinstance(term, Literal) or term.datatype is None:
        return term
    dt, text = term.datatype, str(term).strip()
    try:
        if dt == XSD.string:
            return Literal(str(term))
        if dt == XSD.decimal and "e" not in text.lower():
            value = Decimal(text)
            lexical = f"{int(value)}.0" if value == value.to_integral_value() else format(value.normalize(), "f")
        elif dt in _INTEGERS:
            lexical = str(int(text))
        elif dt in (XSD.double, XSD.float):
            n = float(text)
            lexical = repr(n) if math.isfinite(n) else "NaN" if math.isnan(n) else "INF" if n > 0 else "-INF"
        elif dt == XSD.boolean:
            lexical = {"1": "true", "0": "false"}.get(text, text)
        else:
            return term
    except (ValueError, ArithmeticError):
        return term  # ill-typed: kept as written
    return term if lexical == str(term) else Literal(lexical, datatype=dt)


def to_oxigraph(term: Term | None):
    """An rdflib term as a pyoxigraph term (None -> the default graph)."""
    try:
        if term is None or term == DATASET_DEFAULT_GRAPH_ID:
            return ox.DefaultGraph()
        if isinstance(term, (URIRef, BNode)):
            return (ox.NamedNode if isinstance(term, URIRef) else ox.BlankNode)(str(term))
        if isinstance(term, Literal):
            datatype = None if term.datatype is None else ox.NamedNode(str(term.datatype))
            return ox.Literal(str(term), language=term.language or None, datatype=datatype)
    except ValueError as e:
        raise StoreError(f"cannot store the term {str(term)!r}: {e}; fix the IRI or literal in the input") from e
    raise StoreError(f"cannot store {term!r}: not an rdflib URIRef, BNode or Literal")


def from_oxigraph(term) -> Term | None:
    """A pyoxigraph term as an rdflib term, literals canonical (the default graph -> None)."""
    kind = type(term)
    if kind is ox.NamedNode:
        return URIRef(term.value)
    if kind is ox.Literal:
        return _short_literal(term) if len(term.value) <= 200 else _literal(term)
    if term is None or kind is ox.DefaultGraph:
        return None
    if kind is ox.BlankNode:
        return BNode(term.value)
    raise StoreError(f"unsupported term from Oxigraph: {term!r} (RDF-star triples are not used in this graph)")


_XSD_STRING = str(XSD.string)


def _literal(term) -> Literal:
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:  # what canonical() makes of it, without building the typed literal first
        return Literal(term.value)
    return canonical(Literal(term.value, datatype=URIRef(datatype)))


#: Literals repeat across the rows of a result (labels, outcomes, dates) and rdflib takes ~10 µs to
#: build one, so short ones are built once; rdflib terms are immutable, so sharing them is safe
_short_literal = lru_cache(maxsize=1 << 15)(_literal)



@dataclass(frozen=True, slots=True)
class SelectResult:
    """The answer to a SELECT: variable names and rows of rdflib terms (None where unbound)."""

    vars: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]

    def __iter__(self) -> Iterator[tuple[Term | None, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


QueryResult = SelectResult | bool | Graph


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
        self.replace_graphs((g.identifier, list(g)) for g in dataset.graphs()
                            if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g))

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
    def _query(self, sparql: str, bindings: dict[str, Term]) -> QueryResult:
        """Run any query; SELECT rows canonical."""

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        """Run any SPARQL query: a SelectResult, a bool (ASK) or an rdflib Graph (CONSTRUCT, DESCRIBE).

        ``bindings`` ({variable: rdflib term}) are substituted as values, never as text.
        """
        return self._query(sparql, {k.lstrip("?$"): v for k, v in (bindings or {}).items() if v is not None})

    def select(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> SelectResult:
        """Run a SELECT query."""
        return self._expect(self.query(sparql, bindings), SelectResult, "SELECT")

    def ask(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> bool:
        """Run an ASK query."""
        return self._expect(self.query(sparql, bindings), bool, "ASK")

    def construct(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Graph:
        """Run a CONSTRUCT (or DESCRIBE) query; the graph has our prefixes bound."""
        return bind_prefixes(self._expect(self.query(sparql, bindings), Graph, "CONSTRUCT or DESCRIBE"))

    def graph(self, name: URIRef) -> Graph:
        """One named graph as an rdflib Graph (empty if absent)."""
        g = bind_prefixes(Graph(identifier=URIRef(name)))
        g.addN((s, p, o, g) for s, p, o, _ in self.quads(URIRef(name)))
        return g

    def dataset(self) -> Dataset:
        """A copy of the whole store as an rdflib Dataset, our prefixes bound."""
        ds = bind_prefixes(Dataset())
        graph = cache(lambda name: ds.default_graph if name is None else ds.graph(name))
        ds.addN((s, p, o, graph(g)) for s, p, o, g in self.quads())
        return ds

    def close(self) -> None:
        """Release the store (flush and unlock a persistent one); later use raises StoreError."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__}{f' at {self.location}' if self.location else ''}>"

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self!r} is open read-only; open it without read_only=True to write")

    @staticmethod
    def _expect(result: QueryResult, kind: type, name: str):
        if isinstance(result, kind):
            return result
        raise InputError(f"expected a {name} query, got one returning {type(result).__name__}")


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
                g.addN((s, p, o, g) for s, p, o in triples)

    def remove_graph(self, name: URIRef) -> None:
        self._ds.remove_graph(URIRef(name))

    def graph_names(self) -> list[str]:
        return sorted(str(g.identifier) for g in self._ds.graphs()
                      if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g))

    def __len__(self) -> int:
        return sum(len(g) for g in self._ds.graphs())

    def quads(self, name: URIRef | None = None) -> Iterator[Quad]:
        for s, p, o, g in self._ds.quads((None, None, None, name)):
            g = getattr(g, "identifier", g)
            if name is not None and g != name:
                continue  # rdflib yields a triple of graph `name` once per graph holding it
            yield s, p, o, None if g == DATASET_DEFAULT_GRAPH_ID else g

    def _query(self, sparql: str, bindings: dict[str, Term]) -> QueryResult:
        prepared = _prepare(sparql)
        missing = sorted(set(bindings) - {str(v) for v in prepared.algebra.get("PV") or ()})
        if missing and prepared.algebra.name == "SelectQuery":  # Oxigraph refuses these: so do we
            raise InputError(f"the SPARQL query does not project the bound variable(s) "
                             f"{', '.join('?' + m for m in missing)}; add them to its SELECT clause")
        try:
            result = self._ds.query(prepared, initBindings=bindings)
        except Exception as e:  # a closed store's StoreError passes through
            raise e if isinstance(e, KgError) else StoreError(f"the memory store failed to run the query: {e}") from e
        if result.type == "SELECT":
            rows = tuple(tuple(canonical(t) for t in row) for row in result)
            return SelectResult(tuple(str(v) for v in result.vars), rows)
        return bool(result.askAnswer) if result.type == "ASK" else bind_prefixes(result.graph)

    def close(self) -> None:
        self._ds = _Closed(repr(self))

    # --- bulk paths for kg.pipeline (N-Quads in, as the build's workers write them) ---------

    def has_graph(self, name: str) -> bool:
        """Whether named graph ``name`` holds triples."""
        return len(self._ds.graph(URIRef(name))) > 0

    def replace_graphs_nquads(self, batch: list[tuple[str, bytes]], drop: Iterable[str] = ()) -> None:
        """Replace each graph of ``batch`` (name, its N-Quads) and remove the graphs in ``drop``."""
        self._check_writable()
        staged = []
        for name, data in batch:
            quads = ox.parse(data, format=ox.RdfFormat.N_QUADS) if data else ()
            staged.append((URIRef(name), [tuple(from_oxigraph(t) for t in (q.subject, q.predicate, q.object))
                                          for q in quads]))
        for name in drop:
            self._ds.remove_graph(URIRef(name))
        self.replace_graphs(staged)

    def graph_ntriples(self, name: str) -> bytes:
        """Graph ``name`` as N-Triples bytes."""
        from kg.validate_terms import nt

        return "".join(f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o, _ in self.quads(URIRef(name))).encode("utf-8")


class OxigraphStore(Store):
    """Embedded Oxigraph in a directory; one process may open it to write, others ``read_only=True``."""

    kind = "oxigraph"
    persistent = True
    transactional = True

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.location = path = Path(path)
        self.read_only = read_only
        if (path.exists() or read_only) and not path.is_dir():
            raise StoreError(f"cannot open the store at {path}: no such directory{'' if read_only else ' (a file is there)'}; "
                             "pass the directory of a store built by kg")
        try:
            if not read_only:
                path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as e:
            raise StoreError(
                f"the store at {path} is locked by another process (or already open in this one): close the other "
                "kg command, open it read-only, or use another --store directory" if "lock" in str(e).lower() else
                f"cannot open the Oxigraph store at {path}: {e}; check it is a writable directory made by kg") from e

    def _run(self, what: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except OSError as e:
            raise StoreError(f"the Oxigraph store at {self.location} failed to {what}: {e}") from e

    def replace_graphs(self, batch: Iterable[tuple[URIRef, Iterable[Triple]]]) -> None:
        self._check_writable()
        parts: list[str] = []
        for name, triples in batch:
            g = to_oxigraph(URIRef(name))
            parts.append(f"DROP SILENT GRAPH {g}")
            body = " .\n".join(f"{to_oxigraph(s)} {to_oxigraph(p)} {to_oxigraph(o)}" for s, p, o in triples)
            if body:
                parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{body} }} }}")
        if parts:  # terms serialised by Oxigraph itself; one update is one transaction
            self._run("replace graphs", self._store.update, " ;\n".join(parts))

    def remove_graph(self, name: URIRef) -> None:
        self._check_writable()
        self._run("remove a graph", self._store.update, f"DROP SILENT GRAPH {to_oxigraph(URIRef(name))}")

    def graph_names(self) -> list[str]:
        return sorted(str(g.value) for g in self._run("list graphs", lambda: list(self._store.named_graphs())))

    def __len__(self) -> int:
        return self._run("count quads", lambda: self._store.__len__())

    def quads(self, name: URIRef | None = None) -> Iterator[Quad]:
        g = None if name is None else to_oxigraph(URIRef(name))
        for q in self._run("read quads", self._store.quads_for_pattern, None, None, None, g):
            yield tuple(from_oxigraph(t) for t in (q.subject, q.predicate, q.object, q.graph_name))

    def _query(self, sparql: str, bindings: dict[str, Term]) -> QueryResult:
        subs = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()} or None
        try:
            result = self._store.query(sparql, use_default_graph_as_union=True, substitutions=subs)
            if isinstance(result, ox.QuerySolutions):
                names = tuple(v.value for v in result.variables)
                rows = tuple(tuple(from_oxigraph(sol[i]) for i in range(len(names))) for sol in result)
                return SelectResult(names, rows)
            if isinstance(result, ox.QueryBoolean):
                return bool(result)
            g = bind_prefixes(Graph())
            g.addN((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object), g) for t in result)
            return g
        except SyntaxError as e:
            raise InputError(f"SPARQL syntax error: {e}; check the query text") from e
        except RuntimeError as e:  # e.g. a bound variable that is not projected
            raise InputError(f"cannot run the query: {e}") from e
        except OSError as e:
            raise StoreError(f"the Oxigraph store at {self.location} failed to run the query: {e}") from e

    def close(self) -> None:
        if not isinstance(self._store, _Closed) and not self.read_only:
            self._run("flush", self._store.flush)
        self._store = _Closed(repr(self))  # drops the last reference: RocksDB releases its lock

    # --- bulk paths for kg.pipeline (N-Quads in, as the build's workers write them) ---------

    #: a batch loaded in one bulk call stays below Oxigraph's bulk-load chunk (1,000,000 quads),
    #: so it reaches RocksDB as one ingestion of sorted files: all of it or none of it
    BULK_LIMIT = 900_000

    def has_graph(self, name: str) -> bool:
        """Whether named graph ``name`` exists in the store."""
        return self._run("look up a graph", self._store.contains_named_graph, ox.NamedNode(name))

    def replace_graphs_nquads(self, batch: list[tuple[str, bytes]], drop: Iterable[str] = ()) -> None:
        """Replace each graph of ``batch`` (name, its N-Quads) and remove the graphs in ``drop``.

        Graphs new to the store go in with one bulk load (Oxigraph writes sorted files and
        RocksDB ingests them in one step, several times faster than a transaction); a batch
        that replaces or removes graphs runs as one SPARQL update, one transaction: the old
        graph stays visible until the new one is complete.
        """
        self._check_writable()
        drop = [str(g) for g in drop]
        fresh = [(g, q) for g, q in batch if not self.has_graph(g)]
        if drop or len(fresh) < len(batch) or sum(q.count(b"\n") for _, q in fresh) > self.BULK_LIMIT:
            parts = [f"DROP SILENT GRAPH <{g}>" for g in drop]
            for g, quads in batch:
                parts.append(f"DROP SILENT GRAPH <{g}>")
                if quads:
                    body = quads.decode("utf-8").replace(f" <{g}> .\n", " .\n")
                    parts.append(f"INSERT DATA {{ GRAPH <{g}> {{\n{body}}} }}")
            self._run("replace graphs", self._store.update, " ;\n".join(parts))
        elif fresh:
            # lenient: the build's workers wrote these N-Quads from terms the mapping already checked, so
            # the loader skips re-validating every IRI (a quarter of its time)
            self._run("load graphs", self._store.bulk_load, b"".join(q for _, q in fresh), format=ox.RdfFormat.N_QUADS,
                      lenient=True)

    def graph_ntriples(self, name: str) -> bytes:
        """Graph ``name`` as N-Triples bytes, serialised by Oxigraph."""
        return self._run("read a graph", self._store.dump, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))

    def shared_path(self) -> str:
        """The directory other processes may open read-only to read what this store holds (flushed first)."""
        if not self.read_only:
            self._run("flush", self._store.flush)
        return str(self.location)

    def sparql_runner(self, name: str):
        """A runner for :class:`kg.validate_fast.Data`: SPARQL over graph ``name`` alone, ``$this`` bound."""
        from kg.validate_checks import oxigraph_runner

        return oxigraph_runner(self._store, ox.NamedNode(name))


def open_store(where: str | Path = "memory", read_only: bool = False) -> Store:
    """``"memory"`` -> a :class:`MemoryStore`; a directory path -> an :class:`OxigraphStore` (created if missing);
    an ``http(s)://`` URL of a SPARQL query endpoint -> a :class:`kg.remote.RemoteStore`.

    >>> open_store("memory")
    <MemoryStore>
    >>> open_store("http://127.0.0.1:7878/query")
    <RemoteStore at http://127.0.0.1:7878/query>
    """
    if isinstance(where, str) and where in ("memory", ":memory:"):
        return MemoryStore()
    if isinstance(where, str) and where.startswith(("http://", "https://")):
        from kg.remote import RemoteStore  # imported here: kg.remote builds on this module

        return RemoteStore(where, read_only=read_only)
    return OxigraphStore(Path(where), read_only=read_only)
