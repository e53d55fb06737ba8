"""Issue 12: payments per payee and purpose, exact money, and what is no payment.

``payments_gbp`` lists one amount per payment agreed or recommended, per payee ("£250 each" to two people is
250, 250); ``total_payment_gbp`` is their exact sum.  The same payment written twice (findings and action,
summary and body, a section the page repeats) is one payment; a sum in dispute, a refund made before the
complaint, a waiver and a total restating earlier sums are none.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_parse_pages import ROLE, both, facts, money, page

COMPLAINT = (
    "The complaint",
    [
        "Mr and Mrs B complain the Council failed to tell them about a planning application "
        "next door, so they could not object."
    ],
)
FINDING = (
    "What I found",
    ["The Council sent no letter to Mr and Mrs B. That was fault. It caused them uncertainty and frustration."],
)
FINAL = (
    "Final decision",
    ["I have completed my investigation. The Council was at fault and has agreed to remedy the injustice."],
)


def decision(
    *action: str,
    summary: str = "Mr and Mrs B complain they were not told of a planning application. The Council was at fault.",
) -> str:
    return page(
        summary,
        [COMPLAINT, ROLE, FINDING, ("Agreed action", list(action)), FINAL],
        end=True,
        category="Planning > Planning applications",
    )


TWO_PAYEES = decision(
    "The Council has agreed to apologise and pay Mr B £300 for his uncertainty and Mrs B £300 for hers."
)


@pytest.mark.parametrize("text", both(TWO_PAYEES))
def test_two_equal_sums_to_two_people_are_two_payments(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("300", "300") and f["total_payment_gbp"] == Decimal("600")
    assert [r["payee"] for r in f["remedies"] if r["type"] == "payment"] == ["Mr B", "Mrs B"]


EACH = decision("The Council has agreed to pay Mr and Mrs B £250 each for their uncertainty.")


@pytest.mark.parametrize("text", both(EACH))
def test_a_sum_each_to_two_people(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("250", "250") and f["total_payment_gbp"] == Decimal("500")
    (pay,) = [r for r in f["remedies"] if r["type"] == "payment"]
    assert (pay["amount_gbp"], pay["each"], pay["payee"]) == (Decimal("250"), 2, "Mr and Mrs B")


TWO_PURPOSES = decision(
    "The Council has agreed to pay Mrs B £100 for her uncertainty and £100 for her time and trouble."
)


@pytest.mark.parametrize("text", both(TWO_PURPOSES))
def test_the_same_sum_for_two_purposes_is_two_payments(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("100", "100") and f["total_payment_gbp"] == Decimal("200")


REPEATED = page(
    "Mr and Mrs B complain they were not told of an application. The Council was at fault.",
    [
        COMPLAINT,
        ROLE,
        FINDING,
        ("Agreed action", ["The Council has agreed to pay Mrs B £350 for her uncertainty within one month."]),
        ("Agreed action", ["The Council has agreed to pay Mrs B £350 for her uncertainty within one month."]),
        FINAL,
    ],
    end=True,
)


@pytest.mark.parametrize("text", both(REPEATED))
def test_a_repeated_sub_heading_does_not_change_the_total(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("350") and f["total_payment_gbp"] == Decimal("350")


NOT_PAYMENTS = decision(
    "Mr B had asked the Council for £2,000 in compensation.",
    "The Council refunded the £80 application fee in 2022, before Mr and Mrs B complained.",
    "The £640 in dispute between Mr B and his neighbour is a civil matter.",
    "The Council has agreed to waive the £120 fee for a second application.",
    "The Council has agreed to pay Mr and Mrs B £150 for their uncertainty and £90 for their time and trouble, a total "
    "of £240.",
)


@pytest.mark.parametrize("text", both(NOT_PAYMENTS))
def test_sums_in_dispute_refunds_already_made_waivers_and_totals_are_no_payments(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("150", "90") and f["total_payment_gbp"] == Decimal("240")


PENCE = decision(
    "The Council has agreed to pay Mrs B £1,204.75 for her uncertainty and £0.99 postage she met.",
    "It will also pay Mr B £33.10.",
)


@pytest.mark.parametrize("text", both(PENCE))
def test_money_is_exact(text: str) -> None:
    f = facts(text)
    assert f["payments_gbp"] == money("1204.75", "0.99", "33.10")
    assert f["total_payment_gbp"] == Decimal("1238.84") and str(f["total_payment_gbp"]) == "1238.84"


SUMMARY_PARTS = page(
    "Mr and Mrs B complain they were not told of an application. We found fault causing injustice. "
    "The Council has agreed to pay Mr B £200 and Mrs B £200 for their frustration.",
    [COMPLAINT],
    cut="so they could not obj",
)


@pytest.mark.parametrize("text", both(SUMMARY_PARTS))
def test_two_payees_in_a_summary_on_a_cut_page(text: str) -> None:
    f = facts(text)
    assert f["truncated"] is True
    assert f["payments_gbp"] == money("200", "200") and f["total_payment_gbp"] == Decimal("400")
