"""The parser on the hand-written corpus in tests/corpus: every labelled fact, and both renderings alike.

tests/corpus/labels.jsonl holds one object per decision file with the facts
a careful reader takes from it, in the fields of ``kg parse --json`` (see
kg/evaluate/compare.py for how each field is compared).  A file labelled with
``same_facts_as`` is the same decision saved another way (rendering (b),
or HTML) and must give identical facts, offsets aside.

KNOWN_GAPS lists what the parser gets wrong today, each as a strict xfail:
when the parser is fixed the test XPASSes, fails, and the entry must go.
Never edit a label to make a test pass; fix the parser or record the gap.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from kg.errors import ParseError
from kg.evaluate import compare, labelled_fields, load_labels
from kg.model import to_json
from kg.parse import parse_file

CORPUS = Path(__file__).parent / "corpus"
#: The held-out batch keeps its own labels file (``make eval DIR=tests/corpus/heldout`` scores it alone); here its
#: files are named from the corpus folder, like those of ``generalization/``.
HELDOUT = ("heldout", "heldout2", "heldout3")
LABELS = load_labels(CORPUS / "labels.jsonl") + [
    {**label, "file": f"{batch}/{label['file']}"}
    for batch in HELDOUT
    for label in load_labels(CORPUS / batch / "labels.jsonl")
]
BY_FILE = {label["file"]: label for label in LABELS}

#: (file, field) -> why the parser fails it today.  Field "*" stands for every field of the file;
#: field "same_facts" for the renderings test.  Delete an entry when its test XPASSes.
KNOWN_GAPS: dict[tuple[str, str], str] = {
    ("heldout2/138-html-the-same-amount-cut.html", "payments_gbp"): (
        "parser: 'pay each son £300', the sons counted in an earlier sentence ('her two sons'): read as one payment of £300"
    ),
    ("heldout2/138-html-the-same-amount-cut.html", "total_payment_gbp"): (
        "parser: 'pay each son £300' with two sons named in an earlier sentence: the total reads £300, not £600"
    ),
    ("heldout3/17-wrong-distance-rule-cut-in-sum.txt", "injustice_found"): (
        "parser: an injustice left implicit in what the complainant did instead ('Mrs L drove him to school herself for "
        "two terms'): no rule reads a complainant doing the body's task as a loss"
    ),
    ("heldout3/27-got-its-sums-wrong-cut-in-summary.txt", "payments_gbp"): (
        "parser: a refund of 'this' ('It will pay this back and' cut mid-sentence) whose sum is the overcharge the "
        "sentence before gives: a sentence the cut runs through is not read, and nothing ties 'this' to that sum"
    ),
}


def _gap(file: str, field: str) -> list[pytest.MarkDecorator]:
    reason = KNOWN_GAPS.get((file, field)) or KNOWN_GAPS.get((file, "*"))
    return [pytest.mark.xfail(reason=reason, strict=True)] if reason else []


@cache
def _facts(file: str) -> dict[str, Any]:
    return to_json(parse_file(CORPUS / file))


def _field_cases():
    for label in LABELS:
        for name in labelled_fields(label):
            yield pytest.param(label["file"], name, id=f"{label['file']}::{name}", marks=_gap(label["file"], name))


@pytest.mark.parametrize(("file", "field"), list(_field_cases()))
def test_labelled_fact(file: str, field: str) -> None:
    result = compare(field, BY_FILE[file][field], _facts(file))
    if field in ("statutes", "payments_gbp", "guidance"):
        assert result.ok, f"{file} {field}: missing {result.expected}, extra {result.got}"
    else:
        assert result.ok, f"{file} {field}: expected {result.expected!r}, got {result.got!r}"


def _comparable(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts without what legitimately differs between renderings: source name, hash, offsets."""
    out = {k: v for k, v in facts.items() if k not in ("source", "sha256")}
    for group in ("complaint_points", "findings", "faults", "injustices", "remedies"):
        items = []
        for item in out.get(group, []):
            item = dict(item)
            if isinstance(item.get("evidence"), dict):
                item["evidence"] = {k: v for k, v in item["evidence"].items() if k not in ("start", "end")}
            items.append(item)
        out[group] = items
    return out


PAIRS = [(label["file"], label["same_facts_as"]) for label in LABELS if label.get("same_facts_as")]


@pytest.mark.parametrize(
    ("file", "original"),
    [pytest.param(f, o, id=f"{f}=={o}", marks=_gap(f, "same_facts")) for f, o in PAIRS],
)
def test_same_decision_saved_another_way_gives_the_same_facts(file: str, original: str) -> None:
    mine, theirs = _comparable(_facts(file)), _comparable(_facts(original))
    differing = sorted(k for k in set(mine) | set(theirs) if mine.get(k) != theirs.get(k))
    assert not differing, f"{file} vs {original}: fields differ: {differing}"


def test_labels_cover_the_corpus() -> None:
    """Every page is labelled, those of ``generalization/`` too (kept apart: the harvest's replay site serves only
    the top folder's pages, and its tests count them)."""
    files = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.suffix in (".txt", ".html"))
    assert sorted(BY_FILE) == files
    assert len(files) >= 48
    assert sum(f.startswith("generalization/") for f in files) >= 40
    for batch in HELDOUT:
        assert sum(f.startswith(f"{batch}/") for f in files) >= 30, batch
    assert len(PAIRS) >= 8
    for file, original in PAIRS:
        facts = {k: BY_FILE[file][k] for k in labelled_fields(BY_FILE[file])}
        assert facts == {k: BY_FILE[original][k] for k in labelled_fields(BY_FILE[original])}, file


def test_known_gaps_name_real_cases() -> None:
    """A gap for a file or field that is not labelled is a typo (or a stale entry)."""
    for file, field in KNOWN_GAPS:
        assert file in BY_FILE, file
        assert field in ("*", "same_facts") or field in BY_FILE[file], (file, field)
        assert KNOWN_GAPS[(file, field)].startswith("parser: ")


#: Shapes a page without header lines legitimately fails (warnings today; listed in case they become violations).
HEADER_SHAPES = ("ombsh:Decision-authority", "ombsh:Decision-decisionDate", "ombsh:Decision-outcome")


@pytest.mark.parametrize("file", sorted(BY_FILE), ids=sorted(BY_FILE))
def test_corpus_decision_conforms_to_the_shapes(file: str) -> None:
    """Everything the parser produces from a valid decision, truncated or not, passes SHACL."""
    from kg.mapping import decision_graph
    from kg.validate import validate

    report = validate(decision_graph(parse_file(CORPUS / file)))
    bad = [r for r in report.violations if not r.short_shape.startswith(HEADER_SHAPES)]
    assert not bad, "\n".join(r.line() for r in bad)


def test_a_parse_error_names_the_file() -> None:
    for file in BY_FILE:
        try:
            _facts(file)
        except ParseError as err:  # allowed only as a known gap of the whole file
            assert (file, "*") in KNOWN_GAPS, f"{file}: {err}"
            assert err.source.endswith(file)
