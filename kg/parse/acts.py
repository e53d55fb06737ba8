"""The Acts of Parliament the citation finder knows, and where a text names them.

The table of Acts itself (:data:`kg.legislation.ACTS`, short title to ``(year, chapter)``)
lives in the base layer; every IRI built from it is a legislation.gov.uk identifier of a UK Public
General Act (``ukpga``).  An Act not in the table is still recognised when a
citation names it, but gets no IRI: unknown is ``None``, never a guess.

>>> act_iri("Children Act 1989")
'http://www.legislation.gov.uk/id/ukpga/1989/41'
>>> [(m.name, m.act) for m in find_acts("under the Children Act 1989 and the Housing Act")]
[('Children Act 1989', 'Children Act 1989'), ('Housing Act', None)]

:func:`find_acts` works on text already passed through :func:`normalise`,
which keeps every offset: one character in, one character out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.legislation import ACTS, act_iri  # noqa: F401 - act_iri is part of the citation finder's face
from kg.parse.prefilter import scanned

#: Abbreviations accepted only with their year, each naming exactly one Act.
ALIASES: dict[str, str] = {
    "LGA 1974": "Local Government Act 1974",
    "LGA 1972": "Local Government Act 1972",
    "CA 1989": "Children Act 1989",
    "CA 2014": "Care Act 2014",
    "CFA 2014": "Children and Families Act 2014",
    "HA 1996": "Housing Act 1996",
    "HRA 1998": "Human Rights Act 1998",
    "HRA 2017": "Homelessness Reduction Act 2017",
    "DPA 2018": "Data Protection Act 2018",
    "DPA 1998": "Data Protection Act 1998",
    "TCPA 1990": "Town and Country Planning Act 1990",
    "MHA 1983": "Mental Health Act 1983",
    "MCA 2005": "Mental Capacity Act 2005",
    "CSDPA 1970": "Chronically Sick and Disabled Persons Act 1970",
    "HGCRA 1996": "Housing Grants, Construction and Regeneration Act 1996",
    "RTRA 1984": "Road Traffic Regulation Act 1984",
    "TMA 2004": "Traffic Management Act 2004",
    "EPA 1990": "Environmental Protection Act 1990",
    "ASBCPA 2014": "Anti-social Behaviour, Crime and Policing Act 2014",
    "FOIA 2000": "Freedom of Information Act 2000",
    "HSCA 1993": "Health Service Commissioners Act 1993",
}

#: Names that, written without a year, mean one Act by convention ("the Children Act" is 1989).
#: Any other name without a year ("the Housing Act") is left unresolved.
YEARLESS: dict[str, str] = {
    name: title
    for title in (
        "Care Act 2014",
        "Children Act 1989",
        "Children and Families Act 2014",
        "Localism Act 2011",
        "Human Rights Act 1998",
        "Equality Act 2010",
        "Mental Health Act 1983",
        "Mental Capacity Act 2005",
        "Chronically Sick and Disabled Persons Act 1970",
        "Housing Grants, Construction and Regeneration Act 1996",
        "Road Traffic Regulation Act 1984",
        "Traffic Management Act 2004",
        "Environmental Protection Act 1990",
        "Anti-social Behaviour, Crime and Policing Act 2014",
        "Homelessness Reduction Act 2017",
        "Freedom of Information Act 2000",
        "Highways Act 1980",
        "Adoption and Children Act 2002",
        "Children and Social Work Act 2017",
        "Protection from Eviction Act 1977",
        "Protection from Harassment Act 1997",
        "Crime and Disorder Act 1998",
        "School Standards and Framework Act 1998",
        "Planning and Compulsory Purchase Act 2004",
        "Health Service Commissioners Act 1993",
    )
    for name in [title.rsplit(" Act ", 1)[0]]
}

# One character in, one character out: offsets survive normalising.
_NORMALISE = str.maketrans(
    {c: " " for c in "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\ufeff\x85"}
    | {c: "\n" for c in "\u2028\u2029"}
    | {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"}
    | {"\u2018": "'", "\u2019": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"'}
)


_NORMALISE_PAIRS = tuple((chr(k), v) for k, v in _NORMALISE.items())


def normalise(text: str) -> str:
    """``text`` with odd spaces, dashes and curly quotes made plain, character for character.

    >>> normalise("s\\u00a047 Children\\u2011Act ‘x’") == "s 47 Children-Act 'x'"
    True
    """
    for odd, plain in _NORMALISE_PAIRS:  # str.replace per character is far faster than translate()
        if odd in text:
            text = text.replace(odd, plain)
    return text


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower().replace("&", "and"))


_NAMES: dict[str, str] = {_key(t.rsplit(" Act ", 1)[0]): t.rsplit(" Act ", 1)[0] for t in ACTS}


def _name_pattern(name: str) -> str:
    """A regex for an Act's name: flexible spacing, '&' for 'and', either case after the first word."""
    out, prev = [], None
    for tok in re.findall(r"[A-Za-z]+|[^\sA-Za-z]", name):
        if tok.isalpha():
            if prev is not None:
                out.append(r"\s+" if prev.isalpha() else r"\s*")
            if tok == "and":
                out.append("(?:and|&)")
            else:
                head = tok[0] if prev is None else f"[{tok[0].upper()}{tok[0].lower()}]"
                out.append(head + re.escape(tok[1:]))
        else:
            out.append({"-": r"\s*-?\s*", ",": r"\s*,?"}.get(tok, r"\s*" + re.escape(tok)))
        prev = tok
    return "".join(out)


