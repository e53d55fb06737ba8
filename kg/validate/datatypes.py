"""XSD literals as the fast engine reads them: is a lexical form well-typed, and what value does it stand for.

The rules are XML Schema 1.1 Part 2's lexical spaces, ASCII digits only, no
whitespace around the value (an RDF literal's lexical form is taken as
written): ``"300"^^xsd:byte`` is ill-typed (out of range), ``"2021-05-17Z"^^xsd:date``
is well-typed (a time zone is allowed), ``"20210517"^^xsd:date`` is not.
A datatype outside :data:`KNOWN` is refused by the compiler (the shape goes
to pySHACL) unless it is outside the XSD and RDF namespaces, where SHACL has
no lexical space to check.

>>> well_typed("300", XSD + "byte"), well_typed("127", XSD + "byte")
(False, True)
>>> well_typed("2021-05-17Z", XSD + "date"), well_typed("20210517", XSD + "date"), well_typed("2021-02-29", XSD + "date")
(True, False, False)
>>> value_of("2002-10-10T12:00:00-05:00", XSD + "dateTime") < value_of("2002-10-10T18:00:00Z", XSD + "dateTime")
True
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_INT = r"[+-]?[0-9]+"
_DEC = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_FLOAT = r"(?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN)"
_TZ = r"(?P<tz>Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_YEAR = r"(?P<y>-?(?:[1-9][0-9]{3,}|0[0-9]{3}))"
_MONTH, _DAY = r"(?P<m>0[1-9]|1[0-2])", r"(?P<d>0[1-9]|[12][0-9]|3[01])"
_TIME = r"(?P<time>(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)"
_DURATION = (
    r"-?P(?=[0-9T])(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+D)?(?:T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]+)?S)?)?"
)

#: datatype -> (lexical space, inclusive integer bounds or None)
_LEXICAL: dict[str, str] = {
    "boolean": "true|false|1|0",
    "decimal": _DEC,
    "integer": _INT,
    "double": _FLOAT,
    "float": _FLOAT,
    "date": f"{_YEAR}-{_MONTH}-{_DAY}{_TZ}",
    "dateTime": f"{_YEAR}-{_MONTH}-{_DAY}T{_TIME}{_TZ}",
    "dateTimeStamp": f"{_YEAR}-{_MONTH}-{_DAY}T{_TIME}{_TZ}",
    "time": f"{_TIME}{_TZ}",
    "gYear": f"{_YEAR}{_TZ}",
    "gYearMonth": f"{_YEAR}-{_MONTH}{_TZ}",
    "gMonth": f"--{_MONTH}{_TZ}",
    "gDay": f"---{_DAY}{_TZ}",
    "gMonthDay": f"--{_MONTH}-{_DAY}{_TZ}",
    "duration": _DURATION,
    "dayTimeDuration": r"-?P(?=[0-9T])(?:[0-9]+D)?(?:T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]+)?S)?)?",
    "yearMonthDuration": r"-?P(?=[0-9])(?:[0-9]+Y)?(?:[0-9]+M)?",
    "string": r"(?s).*",
    "normalizedString": r"[^\r\n\t]*",
    "token": r"(?:[^\s](?:[^\s]| (?! ))*)?(?<! )",
    "language": r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*",
    "anyURI": r"(?s).*",
    "hexBinary": r"(?:[0-9a-fA-F]{2})*",
}
_BOUNDS: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 2**8 - 1),
}
_PATTERNS = {XSD + name: re.compile(rx) for name, rx in _LEXICAL.items()}
_PATTERNS.update({XSD + name: _PATTERNS[XSD + "integer"] for name in _BOUNDS})
INTEGERS = frozenset(XSD + name for name in _BOUNDS)
#: every datatype whose lexical space is checked here
KNOWN = frozenset(_PATTERNS) | {RDF_LANGSTRING}
_NUMERIC = INTEGERS | {XSD + "decimal", XSD + "double", XSD + "float"}


def checkable(datatype: str) -> bool:
    """True where the fast engine can judge a literal of ``datatype``: one of :data:`KNOWN`, or outside XSD and RDF."""
    return datatype in KNOWN or not datatype.startswith((XSD, "http://www.w3.org/1999/02/22-rdf-syntax-ns#"))


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


@lru_cache(maxsize=65536)
def well_typed(lexical: str, datatype: str) -> bool:
    """Is ``lexical`` in the lexical space of ``datatype``?  (True for a datatype this module does not know.)"""
    rx = _PATTERNS.get(datatype)
    if rx is None:
        return True
    match = rx.fullmatch(lexical)
    if match is None:
        return False
    if datatype in INTEGERS:
        low, high = _BOUNDS[datatype[len(XSD) :]]
        n = int(lexical)
        return (low is None or n >= low) and (high is None or n <= high)
    groups = match.groupdict()
    if groups.get("d") and groups.get("m"):
        year = int(groups["y"]) if groups.get("y") else 2000  # gMonthDay: --02-29 is allowed
        return int(groups["d"]) <= _days_in_month(year, int(groups["m"]))
    if datatype == XSD + "dateTimeStamp":
        return bool(groups.get("tz"))
    return True


def _tz(text: str | None) -> timezone | None:
    if not text:
        return None
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    return timezone(sign * timedelta(hours=int(text[1:3]), minutes=int(text[4:6])))


@lru_cache(maxsize=65536)
def value_of(lexical: str, datatype: str | None) -> Any:
    """The value a well-typed literal stands for, comparable under SPARQL's ``<`` within its kind (see :func:`kind`).

    Numbers are int, Decimal or float; dates and times carry their time zone
    (None without one: such values never compare with zoned ones); strings
    are themselves.  None for an ill-typed literal.
    """
    if datatype is None or datatype in (XSD + "string", RDF_LANGSTRING):
        return lexical
    if not well_typed(lexical, datatype):
        return None
    try:
        if datatype in INTEGERS:
            return int(lexical)
        if datatype == XSD + "decimal":
            return Decimal(lexical)
        if datatype in (XSD + "double", XSD + "float"):
            return float(lexical.replace("INF", "inf"))
        if datatype == XSD + "boolean":
            return lexical in ("true", "1")
        match = _PATTERNS[datatype].fullmatch(lexical) if datatype in _PATTERNS else None
        if datatype in (XSD + "date", XSD + "dateTime", XSD + "dateTimeStamp", XSD + "time") and match:
            return _temporal(match.groupdict(), datatype)
    except (ValueError, InvalidOperation, OverflowError):
        return None
    return lexical


def _temporal(g: dict[str, str | None], datatype: str) -> tuple[bool, Any]:
    """(zoned?, value): a date is the instant it starts; 24:00:00 is the next day's midnight."""
    zone = _tz(g.get("tz"))
    clock = g.get("time") or "00:00:00"
    hours, minutes, seconds = clock.split(":")
    extra = timedelta(0)
    if hours == "24":
        hours, extra = "00", timedelta(days=1)
    whole, _, fraction = seconds.partition(".")
    micro = int((fraction + "000000")[:6]) if fraction else 0
    if datatype == XSD + "time":
        day = date(2000, 1, 1)
    else:
        year = int(g["y"] or 1)
        if not 1 <= year <= 9999:
            raise ValueError("year outside what Python compares")
        day = date(year, int(g["m"] or 1), int(g["d"] or 1))
    moment = datetime(day.year, day.month, day.day, int(hours), int(minutes), int(whole), micro, tzinfo=zone) + extra
    return zone is not None, moment


