"""The validation report every engine gives: :class:`Result` per SHACL result, :class:`Report` for a run.

Both engines (pySHACL, :mod:`kg.validate.shacl`; the compiled shapes,
:mod:`kg.validate.fast`) report through these types, spelled the same way,
so their results compare equal.  :meth:`Report.to_graph` writes the standard
``sh:ValidationReport`` (SHACL 3.6) from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from kg.errors import ValidationFailed
from kg.terms import from_nt
from kg.validate.paths import write_path

SHAPES_NS = "https://w3id.org/lgsco-kg/shapes#"
_SEE = "see ontology/shapes.ttl"
#: the message of a result whose shape gives none (:meth:`Result.said` then names the constraint)
NO_MESSAGE = "(no message)"
_DECISION = re.compile(r"/lgsco/decision/([^/]+)")
_SHORT = {SHAPES_NS: "ombsh:", str(SH): "sh:"}
_PLAIN_NUMBERS = {XSD.integer, XSD.decimal, XSD.boolean}


def short(iri: str | None) -> str | None:
    """``https://w3id.org/lgsco-kg/shapes#Decision-reference`` -> ``ombsh:Decision-reference``.

    >>> short("http://www.w3.org/ns/shacl#MinCountConstraintComponent")
    'sh:MinCountConstraintComponent'
    """
    if iri is None:
        return None
    for ns, prefix in _SHORT.items():
        if iri.startswith(ns):
            return prefix + iri[len(ns) :]
    return iri


@dataclass(frozen=True, slots=True)
class Result:
    """One SHACL validation result (SHACL 3.6.2), as plain strings.

    ``shape`` is the source shape IRI and ``constraint`` the constraint
    component IRI (``sh:MinCountConstraintComponent`` ...); ``path`` is the
    property path when it is a single IRI (else in SPARQL path syntax, or None
    for node shapes); ``value`` is the offending value node (IRIs bare,
    literals in N3), when SHACL reports one; ``graph`` names the graph it was
    found in.  ``engine`` says which engine found it (``fast`` or ``pyshacl``)
    and ``terms`` holds the RDF terms the report graph is written from: focus
    node, path (:mod:`kg.validate.paths`), value, source shape and source
    constraint, in N-Triples; neither takes part in comparisons.
    """

    focus_node: str
    path: str | None
    shape: str
    constraint: str
    severity: str
    message: str
    value: str | None
    graph: str | None = None
    engine: str = field(default="", compare=False)
    terms: tuple[str, Any, str | None, str, str | None] | None = field(default=None, compare=False, repr=False)

    @property
    def short_shape(self) -> str:
        return short(self.shape) or self.shape

    @property
    def decision(self) -> str | None:
        """The decision's slug (``20-007-812``), from the graph name or else the focus node."""
        for iri in (self.graph, self.focus_node):
            match = _DECISION.search(iri or "")
            if match:
                return match.group(1)
        return None

    def line(self) -> str:
        """``20-007-812 …/remedy/2: <message> (value …) [shape ombsh:…]``."""
        where = _relative(self.focus_node)
        where = f" {where}" if where else ""
        shown = None if self.value is None or self.value == self.focus_node else _relative(self.value) or self.value
        value = f" (value {shown})" if shown else ""
        return f"{self.decision or '-'}{where}: {self.said()}{value} [shape {self.short_shape}]"

    def said(self) -> str:
        """The shape's message; for a shape that gives none, which constraint failed on which path.

        >>> Result("x", "https://w3id.org/lgsco-kg/ontology#summary", "_:s", str(SH.MinCountConstraintComponent),
        ...        str(SH.Violation), NO_MESSAGE, None).said()
        'sh:MinCountConstraintComponent on <https://w3id.org/lgsco-kg/ontology#summary> (the shape has no sh:message)'
        """
        if self.message != NO_MESSAGE:
            return self.message
        if self.path is None:
            on = ""
        elif self.path.startswith(("<", "^", "(", "!")):  # a path in SPARQL syntax
            on = f" on {self.path}"
        else:
            on = f" on <{self.path}>"
        return f"{short(self.constraint)}{on} (the shape has no sh:message)"

    def to_json(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "terms"}
        return out | {"decision": self.decision}


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of :func:`validate`: ``conforms`` and every result, in a stable order.

    ``conforms`` follows pySHACL with ``allow_warnings=True``: only
    ``sh:Violation`` results make a graph non-conforming (SHACL 3.6.1 leaves
    the severity policy to the caller).
    """

    conforms: bool
    results: tuple[Result, ...]
    graphs: int = 1
    #: (shape, engine, why pySHACL) for every shape with targets: which engine checked what
    engines: tuple[tuple[str, str, str], ...] = ()

    @property
    def violations(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == str(SH.Violation))

    def text(self, shapes: str | None = None) -> str:
        """One readable line per result, grouped by decision, then a summary line naming the ``shapes`` file."""
        lines = [r.line() for r in self.results]
        decisions = len({r.decision for r in self.results})
        if self.conforms and not self.results:
            lines.append(f"conforms: {self.graphs} graph(s) validated, no violations")
        else:
            lines.append(
                f"{len(self.violations)} violation(s), {len(self.results)} result(s) in {decisions} "
                f"decision(s) of {self.graphs} graph(s) validated; "
                + (f"see {shapes}" if shapes else _SEE)
                + " for the shapes in brackets"
            )
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: ``conforms``, ``graphs``, ``violations`` (a count) and ``results``."""
        return {
            "conforms": self.conforms,
            "graphs": self.graphs,
            "violations": len(self.violations),
            "results": [r.to_json() for r in self.results],
            "engines": [{"shape": s, "engine": e} | ({"reason": why} if why else {}) for s, e, why in self.engines],
        }

    def engine_text(self) -> str:
        """One line: how many shapes each engine checked, and why pySHACL checked those it did."""
        fast = [s for s, e, _ in self.engines if e == "fast"]
        slow = [(s, why) for s, e, why in self.engines if e != "fast"]
        parts = []
        if fast:
            parts.append(f"the fast engine checked {len(fast)} shape(s)")
        if slow:
            parts.append(
                f"pySHACL checked {len(slow)}: "
                + "; ".join(f"{short(s) or s} ({why or 'asked for'})" for s, why in slow)
            )
        return ("engines: " + ", ".join(parts)) if parts else "engines: no shape has targets"

    def to_graph(self, shapes: Graph | None = None) -> Graph:
        """The standard report graph (SHACL 3.6): one sh:ValidationReport, one sh:ValidationResult per result.

        Each result gives focus node, result path (written out as SHACL path
        triples), value, source shape, source constraint (SPARQL-based ones),
        constraint component, severity and message.  A blank-node source shape
        or constraint is copied from ``shapes`` with what hangs below it, so the
        report says which shape it was.  ``sh:conforms`` is SHACL's: false with
        any result, warnings included (:attr:`conforms` and the exit status of
        ``kg validate`` only count violations, as pySHACL's ``allow_warnings``).
        """
        g = Graph()
        g.bind("sh", SH)
        report = BNode()
        g.add((report, RDF.type, SH.ValidationReport))
        g.add((report, SH.conforms, Literal(not self.results)))  # SHACL 3.6.1: any result, any severity
        copied: set[Any] = set()
        for r in self.results:
            node = BNode()
            g.add((report, SH.result, node))
            g.add((node, RDF.type, SH.ValidationResult))
            if r.terms is None:
                raise ValueError(
                    f"result {r.line()!r} carries no RDF terms (made by hand?): it cannot be written as RDF"
                )
            focus, path, value, shape, constraint = r.terms
            g.add((node, SH.focusNode, _term(focus)))
            if path is not None:
                g.add((node, SH.resultPath, write_path(path, g)))
            if value is not None:
                g.add((node, SH.value, _term(value)))
            for prop, term in ((SH.sourceShape, shape), (SH.sourceConstraint, constraint)):
                if term is not None:
                    g.add((node, prop, from_nt(term)))
                    if shapes is not None and term[0] == "_":
                        _copy(shapes, from_nt(term), g, copied)
            g.add((node, SH.sourceConstraintComponent, URIRef(r.constraint)))
            g.add((node, SH.resultSeverity, URIRef(r.severity)))
            g.add((node, SH.resultMessage, Literal(r.message)))
        return g

    def raise_for_violations(self) -> None:
        """Raise :class:`kg.errors.ValidationFailed` (exit 1, HTTP 422) carrying :meth:`text` unless conforming."""
        if not self.conforms:
            raise ValidationFailed(f"the graph does not conform to the SHACL shapes:\n{self.text()}")


