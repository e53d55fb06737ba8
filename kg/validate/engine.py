"""The fast SHACL engine's runtime: one graph's data, compiled shapes, and the walk that checks them.

Terms are N-Triples strings (:mod:`kg.terms`).  :mod:`kg.validate.fast`
compiles shapes into :class:`Shape` objects whose ``checks`` are the
constraint components of :mod:`kg.validate.checks`; this module runs them.

A compiled property path is a tuple (SHACL 2.3.1): ``("pred", "<iri>")``,
``("inv", path)``, ``("seq", (path, ...))``, ``("alt", (path, ...))``,
``("zom", path)`` (zero or more), ``("oom", path)`` (one or more) or
``("zoo", path)`` (zero or one).
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
Path = tuple[str, Any]


class Data:
    """One graph's (distinct) triples, indexed by subject and predicate; ``sparql`` runs a query on the same graph."""

    def __init__(self, triples: Iterable[tuple[str, str, str]], sparql: Callable | None = None) -> None:
        out: dict[str, dict[str, list[str]]] = {}
        instances: dict[str, list[str]] = {}
        self._inverse: dict | None = None
        self.sparql_runner = sparql
        sub = []
        for s, p, o in triples:  # plain dicts: a decision of 22,000 paragraphs has 180,000 subjects
            held = out.get(s)
            if held is None:
                out[s] = {p: [o]}
            elif (values := held.get(p)) is None:
                held[p] = [o]
            else:
                values.append(o)
            if p == RDF_TYPE:
                if (members := instances.get(o)) is None:
                    instances[o] = [s]
                else:
                    members.append(s)
            elif p == SUBCLASS:
                sub.append((s, o))
        self.out, self.instances = out, instances
        self.subclasses: dict[str, set[str]] = {}
        if sub:  # rdfs:subClassOf* from the data graph (SHACL 3.2), one walk down per class
            below: dict[str, list[str]] = defaultdict(list)
            for s, o in sub:
                below[o].append(s)
            for c in {c for pair in sub for c in pair}:
                found, todo = {c}, [c]
                while todo:
                    for s in below.get(todo.pop(), ()):
                        if s not in found:
                            found.add(s)
                            todo.append(s)
                self.subclasses[c] = found

    def inverse(self) -> dict[str, dict[str, list[str]]]:
        if self._inverse is None:
            self._inverse = defaultdict(lambda: defaultdict(list))
            for s, preds in self.out.items():
                for pred, objs in preds.items():
                    for o in objs:
                        self._inverse[o][pred].append(s)
        return self._inverse

    def values(self, focus: str, path: Path) -> list[str]:
        """The value nodes of ``focus`` for ``path``: distinct, in the order first reached."""
        if path[0] == "pred":  # the triples are a set, so no value repeats
            got = self.out.get(focus)
            return got.get(path[1], []) if got else []
        return list(self._walk({focus: None}, path, True))

    def _walk(self, nodes: dict[str, None], path: Path, forward: bool) -> dict[str, None]:
        kind, arg = path
        if kind == "pred":
            index = self.out if forward else self.inverse()
            found: dict[str, None] = {}
            for n in nodes:
                got = index.get(n)
                if got:
                    found.update(dict.fromkeys(got.get(arg, ())))
            return found
        if kind == "inv":
            return self._walk(nodes, arg, not forward)
        if kind == "seq":
            for step in arg if forward else reversed(arg):
                nodes = self._walk(nodes, step, forward)
            return nodes
        if kind == "alt":
            found = {}
            for step in arg:
                found.update(self._walk(nodes, step, forward))
            return found
        if kind == "zoo":
            return {**nodes, **self._walk(nodes, arg, forward)}
        # zero or more / one or more: a breadth-first walk until nothing new is reached
        seen: dict[str, None] = dict(nodes) if kind == "zom" else {}
        frontier = nodes
        while frontier:
            step = self._walk(frontier, arg, forward)
            frontier = {n: None for n in step if n not in seen}
            seen.update(frontier)
        return seen

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
    path: Path | None
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

    def path(self, node: Any) -> Path: ...


@dataclass(frozen=True)
class Raw:
    """One result before it becomes a :class:`kg.validate.Result`; ``constraint`` names a SPARQL constraint."""

    focus: str
    path: Path | None
    shape: str
    component: str
    severity: str
    message: str
    value: str | None
    constraint: str | None = None


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
            out.extend(_raw(shape, focus, component, value, extra) for component, value, extra in failures)
    for prop in shape.properties:  # a nested property shape checks each value node (SHACL 4.8.2)
        for value in values:
            if not run_shape(prop, data, value, out):
                if out is None:
                    return False
                ok = False
    return ok


_EMPTY: list[str] = []


def _raw(shape: Shape, focus: str, component: str, value: str | None, extra: dict | None) -> Raw:
    message = shape.messages[0] if shape.messages else ""
    path, constraint = shape.path, None
    if extra is not None:
        path = extra.get("__path__", path)
        constraint = extra.get("__constraint__")
        message = extra.get("__message__", message)
        for var, val in extra.items():
            if not var.startswith("__") and val is not None:
                message = re.sub(f"{{[?$]{re.escape(var)}}}", str(from_nt(val)).replace("\\", r"\\"), message)
    return Raw(focus, path, shape.node, component, shape.severity, message, value, constraint)


def validate_graph(shapes: list[Shape], data: Data) -> list[Raw]:
    """Every result for one graph."""
    out: list[Raw] = []
    for shape in shapes:
        for focus in focus_nodes(shape, data):
            run_shape(shape, data, focus, out)
    return out


__all__ = ["Compiler", "Data", "NODE_KINDS", "Path", "Raw", "Shape", "focus_nodes", "run_shape", "validate_graph"]
