"""The plain model of a decision: frozen dataclasses, no rdflib.

The parser produces these; the mapping turns them into RDF; ``kg parse
--json`` prints :func:`to_json` of them.  Every extracted item carries a
:class:`Span`: the exact characters of the source it came from, their
offsets, and the number of the paragraph they sit in.

Numbers (``Fault.number`` and so on) count from 1 in document order and are
what the mapping uses for IRIs (``…/fault/1``), so the same text always gives
the same identifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

#: A decision reference as people write it: two, three and three ASCII digits, spaced, hyphenated or run
#: together, then an optional case letter (joint health and social care cases: "18 006 895c")
_REFERENCE = re.compile(r"\s*([0-9]{2})[ \u00a0-]*([0-9]{3})[ \u00a0-]*([0-9]{3})([A-Za-z]?)\s*")


def normalize_reference(text: str) -> str | None:
    """The one spelling of a decision reference, ``NN NNN NNN`` plus a lower-case case letter; None if not one.

    The parser, the named queries' ``reference`` parameters and the graph
    commands all use this, so "20-007-812", "20007812" and "20 007 812" find the
    same decision and a case letter is never lost:

    >>> normalize_reference("20-007-812"), normalize_reference(" 20007812 "), normalize_reference("24 020 611B")
    ('20 007 812', '20 007 812', '24 020 611b')
    >>> normalize_reference("99 999 999 999") is None, normalize_reference("٢٠ ٠٠٧ ٨١٢") is None
    (True, True)
    """
    m = _REFERENCE.fullmatch(str(text))
    if m is None:
        return None
    return f"{m[1]} {m[2]} {m[3]}{m[4].lower()}"


#: Money is exact: amounts are Decimals with two places, printed in JSON as numbers (``300.00``)
PENCE = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    """An amount in pounds with exactly two places.

    >>> money(Decimal("300")), money(Decimal("12.5"))
    (Decimal('300.00'), Decimal('12.50'))
    """
    return value.quantize(PENCE)


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``text == source[start:end]`` in paragraph ``paragraph`` (1-based; None outside numbered paragraphs)."""

    start: int
    end: int
    text: str
    paragraph: int | None = None
    section: str | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"span offsets out of order: {self.start}..{self.end}")
        if self.end - self.start != len(self.text):
            raise ValueError(f"span {self.start}..{self.end} does not match its {len(self.text)}-character text")


@dataclass(frozen=True, slots=True)
class ComplaintPoint:
    """One point of complaint as the decision lists it."""

    number: int
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Finding:
    """A finding on a complaint point: ``kind`` is a key of ``kg.vocab.FINDING_KINDS``."""

    number: int
    kind: str
    span: Span
    point: int | None = None


@dataclass(frozen=True, slots=True)
class Fault:
    """A fault found: ``fault_type`` is a key of ``kg.vocab.FAULT_TYPES``; ``finding`` the number of the finding that establishes it."""

    number: int
    fault_type: str
    span: Span
    finding: int | None = None
    point: int | None = None


@dataclass(frozen=True, slots=True)
class Injustice:
    """An injustice: ``injustice_type`` is a key of ``kg.vocab.INJUSTICE_TYPES``; ``caused_by`` lists fault numbers."""

    number: int
    injustice_type: str
    span: Span
    caused_by: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Remedy:
    """A remedy agreed, recommended or already provided.

    ``remedy_type`` is a key of ``kg.vocab.REMEDY_TYPES``, ``status`` of
    ``kg.vocab.REMEDY_STATUSES``; ``amount`` is in GBP and set only for
    payments; ``remedies`` lists injustice numbers.
    """

    number: int
    remedy_type: str
    status: str
    span: Span
    amount: Decimal | None = None
    payee: str | None = None
    purpose: str | None = None
    deadline: str | None = None
    remedies: tuple[int, ...] = ()
    each: int = 1  # "£250 each" to two people: amount 250, each 2


