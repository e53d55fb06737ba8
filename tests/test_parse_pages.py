"""Issue 12: facts from pages as the archive holds them, mostly cut off after the summary or the first sections.

Every text here is written for this project (invented councils, people and facts) in the shapes real
decision pages take, and each is checked in both renderings: (a) blank-line blocks with ``  1.``
paragraphs and ``Back to top``, and (b) flat single-line ``- `` paragraphs.  :func:`page` builds them.

The rules under test: the summary (and a final-decision paragraph wherever it stands) is a source of
fault, injustice, apology and payments, merged with the body without double counting; a decision not
investigated makes no remedy; a page cut short says so and never reports a partial total.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from renderings import both, facts, flatten, money

TITLE = "Hallam Borough Council (23 004 118)"
ROLE = (
    "The Ombudsman's role and powers",
    [
        "We investigate complaints about 'maladministration' and 'service failure'. In this statement, I have used the "
        "word fault to refer to these. We must also consider whether any fault has had an adverse impact on the person "
        "making the complaint. I refer to this as 'injustice'. If there has been fault which has caused an injustice, we "
        "may suggest a remedy. (Local Government Act 1974, sections 26(1) and 26A(1), as amended)",
    ],
)
SIGN_OFF = "Investigator's decision on behalf of the Ombudsman"


def page(
    summary: str | None,
    sections: list[tuple[str, list[str]]] = (),
    *,
    outcome: str | None = "Upheld",
    title: str = TITLE,
    category: str = "Housing > Homelessness",
    end: bool = False,
    cut: str | None = None,
) -> str:
    """A decision page in rendering (a).  ``end`` adds the sign-off; ``cut`` keeps the text up to and including
    the first occurrence of that string (a page saved cut short, as most are)."""
    out = [title]
    if outcome is not None:
        out += [f"Category : {category}", f"Decision : {outcome}", "Decision date : 12 Mar 2024"]
    out.append("The Ombudsman's final decision:")
    if summary is not None:
        out.append(f"Summary: {summary}")
    for heading, paras in sections:
        out.append(heading)
        out += [f"  {n}. {p}" for n, p in enumerate(paras, start=1)]
        out.append("Back to top")
    if end:
        out.append(SIGN_OFF)
    text = "\n\n".join(out) + "\n"
    if cut is not None:
        text = text[: text.index(cut) + len(cut)]
    return text


COMPLAINT = ("The complaint", ["Mrs P complains the Council placed her family in a bed and breakfast for too long."])

# --- the summary is a source of facts ----------------------------------------------------------------------
SUMMARY_ALL = page(
    "Mrs P complained the Council left her family in unsuitable bed and breakfast accommodation. We found fault "
    "causing injustice. The Council has agreed to apologise and pay Mrs P £500 for her distress, £2,750 towards the "
    "storage costs she met and £150 for her time and trouble.",
    [COMPLAINT, ROLE],
    cut="We investigate complaints about 'maladministration' and 'serv",
)


@pytest.mark.parametrize("text", both(SUMMARY_ALL))
def test_a_summary_stating_the_remedy_gives_apology_payments_and_total(text: str) -> None:
    f = facts(text)
    assert f["truncated"] is True
    assert (f["fault_found"], f["injustice_found"], f["apology"]) == (True, True, True)
    assert f["payments_gbp"] == money("500", "2750", "150")
    assert f["total_payment_gbp"] == Decimal("3400")
    summary_quotes = [r["evidence"]["text"] for r in f["remedies"]]
    assert all("The Council has agreed to apologise" in q for q in summary_quotes)
    assert f["faults"][0]["evidence"]["text"] == "We found fault causing injustice."


NO_FAULT = page(
    "Mr R complained about the way the Council assessed his garden wall. We have completed our "
    "investigation and found no fault.",
    [("The complaint", ["Mr R complains the Council misjudged the height of his neighbour's wall."])],
    outcome="Not upheld",
    cut="misjudged the he",
)


@pytest.mark.parametrize("text", both(NO_FAULT))
def test_a_summary_finding_no_fault_closes_the_remedy_even_when_cut(text: str) -> None:
    f = facts(text)
    assert (f["truncated"], f["fault_found"], f["apology"], f["payments_gbp"], f["total_payment_gbp"]) == (
        True,
        False,
        False,
        [],
        Decimal("0"),
    )
    assert f["findings"][0]["kind"] == "no-fault" and f["findings"][0]["evidence"]["paragraph"] is None


UNQUANTIFIED = page(
    "Ms Q complains about her son's Education, Health and Care plan. There was fault by the Council. "
    "It should apologise and make a payment to Ms Q to acknowledge the uncertainty caused.",
    [("The complaint", ["Ms Q complains the Council did not amend the plan."])],
    outcome="Upheld",
    category="Education > Special educational needs",
    cut="did not amend",
)


@pytest.mark.parametrize("text", both(UNQUANTIFIED))
def test_a_payment_without_its_amount_leaves_the_total_unknown(text: str) -> None:
    f = facts(text)
    assert (f["fault_found"], f["injustice_found"], f["apology"]) == (True, True, True)
    assert f["payments_gbp"] == [] and f["total_payment_gbp"] is None
    assert [i["injustice_type"] for i in f["injustices"]] == ["uncertainty"]


VAGUE = page(
    "Mr B complains about the Council's handling of his council tax account. We find there was fault by the "
    "Council, causing injustice to Mr B for which a remedy has been agreed.",
    [COMPLAINT],
    cut="The complaint",
)


@pytest.mark.parametrize("text", both(VAGUE))
def test_a_remedy_agreed_without_saying_what_it_is_leaves_apology_and_total_unknown(text: str) -> None:
    f = facts(text)
    assert (f["fault_found"], f["injustice_found"], f["apology"], f["total_payment_gbp"]) == (True, True, None, None)


REMEDY_WITHOUT_APOLOGY = page(
    "Mr G complains the Council refused him an allowance for his grandchildren. The Council has not properly "
    "considered his request, and the reason it gave for refusing is invalid. The Council has agreed to consider his "
    "request again.",
    [COMPLAINT],
    category="Children's care services > Friends and family carers",
    cut="Mrs P comp",
)


@pytest.mark.parametrize("text", both(REMEDY_WITHOUT_APOLOGY))
def test_a_remedy_stated_without_an_apology_or_payment(text: str) -> None:
    f = facts(text)
    assert (f["fault_found"], f["injustice_found"], f["apology"], f["payments_gbp"], f["total_payment_gbp"]) == (
        True,
        None,
        False,
        [],
        Decimal("0"),
    )
    assert [r["type"] for r in f["remedies"]] == ["reconsideration"]


ALREADY_REMEDIED = page(
    "Miss K complained about council tax charged on an empty flat. We find the Council was at fault because it did "
    "not consider its discretion to reduce the charge. The Council has already reviewed its decision and waived the "
    "payment. That remedies any injustice caused.",
    [COMPLAINT],
    category="Benefits and tax > Council tax",
    cut="Mrs P complains the Co",
)


@pytest.mark.parametrize("text", both(ALREADY_REMEDIED))
def test_a_remedy_already_made_and_a_waiver_are_no_payment(text: str) -> None:
    f = facts(text)
    assert (f["fault_found"], f["injustice_found"], f["apology"], f["payments_gbp"], f["total_payment_gbp"]) == (
        True,
        None,
        False,
        [],
        Decimal("0"),
    )


APOLOGISED_BEFORE = page(
    "Mr and Mrs T complained about how the Council dealt with felled trees. There was no fault in how the Council "
    "answered their reports. However, there was fault in how the tree order was first made. The Council remedied this "
    "by apologising to Mr and Mrs T for the effect on their street.",
    outcome=None,
    cut="effect on their street.",
)


@pytest.mark.parametrize("text", both(APOLOGISED_BEFORE))
def test_mixed_findings_and_a_remedy_already_given(text: str) -> None:
    f = facts(text)
    assert (f["fault_found"], f["injustice_found"], f["apology"], f["total_payment_gbp"]) == (True, None, True, 0)
    assert f["complainant"] == "Mr and Mrs T" and f["truncated"] is True
    assert sorted(x["kind"] for x in f["findings"]) == ["fault", "no-fault"]


NO_INJUSTICE = page(
    "We have found the Council at fault for not telling Mrs W it had confirmed a tree order on her land. "
    "This did not cause Mrs W an injustice as she had seen the order online.",
    outcome=None,
    cut="seen the order online.",
)


@pytest.mark.parametrize("text", both(NO_INJUSTICE))
def test_injustice_ruled_out_in_the_summary(text: str) -> None:
    f = facts(text)
    assert (f["fault_found"], f["injustice_found"]) == (True, False)


INJUSTICE_WITHOUT_THE_WORD = page(
    "Miss N complained the Council did not find her suitable temporary accommodation. The Council was at fault. Miss N "
    "and her children lived in unsuitable accommodation for seven months. The Council has agreed to apologise and make "
    "a financial payment.",
    outcome=None,
    cut="financial payment.",
)


@pytest.mark.parametrize("text", both(INJUSTICE_WITHOUT_THE_WORD))
def test_unsuitable_accommodation_for_a_period_is_injustice(text: str) -> None:
    f = facts(text)
    assert (f["fault_found"], f["injustice_found"], f["apology"], f["total_payment_gbp"]) == (True, True, True, None)


FLAWED = page(
    "Mr and Mrs J complained about the Council stopping their allowance. The decision to stop it followed the "
    "Council's policy. However, the review panel's report is flawed. The Council agreed to hold a new review "
    "with a fresh panel to remedy the uncertainty this caused. It will also pay Mr and Mrs J £412.36 it found "
    "it had underpaid in 2021.",
    [COMPLAINT],
    cut="Mrs P co",
)


@pytest.mark.parametrize("text", both(FLAWED))
def test_a_flawed_decision_is_fault_and_arrears_the_council_will_pay_are_a_payment(text: str) -> None:
    f = facts(text)
    assert (f["fault_found"], f["injustice_found"], f["apology"]) == (True, True, False)
    assert f["payments_gbp"] == money("412.36") and f["total_payment_gbp"] == Decimal("412.36")


TOTAL_ONLY = page(
    "Mrs V complained the Council failed to provide education for her son. We found fault with the "
    "Council delaying for ten weeks. The Council agreed to apologise to Mrs V and pays her a total of "
    "£2,300 for the impact its fault had on her and her son.",
    [COMPLAINT],
    category="Education > Special educational needs",
    cut="Mrs P complains",
)


@pytest.mark.parametrize("text", both(TOTAL_ONLY))
def test_a_total_the_summary_states_alone_is_the_payment(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("2300") and f["total_payment_gbp"] == Decimal("2300")
    assert f["injustice_found"] is True


def _full(summary: str, action: list[str], findings: list[str]) -> str:
    return page(
        summary,
        [
            COMPLAINT,
            ROLE,
            ("What I found", findings),
            ("Agreed action", action),
            (
                "Final decision",
                ["I have completed my investigation. The Council was at fault and has agreed to remedy the injustice."],
            ),
        ],
        end=True,
    )


MERGED = _full(
    "Mrs P complained about her bed and breakfast placement. We found fault causing injustice. The Council has agreed "
    "to apologise and pay Mrs P £800.",
    [
        "Within one month of my final decision the Council has agreed to:",
        "apologise to Mrs P;",
        "pay Mrs P £300 for her distress and £500 for the months her family spent in unsuitable accommodation.",
    ],
    ["The Council kept the family in bed and breakfast for fourteen weeks. That was fault. It caused Mrs P distress."],
)


@pytest.mark.parametrize("text", both(MERGED))
def test_summary_and_body_are_merged_without_double_counting(text: str) -> None:
    f = facts(text)
    assert f["truncated"] is False
    assert f["payments_gbp"] == money("300", "500") and f["total_payment_gbp"] == Decimal("800")
    assert len(f["faults"]) == 1, "the summary's fault is the body's, counted once"
    assert [r["type"] for r in f["remedies"]].count("apology") == 1


SAME_SUM_TWICE = _full(
    "Mrs P complained about her placement. We found fault. The Council has agreed to pay Mrs P £450 for her distress.",
    ["The Council has agreed to pay Mrs P £450 for her distress within one month."],
    ["Keeping the family in bed and breakfast for ten weeks was fault. It caused Mrs P distress."],
)


@pytest.mark.parametrize("text", both(SAME_SUM_TWICE))
def test_a_sum_in_summary_and_action_is_one_payment(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("450") and f["total_payment_gbp"] == Decimal("450")


FINAL_ONLY = page(
    None,
    [
        COMPLAINT,
        (
            "Final decision",
            [
                "I have completed my investigation. The Council was at fault. It has agreed to apologise to Mrs P and pay her £175 "
                "for her time and trouble."
            ],
        ),
    ],
    end=True,
)


@pytest.mark.parametrize("text", both(FINAL_ONLY))
def test_a_final_decision_paragraph_is_a_source_of_facts(text: str) -> None:
    f = facts(text)
    assert (f["truncated"], f["fault_found"], f["apology"]) == (False, True, True)
    assert f["payments_gbp"] == money("175") and f["total_payment_gbp"] == Decimal("175")
    assert f["injustice_found"] is True


# --- decisions not investigated ------------------------------------------------------------------------
LATE = page(
    "We will not investigate Mr D's complaint about the Council's decision to tow his car in 2019. The complaint "
    "is late and there are no good reasons to look at it now.",
    [
        ("The complaint", ["Mr D says the Council towed his car and charged him £150 to get it back."]),
        ("My assessment", ["The Council has already apologised to Mr D and refunded £150."]),
    ],
    outcome="Closed after initial enquiries",
    category="Transport and highways > Parking and other penalties",
    cut="refunded £150.",
)


@pytest.mark.parametrize("text", both(LATE))
def test_not_investigated_gives_no_remedy_even_where_the_text_names_money(text: str) -> None:
    f = facts(text)
    assert (f["fault_found"], f["injustice_found"], f["apology"], f["payments_gbp"], f["total_payment_gbp"]) == (
        None,
        None,
        False,
        [],
        Decimal("0"),
    )
    assert f["remedies"] == [] and f["assessment_reason"] == "late-complaint"


NOT_INVESTIGATED_NO_HEADER = page(
    "We will not investigate this complaint about the Council's refusal of a disabled parking badge. There is "
    "insufficient evidence of fault by the Council to warrant an investigation.",
    [("The complaint", ["Mr L complains the Council refused his application for a blue badge."])],
    outcome=None,
    cut="refused his appl",
)


@pytest.mark.parametrize("text", both(NOT_INVESTIGATED_NO_HEADER))
def test_we_will_not_investigate_without_header_lines(text: str) -> None:
    f = facts(text)
    assert f["outcome"] is None
    assert (f["fault_found"], f["apology"], f["payments_gbp"], f["total_payment_gbp"]) == (None, False, [], 0)


RULES_OUT_FAULT = page(
    "We will not investigate this complaint about the Council refusing Mr A a blue badge. The Council "
    "reached its decision properly. The time it took is not significant enough to warrant an "
    "investigation.",
    [COMPLAINT],
    outcome="Closed after initial enquiries",
    cut="Mrs P",
)


@pytest.mark.parametrize("text", both(RULES_OUT_FAULT))
def test_not_investigated_but_fault_ruled_out_in_terms(text: str) -> None:
    f = facts(text)
    assert (f["fault_found"], f["injustice_found"], f["apology"], f["total_payment_gbp"]) == (False, None, False, 0)


ADMITTED = page(
    "Mrs A complains about her sister's aftercare. We should not investigate this complaint because the Trust "
    "has already admitted fault and taken steps to remedy the injustice to her sister.",
    [COMPLAINT],
    outcome="Closed after initial enquiries",
    title="Norbury Health NHS Foundation Trust (23 017 881a)",
    category="Health > Mental health services",
    cut="Mrs P comp",
)


@pytest.mark.parametrize("text", both(ADMITTED))
def test_fault_a_body_admits_is_no_finding_of_the_ombudsman(text: str) -> None:
    f = facts(text)
    assert (f["reference"], f["fault_found"], f["apology"], f["payments_gbp"], f["total_payment_gbp"]) == (
        "23 017 881a",
        None,
        False,
        [],
        0,
    )


DISCONTINUED = page(
    "We have discontinued our investigation of Ms E's complaint about her mother's care charges because "
    "Ms E has started proceedings in the county court.",
    [COMPLAINT],
    outcome=None,
    cut="Mrs P",
)


@pytest.mark.parametrize("text", both(DISCONTINUED))
def test_discontinued_investigation_makes_no_remedy(text: str) -> None:
    f = facts(text)
    assert (f["apology"], f["payments_gbp"], f["total_payment_gbp"]) == (False, [], 0)


CANNOT = page(
    "The Ombudsman cannot investigate Mr H's complaint about his council tax because he has appealed to the "
    "valuation tribunal. Mr H's complaint is that the bill caused him anxiety.",
    [("The complaint", ["Mr H complains about his council tax bill."])],
    outcome=None,
    cut="tax bill.",
)


@pytest.mark.parametrize("text", both(CANNOT))
def test_cannot_investigate_is_not_investigated_and_a_complaint_is_no_finding(text: str) -> None:
    f = facts(text)
    assert (f["fault_found"], f["injustice_found"], f["apology"], f["total_payment_gbp"]) == (None, None, False, 0)


# --- truncation --------------------------------------------------------------------------------------------
PARTIAL_BODY = page(
    "Mrs P complained about her bed and breakfast placement. The Council was at fault and has agreed a remedy.",
    [
        COMPLAINT,
        (
            "What I found",
            [
                "Keeping the family there for ten weeks was fault. I "
                "recommend the Council pays Mrs P £250 for her distress and also"
            ],
        ),
    ],
    cut="and also",
)


@pytest.mark.parametrize("text", both(PARTIAL_BODY))
def test_a_page_cut_short_never_reports_a_partial_total(text: str) -> None:
    f = facts(text)
    assert f["truncated"] is True
    assert f["payments_gbp"] == money("250"), "the payments read so far are listed"
    assert f["total_payment_gbp"] is None and f["apology"] is None


ENDS_IN_FINAL = page(
    "Mrs P complained about her placement. We found no fault.",
    [COMPLAINT, ("Final decision", ["I have completed my investigation. There was no fault by the Council."])],
    outcome="Not upheld",
)


@pytest.mark.parametrize("text", both(ENDS_IN_FINAL.replace("Back to top\n", "").rstrip() + "\n"))
def test_a_page_that_stops_at_the_end_of_its_final_decision_is_complete(text: str) -> None:
    assert facts(text)["truncated"] is False


@pytest.mark.parametrize("text", both(ENDS_IN_FINAL[: ENDS_IN_FINAL.index("no fault by") + 6]))
def test_a_page_cut_inside_its_final_decision_is_truncated(text: str) -> None:
    assert facts(text)["truncated"] is True


def test_the_complete_copy_of_a_decision_wins_whatever_its_name() -> None:
    from kg.parse import parse_text as p

    whole = p(MERGED, "zz-whole.txt")
    cut = p(MERGED[: MERGED.index("Agreed action")], "aa-cut.txt")
    assert (whole.reference, whole.truncated, cut.truncated) == (cut.reference, False, True)
    assert max([cut, whole], key=lambda d: d.completeness()).source_name == "zz-whole.txt"
    assert max([whole, cut], key=lambda d: d.completeness()).source_name == "zz-whole.txt"


STATED_TOTAL = page(
    "Mrs V complained the Council failed to provide education for her son. We found fault. The Council "
    "agreed to apologise and pay Mrs V a total of £1,950 for the impact on her and her son.",
    [
        COMPLAINT,
        ROLE,
        ("What I found", ["The Council delayed for ten weeks. That was fault."]),
        ("Agreed action", ["The Council has agreed to pay Mrs V £1,500 for her son's lost education and"]),
    ],
    cut="lost education and",
)


@pytest.mark.parametrize("text", both(STATED_TOTAL))
def test_a_summary_total_covers_parts_a_cut_page_never_shows(text: str) -> None:
    f = facts(text)
    assert f["truncated"] is True and f["payments_gbp"] == money("1500")
    assert f["total_payment_gbp"] == Decimal("1950")


ENDORSED = page(
    "The Council accepted it was at fault when it delayed Mr Q's care assessment by five months. We agree with "
    "the Council's findings and are satisfied with the apology it has already given.",
    outcome="Upheld",
    cut="already given.",
)


def test_fault_the_body_admits_and_the_ombudsman_endorses() -> None:
    """The Ombudsman agreeing with the body's findings, or accepting its remedy as suitable, makes the admitted fault
    a finding; an admission alone, or one in a decision not investigated, is none."""
    assert facts(ENDORSED)["fault_found"] is True
    alone = ENDORSED.replace("We agree with the Council's findings and are satisfied with", "Mr Q has received")
    assert facts(alone)["fault_found"] is None
    closed = page(
        "We will not investigate Mr Q's complaint. The Council accepted it was at fault and has apologised, which "
        "is a suitable remedy.",
        outcome="Closed after initial enquiries",
        cut="suitable remedy.",
    )
    assert facts(closed)["fault_found"] is None


@pytest.mark.parametrize(
    ("cut", "payments"),
    [
        ("and pay Mrs P £5", []),  # the sum may be £500: no payment
        ("The Council has agreed to apologise and pay", []),
        ("The Council has agreed to apologise and pay Mrs P £500 for her distress, £2,750 towards", ["500", "2750"]),
    ],
)
@pytest.mark.parametrize("flat", [False, True], ids=["blocks", "flat"])
def test_a_summary_cut_off_mid_sentence_never_states_all_remedies(cut: str, payments: list[str], flat: bool) -> None:
    """What the cut sentence finished saying stands (the apology, the sums written whole); the rest, and so the total,
    is unknown."""
    text = SUMMARY_ALL[: SUMMARY_ALL.index(cut) + len(cut)]
    f = facts(flatten(text).rstrip("\n") if flat else text)
    assert f["truncated"] is True and f["fault_found"] is True and f["apology"] is True
    assert f["payments_gbp"] == money(*payments) and f["total_payment_gbp"] is None
