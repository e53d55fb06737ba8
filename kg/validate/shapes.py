"""The SHACL shapes: ``ontology/shapes.ttl`` (or a file the user names), parsed once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.plugins.parsers.notation3 import BadSyntax

from kg.errors import ShapesError
from kg.resources import ontology_file
from kg.validate.report import SHAPES_NS

SHAPES_FILE = "shapes.ttl"


@lru_cache(maxsize=8)
def load_shapes(path: str | Path | None = None) -> Graph:
    """The SHACL shapes graph, parsed once per path and cached.

    :param path: a Turtle file of shapes; default ``ontology/shapes.ttl``
        found through :func:`kg.resources.ontology_file`.
    :type path: str | pathlib.Path | None
    :returns: the parsed shapes.  The same object is returned on every call:
        treat it as read-only (pySHACL only reads it).
    :rtype: rdflib.Graph
    :raises kg.errors.ShapesError: if the file does not parse as Turtle.
    """
    source = Path(path) if path is not None else ontology_file(SHAPES_FILE)
    graph = Graph(identifier=URIRef(SHAPES_NS))
    try:
        graph.parse(source, format="turtle")
    except (BadSyntax, ValueError, SyntaxError) as exc:  # rdflib's errors for bad Turtle
        raise ShapesError(f"cannot read SHACL shapes {source}: {exc}; fix the Turtle syntax (see {source})") from exc
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


__all__ = ["SHAPES_FILE", "load_shapes", "shape_iris"]
