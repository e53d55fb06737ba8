"""The sentence readers of kg.parse.summary: the Ombudsman's voice, not the complainant's, not a hypothesis.

Sentences written for this project in the forms summaries and final decisions take.
"""

from __future__ import annotations

import pytest

from kg.parse.summary import declines, injustice_said, remedy_stated, unquantified_payment, verdict


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("We found fault by the Council.", "fault"),
        ("There was fault by the Council.", "fault"),
        ("The Council was at fault.", "fault"),
        ("The Ombudsman finds fault with the Council which has caused injustice to Mr X.", "fault"),
        ("We have upheld Mr X's complaint about the Council's failure to reply.", "fault"),
        ("We upheld these complaints, finding her son lost a term of education.", "fault"),
        ("The Ombudsman found maladministration causing injustice.", "fault"),
        ("There was service failure by the Council.", "fault"),
        ("The review panel's report is flawed.", "fault"),
        ("The Council has not properly considered his request, and the reason it gave is invalid.", "fault"),
        ("The Council failed to recognise its part in arranging the placement.", "fault"),
        ("The Council delayed issuing the plan by fourteen weeks.", "fault"),
        ("The Council should not have charged her for the second visit.", "fault"),
        ("We found no fault by the Council and have concluded our investigation.", "no-fault"),
        ("We find no evidence of fault.", "no-fault"),
        ("The Council was not at fault.", "no-fault"),
        ("The Ombudsman does not find fault with the Council's decision.", "no-fault"),
        ("There were no faults which call the panel's decision into question.", "no-fault"),
        ("The Council reached its decision properly.", "no-fault"),
        ("The Council has taken reasonable steps to investigate the noise.", "no-fault"),
        ("We have completed our investigation and do not uphold the complaint.", "no-fault"),
        ("Mr X complained the Council failed to repair the road.", None),
        ("Mrs B says the Council failed to give her any advice.", None),
        ("This complaint is about the Council's failure to collect bins.", None),
        ("There is not enough evidence of fault to justify an investigation.", None),
        ("It is unlikely we would find fault by the Council.", None),
        ("If there has been fault, we consider whether it caused injustice.", None),
        ("The Trust has already admitted fault.", None),
        ("We will not investigate Mr D's complaint that the Council failed to act.", None),
        ("There was no delay by the Council.", None),
        ("The Council could have explained its plans better.", None),
    ],
)
def test_verdict(sentence: str, kind: str | None) -> None:
    assert verdict(sentence) == kind


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The Council reached its decision properly.", "no-fault"),
        ("The Council delayed in answering his letters.", None),  # not investigated: only fault said in terms counts
        ("There was fault by the Council.", "fault"),
    ],
)
def test_verdict_of_a_decision_not_investigated(sentence: str, kind: str | None) -> None:
    assert verdict(sentence, strict=True) == kind


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        ("We find fault causing injustice.", True),
        ("Those delays caused Mrs X uncertainty about her son's school.", True),
        ("The fault of the Council caused Mr and Mrs X great distress.", True),
        ("Ms X suffered significant uncertainty because of this fault.", True),
        ("Miss X and her children lived in unsuitable accommodation for nine months.", True),
        ("The Council agreed to pay her £500 for the avoidable distress caused.", True),
        ("It pays her a total of £1,950 for the impact its fault had on her and her son.", True),
        ("This did not cause Mrs W an injustice.", False),
        ("The fault did not cause Mr K significant injustice.", False),
        ("That remedies any injustice caused.", None),
        ("She says this caused her distress.", None),
        ("The Council apologised to Mr and Mrs T for the effect on their street.", None),
        ("Ms X's complaint is that the delay caused her anxiety.", None),
    ],
)
def test_injustice_said(sentence: str, said: bool | None) -> None:
    assert injustice_said(sentence) is said


@pytest.mark.parametrize(
    ("sentence", "declined"),
    [
        ("We will not investigate Mr X's complaint about his parking fine.", True),
        ("The Ombudsman will not investigate this complaint.", True),
        ("The Ombudsman cannot investigate Mr H's complaint because he appealed.", True),
        ("We have discontinued our investigation because Ms E went to court.", True),
        ("We closed the complaint after initial enquiries.", True),
        ("We will not investigate part of Mr X's complaint.", False),
        ("We will not investigate the rest of the complaint.", False),
        ("Mr X says the Council will not investigate his neighbour.", False),
        ("We have completed our investigation.", False),
    ],
)
def test_declines(sentence: str, declined: bool) -> None:
    assert declines(sentence) is declined


@pytest.mark.parametrize(
    ("sentence", "stated", "unquantified"),
    [
        ("The Council has agreed to apologise and pay Mr X £200.", True, False),
        ("The Council has agreed to consider his request again.", True, False),
        ("It should apologise and make a payment to Mrs D.", True, True),
        ("The Council has agreed to apologise and make a symbolic payment.", True, True),
        ("The Council has already reviewed its decision and waived the payment.", True, False),
        (
            "Backdated payments, funding for legal advice and training for officers is a satisfactory remedy.",
            True,
            True,
        ),
        (
            "An apology, the Council covering the cost of the top-up fee and a reminder to staff is satisfactory remedy.",
            True,
            True,
        ),
        ("The Council has agreed to review its direct payments policy.", True, False),
        ("A remedy has been agreed.", False, False),
        ("The Council has agreed to a proportionate remedy for the injustice caused.", False, False),
        ("Mr X wants the Council to apologise and pay him compensation.", False, True),
    ],
)
def test_remedy_stated_and_payments_without_amounts(sentence: str, stated: bool, unquantified: bool) -> None:
    assert remedy_stated(sentence) is stated
    assert unquantified_payment(sentence) is unquantified
