"""The explorer's figures, read from the search index: no SPARQL, so an authority's scorecard or a provision's
page costs milliseconds at 50,000 decisions.

Every figure takes the same filters as a search (:meth:`SearchIndex.where`), so "this council" is
``{"council": ["WIL"]}`` (every name of the council) or ``{"authority": [IRI]}`` (one name as written).

* decisions by year and outcome, the uphold rate and the share already remedied (:meth:`Figures.summary`);
* payments by kind of injustice, with their median and total (:meth:`Figures.payments`);
* authorities side by side (:meth:`Figures.authorities`), to compare a council with its peers of one type;
* what is cited, and cited together (:meth:`Figures.cited`), without the jurisdiction boilerplate if asked;
* the rows a :class:`kg.graph.Corpus` is made of (:meth:`Figures.corpus_rows`), for similar decisions and
  recurring faults as the graph commands find them.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kg.legislation import BOILERPLATE, is_boilerplate
from kg.search.index import SearchIndex, fts_query

Filters = Mapping[str, Sequence[str]]


#: What "leave the jurisdiction boilerplate out" leaves out: the Local Government Act 1974 as a whole, its Part 3
#: and 3A (sections 23 to 34T: what the Ombudsman may investigate, and how), and Schedules 4, 5 and 5A (matters
#: excluded from investigation).  Nearly every decision cites them to say why it may or may not investigate.
def pounds(pence: float | int | None) -> Decimal | None:
    """Pence as exact pounds (a median may fall on a half penny).

    >>> pounds(30050), pounds(12.5), pounds(None)
    (Decimal('300.50'), Decimal('0.125'), None)
    """
    if pence is None:
        return None
    value = Decimal(str(pence)) / 100
    return value.quantize(Decimal("0.01")) if value == value.quantize(Decimal("0.01")) else value.normalize()


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts over a set of decisions.  ``investigated``: upheld or not upheld (a finding was made);
    ``remedied``: upheld decisions where the authority had already provided a remedy."""

    decisions: int
    upheld: int
    investigated: int
    remedied: int
    paid: Decimal  # payments agreed or recommended, where the total is known
    paying: int  # decisions with a payment

    @property
    def uphold_rate(self) -> float | None:
        return self.upheld / self.investigated if self.investigated else None

    @property
    def remedied_share(self) -> float | None:
        return self.remedied / self.upheld if self.upheld else None

    def to_json(self) -> dict[str, Any]:
        return {
            "decisions": self.decisions,
            "upheld": self.upheld,
            "investigated": self.investigated,
            "uphold_rate": self.uphold_rate,
            "already_remedied": self.remedied,
            "already_remedied_share": self.remedied_share,
            "payments_gbp": self.paid,
            "decisions_with_payment": self.paying,
        }


@dataclass(frozen=True, slots=True)
class Payments:
    """Payments for one kind of injustice (None: a payment tied to no injustice)."""

    injustice_type: str | None
    payments: int
    median: Decimal
    total: Decimal


@dataclass(frozen=True, slots=True)
class AuthorityFigures:
    """One council (by registry code) or, for a name that resolves to none, one authority as named."""

    key: str  # registry code, or the authority's IRI
    iri: str  # an authority IRI (the name with most decisions)
    name: str
    council: str | None
    authority_type: str | None
    summary: Summary


