"""Issue 19 (#2, #3, #4): inputs that used to stop ``kg parse`` with someone else's exception.

Each input ends as a parsed decision or as a :class:`kg.errors.ParseError` naming the file and the reason:
HTML nested thousands of levels deep, a malformed ``<![CDAT`` section, an absurd sum of money, control
characters anywhere in the text (not only in its first 8 KiB), and references written in other digits
or with too many of them.
"""

from __future__ import annotations

import logging

import pytest
from rdflib import Graph

from kg.errors import KgError, ParseError
from kg.jsontext import dumps
from kg.mapping import decision_graph
from kg.model import to_json
from kg.parse import parse_bytes, parse_text

PAGE = """Ashcombe Borough Council (23 004 118)

Category : Housing > Allocations

Decision : Upheld

Decision date : 12 Mar 2024

The Ombudsman's final decision:

Summary: Ms K complained the Council lost her housing application. We found fault. The Council has agreed to apologise and pay Ms K £250 for the distress caused.

The complaint

  1. Ms K complains the Council lost her application for social housing.

Final decision

  2. I have completed my investigation. The Council was at fault and has agreed to remedy the injustice.

Investigator's decision on behalf of the Ombudsman
"""


def _html(body: str) -> str:
    return f"<!DOCTYPE html><html><body>{body}</body></html>"


# --- #2: one bad file stops kg parse --------------------------------------------------------------
def test_html_nested_thousands_of_levels_deep_is_read() -> None:
    deep = (
        "<div>" * 5000
        + "<h1>Ashcombe Borough Council (23 004 118)</h1>"
        + "<p>Summary: Ms K complained.</p>"
        + "</div>" * 5000
    )
    d = parse_text(_html(deep), "deep.html")
    assert d.reference == "23 004 118" and d.summary is not None


def test_lists_nested_thousands_of_levels_deep_are_read() -> None:
    lists = "<ol><li>one" * 3000 + "</li></ol>" * 3000
    d = parse_text(_html("<h1>Ashcombe Borough Council (23 004 118)</h1>" + lists), "lists.html")
    assert d.reference == "23 004 118"
    assert d.text.count("1. one") == 3000


def test_a_malformed_marked_section_keeps_the_page() -> None:
    d = parse_text(
        _html("<![CDAT oops <h1>Ashcombe Borough Council (23 004 118)</h1><p>Summary: Ms K complained.</p>"),
        "cdata.html",
    )
    assert d.reference == "23 004 118"


@pytest.mark.parametrize("digits", [28, 29, 40, 400])
def test_an_absurd_sum_is_no_payment_and_no_crash(digits: int) -> None:
    text = PAGE.replace("£250", "£" + "9" * digits)
    d = parse_text(text, "huge.txt")
    facts = to_json(d)
    assert facts["payments_gbp"] == []
    assert any("huge.txt" in w and "£" in w for w in d.warnings)
    dumps(facts)
    assert len(decision_graph(d)) > 0


def test_a_large_but_plausible_sum_is_still_a_payment() -> None:
    facts = to_json(parse_text(PAGE.replace("£250", "£125,000.50"), "large.txt"))
    assert [str(a) for a in facts["payments_gbp"]] == ["125000.50"]


# --- #3: control characters anywhere -------------------------------------------------------------
@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff"])
def test_control_characters_past_the_first_8_kib_are_removed_with_a_warning(char: str, caplog) -> None:
    filler = "  3. " + "The Council wrote to Ms K again about her banding. " * 200 + "\n\n"
    text = PAGE.replace("Final decision", filler + "Final decision")
    at = text.index("Final decision") - 20
    assert at > 8192
    dirty = text[:at] + char + text[at:]
    with caplog.at_level(logging.WARNING, logger="kg.parse"):
        d = parse_bytes(dirty.encode("utf-8"), "late-control.txt")
    assert char not in d.text
    assert d.warnings and "late-control.txt" in d.warnings[0] and f"offset {at}" in d.warnings[0]
    assert any("late-control.txt" in r.getMessage() for r in caplog.records)
    # the graph can be written as RDF/XML and read back (it could not before)
    xml = decision_graph(d)
    again = Graph().parse(data=xml.serialize(format="xml"), format="xml")
    assert len(again) == len(xml)


def test_a_file_full_of_control_characters_is_refused_as_binary() -> None:
    data = (
        PAGE[:400] + "".join(chr(c % 31 + 1) if c % 31 + 1 not in (9, 10, 13) else "x" for c in range(20000))
    ).encode()
    with pytest.raises(ParseError, match="binary"):
        parse_bytes(data, "noise.txt")


def test_nul_bytes_at_the_start_still_mean_binary() -> None:
    with pytest.raises(ParseError) as err:
        parse_bytes(b"\x00\x01PK" + PAGE.encode(), "zip.txt")
    assert err.value.source == "zip.txt" and "binary" in err.value.reason


# --- #4: a reference that is no reference --------------------------------------------------------
@pytest.mark.parametrize(
    "title",
    [
        "Ashcombe Borough Council (\u0662\u0660 \u0660\u0660\u0667 \u0668\u0661\u0662)",  # Arabic-Indic digits
        "Ashcombe Borough Council (\uff12\uff10 \uff10\uff10\uff17 \uff18\uff11\uff12)",  # full-width digits
        "Ashcombe Borough Council (99 999 999 999)",  # one group too many
        "Ashcombe Borough Council (1 23 004 118)",  # one digit too many in front
    ],
)
def test_a_title_in_other_digits_or_too_long_is_no_reference(title: str) -> None:
    text = PAGE.replace("Ashcombe Borough Council (23 004 118)", title)
    with pytest.raises(ParseError, match="no decision reference found"):
        parse_text(text, "odd-ref.txt")


@pytest.mark.parametrize(
    ("title", "reference"),
    [
        ("Ashcombe Borough Council (23 004 118)", "23 004 118"),
        ("Ashcombe Borough Council (23-004-118)", "23 004 118"),
        ("Ashcombe Borough Council (23004118)", "23 004 118"),
        ("An NHS Trust (23 004 118B)", "23 004 118b"),
    ],
)
def test_references_in_the_ombudsmans_pattern_are_read(title: str, reference: str) -> None:
    assert parse_text(PAGE.replace("Ashcombe Borough Council (23 004 118)", title)).reference == reference


def test_every_failure_above_is_the_projects_own_error() -> None:
    for data in (b"\xff\xfe\x00", _html("<![if !IE]>").encode(), b"<html>" + b"<b>" * 10000, "(٢٠ ٠٠٧ ٨١٢)".encode()):
        try:
            parse_bytes(data, "odd.bin")
        except KgError:
            pass


def test_warnings_are_also_logged_for_the_command_line(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="kg.parse"):
        parse_text(PAGE.replace("Ms K complains", "Ms K\x07 complains"), "bell.txt")
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "bell.txt" in caplog.records[0].getMessage()


@pytest.mark.parametrize("start", ["\u00b2", "9" * 5000, "\u0663", "-4", "1e3"])
def test_an_odd_list_start_is_no_number(start: str) -> None:
    d = parse_text(
        _html(f"<h1>Ashcombe Borough Council (23 004 118)</h1><ol start='{start}'><li>One thing.</li></ol>"),
        "start.html",
    )
    assert "  1. One thing." in d.text
