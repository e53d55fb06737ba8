"""Measure the parser against hand-labelled decisions: ``make eval`` or ``python -m kg.evaluate``.

A labels file is JSON Lines: one object per decision file, with ``"file"``
(a name inside the folder) and any of the fields of ``kg parse --json``
that the labeller checked.  A key left out is "not checked"; a key set to
``null`` says the text does not give that fact.  Field by field:

* header fields (``reference``, ``authority``, ``category``, ``subcategory``,
  ``outcome``, ``decision_date``, ``kind``, ``complainant``, ``fault_found``,
  ``injustice_found``, ``apology``, ``total_payment_gbp``,
  ``assessment_reason``) and any other scalar key: exact match;
* ``complaint_points``: the number of points (an integer), or the list;
* ``statutes``: a list of ``{act, provision, iri}`` (``text``, ``label``
  optional), scored by precision/recall/F1: matched by ``iri``, and a
  citation with a null IRI matched by ``label`` when the label gives one,
  else by ``act`` + ``provision``;
* ``payments_gbp``: amounts, scored as a multiset;
* ``guidance``: titles (strings or ``{title}`` objects), scored as a set.

Keys ``file``, ``same_facts_as`` and ``note`` are bookkeeping, not facts.

A file that cannot be parsed counts against every field labelled for it
and is listed with its reason; the evaluation itself never stops on one.

>>> r = compare("payments_gbp", [300, 500], {"payments_gbp": [500, 300.0]})
>>> (r.ok, r.tp, r.fp, r.fn)
(True, 2, 0, 0)
>>> compare("complaint_points", 2, {"complaint_points": [{}, {}, {}]}).got
3
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kg.errors import KgError

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
BOOKKEEPING = frozenset({"file", "same_facts_as", "note"})
DEFAULT_FOLDER = Path("tests/corpus")


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


@dataclass(frozen=True, slots=True)
class Mismatch:
    file: str
    field: str
    expected: Any
    got: Any


@dataclass(slots=True)
class FieldScore:
    """Totals for one field over every file that labels it."""

    field: str
    kind: str  # "exact" | "set"
    n: int = 0
    correct: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.n if self.n else None

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (None if not self.fn else 0.0)

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Report:
    """The outcome of :func:`evaluate`."""

    folder: str
    files: int = 0
    parsed: int = 0
    truncated: int = 0  # parsed pages the parser finds cut short (``truncated: true``)
    errors: dict[str, str] = field(default_factory=dict)  # file -> reason
    scores: dict[str, FieldScore] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)

    def table(self) -> str:
        """A readable table: one row per field, then the parse-error count."""
        rows = [("field", "n", "accuracy", "precision", "recall", "F1")]
        for name in _ordered(self.scores):
            s = self.scores[name]
            if s.kind == "exact":
                rows.append((name, str(s.n), _pct(s.accuracy), "", "", ""))
            else:
                rows.append((name, str(s.n), _pct(s.accuracy), _pct(s.precision), _pct(s.recall), _pct(s.f1)))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = []
        for k, r in enumerate(rows):
            lines.append(
                "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
            )
            if k == 0:
                lines.append("  ".join("-" * w for w in widths))
        exact = [s for s in self.scores.values() if s.kind == "exact" and s.n]
        overall = sum(s.correct for s in exact) / sum(s.n for s in exact) if exact else None
        lines.append("")
        lines.append(
            f"files: {self.files}   parsed: {self.parsed}   parse errors: {len(self.errors)}   "
            f"truncated pages: {self.truncated}   header fields overall: {_pct(overall)}"
        )
        lines.append("(accuracy of a set field = share of files whose whole set is right; P/R/F1 are micro-averaged)")
        return "\n".join(lines)

    def mismatch_lines(self) -> str:
        out = [f"{m.file}  {m.field}: expected {_show(m.expected)}, got {_show(m.got)}" for m in self.mismatches]
        return "\n".join(out)

    def error_lines(self) -> str:
        return "\n".join(f"{f}: {reason}" for f, reason in sorted(self.errors.items()))

    def to_json(self) -> dict[str, Any]:
        return {
            "folder": self.folder,
            "files": self.files,
            "parsed": self.parsed,
            "truncated": self.truncated,
            "errors": self.errors,
            "fields": {
                n: {
                    "kind": s.kind,
                    "n": s.n,
                    "accuracy": s.accuracy,
                    "precision": s.precision,
                    "recall": s.recall,
                    "f1": s.f1,
                }
                for n, s in self.scores.items()
            },
            "mismatches": [
                {"file": m.file, "field": m.field, "expected": m.expected, "got": _jsonable(m.got)}
                for m in self.mismatches
            ],
        }


def _ordered(scores: dict[str, FieldScore]) -> list[str]:
    known = [f for f in HEADER_FIELDS + SET_FIELDS if f in scores]
    return known + sorted(f for f in scores if f not in known)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def _show(value: Any) -> str:
    if value is ABSENT:
        return "<field absent from parser output>"
    return json.dumps(value, ensure_ascii=False, default=str)


def _jsonable(value: Any) -> Any:
    return None if value is ABSENT else value


# --- comparing one field ------------------------------------------------------------------
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


# --- the whole evaluation -----------------------------------------------------------------
def load_labels(path: str | Path) -> list[dict[str, Any]]:
    """The label objects of a JSON Lines file; :class:`KgError` naming the line on bad input."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise KgError(f"cannot read labels file {p}: {exc.strerror or exc}; pass --labels PATH") from None
    out = []
    for n, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise KgError(f"{p}:{n}: not valid JSON ({exc.msg}); each line must be one JSON object") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("file"), str):
            raise KgError(f'{p}:{n}: each line must be a JSON object with a "file" name')
        out.append(obj)
    return out


