"""Fast SHACL: the shapes of ``ontology/shapes.ttl`` compiled once into Python checks.

pySHACL (:mod:`kg.validate`) stays the reference; this is the path that
scales.  A decision's shapes only look inside that decision, so one
decision graph is validated at a time, in the build's worker processes or
graph by graph over a store, and the cost grows linearly with the archive.

Terms are handled in their N-Triples spelling (``<iri>``, ``"lex"^^<dt>``,
``_:b``): the build's workers write that spelling anyway, and a store hands it
out without building rdflib objects.  Only results are turned back into
rdflib terms, so a :class:`kg.validate.Result` from here equals pySHACL's
(focus node, path, shape, constraint component, severity, message, value);
``tests/test_scale_validate.py`` checks it on the seeds, every invalid
fixture and synthetic decisions with injected faults.

The core components the shapes use are compiled (cardinality, value type,
value range, string, property pair, logical, shape-based, ``sh:in``,
``sh:hasValue``); ``sh:sparql`` constraints run on pyoxigraph, with ``$this``
substituted.  :func:`compile_shapes` raises :class:`Unsupported` for anything
else, and :func:`validator` then falls back to pySHACL, so a new kind of
shape is never silently skipped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from kg.validate_terms import Term, from_nt, nt, py_value

#: constraint parameters understood here (anything else -> Unsupported)
_PARAMS = {SH[p] for p in (
    "minCount maxCount datatype class nodeKind pattern flags in hasValue minLength maxLength minInclusive "
    "maxInclusive minExclusive maxExclusive lessThan lessThanOrEquals equals disjoint or and not xone node "
    "qualifiedValueShape qualifiedMinCount qualifiedMaxCount sparql").split()}
_IGNORED = {SH[p] for p in "targetClass targetNode targetSubjectsOf targetObjectsOf property path severity message "
            "name description order group deactivated declare prefixes".split()} | {RDF.type, RDFS.comment, RDFS.label}
_NODE_KINDS = {SH.IRI: "<", SH.BlankNode: "_", SH.Literal: '"', SH.BlankNodeOrIRI: "_<", SH.BlankNodeOrLiteral: '_"',
               SH.IRIOrLiteral: '<"'}
RDF_TYPE, SUBCLASS = nt(RDF.type), nt(RDFS.subClassOf)


class Unsupported(Exception):
    """The shapes use something the fast path does not compile; use pySHACL."""


class Data:
    """One graph's triples, indexed by subject and predicate; ``sparql`` runs a query on the same graph."""

    def __init__(self, triples: Iterable[tuple[str, str, str]], sparql: Callable | None = None) -> None:
        self.out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.instances: dict[str, list[str]] = defaultdict(list)
        self._inverse: dict | None = None
        self.sparql_runner = sparql
        sub = []
        for s, p, o in triples:
            self.out[s][p].append(o)
            if p == RDF_TYPE:
                self.instances[o].append(s)
            elif p == SUBCLASS:
                sub.append((s, o))
        self.subclasses: dict[str, set[str]] = {}
        if sub:  # rdfs:subClassOf* from the data graph (SHACL 3.2)
            for c in {c for pair in sub for c in pair}:
                found, todo = {c}, [c]
                while todo:
                    sup = todo.pop()
                    for s, o in sub:
                        if o == sup and s not in found:
                            found.add(s)
                            todo.append(s)
                self.subclasses[c] = found

    def values(self, focus: str, path: tuple[str, str]) -> list[str]:
        kind, p = path
        if kind == "pred":  # the triples are a set, so no value repeats
            got = self.out.get(focus)
            return got.get(p, []) if got else []
        if self._inverse is None:
            self._inverse = defaultdict(lambda: defaultdict(list))
            for s, preds in self.out.items():
                for pred, objs in preds.items():
                    for o in objs:
                        self._inverse[o][pred].append(s)
        return list(dict.fromkeys(self._inverse.get(focus, {}).get(p, ())))

    def instances_of(self, cls: str) -> list[str]:
        classes = self.subclasses.get(cls, {cls})
        return list(dict.fromkeys(s for c in classes for s in self.instances.get(c, ())))

    def has_class(self, node: str, cls: str) -> bool:
        if node[0] == '"':
            return False
        types = self.out.get(node, {}).get(RDF_TYPE, ())
        classes = self.subclasses.get(cls, {cls})
        return any(t in classes for t in types)