def _term(term: str) -> Any:
    """An N-Triples term as rdflib's, its lexical form untouched; ``"x"^^xsd:string`` written as ``"x"`` (RDF 1.1)."""
    node = from_nt(term)
    if isinstance(node, Literal):
        datatype = None if node.datatype == XSD.string else node.datatype
        return Literal(str(node), lang=node.language, datatype=datatype, normalize=False)
    return node


def _copy(source: Graph, node: Any, into: Graph, copied: set[Any]) -> None:
    """``node``'s triples in ``source`` and, through blank nodes, those below it."""
    todo = [node]
    while todo:
        n = todo.pop()
        if n in copied:
            continue
        copied.add(n)
        for p, o in source.predicate_objects(n):
            into.add((n, p, o))
            if isinstance(o, BNode):
                todo.append(o)


def _relative(iri: str) -> str:
    """A part of a decision as ``…/remedy/2``; the decision itself as ``""``; anything else unchanged."""
    match = _DECISION.search(iri)
    if match is None:
        return iri
    return "…" + iri[match.end() :] if match.end() < len(iri) else ""


def term_text(term: Any, report: Graph) -> str | None:
    """A result's term as pySHACL's report spells it: IRIs bare, plain numbers as Turtle writes them, else N3."""
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype in _PLAIN_NUMBERS:
            return str(term)  # as Turtle writes them: 300.00, 42, true
        return term.n3(report.namespace_manager)
    return str(term) if isinstance(term, URIRef) else term.n3()


__all__ = ["SHAPES_NS", "Report", "Result", "short", "term_text"]
