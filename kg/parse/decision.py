"""Assemble a :class:`kg.model.Decision` from a decision text."""

from __future__ import annotations

import bisect
import hashlib
import logging
import re
from pathlib import Path

from kg.errors import ParseError
from kg.model import Citation, Decision, GuidanceCitation, Span
from kg.parse.citations import find_guidance, find_statutes
from kg.parse.assessment import find_reason, is_assessment_stage
from kg.parse.findings import Found, find_complaint_points, find_complainant, find_findings
from kg.parse.html import HtmlError, html_to_text, looks_like_html
from kg.parse.layout import Block, clean_controls, decode, layout
from kg.parse.remedies import find_remedies
from kg.parse.sections import Placed, place, read_header

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
        try:
            text = html_to_text(text)
        except HtmlError as exc:
            raise ParseError(source, str(exc)) from None
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
    summary = None
    if header.summary is not None and header.summary_start is not None:
        s, e = header.summary_start, header.summary.end
        summary = Span(s, e, text[s:e], None, "summary") if s < e else None

    complainant = find_complainant(text, body, summary)
    points = find_complaint_points(text, body)
    reason, reason_span = None, None
    assessment_stage = is_assessment_stage(header.outcome, body)
    if assessment_stage:
        # no investigation, so no findings of fault: only the reason for stopping
        found = Found((), (), ())
        reason, reason_span = find_reason(text, body, summary)
    else:
        found = find_findings(text, body, points)
        if not found.findings:
            # short decisions state their findings only in the final decision or the summary
            found = find_findings(text, body, points, roles=("final",))
        if not found.findings and summary is not None:
            block = Block("text", summary.start, summary.end, summary.text, None, 0)
            found = find_findings(text, [Placed(block, "summary", "", False)], points, roles=("summary",))
    remedies, injustices = find_remedies(text, body, complainant, found.faults, found.injustices)
    statutes, guidance = _citations(text, body)
    complete = doc.signed_off or any(p.role == "final" for p in body)
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
        kind="report" if _REPORT.search(text[: body_blocks[0].end if body_blocks else len(text)] + "\n" + "\n".join(b.text for b in body_blocks[:3])) else "statement",
        summary=summary,
        complainant=complainant,
        complete=complete,
        complaint_points=points,
        findings=found.findings,
        faults=found.faults,
        injustices=injustices,
        remedies=remedies,
        statutes=statutes,
        guidance=guidance,
        assessment_reason=reason,
        assessment_span=reason_span,
        assessment_stage=assessment_stage,
        warnings=_warn(warnings),
    )


def _warn(warnings: tuple[str, ...]) -> tuple[str, ...]:
    """Log each warning (a command line with no logging set up prints it on stderr) and keep it on the decision."""
    for w in warnings:
        _LOG.warning("%s", w)
    return warnings


class _Locator:
    """Which body block, if any, holds an offset."""

    def __init__(self, body: list[Placed], summary_blocks: tuple[Block, ...] = ()) -> None:
        self.placed = sorted(body, key=lambda p: p.block.start)
        self.starts = [p.block.start for p in self.placed]

    def at(self, offset: int) -> Placed | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.placed[i].block.end:
            return self.placed[i]
        return None


def _span(text: str, start: int, end: int, where: Placed) -> Span:
    return Span(start, end, text[start:end], where.block.paragraph, where.topic or where.role)


def _citations(text: str, body: list[Placed]) -> tuple[tuple[Citation, ...], tuple[GuidanceCitation, ...]]:
    locate = _Locator(body)
    statutes: dict[str, dict] = {}
    for m in find_statutes(text):
        where = locate.at(m.start)
        if where is None:
            continue
        key = m.iri or f"unresolved:{m.label}"
        entry = statutes.setdefault(key, {"m": m, "spans": [], "seen": set()})
        span = _span(text, m.start, m.end, where)
        if (span.start, span.end) not in entry["seen"]:  # one citation phrase may give several provisions
            entry["seen"].add((span.start, span.end))
            entry["spans"].append(span)
    guidance: dict[str, dict] = {}
    for g in find_guidance(text):
        where = locate.at(g.start)
        if where is None:
            continue
        entry = guidance.setdefault(g.iri, {"g": g, "spans": []})
        entry["spans"].append(_span(text, g.start, g.end, where))
    return (
        tuple(
            Citation(e["m"].act, e["m"].provision, e["m"].iri, e["m"].text, e["m"].label, tuple(e["spans"]))
            for e in statutes.values()
        ),
        tuple(GuidanceCitation(e["g"].title, e["g"].iri, e["g"].text, tuple(e["spans"])) for e in guidance.values()),
    )
