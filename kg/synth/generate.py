"""Synthetic decisions in the Ombudsman's page format, with the facts each must give.

``kg synth --count N --out DIR --seed S`` writes ``N`` files ``DIR/lgsco-NN-NNN-NNN.txt``
and ``DIR/labels.jsonl``: one JSON object per file with the fields of
``kg parse --json`` the generator knows for certain (reference, authority,
category, subcategory, outcome, decision_date, complainant, fault_found,
apology, payments_gbp, total_payment_gbp, statutes) or ``{"file": …,
"error": true}`` for a junk file (empty, binary, not UTF-8).

The labels are what the generator *wrote*, never what a parser read: this
module and its phrase banks (:mod:`kg.synth.text`, :mod:`kg.synth.law`) share
no code with :mod:`kg.parse`, so agreement between the two means something.

The corpus mixes both saved renderings of a page (blank lines and ``  1.``
numbering, or single newlines and ``- `` lines), all three outcomes, every
category of :data:`kg.vocab.CATEGORY_TREE`, payments agreed or recommended
with deadlines, totals that are no extra payment, payments already made (not
counted), pages cut short (fields they never reach are ``null``) and a few
junk files.  Decision ``i`` depends only on ``(seed, i)``: same seed, same
bytes, and a small corpus is the start of a larger one.

>>> a, b = generate_one(7, 3), generate_one(7, 3)
>>> a.data == b.data and a.label == b.label
True
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.synth import setting
from kg.synth.compose import CATEGORIES, OUTCOMES, Line, compose, number

JUNK_RATE = 0.004
TRUNCATED_RATE = 0.03
FLAT_RATE = 0.4


@dataclass(frozen=True)
class Generated:
    """One synthetic file: its name, bytes and label."""

    name: str
    data: bytes
    label: dict


def reference(seed: int, index: int) -> str:
    """A unique reference per index: ``NN NNN NNN`` (unique for the first million indices)."""
    n = (index * 7919 + seed * 104729 + 12345) % 1_000_000
    year = 16 + (index * 31 + seed) % 8
    return f"{year:02d} {n // 1000:03d} {n % 1000:03d}"


# --- rendering, labels, junk ----------------------------------------------------------------


def render(lines: list[Line], flat: bool) -> str:
    """Rendering (a): blank lines, ``  1.`` paragraphs numbered per section, ``      1.`` items,
    ``    •`` bullets; rendering (b) (``flat``): single newlines, every paragraph and item ``- text``."""
    out: list[str] = []
    para = item = 0
    for line in lines:
        kind, text = line.kind, line.text
        if flat:
            out.append(f"- {text}" if kind in ("para", "item", "bullet") else text)
            continue
        if kind == "para":
            para, item = para + 1, 0
            if out and not out[-1].startswith(("  ", "    ")):
                out.append("")
            out.append(f"  {para}. {text}")
        elif kind == "item":
            item += 1
            out.append(f"      {item}. {text}")
        elif kind == "bullet":
            out.append(f"    • {text}")
        else:
            para = 0 if kind == "heading" else para
            if out:
                out.append("")
            out.append(text)
    return "\n".join(out) + "\n"


def label(lines: list[Line], complete_page: bool) -> dict:
    """The facts the kept ``lines`` state (fields a cut page never reaches are None)."""
    facts = [f for line in lines for f in line.facts]
    header = {f[1]: f[2] for f in facts if f[0] == "header"}
    complete = complete_page or any(f[0] == "final" for f in facts)
    kinds = {f[0] for f in facts}
    closed = "not-investigated" in kinds
    amounts: list[int | float] = []
    for f in facts:  # the body's payments, each once
        if f[0] == "pay" and len(f) == 3 and f[2] in ("agreed", "recommended") and f[1] not in amounts:
            amounts.append(f[1])
    for f in facts:  # the summary's: the same payment again, or the total of the body's, is no other payment
        if f[0] == "pay" and len(f) == 4 and f[1] not in amounts and not (len(amounts) >= 2 and f[1] == sum(amounts)):
            amounts.append(f[1])
    statutes, seen = [], set()
    for f in facts:
        if f[0] == "statute" and f[1]["iri"] not in seen:
            seen.add(f[1]["iri"])
            statutes.append(dict(f[1]))
    # issue 12: a page cut short gives no partial total, unless its summary states the remedies in full
    # (or rules fault out); a decision not investigated makes no remedy at all
    known = complete or "remedies-stated" in kinds or ("nofault" in kinds and "fault" not in kinds)
    if closed:
        amounts = []
    total = 0 if closed else (sum(amounts) if known else None)
    return {
        **{k: header.get(k) for k in ("reference", "authority", "category", "subcategory", "outcome", "decision_date")},
        "complainant": next((f[1] for f in facts if f[0] == "complainant"), None),
        "fault_found": True if "fault" in kinds else False if "nofault" in kinds else None,
        "apology": False if closed else True if "apology" in kinds else (False if known else None),
        "payments_gbp": amounts,
        "total_payment_gbp": None if total is None else number(round(total, 2)),
        "statutes": statutes,
    }


def _junk(rng: random.Random, text: str) -> tuple[bytes, str]:
    kind = rng.choice(("empty", "binary", "latin-1"))
    if kind == "empty":
        return b"" if rng.random() < 0.5 else b"\n  \n", kind
    if kind == "binary":
        return bytes(rng.randrange(256) for _ in range(600)) + b"\x00" * 8, kind
    return text.replace("'", "’").encode("cp1252", "replace"), kind  # ’ is byte 0x92: not UTF-8


def generate_one(seed: int, index: int) -> Generated:
    """Decision ``index`` of the corpus of ``seed``: a pure function of the two."""
    rng = random.Random(f"lgsco-kg synth {seed} {index}")
    ref = reference(seed, index)
    name = f"lgsco-{ref.replace(' ', '-')}.txt"
    lines = compose(rng, ref, index)
    flat = rng.random() < FLAT_RATE
    if rng.random() < JUNK_RATE:
        data, kind = _junk(rng, render(lines, flat))
        return Generated(name, data, {"file": name, "error": True, "junk": kind})
    complete_page = True
    if rng.random() < TRUNCATED_RATE:
        body = [i for i, line in enumerate(lines) if line.kind in ("para", "heading") and i > 5]
        cut = rng.choice(body + [2, 3, 4]) if rng.random() < 0.9 else rng.choice((2, 3, 4))
        lines, complete_page = lines[:cut], False
    else:
        lines = lines + [Line("end", setting.FURNITURE)]
    text = render(lines, flat)
    facts = label(lines, False)
    return Generated(
        name,
        text.encode("utf-8"),
        {"file": name, **facts, "rendering": "b" if flat else "a", "truncated": not complete_page},
    )


def write_corpus(count: int, out: str | Path, seed: int = 0, progress=None) -> Path:
    """Write ``count`` files and ``labels.jsonl`` under ``out``; returns the labels file.

    ``progress`` (optional) is called with 1 after each file.
    """
    if count < 0:
        raise InputError(f"--count must be 0 or more, not {count}")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"cannot write a corpus to {out}: it is a file; give a directory")
    out.mkdir(parents=True, exist_ok=True)
    labels = out / "labels.jsonl"
    tmp = out / ".labels.jsonl.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        for i in range(count):
            g = generate_one(seed, i)
            (out / g.name).write_bytes(g.data)
            fh.write(json.dumps(g.label, ensure_ascii=False) + "\n")
            if progress is not None:
                progress(1)
    os.replace(tmp, labels)
    return labels


def read_labels(path: str | Path) -> dict[str, dict]:
    """``labels.jsonl`` as {file name: label}."""
    with Path(path).open(encoding="utf-8") as fh:
        return {row["file"]: row for row in map(json.loads, fh) if row}


__all__ = [
    "CATEGORIES",
    "OUTCOMES",
    "Generated",
    "Line",
    "compose",
    "generate_one",
    "label",
    "read_labels",
    "reference",
    "render",
    "write_corpus",
]