_NAME_ALT = "|".join(_name_pattern(n) for n in sorted(_NAMES.values(), key=len, reverse=True))
_YEAR = r"(?:,?\s+(?P<year>(?:1[89]|20)[0-9]{2})\b|\s*\((?P<pyear>(?:1[89]|20)[0-9]{2})\))"
_HAS_YEAR = r"(?=,?\s+(?:1[89]|20)[0-9]{2}\b|\s*\((?:1[89]|20)[0-9]{2}\))"
_NAMED = scanned(rf"(?<![\w-])(?P<name>{_NAME_ALT})\s+(?:Act|act{_HAS_YEAR})\b{_YEAR}?", re.ASCII)
_YEAR_FIRST = scanned(rf"\b[Tt]he\s+(?P<year>(?:1[89]|20)[0-9]{{2}})\s+(?P<name>{_NAME_ALT})\s+Act\b", re.ASCII)
_ABBR = scanned(r"(?<![\w-])(?P<abbr>" + "|".join(a.replace(" ", r"\s?") for a in ALIASES) + r")\b", re.ASCII)
_ANAPHOR = scanned(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:(?P<year>(?:1[89]|20)[0-9]{2})\s+)?Act\b(?!,?\s+[0-9]{4})", re.ASCII
)
#: A title we do not know, as in "section 2 of the Protection of Pets Act 2001" (used after a citation only).
GENERIC_ACT = re.compile(
    r"(?:[A-Z][A-Za-z'-]*(?:\s*\([A-Z][^()\n]{0,60}\))?,?\s+(?:(?:and|of|for|the|in|to|from|on|with|&)\s+)*){1,10}"
    r"Act\b(?:,?\s+(?P<year>(?:1[89]|20)[0-9]{2})\b)?",
    re.ASCII,
)
#: Capitalised words that may stand just before an Act's name without being part of its title
#: ("Under Children Act 1989"); any other capitalised word there means a longer title.
FREE_CAPS = frozenset(
    """A About Above After Also Although An And Article As At Because Before Both But By Chapter Despite Following
    For From However Her His I If In Including It Its Law Legal Not Note Of On Only Or Our Para Paragraph Paragraphs
    Part Parts Per Regulation S Schedule Schedules Section Sections See Since So Ss That The Their These This Those
    To Under Unlike Via We When Where Whereas Whether While With Within""".split()
)
_JOINERS = frozenset({"and", "&", "of", "for", "on", "in", "with", "from"})
#: A number with the letters it carries ("508B", "17ZA", "5A") is one token, never a word of a title.
_TOKENS = re.compile(r"[0-9][0-9A-Za-z]*|[A-Za-z][A-Za-z'-]*|&|[^\sA-Za-z0-9]")
#: Keywords a Roman numeral may number ("Part III", "Parts IV and VII"): the numeral is no title word.
_NUMBERED = frozenset({"Part", "Parts", "Pt", "PART", "PARTS", "Chapter", "Chapters", "Schedule", "Schedules", "Sch"})
_ROMAN_WORD = re.compile(r"[IVXLC]{1,7}")
_LIST_SEP = frozenset({",", "and", "or", "to", "&", "-", "/", "."})


@dataclass(frozen=True, slots=True)
class ActMention:
    """An Act named at ``start:end`` of the text.

    ``kind`` is ``named`` ("Children Act 1989", "the Care Act", "CA 1989",
    "the 1989 Children Act") or ``anaphor`` ("the Act", "the 1996 Act").
    ``name`` is how to call it in a label; ``act`` the canonical title, or
    None when the text does not say which Act for sure.
    """

    start: int
    end: int
    name: str
    act: str | None
    kind: str = "named"
    year: int | None = None


def _continues_title(norm: str, start: int) -> bool:
    """True when a longer capitalised title runs into ``start`` ("Adoption and | Children Act")."""
    tokens = _TOKENS.findall(norm, max(0, start - 60), start)
    if tokens and tokens[-1] in _JOINERS:
        tokens.pop()
    word = tokens[-1] if tokens else ""
    if not word[:1].isupper() or word in FREE_CAPS:
        return False
    return not _numbered_roman(tokens)


