"""Validating RDF files: each file (each named graph of a quads file) is one data graph.

``kg validate FILE...`` reads each file in the format its suffix names (the
caller resolves it through :class:`kg.export.Format`), validates every data
graph with the engine :func:`kg.validate.engines.split` gives each shape, and
returns one :class:`kg.validate.Report`.  A file's default graph is named by
the file's ``file:`` URI; each named graph of a TriG, N-Quads or JSON-LD file
is validated on its own, as a store's graphs are.  Files are read by
pyoxigraph, so literals keep the lexical form written (``" 42 "^^xsd:integer``
stays ill-typed; rdflib would tidy it first), relative IRIs against the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import SH

from kg.errors import InputError
from kg.validate.engines import split, validate_terms
from kg.validate.report import Report, Result

_VIOLATION = str(SH.Violation)


def read_graphs(path: Path, rdf_format: str | None = None) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """``(graph name, distinct triples as N-Triples terms)`` for each non-empty graph of one file.

    ``rdf_format`` is a file extension pyoxigraph knows (``ttl``, ``nq``, ``jsonld`` ...); default the file's own.
    :class:`kg.errors.InputError` names the file if it cannot be read.
    """
    if not path.is_file():
        raise InputError(f"no RDF file at {path}; give the path of a file to validate")
    extension = (rdf_format or path.suffix).lstrip(".")
    fmt = ox.RdfFormat.from_extension(extension)
    if fmt is None:
        raise InputError(f"{path}: no RDF format for the suffix {extension!r}")
    base = path.resolve().as_uri()
    graphs: dict[str, dict[tuple[str, str, str], None]] = {}
    try:
        for quad in ox.parse(path=str(path), format=fmt, base_iri=base):
            name = base if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            graphs.setdefault(name, {})[(str(quad.subject), str(quad.predicate), str(quad.object))] = None
    except (SyntaxError, ValueError, OSError) as exc:  # pyoxigraph's errors for unreadable input
        raise InputError(f"{path}: not readable as {fmt}: {exc}") from exc
    return [(name, list(triples)) for name, triples in sorted(graphs.items())]


def validate_files(
    files: Iterable[Path | tuple[Path, str | None]], *, shapes: str | None = None, engine: str = "auto"
) -> Report:
    """Validate RDF ``files`` against ``shapes`` (None: ``ontology/shapes.ttl``), each data graph on its own.

    Each file is a path, or ``(path, suffix of its format)`` where the name's own suffix is not the format's.
    """
    plan = split(engine, shapes)
    results: list[Result] = []
    graphs = 0
    for item in files:
        path, rdf_format = item if isinstance(item, tuple) else (item, None)
        for name, triples in read_graphs(path, rdf_format):
            graphs += 1
            results += validate_terms(triples, graph=name, shapes=shapes, engine=engine)
    results.sort(key=lambda r: (r.graph or "", r.focus_node, r.shape, r.constraint, r.path or "", r.value or ""))
    conforms = not any(r.severity == _VIOLATION for r in results)
    return Report(conforms=conforms, results=tuple(results), graphs=graphs, engines=plan.engines)


__all__ = ["read_graphs", "validate_files"]
