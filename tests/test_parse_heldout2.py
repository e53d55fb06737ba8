"""Forms the second held-out batch (``tests/corpus/heldout2``) found missed or misread, each as a rule of its own.

That batch was shaped like the real pages: most cut short, with site furniture around the decision.  Its pages were
written and labelled before the parser was changed for them; each form the parser got wrong is tested here in texts
of our own, page by page in both renderings (``page`` builds rendering (a), ``flatten`` makes rendering (b)), with
the nearby form it must not swallow.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from renderings import both, facts, flatten

from kg.parse.summary import declines, injustice_said, verdict

TITLE = "Ashby Coldwell Council (24 003 918)"
SIGN_OFF = "Investigator's decision on behalf of the Ombudsman"


def page(
    summary: str,
    sections: list[tuple[str, list[str]]] = (),
    *,
    outcome: str = "Upheld",
    end: bool = True,
    cut: str | None = None,
) -> str:
    """A decision page; ``cut`` ends the text right after the first place those characters occur."""
    out = [TITLE, "Category : Housing > Allocations", f"Decision : {outcome}", "Decision date : 21 Nov 2024"]
    out += ["The Ombudsman's final decision:", f"Summary: {summary}"]
    number = 0
    for heading, paras in sections:
        out.append(heading)
        for para in paras:
            number += 1
            out.append(f"  {number}. {para}")
        out.append("Back to top")
    if end and cut is None:
        out.append(SIGN_OFF)
    text = "\n\n".join(out) + "\n"
    return text if cut is None else text[: text.index(cut) + len(cut)]


# --- whose complaint it is, on a page cut before its complaint section -------------------------------------
@pytest.mark.parametrize(
    ("summary", "who"),
    [
        (
            "We have upheld Mrs D's complaint that the Council did not review her banding. It has agreed to apologise.",
            "Mrs D",
        ),
        (
            "We upheld Mr and Mrs H's complaints about delays in repairs. The Council will pay them £200.",
            "Mr and Mrs H",
        ),
        ("The Council was at fault. It has agreed to apologise to Miss T.", None),
    ],
)
def test_the_complainant_named_by_whose_complaint_it_is(summary: str, who: str | None) -> None:
    for text in (page(summary, [("The complaint", [])], cut="The complaint"), flatten(page(summary))):
        assert facts(text)["complainant"] == who


def test_the_complaint_section_still_names_the_complainant_first() -> None:
    text = page(
        "We will not investigate Mr K's complaint about his neighbour's complaint about him.",
        [("The complaint", ["Mrs L complains, on behalf of her husband Mr K, that the Council ignored her."])],
        outcome="Closed after initial enquiries",
    )
    assert facts(text)["complainant"] == "Mrs L"


# --- failings stated as what the body did not do, or should have done ---------------------------------------
@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("We found the Care Provider did not monitor her fluid intake or tell the family.", "fault"),
        ("The Council did not check its records before passing the debt on.", "fault"),
        ("The Council should have written to him.", "fault"),
        ("The Council should have sent the letter in March.", "fault"),
        ("The Council should have regard to the guidance when it decides.", None),
        ("The Council should have the chance to respond first.", None),
        ("Mr J says the Council should have written to him.", None),
        ("Mrs P complains the Council did not monitor the contractor.", None),
    ],
)
def test_failings_without_the_word_fault(sentence: str, kind: str | None) -> None:
    assert verdict(sentence) == kind


SHOULD_HAVE = page(
    "Mr H complained the Council did not notify him of a planning application next door. The Council should have "
    "written to him. Because it did not, he lost the opportunity to object.",
    [("Agreed action", ["Within one month the Council will write to Mr H to apologise. It will also pay Mr H £2"])],
    cut="pay Mr H £2",
)


@pytest.mark.parametrize("text", both(SHOULD_HAVE))
def test_should_have_in_the_summary_on_a_page_cut_in_its_remedy(text: str) -> None:
    f = facts(text)
    assert f["fault_found"] is True and f["injustice_found"] is True and f["apology"] is True
    assert f["payments_gbp"] == [] and f["total_payment_gbp"] is None and f["truncated"] is True


# --- a decision not upheld whose summary rules injustice out -----------------------------------------------
NO_INJUSTICE = page(
    "Mrs E complained about how long the Council took to review her housing band. There was some delay by the "
    "Council, but this did not cause her a significant injustice because her band would not have changed.",
    [
        (
            "What I found",
            ["The Council's policy says it will decide reviews within eight weeks. It took twelve, and she"],
        )
    ],
    outcome="Not upheld",
    cut="and she",
)


@pytest.mark.parametrize("text", both(NO_INJUSTICE))
def test_not_upheld_with_injustice_ruled_out_makes_no_remedy_even_cut(text: str) -> None:
    f = facts(text)
    assert f["fault_found"] is True and f["injustice_found"] is False
    assert f["apology"] is False and f["total_payment_gbp"] == Decimal("0") and f["truncated"] is True


@pytest.mark.parametrize("text", both(NO_INJUSTICE.replace("Decision : Not upheld", "Decision : Upheld")))
def test_upheld_with_injustice_ruled_out_may_still_have_a_remedy_the_cut_hides(text: str) -> None:
    f = facts(text)
    assert f["apology"] is None and f["total_payment_gbp"] is None


# --- what a policy says a body will do is no remedy ---------------------------------------------------------
@pytest.mark.parametrize(
    ("finding", "remedies"),
    [
        ("The Council's policy says it will decide reviews within eight weeks.", []),
        ("Its complaints procedure states it should reply within 20 working days.", []),
        ("The Council will review its policy on reviews within eight weeks.", ["service-improvement"]),
    ],
)
def test_a_rule_reported_in_the_findings_is_no_remedy(finding: str, remedies: list[str]) -> None:
    text = page("Mr F complained about a delay. We found fault.", [("What I found", [finding])])
    assert [r["type"] for r in facts(text)["remedies"]] == remedies


# --- "there were failings", and lost provision said as what a child missed ----------------------------------
@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("There were failings in how the Council assessed his financial support.", "fault"),
        ("There were no failings in how the Council assessed his support.", None),
        ("We found failings by the Care Provider in its record keeping.", "fault"),
    ],
)
def test_failings_as_a_noun(sentence: str, kind: str | None) -> None:
    assert verdict(sentence) == kind


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        ("Her daughter missed a term of therapy.", True),
        ("Her son missed out on six months of education.", True),
        ("Mrs Q says her daughter missed a term of therapy.", None),
        ("The carers missed two visits.", None),
    ],
)
def test_provision_missed_is_an_injustice(sentence: str, said: bool | None) -> None:
    assert injustice_said(sentence) is said


MISSED = page(
    "Mrs Q complained the Council did not provide the therapy in her daughter's plan. We have found that the "
    "Council was at fault. Her daughter missed a term of therapy. The Council has agreed to apologise and make a "
    "payment to recognise the lost provision.",
    [("The complaint", ["Mrs Q says her daughter had no therapy between September"])],
    cut="between September",
)


@pytest.mark.parametrize("text", both(MISSED))
def test_a_term_missed_on_a_page_cut_with_a_payment_of_no_amount(text: str) -> None:
    f = facts(text)
    assert f["fault_found"] is True and f["injustice_found"] is True and f["apology"] is True
    assert f["payments_gbp"] == [] and f["total_payment_gbp"] is None


# --- batch 3: verdicts in freer words ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("We have decided to uphold the complaint.", "fault"),
        ("We have decided not to uphold the complaint.", "no-fault"),
        ("The Council's handling of the application fell well below the standard we would expect.", "fault"),
        ("The Council properly considered the impact on her privacy.", "no-fault"),
        ("The Council has not properly considered Mr G's request.", "fault"),
        ("Mrs S says the Council properly considered nothing.", None),
    ],
)
def test_verdicts_in_freer_words(sentence: str, kind: str | None) -> None:
    assert verdict(sentence) == kind


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        ("This meant he went without two hours of support each week for six months.", True),
        ("Her family were without heating for seven weeks.", True),
        ("Mr K says he went without support.", None),
    ],
)
def test_going_without_is_an_injustice(sentence: str, said: bool | None) -> None:
    assert injustice_said(sentence) is said


# --- a complaint closed, on a page without header lines ------------------------------------------------------
def headless(summary: str, sections: list[tuple[str, list[str]]], *, end: bool = True) -> str:
    out = [TITLE, "The Ombudsman's final decision:", f"Summary: {summary}"]
    for heading, paras in sections:
        out += [heading, *(f"  {n}. {p}" for n, p in enumerate(paras, 1))]
    return "\n\n".join(out + ([SIGN_OFF] if end else [])) + "\n"


CLOSED = headless(
    "We closed Mr Y's complaint about his parking permit because he did not provide the information we asked for.",
    [("Final decision", ["We closed the complaint because Mr Y did not provide the Council's final response."])],
)


@pytest.mark.parametrize("text", both(CLOSED))
def test_a_complaint_we_closed_is_not_investigated(text: str) -> None:
    f = facts(text)
    assert f["outcome"] is None and f["fault_found"] is None and f["injustice_found"] is None
    assert f["apology"] is False and f["payments_gbp"] == [] and f["total_payment_gbp"] == Decimal("0")


def test_a_page_that_says_what_the_complainant_did_not_do_finds_no_fault_when_closed() -> None:
    assert verdict("We closed the complaint because he did not provide the information.") is None


# --- an older page signed by the office alone ---------------------------------------------------------------
SIGNED = (
    "Fellbeck Council (09 003 771)\n\nMrs Lowe (not her real name) complained about a bus shelter. I have found no "
    "maladministration.\n\nConclusion\n\n  1. The Council was not required to consult her. There was no "
    "maladministration. I have completed my investigation.\n\nBack to top\n\nLocal Government Ombudsman\n"
)


@pytest.mark.parametrize("text", both(SIGNED))
def test_an_older_page_signed_by_the_office_is_complete(text: str) -> None:
    f = facts(text)
    assert f["truncated"] is False and f["fault_found"] is False and f["total_payment_gbp"] == Decimal("0")


def test_the_office_named_after_a_cut_sentence_is_no_signature() -> None:
    text = SIGNED.replace("I have completed my investigation.", "I have completed my")
    assert facts(text)["truncated"] is True


# --- batch 4: more verdicts, a lost thing paid for, a part of a sum, a benefit reinstated -------------------
@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("We have not found evidence of fault in how the Council responded.", "no-fault"),
        (
            "The Council followed the correct process and was entitled to decide the exemption did not apply.",
            "no-fault",
        ),
        ("The Council was not entitled to decide that without a hearing.", "fault"),
        ("Stopping it without first asking her for evidence was not good administrative practice.", "fault"),
        ("Mr B says the Council followed the correct process for others but not for him.", None),
    ],
)
def test_more_verdicts(sentence: str, kind: str | None) -> None:
    assert verdict(sentence) == kind


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        ("The Council will pay £150 to each of her three children for the contact they lost.", True),
        ("The Council will pay him £750 for the support he missed.", True),
        ("The Council will pay £150 for the fees.", None),
    ],
)
def test_a_payment_for_what_was_lost_states_injustice(sentence: str, said: bool | None) -> None:
    assert injustice_said(sentence) is said


@pytest.mark.parametrize(
    ("remedy", "payments", "total"),
    [
        ("pay Mrs G £1,800, which includes £300 for her time and trouble, and apologise", ["1800"], "1800"),
        ("pay Mrs G £1,800 (including £300 for her time and trouble) and apologise", ["1800"], "1800"),
        ("pay Mrs G £1,800 and £300 for her time and trouble, and apologise", ["1800", "300"], "2100"),
    ],
)
def test_a_sum_a_payment_includes_is_no_second_payment(remedy: str, payments: list[str], total: str) -> None:
    text = page(f"Mrs G complained about her son's plan. We found fault. The Council has agreed to {remedy}.")
    for t in (text, flatten(text)):
        f = facts(t)
        assert f["payments_gbp"] == [Decimal(p) for p in payments] and f["total_payment_gbp"] == Decimal(total)


@pytest.mark.parametrize(
    ("remedy", "total"),
    [
        (
            "put matters right by reinstating the reduction from the date it stopped, apologising and paying her £150",
            None,
        ),
        ("put matters right by apologising and paying her £150", "150"),
    ],
)
def test_a_benefit_reinstated_from_an_earlier_date_leaves_the_total_open(remedy: str, total: str | None) -> None:
    text = page(
        f"Miss P complained about her council tax reduction. We found fault. The Council has agreed to {remedy}."
    )
    for t in (text, flatten(text)):
        f = facts(t)
        assert f["payments_gbp"] == [Decimal("150")]
        assert f["total_payment_gbp"] == (None if total is None else Decimal(total))


def test_a_complaint_closed_on_a_remedy_keeps_it() -> None:
    text = headless(
        "We have closed Mrs W's complaint because the Council has agreed to apologise and pay her £150 for the delay.",
        [("The complaint", ["Mrs W complains the Council delayed her blue badge."])],
        end=False,
    )
    for t in (text, flatten(text)):
        f = facts(t)
        assert f["apology"] is True and f["payments_gbp"] == [Decimal("150")]


# --- batch 5: doubt as the injustice, unclear letters, being left without help ------------------------------
@pytest.mark.parametrize(
    ("sentence", "kind", "said"),
    [
        (
            "The appeal panel did not record its reasons, which has left Mrs R uncertain whether the outcome would "
            "have been different.",
            "fault",
            True,
        ),
        ("If the panel did not record its reasons, we would consider whether that caused injustice.", None, None),
        ("The Council's letter of March 2023 was unclear, but it corrected the advice.", "fault", None),
        ("The Council's letter was not unclear.", None, None),
        ("This left Ms G without help with meals for three months.", None, True),
    ],
)
def test_doubt_unclear_and_left_without(sentence: str, kind: str | None, said: bool | None) -> None:
    assert verdict(sentence) == kind and injustice_said(sentence) is said


# --- batch 6: a summary the saved text breaks over two lines ----------------------------------------------
def test_a_summary_over_two_lines_is_one_summary() -> None:
    text = (
        f"{TITLE}\nCategory : Benefits and tax > Council tax\nDecision : Upheld\nDecision date : 03 Feb 2022\n"
        "The Ombudsman's final decision:\nSummary: Miss D complained the Council sent her arrears to enforcement "
        "agents while she was disputing the bill.\nWe found fault. The Council has agreed to apologise and pay Miss D "
        "£150 for her distress.\nThe complaint\n- Miss D says she"
    )
    f = facts(text)
    assert f["fault_found"] is True and f["apology"] is True
    assert f["payments_gbp"] == [Decimal("150")] and f["total_payment_gbp"] == Decimal("150")


def test_a_heading_after_the_summary_still_starts_the_body() -> None:
    text = (
        f"{TITLE}\nDecision : Upheld\nThe Ombudsman's final decision:\nSummary: We found fault. The Council has "
        "agreed to apologise.\nThe complaint\n- Miss D says the Council failed to pay her £300."
    )
    f = facts(text)
    assert f["summary"].endswith("agreed to apologise.") and f["payments_gbp"] == []


# --- batch 7: plainer words for fault and no fault, a rate with its total after it, a loss -----------------
@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The Council got this wrong: it had not written to her first.", "fault"),
        ("The Council did not do enough to investigate his reports.", "fault"),
        ("Its communication with him was poor.", "fault"),
        ("The Council did not share its concerns with her before the meeting.", "fault"),
        ("The Council acted in accordance with its scheme.", "no-fault"),
        ("We found nothing wrong with how the Council made its decision.", "no-fault"),
        ("The Council repaired it within the timescale, so it did what it should have done.", None),
        ("Mr L says the Council got this wrong.", None),
    ],
)
def test_plainer_words(sentence: str, kind: str | None) -> None:
    assert verdict(sentence) == kind


def test_losing_out_is_an_injustice() -> None:
    assert injustice_said("As a result, Mr and Mrs H lost out on £2,080 of allowance.") is True


@pytest.mark.parametrize(
    ("remedy", "payments", "total"),
    [
        ("pay Mrs Q £50 for each missed visit (£400 in total) and a further £100", ["400", "100"], "500"),
        ("pay Mrs Q £50 for each missed visit, a total of £400, and a further £100", ["400", "100"], "500"),
    ],
)
def test_a_rate_with_its_total_after_it(remedy: str, payments: list[str], total: str | None) -> None:
    text = page(f"Mrs Q complained about missed care visits. We found fault. The Council has agreed to {remedy}.")
    for t in (text, flatten(text)):
        f = facts(t)
        assert f["payments_gbp"] == [Decimal(p) for p in payments]
        assert f["total_payment_gbp"] == (None if total is None else Decimal(total))


@pytest.mark.xfail(
    strict=True,
    reason="a rate with no total beside another payment of the sentence ('£50 for each missed visit and a further "
    "£100') still gives the other payment as the total; the rate's count is unknown, so the total should be open",
)
def test_a_rate_with_no_total_beside_another_payment_leaves_the_total_open() -> None:
    text = page(
        "Mrs Q complained about missed care visits. We found fault. The Council has agreed to pay Mrs Q £50 for each "
        "missed visit and a further £100."
    )
    assert facts(text)["total_payment_gbp"] is None


# --- batch 8: mistakes, shortcomings, criticism, a gift of money, a matter we cannot look into --------------
@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The Council made a mistake when it updated his records.", "fault"),
        ("The Council made no error in assessing her application.", "no-fault"),
        ("The Care Provider's record keeping was inadequate.", "fault"),
        ("There were shortcomings in how it managed his pressure sores.", "fault"),
        ("We are critical of the Council's delay of nine months.", "fault"),
        ("We do not criticise the Council: its officers took advice.", "no-fault"),
        ("Mr G says the Council made a mistake.", None),
    ],
)
def test_mistakes_and_criticism(sentence: str, kind: str | None) -> None:
    assert verdict(sentence) == kind


def test_money_given_is_a_payment() -> None:
    text = page("Mr G complained about his bill. We found fault. The Council will apologise and give Mr G £100.")
    for t in (text, flatten(text)):
        f = facts(t)
        assert f["payments_gbp"] == [Decimal("100")] and f["total_payment_gbp"] == Decimal("100")


@pytest.mark.parametrize(
    ("sentence", "declined"),
    [
        ("This is not a matter we can look into.", True),
        ("We cannot look into how the school dealt with her complaint.", True),
        ("Mrs J says this is not a matter we can look into.", False),
    ],
)
def test_a_matter_we_cannot_look_into(sentence: str, declined: bool) -> None:
    assert declines(sentence) is declined


# --- batch 9: more doing without, and no evidence of anything wrong ----------------------------------------
@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        ("Ms P and her children lived with mould for a further winter.", True),
        ("Her daughter started secondary school without the support she needed.", True),
        ("The Council will pay each son £300 for the disruption to their education.", True),
        ("Ms P says she lived with mould for a winter.", None),
    ],
)
def test_more_injustice_in_plain_words(sentence: str, said: bool | None) -> None:
    assert injustice_said(sentence) is said


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("There is no evidence the Council did anything wrong.", "no-fault"),
        ("There is no evidence that the officers did anything wrong in the meeting.", "no-fault"),
    ],
)
def test_no_evidence_of_anything_wrong(sentence: str, kind: str) -> None:
    assert verdict(sentence) == kind
