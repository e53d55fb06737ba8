"""The SHACL shapes: ``ontology/shapes.ttl`` (or a file the user names), parsed once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from kg.errors import ShapesError
from kg.resources import ontology_file
from kg.validate.report import SHAPES_NS

SHAPES_FILE = "shapes.ttl"
_STRING = "http://www.w3.org/2001/XMLSchema#string"


@lru_cache(maxsize=8)
def load_shapes(path: str | Path | None = None) -> Graph:
    """The SHACL shapes graph, parsed once per path and cached.

    Parsed by pyoxigraph, so literals keep the lexical form the file gives
    (rdflib would rewrite ``"1"^^xsd:boolean`` as ``"true"``, and SHACL tells
    them apart: W3C uniqueLang-002); blank nodes are named ``kg1``, ``kg2``, ...
    in the order the file gives them, the same in every process.

    :param path: a file of shapes (Turtle, or the RDF format its suffix names); default ``ontology/shapes.ttl``
        found through :func:`kg.resources.ontology_file`.
    :type path: str | pathlib.Path | None
    :returns: the parsed shapes.  The same object is returned on every call:
        treat it as read-only (pySHACL only reads it).
    :rtype: rdflib.Graph
    :raises kg.errors.ShapesError: if the file is missing or does not parse.
    """
    source = Path(path) if path is not None else ontology_file(SHAPES_FILE)
    if not source.is_file():
        raise ShapesError(f"no SHACL shapes file at {source}; give the path of a Turtle (or other RDF) file")
    rdf_format = ox.RdfFormat.from_extension(source.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
    graph = Graph(identifier=URIRef(SHAPES_NS))
    blanks: dict[str, BNode] = {}

    def term(t: Any) -> Any:
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return blanks.setdefault(t.value, BNode(f"kg{len(blanks) + 1}"))
        if isinstance(t, ox.Literal):
            datatype = None if t.language or t.datatype.value == _STRING else URIRef(t.datatype.value)
            return Literal(t.value, lang=t.language, datatype=datatype, normalize=False)
        raise ShapesError(f"cannot read SHACL shapes {source}: RDF-star terms are not SHACL")

    try:
        parser = ox.parse(path=str(source), format=rdf_format, base_iri=source.resolve().as_uri())
        for quad in parser:
            graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
        for prefix, namespace in parser.prefixes.items():  # as rdflib would bind them (pySHACL's queries see them)
            graph.bind(prefix, namespace, override=True, replace=True)
    except (SyntaxError, ValueError, OSError) as exc:  # pyoxigraph's errors for bad input
        raise ShapesError(f"cannot read SHACL shapes {source}: {exc}; fix the {rdf_format} syntax") from exc
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
