"""Store terms: the rdflib terms every store hands out, and their Oxigraph counterparts.

Literals come out of every store in **canonical form** (``"150.00"^^xsd:decimal``
becomes ``"150.0"``, ``"x"^^xsd:string`` plain ``"x"``), so results and exports
compare equal across stores.
"""

from __future__ import annotations

import math
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD

from kg.errors import StoreError

Term = URIRef | BNode | Literal
Triple = tuple[Term, Term, Term]
Quad = tuple[Term, Term, Term, URIRef | BNode | None]  # graph None: the default graph


_INTEGERS = frozenset(
    XSD[t]
    for t in "integer int long short byte nonNegativeInteger positiveInteger negativeInteger "
    "nonPositiveInteger unsignedLong unsignedInt unsignedShort unsignedByte".split()
)


def canonical(term: Term | None) -> Term | None:
    """``term`` with a literal in canonical form: same value, one spelling.

    >>> canonical(Literal("150.00", datatype=XSD.decimal))
    rdflib.term.Literal('150.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    >>> canonical(Literal("x", datatype=XSD.string))
    rdflib.term.Literal('x')
    """
    if not isinstance(term, Literal) or term.datatype is None:
        return term
    dt, text = term.datatype, str(term).strip()
    try:
        if dt == XSD.string:
            return Literal(str(term))
        if dt == XSD.decimal and "e" not in text.lower():
            value = Decimal(text)
            lexical = f"{int(value)}.0" if value == value.to_integral_value() else format(value.normalize(), "f")
        elif dt in _INTEGERS:
            lexical = str(int(text))
        elif dt in (XSD.double, XSD.float):
            n = float(text)
            lexical = repr(n) if math.isfinite(n) else "NaN" if math.isnan(n) else "INF" if n > 0 else "-INF"
        elif dt == XSD.boolean:
            lexical = {"1": "true", "0": "false"}.get(text, text)
        else:
            return term
    except (ValueError, ArithmeticError):
        return term  # ill-typed: kept as written
    return term if lexical == str(term) else Literal(lexical, datatype=dt)


def to_oxigraph(term: Term | None):
    """An rdflib term as a pyoxigraph term (None -> the default graph)."""
    try:
        if term is None or term == DATASET_DEFAULT_GRAPH_ID:
            return ox.DefaultGraph()
        if isinstance(term, (URIRef, BNode)):
            return (ox.NamedNode if isinstance(term, URIRef) else ox.BlankNode)(str(term))
        if isinstance(term, Literal):
            datatype = None if term.datatype is None else ox.NamedNode(str(term.datatype))
            return ox.Literal(str(term), language=term.language or None, datatype=datatype)
    except ValueError as e:
        raise StoreError(f"cannot store the term {str(term)!r}: {e}; fix the IRI or literal in the input") from e
    raise StoreError(f"cannot store {term!r}: not an rdflib URIRef, BNode or Literal")


def from_oxigraph(term) -> Term | None:
    """A pyoxigraph term as an rdflib term, literals canonical (the default graph -> None)."""
    kind = type(term)
    if kind is ox.NamedNode:
        return URIRef(term.value)
    if kind is ox.Literal:
        return _short_literal(term) if len(term.value) <= 200 else _literal(term)
    if term is None or kind is ox.DefaultGraph:
        return None
    if kind is ox.BlankNode:
        return BNode(term.value)
    raise StoreError(f"unsupported term from Oxigraph: {term!r} (RDF-star triples are not used in this graph)")


_XSD_STRING = str(XSD.string)


def _literal(term) -> Literal:
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:  # what canonical() makes of it, without building the typed literal first
        return Literal(term.value)
    return canonical(Literal(term.value, datatype=URIRef(datatype)))  # type: ignore[return-value]


#: Literals repeat across the rows of a result (labels, outcomes, dates) and rdflib takes ~10 µs to
#: build one, so short ones are built once; rdflib terms are immutable, so sharing them is safe
_short_literal = lru_cache(maxsize=1 << 15)(_literal)


__all__ = ["Quad", "Term", "Triple", "canonical", "from_oxigraph", "to_oxigraph"]
