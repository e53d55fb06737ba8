"""Assessment-stage decisions: why the Ombudsman will not investigate.

A decision "Closed after initial enquiries" (or with a "My assessment"
section and no findings) records no finding of fault; what it does record
is the reason for not investigating, taken here as a concept of
``kg.vocab.ASSESSMENT_REASONS``.

>>> reason_of("We will not investigate because there is not enough evidence of fault by the Council.")
'not-enough-evidence-of-fault'
>>> reason_of("The Information Commissioner's Office is better placed to consider this.")
'another-body-better-placed'
"""

from __future__ import annotations

import re

from kg.model import Span
from kg.parse.sections import Placed
from kg.parse.text import plain, sentences

#: reason -> cue, tried in this order (the more specific first)
REASON_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern, re.I))
    for key, pattern in (
        (
            "late-complaint",
            r"\blate\b|\bmore than (?:12|twelve) months\b|\boutside (?:the|our) (?:12|twelve)[- ]month|\btime ?limit|\bout of time\b",
        ),
        (
            "cannot-add-to-previous-investigation",
            r"\badd (?:anything|much|little)? ?(?:further )?to (?:the|a|our|its) (?:previous|earlier|former) (?:investigation|decision|complaint)|\balready (?:investigated|considered|decided)\b|\bprevious (?:investigation|complaint|decision) (?:covered|considered|dealt)",
        ),
        (
            "another-body-better-placed",
            r"\bbetter placed\b|\bmore appropriate (?:body|organisation)|\bInformation Commissioner|\bHousing Ombudsman\b|\bParliamentary and Health Service Ombudsman\b|\bOfsted\b|\bregulator\b",
        ),
        (
            "could-go-to-court-or-tribunal",
            r"\b(?:court|tribunal|appeal to)\b[^.]{0,80}\b(?:reasonabl|right of appeal|could|can|able)|\b(?:reasonabl\w*|right|able|could|can)\b[^.]{0,80}\b(?:court|tribunal)\b|\bright of appeal\b|\blegal remedy\b",
        ),
        (
            "no-significant-injustice-from-fault",
            r"\bfault\b[^.]{0,60}\b(?:not|no)\b[^.]{0,30}\bcaused?\b[^.]{0,40}\binjustice|\b(?:did|has|does) not cause[^.]{0,40}\b(?:significant )?injustice|\bnot caused? (?:him|her|them|the complainant)? ?(?:any |a |significant )+injustice",
        ),
        (
            "injustice-not-significant",
            r"\binjustice\b[^.]{0,60}\bnot (?:significant|serious|enough)|\bnot (?:significant|serious) enough\b|\binsufficient (?:personal )?injustice|\bno (?:significant )?(?:personal )?injustice\b",
        ),
        (
            "not-enough-evidence-of-fault",
            r"\b(?:not enough|insufficient|no|little) evidence (?:of|that there (?:was|has been)) (?:any )?fault|\bunlikely (?:to |(?:we|the Ombudsman|I) (?:would|could|will) )?find (?:any )?fault|\bno sign of fault|\bnot see (?:any )?fault|\bnot enough evidence\b",
        ),
        (
            "cannot-achieve-outcome",
            r"\b(?:could|can|would) not achieve\b|\bunlikely to achieve\b|\bcannot (?:get|achieve|provide) (?:the|what)\b|\bnot able to achieve\b|\bcould not (?:add|lead)\b",
        ),
    )
)
_DECLINING = re.compile(
    r"\b(?:will not|won't|cannot|can ?not|are not going to|decided not to|do not intend to|should not|not (?:start|begin|continue)(?:d)?|not) "
    r"(?:to )?(?:investigate|investigating|consider|pursue)\b|\bnot (?:to )?investigat",
    re.I,
)


def reason_of(sentence: str) -> str | None:
    """The first reason a sentence gives for not investigating, or None."""
    s = plain(sentence)
    for key, cue in REASON_CUES:
        if cue.search(s):
            return key
    return None


def is_assessment_stage(outcome: str | None, body: list[Placed]) -> bool:
    """Closed after initial enquiries, or assessed without findings sections."""
    if outcome == "Closed after initial enquiries":
        return True
    roles = {p.role for p in body}
    return "assessment" in roles and "findings" not in roles


def find_reason(text: str, body: list[Placed], summary: Span | None) -> tuple[str | None, Span | None]:
    """The reason for not investigating and the sentence that gives it.

    Sentences that decline to investigate are preferred; the assessment
    section comes first, then the final decision, then the summary.
    """
    order = {"assessment": 0, "final": 1, "findings": 2, "preamble": 3}
    candidates: list[tuple[int, int, str, Span]] = []
    for placed in body:
        if placed.role not in order:
            continue
        block = placed.block
        for s, e in sentences(text, block.start, block.end):
            sentence = text[s:e]
            key = reason_of(sentence)
            if key is not None:
                rank = order[placed.role] - (4 if _DECLINING.search(plain(sentence)) else 0)
                candidates.append((rank, s, key, Span(s, e, sentence, block.paragraph, placed.topic or placed.role)))
    if summary is not None:
        for s, e in sentences(text, summary.start, summary.end):
            key = reason_of(text[s:e])
            if key is not None:
                candidates.append((5, s, key, Span(s, e, text[s:e], None, "summary")))
    if not candidates:
        declined = any(_DECLINING.search(plain(p.block.text)) for p in body if p.role in order)
        return ("other", None) if declined else (None, None)
    _, _, key, span = min(candidates, key=lambda c: (c[0], c[1]))
    return key, span
