"""The core constraint components of :mod:`kg.validate.fast`, one small function each (SHACL 4).

Each ``compile_*`` reads a shape's parameters from the shapes graph and
returns a check ``(data, focus, values) -> [(component, value, extra)]``:
one tuple per result, ``value`` the offending value node (N-Triples) where
SHACL reports one, ``extra`` None or a dict (``__path__`` for a result path
other than the shape's, SHACL-SPARQL bindings and ``__message__``).
Semantics follow the SHACL specification and the W3C test suite; where
pySHACL differs (it accepts ``"1"^^xsd:boolean`` for sh:uniqueLang true),
the specification wins.  A parameter value the spec does not allow raises
:class:`kg.errors.UnsupportedShape`, so pySHACL judges such shapes.
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDFS, SH, XSD

from kg.errors import UnsupportedShape
from kg.terms import nt, parts, text_of
from kg.validate.datatypes import RDF_LANGSTRING, checkable, less, well_typed
from kg.validate.engine import NODE_KINDS, Compiler, Data, run_shape

_C = str(SH)
_TRUE = Literal(True)
_FLAGS = {"i": re.I, "m": re.M, "s": re.S, "x": re.X, "q": 0}
_LITERAL, _STRING = str(RDFS.Literal), str(XSD.string)


def _datatype_ok(term: str, rule: str) -> bool:
    if term[0] != '"':
        return False
    lexical, lang, datatype = parts(term)
    if lang is not None:
        return rule == RDF_LANGSTRING
    if datatype is None:
        return rule == _STRING
    return datatype == rule and well_typed(lexical, datatype)


def _literal(term: str) -> tuple[str, str | None] | None:
    """(lexical, datatype) of a literal for value comparisons; language-tagged strings as rdf:langString."""
    if term[0] != '"':
        return None
    lexical, lang, datatype = parts(term)
    return lexical, RDF_LANGSTRING if lang is not None else datatype


def _compare(value: str, bound: tuple[str, str | None], strict: bool, above: bool) -> bool:
    """SPARQL's ``bound < value`` (``above``) or ``value < bound``; ``<=`` unless ``strict``; False if incomparable."""
    v = _literal(value)
    if v is None:
        return False
    got = less(bound, v, equal=not strict) if above else less(v, bound, equal=not strict)
    return bool(got)


def _one(c: Compiler, node, p, kind: type | tuple[type, ...], what: str):
    """The single value of ``p`` on ``node`` (or None); more than one, or the wrong kind, is left to pySHACL."""
    found = list(c.g.objects(node, p))
    if not found:
        return None
    if len(found) > 1 or not isinstance(found[0], kind):
        raise UnsupportedShape(
            f"shape {node.n3()}: {p.n3()} must be one {what}, not {', '.join(f.n3() for f in found)}"
        )
    return found[0]


def _integer(c: Compiler, node, p) -> int | None:
    value = _one(c, node, p, Literal, "xsd:integer")
    if value is None:
        return None
    if value.datatype != XSD.integer or not well_typed(str(value), str(XSD.integer)):
        raise UnsupportedShape(f"shape {node.n3()}: {p.n3()} {value.n3()} is not an xsd:integer")
    return int(value)


