"""SHACL-SPARQL constraints (SHACL 5) for the fast engine: read, refuse what the spec forbids, pre-bind, run.

Pre-binding (SHACL 5.2.1) replaces every occurrence of ``$this`` (and
``$currentShape``, ``$shapesGraph``) by its value, in every group, FILTER and
BIND, so the query text itself is rewritten, token by token (strings, IRIs and
comments are never touched): ``$this`` becomes the focus node's IRI or literal,
and in a projection ``(<iri> AS ?this)``.  ``$PATH`` becomes the property
shape's path in SPARQL syntax (SHACL 5.3.1).  A blank-node focus node has
no SPARQL spelling, so such a query runs on rdflib with the node pre-bound,
as pySHACL does.

The spec's syntax rules for queries with pre-bound variables are enforced
when the shapes are read, and break them and the shapes graph is ill-formed
(:class:`kg.errors.ShapesError`, exit 2): no MINUS, SERVICE or VALUES, no
``AS ?this``, and a nested SELECT must project ``$this``.

>>> q = prepare_text("SELECT $this ?v WHERE { $this <urn:p> ?v . FILTER (?v != $this) }")
>>> q.bind('<urn:a>', None)
'SELECT (<urn:a> AS ?this) ?v WHERE { <urn:a> <urn:p> ?v . FILTER (?v != <urn:a>) }'
>>> prepare_text("SELECT $this WHERE { $this ?p ?o MINUS { $this ?p 1 } }")
Traceback (most recent call last):
...
kg.errors.ShapesError: SHACL-SPARQL query uses MINUS, which SHACL 5.2.1 forbids where variables are pre-bound (query: SELECT $this WHERE { $this ?p ?o MINUS { $this ?p 1 } })
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import ShapesError

#: one SPARQL token: comment, long string, string, IRI, variable, word (keyword / prefixed name / number), other
_TOKEN = re.compile(
    r"""(?P<ws>\s+)|(?P<comment>\#[^\n\r]*)
    |(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    |(?P<word>[\w\-.:%\\]*[\w:%](?:@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)?|[\w]+)
    |(?P<other>\^\^|&&|\|\||!=|<=|>=|.)""",
    re.X | re.S,
)
PREBOUND = frozenset({"this", "shapesGraph", "currentShape"})
SHAPES_GRAPH = "<urn:x-kg:shapes-graph>"


def tokenize(text: str) -> list[tuple[str, str]]:
    """``(kind, text)`` pairs that join back into ``text``."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        out.append((kind, m.group()))
    if sum(len(t) for _, t in out) != len(text):  # cannot happen: "other" matches any one character
        raise ShapesError(f"cannot read SHACL-SPARQL query: {text[:200]}")
    return out


def _keyword(token: tuple[str, str]) -> str:
    return token[1].upper() if token[0] == "word" else ""


@dataclass(frozen=True)
class Prepared:
    """A checked SELECT query of a SPARQL-based constraint, ready to be pre-bound per focus node."""

    text: str  # the query as written, with its PREFIX lines and $PATH already substituted
    tokens: tuple[tuple[str, str], ...]
    shapes_graph: bool  # uses $shapesGraph
    current_shape: str | None  # the value for $currentShape, if the query uses it

    def bind(self, this: str | None, extra: dict[str, str] | None = None) -> str:
        """The query text with ``$this`` (and ``$currentShape``, ``$shapesGraph``) replaced by SPARQL terms."""
        values = dict(extra or {})
        if this is not None:
            values["this"] = this
        if self.current_shape is not None:
            values["currentShape"] = self.current_shape
        if self.shapes_graph:
            values["shapesGraph"] = SHAPES_GRAPH
        out: list[str] = []
        projection, depth, ordering, selects = False, 0, False, 0
        skip = -1
        for i, (kind, text) in enumerate(self.tokens):
            if i <= skip:
                continue
            key = _keyword((kind, text))
            if key == "BOUND" and (end := _bound_of(self.tokens, i, values)) is not None:
                out.append("(true)")  # BOUND takes a variable; a pre-bound one is bound
                skip = end
                continue
            if key == "SELECT":
                projection, depth, selects = True, 0, selects + 1
            elif projection and (key == "WHERE" or text == "{"):
                projection = False
            elif key == "BY" and i and _previous_keyword(self.tokens, i) in ("GROUP", "ORDER"):
                ordering, depth = True, 0
            elif ordering and (text == "}" or key in ("LIMIT", "OFFSET", "HAVING", "ORDER")):
                ordering = False
            if text == "(":
                depth += 1
            elif text == ")":
                depth -= 1
            if kind == "var" and text[1:] in values:
                term = values[text[1:]]
                if projection and depth == 0:
                    # the outer query projects the value itself; a nested one projects it under a name of its
                    # own, used nowhere else (projecting ?this twice is an error, and nothing else may join on it)
                    name = text[1:] if selects == 1 else f"kg_prebound_{selects}_{text[1:]}"
                    text = f"({term} AS ?{name})"
                elif ordering and depth == 0:
                    text = f"({term})"
                else:
                    text = term
            out.append(text)
        return "".join(out)


def _bound_of(tokens: tuple[tuple[str, str], ...], i: int, values: dict[str, str]) -> int | None:
    """If tokens from ``i`` read ``BOUND ( $var )`` for a pre-bound variable, the index of the ``)``."""
    seen = []
    for j in range(i + 1, len(tokens)):
        if tokens[j][0] in ("ws", "comment"):
            continue
        seen.append(tokens[j])
        if len(seen) == 3:
            ok = seen[0][1] == "(" and seen[1][0] == "var" and seen[1][1][1:] in values and seen[2][1] == ")"
            return j if ok else None
    return None


def _previous_keyword(tokens: tuple[tuple[str, str], ...], i: int) -> str:
    for j in range(i - 1, -1, -1):
        if tokens[j][0] not in ("ws", "comment"):
            return _keyword(tokens[j])
    return ""


def prepare_text(query: str, *, path: str | None = None, current_shape: str | None = None, where: str = "") -> Prepared:
    """Check ``query`` against SHACL 5.2.1's rules and substitute ``$PATH`` (the shape's path in SPARQL syntax)."""
    tokens = tokenize(query)
    shown = " ".join(query.split())[:300]
    context = f"{where}SHACL-SPARQL query"

    def refuse(reason: str) -> ShapesError:
        return ShapesError(f"{context} {reason} (query: {shown})")

    meaningful = [t for t in tokens if t[0] not in ("ws", "comment")]
    keywords = [_keyword(t) for t in meaningful]
    for banned in ("MINUS", "SERVICE", "VALUES"):
        if banned in keywords:
            raise refuse(f"uses {banned}, which SHACL 5.2.1 forbids where variables are pre-bound")
    skip, first = 0, ""
    for key in keywords:  # past the prologue: PREFIX name: <iri>, BASE <iri>
        if skip:
            skip -= 1
        elif key in ("PREFIX", "BASE"):
            skip = 2 if key == "PREFIX" else 1
        else:
            first = key
            break
    if first != "SELECT":
        raise refuse("is not a SELECT query (sh:select holds a SELECT query, SHACL 5.1)")
    for i, key in enumerate(keywords):
        if key == "AS" and i + 1 < len(meaningful) and meaningful[i + 1][0] == "var":
            if meaningful[i + 1][1][1:] in PREBOUND:
                raise refuse(f"binds the pre-bound variable {meaningful[i + 1][1]} with AS, which SHACL 5.2.1 forbids")
        if key == "SELECT" and i and keywords.index("SELECT") != i:
            projected = set()
            for kind2, text2 in meaningful[i + 1 :]:
                if kind2 == "var":
                    projected.add(text2[1:])
                if _keyword((kind2, text2)) == "WHERE" or text2 == "{":
                    break
            if "this" not in projected:
                raise refuse("has a nested SELECT that does not project $this, which SHACL 5.2.1 requires")
    declared = {meaningful[i + 1][1].split(":")[0] for i, k in enumerate(keywords) if k == "PREFIX"}
    for kind, text in meaningful:
        if kind == "word" and ":" in text and not text.startswith("_:") and text.split(":")[0] not in declared:
            raise refuse(
                f"uses the prefix {text.split(':')[0] + ':'!r}, declared by no sh:declare of its sh:prefixes (nor of "
                "what they owl:import within the shapes graph: kg does not fetch imported documents); declare it"
            )
    uses = {t[1][1:] for t in meaningful if t[0] == "var"}
    if "PATH" in uses:
        if path is None:
            raise refuse("uses $PATH, which only a property shape's constraint may (SHACL 5.3.1)")
        tokens = [(k, path) if k == "var" and t[1:] == "PATH" else (k, t) for k, t in tokens]
    if "currentShape" in uses and current_shape is None:
        raise refuse("uses $currentShape on a blank-node shape")
    return Prepared(
        text="".join(t for _, t in tokens),
        tokens=tuple(tokens),
        shapes_graph="shapesGraph" in uses,
        current_shape=current_shape if "currentShape" in uses else None,
    )


def check_parses(prepared: Prepared, where: str = "") -> None:
    """Parse the query once (with ``$this`` still a variable), so a syntax error is a :class:`ShapesError` up front."""
    try:
        ox.Store().query(prepared.text)
    except SyntaxError as exc:
        shown = " ".join(prepared.text.split())[:300]
        raise ShapesError(f"{where}SHACL-SPARQL query does not parse: {exc} (query: {shown})") from exc


def oxigraph_runner(store: ox.Store, graph: ox.NamedNode | None = None):
    """Run a bound query (:meth:`Prepared.bind`) on ``store``: one dict per solution, terms in N-Triples spelling."""

    def run(query: str) -> list[dict[str, str | None]]:
        result = store.query(query, default_graph=graph) if graph is not None else store.query(query)
        if not isinstance(result, ox.QuerySolutions):
            raise ShapesError(f"a SHACL-SPARQL constraint must be a SELECT query, not: {query[:200]}")
        names = [v.value for v in result.variables]
        return [{n: (None if sol[n] is None else str(sol[n])) for n in names} for sol in result]

    return run


__all__ = ["PREBOUND", "SHAPES_GRAPH", "Prepared", "check_parses", "oxigraph_runner", "prepare_text"]
