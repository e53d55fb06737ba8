"""Named SPARQL queries: ``queries/*.rq``, run on any store with their parameters bound.

A named query is one ``snake_case.rq`` file.  Its header is the lines
starting ``#+`` (by convention the first lines of the file)::

    #+ summary: One line: what the query answers.
    #+ params: NAME (TYPE, required|optional) — DESCRIPTION
    #+ params: …one line per parameter; a query without parameters has none

``NAME`` is a SPARQL variable name; the description follows an em dash
(``—``) or ``--``.  ``TYPE`` says how the string a user gives becomes an RDF
term:

=================  =========================================================
``iri``            an absolute IRI, or ``prefix:local`` with a prefix of
                   ``kg.vocab.PREFIXES``; a legislation.gov.uk page URL
                   (``https://www.legislation.gov.uk/ukpga/1989/41/section/47``,
                   also ``…/enacted`` or ``…/2021-01-01``) becomes its identifier
                   (``http://www.legislation.gov.uk/id/ukpga/1989/41/section/47``)
``string``         a plain literal, as given
``integer``        ``xsd:integer``
``decimal``        ``xsd:decimal``; ``£`` and thousands commas are allowed
``date``           ``xsd:date`` from ``YYYY-MM-DD``
``reference``      a decision reference as a plain literal; ``20007812`` and
                   ``20-007-812`` become ``20 007 812``, a case letter is kept
                   (``18 006 895C`` becomes ``18 006 895c``)
``concept:SCHEME`` a concept of a ``kg.vocab`` scheme by key (``not-upheld``),
                   label (``Not upheld``) or IRI
=================  =========================================================

The body writes ``$NAME`` where the value goes and must project ``?NAME``
(Oxigraph substitutes only projected variables).  Values are *bound* as
RDF terms (:meth:`kg.store.Store.select`), never pasted into the text, so a
value cannot change what a query does.  An optional parameter left out
stays unbound: ``?d omb:outcome $outcome`` then matches every outcome.

>>> q = load_query("decisions_by_outcome")
>>> q.params[0].name, q.params[0].type, q.params[0].required
('outcome', 'concept:outcome', False)
>>> q.params[0].convert("Not upheld")
rdflib.term.URIRef('https://w3id.org/lgsco-kg/vocab/outcome/not-upheld')
>>> from kg.store import MemoryStore
>>> run(MemoryStore(), "decisions_by_outcome", {"outcome": "upheld"}).rows
()
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery

from kg.errors import KgError, NotFoundError, QueryParameterError
from kg.model import normalize_reference
from kg.resources import queries_dir
from kg.store import SelectResult, Store
from kg.vocab import LEGISLATION_ID, OMB_PREFIX, PREFIXES, SCHEMES, VOCAB, slug

__all__ = [
    "NO_DECISION",
    "PAGING",
    "NamedQuery",
    "Param",
    "TYPES",
    "bindings",
    "list_queries",
    "load_query",
    "page",
    "parse_query",
    "run",
]

TYPES = ("iri", "string", "integer", "decimal", "date", "reference", "concept:SCHEME")

_HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*\(\s*(?P<type>[\w:-]+)\s*,\s*(?P<req>required|optional)\s*\)"
    r"\s*(?:(?:—|--|–)\s*(?P<desc>.*))?$"
)
_PLACEHOLDER = re.compile(r"\$([A-Za-z_]\w*)")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
_LEGISLATION_PAGE = re.compile(
    r"^https?://(?:www\.)?legislation\.gov\.uk/(?!id/)(.+?)(?:/(?:contents|enacted|made|\d{4}-\d{2}-\d{2}))*/?$"
)


@dataclass(frozen=True, slots=True)
class Param:
    """One declared parameter of a named query."""

    name: str
    type: str
    required: bool
    description: str = ""

    def __str__(self) -> str:
        need = "required" if self.required else "optional"
        return f"{self.name} ({self.type}, {need})" + (f" — {self.description}" if self.description else "")

    def convert(self, value: str) -> URIRef | Literal:
        """The RDF term for a user's string; QueryParameterError if it is not a valid ``type``."""
        text = str(value).strip()
        try:
            return _CONVERTERS[self.type.split(":")[0]](text, self.type)  # type: ignore[return-value]
        except (ValueError, InvalidOperation) as e:
            raise QueryParameterError(f"parameter {self.name!r}: {e}") from None