def compile_checks(c: Compiler, node, path) -> list:
    """Every check the shape ``node`` declares itself (not those of its sh:property shapes)."""
    g, checks = c.g, []
    for p, comp, test in (
        (SH.minCount, "MinCount", lambda n, k: n >= k),
        (SH.maxCount, "MaxCount", lambda n, k: n <= k),
    ):
        if (k := _integer(c, node, p)) is not None:
            if path is None:
                raise UnsupportedShape(f"node shape {node.n3()} with {p.n3()} (a property shape's parameter)")
            checks.append(_count(k, comp, test))
    if (rule := _one(c, node, SH.datatype, URIRef, "IRI")) is not None:
        if not checkable(str(rule)):
            raise UnsupportedShape(f"shape {node.n3()}: sh:datatype {rule.n3()}, whose lexical space kg does not check")
        checks.append(_each("Datatype", lambda d, f, v, r=str(rule): _datatype_ok(v, r)))
    for cls in g.objects(node, SH["class"]):
        if not isinstance(cls, URIRef | BNode):
            raise UnsupportedShape(f"shape {node.n3()}: sh:class {cls.n3()} is not an IRI")
        checks.append(_each("Class", lambda d, f, v, k=nt(cls): d.has_class(v, k)))
    if (kind := _one(c, node, SH.nodeKind, URIRef, "node kind")) is not None:
        if kind not in NODE_KINDS:
            raise UnsupportedShape(f"shape {node.n3()}: sh:nodeKind {kind.n3()} is no node kind")
        checks.append(_each_in("NodeKind", frozenset(NODE_KINDS[kind]), first=True))
    if (pattern := _one(c, node, SH.pattern, Literal, "string")) is not None:
        flags = _one(c, node, SH.flags, Literal, "string")
        if any(ch not in _FLAGS for ch in str(flags or "")) or "q" in str(flags or ""):
            raise UnsupportedShape(f"shape {node.n3()}: sh:flags {flags!s} (kg reads i, m, s and x)")
        try:
            rx = re.compile(str(pattern), sum(_FLAGS[ch] for ch in str(flags or "")))
        except re.error as exc:
            raise UnsupportedShape(f"shape {node.n3()}: sh:pattern {pattern.n3()} is no Python regex: {exc}") from exc
        checks.append(_each("Pattern", lambda d, f, v: v[0] != "_" and rx.search(text_of(v)) is not None))
    for members in g.objects(node, SH["in"]):
        checks.append(_each_in("In", frozenset(nt(t) for t in c.items(members)), first=False))
    for language_list in g.objects(node, SH.languageIn):
        ranges = [str(r).lower() for r in c.items(language_list)]
        checks.append(_each("LanguageIn", lambda d, f, v, rs=ranges: _language_in(v, rs)))
    if (unique := _one(c, node, SH.uniqueLang, Literal, "boolean")) is not None:
        if path is None:
            raise UnsupportedShape(f"node shape {node.n3()} with sh:uniqueLang (a property shape's parameter)")
        if unique == _TRUE:  # only true activates it: "1"^^xsd:boolean does not (W3C uniqueLang-002)
            checks.append(_unique_lang)
    for value in g.objects(node, SH.hasValue):
        checks.append(
            lambda d, f, vs, x=nt(value): _NONE if x in vs else [(_C + "HasValueConstraintComponent", None, None)]
        )
    for p, comp, test in (
        (SH.minLength, "MinLength", lambda n, k: n >= k),
        (SH.maxLength, "MaxLength", lambda n, k: n <= k),
    ):
        if (k := _integer(c, node, p)) is not None:
            checks.append(_each(comp, lambda d, f, v, k=k, t=test: v[0] != "_" and t(len(text_of(v)), k)))
    for p, comp, strict, above in (
        (SH.minInclusive, "MinInclusive", False, True),
        (SH.maxInclusive, "MaxInclusive", False, False),
        (SH.minExclusive, "MinExclusive", True, True),
        (SH.maxExclusive, "MaxExclusive", True, False),
    ):
        if (b := _one(c, node, p, Literal, "literal")) is not None:
            bound = _literal(nt(b))
            checks.append(_each(comp, lambda d, f, v, b=bound, s=strict, a=above: _compare(v, b, s, a)))
    for p, comp in ((SH.lessThan, "LessThan"), (SH.lessThanOrEquals, "LessThanOrEquals"), (SH.equals, "Equals")):
        for other in g.objects(node, p):
            if not isinstance(other, URIRef):
                raise UnsupportedShape(f"shape {node.n3()}: {p.n3()} {other.n3()} is not an IRI")
            if path is None and p != SH.equals:
                raise UnsupportedShape(f"node shape {node.n3()} with {p.n3()} (a property shape's parameter)")
            checks.append(_pair(("pred", nt(other)), comp))
    for other in g.objects(node, SH.disjoint):
        if not isinstance(other, URIRef):
            raise UnsupportedShape(f"shape {node.n3()}: sh:disjoint {other.n3()} is not an IRI")
        checks.append(_pair(("pred", nt(other)), "Disjoint"))
    checks += _logical(c, node)
    return checks


def _count(k: int, comp: str, test):
    name = f"{_C}{comp}ConstraintComponent"
    return lambda d, f, vs: _NONE if test(len(vs), k) else [(name, None, None)]


_NONE: tuple = ()


def _each(comp: str, ok):
    """A check of each value node on its own; ``()`` (no allocation) in the common, passing case."""
    name = f"{_C}{comp}ConstraintComponent"

    def check(d: Data, f: str, vs: list[str]):
        for v in vs:
            if not ok(d, f, v):
                return [(name, w, None) for w in vs if not ok(d, f, w)]
        return _NONE

    return check


def _each_in(comp: str, allowed: frozenset[str], first: bool):
    """sh:in (the whole term) and sh:nodeKind (its first character): membership tests, no call per value."""
    name = f"{_C}{comp}ConstraintComponent"

    def check(d: Data, f: str, vs: list[str]):
        for v in vs:
            if (v[0] if first else v) not in allowed:
                return [(name, w, None) for w in vs if (w[0] if first else w) not in allowed]
        return _NONE

    return check


