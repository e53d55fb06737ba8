"""Facet counts in memory: every facet value's decisions as arrays, counted under filters with numpy.

Counting a facet in SQL reads every row of it that a filtered decision has:
at 50,000 decisions the provision facet alone holds about a million rows,
and each facet is counted under a different set of filters (all but its
own), so a page of facets cost seconds.  Here each facet is read once (one
row per value, its decisions as one string) into two flat arrays, decision
id and value number, and counting a facet under filters is one boolean
mask (the decisions every other filter allows) gathered over its rows and
one ``numpy.bincount``: milliseconds.  The index rebuilds the counter when it
changes.

>>> import sqlite3
>>> db = sqlite3.connect(":memory:")
>>> _ = db.executescript("CREATE TABLE docs (id INTEGER PRIMARY KEY); INSERT INTO docs VALUES (1), (2), (3);"
...     "CREATE TABLE items (facet, value, doc, label); INSERT INTO items VALUES ('outcome', 'upheld', 1, 'Upheld'),"
...     "('outcome', 'upheld', 2, 'Upheld'), ('outcome', 'not-upheld', 3, 'Not upheld'), ('year', '2021', 1, '2021'),"
...     "('year', '2022', 2, '2022'), ('year', '2022', 3, '2022')")
>>> _ = db.executescript("CREATE TABLE features (doc, kind, iri); CREATE TABLE names (iri, label, doc)")
>>> c = FacetCounter.read(db)
>>> c.facets(None, {"year": ["2022"]}, 10, ["outcome", "year"])
{'outcome': [('not-upheld', 'Not upheld', 1), ('upheld', 'Upheld', 1)], 'year': [('2022', '2022', 2), ('2021', '2021', 1)]}
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass
class _Facet:
    values: list[str]
    labels: list[str]
    docs: np.ndarray  # decision id of each row
    codes: np.ndarray  # value number of each row
    index: dict[str, int]


class FacetCounter:
    """Every facet's rows as arrays; :meth:`facets` counts them under filters.

    Besides the facets of the index, ``cites`` counts what decisions cite exactly (not the provisions
    enclosing it), labelled as the graph labels it."""

    def __init__(self, size: int, present: np.ndarray, facets: dict[str, _Facet]) -> None:
        self.size = size  # one more than the largest decision id
        self.present = present  # bool mask: ids that are decisions
        self._facets = facets

    @classmethod
    def read(cls, db: sqlite3.Connection) -> FacetCounter:
        ids = np.array([i for (i,) in db.execute("SELECT id FROM docs")], dtype=np.int64)
        size = int(ids.max()) + 1 if len(ids) else 1
        present = np.zeros(size, dtype=bool)
        present[ids] = True
        grouped: dict[str, tuple[list[str], list[str], list[np.ndarray]]] = {}
        rows = db.execute(
            "SELECT facet, value, MIN(label), GROUP_CONCAT(doc) FROM items GROUP BY facet, value ORDER BY facet, value"
        )
        names = dict(db.execute("SELECT iri, MIN(label) FROM names GROUP BY iri"))
        cited = db.execute(
            "SELECT 'cites', iri, NULL, GROUP_CONCAT(doc) FROM features WHERE kind = 'provision' GROUP BY iri"
        )
        for facet, value, label, docs in [*rows, *cited]:
            values, labels, postings = grouped.setdefault(facet, ([], [], []))
            values.append(value)
            labels.append(label if label is not None else names.get(value, value))
            postings.append(np.array(str(docs).split(","), dtype=np.int64))
        facets = {}
        for facet, (values, labels, postings) in grouped.items():
            lengths = np.fromiter((len(p) for p in postings), dtype=np.int64, count=len(postings))
            docs = np.concatenate(postings) if postings else np.zeros(0, dtype=np.int64)
            codes = np.repeat(np.arange(len(values), dtype=np.int64), lengths)
            facets[facet] = _Facet(values, labels, docs, codes, {v: k for k, v in enumerate(values)})
        return cls(size, present, facets)

    def single(self, facet: str) -> tuple[list[str], list[str], np.ndarray]:
        """(values, labels, value number of each decision id or -1) of a facet a decision has one value of."""
        f = self._facets.get(facet)
        of = np.full(self.size, -1, dtype=np.int64)
        if f is None:
            return [], [], of
        of[f.docs] = f.codes
        return f.values, f.labels, of

    def crosstab(
        self, docs: Sequence[int] | None, filters: Mapping[str, Sequence[str]], row: str, column: str
    ) -> list[tuple[str, str, int]]:
        """``(row value, column value, decisions)`` for two facets a decision has one value of, under filters."""
        allowed = self._allowed(docs, filters)
        rows, _, row_of = self.single(row)
        columns, _, column_of = self.single(column)
        keep = allowed & (row_of >= 0) & (column_of >= 0)
        width = max(len(columns), 1)
        counts = np.bincount(row_of[keep] * width + column_of[keep], minlength=len(rows) * width)
        return [(rows[k // width], columns[k % width], int(counts[k])) for k in np.nonzero(counts)[0].tolist()]

    def _allowed(self, docs: Sequence[int] | None, filters: Mapping[str, Sequence[str]]) -> np.ndarray:
        allowed = self.present.copy()
        if docs is not None:
            chosen = np.zeros(self.size, dtype=bool)
            ids = np.asarray(docs, dtype=np.int64)
            chosen[ids[ids < self.size]] = True
            allowed &= chosen
        for facet, values in filters.items():
            if values:
                allowed &= self.mask(facet, values)
        return allowed

    def mask(self, facet: str, values: Sequence[str]) -> np.ndarray:
        """The decisions having any of ``values`` of ``facet``."""
        out = np.zeros(self.size, dtype=bool)
        f = self._facets.get(facet)
        if f is None:
            return out
        wanted = np.zeros(len(f.values), dtype=bool)
        for v in values:
            if v in f.index:
                wanted[f.index[v]] = True
        out[f.docs[wanted[f.codes]]] = True
        return out

    def facets(
        self,
        docs: Sequence[int] | None,
        filters: Mapping[str, Sequence[str]],
        top: int | Mapping[str, int],
        only: Sequence[str],
    ) -> dict[str, list[tuple[str, str, int]]]:
        """Each facet of ``only`` counted over ``docs`` (None: all) under every filter but its own."""
        base = self.present.copy()
        if docs is not None:
            chosen = np.zeros(self.size, dtype=bool)
            ids = np.asarray(docs, dtype=np.int64)
            chosen[ids[ids < self.size]] = True
            base &= chosen
        masks = {f: self.mask(f, vs) for f, vs in filters.items() if vs}
        out: dict[str, list[tuple[str, str, int]]] = {}
        for facet in only:
            allowed = base.copy()
            for other, m in masks.items():
                if other != facet:
                    allowed &= m
            f = self._facets.get(facet)
            if f is None:
                out[facet] = []
                continue
            counts = np.bincount(f.codes[allowed[f.docs]], minlength=len(f.values))
            limit = top if isinstance(top, int) else top.get(facet, 30)
            found = np.nonzero(counts)[0]
            order = sorted(found.tolist(), key=lambda k: (-int(counts[k]), f.labels[k], f.values[k]))[:limit]
            out[facet] = [(f.values[k], f.labels[k], int(counts[k])) for k in order]
        return out


__all__ = ["FacetCounter"]