class Figures:
    """Figures over the decisions of a :class:`SearchIndex`."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.db = index.db

    def _where(self, filters: Filters, text: str | None = None) -> tuple[str, list[Any]]:
        return self.index.where(fts_query(text or ""), filters)

    def summary(self, filters: Filters, text: str | None = None) -> Summary:
        where, args = self._where(filters, text)
        row = self.db.execute(
            "SELECT COUNT(*), SUM(d.outcome = 'Upheld'), SUM(d.outcome IN ('Upheld', 'Not upheld')), "
            "SUM(d.outcome = 'Upheld' AND d.remedied), SUM(d.total_pence), SUM(d.total_pence > 0) "
            f"FROM docs d WHERE {where}",
            args,
        ).fetchone()
        return Summary(row[0], row[1] or 0, row[2] or 0, row[3] or 0, pounds(row[4] or 0) or Decimal(0), row[5] or 0)

    def by_year_and_outcome(self, filters: Filters) -> list[tuple[str, str, int]]:
        """``(year, outcome key, decisions)``, years in order."""
        docs = None if not filters else self.index.matching(None, filters)
        return sorted(self.index.counter().crosstab(docs, {}, "year", "outcome"))

    def by_year(self, filters: Filters) -> list[tuple[str, int]]:
        counts = self.index.facets(None, filters, top=1000, only=["year"])["year"]
        return sorted((value, n) for value, _, n in counts)

    def payments(self, filters: Filters) -> list[Payments]:
        """Payments agreed or recommended by kind of injustice, most money first (a payment for two kinds of
        injustice counts in both, as the named query ``payments_by_injustice_type`` counts it)."""
        where, args = self._where(filters)
        found: dict[str | None, list[int]] = {}
        sql = f"SELECT p.injustice_type, p.pence FROM payments p JOIN docs d ON d.id = p.doc WHERE {where}"
        for kind, pence in self.db.execute(sql, args):
            found.setdefault(kind, []).append(pence)
        out = [
            Payments(kind, len(v), pounds(statistics.median(v)) or Decimal(0), pounds(sum(v)) or Decimal(0))
            for kind, v in found.items()
        ]
        return sorted(out, key=lambda p: (-p.total, p.injustice_type or "~"))

    def authorities(self, filters: Filters | None = None, text: str | None = None) -> list[AuthorityFigures]:
        """Every authority with decisions matching ``filters``, a council's names together, most decisions first."""
        where, args = self._where(filters or {}, text)
        sql = (
            "SELECT COALESCE(d.council, d.authority_iri) AS k, d.authority_iri, d.authority, d.council, "
            "d.authority_type, COUNT(*), SUM(d.outcome = 'Upheld'), SUM(d.outcome IN ('Upheld', 'Not upheld')), "
            "SUM(d.outcome = 'Upheld' AND d.remedied), SUM(d.total_pence), SUM(d.total_pence > 0) "
            f"FROM docs d WHERE d.authority_iri IS NOT NULL AND {where} GROUP BY k, d.authority_iri"
        )
        groups: dict[str, list[tuple]] = {}
        for row in self.db.execute(sql, args):
            groups.setdefault(row[0], []).append(row)
        out = []
        for key, rows in groups.items():
            top = max(rows, key=lambda r: (r[5], r[2] or ""))
            sums = [sum(r[i] or 0 for r in rows) for i in range(5, 11)]
            summary = Summary(sums[0], sums[1], sums[2], sums[3], pounds(sums[4]) or Decimal(0), sums[5])
            out.append(AuthorityFigures(key, top[1], top[2] or key, top[3], top[4], summary))
        return sorted(out, key=lambda a: (-a.summary.decisions, a.name))

    def about(self, iri: str) -> tuple[str, str | None, str | None, int] | None:
        """``(name, council code, type, decisions)`` of an authority IRI as the index holds it (its most frequent
        resolution, when one name meant two councils on different dates); None if no decision names it."""
        row = self.db.execute(
            "SELECT MIN(authority), council, authority_type, COUNT(*) AS n FROM docs WHERE authority_iri = ? "
            "GROUP BY council, authority_type ORDER BY n DESC, council LIMIT 1",
            (iri,),
        ).fetchone()
        if row is None:
            return None
        total = self.db.execute("SELECT COUNT(*) FROM docs WHERE authority_iri = ?", (iri,)).fetchone()[0]
        return row[0], row[1], row[2], total

    def label(self, iri: str) -> str | None:
        """The least label the decisions' graphs give a cited IRI or authority (None if none does)."""
        row = self.db.execute("SELECT MIN(label) FROM names WHERE iri = ?", (iri,)).fetchone()
        return row[0] if row else None

    def names(self, council: str) -> list[tuple[str, str, int]]:
        """``(authority IRI, name as written, decisions)`` of every name of a council in the index."""
        return [
            (iri, name, n)
            for iri, name, n in self.db.execute(
                "SELECT authority_iri, MIN(authority), COUNT(*) FROM docs WHERE council = ? GROUP BY authority_iri "
                "ORDER BY COUNT(*) DESC, MIN(authority)",
                (council,),
            )
        ]

    def cited(
        self,
        filters: Filters,
        boilerplate: bool = True,
        top: int = 10,
        leave_out: Sequence[str] = (),
        text: str | None = None,
    ) -> list[tuple[str, str, int]]:
        """What the matching decisions cite (exactly: a subsection is not its section), most first:
        ``(IRI, label, decisions)``; ``boilerplate=False`` leaves the jurisdiction provisions out, ``leave_out``
        IRIs (and their parts)."""
        counts = self.index.facets(text, filters, top=1_000_000, only=["cites"])["cites"]
        out = []
        for iri, label, n in counts:
            if (not boilerplate and is_boilerplate(iri)) or any(iri == x or iri.startswith(x + "/") for x in leave_out):
                continue
            out.append((iri, label, n))
            if len(out) >= top:
                break
        return out

    # --- what kg.graph compares decisions by -------------------------------------------------------

    def corpus_rows(
        self, kinds: Sequence[str], filters: Filters | None = None
    ) -> tuple[list[tuple[str, str, str | None]], Iterator[tuple[str, str, str]], dict[str, str]]:
        """For a :class:`kg.graph.Corpus`: the decisions ``(graph, reference, ISO date)``, their features
        ``(graph, kind, IRI)`` of ``kinds``, and the least label the graphs give each feature's IRI."""
        where, args = self._where(filters or {})
        decisions = self.db.execute(f"SELECT d.graph, d.reference, d.date FROM docs d WHERE {where}", args).fetchall()
        marks = ", ".join("?" * len(kinds)) or "NULL"
        features = self.db.execute(
            f"SELECT d.graph, f.kind, f.iri FROM features f JOIN docs d ON d.id = f.doc "
            f"WHERE f.kind IN ({marks}) AND {where}",
            [*kinds, *args],
        )
        named = [k for k in ("provision", "authority") if k in kinds]
        marks = ", ".join("?" * len(named)) or "NULL"
        labels = dict(
            self.db.execute(
                "SELECT n.iri, MIN(n.label) FROM names n WHERE n.iri IN (SELECT f.iri FROM features f "
                f"JOIN docs d ON d.id = f.doc WHERE f.kind IN ({marks}) AND {where}) GROUP BY n.iri",
                [*named, *args],
            )
        )
        return decisions, features, labels


__all__ = ["BOILERPLATE", "AuthorityFigures", "Figures", "Payments", "Summary", "is_boilerplate", "pounds"]
