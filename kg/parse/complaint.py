"""Who complains and about what: the complainant's pseudonym and the points of complaint.

The complainant is named as written ("Ms X", "Miss F", "Mr and Mrs B", a bare
"G", "Ms Y's son" when the son complains, an old fictitious name); the points
are the items the complaint section lists, else its opening paragraph.
"""

from __future__ import annotations

import re

from kg.model import ComplaintPoint, Span
from kg.parse.sections import Placed, span_of
from kg.parse.text import plain

_TITLE_WORD = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.?"
_PSEUDONYM = (
    r"(?P<p>" + _TITLE_WORD + r"(?: and " + _TITLE_WORD + r")? (?:[A-Z](?![a-z])|[A-Z][a-z]+(?:-[A-Z][a-z]+)?))"
)
_BARE_LETTER = r"(?P<b>[A-Z])(?![\w'’])"  # "whom I shall call G"
_REFER_AS = re.compile(
    r"(?:refer(?:red)? to (?:here |in this statement |in this report )?as|I (?:shall|will) call|we (?:shall|will) call|"
    r"I (?:have )?call(?:ed)?|call(?:ed)? (?:him|her|them|here)|known as|referred to as|"
    r"^\W*[Tt]he complainants?\s*[,(]\s*(?:whom I (?:shall |will )?call\s+)?)\s*(?:‘|'|“|\")?"
    r"(?:" + _PSEUDONYM + "|" + _BARE_LETTER + ")"
)
#: an old page's fictitious name: "Mr Ashworth (not his real name) uses a wheelchair"
_NOT_REAL_NAME = re.compile(_PSEUDONYM + r"\s*\(\s*not (?:his|her|their|the) real names?\s*\)")
#: the person a complainant complains for, kept as written when they complain themselves ("Ms Y's son complains")
_RELATIVE = (
    r"(?P<rel>['’]s (?:son|daughter|mother|father|husband|wife|partner|brother|sister|grandson|granddaughter|"
    r"grandmother|grandfather|child|niece|nephew|aunt|uncle|carer))?"
)
_COMPLAINS = r"(?=,? (?:\w+ ){0,3}?(?:complain|says|said|is complaining|has complained))"
#: the relative's own pseudonym, in apposition: "Mrs C's daughter, Ms D, complains"
_APPOSED = r"(?:,\s*(?P<app>" + _TITLE_WORD + r" (?:[A-Z](?![a-z])|[A-Z][a-z]+(?:-[A-Z][a-z]+)?))\s*(?=,))?"
_SUBJECT = re.compile(r"^\W*(?:" + _PSEUDONYM + _RELATIVE + _APPOSED + r"\b|" + _BARE_LETTER + _COMPLAINS + ")")
#: the summary's "We have upheld Mrs Y's complaint", "We will not investigate Mr X's complaints": whose complaint it is
_COMPLAINT_OF = re.compile(_PSEUDONYM + r"['’]s complaints?\b")


def _who(m: re.Match[str]) -> str:
    name: str = m.group("p") or m.groupdict().get("b") or ""
    if m.re is _SUBJECT and m.group("rel") and re.match(_COMPLAINS, m.string[m.end() :]):
        if m.group("app"):
            return m.group("app").replace(".", "")  # "Mrs C's daughter, Ms D, complains": Ms D complains
        name += m.group("rel").replace("’", "'")  # "Ms Y's son complains": the son complains, as the text names him
    return name.replace(".", "")


def find_complainant(text: str, body: list[Placed], summary: Span | None) -> str | None:
    """The complainant's pseudonym as written ("Ms X", "Miss F", "Mr and Mrs B", "G", "Mrs Fairweather"):
    as the complaint section introduces them, else the summary's subject, else the complaint's.

    The person who complains, also when they complain for someone else ("Mr X complains on behalf of his father").
    """
    for p in body:
        if p.role in ("complaint", "preamble", "assessment"):
            if m := _REFER_AS.search(plain(p.block.text)):
                return _who(m)
    if summary is not None and (m := _SUBJECT.match(plain(summary.text))):
        return _who(m)
    if summary is not None and (m := _REFER_AS.match(plain(summary.text))):
        return _who(m)  # "The complainants, Mr and Mrs T, say …" opening the summary
    for text_of in [summary.text] if summary is not None else []:
        if m := _NOT_REAL_NAME.search(plain(text_of)):
            return m.group("p").replace(".", "")
    for p in body:
        if p.role in ("preamble", "final", "complaint") and (m := _NOT_REAL_NAME.search(plain(p.block.text))):
            return m.group("p").replace(".", "")
    for p in body:
        if p.role == "complaint" and (m := _SUBJECT.match(plain(p.block.text))):
            return _who(m)
    if summary is not None and (m := _COMPLAINT_OF.search(plain(summary.text))):
        return m.group("p").replace(".", "")  # a page cut before its complaint section
    return None


_WANTS = re.compile(r"\b(?:wants?|seeks?|would like|asks? (?:for|that)|is seeking|hopes?)\b", re.I)


def _last_sentence(paragraph: str) -> str:
    parts = re.split(r"(?<=[.!?])\s+", paragraph.strip())
    return parts[-1] if parts else paragraph


def find_complaint_points(text: str, body: list[Placed]) -> tuple[ComplaintPoint, ...]:
    """The points of complaint: the items listed under the complaint's opening paragraph, else its paragraphs."""
    section = [p for p in body if p.role == "complaint"]
    paras = [p for p in section if p.block.kind == "para"] or [p for p in section if p.block.kind == "text"]
    if not paras:
        return ()
    opener = paras[0]
    items = [p for p in section if p.block.kind == "item" and p.block.paragraph == opener.block.paragraph]
    if items and _WANTS.search(_last_sentence(opener.block.text)):
        items = []  # "He wants:" lists the outcomes sought, not the points of complaint
    if not items and opener.block.text.rstrip().endswith(":") and len(paras) > 1:
        # a list the page did not nest: the paragraphs after the opener are its points
        items = [p for p in paras[1:] if not re.search(r"\b(?:seeks?|wants?|would like)\b", p.block.text, re.I)]
    chosen = items or [opener]
    return tuple(
        ComplaintPoint(n, p.block.text, span_of(text, p.block.start, p.block.end, p))
        for n, p in enumerate(chosen, start=1)
    )
