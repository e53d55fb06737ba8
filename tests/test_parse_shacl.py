"""SHACL still passes on everything the parser produces from the pages of the issue-12 tests.

Facts read from a summary (a fault quoted from it, a payment it states, an injustice inferred for a payment
the text names no injustice for) must make graphs the shapes accept: an upheld decision shows a fault or is
marked truncated, a payment has a positive amount and remedies an injustice.
"""

from __future__ import annotations

import pytest
import test_parse_formats
import test_parse_pages
import test_parse_payments
import test_parse_statutes
from renderings import flatten

from kg.mapping import decision_graph
from kg.parse import parse_text
from kg.validate import validate

PAGES = sorted(
    (f"{module.__name__}.{name}", text)
    for module in (test_parse_pages, test_parse_formats, test_parse_payments, test_parse_statutes)
    for name, text in vars(module).items()
    if name.isupper() and isinstance(text, str) and "\n" in text and ")" in text.split("\n", 1)[0]
)


def test_the_test_modules_hold_many_pages() -> None:
    assert len(PAGES) >= 30


@pytest.mark.parametrize(("name", "text"), PAGES, ids=[n for n, _ in PAGES])
def test_every_page_maps_to_a_graph_the_shapes_accept(name: str, text: str) -> None:
    for rendering in (text, flatten(text)):
        d = parse_text(rendering, name)
        report = validate(decision_graph(d))
        assert not report.violations, "\n".join(r.line() for r in report.violations)
