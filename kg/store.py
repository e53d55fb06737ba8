"""Where the graph lives: one small protocol, two embedded stores.

A :class:`Store` holds one named graph per decision.  Writing replaces whole
graphs (re-ingesting a decision replaces its graph, so loading is
idempotent); reading is SPARQL over the *union* of the named graphs, so a
query without ``GRAPH`` sees every decision.  Results come back as rdflib
terms, the same on every store:

>>> from rdflib import Literal, URIRef
>>> from rdflib.namespace import XSD
>>> g, d, p = (URIRef("http://example.org/" + n) for n in ("g", "d", "amount"))
>>> with open_store("memory") as store:
...     store.replace_graph(g, [(d, p, Literal("150.00", datatype=XSD.decimal))])
...     store.replace_graph(g, [(d, p, Literal("150.00", datatype=XSD.decimal))])  # idempotent
...     result = store.select("SELECT ?amount WHERE { ?d ?p ?amount }", {"d": d})
...     (len(store), store.graph_names(), result.vars, result.rows[0][0].toPython())
(1, ['http://example.org/g'], ('amount',), Decimal('150'))

Two things differ between backends and every caller should know them:

* Literals are kept in **canonical form** (``"150.00"^^xsd:decimal`` becomes
  ``"150"``, ``"x"^^xsd:string`` a plain ``"x"``), as Oxigraph does; the
  memory store canonicalises on the way in and both stores on the way out,
  so SELECT results compare equal across stores (:func:`canonical`).
* Oxigraph's union default graph is a *bag*: a triple held by two decision
  graphs (an authority's label, a provision's label) matches twice, where
  rdflib matches it once.  Queries that touch such shared triples match
  them inside ``GRAPH ?decision { … }`` (a decision IRI names its graph) or
  use ``DISTINCT``; the named queries in ``queries/`` do.

A variable given in ``bindings`` must be projected by the query (Oxigraph's
substitution rule, enforced on both stores).
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Union

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from kg.errors import InputError, KgError, StoreError
from kg.mapping import bind_prefixes

Term = Union[URIRef, BNode, Literal]
Triple = tuple[Term, Term, Term]
Quad = tuple[Term, Term, Term, Union[URIRef, BNode, None]]  # graph None: the default graph
Bindings = Mapping[str, Term]

__all__ = [
    "MemoryStore", "OxigraphStore", "SelectResult", "Store",
    "canonical", "from_oxigraph", "open_store", "to_oxigraph",
]

# --- terms: canonical literals and the rdflib <-> pyoxigraph conversion -------

_INTEGERS = frozenset(XSD[t] for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte",
))
_FLOATS = frozenset((XSD.double, XSD.float))


def _canonical_lexical(lexical: str, datatype: URIRef) -> str | None:
    text = lexical.strip()
    if datatype == XSD.decimal:
        value = Decimal(text)
        if not value.is_finite() or "e" in text.lower():
            return None
        if value == value.to_integral_value():
            return str(int(value))
        return format(value.normalize(), "f")
    if datatype in _INTEGERS:
        return str(int(text))
    if datatype in _FLOATS:
        number = float(text)
        if math.isnan(number):
            return "NaN"
        if math.isinf(number):
            return "INF" if number > 0 else "-INF"
        return repr(number)
    if datatype == XSD.boolean:
        return {"1": "true", "0": "false", "true": "true", "false": "false"}.get(text)
    return None


def canonical(term: Term | None) -> Term | None:
    """``term`` with a literal in canonical form: same value, one spelling.

    >>> canonical(Literal("150.00", datatype=XSD.decimal))
    rdflib.term.Literal('150', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    >>> canonical(Literal("x", datatype=XSD.string))
    rdflib.term.Literal('x')
    """
    if not isinstance(term, Literal) or term.datatype is None:
        return term
    if term.datatype == XSD.string:
        return Literal(str(term))
    try:
        lexical = _canonical_lexical(str(term), term.datatype)
    except (ValueError, InvalidOperation):
        return term  # ill-typed: keep as written
    if lexical is None or lexical == str(term):
        return term
    return Literal(lexical, datatype=term.datatype)


def to_oxigraph(term: Term | None):
    """An rdflib term as a pyoxigraph term (None -> the default graph)."""
    try:
        if term is None or term == DATASET_DEFAULT_GRAPH_ID:
            return ox.DefaultGraph()
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
    except ValueError as e:
        raise StoreError(f"cannot store the term {term.n3()}: {e}; fix the IRI or literal in the input") from e
    raise StoreError(f"cannot store {term!r}: not an rdflib URIRef, BNode or Literal")


def from_oxigraph(term) -> Term | None:
    """A pyoxigraph term as an rdflib term, literals canonical (the default graph -> None)."""
    if term is None or isinstance(term, ox.DefaultGraph):
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return canonical(Literal(term.value, datatype=URIRef(term.datatype.value)))
    raise StoreError(f"unsupported term from Oxigraph: {term!r} (RDF-star triples are not used in this graph)")


# --- results -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SelectResult:
    """The answer to a SELECT: variable names and rows of rdflib terms (None where unbound)."""

    vars: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]

    def __iter__(self) -> Iterator[tuple[Term | None, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def dicts(self) -> list[dict[str, Term | None]]:
        """Rows as ``{variable: term}`` dicts."""
        return [dict(zip(self.vars, row)) for row in self.rows]

    def column(self, var: str) -> list[Term | None]:
        """Every value of one variable, in row order."""
        i = self.vars.index(var)
        return [row[i] for row in self.rows]


QueryResult = Union[SelectResult, bool, Graph]


# --- the protocol ----------------------------------------------------------------


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

    # writing
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
            (g.identifier, list(g)) for g in dataset.graphs()
            if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)
        )

    # reading
    @abstractmethod
    def graph_names(self) -> list[str]:
        """The names of the named graphs, sorted."""

    @abstractmethod
    def __len__(self) -> int:
        """The number of quads."""

    @abstractmethod
    def quads(self) -> Iterator[Quad]:
        """Every quad as rdflib terms, literals canonical."""

    @abstractmethod
    def _query(self, sparql: str, bindings: dict[str, Term]) -> QueryResult:
        """Run any query; SELECT rows canonical."""

    def query(self, sparql: str, bindings: Bindings | None = None) -> QueryResult:
        """Run any SPARQL query: a SelectResult, a bool (ASK) or an rdflib Graph (CONSTRUCT, DESCRIBE)."""
        self._check_open()
        clean = {k.lstrip("?$"): v for k, v in (bindings or {}).items() if v is not None}
        return self._query(sparql, clean)

    def select(self, sparql: str, bindings: Bindings | None = None) -> SelectResult:
        """Run a SELECT, with ``bindings`` ({variable: rdflib term}) substituted as values, never as text."""
        return self._expect(self.query(sparql, bindings), SelectResult, "SELECT")

    def ask(self, sparql: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK query."""
        return self._expect(self.query(sparql, bindings), bool, "ASK")

    def construct(self, sparql: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT (or DESCRIBE) query; the graph has our prefixes bound."""
        return bind_prefixes(self._expect(self.query(sparql, bindings), Graph, "CONSTRUCT or DESCRIBE"))

    def graph(self, name: URIRef) -> Graph:
        """One named graph as an rdflib Graph (empty if absent)."""
        g = bind_prefixes(Graph(identifier=URIRef(name)))
        for s, p, o, gname in self.quads():
            if gname == name:
                g.add((s, p, o))
        return g

    def dataset(self) -> Dataset:
        """A copy of the whole store as an rdflib Dataset, our prefixes bound."""
        ds = bind_prefixes(Dataset())
        graphs: dict[object, Graph] = {}
        quads = []
        for s, p, o, g in self.quads():
            if g not in graphs:
                graphs[g] = ds.default_context if g is None else ds.graph(g)
            quads.append((s, p, o, graphs[g]))
        ds.addN(quads)
        return ds

    def close(self) -> None:
        """Release the store (flush and unlock a persistent one); later calls raise StoreError."""
        self._closed = True

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = f" at {self.location}" if self.location else ""
        return f"<{type(self).__name__}{where}>"

    # helpers
    _closed: bool = False

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"{self!r} is closed; open it again with kg.store.open_store()")

    def _check_writable(self) -> None:
        self._check_open()
        if self.read_only:
            raise StoreError(f"{self!r} is open read-only; open it without read_only=True to write")

    @staticmethod
    def _expect(result: QueryResult, kind: type, name: str):
        if not isinstance(result, kind):
            raise InputError(f"expected a {name} query, got one returning {type(result).__name__}")
        return result


@lru_cache(maxsize=256)
def _prepare(sparql: str) -> Query:
    try:
        return prepareQuery(sparql)
    except Exception as e:  # pyparsing errors, unknown prefixes: all the query's fault
        raise InputError(f"SPARQL syntax error: {e}; check the query text") from e


class MemoryStore(Store):
    """An in-memory rdflib Dataset; SPARQL by rdflib, the default graph the union of the named graphs.

    Not transactional, but a batch is read completely before anything
    changes, so a failing input iterator leaves the store as it was.
    """

    kind = "memory"

    def __init__(self) -> None:
        self._ds = bind_prefixes(Dataset(default_union=True))

    def replace_graphs(self, batch: Iterable[tuple[URIRef, Iterable[Triple]]]) -> None:
        self._check_writable()
        staged = [
            (URIRef(name), [(s, p, canonical(o)) for s, p, o in triples]) for name, triples in batch
        ]
        for name, triples in staged:
            self._ds.remove_graph(name)
            if triples:
                g = self._ds.graph(name)
                g.addN((s, p, o, g) for s, p, o in triples)

    def remove_graph(self, name: URIRef) -> None:
        self._check_writable()
        self._ds.remove_graph(URIRef(name))

    def graph_names(self) -> list[str]:
        self._check_open()
        return sorted(
            str(g.identifier) for g in self._ds.graphs()
            if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)
        )

    def __len__(self) -> int:
        self._check_open()
        return sum(len(g) for g in self._ds.graphs())

    def quads(self) -> Iterator[Quad]:
        self._check_open()
        for s, p, o, g in self._ds.quads((None, None, None, None)):
            name = getattr(g, "identifier", g)
            yield s, p, o, None if name == DATASET_DEFAULT_GRAPH_ID else name

    def _query(self, sparql: str, bindings: dict[str, Term]) -> QueryResult:
        prepared = _prepare(sparql)
        projected = {str(v) for v in prepared.algebra.get("PV") or ()}
        if prepared.algebra.name == "SelectQuery":
            missing = sorted(set(bindings) - projected)
            if missing:  # Oxigraph refuses these; refuse them here too
                raise InputError(
                    f"the SPARQL query does not project the bound variable(s) {', '.join('?' + m for m in missing)}; "
                    "add them to its SELECT clause"
                )
        try:
            result = self._ds.query(prepared, initBindings=bindings)
        except Exception as e:
            raise StoreError(f"the memory store failed to run the query: {e}") from e
        if result.type == "SELECT":
            names = tuple(str(v) for v in result.vars)
            return SelectResult(names, tuple(tuple(canonical(t) for t in row) for row in result))
        if result.type == "ASK":
            return bool(result.askAnswer)
        return bind_prefixes(result.graph)


class OxigraphStore(Store):
    """An embedded Oxigraph store in a directory: persistent, transactional, fast SPARQL.

    One process at a time may open a directory for writing;
    ``read_only=True`` opens a second, read-only view.
    """

    kind = "oxigraph"
    persistent = True
    transactional = True

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.location = Path(path)
        self.read_only = read_only
        self._store = self._open(self.location, read_only)

    @staticmethod
    def _open(path: Path, read_only: bool) -> ox.Store:
        if path.exists() and not path.is_dir():
            raise StoreError(f"cannot open the store at {path}: it is a file, not a directory; pass a directory path")
        if read_only and not path.is_dir():
            raise StoreError(f"cannot open the store at {path} read-only: no such directory; build it first (kg build … --store {path})")
        try:
            if read_only:
                return ox.Store.read_only(str(path))
            path.mkdir(parents=True, exist_ok=True)
            return ox.Store(str(path))
        except OSError as e:
            if "lock" in str(e).lower():
                raise StoreError(
                    f"the store at {path} is locked by another process (or already open in this one): "
                    "close the other kg command, open it read-only, or use another --store directory"
                ) from e
            raise StoreError(
                f"cannot open the Oxigraph store at {path}: {e}; check it is a writable directory made by kg"
            ) from e

    def _run(self, what: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except OSError as e:
            raise StoreError(f"Oxigraph store at {self.location} failed to {what}: {e}") from e

    def replace_graphs(self, batch: Iterable[tuple[URIRef, Iterable[Triple]]]) -> None:
        self._check_writable()
        parts: list[str] = []
        for name, triples in batch:
            g = to_oxigraph(URIRef(name))
            parts.append(f"DROP SILENT GRAPH {g}")
            body = " .\n".join(f"{to_oxigraph(s)} {to_oxigraph(p)} {to_oxigraph(o)}" for s, p, o in triples)
            if body:
                parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{body} }} }}")
        if parts:  # one SPARQL update: one transaction
            self._run("replace graphs", self._store.update, " ;\n".join(parts))

    def remove_graph(self, name: URIRef) -> None:
        self._check_writable()
        node = to_oxigraph(URIRef(name))
        if self._store.contains_named_graph(node):
            self._run("remove a graph", self._store.remove_graph, node)

    def graph_names(self) -> list[str]:
        self._check_open()
        return sorted(str(g.value) for g in self._run("list graphs", lambda: list(self._store.named_graphs())))

    def __len__(self) -> int:
        self._check_open()
        return self._run("count quads", len, self._store)

    def quads(self) -> Iterator[Quad]:
        self._check_open()
        for q in self._run("read quads", self._store.quads_for_pattern, None, None, None, None):
            yield from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object), from_oxigraph(q.graph_name)

    def graph(self, name: URIRef) -> Graph:
        self._check_open()
        g = bind_prefixes(Graph(identifier=URIRef(name)))
        for q in self._run("read a graph", self._store.quads_for_pattern, None, None, None, to_oxigraph(URIRef(name))):
            g.add((from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object)))
        return g

    def _query(self, sparql: str, bindings: dict[str, Term]) -> QueryResult:
        subs = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
        try:
            result = self._store.query(sparql, use_default_graph_as_union=True, substitutions=subs or None)
        except SyntaxError as e:
            raise InputError(f"SPARQL syntax error: {e}; check the query text") from e
        except RuntimeError as e:  # e.g. a bound variable that is not projected
            raise InputError(f"cannot run the query: {e}") from e
        except OSError as e:
            raise StoreError(f"Oxigraph store at {self.location} failed to run the query: {e}") from e
        try:
            if isinstance(result, ox.QuerySolutions):
                names = tuple(v.value for v in result.variables)
                rows = tuple(tuple(from_oxigraph(sol[i]) for i in range(len(names))) for sol in result)
                return SelectResult(names, rows)
            if isinstance(result, ox.QueryBoolean):
                return bool(result)
            g = bind_prefixes(Graph())
            for t in result:
                g.add((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)))
            return g
        except OSError as e:
            raise StoreError(f"Oxigraph store at {self.location} failed while reading results: {e}") from e

    def dump(self, output, fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> None:
        """Write every quad with Oxigraph's own serialiser (``fmt`` must hold named graphs)."""
        self._check_open()
        self._run("export", self._store.dump, output, fmt, prefixes=prefixes)

    def close(self) -> None:
        if not self._closed and not self.read_only:
            self._run("flush", self._store.flush)
        self._store = None  # the last reference: RocksDB releases its lock
        super().close()


def open_store(where: str | Path = "memory", read_only: bool = False) -> Store:
    """``"memory"`` -> a :class:`MemoryStore`; a directory path -> an :class:`OxigraphStore` (created if missing).

    >>> open_store("memory")
    <MemoryStore>
    """
    if isinstance(where, str) and where in ("memory", ":memory:"):
        return MemoryStore()
    if isinstance(where, str) and where.startswith(("http://", "https://")):
        raise StoreError(f"remote SPARQL stores ({where}) are not supported yet; use a directory or 'memory'")
    if not isinstance(where, (str, Path)):
        raise KgError(f"open_store() takes 'memory' or a directory path, not {where!r}")
    return OxigraphStore(Path(where), read_only=read_only)