def _iri(text: str, _type: str) -> URIRef:
    prefix, _, local = text.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        text = PREFIXES[prefix] + local
    page = _LEGISLATION_PAGE.match(text)
    if page:
        text = LEGISLATION_ID + page.group(1)
    if not _IRI.match(text):
        raise ValueError(f"{text!r} is not an absolute IRI (like http://www.legislation.gov.uk/id/ukpga/1989/41)")
    return URIRef(text)


def _integer(text: str, _type: str) -> Literal:
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError(f"{text!r} is not a whole number")
    return Literal(int(text))


def _decimal(text: str, _type: str) -> Literal:
    cleaned = text.lstrip("£").replace(",", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise ValueError(f"{text!r} is not a decimal number like 150 or 150.50")
    return Literal(Decimal(cleaned), datatype=XSD.decimal)


def _date(text: str, _type: str) -> Literal:
    try:
        return Literal(date.fromisoformat(text), datatype=XSD.date)
    except ValueError:
        raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _reference(text: str, _type: str) -> Literal:
    # anything else is bound as written (whitespace collapsed): it matches no decision, and says so by no rows
    return Literal(normalize_reference(text) or " ".join(text.split()))


def _concept(text: str, type_: str) -> URIRef:
    scheme = type_.partition(":")[2]
    concepts = SCHEMES[scheme][1]
    base = f"{VOCAB}{scheme}/"
    key = text[len(base) :] if text.startswith(base) else text
    if key not in concepts:
        by_label = {label.lower(): k for k, label in concepts.items()}
        key = by_label.get(key.lower(), slug(key))
    if key not in concepts:
        raise ValueError(f"{text!r} is not a concept of {scheme!r}; use one of: {', '.join(concepts)}")
    return VOCAB[f"{scheme}/{key}"]


_CONVERTERS = {
    "iri": _iri,
    "string": lambda text, _t: Literal(text),
    "integer": _integer,
    "decimal": _decimal,
    "date": _date,
    "reference": _reference,
    "concept": _concept,
}


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A query of ``queries/``: its file name without ``.rq``, header and SPARQL text."""

    name: str
    summary: str
    params: tuple[Param, ...]
    text: str
    path: Path | None = None

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise QueryParameterError(self._unknown(name))

    def _unknown(self, name: str) -> str:
        have = "; ".join(str(p) for p in self.params) or "none"
        return f"query {self.name!r} has no parameter {name!r}; its parameters: {have}"


def parse_query(text: str, name: str, path: Path | None = None) -> NamedQuery:
    """A :class:`NamedQuery` from the text of a ``.rq`` file; KgError naming the file if the header is wrong."""
    where = path or name
    summary, params = None, []
    for line in text.splitlines():
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.groups()
        if key == "summary":
            summary = value
        elif key == "params":
            p = _PARAM.match(value)
            if not p:
                raise KgError(
                    f"{where}: bad parameter line {value!r}; write "
                    "'#+ params: name (type, required|optional) — description'"
                )
            kind = p["type"]
            scheme = kind.partition(":")[2]
            if kind.split(":")[0] not in _CONVERTERS or (kind.startswith("concept") and scheme not in SCHEMES):
                raise KgError(
                    f"{where}: parameter {p['name']!r} has unknown type {kind!r}; "
                    f"types: {', '.join(TYPES)} (schemes: {', '.join(SCHEMES)})"
                )
            if p["name"] in PAGING:
                raise KgError(f"{where}: {p['name']!r} is a parameter of every named query (paging); rename it")
            params.append(Param(p["name"], kind, p["req"] == "required", (p["desc"] or "").strip()))
        else:
            raise KgError(f"{where}: unknown header '#+ {key}:'; headers are '#+ summary:' and '#+ params:'")
    if not summary:
        raise KgError(f"{where}: no '#+ summary: …' line; add one saying what the query answers")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    used, declared = set(_PLACEHOLDER.findall(body)), {p.name for p in params}
    if used != declared:
        raise KgError(
            f"{where}: placeholders {sorted(used)} and declared parameters {sorted(declared)} differ; "
            "declare every $name with '#+ params:' and use every declared one"
        )
    try:
        algebra = prepareQuery(text).algebra
    except Exception as e:
        raise KgError(f"{where}: SPARQL syntax error: {e}") from e
    projected = {str(v) for v in algebra.get("PV") or ()}
    if algebra.name == "SelectQuery" and algebra["p"].name == "Slice":
        raise KgError(
            f"{where}: a named query has no LIMIT or OFFSET of its own; callers page it with limit= and offset="
        )
    if algebra.name != "SelectQuery" or not declared <= projected:
        raise KgError(
            f"{where}: a named query is a SELECT that projects each parameter (missing: {sorted(declared - projected)})"
        )
    return NamedQuery(name, summary, tuple(params), text, path)


@lru_cache(maxsize=128)
def _load(path: Path, mtime: int) -> NamedQuery:
    return parse_query(path.read_text(encoding="utf-8"), path.stem, path)


def list_queries() -> list[NamedQuery]:
    """Every named query of ``queries/``, sorted by name."""
    return [load_query(p.stem) for p in sorted(queries_dir().glob("*.rq"))]


def load_query(name: str) -> NamedQuery:
    """The named query ``name`` (file ``queries/NAME.rq``); NotFoundError lists the names there are."""
    path = queries_dir() / f"{name}.rq"
    if not re.fullmatch(r"[a-z0-9_]+", name) or not path.is_file():
        names = ", ".join(p.stem for p in sorted(queries_dir().glob("*.rq")))
        raise NotFoundError(f"no named query {name!r} in {queries_dir()}; available: {names}")
    return _load(path, path.stat().st_mtime_ns)


def bindings(query: NamedQuery, params: dict[str, Any] | None) -> dict[str, URIRef | Literal]:
    """The typed RDF terms for ``params``; QueryParameterError for unknown, missing or malformed ones."""
    params = dict(params or {})
    for name in params:
        if name not in {p.name for p in query.params}:
            raise QueryParameterError(query._unknown(name))
    bound = {}
    for p in query.params:
        value = params.get(p.name)
        if value is None or str(value).strip() == "":
            if p.required:
                raise QueryParameterError(f"query {query.name!r} needs parameter {p}; give it as -p {p.name}=VALUE")
            continue
        bound[p.name] = p.convert(value)
    return bound


#: Finds a decision's IRI (which also names its graph) from its reference.
_FIND_DECISION = (
    OMB_PREFIX + "SELECT ?decision ?reference WHERE { GRAPH ?decision { ?decision omb:reference ?reference } }"
)
#: Bound when no decision has the reference: the query then answers nothing, at once.
NO_DECISION = URIRef("urn:x-lgsco-kg:no-such-decision")
_PROJECTS_DECISION = re.compile(r"^\s*SELECT\b[^{]*\?decision\b", re.I | re.M)


#: parameter names every named query takes (paging), so no query may declare them
PAGING = ("limit", "offset")


def page(limit: Any = None, offset: Any = None) -> tuple[int | None, int]:
    """``limit`` and ``offset`` as whole numbers (None: no limit), from ints or a user's strings.

    >>> page("100", "200"), page(None, None)
    ((100, 200), (None, 0))
    """
    out: list[int | None] = []
    for name, value in (("limit", limit), ("offset", offset)):
        if value is None or str(value).strip() == "":
            out.append(None)
            continue
        text = str(value).strip()
        if not re.fullmatch(r"\d{1,12}", text):
            raise QueryParameterError(f"{name}={text!r} is not a whole number of rows (0 or more)")
        out.append(int(text))
    return out[0], out[1] or 0


def run(
    store: Store,
    query: str | NamedQuery,
    params: dict[str, Any] | None = None,
    *,
    limit: int | str | None = None,
    offset: int | str | None = None,
) -> SelectResult:
    """Run a named query on ``store`` with ``params`` ({name: string}) converted and bound.

    ``limit`` and ``offset`` page the rows (in the query's ``ORDER BY``): checked as whole numbers
    and written as the query's ``LIMIT`` and ``OFFSET`` (SPARQL takes no variable there).

    A query about one decision (a ``reference`` parameter) that projects
    ``?decision`` gets the decision's IRI bound too, found first by its
    reference: Oxigraph then reads one named graph instead of planning the
    query over every decision (seconds to milliseconds on a 10,000-decision store).
    """
    q = load_query(query) if isinstance(query, str) else query
    bound = bindings(q, params)
    if "decision" not in bound and _PROJECTS_DECISION.search(q.text):
        refs = [bound[p.name] for p in q.params if p.type == "reference" and p.name in bound]
        if refs:
            found = store.select(_FIND_DECISION, {"reference": refs[0]})
            bound["decision"] = found.rows[0][0] if found.rows else NO_DECISION  # type: ignore[assignment]
    rows, start = page(limit, offset)
    text = q.text.rstrip() + (f"\nLIMIT {rows}" if rows is not None else "") + (f"\nOFFSET {start}" if start else "")
    return store.select(text, bound)
