"""The search index beside a store: full text (SQLite FTS5) and facets, kept by ``kg build``.

``DIR/kg-search.sqlite`` beside the Oxigraph data holds, per decision graph,
its text and summary (an FTS5 table, Porter-stemmed) and every facet value
(:data:`kg.search.rows.FACETS`).  The build writes a batch's rows after the
store has committed the batch, in one SQLite transaction, like the
manifest: the index may lag the store, never lead it, and a graph the index
lacks is rebuilt by the next build.  An index written by an older version
of the schema (``PRAGMA user_version``) is emptied when a build opens it, so
that build fills it again; read-only, it is refused with that advice.

Filters combine as researchers expect: values of one facet widen (OR),
different facets narrow (AND), and each facet's counts follow every filter
but its own, so the other values of a chosen facet stay visible.

>>> import tempfile, pathlib
>>> from kg.resources import data_dir
>>> from kg.parse import parse_file
>>> from kg.search.rows import index_row
>>> rows = [index_row(parse_file(p)) for p in sorted((data_dir() / "decisions").glob("*.txt"))]
>>> with tempfile.TemporaryDirectory() as d, SearchIndex(pathlib.Path(d) / "s.sqlite") as index:
...     index.replace(rows)
...     page = index.search("phone number", {"outcome": ["upheld"]})
...     (page.total, page.hits[0].reference, index.facets("", {})["outcome"])
(1, '20 007 812', [('upheld', 'Upheld', 2)])
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from kg.errors import InputError, StoreError
from kg.search.counts import FacetCounter
from kg.search.rows import FACETS, IndexRow

FILE_NAME = "kg-search.sqlite"
#: the version of the tables below; an index of another version is rebuilt by the next `kg build`
SCHEMA_VERSION = 2
#: sort orders: relevance (text searches; else newest first), date and payment both ways, reference
SORTS = ("relevance", "date", "-date", "payment", "-payment", "reference")
_TABLES = ("docs", "items", "features", "names", "payments", "texts")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY, graph TEXT UNIQUE NOT NULL, reference TEXT NOT NULL, authority TEXT, authority_iri TEXT,
    council TEXT, authority_type TEXT, outcome TEXT, date TEXT, year INTEGER, truncated INTEGER NOT NULL,
    remedied INTEGER NOT NULL, total_pence INTEGER, summary TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    facet TEXT NOT NULL, value TEXT NOT NULL, doc INTEGER NOT NULL, label TEXT NOT NULL,
    PRIMARY KEY (facet, value, doc)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS features (
    doc INTEGER NOT NULL, kind TEXT NOT NULL, iri TEXT NOT NULL, PRIMARY KEY (doc, kind, iri)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS names (
    iri TEXT NOT NULL, label TEXT NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (iri, label, doc)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS payments (
    doc INTEGER NOT NULL, remedy INTEGER NOT NULL, pence INTEGER NOT NULL, injustice_type TEXT);
CREATE INDEX IF NOT EXISTS items_doc ON items(doc);
CREATE INDEX IF NOT EXISTS names_doc ON names(doc);
CREATE INDEX IF NOT EXISTS payments_doc ON payments(doc);
CREATE INDEX IF NOT EXISTS docs_date ON docs(date);
CREATE INDEX IF NOT EXISTS docs_total ON docs(total_pence);
CREATE INDEX IF NOT EXISTS docs_council ON docs(council);
CREATE INDEX IF NOT EXISTS docs_authority ON docs(authority_iri);
CREATE INDEX IF NOT EXISTS docs_figures ON docs(authority_iri, council, authority_type, outcome, remedied, total_pence,
    authority);
CREATE VIRTUAL TABLE IF NOT EXISTS texts USING fts5(summary, text, tokenize = 'porter unicode61');
"""
_ORDER = {
    "date": "d.date DESC NULLS LAST, d.reference",
    "-date": "d.date ASC NULLS LAST, d.reference",
    "payment": "d.total_pence DESC NULLS LAST, d.reference",
    "-payment": "d.total_pence ASC NULLS LAST, d.reference",
    "reference": "d.reference",
}
_COLUMNS = "d.graph, d.reference, d.authority, d.authority_iri, d.outcome, d.date, d.total_pence, d.truncated"
#: marks around a matched term in a snippet (characters no decision text holds once parsed)
_ON, _OFF = "\x02", "\x03"
_TERM = re.compile(r'"([^"]*)"|(\S+)')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Hit:
    """One decision of a result page; ``snippet`` alternates plain and matched text: ``[(text, matched), …]``."""

    graph: str
    reference: str
    authority: str | None
    authority_iri: str | None
    outcome: str | None
    date: str | None
    total_payment: Decimal | None
    truncated: bool
    snippet: tuple[tuple[str, bool], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "decision_date": self.date,
            "authority": self.authority,
            "outcome": self.outcome,
            "total_payment_gbp": self.total_payment,
            "truncated": self.truncated,
            "decision": self.graph,
            "authority_iri": self.authority_iri,
            "snippet": "".join(text for text, _ in self.snippet),
        }


