"""Who a decision is about: the name on its title line resolved to a council of the local authority registry.

The table (``kg/data/authorities.csv``, derived from mySociety's *UK local authority names and codes*, CC BY 4.0:
see ``kg/data/ATTRIBUTION.md`` and ``tools/derive_authorities.py``) holds every English authority of the registry,
current and former: its registry code (``WIL``), official name, type, GSS code, dates, what replaced it, its
population (2020) and the spellings of its name that the rules below do not already derive.

A name resolves only on an exact match, never on likeness:

1. the name as written, without a trailing decision reference (``Cornwall Council (24 001 411a)``) or a leading
   "The", compared in one spelling (:func:`name_key`: case, ``&``/``and``, full stops, hyphens, ``Saint``/``St``);
2. else the name without the words that say what kind of council it is (``London Borough of …``, ``… LB``,
   ``… MBC``, ``… County Council``), when what is left is a name of exactly one council of a kind those words
   allow: ``Hackney LB`` is Hackney, a London borough; ``Wiltshire District Council`` is nothing (Wiltshire's
   council is a unitary authority, no district council);
3. two councils under one name (``Somerset``: the county council until 2023, Somerset Council since) are told
   apart by the decision date, if only one of them existed on it; else the name is *ambiguous*.

A name that matches no council is classified by what it says it is (a care provider, an NHS body, a school's
appeal panel, …: :data:`BODY_KINDS`) and left unlinked, or else reported as *unresolved*.

>>> r = resolve("Hackney LB")
>>> r.status, r.authority.code, r.authority.official_name, r.body_type
('council', 'HCK', 'London Borough of Hackney', 'london-borough')
>>> resolve("Sunnyfield Care Homes Ltd").status, resolve("Sunnyfield Care Homes Ltd").body_type
('not-a-council', 'care-provider')
>>> resolve("Wiltshire District Council").status
'unresolved'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from kg.authority_names import BODY_KINDS, TYPE_KEYS, body_kind, designated, name_key
from kg.resources import reference_file

#: the ONS linked-data identifier of a statistical geography (the area a GSS code names)
STATISTICAL_GEOGRAPHY = "http://statistics.data.gov.uk/id/statistical-geography/"
#: a record of the GOV.UK local-authority-eng register, the CURIE ``local-authority-eng:WIL`` expanded (retired 2021)
REGISTER_RECORDS = "https://local-authority-eng.register.gov.uk/records/"

#: the columns of kg/data/authorities.csv, in order
COLUMNS = (
    "code",
    "official_name",
    "nice_name",
    "type",
    "gss",
    "start_date",
    "end_date",
    "replaced_by",
    "population",
    "register",
    "variants",
)


@dataclass(frozen=True, slots=True)
class Authority:
    """One authority of the registry: a council (or combined authority) as a body, not its area."""

    code: str
    official_name: str
    nice_name: str
    type: str
    gss: str
    start: date | None = None
    end: date | None = None
    replaced_by: tuple[str, ...] = ()
    population: int | None = None
    register: str = ""
    variants: tuple[str, ...] = ()

    @property
    def type_key(self) -> str:
        """Its concept key in the authority-type scheme (``unitary-authority``)."""
        return TYPE_KEYS[self.type]

    @property
    def area_iri(self) -> str:
        """The ONS statistical geography its GSS code names: the area it governs, not the council."""
        return STATISTICAL_GEOGRAPHY + self.gss

    @property
    def register_iri(self) -> str | None:
        """The GOV.UK register's record of it, when the register minted its code (codes given since are not)."""
        return f"https://{self.register}.register.gov.uk/records/{self.code}" if self.register else None

    def existed_on(self, day: date) -> bool:
        """Whether it existed on ``day`` (both ends inclusive: the registry's end dates are written both ways)."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def row(self) -> tuple[str, ...]:
        """Its row of ``authorities.csv``."""
        return (
            self.code,
            self.official_name,
            self.nice_name,
            self.type,
            self.gss,
            self.start.isoformat() if self.start else "",
            self.end.isoformat() if self.end else "",
            " ".join(self.replaced_by),
            "" if self.population is None else str(self.population),
            self.register,
            "|".join(self.variants),
        )


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a name was resolved to.

    ``status`` is ``council`` (a current council of the registry), ``former-council`` (one abolished since),
    ``not-a-council`` (a body of a kind in :data:`BODY_KINDS`, left unlinked), ``ambiguous`` (two councils and
    no date to tell them apart: ``candidates``) or ``unresolved``.  ``body_type`` is the concept key of the
    authority-type scheme, for councils and other bodies alike; ``how`` says which rule matched.
    """

    name: str
    status: str
    authority: Authority | None = None
    body_type: str | None = None
    how: str = ""
    candidates: tuple[str, ...] = ()

    @property
    def linked(self) -> bool:
        return self.authority is not None


