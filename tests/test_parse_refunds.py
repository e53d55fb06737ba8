"""What counts as a payment when money goes back: refunds, reimbursements, repayments and arrears.

A sum the body agrees, will, should or is recommended to refund, reimburse, repay or pay as arrears owed to the
complainant is a payment, and part of the total.  Not payments: a refund made before the complaint or before the
decision, the sum of a fee, charge or debt as complained about or owed by the complainant, a waiver or write-off,
a refund asked for and refused, a ceiling.  Where the text leaves open which it is, or gives no sum, the total is
unknown (``None``) rather than a guess.  Every text is written for this project (invented bodies, people and sums),
each page checked in both renderings.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from renderings import flatten
from test_parse_pages import ROLE, both, facts, money, page

from kg.parse.refunds import reading, unstated_refunds

TITLE = "Farrowdale District Council (23 011 406)"
FINAL = ("Final decision", ["I have completed my investigation. The Council was at fault and has agreed to a remedy."])


def decision(
    summary: str,
    findings: list[str],
    action: list[str],
    *,
    complaint: str = "Mrs T complains about how the Council charged her for her care.",
    heading: str = "Agreed action",
    category: str = "Adult care services > Charging",
) -> str:
    """A whole page (it reaches the sign-off) in rendering (a)."""
    return page(
        summary,
        [("The complaint", [complaint]), ROLE, ("What I found", findings), (heading, action), FINAL],
        title=TITLE,
        category=category,
        end=True,
    )


def payments_of(text: str) -> list[dict]:
    return [r for r in facts(text)["remedies"] if r["type"] == "payment"]


# 1. a refund agreed as the remedy
REFUND_AGREED = decision(
    "Mrs T complains the Council charged her for respite care it should have funded. The Council was at fault. It has "
    "agreed to refund the charges and pay her £150.",
    [
        "The Council charged Mrs T £640 for four weeks of respite care that her care plan said it would fund. That was "
        "fault, and it caused Mrs T distress and time and trouble."
    ],
    [
        "The Council has agreed to refund Mrs T the £640 she paid for respite care within one month. It has also agreed "
        "to pay her £150 for her distress and time and trouble."
    ],
)


@pytest.mark.parametrize("text", both(REFUND_AGREED))
def test_a_refund_agreed_as_the_remedy_is_a_payment(text: str) -> None:
    f = facts(text)
    assert f["truncated"] is False
    assert f["payments_gbp"] == money("640", "150") and f["total_payment_gbp"] == Decimal("790")
    refund = payments_of(text)[0]
    assert (refund["amount_gbp"], refund["payee"], refund["status"]) == (Decimal("640"), "Mrs T", "agreed")


# 2. a reimbursement the Ombudsman recommends
REIMBURSEMENT_RECOMMENDED = decision(
    "Mr G complains the Council delayed assessing his son's needs, so he paid for a private assessment. We found fault "
    "and recommend a remedy.",
    [
        "The Council took eleven months to assess Mr G's son. Mr G paid £1,180 for a private assessment while he waited. "
        "That delay was fault and caused Mr G frustration and uncertainty."
    ],
    [
        "We recommend the Council reimburses Mr G £1,180 for the private assessment he paid for and pays him £200 for his "
        "frustration and uncertainty."
    ],
    complaint="Mr G complains the Council took too long to assess his son's needs.",
    heading="Recommended action",
    category="Education > Special educational needs",
)


@pytest.mark.parametrize("text", both(REIMBURSEMENT_RECOMMENDED))
def test_a_reimbursement_recommended_is_a_payment(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("1180", "200") and f["total_payment_gbp"] == Decimal("1380")
    assert {r["status"] for r in payments_of(text)} == {"recommended"}


# 3. arrears the Council will pay: of an allowance, and direct payments backdated
ARREARS = decision(
    "Miss R complains the Council stopped her carer's allowance and reduced her brother's direct payments without "
    "telling them. The Council was at fault.",
    [
        "The Council stopped Miss R's allowance in May 2023 by mistake and cut Mr R's direct payments without a review. "
        "That was fault. It caused Miss R and Mr R financial loss and distress."
    ],
    [
        "The Council will pay Miss R £2,140 in arrears of her carer's allowance and £250 for her distress.",
        "The Council will backdate Mr R's direct payments to April 2023, paying him £3,360 in arrears.",
    ],
    complaint="Miss R complains the Council stopped paying her carer's allowance.",
    category="Adult care services > Direct payments",
)


@pytest.mark.parametrize("text", both(ARREARS))
def test_arrears_the_council_will_pay_are_payments(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("2140", "250", "3360") and f["total_payment_gbp"] == Decimal("5750")


# 4. refunds already made, before the complaint came to us and before this decision
ALREADY_REFUNDED = decision(
    "Mr B complains the Council lost his application and took months to decide it. The Council was at fault. It has "
    "agreed to apologise and pay him £100.",
    [
        "The Council refunded the £80 application fee in 2022, before Mr B complained to us.",
        "The Council has since refunded Mr B a further £45 for the second site visit. Losing the application was fault, "
        "and it caused Mr B frustration.",
    ],
    [
        "The Council agreed to refund Mr B £35 for a missed inspection in 2021, before he came to us.",
        "The Council has agreed to apologise to Mr B and pay him £100 for his frustration within one month.",
    ],
    complaint="Mr B complains the Council lost his planning application.",
    category="Planning > Planning applications",
)


@pytest.mark.parametrize("text", both(ALREADY_REFUNDED))
def test_refunds_already_made_are_no_payments(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("100") and f["total_payment_gbp"] == Decimal("100")


# 5. a fee waived: no money moves
WAIVED = decision(
    "Mrs D complains the Council wrongly told her she needed building regulations approval. The Council has agreed to "
    "apologise and waive the £220 fee. That is a satisfactory remedy.",
    ["The Council's advice was wrong. That was fault, and it caused Mrs D uncertainty."],
    ["The Council has agreed to apologise to Mrs D and to waive the £220 regularisation fee within one month."],
    complaint="Mrs D complains about the Council's building control advice.",
    category="Planning > Building control",
)


@pytest.mark.parametrize("text", both(WAIVED))
def test_a_waived_fee_is_no_payment_and_the_total_is_known(text: str) -> None:
    f = facts(text)
    assert (f["apology"], f["payments_gbp"], f["total_payment_gbp"]) == (True, [], Decimal("0"))


# 6. a refund of a disputed fee, asked for and refused
REFUND_REFUSED = decision(
    "Mrs W complains the Council charged her a fee she disputes and was slow to answer her complaint. We found fault "
    "only in the delay. The Council has agreed to pay her £100.",
    [
        "Mrs W asked the Council to refund the £450 pre-application fee, but it refused.",
        "The fee was set out in the Council's published charges before Mrs W applied, so I do not recommend a refund of "
        "the £450.",
        "The Council took four months to reply to Mrs W's complaint. That was fault, and it caused her frustration.",
    ],
    ["The Council has agreed to pay Mrs W £100 for her frustration within one month."],
    complaint="Mrs W complains the Council charged her a pre-application fee she disputes.",
    category="Planning > Planning advice",
)


@pytest.mark.parametrize("text", both(REFUND_REFUSED))
def test_a_refund_asked_for_and_refused_is_no_payment(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("100") and f["total_payment_gbp"] == Decimal("100")


# 7. "repay the £95 it wrongly charged"
REPAY = decision(
    "Mr K complains the Council charged him twice for a bulky waste collection. The Council was at fault. It has "
    "agreed to repay the £95 it wrongly charged.",
    ["The Council took a second payment of £95 for the same collection. That was fault, and it caused Mr K a loss."],
    ["The Council has agreed to repay the £95 it wrongly charged Mr K within two weeks."],
    complaint="Mr K complains about a charge for a bulky waste collection.",
    category="Environmental services > Refuse and recycling",
)


@pytest.mark.parametrize("text", both(REPAY))
def test_repaying_a_sum_wrongly_charged_is_a_payment_once(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("95") and f["total_payment_gbp"] == Decimal("95")


# 8. a refund and a separate symbolic payment
REFUND_AND_SYMBOLIC = decision(
    "Mr D complains a care provider charged his mother for visits that did not happen. The Council was at fault. It has "
    "agreed to refund the £312 charged for the missed visits and make a symbolic payment of £300.",
    ["Carers did not attend 26 visits that Mrs E was charged for. That was fault, and it caused Mrs E distress."],
    [
        "Within four weeks the Council will:",
        "refund Mrs E the £312 charged for the missed visits; and",
        "make a symbolic payment of £300 to Mrs E to acknowledge her distress.",
    ],
    complaint="Mr D complains on behalf of his mother, Mrs E, about charges for missed care visits.",
    category="Adult care services > Domiciliary care",
)


@pytest.mark.parametrize("text", both(REFUND_AND_SYMBOLIC))
def test_a_refund_and_a_symbolic_payment_are_two_payments(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("312", "300") and f["total_payment_gbp"] == Decimal("612")


# 9. the same refund in the summary and in the action: once
SAME_REFUND_TWICE = decision(
    "Mr T complains the Council charged him for a parking permit it never issued. The Council was at fault. It has "
    "agreed to refund Mr T £420 and pay him £150 for his time and trouble.",
    ["Mr T paid £420 for a resident's permit in January 2023. The Council never issued it. That was fault."],
    [
        "The Council has agreed to refund Mr T the £420 he paid for the permit and to pay him £150 for his time and "
        "trouble, within one month."
    ],
    complaint="Mr T complains about a parking permit the Council did not issue.",
    category="Transport and highways > Parking and other penalties",
)


@pytest.mark.parametrize("text", both(SAME_REFUND_TWICE))
def test_the_same_refund_in_summary_and_action_is_counted_once(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("420", "150") and f["total_payment_gbp"] == Decimal("570")


# 10. a refund to the estate
ESTATE = decision(
    "Ms Y complains the Council charged her late mother for after-care that should have been free. The Council was at "
    "fault. It has agreed to apologise, refund the charges to the estate and pay Ms Y £250.",
    [
        "Mrs Y was entitled to free after-care, but the Council charged her £2,300 for her care home placement. That was "
        "fault, and it caused Ms Y time and trouble."
    ],
    [
        "The Council has agreed to apologise to Ms Y, refund £2,300 to the estate of the late Mrs Y, and pay Ms Y £250 "
        "for her time and trouble."
    ],
    complaint="Ms Y complains the Council charged her late mother for her care.",
)


@pytest.mark.parametrize("text", both(ESTATE))
def test_a_refund_to_the_estate_is_a_payment_to_the_estate(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("2300", "250") and f["total_payment_gbp"] == Decimal("2550")
    assert [r["payee"] for r in payments_of(text)] == ["the estate of the late Mrs Y", "Ms Y"]


# 11. "refund the difference" with no sum: a payment of unknown amount
DIFFERENCE = decision(
    "Mrs H complains the Council charged her the wrong rate for her care. The Council was at fault. It has agreed to "
    "recalculate her charges, refund the difference and pay her £100.",
    ["The Council applied the residential rate to Mrs H's day care. That was fault, and it caused her uncertainty."],
    [
        "The Council has agreed to recalculate Mrs H's charges at the day care rate, refund the difference and pay her "
        "£100 for her uncertainty."
    ],
    complaint="Mrs H complains about the rate the Council charged for her day care.",
)


@pytest.mark.parametrize("text", both(DIFFERENCE))
def test_refunding_the_difference_without_a_sum_leaves_the_total_unknown(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("100") and f["total_payment_gbp"] is None


# 12. an overpayment the Council writes off
WRITE_OFF = decision(
    "Mr S complains the Council asked him to repay housing benefit it overpaid through its own error. The Council was "
    "at fault. It has agreed to write off the overpayment and pay Mr S £200.",
    [
        "The Council overpaid Mr S £1,480 of housing benefit because it did not act on the change he reported. It then "
        "asked him to repay the £1,480. That was fault, and it caused Mr S distress."
    ],
    ["The Council has agreed to write off the £1,480 overpayment and to pay Mr S £200 for his distress."],
    complaint="Mr S complains the Council wants him to repay an overpayment of housing benefit.",
    category="Benefits and tax > Housing benefit and council tax benefit",
)


@pytest.mark.parametrize("text", both(WRITE_OFF))
def test_an_overpayment_written_off_is_no_payment(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("200") and f["total_payment_gbp"] == Decimal("200")


# 13. a summary naming a refund without its sum, on a page cut before the action; and the same with the action
CUT_SUMMARY = page(
    "Ms X complains the Council charged her mother for care without a financial assessment. The Council was at fault. "
    "It has agreed to apologise, pay Ms X £250 and refund the overcharge.",
    [("The complaint", ["Ms X complains the Council charged her mother, Mrs Y, for home care."]), ROLE],
    cut="We investigate complaints about",
    title=TITLE,
)
WHOLE = decision(
    "Ms X complains the Council charged her mother for care without a financial assessment. The Council was at fault. "
    "It has agreed to apologise, pay Ms X £250 and refund the overcharge.",
    ["When the Council assessed Mrs Y, it found it had billed her £970 too much. That was fault."],
    [
        "The Council will apologise, pay Ms X £250 for her time and trouble and refund Mrs Y the £970 she was overcharged."
    ],
    complaint="Ms X complains the Council charged her mother, Mrs Y, for home care.",
)


@pytest.mark.parametrize("text", both(CUT_SUMMARY))
def test_a_refund_the_summary_gives_without_its_sum_leaves_the_total_unknown(text: str) -> None:
    f = facts(text)
    assert (f["truncated"], f["apology"], f["payments_gbp"], f["total_payment_gbp"]) == (True, True, money("250"), None)


@pytest.mark.parametrize("text", both(WHOLE))
def test_the_action_gives_the_sum_of_the_refund_the_summary_names(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("250", "970") and f["total_payment_gbp"] == Decimal("1220")


# a summary naming two refunds without their sums, the body giving one: the other's sum is unknown
TWO_IN_SUMMARY = decision(
    "Mrs Q complains the Council overcharged her and made her travel to its offices. The Council was at fault. It has "
    "agreed to refund the care charges and reimburse her travel costs.",
    ["The Council charged Mrs Q £900 it should not have. That was fault, and it caused her distress."],
    ["The Council has agreed to refund Mrs Q the £900 it charged her."],
    complaint="Mrs Q complains about her care charges.",
)


@pytest.mark.parametrize("text", both(TWO_IN_SUMMARY))
def test_two_refunds_in_the_summary_and_one_sum_in_the_body_leave_the_total_unknown(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("900") and f["total_payment_gbp"] is None


# 14. a refund with interest: the sum is paid, the total is more
INTEREST = decision(
    "Mrs D complains the Council charged her late mother's estate for after-care. The Council was at fault.",
    ["The Council charged £18,460 for care that should have been free. That was fault, and it caused Mrs D distress."],
    [
        "The Council will refund to the estate the £18,460 it charged, with interest, and pay Mrs D £500 for her distress."
    ],
    complaint="Mrs D complains about charges for her late mother's after-care.",
)


@pytest.mark.parametrize("text", both(INTEREST))
def test_a_refund_with_interest_is_listed_and_the_total_unknown(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("18460", "500") and f["total_payment_gbp"] is None


# --- sentence by sentence, in a summary the page is cut after ----------------------------------------------------------
SENTENCES = {
    # refunds, reimbursements and arrears agreed: payments
    "The Council has agreed to refund Mrs X the £260 she paid and pay her £100.": ([260, 100], 360),
    "The Council should reimburse Mrs X's legal costs of £1,250.": ([1250], 1250),
    "The Council has agreed to give Mrs X a refund of £75.": ([75], 75),
    "The Council will pay Mrs X back the £340 she paid for transport.": ([340], 340),
    "The Council will make up the £450 shortfall in her direct payments.": ([450], 450),
    "The Council will pay Mrs X the £860 of direct payment arrears it owes her.": ([860], 860),
    "The Council has agreed to backdate Mrs X's allowance, a sum of £1,380, and pay her £150.": ([1380, 150], 1530),
    "The Council has agreed to refund Mr and Mrs X the £300 they paid for the survey.": ([300], 300),
    "The Council has agreed to refund the charges, which came to £1,140.": ([1140], 1140),
    "The Council has agreed to return the £150 deposit.": ([150], 150),
    "The Council will pay Mrs X the £105 penalty she paid.": ([105], 105),
    "The Council should refund both Mrs X and her husband £150 each.": ([150, 150], 300),
    "The Council will pay Mrs X £500 and arrears of her housing benefit of £2,300.": ([500, 2300], 2800),
    "The Council has agreed it owes Mrs X £2,300 and will pay it within a month.": ([2300], 2300),
    "The Council offered to refund the £150, which we consider is a suitable remedy.": ([150], 150),
    # no payment: a debt, money the complainant repays, a waiver, a refund refused or made before
    "The Council has agreed to pay Mrs X £250. It has also agreed to pay her landlord £600 of rent arrears.": (
        [250],
        250,
    ),
    "The Council has agreed to pay Mrs X £200, and cancel the £400 she owes.": ([200], 200),
    "The Council has agreed Mrs X must repay the £1,480 overpayment at £10 a week, and will pay her £200.": (
        [200],
        200,
    ),
    "The Council has agreed to write off the £900 debt and to pay Mrs X £150.": ([150], 150),
    "The Council has agreed to pay Mrs X £150 but will not refund the £90 fee.": ([150], 150),
    "The Council has already refunded the £80 fee and has agreed to pay Mrs X £100.": ([100], 100),
    "The Council has agreed to pay Mrs X £150 and to pay the £90 fee it wrongly charged.": ([150], 150),
    "The Council will pay the £310 enforcement fees itself and apologise to Mrs X.": ([], 0),
    "The Council refunded the £500 with interest in 2022, and has agreed to apologise.": ([], 0),
    "The Council agreed to refund Mrs X £200 in 2022, before she complained to us. It will now apologise.": ([], 0),
    # left open: the total is unknown
    "The Council has agreed to refund up to £500 of Mrs X's removal costs.": ([], None),
    "The Council will pay Mrs X £500 towards her rent arrears and £100 for her distress.": ([100], None),
    "The Council has agreed to refund the overcharge and pay Mrs X £100.": ([100], None),
    "The Council has agreed to reimburse Mrs X's legal costs.": ([], None),
    "The Council has agreed to backdate Mrs X's allowance at £45 a week.": ([], None),
}


@pytest.mark.parametrize("flat", [False, True], ids=["blocks", "flat"])
@pytest.mark.parametrize("sentence", list(SENTENCES))
def test_refunds_said_in_the_summary(sentence: str, flat: bool) -> None:
    amounts, total = SENTENCES[sentence]
    text = page(
        f"Mrs X complains about the Council's charges. We found fault causing injustice. {sentence}",
        [("The complaint", ["Mrs X complains about the Council's charges for her care."]), ROLE],
        cut="We investigate complaints about",
        title=TITLE,
    )
    f = facts(flatten(text) if flat else text)
    assert f["truncated"] is True
    assert f["payments_gbp"] == money(*map(str, amounts))
    assert f["total_payment_gbp"] == (None if total is None else Decimal(total))


def test_reading_tells_money_going_back_from_a_debt() -> None:
    s = "It will pay Mrs X £300 of arrears of her pension and pay her landlord £600 of rent arrears."
    assert reading(s, s.index("£300"), s.index("£300") + 4) == "refund"
    assert reading(s, s.index("£600"), s.index("£600") + 4) == "debt"
    s = "It will pay £200 for the distress the council tax debt caused."
    assert reading(s, s.index("£"), s.index("£") + 4) is None


def test_unstated_refunds_read_clause_by_clause() -> None:
    assert unstated_refunds("It will reassess her needs, repay the shortfall and pay her £150.") == ["the shortfall"]
    assert unstated_refunds("It has agreed to refund the fee, which came to £90.") == []
    assert unstated_refunds("Mrs X asked the Council to refund the fee.") == []
    assert unstated_refunds("She must repay the overpayment.") == []
    assert unstated_refunds("The Council refunded the fee in 2022.") == []
