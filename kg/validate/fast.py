"""Fast SHACL: shapes compiled once into Python checks, each shape only where the compiled checks are proven right.

pySHACL (:mod:`kg.validate.shacl`) stays the reference; this is the path that
scales.  A decision's shapes only look inside that decision, so one
decision graph is validated at a time, in the build's worker processes or
graph by graph over a store, and the cost grows linearly with the archive.

Terms are handled in their N-Triples spelling (``<iri>``, ``"lex"^^<dt>``,
``_:b``): the build's workers write that spelling anyway, and a store hands it
out without building rdflib objects.  Only results are turned back into
rdflib terms, so a :class:`kg.validate.report.Result` from here equals pySHACL's.

What compiles (``docs/validation.md`` lists it): targets (class, implicit
class, node, subjects-of, objects-of); every SHACL property path; the core
constraint components of SHACL 4 but sh:closed (:mod:`kg.validate.checks`);
sh:sparql constraints (:mod:`kg.validate.sparql_check`).  The W3C suite
(``make conformance``) and ``tests/test_validate_differential.py`` are the proof.
A shape using anything else (sh:closed, SPARQL-based targets or constraint
components, recursion, a malformed parameter) raises :class:`kg.errors.UnsupportedShape`
while compiling, and :func:`compile_plan` leaves the shapes with targets that
reach it to pySHACL, shape by shape: never silently skipped.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg.errors import UnsupportedShape
from kg.terms import from_nt, nt
from kg.validate.checks import compile_checks, compile_qualified
from kg.validate.engine import Data, Raw, Shape, validate_graph
from kg.validate.paths import Path, path_text, read_path
from kg.validate.report import NO_MESSAGE, Result, term_text
from kg.validate.shapes import load_shapes
from kg.validate.sparql_check import Runner, compile_sparql

TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
#: the SHACL terms a compiled shape may use (anything else of the sh: namespace: UnsupportedShape)
_KNOWN = {
    SH[p]
    for p in (
        "minCount maxCount datatype class nodeKind pattern flags in hasValue minLength maxLength minInclusive "
        "maxInclusive minExclusive maxExclusive lessThan lessThanOrEquals equals disjoint or and not xone node "
        "qualifiedValueShape qualifiedMinCount qualifiedMaxCount qualifiedValueShapesDisjoint "
        "languageIn uniqueLang sparql property path severity message name description order "
        "group defaultValue deactivated declare prefixes select targetClass targetNode targetSubjectsOf targetObjectsOf"
    ).split()
}
_SH = str(SH)


class _Compiler:
    def __init__(self, g: Graph) -> None:
        self.g = g
        self.shapes: dict[Any, Shape] = {}
        self.failed: dict[Any, str] = {}
        self.stack: list[Any] = []
        # parameters of SPARQL-based constraint components declared in this shapes graph: beyond the fast path
        self.custom = {p for param in g.objects(None, SH.parameter) if isinstance(p := g.value(param, SH.path), URIRef)}
        self.parents: dict[Any, list[Any]] = {}
        for parent, prop in g.subject_objects(SH.property):
            self.parents.setdefault(prop, []).append(parent)

    def items(self, node) -> list:
        if node != RDF.nil and self.g.value(node, RDF.first) is None:
            raise UnsupportedShape(f"{node.n3()} should be an RDF list")
        return list(Collection(self.g, node))

    def path(self, node) -> Path:
        return read_path(self.g, node)

    def shape(self, node) -> Shape:
        if node in self.shapes:
            return self.shapes[node]
        if node in self.failed:
            raise UnsupportedShape(self.failed[node])
        if node in self.stack:
            raise UnsupportedShape(f"shape {node.n3()} refers to itself (recursive shapes are left to pySHACL)")
        self.stack.append(node)
        try:
            shape = self._compile(node)
        except UnsupportedShape as exc:
            self.failed[node] = str(exc)
            raise
        finally:
            self.stack.pop()
        self.shapes[node] = shape
        return shape

    def _compile(self, node) -> Shape:
        g = self.g
        if not isinstance(node, URIRef | BNode):
            raise UnsupportedShape(f"shape {node.n3()} is a literal")
        paths = list(g.objects(node, SH.path))
        if len(paths) > 1:
            raise UnsupportedShape(f"shape {node.n3()} has {len(paths)} values of sh:path")
        path = read_path(g, paths[0]) if paths else None
        messages = tuple(
            str(m) for m in g.objects(node, SH.message) if isinstance(m, Literal) and m.language in (None, "en")
        )
        severities = list(g.objects(node, SH.severity))
        if len(severities) > 1 or (severities and not isinstance(severities[0], URIRef)):
            raise UnsupportedShape(f"shape {node.n3()} needs at most one sh:severity IRI")
        shape = Shape(nt(node), path, str(severities[0] if severities else SH.Violation), messages)
        deactivated = list(g.objects(node, SH.deactivated))
        if deactivated and (len(deactivated) > 1 or not isinstance(deactivated[0], Literal)):
            raise UnsupportedShape(f"shape {node.n3()}: sh:deactivated must be one boolean")
        if deactivated and deactivated[0] == Literal(True):
            return shape  # SHACL 2.1.5: every node conforms to a deactivated shape
        unknown = {p for p in g.predicates(node, None) if (str(p).startswith(_SH) and p not in _KNOWN)}
        unknown |= set(g.predicates(node, None)) & self.custom
        if unknown:
            raise UnsupportedShape(f"shape {node.n3()} uses {', '.join(sorted(p.n3() for p in unknown))}")
        if OWL.Class in set(g.objects(node, RDF.type)):
            raise UnsupportedShape(f"shape {node.n3()} is an owl:Class (implicit targets through OWL)")
        for kind in TARGETS:
            shape.targets += [(kind, nt(t)) for t in g.objects(node, SH[kind])]
        if (node, RDF.type, RDFS.Class) in g:  # an implicit class target (SHACL 2.1.3.3)
            shape.targets.append(("targetClass", nt(node)))
        shape.checks = compile_checks(self, node, path)
        shape.checks += compile_qualified(self, node, self.parents.get(node, []))
        for constraint in g.objects(node, SH.sparql):
            check = compile_sparql(self, node, constraint, path)
            if check is not None:
                shape.checks.append(check)
        for prop in g.objects(node, SH.property):
            if not list(g.objects(prop, SH.path)):
                raise UnsupportedShape(f"property shape {prop.n3()} of {node.n3()} has no sh:path")
            shape.properties.append(self.shape(prop))
        return shape


def heads(shapes: Graph) -> list:
    """Every shape with a target (explicit, implicit class, or SPARQL-based), in a stable order."""
    found = {s for kind in (*TARGETS, "target") for s in shapes.subjects(SH[kind], None)}
    typed = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    found |= typed & set(shapes.subjects(RDF.type, RDFS.Class))
    return sorted(found, key=lambda n: (isinstance(n, BNode), str(n)))


@dataclass
class Plan:
    """Which shapes the fast engine checks (compiled) and which it leaves to pySHACL (with the reason)."""

    fast: list[Shape] = field(default_factory=list)
    rest: dict[str, str] = field(default_factory=dict)  # shape (N-Triples) -> why pySHACL checks it

    @property
    def engines(self) -> tuple[tuple[str, str, str], ...]:
        """(shape, engine, reason) for every shape with targets."""
        rows = [(s.node, "fast", "") for s in self.fast] + [(n, "pyshacl", why) for n, why in self.rest.items()]
        return tuple(sorted(rows))


def compile_plan(shapes: Graph) -> Plan:
    """Compile each shape with targets on its own; a shape the fast engine cannot run goes to pySHACL."""
    c, plan = _Compiler(shapes), Plan()
    for head in heads(shapes):
        if (head, SH.target, None) in shapes:
            plan.rest[nt(head)] = "SPARQL-based target (sh:target)"
            continue
        try:
            plan.fast.append(c.shape(head))
        except UnsupportedShape as exc:
            plan.rest[nt(head)] = str(exc)
    return plan


def compile_shapes(shapes: Graph) -> list[Shape]:
    """Every shape with targets compiled; :class:`kg.errors.UnsupportedShape` if one is beyond the fast path."""
    plan = compile_plan(shapes)
    if plan.rest:
        raise UnsupportedShape("; ".join(f"{short_term(n)}: {why}" for n, why in plan.rest.items()))
    return plan.fast


def short_term(node: str) -> str:
    return node[1:-1] if node[0] == "<" else node


@lru_cache(maxsize=8)
def compiled_plan(path: str | None = None) -> Plan:
    """The shapes file (default ``ontology/shapes.ttl``) compiled, once per process."""
    return compile_plan(load_shapes(path))


def compiled(path: str | None = None) -> list[Shape]:
    """The shapes of ``path`` compiled, or :class:`kg.errors.UnsupportedShape` if one is beyond the fast path."""
    plan = compiled_plan(path)
    if plan.rest:
        raise UnsupportedShape("; ".join(f"{short_term(n)}: {why}" for n, why in plan.rest.items()))
    return plan.fast


def results(raws: Iterable[Raw], graph: str | None) -> list[Result]:
    """Raw results as :class:`kg.validate.Result` objects, spelled as pySHACL's report spells them."""
    out = []
    for r in raws:
        value = None if r.value is None else from_nt(r.value)
        out.append(
            Result(
                focus_node=term_text(from_nt(r.focus), _REPORT_GRAPH) or "",
                path=None if r.path is None else path_text(r.path),
                shape=str(from_nt(r.shape)) if r.shape[0] == "<" else r.shape,
                constraint=r.component,
                severity=r.severity,
                message=r.message or NO_MESSAGE,
                value=term_text(value, _REPORT_GRAPH),
                graph=graph,
                engine="fast",
                terms=(r.focus, r.path, r.value, r.shape, r.constraint),
            )
        )
    return out


