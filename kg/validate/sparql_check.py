"""sh:sparql constraints compiled for the fast engine, and the runner that answers their queries on one graph.

:func:`compile_sparql` reads a SPARQL-based constraint (SHACL 5): its
prefixes (sh:prefixes, their sh:declare, following owl:imports within the
shapes graph), its sh:select, checked and prepared by :mod:`kg.validate.sparql`;
a query :mod:`kg.validate.native` knows runs in Python.  :class:`Runner`
answers the others on a scratch pyoxigraph store holding only the triples
whose predicates the query matches (one store per set of predicates, so two
constraints over different predicates each see their own triples), or on
rdflib for a blank-node focus node, which SPARQL text cannot name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, SH, XSD

from kg.errors import ShapesError, UnsupportedShape
from kg.terms import from_nt, nt
from kg.validate.engine import Compiler, Data
from kg.validate.native import NATIVE, normalize
from kg.validate.paths import sparql_path
from kg.validate.sparql import SHAPES_GRAPH, Prepared, check_parses, oxigraph_runner, prepare_text

_C = str(SH)
_TRUE = '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'


def _prefixes(g: Graph, constraint) -> dict[str, str]:
    """prefix -> namespace from the constraint's sh:prefixes: their sh:declare, and those of what they owl:import."""
    found: dict[str, str] = {}
    todo, seen = list(g.objects(constraint, SH.prefixes)), set()
    while todo:
        holder = todo.pop()
        if holder in seen:
            continue
        seen.add(holder)
        todo += list(g.objects(holder, OWL.imports))
        for decl in g.objects(holder, SH.declare):
            prefix, namespace = g.value(decl, SH.prefix), g.value(decl, SH.namespace)
            if not isinstance(prefix, Literal) or not isinstance(namespace, Literal | URIRef):
                raise ShapesError(
                    f"sh:declare {decl.n3()} of {holder.n3()} needs one sh:prefix string and one sh:namespace "
                    "(an xsd:anyURI literal), SHACL 5.2.2"
                )
            if isinstance(namespace, Literal) and namespace.datatype not in (XSD.anyURI, None, XSD.string):
                raise ShapesError(f"sh:namespace of {decl.n3()} must be an xsd:anyURI literal, not {namespace.n3()}")
            if found.get(str(prefix), str(namespace)) != str(namespace):
                raise ShapesError(
                    f"prefix {prefix!s}: is declared twice with different namespaces for {constraint.n3()}"
                )
            found[str(prefix)] = str(namespace)
    return found


def compile_sparql(c: Compiler, shape_node, constraint, path) -> Any:
    """The check for one sh:sparql constraint of the shape ``shape_node`` (whose compiled path is ``path``)."""
    g = c.g
    where = f"shape {shape_node.n3()}, sh:sparql {constraint.n3()}: "
    if g.value(constraint, SH.deactivated) == Literal(True):
        return None
    selects = list(g.objects(constraint, SH.select))
    if len(selects) != 1 or not isinstance(selects[0], Literal):
        raise ShapesError(f"{where}a SPARQL-based constraint needs exactly one sh:select string (SHACL 5.1)")
    prefixes = _prefixes(g, constraint)
    text = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items())) + str(selects[0])
    current = nt(shape_node) if isinstance(shape_node, URIRef) else None
    prepared = prepare_text(text, path=None if path is None else sparql_path(path), current_shape=current, where=where)
    check_parses(prepared, where)
    if prepared.shapes_graph and not isinstance(shape_node, URIRef):
        raise UnsupportedShape(f"{where}$shapesGraph in a blank-node shape")
    native = NATIVE.get(normalize(prepared.text))
    predicates = None if prepared.shapes_graph else _predicates(prepared.text)
    shapes_nt = g.serialize(format="nt") if prepared.shapes_graph else None
    messages = [
        str(m) for m in g.objects(constraint, SH.message) if isinstance(m, Literal) and m.language in (None, "en")
    ]
    name, node_shape, source = _C + "SPARQLConstraintComponent", path is None, nt(constraint)

    def check(d: Data, f: str, vs: list[str]):
        rows = native(d, f) if native is not None else None
        if rows is None:
            if d.sparql_runner is None:
                raise UnsupportedShape("a SHACL-SPARQL constraint needs the graph's triples for SPARQL")
            rows = d.sparql_runner(prepared, f, predicates, shapes_nt)
        out = []
        for row in rows:
            if row.get("failure") == _TRUE:
                raise ShapesError(f"{where}the query reported a failure (?failure true) for focus node {f}")
            extra: dict[str, Any] = {k: v for k, v in row.items() if v is not None}
            extra["__constraint__"] = source
            if messages:
                extra["__message__"] = messages[0]
            bound_path = row.get("path")
            if bound_path is not None and bound_path[0] == "<":
                extra["__path__"] = ("pred", bound_path)
            value = row.get("value") or (f if node_shape else None)
            out.append((name, value, extra))
        return out

    return check


