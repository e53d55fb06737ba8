"""What the search index holds of one decision: its text, and the values it is filtered and counted by.

A row is made from the parsed decision where the build has it (in its
workers), so the index costs no SPARQL; every facet value is an IRI or a
key the graph also holds, and its label is what a researcher reads.

Besides the facets, a row keeps what the explorer's figures need without
reading the store: the council its authority resolves to (registry code and
type, as :mod:`kg.linking` writes them into the graph), its payments with the
kinds of injustice they remedy, and the *features* the graph commands compare
decisions by (:data:`kg.graph.corpus.KINDS`: what it cites, its fault,
injustice and remedy types, category and authority, each as the IRI the
graph holds, with the labels the graph gives them), so similar decisions are
found from the index as ``kg similar`` finds them from the store.

>>> from kg.resources import data_dir
>>> from kg.parse import parse_file
>>> row = index_row(parse_file(data_dir() / "decisions" / "lgsco-20-007-812.txt"))
>>> row.reference, row.year, str(row.total_payment), row.council, row.authority_type
('20 007 812', 2021, '800.00', 'WIL', 'unitary-authority')
>>> sorted(label for facet, _, label in row.items if facet == "provision")[:3]
['Children Act 1989', 'Children Act 1989 s17', 'Local Government Act 1974']
>>> [(n, str(p), kind) for n, p, kind in row.payments]  # a payment for two kinds of injustice is in both rows
[(1, '300.00', 'loss-of-opportunity'), (1, '300.00', 'time-and-trouble'), (4, '500.00', 'distress'), (4, '500.00', 'time-and-trouble')]
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kg.authorities import default_table
from kg.legislation import act_of, enclosing_provisions
from kg.linking import authority_iri
from kg.mapping import decision_iri
from kg.model import Decision, money
from kg.vocab import (
    AUTHORITY_TYPES,
    DEFAULT_BASE,
    FAULT_TYPES,
    INJUSTICE_TYPES,
    REMEDY_TYPES,
    category_key,
    concept,
)

#: The facets, in the order a page lists them, with their names for people
FACETS: dict[str, str] = {
    "authority": "Authority",
    "council": "Council (every name)",
    "authority_type": "Type of authority",
    "category": "Category",
    "subcategory": "Subcategory",
    "outcome": "Outcome",
    "year": "Year",
    "provision": "Provision cited",
    "fault_type": "Fault type",
    "injustice_type": "Injustice type",
    "remedy_type": "Remedy type",
    "payment": "Payment",
    "truncated": "Page",
}

#: Payment ranges: (key, label, lowest amount in the range); a decision with no payment is "none"
PAYMENT_RANGES: tuple[tuple[str, str, Decimal], ...] = (
    ("5000-", "£5,000 or more", Decimal(5000)),
    ("1000-4999", "£1,000 to £4,999", Decimal(1000)),
    ("500-999", "£500 to £999", Decimal(500)),
    ("1-499", "£1 to £499", Decimal("0.01")),
)

#: The kinds of feature a row keeps for similarity, as kg.graph.corpus reads them from a store ("area" is derived)
FEATURE_KINDS = ("provision", "fault", "injustice", "remedy", "category", "authority")


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One decision in the search index.

    ``items`` are its ``(facet, value, label)`` triples; ``features`` its ``(kind, IRI)`` similarity items and
    ``names`` the ``(IRI, label)`` labels its graph gives cited items and authorities; ``payments`` its
    ``(remedy number, amount, injustice type or None)`` payments agreed or recommended (one row per kind of
    injustice a payment remedies, as ``payments_by_injustice_type`` counts them)."""

    graph: str
    reference: str
    authority: str | None
    outcome: str | None
    date: str | None  # ISO
    year: int | None
    truncated: bool
    total_payment: Decimal | None
    summary: str
    text: str
    items: tuple[tuple[str, str, str], ...]
    authority_iri: str | None = None
    council: str | None = None  # registry code of the council the authority resolves to
    authority_type: str | None = None  # key of the authority-type scheme (councils and other bodies)
    remedied: bool = False  # a remedy the authority had already provided
    features: tuple[tuple[str, str], ...] = ()
    names: tuple[tuple[str, str], ...] = ()
    payments: tuple[tuple[int, Decimal, str | None], ...] = ()


def payment_range(total: Decimal | None) -> tuple[str, str] | None:
    """The payment facet's (key, label) for a decision's total; None when the total is unknown.

    >>> payment_range(Decimal("800")), payment_range(Decimal("0"))
    (('500-999', '£500 to £999'), ('none', 'No payment'))
    """
    if total is None:
        return None
    for key, label, low in PAYMENT_RANGES:
        if total >= low:
            return key, label
    return "none", "No payment"


