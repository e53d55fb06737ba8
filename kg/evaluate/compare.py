"""Comparing one labelled field with the parser's facts of the same file.

Header fields and any other scalar key match exactly (money as exact decimals);
``complaint_points`` compares the number of points; ``statutes``, ``payments_gbp``
and ``guidance`` are scored as sets (see :mod:`kg.evaluate`).

>>> r = compare("payments_gbp", [300, 500], {"payments_gbp": [500, 300.0]})
>>> (r.ok, r.tp, r.fp, r.fn)
(True, 2, 0, 0)
>>> compare("complaint_points", 2, {"complaint_points": [{}, {}, {}]}).got
3
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

HEADER_FIELDS = (
    "reference",
    "authority",
    "category",
    "subcategory",
    "outcome",
    "decision_date",
    "kind",
    "complainant",
    "fault_found",
    "injustice_found",
    "apology",
    "total_payment_gbp",
    "assessment_reason",
    "complaint_points",
)
SET_FIELDS = ("statutes", "payments_gbp", "guidance")


class _Absent:
    """The parser's output has no such key at all (a field it does not produce yet)."""

    def __repr__(self) -> str:
        return "<absent>"


ABSENT = _Absent()


@dataclass(frozen=True, slots=True)
class Comparison:
    """One labelled field of one file: ``ok``, and for set fields the true/false positives and misses."""

    field: str
    ok: bool
    expected: Any
    got: Any
    tp: int = 0
    fp: int = 0
    fn: int = 0


def _norm(s: Any) -> str:
    return re.sub(r"[\s.]+", "", str(s)).lower() if s is not None else ""


def _amount(x: Any) -> Decimal | None:
    try:
        return Decimal(str(x)).normalize()
    except (InvalidOperation, ValueError):
        return None


def _scalar_equal(expected: Any, got: Any) -> bool:
    if isinstance(expected, bool) or isinstance(got, bool) or expected is None or got is None:
        return expected is got or expected == got and type(expected) is type(got)
    if isinstance(expected, (int, float, Decimal)) and isinstance(got, (int, float, Decimal)):
        return Decimal(str(expected)) == Decimal(str(got))
    return expected == got


def _statute_match(exp: dict[str, Any], got: dict[str, Any]) -> bool:
    if exp.get("iri"):
        ok = exp["iri"] == got.get("iri")
    elif got.get("iri"):
        ok = False
    elif exp.get("label"):
        ok = _norm(exp["label"]) == _norm(got.get("label"))
    else:
        ok = _norm(exp.get("act")) == _norm(got.get("act")) and _norm(exp.get("provision")) == _norm(
            got.get("provision")
        )
    if ok and exp.get("text") is not None:
        ok = " ".join(str(exp["text"]).split()) == " ".join(str(got.get("text") or "").split())
    return ok


def _match_lists(
    expected: list[Any], got: list[Any], same: Callable[[Any, Any], bool]
) -> tuple[int, list[Any], list[Any]]:
    """Greedy one-to-one matching: (matched, expected left over, got left over)."""
    left = list(got)
    missed = []
    tp = 0
    for e in expected:
        for i, g in enumerate(left):
            if same(e, g):
                del left[i]
                tp += 1
                break
        else:
            missed.append(e)
    return tp, missed, left


def _statute_view(s: dict[str, Any]) -> dict[str, Any]:
    return {k: s.get(k) for k in ("act", "provision", "iri", "label") if k in s}


def compare(name: str, expected: Any, facts: dict[str, Any]) -> Comparison:
    """Compare one labelled field with the parser's ``kg parse --json`` facts of the same file."""
    got = facts.get(name, ABSENT)
    if name == "statutes":
        got_list = got if isinstance(got, list) else []
        tp, missed, extra = _match_lists(list(expected), got_list, _statute_match)
        return Comparison(
            name,
            not missed and not extra,
            [_statute_view(e) for e in missed],
            [_statute_view(g) for g in extra],
            tp,
            len(extra),
            len(missed),
        )
    if name == "payments_gbp":
        exp = Counter(_amount(x) for x in expected)
        have = Counter(_amount(x) for x in (got if isinstance(got, list) else []))
        tp = sum((exp & have).values())
        missed = sorted((exp - have).elements())
        extra = sorted((have - exp).elements())
        return Comparison(
            name,
            not missed and not extra,
            [_money(x) for x in missed],
            [_money(x) for x in extra],
            tp,
            len(extra),
            len(missed),
        )
    if name == "guidance":
        exp_t = {e["title"] if isinstance(e, dict) else e for e in expected}
        got_t = {g.get("title") if isinstance(g, dict) else g for g in (got if isinstance(got, list) else [])}
        missed, extra = sorted(exp_t - got_t), sorted(t for t in got_t - exp_t if t)
        return Comparison(name, not missed and not extra, missed, extra, len(exp_t & got_t), len(extra), len(missed))
    if name == "complaint_points":
        got_n = len(got) if isinstance(got, list) else got
        exp_n = len(expected) if isinstance(expected, list) else expected
        return Comparison(name, _scalar_equal(exp_n, got_n), exp_n, got_n)
    return Comparison(name, got is not ABSENT and _scalar_equal(expected, got), expected, got)


def _money(x: Decimal | None) -> int | float | None:
    if x is None:
        return None
    return int(x) if x == x.to_integral_value() else float(x)
