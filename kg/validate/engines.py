"""Which engine checks which shape: the one rule every build and ``kg validate`` follows.

``auto`` (the default) runs each shape with targets on the fast engine
(:mod:`kg.validate.fast`) where it compiles, which is only where every
construct it uses is one the fast engine implements and the W3C suite and
the differential tests prove right; every other shape goes to pySHACL
(:mod:`kg.validate.shacl`), shape by shape, never silently skipped: pySHACL
gets the shapes graph with the fast shapes' targets taken out, so each
shape is checked exactly once.  With the project's shapes every shape
compiles and pySHACL never runs.  ``fast`` refuses shapes it cannot compile
(:class:`kg.errors.UnsupportedShape`); ``pyshacl`` checks everything with
pySHACL.  The report says which engine checked what (:attr:`Report.engines`).

>>> choose("auto")
'fast'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from kg.errors import InputError, UnsupportedShape
from kg.terms import from_nt, nt
from kg.validate.fast import TARGETS, Plan, compiled_plan, heads, short_term, validate_nt
from kg.validate.report import Result
from kg.validate.shacl import run_pyshacl
from kg.validate.shapes import load_shapes

ENGINES = ("auto", "fast", "pyshacl")


@dataclass(frozen=True)
class Split:
    """The plan for one (engine, shapes) pair: compiled shapes, and the shapes graph pySHACL gets (None: nothing)."""

    plan: Plan
    residual: Graph | None
    engines: tuple[tuple[str, str, str], ...]


@lru_cache(maxsize=16)
def split(engine: str = "auto", shapes: str | None = None) -> Split:
    """How ``engine`` divides the shapes of ``shapes`` (a file; None: ours) between the fast engine and pySHACL."""
    if engine not in ENGINES:
        raise InputError(f"unknown validation engine {engine!r}; use one of: {', '.join(ENGINES)}")
    graph = load_shapes(shapes)  # ill-formed Turtle is refused up front, whatever the engine
    if engine == "pyshacl":
        run_pyshacl(Graph(), graph, None)  # shapes pySHACL cannot load are refused now, not at the first graph
        rows = tuple(sorted((nt(h), "pyshacl", "") for h in heads(graph)))
        return Split(Plan(), graph, rows)
    plan = compiled_plan(shapes)
    if engine == "fast" and plan.rest:
        raise UnsupportedShape(
            "the fast engine cannot check: " + "; ".join(f"{short_term(n)}: {why}" for n, why in plan.rest.items())
        )
    residual = _residual(graph, plan) if plan.rest else None
    if residual is not None:
        run_pyshacl(Graph(), residual, None)  # shapes pySHACL cannot load are refused now, not at the first graph
    return Split(plan, residual, plan.engines)


def _residual(graph: Graph, plan: Plan) -> Graph:
    """The shapes graph with the targets of the compiled shapes removed: pySHACL checks only the rest."""
    done = {from_nt(s.node) for s in plan.fast}
    residual = Graph(identifier=graph.identifier)
    for prefix, namespace in graph.namespaces():
        residual.bind(prefix, namespace, override=True)
    targets = {SH[k] for k in TARGETS}
    for s, p, o in graph:
        if s in done and (p in targets or (p == RDF.type and o == RDFS.Class)):
            continue
        residual.add((s, p, o))
    return residual


def choose(engine: str = "auto", shapes: str | None = None) -> str:
    """``"fast"``, ``"pyshacl"`` or ``"fast+pyshacl"``: the engines that will check graphs against ``shapes``.

    Raises :class:`kg.errors.InputError` for an unknown engine, :class:`kg.errors.ShapesError` for shapes that
    cannot be read or are ill-formed, :class:`kg.errors.UnsupportedShape` for ``fast`` and a shape it cannot run.
    """
    plan = split(engine, shapes)
    used = sorted({e for _, e, _ in plan.engines}) or ["fast" if engine != "pyshacl" else "pyshacl"]
    return "+".join(used)


def validate_terms(
    triples: list[tuple[str, str, str]],
    *,
    graph: str | None = None,
    ntriples: str | None = None,
    shapes: str | None = None,
    engine: str = "auto",
) -> list[Result]:
    """Results for one graph given as distinct N-Triples terms (its text in ``ntriples``, if at hand).

    Each shape is checked by the engine :func:`split` gives it.
    """
    plan = split(engine, shapes)
    found: list[Result] = []
    if plan.plan.fast:
        found += validate_nt(triples, graph=graph, ntriples=ntriples, shapes=plan.plan.fast)
    if plan.residual is not None:
        found += run_pyshacl(_rdflib_graph(triples, graph), plan.residual, graph)[1]
    return found


def _rdflib_graph(triples: list[tuple[str, str, str]], graph: str | None) -> Graph:
    data = Graph(identifier=URIRef(graph) if graph else None)
    for s, p, o in triples:
        data.add((from_nt(s), from_nt(p), from_nt(o)))
    return data


__all__ = ["ENGINES", "Split", "choose", "split", "validate_terms"]
