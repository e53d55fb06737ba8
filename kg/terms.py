"""RDF terms in their N-Triples spelling: the one N-Triples / N-Quads writer, and its reader.

``<iri>``, ``"lexical"``, ``"lexical"@lang``, ``"lexical"^^<datatype>``,
``_:id``: the form the build writes and pyoxigraph's ``str(term)`` gives, so
terms from either compare as plain strings.  The build's workers, the fast
SHACL engine, dumps, write-back and bound query values all write terms
through :func:`nt` (:func:`nt_checked` where the term comes from a user).

>>> from rdflib import Literal
>>> from rdflib.namespace import XSD
>>> nt(Literal("a \\"b\\"\\n"))
'"a \\\\"b\\\\"\\\\n"'
>>> from_nt(nt(Literal("150.00", datatype=XSD.decimal)))
rdflib.term.Literal('150.00', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
>>> py_value('"2021-05-17"^^<http://www.w3.org/2001/XMLSchema#date>')
(datetime.date(2021, 5, 17), False)
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from rdflib import BNode, Literal, URIRef

Term = str  # one term in N-Triples spelling

XSD = "http://www.w3.org/2001/XMLSchema#"
_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_UNESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_INTEGERS = {
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}


def nt(term: Any) -> Term:
    """An rdflib term (URIRef, Literal, BNode) in N-Triples spelling."""
    kind = type(term)
    if kind is URIRef:
        return "".join(("<", term, ">"))  # join takes the str subclass as it is: no URIRef is built
    if kind is Literal:
        text = "".join(('"', _escape(term), '"'))
        language, datatype = term.language, term.datatype
        if language:
            return f"{text}@{language}"
        return text if datatype is None else "".join((text, "^^<", datatype, ">"))
    if isinstance(term, BNode):
        return f"_:{str(term)}"
    if isinstance(term, (URIRef, Literal)):  # subclasses
        return nt(
            URIRef(str(term))
            if isinstance(term, URIRef)
            else Literal(str(term), lang=term.language, datatype=term.datatype)
        )
    raise TypeError(f"not an RDF term: {term!r}")


#: characters an N-Triples / SPARQL IRI may not hold
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def nt_checked(term: Any) -> Term:
    """:func:`nt` for a term that came from outside: ValueError for an IRI no N-Triples or SPARQL parser reads.

    >>> nt_checked(URIRef("http://example.org/a b"))
    Traceback (most recent call last):
    ...
    ValueError: 'http://example.org/a b' is not a valid IRI: it holds ' ' (spaces, <, >, quotes, braces, |, ^, ` and \\ are not allowed)
    """
    iri = term if isinstance(term, URIRef) else term.datatype if isinstance(term, Literal) else None
    if iri is not None and (bad := _BAD_IRI.search(iri)):
        raise ValueError(
            f"{str(iri)!r} is not a valid IRI: it holds {bad.group()!r} "
            "(spaces, <, >, quotes, braces, |, ^, ` and \\ are not allowed)"
        )
    return nt(term)


def nquad(s: Any, p: Any, o: Any, g: Any = None) -> str:
    """One N-Quads line (N-Triples when ``g`` is None), newline included.

    >>> nquad(URIRef("http://a/s"), URIRef("http://a/p"), Literal("x"), URIRef("http://a/g"))
    '<http://a/s> <http://a/p> "x" <http://a/g> .\\n'
    """
    if g is None:
        return f"{nt(s)} {nt(p)} {nt(o)} .\n"
    return f"{nt(s)} {nt(p)} {nt(o)} {nt(g)} .\n"


def _escape(text: str) -> str:
    """``text`` as an N-Triples string body; the same as ``str.translate(text, _ESCAPE)``, several times faster
    (most literals need nothing, and ``str.replace`` runs in C)."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if '"' in text:
        text = text.replace('"', '\\"')
    if "\n" in text:
        text = text.replace("\n", "\\n")
    if "\r" in text:
        text = text.replace("\r", "\\r")
    return text


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _UNESCAPE.sub(
        lambda m: chr(int(m.group(1) or m.group(2), 16)) if m.group(3) is None else _SIMPLE.get(m.group(3), m.group(3)),
        text,
    )


@lru_cache(maxsize=65536)
def parts(term: Term) -> tuple[str, str | None, str | None]:
    """A literal's (lexical form, language, datatype IRI); datatype None for a plain literal."""
    end = term.rfind('"')
    lexical, rest = _unescape(term[1:end]), term[end + 1 :]
    if rest.startswith("@"):
        return lexical, rest[1:], None
    if rest.startswith("^^<"):
        datatype = rest[3:-1]
        return lexical, None, None if datatype == XSD + "string" else datatype
    return lexical, None, None


def from_nt(term: Term) -> URIRef | BNode | Literal:
    """N-Triples spelling -> rdflib term."""
    if term[0] == "<":
        return URIRef(_unescape(term[1:-1]))
    if term[0] == "_":
        return BNode(term[2:])
    lexical, lang, datatype = parts(term)
    if datatype is None and term.endswith(f"^^<{XSD}string>"):
        datatype = XSD + "string"
    return Literal(lexical, lang=lang, datatype=None if datatype is None else URIRef(datatype))


def text_of(term: Term) -> str:
    """What sh:pattern and sh:minLength read: a literal's lexical form, an IRI's characters."""
    return parts(term)[0] if term[0] == '"' else _unescape(term[1:-1]) if term[0] == "<" else term[2:]


@lru_cache(maxsize=65536)
def py_value(term: Term) -> tuple[object, bool]:
    """A literal's Python value as rdflib gives it, and whether it is ill-typed."""
    lexical, lang, datatype = parts(term)
    if lang is not None or datatype is None:
        return lexical, False
    try:
        if datatype in _INTEGERS:
            if not re.fullmatch(r"\s*[+-]?\d+\s*", lexical):
                raise ValueError
            return int(lexical), False
        if datatype == XSD + "decimal":
            if not re.fullmatch(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*", lexical):
                raise ValueError
            return Decimal(lexical), False
        if datatype in (XSD + "double", XSD + "float"):
            return float(lexical), False
        if datatype == XSD + "boolean":
            if lexical.strip().lower() not in ("true", "false", "1", "0"):
                raise ValueError
            return lexical.strip().lower() in ("true", "1"), False
        if datatype == XSD + "date":
            return date.fromisoformat(lexical.strip()), False
        if datatype == XSD + "dateTime":
            return datetime.fromisoformat(lexical.strip().replace("Z", "+00:00")), False
        if datatype == XSD + "time":
            return time.fromisoformat(lexical.strip()), False
    except (ValueError, InvalidOperation):
        return None, True
    return lexical, False


__all__ = ["Term", "from_nt", "nquad", "nt", "nt_checked", "parts", "py_value", "text_of"]
