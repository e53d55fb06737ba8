"""Guidance documents a decision cites: the Ombudsman's own and statutory guidance.

>>> [g.title for g in find_guidance("our own Guidance of Remedies and The Principles of Good Administrative Practice")]
['Guidance on Remedies', 'Principles of Good Administrative Practice']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.parse.acts import normalise
from kg.vocab import VOCAB_BASE, slug


@dataclass(frozen=True, slots=True)
class GuidanceMatch:
    """A guidance document named at ``start:end``."""

    start: int
    end: int
    text: str
    title: str
    iri: str


_GUIDANCE: list[tuple[str, re.Pattern[str]]] = [
    (title, re.compile(pattern, re.I if insensitive else 0))
    for title, pattern, insensitive in (
        ("Principles of Good Administrative Practice", r"\bPrinciples\s+of\s+Good\s+Administrative\s+Practice\b", 1),
        ("Guidance on Remedies", r"\bGuidance\s+(?:on|of)\s+Remedies\b|\bRemedies\s+Guidance\b", 1),
        ("Assessment Code", r"\bAssessment\s+Code\b", 0),
        (
            "Working Together to Safeguard Children",
            r"\b(?i:Working\s+Together\s+to\s+Safeguard\s+Children)(?:\s+(?:19|20)[0-9]{2}\b)?"
            r"|\bWorking\s+Together\s+(?:19|20)[0-9]{2}\b",  # the short name, with its year
            0,
        ),
        (
            "Care and Support Statutory Guidance",
            # also by the Act it is issued under: "the Care Act 2014 statutory guidance", "the Care Act statutory guidance"
            r"\bCare\s+and\s+Support\s+Statutory\s+Guidance\b|\bCare\s+Act(?:\s+\(?2014\)?)?\s+statutory\s+guidance\b",
            1,
        ),
        (
            "SEND Code of Practice",
            r"\bSEND\s+[Cc]ode\s+of\s+[Pp]ractice\b|(?i:\bSpecial\s+Educational\s+Needs\s+(?:and|&)\s+Disabilit(?:y|ies)"
            r"\s+(?:\(SEND\)\s+)?Code\s+of\s+Practice\b)",
            0,
        ),
        (
            "Homelessness Code of Guidance",
            r"\bHomelessness\s+Code\s+of\s+Guidance(?:\s+for\s+Local\s+Authorities)?\b",
            1,
        ),
        ("School Admission Appeals Code", r"\bSchool\s+Admission\s+Appeals?\s+Code\b", 1),
        ("School Admissions Code", r"\bSchool\s+Admissions\s+Code\b", 1),
        (
            "Statutory Guidance on Children Who Run Away or Go Missing",
            r"\bchildren\s+who\s+run\s+away\s+or\s+go\s+missing\b",
            1,
        ),
    )
]

#: Words one of which a text must hold before a title's pattern is tried (a cheap filter).
_GUIDANCE_KEYS: dict[str, tuple[str, ...]] = {
    "Principles of Good Administrative Practice": ("administrative practice",),
    "Guidance on Remedies": ("remedies",),
    "Assessment Code": ("assessment code",),
    "Working Together to Safeguard Children": ("working together",),
    "Care and Support Statutory Guidance": ("statutory guidance",),
    "SEND Code of Practice": ("code of practice",),
    "Homelessness Code of Guidance": ("homelessness code",),
    "School Admission Appeals Code": ("appeals code",),
    "School Admissions Code": ("admissions code",),
    "Statutory Guidance on Children Who Run Away or Go Missing": ("run away",),
}

#: Every guidance document the parser recognises (ontology/vocabularies.ttl describes each).
GUIDANCE_TITLES: tuple[str, ...] = tuple(title for title, _ in _GUIDANCE)


def guidance_iri(title: str) -> str:
    """Our IRI for a guidance document.

    >>> guidance_iri("SEND Code of Practice")
    'https://w3id.org/lgsco-kg/vocab/guidance/send-code-of-practice'
    """
    return f"{VOCAB_BASE}guidance/{slug(title)}"


def find_guidance(text: str) -> list[GuidanceMatch]:
    """Every guidance document named in ``text``, in text order.

    >>> [(g.text, g.title) for g in find_guidance("see Working Together to Safeguard Children 2018 and the remedies guidance")]
    [('Working Together to Safeguard Children 2018', 'Working Together to Safeguard Children'), \
('remedies guidance', 'Guidance on Remedies')]
    """
    norm = normalise(text)
    lower = norm.lower()
    found = sorted(
        (m.start(), -m.end(), title)
        for title, rx in _GUIDANCE
        if any(key in lower for key in _GUIDANCE_KEYS[title])
        for m in rx.finditer(norm)
    )
    out: list[GuidanceMatch] = []
    for start, neg_end, title in found:
        if out and start < out[-1].end:
            continue
        out.append(GuidanceMatch(start, -neg_end, text[start:-neg_end], title, guidance_iri(title)))
    return out
