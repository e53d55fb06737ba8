"""Statute provisions and guidance documents cited in a decision's text.

Pure functions over a string; offsets index the string passed in, so
``text[m.start:m.end] == m.text`` for every match.

>>> [(m.label, m.iri) for m in find_statutes("(Local Government Act 1974, sections 26(1) and 26A(1), as amended)")]
[('Local Government Act 1974 s26(1)', 'http://www.legislation.gov.uk/id/ukpga/1974/7/section/26/1'), \
('Local Government Act 1974 s26A(1)', 'http://www.legislation.gov.uk/id/ukpga/1974/7/section/26A/1')]
>>> [(m.label, m.raw_extra) for m in find_statutes("(Local Government Act 1974, section 30(1B) and 34H(i), as amended)")]
[('Local Government Act 1974 s30(1B)', None), ('Local Government Act 1974 s34H', '(i)')]
>>> [m.label for m in find_statutes("(Local Government Act 1974, Schedule 5/5A, paragraph 1/3, as amended)")]
['Local Government Act 1974 Schedule 5 para 1', 'Local Government Act 1974 Schedule 5A para 3']
>>> [(m.text, m.iri) for m in find_statutes("the duty (S.47 Children Act 1989) and the 1989 Children Act")]
[('S.47 Children Act 1989', 'http://www.legislation.gov.uk/id/ukpga/1989/41/section/47'), \
('1989 Children Act', 'http://www.legislation.gov.uk/id/ukpga/1989/41')]
>>> [(m.label, m.iri) for m in find_statutes("help under section 20, as the report says")]
[('s20', None)]

How a citation finds its Act, most certain first: the Act written right
after it ("section 17 of the Children Act 1989", "S.47 Children Act 1989",
"Schedule 5 (Local Government Act 1974)"), the Act written right before it
("Local Government Act 1974, section 26", "Housing Act 1996 (section 188)"),
else the one Act its sentence names, not counting an Act that leads its own
bracketed formula.  With none of these, or several Acts in the sentence,
``act`` and ``iri`` are None: never a guess.  A numbered section "of" some
other document ("section 3 of the Council's policy", "Schedule 1 to the
Regulations") is no statute and is dropped; so are a bare "paragraph 12" (a
paragraph of the decision itself) and a Part or Schedule with no Act beside it.

How a chain of provisions is read and placed below its Act is :mod:`kg.parse.provisions`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

from kg.parse.acts import (
    ACTS,
    FREE_CAPS,
    GENERIC_ACT,
    ActMention,
    act_iri,
    devolved,
    find_acts,
    names_another_document,
    normalise,
    resolve_year_anaphor,
)
from kg.parse.guidance import GUIDANCE_TITLES, GuidanceMatch, find_guidance, guidance_iri
from kg.parse.prefilter import scanned
from kg.parse.provisions import CHAIN, chain_provisions, provision_iri
from kg.vocab import provision_name

__all__ = ["ACTS", "GUIDANCE_TITLES", "GuidanceMatch", "StatuteMatch", "find_guidance", "find_statutes", "guidance_iri"]


@dataclass(frozen=True, slots=True)
class StatuteMatch:
    """One provision (or a whole Act) cited at ``start:end``; several provisions of one citation share the span."""

    start: int
    end: int
    text: str
    act: str | None
    provision: str | None
    iri: str | None
    label: str
    raw_extra: str | None = None


_F = re.ASCII
_AFTER = re.compile(
    r"\s*,\s*(?=[A-Z])|\s*(?P<open>\()\s*|\s+(?:(?P<conn>of|to|in|under|within)\s+)?(?P<the>the\s+)?|", _F
)
_FOREIGN = re.compile(r"(?:the|this|that|its|our|their|his|her|a|an)\b|[A-Z]", _F)
_ABOVE = re.compile(r"\s+(?:above|below)\b", _F)
_STOP = re.compile(
    r"[.!?;](?=\s)|\n[ \t]*\n|\n(?=[ \t]*(?:[0-9]{1,3}[.)]|[*\u2022\u25aa\u25e6-]|\(?[a-z]{1,4}\))[ \t])", _F
)
_NOT_A_STOP = re.compile(
    r"(?:\b(?:s|ss|S|Ss|para|paras|sch|Sch|No|no|c|Pt|pt|e\.g|i\.e|cf|Mr|Mrs|Ms|Dr|reg|art|p|pp|v|vs|St))$"
)


# --- attaching a chain to its Act ---------------------------------------------------------
class _Place(NamedTuple):
    start: int
    end: int
    mention: ActMention | None  # the Act written beside the citation
    title: str | None  # or a title we do not know ("Protection of Pets Act 2001")
    before: bool = False  # "Care Act 2014, section 9": the Act leads a citation formula


def _close(norm: str, end: int, opened: str | bool | None) -> int:
    return end + 1 if opened and norm.startswith(")", end) else end


def _attach(norm: str, lo: int, hi: int, by_start: dict, by_end: dict) -> _Place | None:
    """Where the Act of the citation at ``lo:hi`` is written; None when it cites another kind of document."""
    after = _AFTER.match(norm, hi)
    assert after is not None  # every part of the pattern is optional: it always matches
    q = after.start("the") if after.group("the") else after.end()
    mention = by_start.get(q) or by_start.get(after.end())
    if mention:  # "section 17 of the Children Act 1989", "S.47 Children Act 1989", "Schedule 5 (LGA 1974)"
        return _Place(lo, _close(norm, mention.end, after.group("open")), mention, None)
    generic = GENERIC_ACT.match(norm, after.end())
    if generic and generic.group().split()[0] not in FREE_CAPS:
        if devolved(generic.group()) or names_another_document(norm, generic.end()):
            return None  # "Part 2 of the Housing (Wales) Act 2014", "… of the … Act 2008 (Regulated Activities) Regulations"
        return _Place(lo, _close(norm, generic.end(), after.group("open")), None, " ".join(generic.group().split()))
    if after.group("conn") in ("of", "to") and _FOREIGN.match(norm, q):
        return None  # "section 3 of the Council's policy", "Schedule 1 to the Regulations"
    i = lo  # "Local Government Act 1974, section 26(1)", "Housing Act 1996 (section 188)"
    while i > 0 and norm[i - 1] in " \t\n\r\f\v,(" and lo - i < 6:
        i -= 1
    if (prev := by_end.get(i)) and norm.count(",", i, lo) + norm.count("(", i, lo) <= 1:
        return _Place(prev.start, _close(norm, hi, "(" in norm[i:lo]), prev, None, True)
    if i < lo and norm.count(",", i, lo) + norm.count("(", i, lo) <= 1 and (title := _title_ending(norm, i)):
        # "The Public Health (Control of Disease) Act 1984 section 46": a title we do not know, leading its section
        return _Place(title[0], _close(norm, hi, "(" in norm[i:lo]), None, title[1], True)
    return _Place(lo, hi, None, None)


def _title_ending(norm: str, end: int) -> tuple[int, str] | None:
    """An Act's title with its year that ends at ``end`` (free capitals before it dropped), as (start, title)."""
    if not norm[max(0, end - 4) : end].isdigit():
        return None
    for m in GENERIC_ACT.finditer(norm, max(0, end - 160), end):
        if m.end() == end and m.group("year") and not devolved(m.group()):
            words = m.group().split()
            start = m.start()
            while len(words) > 3 and (words[0].rstrip(",") in FREE_CAPS or words[0].islower()):
                start = norm.index(words[1], start + len(words[0]))
                words = words[1:]
            return start, " ".join(words)
    return None


