"""kg.synth: a seeded synthetic corpus, and the parser recovering what the generator wrote.

The generator shares no code with kg.parse (checked here), so agreement on a
few hundred decisions means the parser reads the page format, not its own
assumptions.  Header fields must match exactly; statutes and payments are
scored by F1 over the whole sample (>= 0.99, the issue's target).
"""

from __future__ import annotations

import ast
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import synth
from kg.cli import main
from kg.errors import ParseError
from kg.model import to_json
from kg.parse import parse_bytes

SEED, SAMPLE = 11, 300
HEADER = ("reference", "authority", "category", "subcategory", "outcome", "decision_date", "complainant")
KG = Path(__file__).resolve().parent.parent / "kg"


@pytest.fixture(scope="module")
def sample() -> list[tuple[synth.Generated, dict | None]]:
    """(generated file, what `kg parse --json` gives for it, or None if it is refused)."""
    out = []
    for i in range(SAMPLE):
        g = synth.generate_one(SEED, i)
        try:
            out.append((g, to_json(parse_bytes(g.data, g.name, name=g.name))))
        except ParseError:
            out.append((g, None))
    return out


def exact(amounts) -> set[Decimal]:
    """Amounts as exact decimals: the parser gives Decimals, the labels JSON numbers (300 or 12.5)."""
    return {Decimal(str(a)) for a in amounts}


def f1(pairs) -> float:
    tp = fp = fn = 0
    for got, want in pairs:
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    return 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


# --- the generator ------------------------------------------------------------------------------


def test_same_seed_same_bytes(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out, seed in ((a, 5), (b, 5), (c, 6)):
        synth.write_corpus(40, out, seed)
    files = sorted(p.name for p in a.iterdir())
    assert files == sorted(p.name for p in b.iterdir()) and len(files) == 41
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    assert (a / "labels.jsonl").read_bytes() != (c / "labels.jsonl").read_bytes()


def test_a_small_corpus_is_the_start_of_a_larger_one():
    assert [synth.generate_one(3, i).data for i in range(5)] == [synth.generate_one(3, i).data for i in range(5)]
    assert synth.generate_one(3, 4).name != synth.generate_one(3, 5).name


def test_the_generator_shares_no_code_with_the_parser():
    for path in KG.glob("synth*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not [m for m in imported if m.startswith(("kg.parse", "kg.mapping", "kg.model"))], path.name


def test_the_corpus_covers_what_the_issue_asks(sample):
    labels = [g.label for g, _ in sample]
    decisions = [lab for lab in labels if not lab.get("error")]
    assert {lab["outcome"] for lab in decisions} >= set(synth.OUTCOMES)
    assert {(lab["category"], lab["subcategory"]) for lab in decisions} >= set(synth.CATEGORIES)
    assert {lab["rendering"] for lab in decisions} == {"a", "b"}
    assert any(lab["truncated"] for lab in decisions)
    assert any(lab.get("error") for lab in labels)
    assert sum(len(lab["payments_gbp"]) for lab in decisions) > 100
    assert any(isinstance(a, float) for lab in decisions for a in lab["payments_gbp"])
    statutes = Counter(
        s["iri"].split("/id/ukpga/")[1].split("/")[2] for lab in decisions for s in lab["statutes"] if s["provision"]
    )
    assert {"section", "schedule", "part"} <= set(statutes)
    texts = b"\n".join(g.data for g, _ in sample)
    for shape in (
        b"\n  1. ",
        b"\n      1. ",
        b"\n    \xe2\x80\xa2 ",
        b"\n- ",
        b"Back to top",
        b"Recommended action",
        b"in total",
        b"already paid",
        b"s.",
        b",00",
        b"Review your privacy settings",
    ):
        assert shape in texts, shape


def test_labels_have_the_parse_json_fields(tmp_path):
    labels = synth.write_corpus(30, tmp_path, 2)
    rows = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 30 and all(row["file"] for row in rows)
    fields = set(HEADER) | {"fault_found", "apology", "payments_gbp", "total_payment_gbp", "statutes"}
    for row in rows:
        assert row.get("error") is True or fields <= set(row)
        for s in row.get("statutes", []):
            assert set(s) == {"act", "provision", "iri", "text"}
            assert s["iri"].startswith("http://www.legislation.gov.uk/id/ukpga/")
    assert synth.read_labels(labels)[rows[0]["file"]] == rows[0]


def test_kg_synth_command(tmp_path):
    result = CliRunner().invoke(main, ["synth", "--count", "12", "--out", str(tmp_path / "c"), "--seed", "4"])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "c").glob("*.txt"))) == 12
    assert "labels.jsonl" in result.output


# --- the parser against the labels --------------------------------------------------------------


def test_junk_is_refused_and_decisions_are_read(sample):
    for g, got in sample:
        assert (got is None) == bool(g.label.get("error")), (g.name, g.label)


def test_parse_recovers_header_fields_exactly(sample):
    wrong = [(g.name, k, got[k], g.label[k]) for g, got in sample if got for k in HEADER if got[k] != g.label[k]]
    assert wrong == []


def test_parse_recovers_statutes(sample):
    pairs = [({s["iri"] for s in got["statutes"]}, {s["iri"] for s in g.label["statutes"]}) for g, got in sample if got]
    assert f1(pairs) >= 0.99


def test_parse_recovers_payments(sample):
    pairs = [(exact(got["payments_gbp"]), exact(g.label["payments_gbp"])) for g, got in sample if got]
    assert f1(pairs) >= 0.99
    totals = [(g.name, got["total_payment_gbp"], g.label["total_payment_gbp"]) for g, got in sample if got]
    assert [
        t
        for t in totals
        if (None if t[1] is None else Decimal(str(t[1]))) != (None if t[2] is None else Decimal(str(t[2])))
    ] == []


def test_parse_recovers_payments_without_a_total_stated_first(sample):
    """Every other way the generator writes money: one or several payments, agreed or recommended, in lists
    or sentences, followed by a total, beside amounts already paid or owed."""
    pairs = [
        (exact(got["payments_gbp"]), exact(g.label["payments_gbp"]))
        for g, got in sample
        if got and b"made up of" not in g.data
    ]
    assert f1(pairs) >= 0.99