_REPORT_GRAPH = Graph()


def validate_nt(
    triples: list[tuple[str, str, str]],
    *,
    graph: str | None = None,
    ntriples: str | None = None,
    shapes: list[Shape] | None = None,
) -> list[Result]:
    """Validate one graph given as distinct N-Triples term tuples; ``ntriples`` (its text) feeds SPARQL constraints.

    Returns :class:`kg.validate.Result` objects for ``graph``.
    """
    shapes = compiled() if shapes is None else shapes
    with _collector_off(len(triples) > LARGE):
        raws = validate_graph(shapes, Data(triples, Runner(triples, ntriples)))
    return results(raws, graph)


#: triples above which the cyclic garbage collector waits while a graph is checked
LARGE = 50_000


@contextmanager
def _collector_off(large: bool) -> Iterator[None]:
    """For a large graph: no cyclic garbage collection while it is indexed and checked, then as it was.

    The index is dicts and lists of strings and the checks make tuples: no cycles, so the collector has nothing
    to find, and all of it is freed by reference counting on return.  Left on, it walks the index's hundreds of
    thousands of containers again and again: on a decision of 22,000 paragraphs that is a third of the time, and
    it grows faster than the graph (4.5 times the time for 4 times the paragraphs without it, 5.6 with it).
    """
    if not large:
        yield
        return
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


__all__ = [
    "Plan",
    "compile_plan",
    "compile_shapes",
    "compiled",
    "compiled_plan",
    "heads",
    "results",
    "validate_nt",
]
