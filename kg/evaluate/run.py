"""The whole evaluation: read the labels, parse every labelled file, score each labelled field."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.evaluate.compare import SET_FIELDS, compare
from kg.evaluate.report import FieldScore, Mismatch, Report

BOOKKEEPING = frozenset({"file", "same_facts_as", "note"})
DEFAULT_FOLDER = Path("tests/corpus")


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
