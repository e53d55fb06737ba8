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

IRIs follow legislation.gov.uk: ``/section/26A/1``, ``/schedule/5/paragraph/1``
and ``/part/N``, where N is written as the Act numbers its Parts (Roman up to
2000, Arabic from 2002; 2001 gets no Part IRI).  A bracket that is no plausible
subsection ("34H(i)", "34(B)", the "(a)" of "26(6)(a)") stays in ``raw_extra``
and the IRI stops at the level the text makes certain.  Short ranges
("sections 188 to 190") are spelt out; longer ones give their two ends.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import NamedTuple

from kg.parse.acts import (
    ACTS,
    FREE_CAPS,
    GENERIC_ACT,
    ActMention,
    act_iri,
    find_acts,
    normalise,
    resolve_year_anaphor,
)
from kg.parse.guidance import GUIDANCE_TITLES, GuidanceMatch, find_guidance, guidance_iri
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


# --- the grammar of a citation ------------------------------------------------------------
# A chain is one or more units ("section 26(1) and 26A(1)", "Schedule 5/5A, paragraph 1/3"),
# each a keyword and a list of numbers with their bracketed subsections.
_F = re.ASCII
_ARAB = r"[1-9][0-9]{0,3}[A-Z]{0,3}(?![A-Za-z0-9])(?!\.[0-9])"
_ROMAN = r"[IVXLC]{1,7}(?![A-Za-z0-9])"
_SUB = r"\(\s*[0-9A-Za-z]{1,5}(?:\s*(?:,|and|or|&|to|-)\s*[0-9A-Za-z]{1,5}){0,5}\s*\)"
_SUBS = rf"(?:\s?{_SUB}){{0,4}}"
_COUNTED = (  # "section 47 and 3 children": a count, not a provision
    r"(?!\s*(?:%|per\s?cent|years?|months?|weeks?|days?|hours?|minutes?|times|children|people|persons|pounds|"
    r"occasions|visits|members|families|cases|pupils|staff|officers|letters|emails|calls)\b)"
)
_LSEP = r"(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or|to|&)\s+|\s*[/&-]\s*)"
_ALIST = rf"{_ARAB}{_SUBS}(?:{_LSEP}(?:{_ARAB}|{_SUB}){_SUBS}{_COUNTED})*"
_RLIST = rf"{_ROMAN}(?:{_LSEP}{_ROMAN})*"
_SEC = r"(?:(?:[Ss]ections?|SECTIONS?)\s*|[Ss]{1,2}\.?\s?)"
_SCH = r"(?:(?:[Ss]chedules?|SCHEDULES?)\s*|[Ss]ch\.?\s?)"
_PARA = r"(?:(?:[Pp]aragraphs?|PARAGRAPHS?)\s*|[Pp]aras?\.?\s?)"
_PART = r"(?:(?:[Pp]arts?|PARTS?)\s*|P[Tt]\.?\s?)"
_USEP = r"(?:\s*,\s*(?:as\s+amended\s*,\s*)?(?:(?:and|or)\s+)?|\s+(?:and|or|of|to|in)\s+|\s+)"
_UNIT = (
    rf"(?:{_SEC}{_ALIST}|{_SCH}{_ALIST}(?:{_USEP}{_PARA}{_ALIST})?|{_PARA}{_ALIST}{_USEP}{_SCH}{_ALIST}"
    rf"|{_PART}(?:{_ALIST}|{_RLIST}))"
)
_CHAIN = re.compile(rf"(?<![\w'.]){_UNIT}(?:{_USEP}{_UNIT})*", _F)
_KEYWORD = re.compile(
    rf"(?<![\w'.])(?:(?P<sch>{_SCH})|(?P<para>{_PARA})|(?P<part>{_PART})|(?P<sec>{_SEC}))(?=[0-9IVXLC])", _F
)
_TOKEN = re.compile(rf"(?P<num>{_ARAB}|{_ROMAN})|(?P<sub>\([^()]*\))|(?P<sep>,|\band\b|\bor\b|\bto\b|&|/|-)", _F)
_PLAUSIBLE_SUB = re.compile(r"[1-9][0-9]{0,2}[A-Z]{0,2}", _F)
_PARAGRAPH = re.compile(r"\(\s*([a-z])\s*\)", _F)  # a paragraph letter: "(c)" of "26(6)(c)"
_ROMANS = (("C", 100), ("XC", 90), ("L", 50), ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))

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


def _roman(n: int) -> str:
    out = ""
    for sym, val in _ROMANS:
        while n >= val:
            out, n = out + sym, n - val
    return out


def _arabic(numeral: str) -> int | None:
    """'VII' -> 7; None unless a well-formed Roman numeral."""
    total, rest = 0, numeral
    for sym, val in _ROMANS:
        while rest.startswith(sym):
            total, rest = total + val, rest[len(sym) :]
    return total if total and not rest and _roman(total) == numeral else None