def _numbered_roman(tokens: list[str]) -> bool:
    """True when ``tokens`` end in Roman numerals a Part-like keyword numbers ("Part III", "Parts IV and VII")."""
    i = len(tokens) - 1
    seen = False
    while i >= 0 and (_ROMAN_WORD.fullmatch(tokens[i]) or (seen and tokens[i] in _LIST_SEP)):
        seen = seen or bool(_ROMAN_WORD.fullmatch(tokens[i]))
        i -= 1
    return seen and i >= 0 and tokens[i] in _NUMBERED


def _year(m: re.Match) -> int | None:
    y = m.groupdict().get("year") or m.groupdict().get("pyear")
    return int(y) if y else None


def find_acts(norm: str) -> list[ActMention]:
    """Every Act named in ``norm`` (a :func:`normalise`-d text), in text order, overlaps removed.

    >>> [m.name for m in find_acts("the 1989 Children Act; LGA 1974; Adoption and Children Act 2002; the Act")]
    ['Children Act 1989', 'Local Government Act 1974', 'Adoption and Children Act 2002', 'the Act']
    """
    found: list[tuple[int, int, str | None, int | None, str]] = []  # start, end, name, year, kind
    for m in _NAMED.finditer(norm):
        if not _continues_title(norm, m.start()):
            found.append((m.start(), m.end(), _NAMES[_key(m.group("name"))], _year(m), "named"))
    for m in _YEAR_FIRST.finditer(norm):
        found.append((m.start("year"), m.end(), _NAMES[_key(m.group("name"))], _year(m), "named"))
    for m in _ABBR.finditer(norm):
        alias = ALIASES[re.sub(r"(?<=[A-Z])(?=[0-9])", " ", "".join(m.group("abbr").split()))]
        found.append((m.start(), m.end(), alias.rsplit(" Act ", 1)[0], ACTS[alias][0], "named"))
    for m in _ANAPHOR.finditer(norm):
        found.append((m.start(), m.end(), None, _year(m), "anaphor"))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, str | None, int | None, str]] = []
    for f in found:
        if not kept or f[0] >= kept[-1][1]:
            kept.append(f)

    years: dict[str, set[int]] = {}
    for _, _, name, year, kind in kept:
        if kind == "named" and year is not None and name is not None:
            years.setdefault(name, set()).add(year)
    out: list[ActMention] = []
    for start, end, name, year, kind in kept:
        if kind == "anaphor":
            out.append(ActMention(start, end, f"the {year} Act" if year else "the Act", None, "anaphor", year))
        elif name is None:  # only anaphors go without a name
            continue
        elif year is None:  # "the Care Act": the one year the text gives it elsewhere, else the convention
            seen = years.get(name, set())
            title: str | None = f"{name} Act {min(seen)}" if len(seen) == 1 else None if seen else YEARLESS.get(name)
            out.append(ActMention(start, end, f"{name} Act", title if title in ACTS else None))
        else:
            title = f"{name} Act {year}"
            out.append(ActMention(start, end, title, title if title in ACTS else None, "named", year))
    # "the Care Act statutory guidance": the guidance is cited, not the Act; "the Health and Social Care Act 2008
    # (Regulated Activities) Regulations 2014": the Regulations are cited, not the Act
    out = [m for m in out if m.kind != "named" or not names_another_document(norm, m.end)]
    # "the Care Act 2014 (CA 2014)": the bracketed abbreviation defines a short name, it cites nothing more
    out = [m for i, m in enumerate(out) if not (i and _defines(norm, out[i - 1], m))]
    return _with_same_act(norm, _with_short_names(norm, out))


def _defines(norm: str, title: ActMention, short: ActMention) -> bool:
    gap = norm[title.end : short.start]
    return (
        title.kind == short.kind == "named"
        and title.act is not None
        and title.act == short.act
        and re.fullmatch(r"\s*\(\s*[\"']?(?:the\s+)?", gap) is not None
        and re.match(r"[\"']?\s*\)", norm[short.end : short.end + 4]) is not None
    )


_SAME_ACT = scanned(r"\b[Tt]he\s+same\s+Act\b")


def _with_same_act(norm: str, mentions: list[ActMention]) -> list[ActMention]:
    """``mentions`` and "the same Act", as the Act named last before it (within a few sentences), if there is one.

    >>> [(m.name, m.act) for m in find_acts("section 188 of the Housing Act 1996 and section 189B of the same Act")]
    [('Housing Act 1996', 'Housing Act 1996'), ('Housing Act 1996', 'Housing Act 1996')]
    """
    extra = []
    for u in _SAME_ACT.finditer(norm):
        before = [m for m in mentions if m.kind == "named" and m.end <= u.start() and u.start() - m.end < 300]
        if before and before[-1].act is not None and not any(m.start < u.end() and u.start() < m.end for m in mentions):
            last = before[-1]
            extra.append(ActMention(u.start(), u.end(), last.name, last.act, "named", last.year))
    return sorted(mentions + extra, key=lambda x: x.start) if extra else mentions


