"""The validation report every engine gives: :class:`Result` per SHACL result, :class:`Report` for a run.

Both engines (pySHACL, :mod:`kg.validate.shacl`; the compiled shapes,
:mod:`kg.validate.fast`) report through these types, spelled the same way,
so their results compare equal.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH, XSD

from kg.errors import ValidationFailed

SHAPES_NS = "https://w3id.org/lgsco-kg/shapes#"
_SEE = "see ontology/shapes.ttl"
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
    property path when it is a single IRI (else its N3 form, or None for node
    shapes); ``value`` is the offending value node (IRIs bare, literals in
    N3), when SHACL reports one; ``graph`` names the graph it was found in.
    """

    focus_node: str
    path: str | None
    shape: str
    constraint: str
    severity: str
    message: str
    value: str | None
    graph: str | None = None

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
        return f"{self.decision or '-'}{where}: {self.message}{value} [shape {self.short_shape}]"

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"decision": self.decision}


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

    @property
    def violations(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == str(SH.Violation))

    def text(self) -> str:
        """One readable line per result, grouped by decision, then a summary line."""
        lines = [r.line() for r in self.results]
        decisions = len({r.decision for r in self.results})
        if self.conforms and not self.results:
            lines.append(f"conforms: {self.graphs} graph(s) validated, no violations")
        else:
            lines.append(
                f"{len(self.violations)} violation(s), {len(self.results)} result(s) in {decisions} "
                f"decision(s) of {self.graphs} graph(s) validated; {_SEE} for the shapes in brackets"
            )
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: ``conforms``, ``graphs``, ``violations`` (a count) and ``results``."""
        return {
            "conforms": self.conforms,
            "graphs": self.graphs,
            "violations": len(self.violations),
            "results": [r.to_json() for r in self.results],
        }

    def raise_for_violations(self) -> None:
        """Raise :class:`kg.errors.ValidationFailed` (exit 1, HTTP 422) carrying :meth:`text` unless conforming."""
        if not self.conforms:
            raise ValidationFailed(f"the graph does not conform to the SHACL shapes:\n{self.text()}")


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