def _expand(a: str, b: str) -> list[str]:
    """A short range of whole numbers, ends included: '188', '190' -> ['188', '189', '190']."""
    if a.isdigit() and b.isdigit() and 0 < int(b) - int(a) <= 5:
        return [str(n) for n in range(int(a), int(b) + 1)]
    return [a, b]


# --- one chain -> provisions --------------------------------------------------------------
@dataclass(slots=True)
class _Item:
    num: str
    subs: list[tuple[int, int]]  # offsets of each bracketed group
    sep: str | None  # what came before it


def _items(norm: str, lo: int, hi: int) -> list[_Item]:
    items: list[_Item] = []
    sep = None
    for t in _TOKEN.finditer(norm, lo, hi):
        if t.group("num"):
            items.append(_Item(t.group("num"), [], sep))
            sep = None
        elif t.group("sub") and items:
            if sep is not None and _PLAUSIBLE_SUB.match(t.group("sub")[1:].strip()):
                items.append(_Item(items[-1].num, [t.span()], sep))  # "(1) and (2)": the same number again
            else:
                items[-1].subs.append(t.span())  # "26(1)(a)", or the "(c)" of "(a) - (c)"
            sep = None
        elif t.group("sep"):
            sep = t.group("sep")
    return items


def _resolve_item(text: str, norm: str, item: _Item) -> list[tuple[str, str | None, str | None]]:
    """(number, subsection, residue) for each subsection an item names; implausible ones stay residue."""
    if not item.subs:
        return [(item.num, None, None)]
    (s, e), rest = item.subs[0], item.subs[1:]
    extra = text[rest[0][0] : rest[-1][1]] if rest else None
    values = re.split(r"\s*(?:,|\band\b|\bor\b|&)\s*", norm[s + 1 : e - 1].strip())
    ranged = [re.split(r"\s*(?:\bto\b|-)\s*", v) for v in values]
    if all(_PLAUSIBLE_SUB.fullmatch(x) for r in ranged for x in r) and all(len(r) <= 2 for r in ranged):
        subs = [x for r in ranged for x in (_expand(*r) if len(r) == 2 else r)]
        adjacent = len(rest) <= 1 or not norm[rest[0][1] : rest[1][0]].strip()  # "(a)(i)", not "(a) - (c)"
        if len(subs) == 1 and rest and adjacent and (letter := _PARAGRAPH.fullmatch(norm[rest[0][0] : rest[0][1]])):
            # "26(6)(c)": the paragraph of a subsection is part of the identifier (/section/26/6/c)
            more = text[rest[1][0] : rest[-1][1]] if len(rest) > 1 else None
            return [(item.num, f"{subs[0]}/{letter.group(1)}", more)]
        return [(item.num, sub, extra) for sub in subs]
    return [(item.num, None, text[s : rest[-1][1] if rest else e])]


def _numbers(text: str, norm: str, items: list[_Item]) -> list[tuple[str, str | None, str | None]]:
    out: list[tuple[str, str | None, str | None]] = []
    for i, item in enumerate(items):
        if item.sep in ("to", "-") and i and not item.subs and not items[i - 1].subs:
            out.extend((n, None, None) for n in _expand(items[i - 1].num, item.num)[1:])
        else:
            out.extend(_resolve_item(text, norm, item))
    return out


def _provisions(text: str, norm: str, lo: int, hi: int) -> list[tuple[str, str | None, tuple[str, ...], str | None]]:
    """(kind, provision, IRI path, residue) for each provision the chain at ``lo:hi`` names."""
    keys = list(_KEYWORD.finditer(norm, lo, hi))
    units = []
    for k, nxt in zip(keys, keys[1:] + [None]):
        kind = k.lastgroup
        units.append((kind, _items(norm, k.end(), nxt.start() if nxt else hi)))
    out: list[tuple[str, str | None, tuple[str, ...], str | None]] = []
    pairs: list[tuple[str, tuple[str, str | None, str | None] | None]]
    path: tuple[str, ...]
    i = 0
    while i < len(units):
        kind, items = units[i]
        if kind in ("sch", "para") and i + 1 < len(units) and {kind, units[i + 1][0]} == {"sch", "para"}:
            sch, paras = (items, units[i + 1][1]) if kind == "sch" else (units[i + 1][1], items)
            i += 2
            scheds, nums = _numbers(text, norm, sch), _numbers(text, norm, paras)
            if len(scheds) == 1:
                pairs = [(scheds[0][0], p) for p in nums]
            elif len(scheds) == len(nums) and all(it.sep in (None, "/") for it in sch + paras):
                pairs = [(s[0], p) for s, p in zip(scheds, nums)]
            else:
                pairs = [(s[0], None) for s in scheds]
            for s, p in pairs:
                extra = p[2] if p else None
                if p and p[1]:
                    extra = f"({p[1]}){extra or ''}"
                path = ("schedule", s) + (("paragraph", p[0]) if p else ())
                out.append(("sch", provision_name(path), path, extra))
            continue
        i += 1
        if kind == "sec":
            for num, sub, extra in _numbers(text, norm, items):
                if sub is None and extra and re.fullmatch(r"\([A-Z]{1,2}\)", extra.strip()) and num.isdigit():
                    # "34(B)": no section has a subsection B; the Act's own section 34B, with its letter bracketed
                    num, extra = num + extra.strip()[1:-1], None
                path = ("section", num) + (tuple(sub.split("/")) if sub else ())
                out.append(("sec", provision_name(path), path, extra))
        elif kind in ("part", "sch"):
            for num, _, extra in _numbers(text, norm, items):
                n = num if num[0].isdigit() else str(_arabic(num) or num)
                path = ("part" if kind == "part" else "schedule", n)
                out.append((kind, provision_name(path), path, extra))
    seen: set[str | None] = set()
    unique = []
    for found in out:
        if found[1] not in seen:
            seen.add(found[1])
            unique.append(found)
    return unique


