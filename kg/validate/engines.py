"""Which engine checks a graph: the one rule every build and ``kg validate`` follows.

``auto`` (the default) uses the compiled shapes (:mod:`kg.validate.fast`)
when every shape compiles, and pySHACL (:mod:`kg.validate.shacl`) when one
does not, so a shape the fast engine cannot run is never silently skipped;
``fast`` refuses such shapes (:class:`kg.errors.UnsupportedShape`);
``pyshacl`` always uses the reference engine.

>>> choose("auto")
'fast'
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.errors import InputError, UnsupportedShape
from kg.validate.fast import compiled, validate_nt
from kg.validate.report import Result
from kg.validate.shacl import validate
from kg.validate.shapes import load_shapes

ENGINES = ("auto", "fast", "pyshacl")


def choose(engine: str = "auto", shapes: str | None = None) -> str:
    """``"fast"`` or ``"pyshacl"``: the engine that will check graphs against ``shapes`` (a file; None: ours)."""
    if engine not in ENGINES:
        raise InputError(f"unknown validation engine {engine!r}; use one of: {', '.join(ENGINES)}")
    if engine == "pyshacl":
        load_shapes(shapes)  # ill-formed Turtle is refused up front, whatever the engine
        return "pyshacl"
    try:
        compiled(shapes)
    except UnsupportedShape:
        if engine == "fast":
            raise
        return "pyshacl"
    return "fast"


def validate_terms(
    triples: list[tuple[str, str, str]],
    *,
    graph: str | None = None,
    ntriples: str | None = None,
    shapes: str | None = None,
    engine: str = "auto",
) -> list[Result]:
    """Results for one graph given as N-Triples terms (its text in ``ntriples``, if at hand), by :func:`choose`'s engine."""
    if choose(engine, shapes) == "fast":
        return validate_nt(triples, graph=graph, ntriples=ntriples, shapes=compiled(shapes))
    text = ntriples if ntriples is not None else "".join(f"{s} {p} {o} .\n" for s, p, o in triples)
    data = Graph(identifier=URIRef(graph) if graph else None)
    for t in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        data.add((_rdflib(t.subject), _rdflib(t.predicate), _rdflib(t.object)))
    return list(validate(data, shapes=load_shapes(shapes)).results)


def _rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal):
    from kg.terms import from_nt

    return from_nt(str(term))


__all__ = ["ENGINES", "choose", "validate_terms"]
