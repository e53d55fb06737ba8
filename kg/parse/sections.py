"""Header fields and the sections of a decision.

A decision page opens with a title line ``Organisation (NN NNN NNN)`` and
optional ``Category :``, ``Decision :`` and ``Decision date :`` lines, then
a summary and sections whose headings vary over the years ("What I found",
"Analysis", "Was there fault…", "Agreed action", "My assessment"…).  Each
heading is given a *role*; the fact finders only look where a role says the
facts are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from kg.model import Span, normalize_reference
from kg.parse.layout import Block, Layout
from kg.parse.text import plain
from kg.vocab import CATEGORY_ALIASES, CATEGORY_TREE, category_key, slug

#: ASCII digits in the Ombudsman's pattern (``\d`` would take Arabic-Indic digits too), never a piece of a longer
#: number: "99 999 999 999" is no reference, and is not cut to "99 999 999"
REFERENCE = (
    r"(?<![0-9])(?<![0-9][ \u00a0-])(?P<ref>[0-9]{2}[ \u00a0-]?[0-9]{3}[ \u00a0-]?[0-9]{3}[a-zA-Z]?)"
    r"(?![0-9])(?![ \u00a0-][0-9])"
)
_REF_LABEL = r"(?:(?:our )?ref(?:erence)?\.?(?: number| no\.?)?[ \u00a0]*:?[ \u00a0]*)?"
_TITLE = re.compile(r"^(?P<auth>.*?)[ \u00a0]*\([ \u00a0]*" + _REF_LABEL + REFERENCE + r"[ \u00a0]*\)\s*$", re.I)
#: "Investigation into a complaint against X" / "Report on an investigation into complaint no … against X"
_AGAINST = re.compile(r"^(?:.*?\b(?:complaints?|investigation)\b.*?\bagainst\s+)(?P<auth>.+)$", re.I)
_ANY_REF = re.compile(r"\b" + REFERENCE + r"\b")
_BARE_REF = re.compile(r"^(?:(?:ref(?:erence)?|our ref)\.?\s*(?:no\.?|number)?\s*:?\s*)?" + REFERENCE + r"\s*$", re.I)
_FIELD = re.compile(
    r"^(?P<key>category|decision date|date of decision|decision)[ \u00a0]*:[ \u00a0]*(?P<value>.*)$", re.I
)
_SUMMARY = re.compile(r"^summary[ \u00a0]*:[ \u00a0]*", re.I)

#: heading text (lower-case, straight quotes) -> role
_ROLE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), role)
    for pattern, role in (
        (
            r"^(?:the )?complaints?(?: and background)?$|^the complaint(?:s)? (?:and|we)\b|^complaint summary$|^introduction$",
            "complaint",
        ),
        (
            r"ombudsman'?s? role|role and powers|^our role|what i have (?:and have not )?investigated|"
            r"what i have not investigated|^jurisdiction|^the law and our role|"
            r"^parts? of the complaint (?:that )?(?:i|we) (?:did|have|could|can) not (?:investigate|consider)",
            "role",
        ),
        (r"^how i considered|^how we considered|^how i have considered|^my investigation$|^investigation$", "method"),
        (
            r"^agreed action|^recommended action|^recommendations?$|^action$|^actions?(?: the council| agreed)|"
            r"^remed(?:y|ies)$|^agreed remed|^recommended remed|^what (?:the council|it|the \w+) (?:has|should|will)|"
            r"^what should happen|^putting things right|^conclusions? and recommendations?$",
            "action",
        ),
        (
            r"^final decision|^decision$|^my decision|^our decision|^the ombudsman'?s decision$|^decision and |^outcome$|"
            r"^(?:the )?investigator'?s'? final decision$",  # not "The Ombudsman's final decision:" above the summary
            "final",
        ),
        (r"^my assessment|^assessment$|^our assessment|^why we (?:will not|are not|cannot)", "assessment"),
        (
            r"^what i found|^what we found|^findings?(?: and conclusions?)?$|^(?:my|our|the|investigator'?s|ombudsman'?s|"
            r"the ombudsman'?s) findings|^analysis|^was there fault|^did the fault|^injustice|^fault causing injustice|"
            r"^consideration|^my view|^(?:the )?ombudsman'?s view|^conclusions?$|^my conclusions?$|^our conclusions?$",
            "findings",
        ),
    )
)
#: roles of subheadings inside findings that hold background, not findings
_BACKGROUND = re.compile(
    r"^(?:what happened|background|chronology|key facts|legal and administrative background|"
    r"(?:the )?relevant (?:law|legislation|guidance)|law and guidance|(?:the )?law|the legal framework|"
    r"legislation and guidance|relevant law and guidance)\b",
    re.I,
)
_ANALYSIS = re.compile(
    r"^(?:analysis|my (?:view|analysis|findings)|was there fault|did the fault|findings|conclusions?|injustice)", re.I
)


@dataclass(frozen=True, slots=True)
class Header:
    reference: str | None = None
    authority: str | None = None
    category: str | None = None
    subcategory: str | None = None
    outcome: str | None = None
    decision_date: date | None = None
    summary: Block | None = None
    summary_start: int | None = None


@dataclass(frozen=True, slots=True)
class Placed:
    """A body block with where it sits.

    ``role`` is the section's role; ``topic`` the nearest subheading that names
    a subject (not "Analysis" or "What happened"); ``background`` is true for
    narrative and law, where nothing is found, only recounted.
    """

    block: Block
    role: str
    topic: str
    background: bool


def span_of(text: str, start: int, end: int, placed: Placed | None) -> Span:
    """``text[start:end]`` as evidence, with the paragraph number and topic (else role) of the block it sits in."""
    return Span(
        start,
        end,
        text[start:end],
        placed.block.paragraph if placed else None,
        placed.topic or placed.role if placed else None,
    )


def normalise_reference(raw: str) -> str:
    """``20007812`` or ``20 007 812`` -> ``20 007 812`` (a trailing case letter kept, lower-case).

    The one rule is :func:`kg.model.normalize_reference`; ``raw`` has already matched :data:`REFERENCE`.

    >>> normalise_reference("24020611B")
    '24 020 611b'
    """
    found = normalize_reference(raw)
    if found is None:
        raise ValueError(f"{raw!r} is not a decision reference")
    return found


_SPACES = re.compile(r"[ \u00a0]+")


def _clean(value: str) -> str:
    value = value.replace("’", "'").replace("‘", "'")
    if "  " in value or "\u00a0" in value:  # else every run of spaces is one space already
        value = _SPACES.sub(" ", value)
    return value.strip()


def parse_date(value: str) -> date | None:
    """``17 May 2021``, ``26 Mar 2021``, ``17/05/2021``, ``2021-05-17`` -> a date; None if unreadable.

    >>> parse_date("26 Mar 2021"), parse_date("1st June 2019"), parse_date("soon")
    (datetime.date(2021, 3, 26), datetime.date(2019, 6, 1), None)
    """
    value = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", _clean(value)).replace(",", "")
    for fmt in ("%d %B %Y", "%d %b %Y", "%d/%m/%Y", "%Y-%m-%d", "%d %b. %Y", "%B %d %Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    if value[:4].lower() == "sept":
        return parse_date("Sep" + value[4:])
    return None


def normalise_outcome(value: str) -> str | None:
    """The outcome label in the vocabulary's words, or None if it is not one of them.

    >>> normalise_outcome("Not upheld: no maladministration"), normalise_outcome("upheld")
    ('Not upheld', 'Upheld')
    """
    v = _clean(value).lower()
    if v.startswith("not upheld"):
        return "Not upheld"
    if v.startswith("upheld"):
        return "Upheld"
    if v.startswith("closed after initial enquiries") or v.startswith("closed after initial enquiry"):
        return "Closed after initial enquiries"
    return None


def _summary_goes_on(block: Block) -> bool:
    """Is this loose line after a "Summary:" line more of the summary (a saved text that broke it over lines)?"""
    line = plain(block.text).strip()
    return (
        block.kind == "text"
        and role_of(line) is None
        and re.match(r"[A-Z][a-z]", line) is not None
        and (len(line) > 40 or line.endswith("."))
    )


def read_header(doc: Layout) -> tuple[Header, int]:
    """The header fields and the index of the first body block."""
    fields: dict[str, object] = {}
    first_body = 0
    for i, block in enumerate(doc.blocks):
        line = plain(block.text)
        if "reference" not in fields:
            if m := _TITLE.match(line):
                fields["reference"] = normalise_reference(m.group("ref"))
                auth = _clean(m.group("auth"))
                if against := _AGAINST.match(auth):
                    auth = _clean(against.group("auth"))
                fields["authority"] = auth.rstrip(" ,.-–") or None
                first_body = i + 1
                continue
            if m := _BARE_REF.match(line):
                fields["reference"] = normalise_reference(m.group("ref"))
                first_body = i + 1
                continue
        if m := _FIELD.match(line):
            key, value = m.group("key").lower(), m.group("value")
            if key == "category" and "category" not in fields:
                top, _, sub = _clean(value).partition(">")
                fields["category"] = top.strip() or None
                fields["subcategory"] = sub.strip() or None
            elif key == "decision" and "outcome" not in fields:
                fields["outcome"] = normalise_outcome(value)
            elif key in ("decision date", "date of decision") and "decision_date" not in fields:
                fields["decision_date"] = parse_date(value)
            first_body = i + 1
            continue
        if re.fullmatch(r"(?:report )?summary\s*:?", line.strip(), re.I) and i + 1 < len(doc.blocks):
            at = i + 1
            if doc.blocks[at].kind == "heading" and at + 1 < len(doc.blocks) and doc.blocks[at + 1].kind == "text":
                at += 1  # a report summary's own title ("Withdrawal of transport for a pupil"), then its text
            following = doc.blocks[at]
            fields["summary"] = following
            fields["summary_start"] = following.start
            first_body = at + 1
            _category_from_summary(fields, plain(following.text))
            break
        if m := _SUMMARY.match(line):
            fields["summary"] = block
            fields["summary_start"] = block.start + m.end()
            first_body = i + 1
            # a summary the saved text breaks over lines: loose sentences before the first heading go on with it
            while first_body < len(doc.blocks) and _summary_goes_on(doc.blocks[first_body]):
                more = doc.blocks[first_body]
                fields["summary"] = replace(block, end=more.end, text=doc.text[block.start : more.end])
                first_body += 1
            break
        if "reference" in fields and block.kind == "text" and "summary" not in fields and len(line) > 80:
            # older pages: the summary is the first unlabelled sentence block after the header
            fields["summary"] = block
            fields["summary_start"] = block.start
            first_body = i + 1
            break
        if "reference" in fields and (block.kind in ("para", "item") or role_of(line) is not None):
            break
    if "reference" not in fields:
        # no title line: take the first reference-shaped token near the top (old or oddly saved pages)
        for i, block in enumerate(doc.blocks[:40]):
            if m := _ANY_REF.search(plain(block.text)):
                fields["reference"] = normalise_reference(m.group("ref"))
                first_body = max(first_body, i + 1)
                break
    if "category" not in fields:
        _category_from_url(fields, doc.text)
    return Header(**fields), first_body  # type: ignore[arg-type]


_CHAPTER = re.compile(r"^(?:(?:chapter|part|section)\s+[\divxlc]+\s*[:.\-–]?\s*|\d+(?:\.\d+)*\.?\s+)", re.I)


_SITE_URL = re.compile(
    r"lgo\.org\.uk/decisions/(?P<top>[a-z0-9-]+)/(?P<sub>[a-z0-9-]+)/(?P<ref>[0-9]{2}-?[0-9]{3}-?[0-9]{3}[a-z]?)\b",
    re.I,
)


def _category_from_url(fields: dict[str, object], text: str) -> None:
    """A page that names no category may still carry its address on the Ombudsman's site
    (a browser's "saved from" line, an HTML canonical link): the address holds category and subcategory."""
    for chunk in (text[:6000], text[-4000:]):
        m = _SITE_URL.search(chunk)
        if m is None:
            continue
        if "reference" in fields and normalise_reference(m.group("ref")) != fields["reference"]:
            continue  # the address of another decision (a link in the text)
        tops = {slug(t): t for t in CATEGORY_TREE}
        top_key = CATEGORY_ALIASES.get(m.group("top").lower(), m.group("top").lower()).split("/")[0]
        if top_key in tops:
            top = tops[top_key]
            fields["category"] = top
            subs = {slug(sub): sub for sub in CATEGORY_TREE[top]}
            fields["subcategory"] = subs.get(m.group("sub").lower(), m.group("sub").replace("-", " ").capitalize())
            fields.setdefault("reference", normalise_reference(m.group("ref")))
        return


def _category_from_summary(fields: dict[str, object], summary: str) -> None:
    """Report summaries open with the category: "Adult care services: Mrs D complains…"."""
    if "category" in fields:
        return
    head, sep, _ = summary.partition(":")
    if sep and category_key(head.strip()) is not None:
        fields["category"] = next(top for top in CATEGORY_TREE if slug(top) == slug(head.strip()))


def role_of(heading: str) -> str | None:
    """The role of a section heading, or None for a subheading.

    >>> role_of("Chapter 3: Recommendations"), role_of("What I found"), role_of("Children in Need")
    ('action', 'findings', None)
    """
    h = _CHAPTER.sub("", _clean(heading)).lower().rstrip(":?. ")
    for pattern, role in _ROLE_PATTERNS:
        if pattern.search(h):
            return role
    return None


_ANALYSIS_HEADING = re.compile(r"^(?:analysis|my analysis|my view)\b", re.I)


def place(blocks: tuple[Block, ...]) -> list[Placed]:
    """Each body block with its section role, topic and whether it is background.

    Where the findings use explicit "Analysis" subheadings, the text under a
    topic heading before its "Analysis" is narrative (background).
    """
    explicit_analysis = any(b.kind == "heading" and _ANALYSIS_HEADING.match(_clean(b.text)) for b in blocks)
    placed: list[Placed] = []
    role, topic, background = "preamble", "", False
    just_opened_background = False  # a background heading with no text under it yet
    for block in blocks:
        if block.kind != "heading":
            placed.append(Placed(block, role, topic, background))
            just_opened_background = False
            continue
        text = _clean(block.text)
        new_role = role_of(text)
        if _BACKGROUND.match(text):
            background = True
            just_opened_background = True
            continue
        elif _ANALYSIS.match(text):
            background = False
            if not _ANALYSIS_HEADING.match(text):
                topic = ""
            if new_role is not None and role != "findings":
                role, topic = new_role, ""
        elif new_role is not None:
            role, topic, background = new_role, "", False
        else:
            # a subheading straight under "Relevant law" belongs to it; after text, it opens a new topic
            topic = block.text
            background = role == "findings" and (explicit_analysis or (background and just_opened_background))
        just_opened_background = False
    return placed


_TERMINAL = (".", "!", "?", ")", '"', "”", "’", "'")


def reaches_end(doc: Layout, body: list[Placed]) -> bool:
    """Does the text reach the end of the decision?

    It does when it reaches the sign-off ("Investigator's decision on behalf of the Ombudsman",
    "Ombudsman satisfied with council's response") or the page furniture after it, or when its last
    section is the final decision and the text stops at the end of a sentence there.  A page cut off
    in its findings, or mid-sentence anywhere, does not.
    """
    if doc.signed_off:
        return True
    if not body or not doc.blocks:
        return False
    last = doc.blocks[-1]
    return body[-1].role == "final" and last is body[-1].block and last.text.rstrip().endswith(_TERMINAL)
