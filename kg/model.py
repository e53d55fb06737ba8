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
    inferred: bool = False  # no sentence states it: a payment remedies it, so one is recorded (type "other")


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
    complete: bool = False  # the text reaches the end of the decision (its sign-off, or its final decision)
    remedies_known: bool = (
        False  # every remedy is stated: a complete text, a summary that states them, or none possible
    )
    unquantified_payment: Span | None = None  # a payment agreed whose amount the text does not give
    stated_total: Decimal | None = None  # "a total of £1,950" in the summary, more than the payments the text shows
    injustice_ruled_out: Span | None = None  # "This did not cause Mrs X an injustice"
    complaint_points: tuple[ComplaintPoint, ...] = ()
    findings: tuple[Finding, ...] = ()
    faults: tuple[Fault, ...] = ()
    injustices: tuple[Injustice, ...] = ()
    remedies: tuple[Remedy, ...] = ()
    statutes: tuple[Citation, ...] = ()
    guidance: tuple[GuidanceCitation, ...] = ()
    assessment_reason: str | None = None
    assessment_span: Span | None = None
    assessment_stage: bool = False  # not investigated (closed at assessment, discontinued): no remedy, no total
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def slug(self) -> str:
        """The reference as used in IRIs and URLs: ``20 007 812`` -> ``20-007-812``."""
        return self.reference.replace(" ", "-").lower()

    @property
    def truncated(self) -> bool:
        """The text stops before the end of the decision (a page saved cut short)."""
        return not self.complete

    @property
    def payments(self) -> tuple[Remedy, ...]:
        return tuple(r for r in self.remedies if r.remedy_type == "payment" and r.amount is not None)

    @property
    def payment_amounts(self) -> tuple[Decimal, ...]:
        """One amount per payment agreed or recommended, per payee: "£250 each" to two people is 250, 250."""
        return tuple(
            money(r.amount or Decimal(0))  # payments all have an amount
            for r in self.payments
            if r.status in ("agreed", "recommended")
            for _ in range(r.each)
        )

    @property
    def total_payment(self) -> Decimal | None:
        """Sum of the payments agreed or recommended, exact; None unless every remedy is known.

        A page cut short never reports a partial total: the total is given for a complete text, for a
        summary that states the remedies in full, and (as 0) for a decision not investigated.  A payment
        agreed without its amount leaves the total unknown.
        """
        if self.assessment_stage:
            return Decimal(0)
        if not (self.complete or self.remedies_known) or self.unquantified_payment is not None:
            return None
        found = sum(self.payment_amounts, Decimal(0))
        if self.stated_total is not None and self.stated_total > found:
            return self.stated_total  # the summary's total covers parts the (cut) text never shows
        return found

    def completeness(self) -> tuple[int, int, int]:
        """A key to choose between two copies of one decision: the larger is the more complete copy.

        (reaches its end, remedies known, length of its text): a complete copy beats a truncated one
        whatever their file names, and of two truncated copies the longer wins.

        >>> cut = Decision(reference="20 007 812", source_name="a.txt", sha256="", text="short")
        >>> whole = Decision(reference="20 007 812", source_name="b.txt", sha256="", text="lo", complete=True)
        >>> max([cut, whole], key=Decision.completeness).source_name
        'b.txt'
        """
        return (int(self.complete), int(self.complete or self.remedies_known), len(self.text))


def _span(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"paragraph": span.paragraph, "start": span.start, "end": span.end, "text": span.text}


def to_json(d: Decision) -> dict[str, Any]:
    """The stable ``kg parse --json`` object for a decision (see DESIGN.md and docs/parser.md).

    Amounts are :class:`~decimal.Decimal` with two places; :func:`kg.jsontext.dumps`
    prints them as JSON numbers (``300.00``), never through a float.  ``payments_gbp``
    holds one amount per payment agreed or recommended, per payee ("£250 each" to two
    people is 250, 250); ``truncated`` says the page stops before the decision's end,
    and then ``total_payment_gbp`` is null unless every remedy is known anyway.
    A decision not investigated has no remedy: ``apology`` false, no payments, total 0.
    """
    fault_found: bool | None
    if d.faults:
        fault_found = True
    elif d.findings:
        fault_found = False
    else:
        fault_found = None
    stated = [i for i in d.injustices if not i.inferred]
    if d.assessment_stage:
        injustice_found = None
    elif stated:
        injustice_found = True
    elif d.injustice_ruled_out is not None or (d.faults and d.complete):
        injustice_found = False
    else:
        injustice_found = None
    has_apology = any(r.remedy_type == "apology" for r in d.remedies)
    apology = True if has_apology else (False if d.complete or d.remedies_known or d.assessment_stage else None)
    amounts = [] if d.assessment_stage else list(d.payment_amounts)
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
        "truncated": d.truncated,
        "statutes": [
            {"act": c.act, "provision": c.provision, "iri": c.iri, "text": c.text, "label": c.label} for c in d.statutes
        ],
        "guidance": [{"title": g.title, "iri": g.iri, "text": g.text} for g in d.guidance],
        "complaint_points": [
            {"number": p.number, "text": p.text, "paragraph": p.span.paragraph} for p in d.complaint_points
        ],
        "findings": [
            {"number": f.number, "kind": f.kind, "point": f.point, "evidence": _span(f.span)} for f in d.findings
        ],
        "faults": [
            {"number": f.number, "fault_type": f.fault_type, "point": f.point, "evidence": _span(f.span)}
            for f in d.faults
        ],
        "injustices": [
            {
                "number": i.number,
                "injustice_type": i.injustice_type,
                "caused_by": list(i.caused_by),
                "evidence": _span(i.span),
            }
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