def labelled_fields(label: dict[str, Any]) -> list[str]:
    return [k for k in label if k not in BOOKKEEPING]


def parse_facts(path: Path) -> dict[str, Any]:
    """``kg parse --json`` facts of one file (raises what the parser raises)."""
    from kg.model import to_json
    from kg.parse import parse_file

    return to_json(parse_file(path))


def evaluate(
    folder: str | Path, labels_path: str | Path | None = None, *, parse: Callable[[Path], dict[str, Any]] = parse_facts
) -> Report:
    """Compare the parser's output on every labelled file of ``folder`` with its labels."""
    folder = Path(folder)
    labels = load_labels(labels_path if labels_path is not None else folder / "labels.jsonl")
    report = Report(str(folder))
    for label in labels:
        name = label["file"]
        report.files += 1
        facts: dict[str, Any] | None = None
        path = folder / name
        if not path.is_file():
            report.errors[name] = f"file not found in {folder}"
        else:
            try:
                facts = parse(path)
                report.parsed += 1
                report.truncated += facts.get("truncated") is True
            except KgError as exc:
                report.errors[name] = str(getattr(exc, "reason", None) or exc)
            except Exception as exc:  # noqa: BLE001 - a crash is a finding of the evaluation, reported with the file
                report.errors[name] = f"CRASH {type(exc).__name__}: {exc}"
        if facts is None:
            report.mismatches.append(Mismatch(name, "(parse)", "facts", f"error: {report.errors[name]}"))
        for fname in labelled_fields(label):
            kind = "set" if fname in SET_FIELDS else "exact"
            score = report.scores.setdefault(fname, FieldScore(fname, kind))
            score.n += 1
            if facts is None:
                if kind == "set":
                    expected = label[fname] or []
                    score.fn += len(expected)
                continue
            c = compare(fname, label[fname], facts)
            score.correct += c.ok
            score.tp, score.fp, score.fn = score.tp + c.tp, score.fp + c.fp, score.fn + c.fn
            if not c.ok:
                if kind == "set":
                    report.mismatches.append(Mismatch(name, fname, {"missing": c.expected}, {"extra": c.got}))
                else:
                    report.mismatches.append(Mismatch(name, fname, c.expected, c.got))
    return report


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m kg.evaluate",
        description="Accuracy of the parser per field against a folder of labelled decision texts.",
    )
    ap.add_argument(
        "folder", nargs="?", default=str(DEFAULT_FOLDER), help="folder of decision files (default tests/corpus)"
    )
    ap.add_argument("--labels", help="labels file, JSON Lines (default FOLDER/labels.jsonl)")
    ap.add_argument(
        "-v", "--verbose", action="store_true", help="also list every mismatch (file, field, expected, got)"
    )
    ap.add_argument("--json", action="store_true", help="print the report as JSON instead of a table")
    args = ap.parse_args(list(argv) if argv is not None else None)
    try:
        report = evaluate(args.folder, args.labels)
    except KgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False, default=str))
        return 0
    print(f"Parser evaluation on {report.folder} ({report.files} labelled files)\n")
    print(report.table())
    if report.errors:
        print("\nParse errors:")
        print(report.error_lines())
    if args.verbose and report.mismatches:
        print(f"\nMismatches ({len(report.mismatches)}):")
        print(report.mismatch_lines())
    elif report.mismatches:
        print(f"\n{len(report.mismatches)} mismatch(es); run with --verbose (make eval VERBOSE=1) to list them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