#: "Schedule 5 to the Local Government Act 1974, paragraph 5": the paragraph after the Act
_PARA_AFTER = re.compile(r"\s*,\s*(?:[Pp]aragraph|para\.?)\s*(?P<n>[1-9][0-9]{0,2}[A-Z]{0,2})(?![\w(])", re.ASCII)


def _paragraph_after(norm: str, place: _Place, provisions: list) -> tuple[_Place, list]:
    """A lone Schedule with its Act after it may have its paragraph after the Act."""
    if place.mention is None or place.before or len(provisions) != 1 or provisions[0][2][0] != "schedule":
        return place, provisions
    m = _PARA_AFTER.match(norm, place.end)
    if m is None or len(provisions[0][2]) != 2:
        return place, provisions
    path = (*provisions[0][2], "paragraph", m.group("n"))
    return place._replace(end=m.end()), [("sch", provision_name(path), path, None)]


def _sentence(stops: list[int], norm_len: int, pos: int) -> tuple[int, int]:
    i = bisect.bisect_right(stops, pos)
    return (stops[i - 1] if i else 0), (stops[i] if i < len(stops) else norm_len)


def _stops(norm: str) -> list[int]:
    return [m.end() for m in _STOP.finditer(norm) if not _NOT_A_STOP.search(norm, max(0, m.start() - 6), m.start())]


def _sentence_act(mentions: list[ActMention], span: tuple[int, int], skip: set[int]) -> str | None:
    """The one Act the sentence names, not counting Acts that lead their own citation formula."""
    acts = {m.act for m in mentions if span[0] <= m.start < span[1] and m.kind == "named" and m.start not in skip}
    return acts.pop() if len(acts) == 1 and None not in acts else None


_DEFINES_THE_ACT = re.compile(r"\s*\(\s*[\"'“‘]?the Act[\"'”’]?\s*\)")


