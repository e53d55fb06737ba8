"""Where the graph lives: one small protocol (:mod:`kg.store.base`) and three backends.

* :class:`MemoryStore` — an rdflib Dataset in memory (tests, small graphs);
* :class:`OxigraphStore` — embedded Oxigraph in a directory (the default for a corpus);
* :class:`RemoteStore` — any SPARQL 1.1 server, through the SPARQL and Graph Store Protocols.

:func:`open_store` picks one from what the user names.

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

from pathlib import Path

from kg.store.base import QueryDataset, QueryResult, ResultGraph, SelectResult, Store
from kg.store.dataset import run_query
from kg.store.memory import MemoryStore
from kg.store.oxigraph import OxigraphStore
from kg.store.remote import RemoteStore
from kg.store.terms import Quad, Term, Triple, canonical, from_oxigraph, to_oxigraph


def open_store(where: str | Path = "memory", read_only: bool = False) -> Store:
    """``"memory"`` -> a :class:`MemoryStore`; a directory path -> an :class:`OxigraphStore` (created if missing);
    an ``http(s)://`` URL of a SPARQL query endpoint -> a :class:`kg.store.remote.RemoteStore`.

    >>> open_store("memory")
    <MemoryStore>
    >>> open_store("http://127.0.0.1:7878/query")
    <RemoteStore at http://127.0.0.1:7878/query>
    """
    if isinstance(where, str) and where in ("memory", ":memory:"):
        return MemoryStore()
    if isinstance(where, str) and where.startswith(("http://", "https://")):
        return RemoteStore(where, read_only=read_only)
    return OxigraphStore(Path(where), read_only=read_only)


__all__ = [
    "MemoryStore",
    "OxigraphStore",
    "Quad",
    "QueryDataset",
    "QueryResult",
    "ResultGraph",
    "RemoteStore",
    "SelectResult",
    "Store",
    "Term",
    "Triple",
    "canonical",
    "from_oxigraph",
    "open_store",
    "run_query",
    "to_oxigraph",
]
