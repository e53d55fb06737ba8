"""Statute and guidance citations: kg.parse.citations (and the Act table in kg.parse.acts).

The sentences below are written for these tests; only the bracketed citation
formulas are the Ombudsman's standard wording.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.parse import acts as acts_module
from kg.parse import citations as citations_module
from kg.parse.citations import ACTS, GuidanceMatch, StatuteMatch, find_guidance, find_statutes

DECISIONS = Path(__file__).parents[1] / "data" / "decisions"
LEG = "http://www.legislation.gov.uk/id/ukpga/"
LGA, CA89, CARE, HA96 = LEG + "1974/7", LEG + "1989/41", LEG + "2014/23", LEG + "1996/52"
GUIDANCE = "https://w3id.org/lgsco-kg/vocab/guidance/"
STRICT_IRI = re.compile(
    r"^http://www\.legislation\.gov\.uk/id/ukpga/(?:19|20)[0-9]{2}/[1-9][0-9]{0,2}"
    r"(?:/section/[1-9][0-9]{0,3}[A-Z]{0,3}(?:/[1-9][0-9]{0,2}[A-Z]{0,2})?"
    r"|/schedule/[1-9][0-9]{0,3}[A-Z]{0,3}(?:/paragraph/[1-9][0-9]{0,3}[A-Z]{0,3})?"
    r"|/part/(?:[1-9][0-9]{0,2}|[IVXLC]{1,7}))?$"
)


def pairs(text: str) -> list[tuple[str, str | None]]:
    return [(m.label, m.iri) for m in find_statutes(text)]


def check_offsets(text: str) -> None:
    for m in [*find_statutes(text), *find_guidance(text)]:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text


# --- shapes of citation, each with every (label, iri) it must give, in order -------------------
SHAPES = {
    "two sections": (
        "If there is fault we may suggest a remedy. (Local Government Act 1974, sections 26(1) and 26A(1), as amended)",
        [
            ("Local Government Act 1974 s26(1)", LGA + "/section/26/1"),
            ("Local Government Act 1974 s26A(1)", LGA + "/section/26A/1"),
        ],
    ),
    "schedules paired with paragraphs": (
        "Court matters are out of reach. (Local Government Act 1974, Schedule 5/5A, paragraph 1/3, as amended)",
        [
            ("Local Government Act 1974 Schedule 5 para 1", LGA + "/schedule/5/paragraph/1"),
            ("Local Government Act 1974 Schedule 5A para 3", LGA + "/schedule/5A/paragraph/3"),
        ],
    ),
    "roman-numeral subsection resolves to the section": (
        "We may close the case. (Local Government Act 1974, section 30(1B) and 34H(i), as amended)",
        [
            ("Local Government Act 1974 s30(1B)", LGA + "/section/30/1B"),
            ("Local Government Act 1974 s34H", LGA + "/section/34H"),
        ],
    ),
    "section of the Act": (
        "Under Section 17 of the Children Act 1989 the council has duties to a child in need.",
        [("Children Act 1989 s17", CA89 + "/section/17")],
    ),
    "S. abbreviation then the Act": (
        "Enquiries are then made (S.47 Children Act 1989) by the team.",
        [("Children Act 1989 s47", CA89 + "/section/47")],
    ),
    "year before the name": (
        "They spoke of harm (the phrase comes from the 1989 Children Act) more than once.",
        [("Children Act 1989", CA89)],
    ),
    "s26(1) written three ways": (
        "Compare section 26(1) of the Local Government Act 1974, s.26(1) Local Government Act 1974 and "
        "Local Government Act 1974 s26(1).",
        [("Local Government Act 1974 s26(1)", LGA + "/section/26/1")] * 3,
    ),
    "two lettered sections": (
        "Late complaints need good reasons. (Local Government Act 1974, sections 26B and 34D, as amended)",
        [
            ("Local Government Act 1974 s26B", LGA + "/section/26B"),
            ("Local Government Act 1974 s34D", LGA + "/section/34D"),
        ],
    ),
    "malformed trailing citation": (
        "We may share our findings. (Local Government Act 1974, section 24A(6), as amended, section 34(B))",
        [
            ("Local Government Act 1974 s24A(6)", LGA + "/section/24A/6"),
            ("Local Government Act 1974 s34B", LGA + "/section/34B"),
        ],  # no section has a subsection B: s34B
    ),
    "paragraph before schedule": (
        "This is excluded by paragraph 5A schedule 5 of the Local Government Act 1974.",
        [("Local Government Act 1974 Schedule 5 para 5A", LGA + "/schedule/5/paragraph/5A")],
    ),
    "two subsections in one bracket": (
        "We publish reports (Local Government Act 1974, section 34H(3 and 4), as amended).",
        [
            ("Local Government Act 1974 s34H(3)", LGA + "/section/34H/3"),
            ("Local Government Act 1974 s34H(4)", LGA + "/section/34H/4"),
        ],
    ),
    "a Part (Roman on legislation.gov.uk for a 1996 Act)": (
        "Homelessness duties are in Part 7 of the Housing Act 1996.",
        [("Housing Act 1996 Part 7", HA96 + "/part/VII")],
    ),
    "a Part written in Roman numerals": (
        "The council applied Part VII of the Housing Act 1996.",
        [("Housing Act 1996 Part 7", HA96 + "/part/VII")],
    ),
    "a Part of a modern Act": (
        "Assessments fall under Part 1 of the Care Act 2014.",
        [("Care Act 2014 Part 1", CARE + "/part/1")],
    ),
    # "the Housing Act" with no year names no Act for sure: alone, it is no citation (with a provision it is kept, unresolved)
    "Act named without a year": (
        "It assessed her under the Care Act and the Children Act, not under the Housing Act.",
        [("Care Act 2014", CARE), ("Children Act 1989", CA89)],
    ),
    "section with no Act named": (
        "The boy was placed under section 20 with his mother's agreement.",
        [("s20", None)],
    ),
    "section with its Act elsewhere in the sentence": (
        "The council relied on section 9, which the Care Act 2014 sets out.",
        [("Care Act 2014 s9", CARE + "/section/9"), ("Care Act 2014", CARE)],
    ),
    "section with its Act in another sentence": (
        "The council relied on section 9. The Care Act 2014 is long.",
        [("s9", None), ("Care Act 2014", CARE)],
    ),
    "section with two Acts in the sentence": (
        "Section 117 aftercare differs under the Mental Health Act 1983 and the Care Act 2014.",
        [("s117", None), ("Mental Health Act 1983", LEG + "1983/20"), ("Care Act 2014", CARE)],
    ),
    "citation split across a line break": (
        "It owed the interim duty in section 188(1) of the\nHousing Act\n1996 at once.",
        [("Housing Act 1996 s188(1)", HA96 + "/section/188/1")],
    ),
    "citation repeated in one paragraph": (
        "See S.47 Children Act 1989. Staff then repeated the S.47 Children Act 1989 checks.",
        [("Children Act 1989 s47", CA89 + "/section/47")] * 2,
    ),
    "range of sections": (
        "Sections 188 to 190 of the Housing Act 1996 set out interim duties.",
        [
            ("Housing Act 1996 s188", HA96 + "/section/188"),
            ("Housing Act 1996 s189", HA96 + "/section/189"),
            ("Housing Act 1996 s190", HA96 + "/section/190"),
        ],
    ),
    "two sections of one Act": (
        "Both section 17 and 47 of the Children Act 1989 applied.",
        [("Children Act 1989 s17", CA89 + "/section/17"), ("Children Act 1989 s47", CA89 + "/section/47")],
    ),
    "two Acts, each with its section": (
        "She cited section 1 of the Children Act 1989 and section 9 of the Care Act 2014.",
        [("Children Act 1989 s1", CA89 + "/section/1"), ("Care Act 2014 s9", CARE + "/section/9")],
    ),
    "year in brackets": (
        "The Children Act (1989) was mentioned.",
        [("Children Act 1989", CA89)],
    ),
    "s. then the Act without 'of'": (
        "It is the council's duty under s.42 Care Act 2014 to make enquiries.",
        [("Care Act 2014 s42", CARE + "/section/42")],
    ),
    "Act then section": (
        "Under the Care Act 2014 section 18 the council must meet eligible needs.",
        [("Care Act 2014 s18", CARE + "/section/18")],
    ),
    "section of a yearless Act": (
        "It referred to s.42 of the Care Act and section 20 of the Children Act.",
        [("Care Act 2014 s42", CARE + "/section/42"), ("Children Act 1989 s20", CA89 + "/section/20")],
    ),
    "section of an ambiguous yearless Act": (
        "It referred to section 188 of the Housing Act only.",
        [("Housing Act s188", None)],
    ),
    "yearless name takes the year the text gives it": (
        "The Housing Act 1996 applies; section 202 of the Housing Act gives a review.",
        [("Housing Act 1996", HA96), ("Housing Act 1996 s202", HA96 + "/section/202")],
    ),
    "'the 1996 Act' after the Act was named": (
        "The Housing Act 1996 (the 1996 Act) applies, and section 193 of the 1996 Act in particular.",
        [("Housing Act 1996", HA96), ("Housing Act 1996 s193", HA96 + "/section/193")],
    ),
    "'the Act' with its Act in the sentence": (
        "The Care Act 2014 applies and section 9 of the Act requires an assessment.",
        [("Care Act 2014", CARE), ("Care Act 2014 s9", CARE + "/section/9")],
    ),
    "'the Act' with no Act in the sentence": (
        "Section 9 of the Act requires an assessment.",
        [("s9", None)],
    ),
    "subsections and residue": (
        "It fell within section 26(6)(a) of the Local Government Act 1974 and section 26(1) and (2) too.",
        [
            ("Local Government Act 1974 s26(6)(a)", LGA + "/section/26/6/a"),
            ("Local Government Act 1974 s26(1)", LGA + "/section/26/1"),
            ("Local Government Act 1974 s26(2)", LGA + "/section/26/2"),
        ],
    ),
    "schedule to an Act": (
        "Paragraph 1 of Schedule 5 to the Local Government Act 1974 applies.",
        [("Local Government Act 1974 Schedule 5 para 1", LGA + "/schedule/5/paragraph/1")],
    ),
    "abbreviated Act names": (
        "Compare LGA 1974 s.26 with CA 1989 s 17.",
        [("Local Government Act 1974 s26", LGA + "/section/26"), ("Children Act 1989 s17", CA89 + "/section/17")],
    ),
    "Act outside the table keeps its name but gets no IRI": (
        "Section 2 of the Protection of Pets Act 2001 was quoted.",
        [("Protection of Pets Act 2001 s2", None)],
    ),
    "known name with an unknown year": (
        "The Children Act 1975 was repealed long ago.",
        [("Children Act 1975", None)],
    ),
    "longer titles are not their tail": (
        "Adoption and Children Act 2002, National Health Service and Community Care Act 1990 and Children Act 2004.",
        # the NHS and Community Care Act 1990 is not in the table: kept by name, with no IRI, and not
        # mistaken for its tail "Community Care Act"
        [
            ("Adoption and Children Act 2002", LEG + "2002/38"),
            ("National Health Service and Community Care Act 1990", None),
            ("Children Act 2004", LEG + "2004/31"),
        ],
    ),
    "titles with commas and hyphens": (
        "Anti-social Behaviour, Crime and Policing Act 2014 and Housing Grants, Construction and Regeneration Act 1996.",
        [
            ("Anti-social Behaviour, Crime and Policing Act 2014", LEG + "2014/12"),
            ("Housing Grants, Construction and Regeneration Act 1996", LEG + "1996/53"),
        ],
    ),
    "odd characters": (
        "under section\u00a017 of the Children\u00a0Act\u00a01989 and the Anti\u2011social Behaviour, Crime and Policing Act 2014",
        [
            ("Children Act 1989 s17", CA89 + "/section/17"),
            ("Anti-social Behaviour, Crime and Policing Act 2014", LEG + "2014/12"),
        ],
    ),
    "section in ordinary prose is no citation": (
        "This section of the report and the section on K\u2019s home say nothing about Act 1974.",
        [],
    ),
    "sections of other documents are no citations": (
        "See section 3 of the Council's policy, section 4 of our guidance, section 6.2 of the code and section 5 above.",
        [],
    ),
    "schedule of Regulations is no ukpga citation": (
        "Paragraph 3 of Schedule 1 to the Care and Support (Charging) Regulations 2014 applies under the Care Act 2014.",
        [("Care Act 2014", CARE)],
    ),
    "regulations are left alone": (
        "Regulation 5 of the Care Planning Regulations 2010 was followed.",
        [],
    ),
    "decision paragraphs and counts are no provisions": (
        "As paragraph 12 above says, Mr H's 2 sons and Ms X\u2019s 3 children saw section 47 and 3 children.",
        [("s47", None)],
    ),
    "a Roman 'I' in prose is no Part": (
        "For my part I think the Children Act 1989 matters.",
        [("Children Act 1989", CA89)],
    ),
    "a Part or Schedule with no Act beside it is left out": (
        "Part 2 explains the rules. Schedule 3 lists them. The Care Act 2014 is the source.",
        [("Care Act 2014", CARE)],
    ),
    "Act in brackets after the citation": (
        "The exclusions are in Schedule 5, paragraphs 1, 3 and 5 (Local Government Act 1974).",
        [
            ("Local Government Act 1974 Schedule 5 para 1", LGA + "/schedule/5/paragraph/1"),
            ("Local Government Act 1974 Schedule 5 para 3", LGA + "/schedule/5/paragraph/3"),
            ("Local Government Act 1974 Schedule 5 para 5", LGA + "/schedule/5/paragraph/5"),
        ],
    ),
    "citation in brackets after the Act": (
        "The Housing Act 1996 (Part 7) and the Care Act 2014 (section 18) both apply.",
        [("Housing Act 1996 Part 7", HA96 + "/part/VII"), ("Care Act 2014 s18", CARE + "/section/18")],
    ),
    "an Act leading its own formula does not claim other sections of the sentence": (
        "We cannot look at section 47 matters a court decided (Local Government Act 1974, Schedule 5, paragraph 1).",
        [("s47", None), ("Local Government Act 1974 Schedule 5 para 1", LGA + "/schedule/5/paragraph/1")],
    ),
    "a long range gives its ends": (
        "Sections 26 to 34 of the Local Government Act 1974 set out our powers.",
        [
            ("Local Government Act 1974 s26", LGA + "/section/26"),
            ("Local Government Act 1974 s34", LGA + "/section/34"),
        ],
    ),
    "lettered paragraphs stay residue": (
        "It relied on section 17(10)(a) - (c) of the Children Act 1989.",
        [("Children Act 1989 s17(10)", CA89 + "/section/17/10")],
    ),
    "section zero is no section": (
        "See section 0 of the Children Act 1989.",
        [("Children Act 1989", CA89)],
    ),
    "guidance titles are not statutes": (
        "The Care and Support Statutory Guidance and the SEND Code of Practice say so.",
        [],
    ),
}


@pytest.mark.parametrize("text,expected", SHAPES.values(), ids=SHAPES.keys())
def test_shapes(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert pairs(text) == expected
    check_offsets(text)


# --- a provision number written right before the Act's name ------------------------------------
# The letters that end a section, schedule or paragraph number ("508B", "17ZA") and a Part's Roman
# numeral ("Part III") belong to the number, not to the Act's title.
ED96 = LEG + "1996/56"
NUMBER_BEFORE_ACT = {
    "s.508B Education Act 1996": (
        "The council had to arrange free travel (s.508B Education Act 1996) for the boy.",
        [("Education Act 1996 s508B", ED96 + "/section/508B")],
    ),
    "section 508B Education Act 1996": (
        "Its duty under section 508B Education Act 1996 was not met.",
        [("Education Act 1996 s508B", ED96 + "/section/508B")],
    ),
    "s.17A Children Act 1989": (
        "Direct payments were offered under s.17A Children Act 1989 last spring.",
        [("Children Act 1989 s17A", CA89 + "/section/17A")],
    ),
    "s17ZA Children Act 1989": (
        "A young carer's assessment (s17ZA Children Act 1989) was never done.",
        [("Children Act 1989 s17ZA", CA89 + "/section/17ZA")],
    ),
    "ss 26B and 34D Local Government Act 1974": (
        "Those limits are in ss 26B and 34D Local Government Act 1974.",
        [
            ("Local Government Act 1974 s26B", LGA + "/section/26B"),
            ("Local Government Act 1974 s34D", LGA + "/section/34D"),
        ],
    ),
    "Schedule 5A Local Government Act 1974": (
        "We cannot look at this (Schedule 5A Local Government Act 1974) at all.",
        [("Local Government Act 1974 Schedule 5A", LGA + "/schedule/5A")],
    ),
    "paragraph 3ZA Schedule 2 Children Act 1989": (
        "The plan fell under paragraph 3ZA Schedule 2 Children Act 1989 as well.",
        [("Children Act 1989 Schedule 2 para 3ZA", CA89 + "/schedule/2/paragraph/3ZA")],
    ),
    "Part III Housing Act 1996": (
        "The transfer rules sit in Part III Housing Act 1996 now.",
        [("Housing Act 1996 Part 3", HA96 + "/part/III")],
    ),
    "Parts VI and VII Housing Act 1996": (
        "She applied under Parts VI and VII Housing Act 1996 together.",
        [("Housing Act 1996 Part 6", HA96 + "/part/VI"), ("Housing Act 1996 Part 7", HA96 + "/part/VII")],
    ),
    "s.42 Care Act 2014": (
        "An enquiry (s.42 Care Act 2014) followed.",
        [("Care Act 2014 s42", CARE + "/section/42")],
    ),
}


@pytest.mark.parametrize("words", NUMBER_BEFORE_ACT)
def test_number_before_the_act(words: str) -> None:
    text, expected = NUMBER_BEFORE_ACT[words]
    assert pairs(text) == expected
    assert [m.text for m in find_statutes(text)] == [words] * len(expected)  # the citation's own words
    check_offsets(text)


@pytest.mark.parametrize(
    "text,expected",
    {
        # a capitalised word before the name still means a longer title
        "It cited s.9 Local Government and Social Care Act 2007 in error.": [
            ("Local Government and Social Care Act 2007 s9", None)
        ],
        "It cited section 4 Health and Social Care Act 2008 instead.": [
            ("Health and Social Care Act 2008 s4", LEG + "2008/14/section/4")
        ],
        "It cited s.1 Adoption and Children Act 2002 too.": [
            ("Adoption and Children Act 2002 s1", LEG + "2002/38/section/1")
        ],
        # a Roman numeral that no Part numbers is no provision number
        "The Act of George VI Children Act 1989 is no title we know.": [("Children Act 1989", None)],
    }.items(),
)
def test_capitalised_words_before_the_act_still_lengthen_its_title(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert pairs(text) == expected


def test_lettered_section_in_a_whole_decision() -> None:
    from kg.parse import parse_text

    text = (
        "Fernbrook County Council (23 101 477)\n\nCategory : Education > School transport\n\n"
        "Decision : Upheld\n\nDecision date : 2 Feb 2024\n\nThe Ombudsman's final decision:\n\n"
        "Summary: Mrs B complains the Council refused her son free transport to school. The Council was at "
        "fault. It has agreed to apologise.\n\nWhat I found\n\n"
        "  1. Councils must arrange free travel for eligible children (s.508B Education Act 1996).\n"
    )
    (statute,) = parse_text(text, "transport.txt").statutes
    assert (statute.act, statute.iri, statute.text) == (
        "Education Act 1996",
        ED96 + "/section/508B",
        "s.508B Education Act 1996",
    )


def test_citation_span_and_fields() -> None:
    text = "(Local Government Act 1974, sections 26(1) and 26A(1), as amended)"
    first, second = find_statutes(text)
    assert first.text == second.text == "Local Government Act 1974, sections 26(1) and 26A(1)"
    assert (first.start, first.end) == (second.start, second.end) == (1, 1 + len(first.text))
    assert first == StatuteMatch(
        first.start,
        first.end,
        first.text,
        "Local Government Act 1974",
        "s26(1)",
        LGA + "/section/26/1",
        "Local Government Act 1974 s26(1)",
    )
    assert second.provision == "s26A(1)" and second.raw_extra is None


def test_residue_is_kept_verbatim() -> None:
    by_label = {m.label: m for m in find_statutes("(Local Government Act 1974, section 30(1B) and 34H(i), as amended)")}
    assert by_label["Local Government Act 1974 s34H"].raw_extra == "(i)"
    assert by_label["Local Government Act 1974 s34H"].provision == "s34H"
    assert by_label["Local Government Act 1974 s30(1B)"].raw_extra is None
    (m,) = [
        m
        for m in find_statutes("(Local Government Act 1974, section 24A(6), as amended, section 34(B))")
        if m.provision == "s34B"
    ]
    assert m.raw_extra is None and m.text.endswith("section 34(B)")
    assert m.iri == LGA + "/section/34B", "s34 has no subsection B: the Act's own section 34B, its letter bracketed"


def test_residue_of_lettered_paragraphs() -> None:
    (m,) = find_statutes("It relied on section 17(10)(a) - (c) of the Children Act 1989.")
    assert (m.provision, m.raw_extra) == ("s17(10)", "(a) - (c)")


def test_whole_act_match_has_no_provision() -> None:
    (m,) = find_statutes("(the term used in the 1989 Children Act)")
    assert (m.act, m.provision, m.iri, m.label, m.text) == (
        "Children Act 1989",
        None,
        CA89,
        "Children Act 1989",
        "1989 Children Act",
    )


def test_unresolved_matches_say_so() -> None:
    (m,) = find_statutes("placed under section 20 by agreement")
    assert (m.act, m.provision, m.iri, m.label) == (None, "s20", None, "s20")
    (h,) = find_statutes("section 202 of the Housing Act says")
    assert (h.act, h.provision, h.iri, h.label) == (None, "s202", None, "Housing Act s202")
    assert find_statutes("the Housing Act says") == []  # no year, no provision: no citation at all


def test_offsets_refer_to_original_text_with_odd_characters() -> None:
    text = "\u201cUnder s.\u00a042 of the Care\u00a0Act\u00a02014\u201d \u2011 and the Children Act\u00a01989."
    found = find_statutes(text)
    assert [m.label for m in found] == ["Care Act 2014 s42", "Children Act 1989"]
    check_offsets(text)
    assert found[0].text == "s.\u00a042 of the Care\u00a0Act\u00a02014"


# --- the two seed decisions -------------------------------------------------------------------
def seed(name: str) -> str:
    return (DECISIONS / name).read_text(encoding="utf-8")


def test_seed_20_007_812() -> None:
    text = seed("lgsco-20-007-812.txt")
    found = set(pairs(text))
    assert {
        ("Local Government Act 1974 s26(1)", LGA + "/section/26/1"),
        ("Local Government Act 1974 s26A(1)", LGA + "/section/26A/1"),
        ("Local Government Act 1974 s30(1B)", LGA + "/section/30/1B"),
        ("Local Government Act 1974 s34H", LGA + "/section/34H"),
        ("Local Government Act 1974 Schedule 5 para 1", LGA + "/schedule/5/paragraph/1"),
        ("Local Government Act 1974 Schedule 5A para 3", LGA + "/schedule/5A/paragraph/3"),
        ("Children Act 1989 s17", CA89 + "/section/17"),
    } <= found
    assert all(iri is not None for _, iri in found)
    check_offsets(text)


def test_seed_20_003_932() -> None:
    text = seed("lgsco-20-003-932.txt")
    found = set(pairs(text))
    assert {("Children Act 1989 s47", CA89 + "/section/47"), ("Children Act 1989", CA89)} <= found
    assert ("Local Government Act 1974 s26(1)", LGA + "/section/26/1") in found
    titles = {(g.title, g.iri) for g in find_guidance(text)}
    assert titles == {
        ("Principles of Good Administrative Practice", GUIDANCE + "principles-of-good-administrative-practice"),
        ("Guidance on Remedies", GUIDANCE + "guidance-on-remedies"),
    }
    check_offsets(text)


# --- guidance ----------------------------------------------------------------------------------
GUIDANCE_CASES = {
    "our Principles of Good Administrative Practice": (
        "Principles of Good Administrative Practice",
        "principles-of-good-administrative-practice",
    ),
    "The Principles of Good Administrative Practice": (
        "Principles of Good Administrative Practice",
        "principles-of-good-administrative-practice",
    ),
    "our Guidance on Remedies": ("Guidance on Remedies", "guidance-on-remedies"),
    "our own Guidance of Remedies": ("Guidance on Remedies", "guidance-on-remedies"),
    "the remedies guidance": ("Guidance on Remedies", "guidance-on-remedies"),
    "our Assessment Code": ("Assessment Code", "assessment-code"),
    "Working Together to Safeguard Children 2018": (
        "Working Together to Safeguard Children",
        "working-together-to-safeguard-children",
    ),
    "working together to safeguard children (2015)": (
        "Working Together to Safeguard Children",
        "working-together-to-safeguard-children",
    ),
    "the statutory guidance Working Together 2018": (
        "Working Together to Safeguard Children",
        "working-together-to-safeguard-children",
    ),
    "the Care and Support Statutory Guidance": (
        "Care and Support Statutory Guidance",
        "care-and-support-statutory-guidance",
    ),
    "the SEND Code of Practice": ("SEND Code of Practice", "send-code-of-practice"),
    "the Special Educational Needs and Disability Code of Practice: 0 to 25 years": (
        "SEND Code of Practice",
        "send-code-of-practice",
    ),
    "the Homelessness Code of Guidance for Local Authorities": (
        "Homelessness Code of Guidance",
        "homelessness-code-of-guidance",
    ),
}


@pytest.mark.parametrize("text,expected", GUIDANCE_CASES.items(), ids=GUIDANCE_CASES.keys())
def test_guidance(text: str, expected: tuple[str, str]) -> None:
    (g,) = find_guidance(f"As {text} says, councils should act.")
    assert (g.title, g.iri) == (expected[0], GUIDANCE + expected[1])
    assert isinstance(g, GuidanceMatch)
    assert find_statutes(text) == []
    check_offsets(f"As {text} says, councils should act.")


def test_guidance_in_text_order_and_not_in_prose() -> None:
    text = "The Assessment Code came first; later the Guidance on Remedies. The assessment code of conduct is not it."
    assert [g.title for g in find_guidance(text)] == ["Assessment Code", "Guidance on Remedies"]


# --- the Act table ------------------------------------------------------------------------------
REQUIRED_CHAPTERS = {
    "Local Government Act 1974": 7,
    "Children Act 1989": 41,
    "Care Act 2014": 23,
    "Housing Act 1996": 52,
    "Education Act 1996": 56,
    "Children and Families Act 2014": 6,
    "Equality Act 2010": 15,
    "Human Rights Act 1998": 42,
    "Data Protection Act 2018": 12,
    "Localism Act 2011": 20,
    "Town and Country Planning Act 1990": 8,
    "Mental Health Act 1983": 20,
    "Chronically Sick and Disabled Persons Act 1970": 44,
    "Housing Grants, Construction and Regeneration Act 1996": 53,
    "Local Government Finance Act 1992": 14,
    "Road Traffic Regulation Act 1984": 27,
    "Traffic Management Act 2004": 18,
    "Environmental Protection Act 1990": 43,
    "Anti-social Behaviour, Crime and Policing Act 2014": 12,
    "Homelessness Reduction Act 2017": 13,
    "Local Government Act 1972": 70,
    "Health Act 2009": 21,
}


@pytest.mark.parametrize("title,chapter", REQUIRED_CHAPTERS.items())
def test_act_table(title: str, chapter: int) -> None:
    year = int(title[-4:])
    assert ACTS[title] == (year, chapter)
    (m,) = find_statutes(f"See the {title} here.")
    assert (m.act, m.iri, m.label) == (title, f"{LEG}{year}/{chapter}", title)


def test_table_is_consistent() -> None:
    for title, (year, chapter) in ACTS.items():
        assert title.endswith(f" Act {year}") and 0 < chapter < 1000
    for alias, title in acts_module.ALIASES.items():
        assert title in ACTS and alias.endswith(str(ACTS[title][0]))
    assert set(acts_module.YEARLESS.values()) <= set(ACTS)


def test_doctests() -> None:
    for module in (citations_module, acts_module):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__


# --- properties -----------------------------------------------------------------------------------
FRAGMENTS = [
    "section ",
    "sections ",
    "s.",
    "S.",
    "s ",
    "ss ",
    "Schedule ",
    "schedule ",
    "paragraph ",
    "para ",
    "Part ",
    "part ",
    "of the ",
    "to the ",
    "the ",
    "Act ",
    "Act",
    " and ",
    ", ",
    " or ",
    " to ",
    "/",
    "-",
    "(",
    ")",
    "\n",
    "\u00a0",
    "\u2011",
    "\u2019",
    ". ",
    "; ",
    "as amended",
    "17",
    "26A",
    "34H",
    "1",
    "(1)",
    "(i)",
    "(B)",
    "(3 and 4)",
    "VII",
    "I",
    "1989",
    "1974",
    "1996",
    "2014",
    "Children Act 1989",
    "Local Government Act 1974",
    "Care Act",
    "Housing Act",
    "LGA 1974",
    "the 1996 Act",
    "the Act",
    "Guidance on Remedies",
    "Principles of Good ",
    "Administrative Practice",
    "Working Together to Safeguard Children",
    "SEND Code of Practice",
    "Regulations",
    "Protection of Pets Act 2001",
    "above",
    "Council's ",
    "\u0663",
    "\U0001d7d9",
]
texty = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(texty)
def test_never_raises_and_offsets_are_valid(text: str) -> None:
    statutes, guidance = find_statutes(text), find_guidance(text)
    for m in [*statutes, *guidance]:
        assert 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text
    assert [m.start for m in statutes] == sorted(m.start for m in statutes)
    assert [g.start for g in guidance] == sorted(g.start for g in guidance)


@settings(max_examples=400, deadline=None)
@given(texty)
def test_every_iri_is_a_strict_ukpga_identifier(text: str) -> None:
    for m in find_statutes(text):
        if m.iri is not None:
            assert m.iri.startswith("http://www.legislation.gov.uk/id/ukpga/")
            assert STRICT_IRI.match(m.iri), m.iri
            assert m.act in ACTS and m.label.startswith(m.act)
    for g in find_guidance(text):
        assert g.iri.startswith(GUIDANCE) and re.fullmatch(r"[a-z0-9-]+", g.iri[len(GUIDANCE) :])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    for m in [*find_statutes(text), *find_guidance(text)]:
        assert text[m.start : m.end] == m.text
