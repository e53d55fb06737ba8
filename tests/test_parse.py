"""The parser on the two seed decisions, on both renderings, and on bad input."""

from __future__ import annotations

import pytest
from renderings import flatten, to_html

from kg.errors import ParseError
from kg.jsontext import dumps
from kg.model import to_json
from kg.parse import parse_bytes, parse_file, parse_text

LGA = "http://www.legislation.gov.uk/id/ukpga/1974/7"
CA = "http://www.legislation.gov.uk/id/ukpga/1989/41"


@pytest.fixture(scope="module")
def f812(decisions_dir):
    return to_json(parse_file(decisions_dir / "lgsco-20-007-812.txt"))


@pytest.fixture(scope="module")
def f932(decisions_dir):
    return to_json(parse_file(decisions_dir / "lgsco-20-003-932.txt"))


def test_812_header(f812):
    assert (f812["reference"], f812["authority"]) == ("20 007 812", "Wiltshire Council")
    assert (f812["category"], f812["subcategory"], f812["outcome"]) == ("Children's care services", "Other", "Upheld")
    assert f812["decision_date"] == "2021-05-17"
    assert f812["complainant"] == "Ms X"
    assert f812["summary"].startswith("Ms X complains the Council failed to inform her")


def test_812_complaint_points(f812):
    points = f812["complaint_points"]
    assert len(points) == 4
    assert points[1]["text"].startswith("A social worker harassed her on the doorstep")
    assert {p["paragraph"] for p in points} == {1}


def test_812_money_and_apology(f812):
    assert f812["apology"] is True
    assert f812["payments_gbp"] == [300, 500]
    assert f812["total_payment_gbp"] == 800  # the £800 of the recommended action is the sum, not a third payment
    pays = [r for r in f812["remedies"] if r["type"] == "payment"]
    assert [(p["amount_gbp"], p["payee"], p["deadline"]) for p in pays] == [
        (300, "Ms X", "within one month"),
        (500, "Ms X", "within one month"),
    ]


def test_812_statutes(f812):
    iris = {s["iri"] for s in f812["statutes"]}
    expected = {
        f"{LGA}/section/26/1",
        f"{LGA}/section/26A/1",
        f"{LGA}/section/30/1B",
        f"{LGA}/section/34H",
        f"{LGA}/schedule/5/paragraph/1",
        f"{LGA}/schedule/5A/paragraph/3",
        f"{CA}/section/17",
    }
    assert expected <= iris
    assert not any(i and i.startswith(f"{LGA}/section/34H/") for i in iris), "no invented subsection for 34H(i)"
    for s in f812["statutes"]:
        assert s["text"], s


def test_812_faults_are_the_four_in_the_text(f812):
    quotes = [f["evidence"]["text"] for f in f812["faults"]]
    assert len(quotes) == 4
    assert "failing to leave immediately" in quotes[0]
    assert "is fault by the Council" in quotes[1]
    assert "releasing Ms X’s phone number" in quotes[2]
    assert "receive the report by email" in quotes[3]
    assert [f["point"] for f in f812["faults"]] == [2, 1, 3, 4]
    assert f812["fault_found"] is True and f812["injustice_found"] is True


def test_932_facts(f932):
    assert f932["decision_date"] == "2021-03-26"
    assert f932["complainant"] == "Mr H"
    assert len(f932["complaint_points"]) == 8
    assert f932["apology"] is True
    assert f932["payments_gbp"] == [] and f932["total_payment_gbp"] == 0
    assert f"{CA}/section/47" in {s["iri"] for s in f932["statutes"]}
    assert CA in {s["iri"] for s in f932["statutes"]}, "'the 1989 Children Act' is the Act as a whole"
    titles = {g["title"] for g in f932["guidance"]}
    assert {"Principles of Good Administrative Practice", "Guidance on Remedies"} <= titles


def test_932_findings_and_remedies(f932):
    kinds = [f["kind"] for f in f932["findings"]]
    assert kinds.count("fault") == 6
    assert "no-fault" in kinds and "no-finding" in kinds
    no_fault = [f["evidence"]["text"] for f in f932["findings"] if f["kind"] == "no-fault"]
    assert "So I cannot say it was fault to ask about this." in no_fault
    agreed = [r for r in f932["remedies"] if r["status"] == "agreed"]
    assert agreed[0]["type"] == "apology" and agreed[0]["deadline"] == "within one month"
    assert {r["type"] for r in agreed[1:]} == {"service-improvement"}
    raised = [i for i in f932["injustices"] if i["injustice_type"] == "raised-expectations"]
    assert len(raised) == 1