def _iri(act: str | None, path: tuple) -> str | None:
    base = act_iri(act)
    if base is None:
        return None
    if path[0] == "part":
        year, n = ACTS[act][0] if act is not None else 0, path[1]
        if re.fullmatch(r"[1-9][0-9]?[A-Z]", n):
            return f"{base}/part/{n}"  # an inserted Part keeps its number as written ("Part 3A" of the 1974 Act)
        if not n.isdigit() or int(n) > 100:
            return None
        # legislation.gov.uk numbers Parts as the Act does: Roman up to 2000 (Housing Act 1996 part/VII), Arabic later
        part = _roman(int(n)) if year <= 2000 else str(n) if year >= 2002 else None
        return f"{base}/part/{part}" if part else None
    return base + "".join(f"/{seg}" for seg in path)


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
        return _Place(lo, _close(norm, generic.end(), after.group("open")), None, " ".join(generic.group().split()))
    if after.group("conn") in ("of", "to") and _FOREIGN.match(norm, q):
        return None  # "section 3 of the Council's policy", "Schedule 1 to the Regulations"
    i = lo  # "Local Government Act 1974, section 26(1)", "Housing Act 1996 (section 188)"
    while i > 0 and norm[i - 1] in " \t\n\r\f\v,(" and lo - i < 6:
        i -= 1
    if (prev := by_end.get(i)) and norm.count(",", i, lo) + norm.count("(", i, lo) <= 1:
        return _Place(prev.start, _close(norm, hi, "(" in norm[i:lo]), prev, None, True)
    return _Place(lo, hi, None, None)


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
    for chain in _CHAIN.finditer(norm):
        provisions = _provisions(text, norm, *chain.span())
        if provisions and not _ABOVE.match(norm, chain.end()):
            place = _attach(norm, *chain.span(), by_start, by_end)
            if place is not None:
                cites.append((place, provisions))
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
                    _iri(act, path) if path else None,
                    label,
                    extra,
                )
            )
    for m in mentions:
        if m.kind == "named" and m.start not in written:
            out.append(
                StatuteMatch(m.start, m.end, text[m.start : m.end], m.act, None, act_iri(m.act), m.act or m.name)
            )
    taken = [(m.start, m.end) for m in mentions] + [(p.start, p.end) for p, _ in cites]
    for u in _UNKNOWN_ACT.finditer(norm):
        start, title = _strip_free_caps(norm, u.start(), u.group(0))
        if not any(a < u.end() and start < b for a, b in taken) and " " in title:
            # an Act we have no chapter for ("the Land Drainage Act 1991"): kept by name, with no IRI
            out.append(StatuteMatch(start, u.end(), text[start : u.end()], None, None, None, title))
    out.sort(key=lambda s: s.start)
    return out


#: A titled Act with its year that the table does not hold.
_UNKNOWN_ACT = re.compile(
    r"\b(?:[A-Z][a-z'-]+,?\s+(?:(?:and|of|for|the|in|on|to|&)\s+)*){0,7}[A-Z][a-z'-]+\s+Act\s+(?:1[89]|20)[0-9]{2}\b"
)


def _strip_free_caps(norm: str, start: int, title: str) -> tuple[int, str]:
    """Drop leading capitalised words that are not part of a title ("Under Land Drainage Act 1991")."""
    words = title.split(" ")
    while len(words) > 3 and words[0].rstrip(",") in FREE_CAPS:
        start += len(words[0]) + 1
        words = words[1:]
    return start, " ".join(" ".join(words).split())