def _provisions(d: Decision) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """Provision facet items (the cited provision, those enclosing it and its Act; guidance documents) and the
    labels the graph gives them."""
    items: list[tuple[str, str, str]] = []
    names: list[tuple[str, str]] = []
    for c in d.statutes:
        if not c.iri:
            continue
        items.append(("provision", c.iri, c.label))
        names.append((c.iri, c.label))
        act = act_of(c.iri)
        whole = act is not None and c.iri == act
        for iri, label in enclosing_provisions(c.iri, c.label, c.act):
            items.append(("provision", iri, label))
            names.append((iri, label))
        if act is not None and not whole and c.act:
            items.append(("provision", act, c.act))
            names.append((act, c.act))
    items += [("provision", g.iri, g.title) for g in d.guidance if g.iri]
    names += [(g.iri, g.title) for g in d.guidance if g.iri]
    return items, names


def _authority(d: Decision, base: str) -> tuple[str | None, str | None, str | None, list[tuple[str, str]]]:
    """(IRI, registry code, type key, labels) of the decision's authority, resolved as kg.linking resolves it."""
    if not d.authority:
        return None, None, None, []
    iri = str(authority_iri(d.authority, base))
    table = default_table()
    found = table.resolve(d.authority, d.decision_date)
    names = [(iri, d.authority)]
    if found.authority is None:
        return iri, None, found.body_type, names
    names += [(str(authority_iri(a.official_name, base)), a.official_name) for a in table.successors(found.authority)]
    return iri, found.authority.code, found.authority.type_key, names


def _payments(d: Decision) -> list[tuple[int, Decimal, str | None]]:
    kinds = {i.number: i.injustice_type for i in d.injustices}
    out: list[tuple[int, Decimal, str | None]] = []
    for r in d.payments:
        if r.status not in ("agreed", "recommended") or r.amount is None:
            continue
        value = money(r.amount * r.each)
        types = sorted({kinds[n] for n in r.remedies if n in kinds})
        out += [(r.number, value, t) for t in types] if types else [(r.number, value, None)]
    return out


def index_row(decision: Decision, base: str = DEFAULT_BASE) -> IndexRow:
    """The index row of a parsed decision."""
    d = decision
    items: list[tuple[str, str, str]] = []
    features: list[tuple[str, str]] = []
    a_iri, council, a_type, names = _authority(d, base)
    if d.authority and a_iri:
        items.append(("authority", a_iri, d.authority))
        features.append(("authority", a_iri))
    if council:
        items.append(("council", council, default_table().by_code[council].official_name))
    if a_type:
        items.append(("authority_type", a_type, AUTHORITY_TYPES.get(a_type, a_type)))
    if d.category:
        items.append(("category", category_key(d.category) or d.category, d.category))
        if d.subcategory:
            key = category_key(d.category, d.subcategory) or f"{d.category}/{d.subcategory}"
            items.append(("subcategory", key, f"{d.category} > {d.subcategory}"))
        key_ = category_key(d.category, d.subcategory) or category_key(d.category)
        if key_:
            features.append(("category", str(concept("category", key_))))
    if d.outcome:
        items.append(("outcome", d.outcome.lower().replace(" ", "-"), d.outcome))
    if d.decision_date:
        items.append(("year", str(d.decision_date.year), str(d.decision_date.year)))
    provisions, cited_names = _provisions(d)
    items += provisions
    names += cited_names
    features += [("provision", c.iri) for c in d.statutes if c.iri]
    features += [("provision", g.iri) for g in d.guidance if g.iri]
    items += [("fault_type", f.fault_type, FAULT_TYPES.get(f.fault_type, f.fault_type)) for f in d.faults]
    features += [("fault", str(concept("fault-type", f.fault_type))) for f in d.faults]
    items += [
        ("injustice_type", i.injustice_type, INJUSTICE_TYPES.get(i.injustice_type, i.injustice_type))
        for i in d.injustices
    ]
    features += [("injustice", str(concept("injustice-type", i.injustice_type))) for i in d.injustices]
    items += [("remedy_type", r.remedy_type, REMEDY_TYPES.get(r.remedy_type, r.remedy_type)) for r in d.remedies]
    features += [("remedy", str(concept("remedy-type", r.remedy_type))) for r in d.remedies]
    total = d.total_payment
    if (payment := payment_range(total)) is not None:
        items.append(("payment", *payment))
    truncated = not d.complete
    items.append(("truncated", "truncated" if truncated else "complete", "Cut short" if truncated else "Complete"))
    return IndexRow(
        graph=str(decision_iri(d, base)),
        reference=d.reference,
        authority=d.authority,
        outcome=d.outcome,
        date=d.decision_date.isoformat() if d.decision_date else None,
        year=d.decision_date.year if d.decision_date else None,
        truncated=truncated,
        total_payment=None if total is None else money(total),
        summary=d.summary.text if d.summary else "",
        text=d.text,
        items=tuple(sorted(set(items))),
        authority_iri=a_iri,
        council=council,
        authority_type=a_type,
        remedied=any(r.status == "already-provided" for r in d.remedies),
        features=tuple(sorted(set(features))),
        names=tuple(sorted(set(names))),
        payments=tuple(_payments(d)),
    )


__all__ = ["FACETS", "FEATURE_KINDS", "PAYMENT_RANGES", "IndexRow", "index_row", "payment_range"]
