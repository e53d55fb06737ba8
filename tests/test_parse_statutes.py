"""Issue 12: statute boilerplate in all the forms real pages write it, read from whole pages (both renderings).

A decision's ``statutes`` are the provisions of Acts of Parliament it cites, one per distinct provision,
with legislation.gov.uk identifiers: ``26(6)(c)`` is ``/section/26/6/c``, ``34(B)`` is ``/section/34B``,
``34H(i)`` is ``/section/34H``, "Part 3A" gets a Part IRI.  Short names a page defines ("the MHA",
"the 1974 Act", "the Act") resolve later citations; a section whose Act the page never names is left out;
a citation the end of a truncated page runs through is left out.
"""

from __future__ import annotations

import pytest
from test_parse_pages import both, facts, page

LGA = "http://www.legislation.gov.uk/id/ukpga/1974/7"
MHA = "http://www.legislation.gov.uk/id/ukpga/1983/20"
HSCA = "http://www.legislation.gov.uk/id/ukpga/1993/46"
CARE = "http://www.legislation.gov.uk/id/ukpga/2014/23"


def iris(text: str) -> list[str | None]:
    return sorted(s["iri"] or "" for s in facts(text)["statutes"])


def role(*paras: str, cut: str | None = None, outcome: str | None = "Closed after initial enquiries") -> str:
    return page(
        "We will not investigate Mr S's complaint about the Council's refusal of his blue badge. There is not "
        "enough evidence of fault.",
        [
            ("The complaint", ["Mr S complains the Council refused his badge."]),
            ("The Ombudsman's role and powers", list(paras)),
        ],
        outcome=outcome,
        category="Adult care services > Transport",
        cut=cut,
    )


ALONE_ON_A_LINE = role(
    "We do not start or continue an investigation if we decide:\n\n      • there is not enough evidence "
    "of fault to justify investigating.\n\n(Local Government Act 1974, section 24A(6))",
    cut="section 24A(6))",
)


@pytest.mark.parametrize("text", both(ALONE_ON_A_LINE))
def test_a_bracketed_citation_alone_on_a_line(text: str) -> None:
    assert iris(text) == [f"{LGA}/section/24A/6"]


AS_AMENDED_34B = role(
    "We do not start an investigation if we decide there is not enough evidence of fault to justify "
    "investigating. (Local Government Act 1974, section 24A(6), as amended, section 34(B))",
    cut="section 34(B))",
)


@pytest.mark.parametrize("text", both(AS_AMENDED_34B))
def test_section_34_bracket_b_is_section_34b(text: str) -> None:
    statutes = facts(text)["statutes"]
    assert sorted(s["iri"] for s in statutes) == [f"{LGA}/section/24A/6", f"{LGA}/section/34B"]
    assert {s["provision"] for s in statutes} == {"s24A(6)", "s34B"}


@pytest.mark.parametrize(
    "text",
    both(
        role(
            "We decide whether to start an investigation. (Local Government Act 1974, section 26A(2), as amended)",
            cut="as amended)",
        )
    ),
)
def test_section_with_subsection_as_amended(text: str) -> None:
    assert iris(text) == [f"{LGA}/section/26A/2"]


@pytest.mark.parametrize(
    "text",
    both(
        role(
            "We cannot investigate late complaints unless there are good reasons. "
            "(Local Government Act 1974, sections 26B and 34D, as amended)",
            cut="amended)",
        )
    ),
)
def test_sections_plural_with_two_lettered_sections(text: str) -> None:
    assert iris(text) == [f"{LGA}/section/26B", f"{LGA}/section/34D"]


@pytest.mark.parametrize(
    "text",
    both(
        role(
            "We cannot normally investigate if someone could go to court. (Local "
            "Government Act 1974, section 26(6)(c), as amended)",
            "We may use our discretion if going to court is unreasonable (Local Government Act 1974, section 26(6)(c))",
            cut="26(6)(c))",
        )
    ),
)
def test_a_paragraph_letter_is_kept_the_same_way_each_time(text: str) -> None:
    statutes = facts(text)["statutes"]
    assert [(s["provision"], s["iri"]) for s in statutes] == [("s26(6)(c)", f"{LGA}/section/26/6/c")]


@pytest.mark.parametrize(
    "text",
    both(
        role(
            "If we are satisfied with a council's actions we can complete our investigation. "
            "(Local Government Act 1974, section 30(1B) and 34H(i), as amended)",
            cut="amended)",
        )
    ),
)
def test_a_roman_numeral_that_is_no_subsection_is_dropped(text: str) -> None:
    assert iris(text) == [f"{LGA}/section/30/1B", f"{LGA}/section/34H"]


MHA_PAGE = page(
    "Mr N complains the Trust discharged him from his section 117 aftercare. We found no fault.",
    [
        ("The complaint", ["Mr N complains his aftercare stopped."]),
        (
            "Relevant law",
            [
                "Section 3 of the Mental Health Act 1983 (the MHA) allows a person to be detained for treatment. Section 117 "
                "(s117) of the MHA places a duty on health bodies and councils to provide aftercare to people detained under "
                "section 3.",
                "Section 2 of the MHA allows detention for assessment.",
            ],
        ),
    ],
    outcome="Not upheld",
    title="Northfield NHS Foundation Trust (23 006 895c)",
    category="Health > Mental health services",
    cut="for assessment.",
)


