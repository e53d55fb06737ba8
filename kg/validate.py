"""SHACL validation of decision graphs: pySHACL, shapes loaded once, a typed report.

The shapes are ``ontology/shapes.ttl``.  They are parsed once per process
(:func:`load_shapes` is cached) and handed to :func:`pyshacl.validate`
unchanged for every call; nothing here adds to or removes from them.

A decision's shapes only look inside that decision, so a
:class:`rdflib.Dataset` is validated one named graph at a time (SHACL 3.1:
"the data graph" is one graph; we pick which).  ``union=True`` validates all
graphs of the dataset together instead, which is what a store-wide check of
shared nodes (authorities, provisions) wants.

>>> from kg.model import Decision
>>> from kg.mapping import decision_graph
>>> report = validate(decision_graph(Decision(reference="20 007 812", source_name="x.txt",
...     sha256="0" * 64, text="")))
>>> report.conforms  # a page without header lines is valid with fewer facts: warnings only
True
>>> sorted((r.short_shape, r.severity.rsplit("#")[-1]) for r in report.results)  # doctest: +NORMALIZE_WHITESPACE
[('ombsh:Decision-authority-present', 'Warning'), ('ombsh:Decision-decisionDate-present', 'Warning'),
 ('ombsh:Decision-outcome-present', 'Warning')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyshacl
from rdflib import BNode, ConjunctiveGraph, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, SH, XSD

from kg.errors import KgError, ValidationFailed
from kg.resources import ontology_file

SHAPES_NS = "https://w3id.org/lgsco-kg/shapes#"
SHAPES_FILE = "shapes.ttl"
_SEE = "see ontology/shapes.ttl"
_DECISION = re.compile(r"/lgsco/decision/([^/]+)")
_SHORT = {SHAPES_NS: "ombsh:", str(SH): "sh:"}
_PLAIN_NUMBERS = {XSD.integer, XSD.decimal, XSD.boolean}


@lru_cache(maxsize=8)
def load_shapes(path: str | Path | None = None) -> Graph:
    """The SHACL shapes graph, parsed once per path and cached.

    :param path: a Turtle file of shapes; default ``ontology/shapes.ttl``
        found through :func:`kg.resources.ontology_file`.
    :type path: str | pathlib.Path | None
    :returns: the parsed shapes.  The same object is returned on every call:
        treat it as read-only (pySHACL only reads it).
    :rtype: rdflib.Graph
    :raises kg.errors.KgError: if the file does not parse as Turtle.
    """
    source = Path(path) if path is not None else ontology_file(SHAPES_FILE)
    graph = Graph(identifier=URIRef(SHAPES_NS))
    try:
        graph.parse(source, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
        raise KgError(f"cannot read SHACL shapes {source}: {exc}; fix the Turtle syntax (see {source})") from exc
    return graph


def shape_iris(shapes: Graph | None = None) -> tuple[str, ...]:
    """Every shape with an IRI of its own (node and property shapes), sorted.

    These are what :attr:`Result.shape` can name: SHACL 2.1 "source shape"
    is the shape holding the failed constraint, so constraints nested in
    blank nodes (``sh:or`` members, ``sh:qualifiedValueShape``) are reported
    on the named shape around them.

    :rtype: tuple[str, ...]
    """
    shapes = load_shapes() if shapes is None else shapes
    found = {s for kind in (SH.NodeShape, SH.PropertyShape) for s in shapes.subjects(RDF.type, kind)}
    return tuple(sorted(str(s) for s in found if isinstance(s, URIRef)))


def short(iri: str | None) -> str | None:
    """``https://w3id.org/lgsco-kg/shapes#Decision-reference`` -> ``ombsh:Decision-reference``.

    >>> short("http://www.w3.org/ns/shacl#MinCountConstraintComponent")
    'sh:MinCountConstraintComponent'
    """
    if iri is None:
        return None
    for ns, prefix in _SHORT.items():
        if iri.startswith(ns):
            return prefix + iri[len(ns):]
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


def validate(data: Graph, *, shapes: Graph | str | Path | None = None, union: bool = False) -> Report:
    """Validate decision graphs against the shapes with pySHACL.

    :param data: one decision's graph, or a :class:`rdflib.Dataset` (any
        :class:`rdflib.ConjunctiveGraph`) with one named graph per decision.
        Each non-empty graph of a dataset is validated on its own, so a
        result's ``graph`` says which decision it came from.
    :type data: rdflib.Graph | rdflib.Dataset
    :param shapes: a shapes graph or Turtle file; default the cached
        ``ontology/shapes.ttl``.
    :type shapes: rdflib.Graph | str | pathlib.Path | None
    :param union: with a dataset, validate the union of its graphs as one
        data graph instead of graph by graph.
    :type union: bool
    :returns: the report; ``conforms`` is True only if every graph conforms.
    :rtype: Report
    :raises TypeError: if ``data`` is not an rdflib graph.
    :raises kg.errors.KgError: if pySHACL cannot run the shapes.
    """
    if not isinstance(data, Graph):
        raise TypeError(f"validate() needs an rdflib Graph or Dataset, not {type(data).__name__} ({_SEE})")
    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes and str(Path(shapes).resolve()))

    conforms, results, count = True, [], 0
    for name, graph in _data_graphs(data, union):
        ok, found = _run(graph, shapes_graph, name)
        conforms, count = conforms and ok, count + 1
        results.extend(found)
    results.sort(key=lambda r: (r.decision or "~", r.focus_node, r.shape, r.constraint, r.value or ""))
    return Report(conforms=conforms, results=tuple(results), graphs=count)


def _data_graphs(data: Graph, union: bool) -> Iterator[tuple[str | None, Graph]]:
    if not isinstance(data, ConjunctiveGraph):
        yield (str(data.identifier) if isinstance(data.identifier, URIRef) else None), data
        return
    if union:
        merged = Graph()
        for s, p, o, _ in data.quads((None, None, None, None)):
            merged.add((s, p, o))
        yield None, merged
        return
    graphs = data.graphs() if isinstance(data, Dataset) else data.contexts()
    for graph in sorted(graphs, key=lambda g: str(g.identifier)):
        if len(graph):
            name = graph.identifier
            yield (str(name) if isinstance(name, URIRef) and name != DATASET_DEFAULT_GRAPH_ID else None), graph


def _relative(iri: str) -> str:
    """A part of a decision as ``…/remedy/2``; the decision itself as ``""``; anything else unchanged."""
    match = _DECISION.search(iri)
    if match is None:
        return iri
    return "…" + iri[match.end():] if match.end() < len(iri) else ""


def _run(graph: Graph, shapes_graph: Graph, name: str | None) -> tuple[bool, list[Result]]:
    # advanced=True: SHACL Advanced Features (SPARQL targets, functions) are open
    # to the shapes, and pySHACL validates a copy of the data graph (never ours).
    # sh:sparql constraints (SHACL 5) need no flag.  inference="none": the mapping
    # writes every rdf:type it means; SHACL 3.2 reads rdfs:subClassOf from the data.
    try:
        conforms, report, _ = pyshacl.validate(
            graph,
            shacl_graph=shapes_graph,
            inference="none",
            advanced=True,
            allow_warnings=True,
        )
    except Exception as exc:  # pySHACL wraps shape errors in its own ReportableRuntimeError
        raise KgError(f"pySHACL could not validate graph {name or '(unnamed)'}: {exc} ({_SEE})") from exc
    return bool(conforms), [_result(report, node, name) for node in report.subjects(RDF.type, SH.ValidationResult)]


def _result(report: Graph, node: URIRef | BNode, name: str | None) -> Result:
    one = lambda prop: report.value(node, prop)  # noqa: E731
    path = one(SH.resultPath)
    value = one(SH.value)
    messages = list(report.objects(node, SH.resultMessage))
    english = [m for m in messages if isinstance(m, Literal) and m.language in (None, "en")]
    message = str((english or messages or ["(no message)"])[0])
    return Result(
        focus_node=_term(one(SH.focusNode), report) or "",
        path=None if path is None else (str(path) if isinstance(path, URIRef) else path.n3()),
        shape=_term(one(SH.sourceShape), report) or "",
        constraint=str(one(SH.sourceConstraintComponent)),
        severity=str(one(SH.resultSeverity)),
        message=message,
        value=_term(value, report),
        graph=name,
    )


def _term(term: Any, report: Graph) -> str | None:
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype in _PLAIN_NUMBERS:
            return str(term)  # as Turtle writes them: 300.00, 42, true
        return term.n3(report.namespace_manager)
    return str(term) if isinstance(term, URIRef) else term.n3()


__all__ = ["Report", "Result", "load_shapes", "shape_iris", "short", "validate"]
