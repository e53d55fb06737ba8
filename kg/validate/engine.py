"""The fast SHACL engine's runtime: one graph's data, compiled shapes, and the walk that checks them.

Terms are N-Triples strings (:mod:`kg.terms`).  :mod:`kg.validate.fast`
compiles shapes into :class:`Shape` objects whose ``checks`` are the
constraint components of :mod:`kg.validate.checks`; this module runs them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from rdflib.namespace import RDF, RDFS, SH

from kg.terms import from_nt, nt

NODE_KINDS = {
    SH.IRI: "<",
    SH.BlankNode: "_",
    SH.Literal: '"',
    SH.BlankNodeOrIRI: "_<",
    SH.BlankNodeOrLiteral: '_"',
    SH.IRIOrLiteral: '<"',
}
RDF_TYPE, SUBCLASS = nt(RDF.type), nt(RDFS.subClassOf)


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


class Compiler(Protocol):
    """What a constraint component's compiler is handed (:class:`kg.validate.fast._Compiler` is one)."""

    g: Any  # the shapes graph (rdflib)

    def shape(self, node: Any) -> Shape: ...

    def items(self, node: Any) -> list[Any]: ...


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
            message = re.sub(f"{{[?$]{re.escape(var)}}}", str(from_nt(val)).replace("\\", r"\\"), message)
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


__all__ = ["Compiler", "Data", "NODE_KINDS", "Raw", "Shape", "focus_nodes", "run_shape", "validate_graph"]
