"""SHACL validation of decision graphs with pySHACL, the reference engine: shapes loaded once, a typed report.

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

from collections.abc import Iterator
from pathlib import Path

import pyshacl
from pyshacl.errors import ReportableRuntimeError, ValidationFailure
from rdflib import BNode, ConjunctiveGraph, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, SH

from kg.errors import ShapesError, UnsupportedShape
from kg.terms import nt
from kg.validate.paths import path_text, read_path
from kg.validate.report import _SEE, NO_MESSAGE, Report, Result, term_text
from kg.validate.shapes import load_shapes, shape_iris


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
    :raises kg.errors.ShapesError: if pySHACL cannot run the shapes.
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


def run_pyshacl(graph: Graph, shapes_graph: Graph, name: str | None) -> tuple[bool, list[Result]]:
    """pySHACL on one data graph: (conforms, results); :class:`kg.errors.ShapesError` where it refuses the shapes."""
    return _run(graph, shapes_graph, name)


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
    except ReportableRuntimeError as exc:  # pySHACL's own error for shapes it cannot use
        raise ShapesError(
            f"pySHACL could not validate graph {name or '(unnamed)'} with these shapes: {exc} ({_SEE})"
        ) from exc
    except NotImplementedError as exc:  # pySHACL's word for a SHACL feature it does not implement ($shapesGraph)
        raise ShapesError(f"neither engine supports these shapes: pySHACL says {exc}") from exc
    except Exception as exc:
        if not str(exc).startswith("Unknown namespace prefix"):
            raise
        raise ShapesError(f"a SHACL-SPARQL query of these shapes uses an undeclared prefix (pySHACL: {exc})") from exc
    if isinstance(report, ValidationFailure):  # a failure (SHACL 3.6.1.3): returned, not raised, by pyshacl.validate
        raise ShapesError(f"the shapes graph is ill-formed or cannot be run: {report.message} ({_SEE})")
    # the report's own results: pySHACL also types the nested results it gives as sh:detail sh:ValidationResult
    top = [node for head in report.subjects(RDF.type, SH.ValidationReport) for node in report.objects(head, SH.result)]
    return bool(conforms), [_result(report, node, name) for node in top]


def _result(report: Graph, node: URIRef | BNode, name: str | None) -> Result:
    one = lambda prop: report.value(node, prop)  # noqa: E731
    path_node, value, focus, shape = one(SH.resultPath), one(SH.value), one(SH.focusNode), one(SH.sourceShape)
    try:
        path = None if path_node is None else read_path(report, path_node)
    except UnsupportedShape as exc:  # cannot happen: pySHACL copies the shape's own path
        raise ShapesError(f"pySHACL reported a result path that is no SHACL path: {exc}") from exc
    messages = list(report.objects(node, SH.resultMessage))
    english = [m for m in messages if isinstance(m, Literal) and m.language in (None, "en")]
    message = str((english or messages or [NO_MESSAGE])[0])
    constraint = one(SH.sourceConstraint)
    return Result(
        focus_node=term_text(focus, report) or "",
        path=None if path is None else path_text(path),
        shape=term_text(shape, report) or "",
        constraint=str(one(SH.sourceConstraintComponent)),
        severity=str(one(SH.resultSeverity)),
        message=message,
        value=term_text(value, report),
        graph=name,
        engine="pyshacl",
        terms=(
            nt(focus),
            path,
            None if value is None else nt(value),
            nt(shape),
            None if constraint is None else nt(constraint),
        ),
    )


__all__ = ["Report", "Result", "load_shapes", "run_pyshacl", "shape_iris", "validate"]
