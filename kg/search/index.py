"""The search index beside a store: full text (SQLite FTS5) and facets, kept by ``kg build``.

``DIR/kg-search.sqlite`` beside the Oxigraph data holds, per decision graph,
its text and summary (an FTS5 table, Porter-stemmed) and every facet value
(:data:`kg.search.rows.FACETS`).  The build writes a batch's rows after the
store has committed the batch, in one SQLite transaction, like the
manifest: the index may lag the store, never lead it, and a graph the index
lacks is rebuilt by the next build.

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
from kg.search.rows import FACETS, IndexRow

FILE_NAME = "kg-search.sqlite"
SORTS = ("relevance", "date", "-date", "payment", "-payment", "reference")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY, graph TEXT UNIQUE NOT NULL, reference TEXT NOT NULL, authority TEXT, outcome TEXT,
    date TEXT, year INTEGER, truncated INTEGER NOT NULL, total_pence INTEGER, summary TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    facet TEXT NOT NULL, value TEXT NOT NULL, doc INTEGER NOT NULL, label TEXT NOT NULL,
    PRIMARY KEY (facet, value, doc)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS items_doc ON items(doc);
CREATE INDEX IF NOT EXISTS docs_date ON docs(date);
CREATE INDEX IF NOT EXISTS docs_total ON docs(total_pence);
CREATE VIRTUAL TABLE IF NOT EXISTS texts USING fts5(summary, text, tokenize = 'porter unicode61');
"""
_ORDER = {
    "date": "d.date DESC, d.reference",
    "-date": "d.date ASC, d.reference",
    "payment": "d.total_pence DESC, d.reference",
    "-payment": "d.total_pence ASC, d.reference",
    "reference": "d.reference",
}
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
    outcome: str | None
    date: str | None
    total_payment: Decimal | None
    snippet: tuple[tuple[str, bool], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "graph": self.graph,
            "reference": self.reference,
            "authority": self.authority,
            "outcome": self.outcome,
            "decision_date": self.date,
            "total_payment_gbp": self.total_payment,
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
        try:
            if read_only:
                self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            else:
                self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
                self._db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" + _SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot open the search index {self.path}: {exc}; delete it and run `kg build` again to rebuild it"
            ) from exc

    @classmethod
    def of_store(cls, location: Path | None, read_only: bool = False) -> SearchIndex | None:
        """The index of a store directory (None for a store without one: memory, remote, or not built yet)."""
        if location is None or (read_only and not (Path(location) / FILE_NAME).is_file()):
            return None
        return cls(Path(location) / FILE_NAME, read_only)

    # --- writing ---------------------------------------------------------------------------------

    def replace(self, rows: Iterable[IndexRow], remove: Iterable[str] = ()) -> None:
        """Put ``rows`` in (replacing the rows of their graphs) and take the graphs in ``remove`` out, at once."""
        try:
            with self._db:
                self._db.execute("BEGIN")
                for graph in remove:
                    self._drop(graph)
                for row in rows:
                    self._drop(row.graph)
                    total = None if row.total_payment is None else int(row.total_payment * 100)
                    doc = self._db.execute(
                        "INSERT INTO docs (graph, reference, authority, outcome, date, year, truncated, total_pence, "
                        "summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            row.graph,
                            row.reference,
                            row.authority,
                            row.outcome,
                            row.date,
                            row.year,
                            int(row.truncated),
                            total,
                            row.summary,
                        ),
                    ).lastrowid
                    self._db.execute(
                        "INSERT INTO texts (rowid, summary, text) VALUES (?, ?, ?)", (doc, row.summary, row.text)
                    )
                    self._db.executemany(
                        "INSERT OR IGNORE INTO items VALUES (?, ?, ?, ?)",
                        [(facet, value, doc, label) for facet, value, label in row.items],
                    )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write the search index {self.path}: {exc}") from exc

    def _drop(self, graph: str) -> None:
        found = self._db.execute("SELECT id FROM docs WHERE graph = ?", (graph,)).fetchone()
        if found is not None:
            self._db.execute("DELETE FROM items WHERE doc = ?", found)
            self._db.execute("DELETE FROM texts WHERE rowid = ?", found)
            self._db.execute("DELETE FROM docs WHERE id = ?", found)

    # --- reading ---------------------------------------------------------------------------------

    def graphs(self) -> set[str]:
        """The decision graphs the index holds."""
        return {g for (g,) in self._db.execute("SELECT graph FROM docs")}

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM docs").fetchone()[0])

    def _where(
        self, query: str | None, filters: Mapping[str, Sequence[str]], but: str | None = None
    ) -> tuple[str, list[Any]]:
        clauses, args = [], []
        if query:
            clauses.append("d.id IN (SELECT rowid FROM texts WHERE texts MATCH ?)")
            args.append(query)
        for facet, values in sorted(filters.items()):
            if facet not in FACETS:
                raise InputError(f"no facet {facet!r}; facets: {', '.join(FACETS)}")
            values = [v for v in values if v]
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
        where, args = self._where(query, filters or {})
        total = self._db.execute(f"SELECT COUNT(*) FROM docs d WHERE {where}", args).fetchone()[0]
        if query:
            order = "rank, d.reference" if sort == "relevance" else _ORDER[sort]
            sql = (
                f"SELECT d.graph, d.reference, d.authority, d.outcome, d.date, d.total_pence, "
                f"snippet(texts, -1, '{_ON}', '{_OFF}', '…', 16) FROM texts JOIN docs d ON d.id = texts.rowid "
                f"WHERE texts MATCH ? AND {where} ORDER BY {order} LIMIT ? OFFSET ?"
            )
            rows = self._db.execute(sql, [query, *args, limit, offset]).fetchall()
        else:
            order = _ORDER["date" if sort == "relevance" else sort]
            sql = (
                f"SELECT d.graph, d.reference, d.authority, d.outcome, d.date, d.total_pence, d.summary "
                f"FROM docs d WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
            )
            rows = self._db.execute(sql, [*args, limit, offset]).fetchall()
        return Page(total, tuple(_hit(*r) for r in rows))

    def all(
        self,
        text: str | None = None,
        filters: Mapping[str, Sequence[str]] | None = None,
        sort: str = "relevance",
        size: int = 1000,
    ) -> Iterator[Hit]:
        """Every matching decision, in order, a page at a time (for downloads)."""
        offset = 0
        while True:
            page = self.search(text, filters, sort, size, offset)
            yield from page.hits
            offset += size
            if offset >= page.total or not page.hits:
                return

    def facets(
        self, text: str | None = None, filters: Mapping[str, Sequence[str]] | None = None, top: int = 30
    ) -> dict[str, list[tuple[str, str, int]]]:
        """For each facet, its ``(value, label, count)`` under every filter but its own, most frequent first."""
        query, filters = fts_query(text or ""), filters or {}
        out: dict[str, list[tuple[str, str, int]]] = {}
        for facet in FACETS:
            where, args = self._where(query, filters, but=facet)
            rows = self._db.execute(
                f"SELECT i.value, MIN(i.label), COUNT(*) AS n FROM items i JOIN docs d ON d.id = i.doc "
                f"WHERE i.facet = ? AND {where} GROUP BY i.value ORDER BY n DESC, MIN(i.label) LIMIT ?",
                [facet, *args, top],
            ).fetchall()
            out[facet] = [(value, label, n) for value, label, n in rows]
        return out

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _hit(
    graph: str,
    reference: str,
    authority: str | None,
    outcome: str | None,
    date: str | None,
    pence: int | None,
    snippet: str,
) -> Hit:
    parts: list[tuple[str, bool]] = []
    for k, piece in enumerate(re.split(f"[{_ON}{_OFF}]", " ".join(snippet.split()))):
        if piece:
            parts.append((piece, k % 2 == 1))
    total = None if pence is None else (Decimal(pence) / 100).quantize(Decimal("0.01"))
    return Hit(graph, reference, authority, outcome, date, total, tuple(parts))


__all__ = ["FILE_NAME", "SORTS", "Hit", "Page", "SearchIndex", "fts_query"]
