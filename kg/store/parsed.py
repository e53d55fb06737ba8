"""A user's SPARQL read by a parser before anything runs it: its form, dataset, SERVICE calls, default-graph patterns.

Decisions about a query a user sent (refuse it? which dataset? which answer
format?) are taken on its *parse*, never on its text: a keyword scanner and a
SPARQL parser disagree about where a comment ends, a string starts or what a
``\\u`` escape means, and every disagreement is a way past the scanner.
Two parsers read the query in this project (rdflib's here, Oxigraph's or a
remote server's when it runs), so the text both read is first made one they
cannot read differently (:func:`normalise`):

* codepoint escapes (``\\u0053ERVICE``) are expanded here, as SPARQL 1.1
  (19.2) says, exactly four or eight hex digits (rdflib's own expansion
  reads ``\\u`` with eight, Oxigraph's with four); an expansion that writes
  another escape is refused;
* line ends are made line feeds: a comment ends at a carriage return for
  Oxigraph but runs on to the next line feed for rdflib, which is how
  ``#x<CR>SERVICE <…>`` hid a SERVICE from a scanner; a carriage return in a
  long string literal becomes a line feed too.

The normalised text is what the store is given.  The answer carries the
query form, its ``FROM`` / ``FROM NAMED`` graphs, whether any ``SERVICE``
pattern is in its algebra (anywhere: in ``EXISTS``, sub-queries, ``OPTIONAL``),
and whether its default-graph patterns could match triples that only a given
set of predicates and classes can make (:meth:`Parsed.touches`):

>>> p = parse("PREFIX ex: <http://x/> SELECT * FROM <http://g/1> WHERE { ?s ex:p ?o #x\\rSERVICE <http://127.0.0.1/> { } }")
>>> p.form, p.default_graphs, p.service
('SELECT', ('http://g/1',), True)
>>> parse("ASK { ?s ?p 'SERVICE' } # SERVICE <http://x/> {}").service
False
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rdflib import URIRef, Variable
from rdflib.namespace import RDF
from rdflib.paths import AlternativePath, InvPath, MulPath, Path, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from kg.errors import Forbidden, QuerySyntaxError
from kg.store.sparql import keywords, query_form

__all__ = ["Parsed", "normalise", "parse"]

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LEFT_ESCAPE = re.compile(r"\\[uU][0-9A-Fa-f]{4}")
_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


def normalise(text: str) -> str:
    """``text`` with codepoint escapes expanded and every line end a line feed: one text for every parser.

    >>> normalise("SELECT * WHERE { ?s ?p '\\\\u00e9' } #a\\r\\nb\\rc")
    "SELECT * WHERE { ?s ?p 'é' } #a\\nb\\nc"
    """

    def expand(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QuerySyntaxError(f"{m.group(0)} is not a Unicode code point; write the character itself")
        return chr(code)

    expanded = _ESCAPE.sub(expand, text)
    left = _LEFT_ESCAPE.search(expanded)
    if left:
        raise QuerySyntaxError(
            f"the query's escapes write another escape ({left.group(0)!r}); write the characters themselves"
        )
    return expanded.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class Parsed:
    """What a parser read in a query: ``text`` is the normalised text to run."""

    text: str
    form: str
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    service: bool
    projected: frozenset[str]
    _patterns: tuple[tuple[Any, Any], ...]  # (predicate, object) of each default-graph pattern; None: any triple

    @property
    def has_dataset(self) -> bool:
        """Whether the query names its own dataset (``FROM`` or ``FROM NAMED``)."""
        return bool(self.default_graphs or self.named_graphs)

    def touches(self, predicates: Iterable[str], classes: Iterable[str]) -> bool:
        """Whether a default-graph pattern could match a triple whose predicate is in ``predicates``
        (for ``rdf:type``: whose class is in ``classes``); a variable predicate, a negated or
        zero-length path, or DESCRIBE could match any triple."""
        preds, kinds = set(predicates), set(classes)
        return any(_may_match(p, o, preds, kinds) for p, o in self._patterns)


def parse(text: str) -> Parsed:
    """Read ``text``: Forbidden for an update, QuerySyntaxError when it does not parse."""
    if query_form(text) == "UPDATE":
        raise Forbidden("this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, DROP, …) is refused")
    return _parse(normalise(text))


@lru_cache(maxsize=256)
def _parse(text: str) -> Parsed:
    try:
        algebra = prepareQuery(text).algebra
    except Exception as e:  # pyparsing and rdflib raise many kinds: all the query's fault
        raise QuerySyntaxError(f"SPARQL syntax error: {e}; check the query text") from e
    default, named = [], []
    for clause in algebra["datasetClause"] if "datasetClause" in algebra and algebra["datasetClause"] else ():
        if "default" in clause:  # CompValue.get answers a missing key with the key itself
            default.append(str(clause["default"]))
        else:
            named.append(str(clause["named"]))
    nodes = list(_nodes(algebra))
    # a second gate on the same normalised text: the bare word SERVICE outside strings, IRIs and comments
    service = any(n.name == "ServiceGraphPattern" for n, _ in nodes) or "SERVICE" in keywords(text)
    patterns: list[tuple[Any, Any]] = []
    for node, in_graph in nodes:
        if not in_graph and node.name in ("BGP", "TriplesBlock"):
            patterns += [(t[1], t[2]) for t in node["triples"] if len(t) == 3] if "triples" in node else []
    form = _FORMS.get(algebra.name, algebra.name)
    if form == "DESCRIBE":
        patterns.append((None, None))  # a description reads every triple about its terms
    return Parsed(
        text=text,
        form=form,
        default_graphs=tuple(default),
        named_graphs=tuple(named),
        service=service,
        projected=frozenset(str(v) for v in algebra["PV"]) if "PV" in algebra else frozenset(),
        _patterns=tuple(patterns),
    )


def _nodes(value: Any, in_graph: bool = False) -> Iterator[tuple[CompValue, bool]]:
    """Every algebra (or unconverted parse) node under ``value``, with whether it lies inside ``GRAPH``."""
    if isinstance(value, CompValue):
        yield value, in_graph
        inner = in_graph or value.name in ("Graph", "GraphGraphPattern")
        for key, child in dict.items(value):
            if key != "datasetClause":
                yield from _nodes(child, inner)
    elif isinstance(value, (list, tuple)):
        for child in value:
            yield from _nodes(child, in_graph)


def _may_match(predicate: Any, obj: Any, predicates: set[str], classes: set[str]) -> bool:
    if isinstance(predicate, URIRef):
        if predicate == RDF.type and isinstance(obj, URIRef):
            return str(obj) in classes
        return str(predicate) in predicates
    if isinstance(predicate, (SequencePath, AlternativePath)):
        return any(_may_match(p, None, predicates, classes) for p in predicate.args)
    if isinstance(predicate, InvPath):
        return _may_match(predicate.arg, None, predicates, classes)
    if isinstance(predicate, MulPath) and predicate.mod == "+":
        return _may_match(predicate.path, None, predicates, classes)
    return predicate is None or isinstance(predicate, (Variable, Path, CompValue))