def kind(datatype: str | None) -> str | None:
    """Which values compare with each other under SPARQL's ``<``: numeric, string, boolean, or the temporal type.

    None for a datatype whose values do not compare (language-tagged strings, durations, ...).
    """
    if datatype is None or datatype == XSD + "string":
        return "string"
    if datatype in _NUMERIC:
        return "numeric"
    if datatype == XSD + "boolean":
        return "boolean"
    if datatype in (XSD + "dateTime", XSD + "dateTimeStamp"):
        return "dateTime"
    if datatype in (XSD + "date", XSD + "time"):
        return datatype
    return None


def less(a: tuple[str, str | None], b: tuple[str, str | None], *, equal: bool) -> bool | None:
    """``a < b`` (``a <= b`` with ``equal``) for two literals as (lexical, datatype); None where SPARQL gives an error."""
    ka, kb = kind(a[1]), kind(b[1])
    if ka is None or ka != kb:
        return None
    va, vb = value_of(*a), value_of(*b)
    if va is None or vb is None:
        return None
    if isinstance(va, tuple):  # temporal: (zoned?, moment); zoned and unzoned never compare
        if va[0] != vb[0]:
            return None
        va, vb = va[1], vb[1]
    if isinstance(va, float) and va != va or isinstance(vb, float) and vb != vb:
        return False  # NaN compares false with everything
    return va <= vb if equal else va < vb


__all__ = ["INTEGERS", "KNOWN", "XSD", "checkable", "kind", "less", "value_of", "well_typed"]