def test_spans_are_exact(decisions_dir):
    for path in sorted(decisions_dir.glob("*.txt")):
        d = parse_file(path)
        spans = [p.span for p in d.complaint_points] + [f.span for f in d.findings] + [f.span for f in d.faults]
        spans += [i.span for i in d.injustices] + [r.span for r in d.remedies]
        spans += [s for c in d.statutes for s in c.spans] + [s for g in d.guidance for s in g.spans]
        assert spans
        for span in spans:
            assert d.text[span.start : span.end] == span.text
            assert span.text.strip() == span.text and span.text


def test_furniture_is_not_content(decisions_dir):
    d = parse_file(decisions_dir / "lgsco-20-003-932.txt")
    everything = dumps(to_json(d))
    for furniture in ("Back to top", "Print this page", "cookies", "Privacy settings", "LGO logogram"):
        assert furniture not in everything


def _facts(decision):
    facts = to_json(decision)
    for key in ("source", "sha256"):
        facts.pop(key)
    for group in ("complaint_points", "findings", "faults", "injustices", "remedies"):
        for item in facts[group]:
            if isinstance(item.get("evidence"), dict):
                item["evidence"] = {k: v for k, v in item["evidence"].items() if k not in ("start", "end")}
    return facts


@pytest.mark.parametrize("name", ["lgsco-20-007-812.txt", "lgsco-20-003-932.txt"])
def test_both_renderings_give_the_same_facts(decisions_dir, name):
    text = (decisions_dir / name).read_text(encoding="utf-8")
    flat = flatten(text)
    assert flat != text and "\n\n" not in flat
    assert _facts(parse_text(flat, "flat.txt")) == _facts(parse_text(text, name))


@pytest.mark.parametrize("name", ["lgsco-20-007-812.txt", "lgsco-20-003-932.txt"])
def test_html_page_gives_the_same_facts_as_its_text(decisions_dir, name):
    text = (decisions_dir / name).read_text(encoding="utf-8")
    page = to_html(text)
    assert "<article>" in page and "cookie" in page
    assert _facts(parse_text(page, "page.html")) == _facts(parse_text(text, name))


def test_same_input_same_output(decisions_dir):
    path = decisions_dir / "lgsco-20-007-812.txt"
    assert parse_file(path) == parse_file(path)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Wiltshire Council (20 007 812)\nDecision : Upheld\n".encode("latin-1") + b"caf\xe9", "UTF-8"),
        (b"<!DOCTYPE html><html><body><nav>Menu</nav></body></html>", "HTML"),
        (b"Some text with no reference line at all.\n\nAnother paragraph.", "no decision reference"),
    ],
)
def test_bad_input_names_file_and_reason(data, reason):
    with pytest.raises(ParseError) as err:
        parse_bytes(data, "bad/input.txt")
    assert err.value.source == "bad/input.txt"
    assert reason in err.value.reason
    assert str(err.value).startswith("bad/input.txt: ")


def test_truncated_decision_parses_with_fewer_facts(decisions_dir):
    text = (decisions_dir / "lgsco-20-007-812.txt").read_text(encoding="utf-8")
    cut = text[: text.index("Back to top")]  # stops after the complaint
    d = parse_text(cut, "cut.txt")
    facts = to_json(d)
    assert facts["reference"] == "20 007 812" and len(facts["complaint_points"]) == 4
    # the summary agrees "a financial remedy and an apology": the apology is known, the amount is not
    assert facts["apology"] is True and facts["total_payment_gbp"] is None and facts["payments_gbp"] == []
    assert facts["truncated"] is True
    # the summary says "The Council is at fault": that finding is kept, quoted from the summary
    assert facts["fault_found"] is True
    assert [f["evidence"]["paragraph"] for f in facts["faults"]] == [None]
    assert facts["faults"][0]["evidence"]["text"].startswith("The Council is at fault")


@pytest.mark.parametrize("name", ["lgsco-20-007-812.txt", "lgsco-20-003-932.txt"])
def test_truncated_pages_are_valid_with_fewer_facts(decisions_dir, name):
    from kg.mapping import decision_graph
    from kg.validate import validate

    text = (decisions_dir / name).read_text(encoding="utf-8")
    for cut in range(120, len(text), 997):
        report = validate(decision_graph(parse_text(text[:cut], "cut.txt")))
        assert report.conforms, f"cut at {cut}:\n{report.text()}"


def test_page_address_gives_category_when_the_header_does_not(decisions_dir):
    text = (decisions_dir / "lgsco-20-007-812.txt").read_text(encoding="utf-8")
    headerless = "\n".join(line for line in text.splitlines() if not line.startswith(("Category", "Decision")))
    assert parse_text(headerless, "x.txt").category is None
    page = to_html(headerless).replace(
        "<title>",
        "<link rel='canonical' href='https://www.lgo.org.uk/decisions/childrens-care-services/other/20-007-812'><title>",
    )
    d = parse_text(page, "x.html")
    assert (d.category, d.subcategory, d.outcome, d.decision_date) == ("Children's care services", "Other", None, None)