@dataclass(frozen=True, slots=True)
class Page:
    total: int
    hits: tuple[Hit, ...]


def fts_query(text: str) -> str | None:
    """A user's words as an FTS5 query: every word and "quoted phrase" must occur; no operator syntax.

    >>> fts_query('care "time and trouble" OR -x')
    '"care" "time and trouble" "OR" "-x"'
    >>> fts_query("   ") is None
    True
    """
    text = _CONTROL.sub(" ", text or "")  # FTS5 reads a NUL as the end of the string
    terms = [phrase or word for phrase, word in _TERM.findall(text)]
    terms = [t for t in (" ".join(t.split()) for t in terms) if t]
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms) or None


class SearchIndex:
    """The search index at ``path`` (created on first use unless ``read_only``)."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        try:
            if read_only:
                self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            else:
                self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
                self.db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            tables = {n for (n,) in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot open the search index {self.path}: {exc}; delete it and run `kg build` again to rebuild it"
            ) from exc
        if version != SCHEMA_VERSION and tables:
            if read_only:
                self.db.close()
                raise StoreError(
                    f"the search index {self.path} was written by another version of kg (schema {version}, "
                    f"this one reads {SCHEMA_VERSION}); run `kg build` into the store again to rebuild it"
                )
            with self.db:
                self.db.execute("BEGIN")
                for table in _TABLES:
                    self.db.execute(f"DROP TABLE IF EXISTS {table}")
        if not read_only:
            self.db.executescript(_SCHEMA + f"PRAGMA user_version = {SCHEMA_VERSION};")
        self._counter: FacetCounter | None = None

    @classmethod
    def of_store(cls, location: Path | str | None, read_only: bool = False) -> SearchIndex | None:
        """The index of a store directory (None for a store without one: memory, remote, or not built yet)."""
        if location is None or (read_only and not (Path(location) / FILE_NAME).is_file()):
            return None
        return cls(Path(location) / FILE_NAME, read_only)

    # --- writing ---------------------------------------------------------------------------------

    def replace(self, rows: Iterable[IndexRow], remove: Iterable[str] = ()) -> None:
        """Put ``rows`` in (replacing the rows of their graphs) and take the graphs in ``remove`` out, at once."""
        try:
            with self.db:
                self.db.execute("BEGIN")
                for graph in remove:
                    self._drop(graph)
                for row in rows:
                    self._insert(row)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write the search index {self.path}: {exc}") from exc
        self._counter = None

    def _insert(self, row: IndexRow) -> None:
        self._drop(row.graph)
        total = None if row.total_payment is None else int(row.total_payment * 100)
        doc = self.db.execute(
            "INSERT INTO docs (graph, reference, authority, authority_iri, council, authority_type, outcome, date, "
            "year, truncated, remedied, total_pence, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row.graph,
                row.reference,
                row.authority,
                row.authority_iri,
                row.council,
                row.authority_type,
                row.outcome,
                row.date,
                row.year,
                int(row.truncated),
                int(row.remedied),
                total,
                row.summary,
            ),
        ).lastrowid
        self.db.execute("INSERT INTO texts (rowid, summary, text) VALUES (?, ?, ?)", (doc, row.summary, row.text))
        self.db.executemany(
            "INSERT OR IGNORE INTO items VALUES (?, ?, ?, ?)", [(f, v, doc, lb) for f, v, lb in row.items]
        )
        self.db.executemany("INSERT OR IGNORE INTO features VALUES (?, ?, ?)", [(doc, k, i) for k, i in row.features])
        self.db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?, ?)", [(i, lb, doc) for i, lb in row.names])
        self.db.executemany(
            "INSERT INTO payments VALUES (?, ?, ?, ?)", [(doc, n, int(p * 100), t) for n, p, t in row.payments]
        )

    def _drop(self, graph: str) -> None:
        found = self.db.execute("SELECT id FROM docs WHERE graph = ?", (graph,)).fetchone()
        if found is not None:
            for table in ("items", "features", "names", "payments"):
                self.db.execute(f"DELETE FROM {table} WHERE doc = ?", found)
            self.db.execute("DELETE FROM texts WHERE rowid = ?", found)
            self.db.execute("DELETE FROM docs WHERE id = ?", found)

    # --- reading ---------------------------------------------------------------------------------

    def graphs(self) -> set[str]:
        """The decision graphs the index holds."""
        return {g for (g,) in self.db.execute("SELECT graph FROM docs")}

    def __len__(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM docs").fetchone()[0])

    def where(
        self, query: str | None, filters: Mapping[str, Sequence[str]], but: str | None = None
    ) -> tuple[str, list[Any]]:
        """The SQL condition on ``docs d`` for an FTS5 ``query`` and ``filters`` (leaving out facet ``but``)."""
        clauses, args = [], []
        if query:
            clauses.append("d.id IN (SELECT rowid FROM texts WHERE texts MATCH ?)")
            args.append(query)
        for facet, values in sorted(filters.items()):
            if facet not in FACETS:
                raise InputError(f"no facet {facet!r}; facets: {', '.join(FACETS)}")
            values = sorted({v for v in values if v})
            if facet == but or not values:
                continue
            clauses.append(
                f"d.id IN (SELECT doc FROM items WHERE facet = ? AND value IN ({', '.join('?' * len(values))}))"
            )
            args += [facet, *values]
        return (" AND ".join(clauses) or "1"), args

    def search(
        self,
        text: str | None = None,
        filters: Mapping[str, Sequence[str]] | None = None,
        sort: str = "relevance",
        limit: int = 20,
        offset: int = 0,
    ) -> Page:
        """The decisions matching ``text`` (every word) and ``filters``, sorted, one page of them."""
        if sort not in SORTS:
            raise InputError(f"unknown sort {sort!r}; use one of: {', '.join(SORTS)}")
        query = fts_query(text or "")
        filters = filters or {}
        if query is None and not any(v for v in filters.values()):
            total = len(self)
        else:
            where, args = self.where(query, filters)
            total = self.db.execute(f"SELECT COUNT(*) FROM docs d WHERE {where}", args).fetchone()[0]
        return Page(total, tuple(self._rows(query, filters, sort, limit, offset)))

    def _rows(self, query: str | None, filters: Mapping[str, Sequence[str]], sort: str, limit: int, offset: int):
        if query:
            where, args = self.where(None, filters)
            order = "texts.rank, d.reference" if sort == "relevance" else _ORDER[sort]
            sql = (
                f"SELECT {_COLUMNS}, snippet(texts, -1, '{_ON}', '{_OFF}', '…', 16) FROM texts "
                f"JOIN docs d ON d.id = texts.rowid WHERE texts MATCH ? AND {where} ORDER BY {order} LIMIT ? OFFSET ?"
            )
            rows = self.db.execute(sql, [query, *args, limit, offset]).fetchall()
        else:
            where, args = self.where(None, filters)
            order = _ORDER["date" if sort == "relevance" else sort]
            sql = f"SELECT {_COLUMNS}, d.summary FROM docs d WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
            rows = self.db.execute(sql, [*args, limit, offset]).fetchall()
        return (_hit(*r) for r in rows)

    def all(
        self,
        text: str | None = None,
        filters: Mapping[str, Sequence[str]] | None = None,
        sort: str = "relevance",
        size: int = 1000,
    ) -> Iterator[Hit]:
        """Every matching decision, in order, a page at a time (for downloads)."""
        query, filters = fts_query(text or ""), filters or {}
        offset = 0
        while True:
            hits = list(self._rows(query, filters, sort, size, offset))
            yield from hits
            offset += size
            if len(hits) < size:
                return

    def counter(self) -> FacetCounter:
        """Every facet value of every decision, in memory, for counting (read once, until the index changes)."""
        if self._counter is None:
            self._counter = FacetCounter.read(self.db)
        return self._counter

    def matching(self, text: str | None, filters: Mapping[str, Sequence[str]] | None = None) -> list[int] | None:
        """The ids of the decisions matching ``text`` and ``filters`` (None: every decision)."""
        query, filters = fts_query(text or ""), filters or {}
        if query is None and not any(v for v in filters.values()):
            return None
        where, args = self.where(query, filters)
        return [i for (i,) in self.db.execute(f"SELECT d.id FROM docs d WHERE {where}", args)]

    def facets(
        self,
        text: str | None = None,
        filters: Mapping[str, Sequence[str]] | None = None,
        top: int | Mapping[str, int] = 30,
        only: Sequence[str] | None = None,
    ) -> dict[str, list[tuple[str, str, int]]]:
        """For each facet (of ``only``, else all), its ``(value, label, count)`` under every filter but its own,
        most frequent first; ``top`` values of each (a number, or one per facet)."""
        filters = {k: [v for v in vs if v] for k, vs in (filters or {}).items()}
        for facet in [*filters, *(only or ())]:
            if facet not in FACETS and (facet != "cites" or facet in filters):
                raise InputError(f"no facet {facet!r}; facets: {', '.join(FACETS)}")
        query = fts_query(text or "")
        counter = self.counter()
        texts = None if query is None else self._text_docs(query)
        return counter.facets(texts, filters, top, only or list(FACETS))

    def _text_docs(self, query: str) -> list[int]:
        return [i for (i,) in self.db.execute("SELECT rowid FROM texts WHERE texts MATCH ?", (query,))]

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _hit(
    graph: str,
    reference: str,
    authority: str | None,
    authority_iri: str | None,
    outcome: str | None,
    date: str | None,
    pence: int | None,
    truncated: int,
    snippet: str,
) -> Hit:
    parts: list[tuple[str, bool]] = []
    for k, piece in enumerate(re.split(f"[{_ON}{_OFF}]", " ".join(snippet.split()))):
        if piece:
            parts.append((piece, k % 2 == 1))
    total = None if pence is None else (Decimal(pence) / 100).quantize(Decimal("0.01"))
    return Hit(graph, reference, authority, authority_iri, outcome, date, total, bool(truncated), tuple(parts))


__all__ = ["FILE_NAME", "SCHEMA_VERSION", "SORTS", "Hit", "Page", "SearchIndex", "fts_query"]
