"""Fast SHACL: the shapes of ``ontology/shapes.ttl`` compiled once into Python checks.

pySHACL (:mod:`kg.validate.shacl`) stays the reference; this is the path that
scales.  A decision's shapes only look inside that decision, so one
decision graph is validated at a time, in the build's worker processes or
graph by graph over a store, and the cost grows linearly with the archive.

Terms are handled in their N-Triples spelling (``<iri>``, ``"lex"^^<dt>``,
``_:b``): the build's workers write that spelling anyway, and a store hands it
out without building rdflib objects.  Only results are turned back into
rdflib terms, so a :class:`kg.validate.report.Result` from here equals pySHACL's
(focus node, path, shape, constraint component, severity, message, value);
``tests/test_scale_validate.py`` checks it on the seeds, every invalid
fixture and synthetic decisions with injected faults.

The core components the shapes use are compiled (cardinality, value type,
value range, string, property pair, logical, shape-based, ``sh:in``,
``sh:hasValue``); ``sh:sparql`` constraints run on pyoxigraph, with ``$this``
substituted.  :func:`compile_shapes` raises :class:`kg.errors.UnsupportedShape` for
anything else, and :func:`kg.validate.engine_for` then hands the shapes to
pySHACL, so a new kind of shape is never silently skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from kg.errors import UnsupportedShape
from kg.terms import from_nt, nt
from kg.validate.checks import compile_checks, oxigraph_runner
from kg.validate.engine import Data, Raw, Shape, validate_graph
from kg.validate.report import Result, term_text
from kg.validate.shapes import load_shapes

#: constraint parameters understood here (anything else -> UnsupportedShape)
_PARAMS = {
    SH[p]
    for p in (
        "minCount maxCount datatype class nodeKind pattern flags in hasValue minLength maxLength minInclusive "
        "maxInclusive minExclusive maxExclusive lessThan lessThanOrEquals equals disjoint or and not xone node "
        "qualifiedValueShape qualifiedMinCount qualifiedMaxCount sparql"
    ).split()
}
_IGNORED = {
    SH[p]
    for p in "targetClass targetNode targetSubjectsOf targetObjectsOf property path severity message "
    "name description order group deactivated declare prefixes".split()
} | {RDF.type, RDFS.comment, RDFS.label}


# --- compiling ------------------------------------------------------------------------


class _Compiler:
    def __init__(self, g: Graph) -> None:
        self.g = g
        self.shapes: dict[Any, Shape] = {}

    def shape(self, node) -> Shape:
        if node in self.shapes:
            return self.shapes[node]
        g = self.g
        path = g.value(node, SH.path)
        if path is not None and not isinstance(path, URIRef):
            inverse = g.value(path, SH.inversePath)
            if not isinstance(inverse, URIRef):
                raise UnsupportedShape(
                    f"property path {path.n3()} of shape {node.n3()} (only an IRI or sh:inversePath)"
                )
        compiled_path = (
            None if path is None else ("pred", nt(path)) if isinstance(path, URIRef) else ("inv", nt(inverse))
        )
        messages = tuple(
            str(m) for m in g.objects(node, SH.message) if isinstance(m, Literal) and m.language in (None, "en")
        )
        shape = self.shapes[node] = Shape(
            nt(node), compiled_path, str(g.value(node, SH.severity) or SH.Violation), messages
        )
        if g.value(node, SH.deactivated) == Literal(True):
            return shape
        for kind in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"):
            shape.targets += [(kind, nt(t)) for t in g.objects(node, SH[kind])]
        extra = set(g.predicates(node, None)) - _PARAMS - _IGNORED
        if extra:
            raise UnsupportedShape(f"shape {node.n3()} uses {', '.join(sorted(p.n3() for p in extra))}")
        shape.checks = compile_checks(self, node)
        shape.properties = [self.shape(p) for p in g.objects(node, SH.property)]
        return shape

    def items(self, node) -> list:
        return list(Collection(self.g, node))


def compile_shapes(shapes: Graph) -> list[Shape]:
    """Every shape with targets, compiled; :class:`kg.errors.UnsupportedShape` when a construct is beyond the fast path."""
    c = _Compiler(shapes)
    heads = {
        s
        for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
        for s in shapes.subjects(p, None)
    }
    if set(shapes.subjects(RDF.type, RDFS.Class)) & set(shapes.subjects(RDF.type, SH.NodeShape)):
        raise UnsupportedShape("implicit class targets (a shape that is also an rdfs:Class)")
    return [c.shape(h) for h in sorted(heads, key=str)]


@lru_cache(maxsize=8)
def compiled(path: str | None = None) -> list[Shape]:
    """The shapes file (default ``ontology/shapes.ttl``) compiled, once per process."""
    return compile_shapes(load_shapes(path))


def results(raws: Iterable[Raw], graph: str | None) -> list:
    """Raw results as :class:`kg.validate.Result` objects, spelled as pySHACL's report spells them."""
    report = _REPORT_GRAPH
    out = []
    for r in raws:
        focus = from_nt(r.focus)
        value = None if r.value is None else from_nt(r.value)
        out.append(
            Result(
                focus_node=term_text(focus, report) or "",
                path=None if r.path is None else str(from_nt(r.path)),
                shape=str(from_nt(r.shape)) if r.shape[0] == "<" else r.shape,
                constraint=r.component,
                severity=r.severity,
                message=r.message or "(no message)",
                value=term_text(value, report),
                graph=graph,
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
) -> list:
    """Validate one graph given as N-Triples term tuples; ``ntriples`` (its text) feeds SHACL-SPARQL constraints.

    Returns :class:`kg.validate.Result` objects for ``graph``.
    """
    shapes = compiled() if shapes is None else shapes
    runners: dict[frozenset[str] | None, object] = {}

    def lazy(query: str, focus: str, predicates: frozenset[str] | None = None):
        # a scratch store per set of predicates the queries match (one per constraint at most): a shape's
        # second sh:sparql constraint over other predicates gets its own triples, never the first one's
        runner = runners.get(predicates)
        if runner is None:
            mem = ox.Store()
            if predicates is not None:
                text = "".join(f"{s} {p} {o} .\n" for s, p, o in triples if p in predicates)
            else:
                text = ntriples if ntriples is not None else "".join(f"{s} {p} {o} .\n" for s, p, o in triples)
            mem.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
            runner = runners[predicates] = oxigraph_runner(mem)
        return runner(query, focus)  # type: ignore[operator]

    return results(validate_graph(shapes, Data(triples, lazy)), graph)
