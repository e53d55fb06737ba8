"""SHACL property paths (SHACL 2.3.1) as the tuples :mod:`kg.validate.engine` walks, read from and written to RDF.

A path is ``("pred", "<iri>")``, ``("inv", path)``, ``("seq", (path, ...))``,
``("alt", (path, ...))``, ``("zom", path)``, ``("oom", path)`` or ``("zoo", path)``.
A node that is an RDF list is a sequence path whatever else it holds (the W3C
suite's path-strange-001 reads a node that is both a list and an
sh:inversePath as the sequence).

>>> from rdflib import Graph
>>> g = Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> .
... <urn:s> sh:path [ sh:inversePath <urn:p> ] .''', format="turtle")
>>> path = read_path(g, g.value(URIRef("urn:s"), SH.path))
>>> path, path_text(path), sparql_path(path)
(('inv', ('pred', '<urn:p>')), '^<urn:p>', '^<urn:p>')
"""

from __future__ import annotations

from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from kg.errors import UnsupportedShape
from kg.terms import from_nt, nt

Path = tuple[str, Any]
_UNARY = {SH.inversePath: "inv", SH.zeroOrMorePath: "zom", SH.oneOrMorePath: "oom", SH.zeroOrOnePath: "zoo"}
_NAMES = {v: k for k, v in _UNARY.items()}


def read_path(g: Graph, node: Any, depth: int = 0) -> Path:
    """The path at ``node`` of ``g``; :class:`kg.errors.UnsupportedShape` if it is not a well-formed SHACL path."""
    if depth > 50:
        raise UnsupportedShape("a property path nested more than 50 deep (or a cycle)")
    if isinstance(node, URIRef):
        return ("pred", nt(node))
    if not isinstance(node, BNode):
        raise UnsupportedShape(f"property path {node.n3()} is neither an IRI nor a blank node")
    if g.value(node, RDF.first) is not None:
        members = list(Collection(g, node))
        if not members:
            raise UnsupportedShape(f"property path {node.n3()} is an empty list")
        return ("seq", tuple(read_path(g, m, depth + 1) for m in members))
    kinds = [(p, o) for p, o in g.predicate_objects(node) if p in _UNARY or p == SH.alternativePath]
    if len(kinds) != 1:
        raise UnsupportedShape(f"property path {node.n3()} has {len(kinds)} path kinds; SHACL 2.3.1 allows one")
    p, o = kinds[0]
    if p == SH.alternativePath:
        members = list(Collection(g, o)) if o == RDF.nil or g.value(o, RDF.first) is not None else []
        if len(members) < 2:
            raise UnsupportedShape(f"sh:alternativePath of {node.n3()} is not a list of two or more paths")
        return ("alt", tuple(read_path(g, m, depth + 1) for m in members))
    return (_UNARY[URIRef(str(p))], read_path(g, o, depth + 1))


def path_text(path: Path) -> str:
    """A path as :attr:`kg.validate.Result.path` spells it: an IRI bare, anything else in SPARQL path syntax.

    >>> path_text(("pred", "<urn:p>")), path_text(("seq", (("pred", "<urn:a>"), ("zom", ("pred", "<urn:b>")))))
    ('urn:p', '<urn:a>/<urn:b>*')
    """
    if path[0] == "pred":
        return str(from_nt(path[1]))
    return _sparql(path, top=True)


def _sparql(path: Path, top: bool = False) -> str:
    kind, arg = path
    if kind == "pred":
        return arg
    if kind == "inv":
        return "^" + _sparql(arg)
    if kind in ("seq", "alt"):
        inner = ("/" if kind == "seq" else "|").join(_sparql(p) for p in arg)
        return inner if top else f"({inner})"
    return _sparql(arg) + {"zom": "*", "oom": "+", "zoo": "?"}[kind]


def sparql_path(path: Path) -> str:
    """The path in SPARQL property path syntax, parenthesized where it is more than one step (for ``$PATH``)."""
    return _sparql(path)


def write_path(path: Path, g: Graph) -> Any:
    """Add ``path`` to ``g`` as SHACL path triples (fresh blank nodes); return its node."""
    kind, arg = path
    if kind == "pred":
        return from_nt(arg)
    if kind == "seq":
        head = BNode()
        Collection(g, head, [write_path(p, g) for p in arg])
        return head
    node = BNode()
    if kind == "alt":
        members = BNode()
        Collection(g, members, [write_path(p, g) for p in arg])
        g.add((node, SH.alternativePath, members))
    else:
        g.add((node, _NAMES[kind], write_path(arg, g)))
    return node


__all__ = ["Path", "path_text", "read_path", "sparql_path", "write_path"]
