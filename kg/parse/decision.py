"""Assemble a :class:`kg.model.Decision` from a decision text."""

from __future__ import annotations

import bisect
import hashlib
import logging
import re
from decimal import Decimal
from pathlib import Path

from kg.errors import ParseError
from kg.model import Citation, Decision, GuidanceCitation, Injustice, Remedy, Span
from kg.parse.assessment import find_reason, is_assessment_stage
from kg.parse.citations import find_guidance, find_statutes
from kg.parse.complaint import find_complainant, find_complaint_points
from kg.parse.findings import Found, find_findings
from kg.parse.html import html_to_text, looks_like_html
from kg.parse.layout import Block, clean_controls, decode, layout
from kg.parse.remedies import find_remedies
from kg.parse.sections import Placed, place, reaches_end, read_header
from kg.parse.statements import merge_statements, read_statements
from kg.parse.statutes import settle

_LOG = logging.getLogger("kg.parse")

_REPORT = re.compile(
    r"\breport by the (?:local government|local government and social care) ombudsman\b|\bpublic interest report\b|"
    r"^\s*report summary\s*$|\bthis (?:public )?report\b",
    re.I | re.M,
)


def parse_file(path: str | Path) -> Decision:
    """Parse a saved decision page; :class:`ParseError` names the file and the reason."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise ParseError(str(p), "is a directory, not a decision file") from None
    except OSError as exc:
        raise ParseError(str(p), f"cannot be read ({exc.strerror or exc})") from None
    return parse_bytes(data, str(p), name=p.name)


def parse_bytes(data: bytes, source: str = "<bytes>", *, name: str | None = None) -> Decision:
    """Parse the bytes of a saved decision page."""
    return parse_text(decode(data, source), source, name=name)


def parse_text(text: str, source: str = "<string>", *, name: str | None = None) -> Decision:
    """Parse a decision text; every span in the result indexes ``text``."""
    if not text.strip():
        raise ParseError(source, "file is empty (no text to parse)")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    text, warnings = clean_controls(text, source)
    if looks_like_html(text):
        text = html_to_text(text, source)
        if not text.strip():
            raise ParseError(source, "HTML page has no decision text in it")
    doc = layout(text)
    header, first = read_header(doc)
    if header.reference is None:
        raise ParseError(
            source,
            "no decision reference found: expected a title line such as 'Wiltshire Council (20 007 812)' near the top",
        )
    body_blocks = doc.blocks[first:]
    body = place(body_blocks)
    if body and all(p.role == "preamble" for p in body):
        # a page without section headings (a 2010 press release, a short notice): what it says, it decides
        body = [Placed(p.block, "final", p.topic, p.background) for p in body]
    summary = None
    if header.summary is not None and header.summary_start is not None:
        s, e = header.summary_start, header.summary.end
        summary = Span(s, e, text[s:e], None, "summary") if s < e else None

    complainant = find_complainant(text, body, summary)
    points = find_complaint_points(text, body)
    reason, reason_span = None, None
    upheld = header.outcome == "Upheld"
    closed = is_assessment_stage(header.outcome, body)
    said = read_statements(text, summary, body, strict=closed and not upheld)
    if said.declined is not None and header.outcome not in ("Upheld", "Not upheld") and not closed:
        closed = True  # "We will not investigate": whatever its headings say
        said = read_statements(text, summary, body, strict=True)
    summary_place = _summary_place(summary)
    if closed:
        reason, reason_span = find_reason(text, body, summary)
    if closed and not upheld:
        # not investigated: no findings but what the summary rules in or out in terms, and no remedy
        found = Found((), (), ())
        remedies: tuple[Remedy, ...] = ()
        injustices: tuple[Injustice, ...] = ()
        money_warnings: tuple[str, ...] = ()
        stated_total: Decimal | None = None
        capped: Span | None = None
    else:
        found = find_findings(text, body, points)
        remedies, injustices, money_warnings, stated_total, capped = find_remedies(
            text, body, complainant, found.faults, found.injustices, summary_place, source
        )
    found, injustices = merge_statements(said, found, injustices)
    if found.findings and not found.faults and not remedies:
        injustices = ()  # no fault found: nothing it caused ("C's anxiety" in the narrative is no injustice)
    agreed = any(r.status in ("agreed", "recommended") for r in remedies)
    not_investigated = (closed and not upheld) or (said.discontinued and not agreed)
    if not_investigated:
        remedies = ()
        injustices = tuple(i for i in injustices if not i.inferred)
    complete = reaches_end(doc, body)
    statutes, guidance = _citations(text, body, summary, cut=not complete)
    no_fault = bool(said.verdicts) and all(k == "no-fault" for k, _ in said.verdicts) and not found.faults
    # a decision not upheld whose summary rules injustice out ("… but this did not cause her a significant
    # injustice") and states no remedy makes none, even when the page is cut before its end
    no_injustice = (
        header.outcome == "Not upheld"
        and said.ruled_out is not None
        and said.ruled_out.section == "summary"
        and said.remedy is None
        and not remedies
    )
    payments = [r for r in remedies if r.remedy_type == "payment" and r.amount is not None]
    report = _REPORT.search(
        text[: body_blocks[0].end if body_blocks else len(text)] + "\n" + "\n".join(b.text for b in body_blocks[:3])
    )
    return Decision(
        reference=header.reference,
        source_name=name or Path(source).name,
        sha256=digest,
        text=text,
        authority=header.authority,
        category=header.category,
        subcategory=header.subcategory,
        outcome=header.outcome,
        decision_date=header.decision_date,
        kind="report" if report else "statement",
        summary=summary,
        complainant=complainant,
        complete=complete,
        remedies_known=complete
        or not_investigated
        or said.remedy is not None
        or no_fault
        or no_injustice
        or (bool(remedies) and _action_section_closed(body, report=report is not None)),
        unquantified_payment=None if not_investigated else (capped or (said.unquantified if not payments else None)),
        stated_total=None if not_investigated else stated_total,
        injustice_ruled_out=said.ruled_out,
        complaint_points=points,
        findings=found.findings,
        faults=found.faults,
        injustices=injustices,
        remedies=remedies,
        statutes=statutes,
        guidance=guidance,
        assessment_reason=reason,
        assessment_span=reason_span,
        assessment_stage=not_investigated,
        warnings=_warn(warnings + money_warnings),
    )


_POINTS_ELSEWHERE = re.compile(
    r"\b(?:in|at|see) paragraphs? [0-9]|\bset out (?:below|later|at the end|in (?:this|the|our) report)\b", re.I
)


def _action_section_closed(body: list[Placed], *, report: bool) -> bool:
    """Does the text hold a whole action section ("Agreed action", a report summary's "Recommendations"), the page
    going on past it into another section?  Then every remedy is stated there, even on a page cut short later.

    A statement's findings after it may hold more remedies, so they must not follow; a report's do follow (its
    summary's recommendations come first and are given again at the end).
    """
    last = max((i for i, p in enumerate(body) if p.role == "action"), default=None)
    if last is None or any(p.role == "action" and _POINTS_ELSEWHERE.search(p.block.text) for p in body):
        return False  # "we recommend the action set out in paragraph 45": the remedies are stated elsewhere
    after = [p for p in body[last + 1 :] if p.role != "action"]
    return bool(after) and (report or all(p.role not in ("findings", "assessment") for p in after))


def _warn(warnings: tuple[str, ...]) -> tuple[str, ...]:
    """Log each warning (a command line with no logging set up prints it on stderr) and keep it on the decision."""
    for w in warnings:
        _LOG.warning("%s", w)
    return warnings


def _summary_place(summary: Span | None) -> tuple[Placed, ...]:
    """The summary as a section of its own, for the remedy finder."""
    if summary is None:
        return ()
    return (Placed(Block("text", summary.start, summary.end, summary.text, None, 0), "summary", "", False),)


class _Locator:
    """Where an offset sits: its body block (paragraph and section), the summary, or loose text after the header."""

    def __init__(self, text: str, body: list[Placed], summary: Span | None) -> None:
        self.text = text
        self.placed = sorted(body, key=lambda p: p.block.start)
        self.starts = [p.block.start for p in self.placed]
        self.summary = summary
        firsts = [p.block.start for p in self.placed[:1]] + ([summary.start] if summary else [])
        self.begin = min(firsts) if firsts else len(text)

    def span(self, start: int, end: int) -> Span | None:
        """The span ``start:end`` with its paragraph and section; None inside the header (title and header lines)."""
        i = bisect.bisect_right(self.starts, start) - 1
        if i >= 0 and start < self.placed[i].block.end:
            where = self.placed[i]
            return Span(start, end, self.text[start:end], where.block.paragraph, where.topic or where.role)
        if self.summary is not None and self.summary.start <= start < self.summary.end:
            return Span(start, end, self.text[start:end], None, "summary")
        if start >= self.begin:  # a citation on a line of its own, between sections
            return Span(start, end, self.text[start:end], None, None)
        return None


def _citations(
    text: str, body: list[Placed], summary: Span | None, *, cut: bool
) -> tuple[tuple[Citation, ...], tuple[GuidanceCitation, ...]]:
    locate = _Locator(text, body, summary)
    statutes: dict[str, dict] = {}
    for m in settle(find_statutes(text), text, cut=cut):
        span = locate.span(m.start, m.end)
        if span is None:
            continue
        key = m.iri or f"unresolved:{m.label}"
        entry = statutes.setdefault(key, {"m": m, "spans": [], "seen": set()})
        if (span.start, span.end) not in entry["seen"]:  # one citation phrase may give several provisions
            entry["seen"].add((span.start, span.end))
            entry["spans"].append(span)
    guidance: dict[str, dict] = {}
    for g in find_guidance(text):
        span = locate.span(g.start, g.end)
        if span is None:
            continue
        entry = guidance.setdefault(g.iri, {"g": g, "spans": []})
        entry["spans"].append(span)
    return (
        tuple(
            Citation(e["m"].act, e["m"].provision, e["m"].iri, e["m"].text, e["m"].label, tuple(e["spans"]))
            for e in statutes.values()
        ),
        tuple(GuidanceCitation(e["g"].title, e["g"].iri, e["g"].text, tuple(e["spans"])) for e in guidance.values()),
    )
