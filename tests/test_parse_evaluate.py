"""kg.evaluate follows the parser's output: exact money compared exactly, truncated pages counted."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from test_parse_pages import SUMMARY_ALL, VAGUE

from kg.evaluate import compare, evaluate


def test_a_decimal_total_equals_its_label() -> None:
    assert compare("total_payment_gbp", 509.81, {"total_payment_gbp": Decimal("509.81")}).ok
    assert not compare("total_payment_gbp", 509.8, {"total_payment_gbp": Decimal("509.81")}).ok
    assert compare("total_payment_gbp", 0, {"total_payment_gbp": Decimal("0.00")}).ok


def test_payments_per_payee_are_a_multiset() -> None:
    assert compare("payments_gbp", [300, 300], {"payments_gbp": [Decimal("300.00"), Decimal("300.00")]}).ok
    assert not compare("payments_gbp", [300, 300], {"payments_gbp": [Decimal("300.00")]}).ok


def test_the_report_counts_truncated_pages(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SUMMARY_ALL, encoding="utf-8")
    (tmp_path / "b.txt").write_text(VAGUE, encoding="utf-8")
    labels = [
        {"file": "a.txt", "truncated": True, "total_payment_gbp": 3400},
        {"file": "b.txt", "truncated": True, "apology": None},
    ]
    (tmp_path / "labels.jsonl").write_text("\n".join(json.dumps(x) for x in labels) + "\n", encoding="utf-8")
    report = evaluate(tmp_path)
    assert (report.parsed, report.truncated) == (2, 2)
    assert report.scores["truncated"].correct == 2 and report.scores["total_payment_gbp"].correct == 1
    assert "truncated pages: 2" in report.table()