def _predicates(query: str) -> frozenset[str] | None:
    """The predicates (N-Triples) the query's triple patterns use, or None if any is a variable or a path.

    Only triples with these predicates can match, so the scratch store for
    the query may leave the others out.
    """
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.term import Variable

    found: set[str] = set()

    def walk(node) -> bool:
        if isinstance(node, dict) or hasattr(node, "items"):
            for key, value in node.items():
                if key == "triples":
                    for _, p, _ in value:
                        if not isinstance(p, URIRef) or isinstance(p, Variable):
                            return False
                        found.add(nt(p))
                elif not walk(value):
                    return False
        elif isinstance(node, (list, tuple)):
            return all(walk(x) for x in node)
        return True

    try:
        ok = walk(prepareQuery(query).algebra)
    except Exception:  # noqa: BLE001 - rdflib's parser raises bare Exception on what oxigraph reads; then the whole graph
        return None
    return frozenset(found) if ok and found else None


class Runner:
    """Answers prepared queries over one graph's triples; the ``sparql_runner`` of :class:`kg.validate.engine.Data`."""

    def __init__(self, triples: list[tuple[str, str, str]], ntriples: str | None = None) -> None:
        self.triples, self.ntriples = triples, ntriples
        self.stores: dict[tuple[frozenset[str] | None, bool], Any] = {}
        self.rdflib_graph: Graph | None = None

    def __call__(
        self, prepared: Prepared, focus: str, predicates: frozenset[str] | None, shapes_nt: str | None
    ) -> list[dict[str, str | None]]:
        if focus[0] == "_":
            return self._rdflib(prepared, focus)
        key = (predicates, shapes_nt is not None)
        run = self.stores.get(key)
        if run is None:
            store = ox.Store()
            if predicates is not None:
                text = "".join(f"{s} {p} {o} .\n" for s, p, o in self.triples if p in predicates)
            else:
                text = self.ntriples if self.ntriples is not None else _lines(self.triples)
            store.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
            if shapes_nt is not None:
                store.load(shapes_nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=_graph())
            run = self.stores[key] = oxigraph_runner(store)
        rows = run(prepared.bind(focus))
        for row in rows:
            row["this"] = focus
        return rows

    def _rdflib(self, prepared: Prepared, focus: str) -> list[dict[str, str | None]]:
        if prepared.shapes_graph:
            raise ShapesError("a SHACL-SPARQL query using $shapesGraph cannot be run for a blank-node focus node")
        if self.rdflib_graph is None:
            self.rdflib_graph = Graph()
            for s, p, o in self.triples:
                self.rdflib_graph.add((from_nt(s), from_nt(p), from_nt(o)))
        bindings: dict[str, Any] = {"this": BNode(focus[2:])}
        if prepared.current_shape is not None:
            bindings["currentShape"] = from_nt(prepared.current_shape)
        result = self.rdflib_graph.query(prepared.text, initBindings=bindings)
        names = [str(v) for v in result.vars or ()]
        rows = [{n: (None if row[i] is None else nt(row[i])) for i, n in enumerate(names)} for row in result]  # type: ignore[index]
        for row in rows:
            row["this"] = focus
        return rows


def _graph() -> ox.NamedNode:
    return ox.NamedNode(SHAPES_GRAPH[1:-1])


def _lines(triples: Iterable[tuple[str, str, str]]) -> str:
    return "".join(f"{s} {p} {o} .\n" for s, p, o in triples)


__all__ = ["Runner", "compile_sparql"]
