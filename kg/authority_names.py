"""The rules for reading an authority's name: one spelling, the words that say what kind of council, other bodies.

:mod:`kg.authorities` resolves names with these; they know nothing of the table.

>>> name_key("The London Borough of Hackney (24 002 630)")
'london borough of hackney'
>>> [(core, sorted(types)) for core, types in designated("hackney lb")]
[('hackney', ['LBO'])]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: registry type code -> concept of the authority-type scheme (kg.vocab.AUTHORITY_TYPES)
TYPE_KEYS = {
    "CTY": "county-council",
    "NMD": "district-council",
    "UA": "unitary-authority",
    "MD": "metropolitan-district",
    "LBO": "london-borough",
    "CC": "city-corporation",
    "COMB": "combined-authority",
    "SRA": "strategic-authority",
}


# --- one spelling of a name ---------------------------------------------------------------------------------

_REFERENCE_SUFFIX = re.compile(r"\s*\(\s*\d{2}[\s\u00a0-]*\d{3}[\s\u00a0-]*\d{3}[A-Za-z]?\s*\)\s*$")


def name_key(name: str) -> str:
    """The spelling names are compared in.

    >>> name_key("St. Helens Metropolitan Borough Council"), name_key("Newark & Sherwood"), name_key("King's Lynn")
    ('st helens metropolitan borough council', 'newark and sherwood', 'kings lynn')
    >>> name_key("The Royal Borough of Kingston-upon-Thames (24 005 444)")
    'royal borough of kingston upon thames'
    """
    text = _REFERENCE_SUFFIX.sub("", name).casefold().replace("&", " and ")
    text = re.sub(r"[.'’`]", "", text)
    words = re.sub(r"[^0-9a-z]+", " ", text).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join("st" if w == "saint" else w for w in words)


# --- the words that say what kind of council -------------------------------------------------------------------

_ANY = frozenset(TYPE_KEYS)
_BOROUGH = frozenset({"NMD", "UA", "MD", "LBO"})
_CITY = frozenset({"NMD", "UA", "MD", "LBO", "CC"})
_COUNTY = frozenset({"CTY", "UA"})
_ROYAL = frozenset({"LBO", "UA", "NMD"})

#: words after the name -> the registry types they allow (longest first, so "borough council" is not "council")
SUFFIXES: tuple[tuple[str, frozenset[str]], ...] = (
    ("metropolitan borough council", frozenset({"MD"})),
    ("metropolitan district council", frozenset({"MD"})),
    ("london borough council", frozenset({"LBO"})),
    ("royal borough council", _ROYAL),
    ("borough council", _BOROUGH),
    ("district council", frozenset({"NMD"})),
    ("county council", _COUNTY),
    ("city council", _CITY),
    ("combined authority", frozenset({"COMB"})),
    ("london boro", frozenset({"LBO"})),
    ("council", _ANY),
    ("county", _COUNTY),
    ("district", frozenset({"NMD", "MD"})),
    ("borough", _BOROUGH),
    ("city", _CITY),
    ("mbc", frozenset({"MD"})),
    ("mdc", frozenset({"MD"})),
    ("lbc", frozenset({"LBO"})),
    ("lb", frozenset({"LBO"})),
    ("rbc", _ROYAL),
    ("rb", _ROYAL),
    ("bc", _BOROUGH),
    ("dc", frozenset({"NMD"})),
    ("cc", _COUNTY | _CITY),
    ("ua", frozenset({"UA"})),
    ("ca", frozenset({"COMB"})),
)
#: words before the name -> the registry types they allow
PREFIXES: tuple[tuple[str, frozenset[str]], ...] = (
    ("london borough of", frozenset({"LBO"})),
    ("royal borough of", _ROYAL),
    ("metropolitan borough of", frozenset({"MD"})),
    ("borough council of", _BOROUGH),
    ("borough of", _BOROUGH),
    ("city of", _ANY),
    ("county of", _COUNTY),
    ("council of the", _ANY),
    ("lb", frozenset({"LBO"})),
    ("rb", _ROYAL),
)


def designated(key: str) -> Iterator[tuple[str, frozenset[str]]]:
    """(name, types allowed) for each way of reading ``key`` as a name with words of kind around it.

    >>> sorted(core for core, _ in designated("city of york council"))
    ['city of york', 'york', 'york council']
    """
    heads = [(key, _ANY, False)] + [
        (key[len(p) + 1 :], types, True) for p, types in PREFIXES if key.startswith(p + " ") and len(key) > len(p) + 1
    ]
    for rest, allowed, cut in heads:
        if cut:
            yield rest, allowed
        for s, types in SUFFIXES:
            if rest.endswith(" " + s) and len(rest) > len(s) + 1:
                yield rest[: -len(s) - 1], allowed & types


# --- bodies that are not councils ----------------------------------------------------------------------------

#: authority-type concept -> what its name says (a regular expression on name_key); the first that matches wins
BODY_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (
            "school-appeal-panel",
            r"\bappeals? panel\b|\badmissions? appeal|\bexclusions? review panel\b|\bindependent review panel\b",
        ),
        (
            "nhs-body",
            r"\bnhs\b|\bclinical commissioning group\b|\bccg\b|\bintegrated care (board|system)\b|\bicb\b"
            r"|\bfoundation trust\b|\bhealth( and care| and social care)? trust\b|\bhospitals?\b"
            r"|\bambulance service\b|\bprimary care trust\b|\bcommissioning support unit\b",
        ),
        (
            "school",
            r"\bschools?\b|\bacadem(y|ies)\b|\bcollege\b|\bgoverning bod(y|ies)\b|\bgovernors\b|\bpupil referral unit\b",
        ),
        (
            "care-provider",
            r"\b(ltd|limited|llp|plc|cic)\b|\bt a\b|\bcare (homes?|services|group|agency)\b|\bnursing homes?\b"
            r"|\bhome ?care\b|\bdomiciliary\b|\bsupported living\b|\bresidential homes?\b",
        ),
        ("parish-council", r"\b(parish|town|village|community|neighbourhood) council\b|\bparish meeting\b"),
        (
            "other-public-body",
            r"\bdrainage board\b|\bfire (and rescue )?authority\b|\bfire and rescue service\b|\bnational park\b"
            r"|\bpolice\b|\bcrime commissioner\b|\btransport for london\b|\bwaste (disposal )?authority\b"
            r"|\bport health authority\b|\bconservators\b|\bjoint (committee|board)\b|\bpassenger transport\b"
            r"|\bbroads authority\b|\bharbour (board|commissioners)\b",
        ),
    )
)


def body_kind(name: str) -> str | None:
    """The kind of body a name says it is, if it says (never a guess from what it does not say).

    >>> body_kind("Hollins Park Academy Admission Appeal Panel"), body_kind("Brindlecombe NHS Foundation Trust")
    ('school-appeal-panel', 'nhs-body')
    >>> body_kind("Meadowbank Care Ltd (t/a Meadowbank House)"), body_kind("JCOSS") is None
    ('care-provider', True)
    """
    key = name_key(name)
    return next((kind for kind, pattern in BODY_KINDS if pattern.search(key)), None)


__all__ = ["BODY_KINDS", "PREFIXES", "SUFFIXES", "TYPE_KEYS", "body_kind", "designated", "name_key"]
