"""The grammar of a statute citation and the provisions one citation names, with their IRI paths.

A citation is a chain of units ("section 26(1) and 26A(1)", "Schedule 5/5A,
paragraph 1/3", "Part 7"), each a keyword and a list of numbers with their
bracketed subsections.  :data:`CHAIN` finds a chain; :func:`chain_provisions` reads
the provisions it names; :func:`provision_iri` places one below its Act.

IRIs follow legislation.gov.uk: ``/section/26A/1``, ``/schedule/5/paragraph/1``
and ``/part/N``, where N is written as the Act numbers its Parts (Roman up to
2000, Arabic from 2002; 2001 gets no Part IRI).  A bracket that is no plausible
subsection ("34H(i)", "34(B)", the "(a)" of "26(6)(a)") stays in ``raw_extra``
and the IRI stops at the level the text makes certain.  Short ranges
("sections 188 to 190") are spelt out; longer ones give their two ends.

>>> text = "section 24A(6), as amended, section 34(B)"
>>> [p[1] for p in chain_provisions(text, text, 0, len(text))]
['s24A(6)', 's34B']
>>> provision_iri("Housing Act 1996", ("part", "7"))
'http://www.legislation.gov.uk/id/ukpga/1996/52/part/VII'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.parse.acts import ACTS, act_iri
from kg.parse.prefilter import scanned
from kg.vocab import provision_name

__all__ = ["CHAIN", "Provision", "chain_provisions", "provision_iri"]

#: (kind, provision name, IRI path below the Act, residue the IRI leaves out)
Provision = tuple[str, str | None, tuple[str, ...], str | None]

_F = re.ASCII
# A chain is one or more units ("section 26(1) and 26A(1)", "Schedule 5/5A, paragraph 1/3"),
# each a keyword and a list of numbers with their bracketed subsections.
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
CHAIN = scanned(rf"(?<![\w'.]){_UNIT}(?:{_USEP}{_UNIT})*", _F, first=True)
_KEYWORD = re.compile(
    rf"(?<![\w'.])(?:(?P<sch>{_SCH})|(?P<para>{_PARA})|(?P<part>{_PART})|(?P<sec>{_SEC}))(?=[0-9IVXLC])", _F
)
_TOKEN = re.compile(rf"(?P<num>{_ARAB}|{_ROMAN})|(?P<sub>\([^()]*\))|(?P<sep>,|\band\b|\bor\b|\bto\b|&|/|-)", _F)
_PLAUSIBLE_SUB = re.compile(r"[1-9][0-9]{0,2}[A-Z]{0,2}", _F)
_LIST_JOINS = frozenset({",", "and", "or", ", and", ", or", "&"})
_PARAGRAPH = re.compile(r"\(\s*([a-z])\s*\)", _F)  # a paragraph letter: "(c)" of "26(6)(c)"
_ROMANS = (("C", 100), ("XC", 90), ("L", 50), ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))


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
        letters = [_PARAGRAPH.fullmatch(norm[a:b]) for a, b in rest]
        joins = [norm[rest[i][1] : rest[i + 1][0]].strip() for i in range(len(rest) - 1)]
        if len(subs) == 1 and len(rest) > 1 and all(letters) and all(j in _LIST_JOINS for j in joins):
            # "26(6)(a) and (b)", "26(6)(a), (b) and (c)": each paragraph named is a provision of its own
            return [(item.num, f"{subs[0]}/{x.group(1)}", None) for x in letters if x]
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


def chain_provisions(text: str, norm: str, lo: int, hi: int) -> list[Provision]:
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


def provision_iri(act: str | None, path: tuple) -> str | None:
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