@dataclass
class Shape:
    node: str  # N-Triples of the shape (IRI or blank node)
    path: tuple[str, str] | None
    severity: str
    messages: tuple[str, ...]
    targets: list[tuple[str, str]] = field(default_factory=list)
    checks: list[Callable] = field(default_factory=list)  # (data, focus, values) -> [(component, value, extra)]
    properties: list[Shape] = field(default_factory=list)


@dataclass(frozen=True)
class Raw:
    """One result before it becomes a :class:`kg.validate.Result`."""

    focus: str
    path: str | None
    shape: str
    component: str
    severity: str
    message: str
    value: str | None


# --- compiling ------------------------------------------------------------------------


class _Compiler:
    def __init__(self, g: Graph) -> None:
        self.g, self.shapes = g, {}

    def shape(self, node) -> Shape:
        if node in self.shapes:
            return self.shapes[node]
        g = self.g
        path = g.value(node, SH.path)
        if path is not None and not isinstance(path, URIRef):
            inverse = g.value(path, SH.inversePath)
            if not isinstance(inverse, URIRef):
                raise Unsupported(f"property path {path.n3()} of shape {node.n3()} (only an IRI or sh:inversePath)")
        compiled_path = None if path is None else ("pred", nt(path)) if isinstance(path, URIRef) else ("inv", nt(inverse))
        messages = tuple(str(m) for m in g.objects(node, SH.message) if isinstance(m, Literal) and m.language in (None, "en"))
        shape = self.shapes[node] = Shape(nt(node), compiled_path, str(g.value(node, SH.severity) or SH.Violation), messages)
        if g.value(node, SH.deactivated) == Literal(True):
            return shape
        for kind in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"):
            shape.targets += [(kind, nt(t)) for t in g.objects(node, SH[kind])]
        extra = set(g.predicates(node, None)) - _PARAMS - _IGNORED
        if extra:
            raise Unsupported(f"shape {node.n3()} uses {', '.join(sorted(p.n3() for p in extra))}")
        from kg.validate_checks import compile_checks
        shape.checks = compile_checks(self, node)
        shape.properties = [self.shape(p) for p in g.objects(node, SH.property)]
        return shape

    def items(self, node) -> list:
        return list(Collection(self.g, node))


def compile_shapes(shapes: Graph) -> list[Shape]:
    """Every shape with targets, compiled; :class:`Unsupported` when a construct is beyond the fast path."""
    c = _Compiler(shapes)
    heads = {s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf) for s in shapes.subjects(p, None)}
    if set(shapes.subjects(RDF.type, RDFS.Class)) & set(shapes.subjects(RDF.type, SH.NodeShape)):
        raise Unsupported("implicit class targets (a shape that is also an rdfs:Class)")
    return [c.shape(h) for h in sorted(heads, key=str)]


# --- evaluating -------------------------------------------------------------------------


def focus_nodes(shape: Shape, data: Data) -> list[str]:
    found: list[str] = []
    for kind, t in shape.targets:
        if kind == "targetClass":
            found += data.instances_of(t)
        elif kind == "targetNode":
            found.append(t)
        elif kind == "targetSubjectsOf":
            found += [s for s, preds in data.out.items() if t in preds]
        else:
            found += [o for preds in data.out.values() for o in preds.get(t, ())]
    return list(dict.fromkeys(found))