def find_statutes(text: str) -> list[StatuteMatch]:
    """Every statute provision cited in ``text``, and every Act named on its own, in text order.

    >>> [m.label for m in find_statutes("section 1 of the Children Act 1989 and section 9 of the Care Act 2014")]
    ['Children Act 1989 s1', 'Care Act 2014 s9']
    >>> [m.label for m in find_statutes("Part 7 of the Housing Act 1996; s.42 of the Care Act; this section of the report")]
    ['Housing Act 1996 Part 7', 'Care Act 2014 s42']
    >>> [m.label for m in find_statutes("Section 47 work is excluded (Local Government Act 1974, Schedule 5)")]
    ['s47', 'Local Government Act 1974 Schedule 5']
    """
    norm = normalise(text)
    mentions = find_acts(norm)
    by_start = {m.start: m for m in mentions}
    by_end = {m.end: m for m in mentions}
    stops = _stops(norm)
    cites: list[tuple[_Place, list]] = []
    for chain in CHAIN.finditer(norm):
        provisions = chain_provisions(text, norm, *chain.span())
        if provisions and not _ABOVE.match(norm, chain.end()):
            place = _attach(norm, *chain.span(), by_start, by_end)
            if place is not None:
                cites.append(_paragraph_after(norm, place, provisions))
    written = {p.mention.start for p, _ in cites if p.mention}
    leading = {p.mention.start for p, _ in cites if p.mention and p.before}

    # "the Care Act 2014 (the Act)": a defined short name holds for the rest of the text
    defined = [
        (m.start, m.act) for m in mentions if m.kind == "named" and m.act and _DEFINES_THE_ACT.match(norm, m.end)
    ]

    def act_of(m: ActMention) -> str | None:
        if m.kind == "named":
            return m.act
        if m.year is not None:
            return resolve_year_anaphor(m, mentions)
        in_sentence = _sentence_act(mentions, _sentence(stops, len(norm), m.start), leading)
        if in_sentence is not None:
            return in_sentence
        earlier = [act for start, act in defined if start < m.start]
        return earlier[-1] if earlier else None

    out: list[StatuteMatch] = []
    for place, provisions in cites:
        if place.mention:
            act = act_of(place.mention)
            name = act or (place.mention.name if place.mention.kind == "named" else None)
        elif place.title:
            act, name = None, place.title
        else:  # no Act beside it: the sentence's one Act, sections only ("Part 2" alone is too unsure)
            act = name = _sentence_act(mentions, _sentence(stops, len(norm), place.start), leading)
            provisions = [p for p in provisions if p[0] == "sec"]
        for _, provision, path, extra in provisions:
            label = f"{name} {provision}" if name else (provision or "")
            out.append(
                StatuteMatch(
                    place.start,
                    place.end,
                    text[place.start : place.end],
                    act,
                    provision,
                    provision_iri(act, path) if path else None,
                    label,
                    extra,
                )
            )
    for m in mentions:
        # an Act named alone; "the Education Act" with no year says no Act for sure, so it is no citation
        if m.kind == "named" and m.start not in written and (m.act is not None or m.year is not None):
            out.append(
                StatuteMatch(m.start, m.end, text[m.start : m.end], m.act, None, act_iri(m.act), m.act or m.name)
            )
    taken = sorted([(m.start, m.end) for m in mentions] + [(p.start, p.end) for p, _ in cites])
    starts = [a for a, _ in taken]
    reach = list(accumulate((b for _, b in taken), max))  # the furthest end of the spans starting up to here
    for u in _UNKNOWN_ACT.finditer(norm):
        start, title = _strip_free_caps(norm, u.start(), u.group(0))
        # the spans starting before this one ends: it overlaps one of them if one reaches past its start
        before = bisect.bisect_left(starts, u.end())
        if (
            not (before and reach[before - 1] > start)
            and " " in title
            and not names_another_document(norm, u.end())  # "the Care Act 2014 statutory guidance": no Act cited
        ):
            # an Act we have no chapter for ("the Land Drainage Act 1991"): kept by name, with no IRI
            out.append(StatuteMatch(start, u.end(), text[start : u.end()], None, None, None, title))
    out.sort(key=lambda s: s.start)
    return out


#: A titled Act with its year that the table does not hold.
_UNKNOWN_ACT = scanned(
    r"\b(?:[A-Z][a-z'-]+,?\s+(?:(?:and|of|for|the|in|on|to|&)\s+)*){0,7}[A-Z][a-z'-]+\s+Act\s+(?:1[89]|20)[0-9]{2}\b",
    first=True,
)


def _strip_free_caps(norm: str, start: int, title: str) -> tuple[int, str]:
    """Drop leading capitalised words that are not part of a title ("Under Land Drainage Act 1991")."""
    words = title.split(" ")
    while len(words) > 3 and words[0].rstrip(",") in FREE_CAPS:
        start += len(words[0]) + 1
        words = words[1:]
    return start, " ".join(" ".join(words).split())