@pytest.mark.parametrize("text", both(MHA_PAGE))
def test_an_abbreviation_defined_once_resolves_later_citations(text: str) -> None:
    statutes = facts(text)["statutes"]
    assert sorted((s["provision"], s["iri"]) for s in statutes) == [
        ("s117", f"{MHA}/section/117"),
        ("s2", f"{MHA}/section/2"),
        ("s3", f"{MHA}/section/3"),
    ]


@pytest.mark.parametrize(
    "text",
    both(
        page(
            "Mr N complains about his mother's aftercare.",
            [
                ("The complaint", ["Mr N complains."]),
                (
                    "The Ombudsmen's role and powers",
                    [
                        "The Ombudsmen may jointly consider complaints about health and social care. (Local Government Act 1974, "
                        "section 33ZA, as amended, and Health Service Commissioners Act 1993, section 18ZA)",
                        "If there has been fault, we consider whether it caused injustice (Health Service Commissioners Act 1993, "
                        "section 3(1) and Local Government Act 1974, sections 26(1) and 26A(1), as amended).",
                    ],
                ),
            ],
            outcome=None,
            cut="as amended).",
        )
    ),
)
def test_health_service_commissioners_act_sections(text: str) -> None:
    assert iris(text) == [
        f"{LGA}/section/26/1",
        f"{LGA}/section/26A/1",
        f"{LGA}/section/33ZA",
        f"{HSCA}/section/18ZA",
        f"{HSCA}/section/3/1",
    ]


@pytest.mark.parametrize(
    "text",
    both(
        page(
            "Mrs H complains about her mother's care provider.",
            [
                ("The complaint", ["Mrs H complains."]),
                (
                    "The Ombudsman's role and powers",
                    [
                        "We can investigate complaints about adult social care providers under Part 3A of the Local Government Act "
                        "1974. The 1974 Act, section 34B, gives us that power, and section 34C of the 1974 Act says which matters."
                    ],
                ),
            ],
            outcome=None,
            cut="which matters.",
        )
    ),
)
def test_a_part_and_the_1974_act(text: str) -> None:
    assert iris(text) == [f"{LGA}/part/3A", f"{LGA}/section/34B", f"{LGA}/section/34C"]


@pytest.mark.parametrize(
    "text",
    both(
        page(
            "Mr O complains about his care needs assessment.",
            [
                ("The complaint", ["Mr O complains."]),
                (
                    "Relevant law",
                    [
                        "The Care Act 2014 (the Act) sets out councils' duties. Section 9 of the Act says a council must assess needs.",
                        "The Care Act statutory guidance explains how councils should carry out assessments.",
                    ],
                ),
            ],
            outcome=None,
            cut="carry out assessments.",
        )
    ),
)
def test_the_act_defined_and_statutory_guidance_is_no_citation_of_the_act(text: str) -> None:
    assert iris(text) == [CARE, f"{CARE}/section/9"]


@pytest.mark.parametrize(
    "text",
    both(
        page(
            "Mrs A complains about her sister's section 117 aftercare and her s117 reviews.",
            [("The complaint", ["Mrs A complains that no section 117 plan was written."])],
            outcome=None,
            cut="was written.",
        )
    ),
)
def test_a_section_whose_act_the_page_never_names_is_left_out(text: str) -> None:
    assert facts(text)["statutes"] == []


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("(Local Government Act 1974, section 2", []),  # the number may go on: 26, 26A …
        ("(Local Government Act 1", []),  # the year is cut
        ("(Local Gove", []),
        ("(Local Government Act 1974, section 30(1B) and 34H(i), ", [f"{LGA}/section/30/1B", f"{LGA}/section/34H"]),
        ("(Local Government Act 1974, section 30(1B) and 34H(i)", [f"{LGA}/section/30/1B", f"{LGA}/section/34H"]),
    ],
)
@pytest.mark.parametrize("flat", [False, True], ids=["blocks", "flat"])
def test_a_citation_cut_off_by_the_end_of_the_excerpt(tail: str, expected: list[str], flat: bool) -> None:
    from renderings import flatten

    text = role(
        "We consider whether there was fault. (Local Government Act 1974, section 34(3), as amended)",
        "We may decide not to start an investigation. " + tail,
    )
    text = text[: text.rindex(tail) + len(tail)]
    if flat:
        text = flatten(text).rstrip("\n")
    assert iris(text) == sorted([f"{LGA}/section/34/3", *expected])


@pytest.mark.parametrize(
    "text",
    both(
        page(
            "Ms B complains about a care home's charges.",
            [
                ("The complaint", ["Ms B complains."]),
                (
                    "Relevant law",
                    [
                        "The Care Act 2014 sets out a council's duties to people who need care.",
                        "A council must make enquiries where it thinks an adult is at risk of abuse (section 42).",
                    ],
                ),
            ],
            outcome=None,
            cut="(section 42).",
        )
    ),
)
def test_a_bare_section_takes_the_one_act_the_page_names_besides_the_ombudsmans_own(text: str) -> None:
    assert iris(text) == [CARE, f"{CARE}/section/42"]


def test_citations_in_the_summary_count() -> None:
    text = page(
        "Mrs D says the Council has not done what the Environmental Protection Act requires.",
        outcome=None,
        cut="requires.",
    )
    assert iris(text) == ["http://www.legislation.gov.uk/id/ukpga/1990/43"]
