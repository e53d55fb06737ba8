"""What the search index holds of one decision: its text, and the values it is filtered and counted by.

A row is made from the parsed decision where the build has it (in its
workers), so the index costs no SPARQL; every facet value is an IRI or a
key the graph also holds, and its label is what a researcher reads.

>>> from kg.resources import data_dir
>>> from kg.parse import parse_file
>>> row = index_row(parse_file(data_dir() / "decisions" / "lgsco-20-007-812.txt"))
>>> row.reference, row.year, str(row.total_payment)
('20 007 812', 2021, '800.00')
>>> sorted(label for facet, _, label in row.items if facet == "provision")[:3]
['Children Act 1989 s17', 'Local Government Act 1974 Schedule 5', 'Local Government Act 1974 Schedule 5 para 1']
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kg.legislation import enclosing_provisions
from kg.mapping import authority_iri, decision_iri
from kg.model import Decision, money
from kg.vocab import DEFAULT_BASE, FAULT_TYPES, INJUSTICE_TYPES, REMEDY_TYPES, category_key

#: The facets, in the order a page lists them, with their names for people
FACETS: dict[str, str] = {
    "authority": "Authority",
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


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One decision in the search index; ``items`` are its ``(facet, value, label)`` triples."""

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


def index_row(decision: Decision, base: str = DEFAULT_BASE) -> IndexRow:
    """The index row of a parsed decision."""
    d = decision
    items: list[tuple[str, str, str]] = []
    if d.authority:
        items.append(("authority", str(authority_iri(d.authority, base)), d.authority))
    if d.category:
        items.append(("category", category_key(d.category) or d.category, d.category))
        if d.subcategory:
            key = category_key(d.category, d.subcategory) or f"{d.category}/{d.subcategory}"
            items.append(("subcategory", key, f"{d.category} > {d.subcategory}"))
    if d.outcome:
        items.append(("outcome", d.outcome.lower().replace(" ", "-"), d.outcome))
    if d.decision_date:
        items.append(("year", str(d.decision_date.year), str(d.decision_date.year)))
    for c in d.statutes:
        if c.iri:
            items.append(("provision", c.iri, c.label))
            items += [("provision", iri, label) for iri, label in enclosing_provisions(c.iri, c.label, c.act)]
    items += [("fault_type", f.fault_type, FAULT_TYPES.get(f.fault_type, f.fault_type)) for f in d.faults]
    items += [
        ("injustice_type", i.injustice_type, INJUSTICE_TYPES.get(i.injustice_type, i.injustice_type))
        for i in d.injustices
    ]
    items += [("remedy_type", r.remedy_type, REMEDY_TYPES.get(r.remedy_type, r.remedy_type)) for r in d.remedies]
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
    )


__all__ = ["FACETS", "PAYMENT_RANGES", "IndexRow", "index_row", "payment_range"]