# --- the table and resolution --------------------------------------------------------------------------------


class AuthorityTable:
    """The registry's authorities, indexed by every spelling of their names."""

    def __init__(self, authorities: Iterable[Authority]) -> None:
        self.by_code: dict[str, Authority] = {}
        self.index: dict[str, set[str]] = {}
        for a in authorities:
            if a.code in self.by_code:
                raise ValueError(f"registry code {a.code} is in the table twice")
            if a.type not in TYPE_KEYS:
                raise ValueError(f"{a.code}: unknown registry type {a.type!r} (known: {', '.join(TYPE_KEYS)})")
            self.by_code[a.code] = a
            for name in (a.official_name, a.nice_name, *a.variants):
                self.index.setdefault(name_key(name), set()).add(a.code)
        for a in self.by_code.values():
            unknown = [c for c in a.replaced_by if c not in self.by_code]
            if unknown:
                raise ValueError(f"{a.code} is replaced by {', '.join(unknown)}, which the table does not hold")

    @classmethod
    def from_csv(cls, text: str) -> AuthorityTable:
        """A table from the text of ``authorities.csv``."""
        reader = csv.DictReader(io.StringIO(text))
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"authorities table columns are {reader.fieldnames}, expected {list(COLUMNS)}")

        def day(value: str) -> date | None:
            return date.fromisoformat(value) if value else None

        return cls(
            Authority(
                code=r["code"],
                official_name=r["official_name"],
                nice_name=r["nice_name"],
                type=r["type"],
                gss=r["gss"],
                start=day(r["start_date"]),
                end=day(r["end_date"]),
                replaced_by=tuple(r["replaced_by"].split()),
                population=int(r["population"]) if r["population"] else None,
                register=r["register"],
                variants=tuple(v for v in r["variants"].split("|") if v),
            )
            for r in reader
        )

    def to_csv(self) -> str:
        """The text of ``authorities.csv``: rows in code order, so a refresh diffs cleanly."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(self.by_code[c].row() for c in sorted(self.by_code))
        return out.getvalue()

    def __iter__(self) -> Iterator[Authority]:
        return iter(self.by_code.values())

    def __len__(self) -> int:
        return len(self.by_code)

    def successors(self, authority: Authority) -> list[Authority]:
        """The authorities that replaced ``authority``, then theirs, once each, nearest first."""
        seen: list[Authority] = []
        todo = list(authority.replaced_by)
        while todo:
            code = todo.pop(0)
            if all(s.code != code for s in seen) and code != authority.code:
                seen.append(self.by_code[code])
                todo += self.by_code[code].replaced_by
        return seen

    def resolve(self, name: str, on: date | None = None) -> Resolution:
        """Resolve ``name`` (as a decision's title line writes it) as it stood on ``on`` (the decision date)."""
        key = name_key(name)
        exact = self.index.get(key, set())
        if exact:
            return self._decide(name, exact, on, "name")
        found: set[str] = set()
        for core, allowed in designated(key):
            found |= {c for c in self.index.get(core, ()) if self.by_code[c].type in allowed}
        if found:
            return self._decide(name, found, on, "name and kind")
        kind = body_kind(name)
        if kind is not None:
            return Resolution(name, "not-a-council", body_type=kind, how="kind of body named")
        return Resolution(name, "unresolved")

    def _decide(self, name: str, codes: set[str], on: date | None, how: str) -> Resolution:
        if len(codes) > 1 and on is not None:
            existing = {c for c in codes if self.by_code[c].existed_on(on)}
            if len(existing) == 1:
                codes, how = existing, how + ", then decision date"
        if len(codes) > 1:
            return Resolution(name, "ambiguous", how=how, candidates=tuple(sorted(codes)))
        authority = self.by_code[next(iter(codes))]
        status = "former-council" if authority.end is not None else "council"
        return Resolution(name, status, authority, authority.type_key, how)


@cache
def default_table() -> AuthorityTable:
    """The table shipped with the package (``kg/data/authorities.csv``), read once."""
    return AuthorityTable.from_csv(reference_file("authorities.csv").read_text(encoding="utf-8"))


def resolve(name: str, on: date | None = None, table: AuthorityTable | None = None) -> Resolution:
    """Resolve ``name`` against ``table`` (the shipped one by default); see the module docstring for the rules."""
    return (table or default_table()).resolve(name, on)


__all__ = [
    "BODY_KINDS",
    "COLUMNS",
    "REGISTER_RECORDS",
    "STATISTICAL_GEOGRAPHY",
    "TYPE_KEYS",
    "Authority",
    "AuthorityTable",
    "Resolution",
    "body_kind",
    "default_table",
    "designated",
    "name_key",
    "resolve",
]
