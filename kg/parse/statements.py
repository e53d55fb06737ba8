"""What the summary and the final decision of a whole decision state, sentence by sentence (the sentences are read
by :mod:`kg.parse.summary`), and how that is merged with what the findings sections record."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.model import Fault, Finding, Injustice, Span
from kg.parse.findings import ENDORSES, Found, classify_fault
from kg.parse.sections import Placed
from kg.parse.summary import (
    admits,
    declines,
    discontinued,
    injustice_kinds,
    injustice_said,
    remedy_stated,
    unquantified_payment,
    verdict,
)
from kg.parse.text import cut_off, plain, sentences


@dataclass(slots=True)
class Statements:
    """What the summary and the final decision state, each with the sentence that states it."""

    verdicts: list[tuple[str, Span]] = field(default_factory=list)  # ("fault" | "no-fault", sentence)
    injustices: list[tuple[str, Span]] = field(default_factory=list)  # (injustice type, sentence)
    ruled_out: Span | None = None  # "this did not cause her an injustice"
    declined: Span | None = None  # "we will not investigate"
    discontinued: bool = False
    remedy: Span | None = None  # a sentence stating the remedy concretely
    unquantified: Span | None = None  # a payment agreed without its amount


def _units(
    text: str, summary: Span | None, body: list[Placed], roles: tuple[str, ...]
) -> list[tuple[int, int, Placed | None]]:
    out: list[tuple[int, int, Placed | None]] = []
    if summary is not None:
        out += [(s, e, None) for s, e in sentences(text, summary.start, summary.end)]
    for p in body:
        if p.role in roles and not p.background:
            out += [(s, e, p) for s, e in sentences(text, p.block.start, p.block.end)]
    last = len(text.rstrip())
    return [(s, e, p) for s, e, p in out if not cut_off(text, e, last)]


def read_statements(text: str, summary: Span | None, body: list[Placed], *, strict: bool = False) -> Statements:
    """The verdict, injustice, remedy and refusal the summary and the final decision state.

    ``strict``: the decision was not investigated, so only what rules fault in or out in terms counts.
    Injustice ruled out is also read in the findings ("The delay did not cause Mr X an injustice").
    """
    out = Statements()
    admitted: Span | None = None  # fault the body admits ("The Council accepts it was at fault")
    endorsed = False  # … and the Ombudsman endorses ("We agree with the Council's findings", "a suitable remedy")
    for s, e, where in _units(text, summary, body, ("final",)):
        sentence = text[s:e]
        span = Span(s, e, sentence, None, "summary") if where is None else _span(text, s, e, where)
        kind = verdict(sentence, strict=strict)
        if kind is not None:
            out.verdicts.append((kind, span))
        elif admitted is None and admits(sentence):
            admitted = span
        endorsed = endorsed or bool(ENDORSES.search(plain(sentence)))
        said = injustice_said(sentence)
        if said:
            out.injustices.extend((k, span) for k in injustice_kinds(sentence))
        elif said is False and out.ruled_out is None:
            out.ruled_out = span
        if declines(sentence) and out.declined is None:
            out.declined = span
        out.discontinued = out.discontinued or discontinued(sentence)
        if remedy_stated(sentence):
            out.remedy = out.remedy or span
            if unquantified_payment(sentence) and out.unquantified is None:
                out.unquantified = span
    if not strict and admitted is not None and endorsed and not out.verdicts:
        out.verdicts.append(("fault", admitted))  # the Ombudsman makes the admitted fault its own finding
    if out.ruled_out is None:
        for s, e, where in _units(text, None, body, ("findings",)):
            if injustice_said(text[s:e]) is False and where is not None:
                out.ruled_out = _span(text, s, e, where)
                break
    return out


def _span(text: str, start: int, end: int, where: Placed) -> Span:
    return Span(start, end, text[start:end], where.block.paragraph, where.topic or where.role)


def merge_statements(
    said: Statements, found: Found, injustices: tuple[Injustice, ...]
) -> tuple[Found, tuple[Injustice, ...]]:
    """The body's findings and injustices with what only the summary or the final decision states.

    Nothing is counted twice: a fault stated in the summary is added only when the body records none,
    a finding of no fault only when the body records no finding at all, and an injustice the summary
    names only when no sentence of the body states one.
    """
    findings, faults = list(found.findings), list(found.faults)
    body_faults, body_findings = bool(faults), bool(findings)
    for kind, span in said.verdicts:
        if kind == "fault" and body_faults or kind == "no-fault" and body_findings:
            continue
        number = len(findings) + 1
        findings.append(Finding(number, kind, span, None))
        if kind == "fault":
            faults.append(Fault(len(faults) + 1, classify_fault(span.text, span.text), span, number, None))
    out = list(injustices)
    if not any(not i.inferred for i in out):
        causes = tuple(f.number for f in faults)
        seen: set[str] = set()
        for kind, span in said.injustices:
            if kind not in seen:
                seen.add(kind)
                out.append(Injustice(len(out) + 1, kind, span, causes))
    return Found(tuple(findings), tuple(faults), found.injustices), tuple(out)
