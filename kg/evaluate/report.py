"""The outcome of an evaluation: scores per field, mismatches, parse errors; as a table or as JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from kg.evaluate.compare import ABSENT, HEADER_FIELDS, SET_FIELDS


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
            f"truncated pages: {self.truncated}   fields with one value, overall: {_pct(overall)}"
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
