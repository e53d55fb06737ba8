"""SPARQL text, read without running it: the query form, its keywords, values bound into it.

Shared by the remote store (which binds values into the text a server
receives) and the HTTP endpoint (which needs the form of a query before
running it).

**Bound parameters.**  A remote server takes no substitutions, so
:meth:`RemoteStore.query` binds by adding a one-row ``VALUES`` block at the
start of the query's ``WHERE`` group and of every group that uses the variable
(groups are evaluated inside out: a ``FILTER`` in ``GRAPH ?g { … }`` must see
the value in its own group)::

    SELECT ?d WHERE { ?d omb:reference $reference }
    -> SELECT ?d WHERE { VALUES (?reference) { ("20 007 812") }
                         ?d omb:reference $reference }

The query text is tokenised (strings, IRIs and comments are skipped, never
edited), so a value is never pasted where SPARQL syntax goes.  Each value is
written as an N-Triples term by Oxigraph's serialiser, which escapes quotes,
backslashes and line breaks and refuses an IRI with ``>`` or spaces in it
(rdflib's ``.n3()`` writes ``\"\"\"long strings\"\"\"`` whose escaping has edge cases),
so a value cannot end the literal early:

>>> from rdflib import Literal
>>> bind_values('SELECT ?x WHERE { ?s ?p ?x }', {"x": Literal('x" } ; DROP ALL ; #')})
'SELECT ?x WHERE { VALUES (?x) { ("x\\\\" } ; DROP ALL ; #") }\\n ?s ?p ?x }'

A ``VALUES`` block joins with the rest of its group, which for a projected
variable (the rule :class:`kg.store.Store` enforces) gives the answers
Oxigraph's substitution gives locally; ``tests/test_remote.py`` checks every
named query both ways.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from rdflib import BNode
from rdflib.plugins.sparql import prepareQuery

from kg.errors import InputError
from kg.store.terms import Term
from kg.terms import nt_checked

__all__ = ["bind_values", "keywords", "ntriples", "projected", "query_form"]

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[A-Za-z_\u00c0-\uffff][\w\-.\u00b7\u00c0-\uffff]*)?:(?:[\w\-:%\u00b7\u00c0-\uffff]|\\.|\.(?=[\w\-:%]))*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>.)
""",
    re.X | re.S,
)

_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """``(kind, text, offset)`` for every token but white space and comments; words upper-cased."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        value = m.group()
        if kind == "string" and value[0] in "'\"" and len(value) == 1:
            kind = "other"  # an unterminated quote: leave it to the server's parser
        out.append((kind, value.upper() if kind == "word" else value, m.start()))
    return out


def query_form(text: str) -> str | None:
    """``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``, ``UPDATE`` or None (not SPARQL we can tell).

    >>> query_form("PREFIX a: <http://a/> # SELECT\\nASK { ?s a:p 'SELECT' }")
    'ASK'
    >>> query_form("insert data { <http://a> <http://b> 1 }")
    'UPDATE'
    """
    for kind, value, _ in _tokens(text):
        if kind != "word" or value in ("PREFIX", "BASE"):
            continue
        if value in _FORMS:
            return value
        return "UPDATE" if value in _UPDATE_WORDS else None
    return None


def keywords(text: str) -> set[str]:
    """The bare words of a query, upper-cased: keywords outside strings, IRIs, names and comments.

    >>> sorted(keywords('SELECT * FROM <http://x> { ?s ?service "SERVICE" } # SERVICE'))
    ['FROM', 'SELECT']
    """
    return {value for kind, value, _ in _tokens(text) if kind == "word"}


def ntriples(term: Term) -> str:
    """An rdflib term in N-Triples syntax (:func:`kg.terms.nt_checked`); InputError if it cannot be written.

    >>> from rdflib import Literal
    >>> ntriples(Literal("a\\nb"))
    '"a\\\\nb"'
    """
    if isinstance(term, BNode):
        raise InputError(f"cannot bind the blank node {term.n3()} on a remote store; bind an IRI or a literal")
    try:
        return nt_checked(term)
    except ValueError as e:
        raise InputError(f"cannot bind {e}; fix the value") from None


def bind_values(text: str, bindings: Mapping[str, Term]) -> str:
    """``text`` with a ``VALUES`` block for ``bindings`` opening its WHERE group and every group that uses them.

    Groups are evaluated inside out, so a ``FILTER`` on ``$x`` in a nested
    ``GRAPH ?g { … }`` must see the value in its own group; giving every group
    that mentions the variable the same one-row block binds it everywhere,
    as a substitution would.  CONSTRUCT templates and the data of existing
    ``VALUES`` blocks are left alone.
    """
    if not bindings:
        return text
    names = sorted(bindings)
    row = " ".join(ntriples(bindings[n]) for n in names)
    values = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}\n"
    toks = _tokens(text)
    close = _matching_braces(toks)
    wanted = set(names)
    skipped: set[int] = set()  # token indices inside a CONSTRUCT template or a VALUES data block
    top = None
    for i, (kind, value, _) in enumerate(toks):
        if kind != "word" or i in skipped:
            continue
        nxt = next((j for j in range(i + 1, len(toks)) if toks[j][1] == "{"), None)
        if value == "CONSTRUCT" and i + 1 < len(toks):
            if toks[i + 1][1] == "WHERE":
                raise InputError(
                    "cannot bind values in a CONSTRUCT WHERE { … } short form on a remote store; "
                    "write CONSTRUCT { template } WHERE { pattern }"
                )
            if toks[i + 1][1] == "{":
                skipped.update(range(i + 1, close.get(i + 1, len(toks) - 1) + 1))
        elif value == "VALUES" and nxt is not None:
            skipped.update(range(nxt, close.get(nxt, len(toks) - 1) + 1))
        if value in _FORMS and top is None:
            top = next(
                (
                    j
                    for j in range(i + 1, len(toks))
                    if toks[j][1] == "{" and toks[j][0] == "other" and j not in skipped
                ),
                None,
            )
    if top is None:
        raise InputError("cannot bind values: the query has no WHERE clause to bind them in")
    inserts: list[tuple[int, str]] = []
    for i, (kind, value, offset) in enumerate(toks):
        if kind != "other" or value != "{" or i in skipped or i not in close:
            continue
        first = toks[i + 1] if i + 1 < len(toks) else None
        opens_subselect = first is not None and first[0] == "word" and first[1] == "SELECT"
        uses = any(t[0] == "var" and t[1][1:] in wanted for t in toks[i + 1 : close[i]])
        if i == top and opens_subselect:  # WHERE { SELECT … }: wrap the sub-select in a group
            inserts += [(offset + 1, " " + values + "{"), (toks[close[i]][2], "} ")]
        elif i == top or (uses and not opens_subselect):
            inserts.append((offset + 1, " " + values))
    for at, piece in sorted(inserts, key=lambda x: x[0], reverse=True):
        text = text[:at] + piece + text[at:]
    return text


def _matching_braces(toks: list[tuple[str, str, int]]) -> dict[int, int]:
    stack, pairs = [], {}
    for i, (kind, value, _) in enumerate(toks):
        if kind == "other" and value == "{":
            stack.append(i)
        elif kind == "other" and value == "}" and stack:
            pairs[stack.pop()] = i
    return pairs


@lru_cache(maxsize=256)
def projected(sparql: str) -> tuple[str, frozenset[str]]:
    try:
        algebra = prepareQuery(sparql).algebra
    except Exception as e:
        raise InputError(f"SPARQL syntax error: {e}; check the query text") from e
    return algebra.name, frozenset(str(v) for v in algebra.get("PV") or ())