@dataclass(frozen=True, slots=True)
class Citation:
    """A statute provision cited, with every place the decision cites it.

    ``iri`` is a legislation.gov.uk identifier, or None when the parser is
    not sure which provision is meant; ``text`` is the citation's own words
    at its first occurrence.
    """

    act: str | None
    provision: str | None
    iri: str | None
    text: str
    label: str
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class GuidanceCitation:
    """A guidance document cited (the Ombudsman's own, or statutory guidance)."""

    title: str
    iri: str
    text: str
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Decision:
    """Everything the parser found in one decision; None where the text does not say."""

    reference: str
    source_name: str
    sha256: str
    text: str
    authority: str | None = None
    category: str | None = None
    subcategory: str | None = None
    outcome: str | None = None
    decision_date: date | None = None
    kind: str = "statement"
    summary: Span | None = None
    complainant: str | None = None
    complete: bool = False
    complaint_points: tuple[ComplaintPoint, ...] = ()
    findings: tuple[Finding, ...] = ()
    faults: tuple[Fault, ...] = ()
    injustices: tuple[Injustice, ...] = ()
    remedies: tuple[Remedy, ...] = ()
    statutes: tuple[Citation, ...] = ()
    guidance: tuple[GuidanceCitation, ...] = ()
    assessment_reason: str | None = None
    assessment_span: Span | None = None
    assessment_stage: bool = False  # closed at assessment: no investigation, so no findings
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def slug(self) -> str:
        """The reference as used in IRIs and URLs: ``20 007 812`` -> ``20-007-812``."""
        return self.reference.replace(" ", "-").lower()

    @property
    def payments(self) -> tuple[Remedy, ...]:
        return tuple(r for r in self.remedies if r.remedy_type == "payment" and r.amount is not None)

    @property
    def total_payment(self) -> Decimal | None:
        """Sum of the payments agreed or recommended; 0 for a complete decision with none; None if unknown."""
        pays = [r.amount * r.each for r in self.payments if r.status in ("agreed", "recommended")]
        if pays:
            return sum(pays, Decimal(0))
        return Decimal(0) if self.complete else None


def _span(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"paragraph": span.paragraph, "start": span.start, "end": span.end, "text": span.text}


def to_json(d: Decision) -> dict[str, Any]:
    """The stable ``kg parse --json`` object for a decision (see DESIGN.md).

    Amounts are :class:`~decimal.Decimal` with two places; :func:`kg.jsontext.dumps`
    prints them as JSON numbers (``300.00``), never through a float.
    """
    fault_found: bool | None
    if d.assessment_stage:
        fault_found = None
    elif d.faults:
        fault_found = True
    elif d.findings:
        fault_found = False
    else:
        fault_found = None
    injustice_found = True if d.injustices else (False if d.faults and d.complete else None)
    if d.assessment_stage:
        injustice_found = None
    has_apology = any(r.remedy_type == "apology" for r in d.remedies)
    apology = True if has_apology else (False if d.complete else None)
    amounts: list[Decimal] = []
    for r in d.payments:
        if r.status in ("agreed", "recommended") and money(r.amount) not in amounts:
            amounts.append(money(r.amount))
    total = d.total_payment
    return {
        "reference": d.reference,
        "source": d.source_name,
        "sha256": d.sha256,
        "authority": d.authority,
        "category": d.category,
        "subcategory": d.subcategory,
        "outcome": d.outcome,
        "decision_date": d.decision_date.isoformat() if d.decision_date else None,
        "kind": d.kind,
        "summary": d.summary.text if d.summary else None,
        "assessment_reason": d.assessment_reason,
        "complainant": d.complainant,
        "fault_found": fault_found,
        "injustice_found": injustice_found,
        "apology": apology,
        "payments_gbp": amounts,
        "total_payment_gbp": None if total is None else money(total),
        "statutes": [
            {"act": c.act, "provision": c.provision, "iri": c.iri, "text": c.text, "label": c.label}
            for c in d.statutes
        ],
        "guidance": [{"title": g.title, "iri": g.iri, "text": g.text} for g in d.guidance],
        "complaint_points": [{"number": p.number, "text": p.text, "paragraph": p.span.paragraph} for p in d.complaint_points],
        "findings": [
            {"number": f.number, "kind": f.kind, "point": f.point, "evidence": _span(f.span)} for f in d.findings
        ],
        "faults": [
            {"number": f.number, "fault_type": f.fault_type, "point": f.point, "evidence": _span(f.span)}
            for f in d.faults
        ],
        "injustices": [
            {"number": i.number, "injustice_type": i.injustice_type, "caused_by": list(i.caused_by), "evidence": _span(i.span)}
            for i in d.injustices
        ],
        "remedies": [
            {
                "number": r.number,
                "type": r.remedy_type,
                "status": r.status,
                "amount_gbp": None if r.amount is None else money(r.amount),
                "each": r.each,
                "payee": r.payee,
                "purpose": r.purpose,
                "deadline": r.deadline,
                "remedies": list(r.remedies),
                "evidence": _span(r.span),
            }
            for r in d.remedies
        ],
    }
