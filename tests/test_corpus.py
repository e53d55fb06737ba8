"""The parser on the hand-written corpus in tests/corpus: every labelled fact, and both renderings alike.

tests/corpus/labels.jsonl holds one object per decision file with the facts
a careful reader takes from it, in the fields of ``kg parse --json`` (see
kg/evaluate.py for how each field is compared).  A file labelled with
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
LABELS = load_labels(CORPUS / "labels.jsonl")
BY_FILE = {label["file"]: label for label in LABELS}

#: (file, field) -> why the parser fails it today.  Field "*" stands for every field of the file;
#: field "same_facts" for the renderings test.  Delete an entry when its test XPASSes.
KNOWN_GAPS: dict[tuple[str, str], str] = {
    # findings: a topic subheading after a "Law and ..." subheading stays background, so no fault is read
    ("21-care-provider-nutrition.txt", "fault_found"):
        "parser: topic subheadings ('Eating and drinking') after 'Law and standards' inherit background=True; "
        "'That was fault.' under them is never read",
    ("46-care-provider-nutrition-flat.txt", "fault_found"):
        "parser: topic subheadings after 'Law and standards' inherit background=True (flat rendering)",
    # remedies: money and apologies outside this decision's own remedy
    ("11-damp-previous-investigation.txt", "payments_gbp"):
        "parser: '£400' the Council agreed in a PREVIOUS investigation (assessment section) taken as agreed payment",
    ("11-damp-previous-investigation.txt", "total_payment_gbp"):
        "parser: total includes the £400 agreed in a previous investigation",
    ("11-damp-previous-investigation.txt", "injustice_found"):
        "parser: assessment-stage decision gets injustice_found=true from the previous case's payment",
    ("10-library-cannot-achieve-outcome.txt", "apology"):
        "parser: simple past 'The Council ..., apologised to him' (no has/had) not read as an apology already given",
    ("26-not-upheld-already-paid.txt", "apology"):
        "parser: simple past 'the Council apologised and paid him £200' not read as an apology already given",
    ("26-not-upheld-already-paid.txt", "injustice_found"):
        "parser: 'paid him £200 for the distress caused by the agent's visit' (simple past) gives no injustice",
    ("52-joint-complainants-each.txt", "total_payment_gbp"):
        "parser: 'pay Mr and Mrs B £250 each' totals £250; two payees 'each' make £500",
    # header and complainant
    ("37-standards-complaint-delay.txt", "category"):
        "parser: a table of contents after the title ('On this page' + section names) ends the header; "
        "Category/Decision/Decision date lines after it are lost",
    ("37-standards-complaint-delay.txt", "subcategory"):
        "parser: a table of contents after the title ends the header before 'Category :'",
    ("37-standards-complaint-delay.txt", "outcome"):
        "parser: a table of contents after the title ends the header before 'Decision :'",
    ("37-standards-complaint-delay.txt", "decision_date"):
        "parser: a table of contents after the title ends the header before 'Decision date :'",
    ("52-joint-complainants-each.txt", "complainant"):
        "parser: joint complainants 'Mr and Mrs B' not recognised as the complainant (null)",
    # complaint points
    ("10-library-cannot-achieve-outcome.txt", "complaint_points"):
        "parser: bullets after 'He wants:' (outcomes sought) counted as complaint points",
    ("15-older-2010-maladministration.txt", "complaint_points"):
        "parser: an unnumbered complaint paragraph (2010 page) gives no complaint point",
    # citations
    ("23-drainage-board-not-upheld.txt", "statutes"):
        "parser: an Act outside the table named on its own ('the Land Drainage Act 1991') is dropped, not kept with iri null",
    ("24-admission-appeal-panel.txt", "guidance"):
        "parser: 'School Admission Appeals Code' is not a known guidance document",
    # HTML
    ("50-care-charging-upheld.html", "category"):
        "parser: HTML <dl><dt>Category :</dt><dd>…</dd> header not read",
    ("50-care-charging-upheld.html", "subcategory"):
        "parser: HTML <dl><dt>Category :</dt><dd>…</dd> header not read",
    ("50-care-charging-upheld.html", "outcome"):
        "parser: HTML <dl><dt>Decision :</dt><dd>…</dd> header not read",
    ("50-care-charging-upheld.html", "decision_date"):
        "parser: HTML <dl><dt>Decision date :</dt><dd>…</dd> header not read",
    ("50-care-charging-upheld.html", "same_facts"):
        "parser: HTML <dt> text ending in ':' ('Category :') is not joined to its <dd>, so the header facts differ",
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
    files = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".txt", ".html"))
    assert sorted(BY_FILE) == files
    assert len(files) >= 48
    assert len(PAIRS) >= 8
    for file, original in PAIRS:
        same = {k: v for k, v in BY_FILE[file].items() if k not in ("file", "same_facts_as")}
        assert same == {k: v for k, v in BY_FILE[original].items() if k != "file"}, file


def test_known_gaps_name_real_cases() -> None:
    """A gap for a file or field that is not labelled is a typo (or a stale entry)."""
    for file, field in KNOWN_GAPS:
        assert file in BY_FILE, file
        assert field in ("*", "same_facts") or field in BY_FILE[file], (file, field)
        assert KNOWN_GAPS[(file, field)].startswith("parser: ")


def test_a_parse_error_names_the_file() -> None:
    for file in BY_FILE:
        try:
            _facts(file)
        except ParseError as err:  # allowed only as a known gap of the whole file
            assert (file, "*") in KNOWN_GAPS, f"{file}: {err}"
            assert err.source.endswith(file)
