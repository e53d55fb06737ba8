"""The constraint components of :mod:`kg.validate.fast`, one small function each.

Each ``compile_*`` reads a shape's parameters from the shapes graph and
returns a check ``(data, focus, values) -> [(component, value, bound)]``:
one tuple per failure, ``value`` the offending value node (N-Triples) where
pySHACL reports one, ``bound`` the variables of a SHACL-SPARQL result.
Semantics follow pySHACL 0.30+ (the reference), including its choices where
SHACL leaves room: literals of different kinds never compare, blank nodes
fail sh:pattern and sh:minLength, an ill-typed literal fails sh:datatype.
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox
from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SH, XSD

from kg.errors import ShapesError, UnsupportedShape
from kg.terms import nt, parts, py_value, text_of
from kg.validate.engine import NODE_KINDS, Compiler, Data, run_shape

_C = str(SH)
_FLAGS = {"i": re.I, "m": re.M, "s": re.S, "x": re.X}


def _is_str(term: str) -> bool:
    return term[0] == "<" or isinstance(py_value(term)[0], str)


_LITERAL, _DATATYPE, _STRING, _LANG = str(RDFS.Literal), str(RDFS.Datatype), str(XSD.string), str(RDF.langString)


def _datatype_ok(term: str, rule: str) -> bool:
    if term[0] != '"':
        return False
    _, lang, datatype = parts(term)
    if rule == _LITERAL:
        return True
    if datatype is None and lang is None:
        return rule == _STRING
    if lang is not None:
        return rule == _LANG
    if rule == _DATATYPE:
        return True
    return datatype == rule and not py_value(term)[1]


def _compare(value: str, bound: str, test) -> bool:
    """pySHACL's value-range rule: blank nodes and IRIs never pass; strings compare only with strings."""
    if value[0] != '"':
        return False
    v, ill = py_value(value)
    b, _ = py_value(bound)
    if ill or isinstance(v, str) != isinstance(b, str):
        return False
    try:
        return bool(test(v, b))
    except TypeError:
        return False


def compile_checks(c: Compiler, node) -> list:
    """Every check the shape ``node`` declares itself (not those of its sh:property shapes)."""
    g, checks = c.g, []
    one = lambda p: g.value(node, p)  # noqa: E731
    for p, comp, test in (
        (SH.minCount, "MinCount", lambda n, k: n >= k),
        (SH.maxCount, "MaxCount", lambda n, k: n <= k),
    ):
        if (k := one(p)) is not None:
            checks.append(_count(int(k), comp, test))
    if (rule := one(SH.datatype)) is not None:
        checks.append(_each("Datatype", lambda d, f, v, r=str(rule): _datatype_ok(v, r)))
    for cls in g.objects(node, SH["class"]):
        checks.append(_each("Class", lambda d, f, v, k=nt(cls): d.has_class(v, k)))
    if (kind := one(SH.nodeKind)) is not None:
        checks.append(_each_in("NodeKind", frozenset(NODE_KINDS[kind])))
    if (pattern := one(SH.pattern)) is not None:
        flags = sum(_FLAGS.get(ch, 0) for ch in str(one(SH.flags) or ""))
        rx = re.compile(str(pattern), flags)
        checks.append(_each("Pattern", lambda d, f, v: v[0] != "_" and rx.search(text_of(v)) is not None))
    if (members := one(SH["in"])) is not None:
        allowed = frozenset(nt(t) for t in c.items(members))
        checks.append(_each_in("In", allowed))
    for value in g.objects(node, SH.hasValue):
        checks.append(
            lambda d, f, vs, x=nt(value): [] if x in vs else [(_C + "HasValueConstraintComponent", None, None)]
        )
    for p, comp, test in (
        (SH.minLength, "MinLength", lambda n, k: n >= k),
        (SH.maxLength, "MaxLength", lambda n, k: n <= k),
    ):
        if (k := one(p)) is not None:
            checks.append(_each(comp, lambda d, f, v, k=int(k), t=test: v[0] != "_" and t(len(text_of(v)), k)))
    ranges = (
        (SH.minInclusive, "MinInclusive", lambda v, b: v >= b),
        (SH.maxInclusive, "MaxInclusive", lambda v, b: v <= b),
        (SH.minExclusive, "MinExclusive", lambda v, b: v > b),
        (SH.maxExclusive, "MaxExclusive", lambda v, b: v < b),
    )
    for p, comp, test in ranges:
        if (b := one(p)) is not None:
            checks.append(_each(comp, lambda d, f, v, b=nt(b), t=test: _compare(v, b, t)))
    for p, comp in ((SH.lessThan, "LessThan"), (SH.lessThanOrEquals, "LessThanOrEquals")):
        for other in g.objects(node, p):
            checks.append(_pair_order(("pred", nt(other)), comp, p == SH.lessThan))
    for p, comp in ((SH.equals, "Equals"), (SH.disjoint, "Disjoint")):
        for other in g.objects(node, p):
            checks.append(_pair_set(("pred", nt(other)), comp))
    checks += _logical(c, node)
    if (shape := one(SH.qualifiedValueShape)) is not None:
        if one(SH.qualifiedValueShapesDisjoint) == Literal(True):
            raise UnsupportedShape("sh:qualifiedValueShapesDisjoint")
        checks.append(_qualified(c.shape(shape), one(SH.qualifiedMinCount), one(SH.qualifiedMaxCount)))
    for constraint in g.objects(node, SH.sparql):
        checks.append(_sparql(c, node, constraint))
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