def run_shape(shape: Shape, data: Data, focus: str, out: list[Raw] | None) -> bool:
    """Validate ``focus`` against ``shape``; append results to ``out`` (None: only conformance)."""
    ok = True
    path = shape.path
    if path is None:
        values = [focus]
    elif path[0] == "pred":  # the common case, inlined: the triples are a set, so no value repeats
        got = data.out.get(focus)
        values = got.get(path[1], _EMPTY) if got else _EMPTY
    else:
        values = data.values(focus, path)
    for check in shape.checks:
        failures = check(data, focus, values)
        if failures:
            if out is None:
                return False
            ok = False
            out.extend(_raw(shape, focus, component, value, bound) for component, value, bound in failures)
    for prop in shape.properties:
        if not run_shape(prop, data, focus, out):
            if out is None:
                return False
            ok = False
    return ok


_EMPTY: list[str] = []


def _raw(shape: Shape, focus: str, component: str, value: str | None, bound: dict | None) -> Raw:
    message = shape.messages[0] if shape.messages else ""
    if bound is not None:
        message = bound.pop("__message__", message)
        for var, val in bound.items():
            message = re.sub("{[?$]%s}" % re.escape(var), str(from_nt(val)).replace("\\", r"\\"), message)
        focus = bound.get("this", focus)
    path = None if shape.path is None else shape.path[1]
    return Raw(focus, path, shape.node, component, shape.severity, message, value)


def validate_graph(shapes: list[Shape], data: Data) -> list[Raw]:
    """Every result for one graph."""
    out: list[Raw] = []
    for shape in shapes:
        for focus in focus_nodes(shape, data):
            run_shape(shape, data, focus, out)
    return out


@lru_cache(maxsize=8)
def compiled(path: str | None = None) -> list[Shape]:
    """The shapes file (default ``ontology/shapes.ttl``) compiled, once per process."""
    from kg.validate import load_shapes

    return compile_shapes(load_shapes(path))


__all__ = ["Data", "Raw", "Shape", "Term", "Unsupported", "compile_shapes", "compiled", "focus_nodes",
           "from_nt", "nt", "py_value", "run_shape", "validate_graph"]


# --- the public entry points ------------------------------------------------------------


def results(raws: Iterable[Raw], graph: str | None) -> list:
    """Raw results as :class:`kg.validate.Result` objects, spelled as pySHACL's report spells them."""
    from kg.validate import Result, _term

    report = _REPORT_GRAPH
    out = []
    for r in raws:
        focus = from_nt(r.focus)
        value = None if r.value is None else from_nt(r.value)
        out.append(Result(
            focus_node=_term(focus, report) or "",
            path=None if r.path is None else str(from_nt(r.path)),
            shape=str(from_nt(r.shape)) if r.shape[0] == "<" else r.shape,
            constraint=r.component,
            severity=r.severity,
            message=r.message or "(no message)",
            value=_term(value, report),
            graph=graph,
        ))
    return out


_REPORT_GRAPH = Graph()


def validate_nt(triples: list[tuple[str, str, str]], *, graph: str | None = None, ntriples: str | None = None,
                shapes: list[Shape] | None = None) -> list:
    """Validate one graph given as N-Triples term tuples; ``ntriples`` (its text) feeds SHACL-SPARQL constraints.

    Returns :class:`kg.validate.Result` objects for ``graph``.
    """
    from kg.validate_checks import oxigraph_runner

    shapes = compiled() if shapes is None else shapes
    runner = None

    def lazy(query: str, focus: str, predicates: frozenset[str] | None = None):
        nonlocal runner
        if runner is None:  # a scratch store with the triples the queries can match
            mem = ox.Store()
            if predicates is not None:
                text = "".join(f"{s} {p} {o} .\n" for s, p, o in triples if p in predicates)
            else:
                text = ntriples if ntriples is not None else "".join(f"{s} {p} {o} .\n" for s, p, o in triples)
            mem.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
            runner = oxigraph_runner(mem)
        return runner(query, focus)

    return results(validate_graph(shapes, Data(triples, lazy)), graph)
