"""Which authority names resolve to a council and which do not: the report behind ``kg authorities``.

For a store, every name its decisions give their authority (the ``rdfs:label`` of each ``omb:authority``) is
resolved again with the table shipped now (:mod:`kg.authorities`), on each decision's date, and counted; a name
whose link in the store differs from today's resolution (a store built with an older table) says so, and
``kg build`` again brings it up to date.  Names can also be resolved as given, without a store.

>>> [(r.name, r.status, r.code) for r in resolve_names(["Hackney LB", "Ashgrove Borough Council"])]
[('Hackney LB', 'council', 'HCK'), ('Ashgrove Borough Council', 'unresolved', None)]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from rdflib import Literal

from kg.authorities import AuthorityTable, Resolution, default_table
from kg.store import Store
from kg.vocab import sparql_prefixes

#: statuses in the order a report lists them: what needs attention first
STATUSES = ("unresolved", "ambiguous", "not-a-council", "former-council", "council")

_NAMES = (
    sparql_prefixes("omb", "rdfs")
    + """SELECT ?name ?date ?stored (COUNT(DISTINCT ?decision) AS ?decisions)
WHERE {
  GRAPH ?decision { ?decision omb:authority ?authority . ?authority rdfs:label ?name }
  OPTIONAL { GRAPH ?decision { ?decision omb:decisionDate ?date } }
  OPTIONAL { GRAPH ?decision { ?authority omb:registryCode ?stored } }
}
GROUP BY ?name ?date ?stored
ORDER BY ?name ?date ?stored
"""
)


@dataclass(frozen=True, slots=True)
class Row:
    """One name (and what it resolved to), with the decisions that give it."""

    name: str
    status: str
    code: str | None = None
    official_name: str | None = None
    body_type: str | None = None
    gss: str | None = None
    decisions: int = 0
    first: date | None = None
    last: date | None = None
    note: str = ""

    def record(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "code": self.code,
            "official_name": self.official_name,
            "type": self.body_type,
            "gss": self.gss,
            "decisions": self.decisions,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "note": self.note,
        }


def _row(found: Resolution, table: AuthorityTable, **extra: Any) -> Row:
    a = found.authority
    notes = []
    if a is not None and a.end is not None:
        successors = ", ".join(s.official_name for s in table.successors(a) if s.end is None)
        notes.append(f"abolished {a.end.isoformat()}; replaced by {successors}")
    if found.candidates:
        notes.append("could be " + " or ".join(f"{table.by_code[c].official_name} ({c})" for c in found.candidates))
    own_note = extra.pop("note", "")
    if own_note:
        notes.append(own_note)
    return Row(
        name=found.name,
        status=found.status,
        code=a.code if a else None,
        official_name=a.official_name if a else None,
        body_type=found.body_type,
        gss=a.gss if a else None,
        note="; ".join(notes),
        **extra,
    )


def resolve_names(names: Iterable[str], on: date | None = None, table: AuthorityTable | None = None) -> list[Row]:
    """Each name resolved as given (on date ``on``, if any), in the order given."""
    table = table or default_table()
    return [_row(table.resolve(name, on), table) for name in names]


def authority_report(store: Store, table: AuthorityTable | None = None) -> list[Row]:
    """Every authority name of ``store``'s decisions, resolved on their dates; what needs attention first."""
    table = table or default_table()
    groups: dict[tuple[str, str, str | None], dict[str, Any]] = {}
    for name, day, stored, count in store.select(_NAMES).rows:
        when = day.toPython() if isinstance(day, Literal) and isinstance(day.toPython(), date) else None
        found = table.resolve(str(name), when)
        code = found.authority.code if found.authority else None
        group = groups.setdefault(
            (str(name), found.status, code), {"found": found, "decisions": 0, "days": [], "stale": set()}
        )
        group["decisions"] += int(count.toPython()) if isinstance(count, Literal) else 0
        group["days"] += [when] if when else []
        if (str(stored) if stored is not None else None) != code:
            group["stale"].add(str(stored) if stored is not None else "no link")
    rows = []
    for g in groups.values():
        stale = g["stale"]
        note = f"the store has {', '.join(sorted(stale))}: build again to update" if stale else ""
        days = g["days"]
        rows.append(
            _row(
                g["found"],
                table,
                decisions=g["decisions"],
                first=min(days) if days else None,
                last=max(days) if days else None,
                note=note,
            )
        )
    return sorted(rows, key=lambda r: (STATUSES.index(r.status), -r.decisions, r.name))


def summary(rows: Iterable[Row]) -> str:
    """One line: how many names and decisions, by status."""
    rows = list(rows)
    by = Counter[str]()
    for r in rows:
        by[r.status] += 1
    decisions = sum(r.decisions for r in rows)
    parts = [f"{by[s]} {_SAID[s][by[s] != 1]}" for s in STATUSES if by[s]]
    head = f"{len(rows)} name{'s' * (len(rows) != 1)}"
    if decisions:
        head += f" in {decisions} decision{'s' * (decisions != 1)}"
    return head + ": " + ", ".join(parts)


#: status -> (said of one, said of several)
_SAID = {
    "unresolved": ("did not resolve", "did not resolve"),
    "ambiguous": ("ambiguous", "ambiguous"),
    "not-a-council": ("not a council (left unlinked)", "not councils (left unlinked)"),
    "former-council": ("former council", "former councils"),
    "council": ("council", "councils"),
}


__all__ = ["STATUSES", "Row", "authority_report", "resolve_names", "summary"]