def _each_in(comp: str, allowed: frozenset[str]):
    """sh:in and sh:nodeKind: membership tests, no call per value."""
    name = f"{_C}{comp}ConstraintComponent"

    def check(d: Data, f: str, vs: list[str]):
        for v in vs:
            if (v if comp == "In" else v[0]) not in allowed:
                return [(name, w, None) for w in vs if (w if comp == "In" else w[0]) not in allowed]
        return _NONE

    return check


def _pair_order(other: tuple[str, str], comp: str, strict: bool):
    name = f"{_C}{comp}ConstraintComponent"

    def check(d: Data, f: str, vs: list[str]):
        out = []
        for v in vs:
            for w in d.values(f, other):
                if "_" in (v[0], w[0]):
                    continue  # pySHACL raises here; our data has no blank nodes
                a: Any = text_of(v) if _is_str(v) else py_value(v)[0]
                b: Any = text_of(w) if _is_str(w) else py_value(w)[0]
                try:
                    ok = _is_str(v) == _is_str(w) and (a < b if strict else a <= b)
                except TypeError:
                    ok = False
                if not ok:
                    out.append((name, v, None))
        return out

    return check


def _pair_set(other: tuple[str, str], comp: str):
    name = f"{_C}{comp}ConstraintComponent"

    def check(d: Data, f: str, vs: list[str]):
        mine, theirs = set(vs), set(d.values(f, other))
        if comp == "Disjoint":
            return [(name, v, None) for v in vs if v in theirs]
        return [(name, v, None) for v in vs if v not in theirs] + [(name, w, None) for w in theirs if w not in mine]

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


def _qualified(shape, low, high):
    def check(d: Data, f: str, vs: list[str]):
        n = sum(1 for v in vs if run_shape(shape, d, v, None))
        out = []
        if high is not None and n > int(high):
            out.append((_C + "QualifiedMaxCountConstraintComponent", None, None))
        if low is not None and n < int(low):
            out.append((_C + "QualifiedMinCountConstraintComponent", None, None))
        return out

    return check


def _sparql(c: Compiler, shape_node, constraint):
    """A SHACL-SPARQL SELECT constraint (SHACL 5): run with ``$this`` substituted, one result per row."""
    g = c.g
    select = g.value(constraint, SH.select)
    if select is None or g.value(constraint, SH.deactivated) == Literal(True):
        raise UnsupportedShape(f"sh:sparql constraint {constraint.n3()} without sh:select")
    prefixes = []
    for holder in g.objects(constraint, SH.prefixes):
        for decl in g.objects(holder, SH.declare):
            prefixes.append(f"PREFIX {g.value(decl, SH.prefix)}: <{g.value(decl, SH.namespace)}>")
    query = "\n".join(prefixes) + "\n" + str(select)
    predicates = _predicates(query)
    messages = [
        str(m) for m in g.objects(constraint, SH.message) if isinstance(m, Literal) and m.language in (None, "en")
    ]
    node_shape = g.value(shape_node, SH.path) is None
    name = _C + "SPARQLConstraintComponent"

    def check(d: Data, f: str, vs: list[str]):
        if d.sparql_runner is None:
            raise UnsupportedShape("a SHACL-SPARQL constraint needs the graph in a SPARQL store")
        out = []
        for row in d.sparql_runner(query, f, predicates):
            if row.get("failure") == '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>':
                out.append((name, f if node_shape else None, {"__message__": messages[0] if messages else ""}))
                continue
            value = row.get("value") or (f if node_shape else None)
            bound = {k: v for k, v in row.items() if v is not None}
            if messages:
                bound["__message__"] = messages[0]
            out.append((name, value, bound))
        return out

    return check


def _predicates(query: str) -> frozenset[str] | None:
    """The predicates (N-Triples) the query's triple patterns use, or None if any is a variable or a path.

    Only triples with these predicates can match, so a graph copied into a
    scratch store for the query may leave the others out.
    """
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.term import URIRef, Variable

    found: set[str] = set()

    def walk(node) -> bool:
        if isinstance(node, dict) or hasattr(node, "items"):
            for key, value in node.items():
                if key == "triples":
                    for _, p, _ in value:
                        if not isinstance(p, URIRef) or isinstance(p, Variable):
                            return False
                        found.add(nt(p))
                elif not walk(value):
                    return False
        elif isinstance(node, (list, tuple)):
            return all(walk(x) for x in node)
        return True

    try:
        ok = walk(prepareQuery(query).algebra)
    except Exception:  # noqa: BLE001 - rdflib raises bare Exception for unknown prefixes; such a query still runs, on the whole graph
        return None
    return frozenset(found) if ok and found else None


def oxigraph_runner(store: ox.Store, graph: ox.NamedNode | None = None):
    """A ``sparql_runner`` for :class:`kg.validate.engine.Data`: the query on ``store`` (one graph of it), ``$this`` bound."""

    def run(query: str, focus: str, _predicates=None):
        this = ox.NamedNode(focus[1:-1]) if focus[0] == "<" else ox.BlankNode(focus[2:])
        result = store.query(query, substitutions={ox.Variable("this"): this}, default_graph=graph)
        if not isinstance(result, ox.QuerySolutions):
            raise ShapesError(f"a SHACL-SPARQL constraint must be a SELECT query, not: {query[:200]}")
        names = [v.value for v in result.variables]
        return [{n: (None if sol[n] is None else str(sol[n])) for n in names} for sol in result]

    return run


__all__ = ["compile_checks", "oxigraph_runner"]