def _language_in(term: str, ranges: list[str]) -> bool:
    """SPARQL langMatches (basic filtering, RFC 4647): "en" matches "en" and "en-NZ"; "*" any tag."""
    if term[0] != '"':
        return False
    lang = parts(term)[1]
    if not lang:
        return False
    lang = lang.lower()
    return any(r == "*" or lang == r or lang.startswith(r + "-") for r in ranges)


def _unique_lang(d: Data, f: str, vs: list[str]):
    seen: dict[str, int] = {}
    for v in vs:
        if v[0] == '"' and (lang := parts(v)[1]):
            seen[lang.lower()] = seen.get(lang.lower(), 0) + 1
    return [(_C + "UniqueLangConstraintComponent", None, None) for n in seen.values() if n > 1]


def _pair(other: tuple[str, str], comp: str):
    """sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals: value nodes against the focus node's ``other`` values."""
    name = f"{_C}{comp}ConstraintComponent"

    def check(d: Data, f: str, vs: list[str]):
        theirs = d.values(f, other)
        if comp == "Disjoint":
            mine = set(theirs)
            return [(name, v, None) for v in vs if v in mine]
        if comp == "Equals":
            mine, their_set = set(vs), set(theirs)
            return [(name, v, None) for v in vs if v not in their_set] + [
                (name, w, None) for w in theirs if w not in mine
            ]
        out = []
        for v in vs:
            for w in theirs:
                a, b = _literal(v), _literal(w)
                if a is None or b is None or not less(a, b, equal=comp == "LessThanOrEquals"):
                    out.append((name, v, None))
        return out

    return check


def _logical(c: Compiler, node) -> list:
    g, checks = c.g, []

    def conforms(shape, d, v):
        return run_shape(shape, d, v, None)

    for members_node in g.objects(node, SH["or"]):
        members = [c.shape(m) for m in c.items(members_node)]
        checks.append(_each("Or", lambda d, f, v, ms=members: any(conforms(m, d, v) for m in ms)))
    for members_node in g.objects(node, SH["and"]):
        members = [c.shape(m) for m in c.items(members_node)]
        checks.append(_each("And", lambda d, f, v, ms=members: all(conforms(m, d, v) for m in ms)))
    for members_node in g.objects(node, SH.xone):
        members = [c.shape(m) for m in c.items(members_node)]
        checks.append(_each("Xone", lambda d, f, v, ms=members: sum(conforms(m, d, v) for m in ms) == 1))
    for negated in g.objects(node, SH["not"]):
        checks.append(_each("Not", lambda d, f, v, m=c.shape(negated): not conforms(m, d, v)))
    for other in g.objects(node, SH.node):
        checks.append(_each("Node", lambda d, f, v, m=c.shape(other): conforms(m, d, v)))
    return checks


def compile_qualified(c: Compiler, node, parents: list[Any]) -> list:
    """sh:qualifiedValueShape with its counts; ``parents`` are the shapes holding ``node`` as a sh:property."""
    g = c.g
    checks: list[Any] = []
    shapes = list(g.objects(node, SH.qualifiedValueShape))
    if not shapes:
        return checks
    if len(shapes) > 1:
        raise UnsupportedShape(f"shape {node.n3()} has {len(shapes)} values of sh:qualifiedValueShape")
    low, high = _integer(c, node, SH.qualifiedMinCount), _integer(c, node, SH.qualifiedMaxCount)
    disjoint = _one(c, node, SH.qualifiedValueShapesDisjoint, Literal, "boolean") == _TRUE
    siblings = []
    if disjoint:  # SHACL 4.7.3: the other qualified value shapes of the sibling property shapes
        for parent in parents:
            for prop in g.objects(parent, SH.property):
                siblings += [s for s in g.objects(prop, SH.qualifiedValueShape) if s != shapes[0]]
    checks.append(_qualified(c.shape(shapes[0]), [c.shape(s) for s in dict.fromkeys(siblings)], low, high))
    return checks


def _qualified(shape, siblings, low, high):
    def check(d: Data, f: str, vs: list[str]):
        n = sum(1 for v in vs if run_shape(shape, d, v, None) and not any(run_shape(s, d, v, None) for s in siblings))
        out = []
        if high is not None and n > high:
            out.append((_C + "QualifiedMaxCountConstraintComponent", None, None))
        if low is not None and n < low:
            out.append((_C + "QualifiedMinCountConstraintComponent", None, None))
        return out

    return check


__all__ = ["compile_checks", "compile_qualified"]