#: An Act's name followed by its guidance or code names the guidance, not the Act
_GUIDANCE_AFTER = re.compile(r"\s+(?:(?:[Ss]tatutory|[Gg]overnment)\s+)?(?:[Gg]uidance|[Cc]ode\s+of\s+[Pp]ractice)\b")
#: An Act's title that goes on into the title of a statutory instrument made under it
_INSTRUMENT_AFTER = re.compile(
    r"\s*(?:\([^()\n]{1,80}\)\s*){1,3}(?:Regulations|Order|Rules|Directions|Scheme)\b|\s+(?:Regulations|Order)\s+(?:19|20)[0-9]{2}\b"
)
#: Acts of the devolved legislatures ("Housing (Wales) Act 2014", an Act of the National Assembly for Wales): no Act
#: of Parliament, so no citation of a statute here.  Westminster's older "(Wales)"/"(Scotland)" Acts are not these.
_DEVOLVED = re.compile(
    r"\((?P<where>Wales|Scotland|Northern Ireland)\)\s+Act\b,?\s*(?P<year>(?:1[89]|20)[0-9]{2})?|\bMeasure\s+20[01][0-9]\b"
)


def names_another_document(norm: str, end: int) -> bool:
    """Does the Act's title ending at ``end`` go on to name its guidance, code or a statutory instrument?

    >>> names_another_document("the Care Act statutory guidance", 12)
    True
    >>> t = "Health and Social Care Act 2008 (Regulated Activities) Regulations 2014"
    >>> names_another_document(t, 31), names_another_document("Mental Health Act 1983 (the MHA) applies", 22)
    (True, False)
    """
    return bool(_GUIDANCE_AFTER.match(norm, end) or _INSTRUMENT_AFTER.match(norm, end))


def devolved(title: str) -> bool:
    """Is ``title`` an Act of the Senedd or National Assembly for Wales, the Scottish Parliament or the Northern
    Ireland Assembly (not of Parliament)?

    >>> devolved("Housing (Wales) Act 2014"), devolved("Local Government (Wales) Act 1994"), devolved("Housing Act 1996")
    (True, False, False)
    """
    m = _DEVOLVED.search(title)
    if m is None:
        return False
    if m.group("where") is None:
        return True  # a Measure of the National Assembly for Wales
    first = {"Wales": 2012, "Scotland": 1999, "Northern Ireland": 2000}[m.group("where")]
    return m.group("year") is not None and int(m.group("year")) >= first


#: A short name defined right after an Act's title: "Mental Health Act 1983 (the MHA)", "… 1990 (EPA)"
_DEFINES = re.compile(r"\s*\(\s*[\"']?(?:the\s+)?(?P<short>[A-Z]{2,8}|[A-Z][a-z]{2,11})[\"']?\s*\)")
_NOT_SHORT = frozenset({"Act", "Acts", "Council", "Councils", "Trust", "Code", "Guidance", "Regulations", "Ombudsman"})


def _with_short_names(norm: str, mentions: list[ActMention]) -> list[ActMention]:
    """``mentions`` and every later use of a short name a text defines for an Act ("the MHA", "Section 2 of the MHA").

    >>> [(m.name, m.act) for m in find_acts("the Mental Health Act 1983 (the MHA). Section 117 of the MHA applies.")]
    [('Mental Health Act 1983', 'Mental Health Act 1983'), ('Mental Health Act 1983', 'Mental Health Act 1983')]
    """
    extra: list[ActMention] = []
    taken = [(m.start, m.end) for m in mentions]
    for m in mentions:
        d = _DEFINES.match(norm, m.end)
        if m.kind != "named" or m.act is None or d is None or d.group("short") in _NOT_SHORT:
            continue
        short = re.compile(r"(?<![\w-])(?:[Tt]he\s+)?" + re.escape(d.group("short")) + r"(?![\w-])")
        for u in short.finditer(norm, d.end()):
            if not any(a < u.end() and u.start() < b for a, b in taken):
                extra.append(ActMention(u.start(), u.end(), m.act, m.act, "named", m.year))
                taken.append((u.start(), u.end()))
    return sorted(mentions + extra, key=lambda x: x.start) if extra else mentions


def resolve_year_anaphor(mention: ActMention, mentions: list[ActMention]) -> str | None:
    """The Act "the 1996 Act" means: the one Act of that year the text names, if known; else None."""
    if mention.year is None:
        return None
    acts = {m.act for m in mentions if m.kind == "named" and m.year == mention.year}
    return acts.pop() if len(acts) == 1 and None not in acts else None
