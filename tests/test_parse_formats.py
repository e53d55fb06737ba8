"""Issue 12: older page formats, section headings of every wording (or none), complainants as written,
outcome labels the text contradicts, and HTML cleaning that keeps the decision.

All texts are written for this project in the shapes of real pages.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_parse_pages import ROLE, both, facts, page

from kg.parse.sections import role_of

# --- older formats ------------------------------------------------------------------------------------------
PRESS_RELEASE_2010 = """Brackenfield District Council (09 004 512)

Category : Housing > Allocations

Decision : Upheld: maladministration and injustice

Decision date : 14 Jul 2010

The Local Government Ombudsman has criticised Brackenfield District Council for the way it handled Mr Ashworth's application to move to a ground floor flat. Mr Ashworth (not his real name) uses a wheelchair and could not leave his second floor flat without help.

The Ombudsman found that the Council took eleven months to assess his medical priority and then placed him in the wrong band. She found this was maladministration causing injustice: Mr Ashworth was housed a year later than he should have been.

The Ombudsman recommended that the Council pay Mr Ashworth £4,500 for the year he was left in unsuitable accommodation, and £250 for his time and trouble, and review how it assesses medical priority.

Print this page
"""


@pytest.mark.parametrize("text", both(PRESS_RELEASE_2010))
def test_a_2010_press_release_page(text: str) -> None:
    f = facts(text)
    assert (f["reference"], f["outcome"], f["complainant"]) == ("09 004 512", "Upheld", "Mr Ashworth")
    assert (f["fault_found"], f["injustice_found"], f["truncated"]) == (True, True, False)
    assert f["payments_gbp"] == [Decimal("4500"), Decimal("250")] and f["total_payment_gbp"] == Decimal("4750")
    assert {r["status"] for r in f["remedies"] if r["type"] == "payment"} == {"recommended"}


SATISFIED_2017 = """Eastwick Borough Council (16 011 238)

Category : Adult care services > Charging

Decision : Upheld

Decision date : 22 Mar 2017

The Ombudsman's final decision:

The Ombudsman upheld the complaint and found fault causing injustice. The Council did not tell Mrs Corrigan her mother would be charged for respite care before the stay began.

The complaint

  1. The complainant, whom I shall call Mrs Corrigan, complains the Council charged her mother for two weeks of respite care without warning.

What I found

  2. The Council's records show no one explained the charges before the stay. That was fault. Mrs Corrigan was caused avoidable distress by the bill.

  3. The Council has agreed to waive half of the £1,180 charge and to pay Mrs Corrigan £150 for her distress. It will remind its social workers to explain charges before a stay begins.

Ombudsman satisfied with council's response
"""


@pytest.mark.parametrize("text", both(SATISFIED_2017))
def test_a_2016_to_2018_page_with_a_remedy_paragraph_without_a_heading(text: str) -> None:
    f = facts(text)
    assert (f["complainant"], f["fault_found"], f["injustice_found"], f["apology"]) == (
        "Mrs Corrigan",
        True,
        True,
        False,
    )
    assert f["payments_gbp"] == [Decimal("150")] and f["total_payment_gbp"] == Decimal("150")
    assert f["truncated"] is False


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("Our findings", "findings"),
        ("What I found", "findings"),
        ("What we found", "findings"),
        ("Analysis", "findings"),
        ("Conclusions", "findings"),
        ("Findings and conclusions", "findings"),
        ("Ombudsman's view", "findings"),
        ("Decision", "final"),
        ("Final decision", "final"),
        ("Our decision", "final"),
        ("Outcome", "final"),
        ("Agreed action", "action"),
        ("Recommended action", "action"),
        ("Remedies", "action"),
        ("What should happen", "action"),
        ("Conclusions and recommendations", "action"),
        ("Parts of the complaint that I did not investigate", "role"),
        ("Children in need", None),
    ],
)
def test_section_roles_do_not_depend_on_one_wording(heading: str, role: str | None) -> None:
    assert role_of(heading) == role


@pytest.mark.parametrize("findings_heading", ["Our findings", "Analysis", "Conclusions", "What I found"])
@pytest.mark.parametrize("action_heading", ["Agreed action", "Recommended action", "Remedy"])
def test_facts_are_read_under_any_findings_and_action_headings(findings_heading: str, action_heading: str) -> None:
    text = page(
        None,
        [
            ("The complaint", ["Mr Y complains the Council lost his housing register form."]),
            ROLE,
            (
                findings_heading,
                [
                    "The Council lost the form and Mr Y waited four months longer for a band. "
                    "That was fault, and it caused him uncertainty."
                ],
            ),
            (action_heading, ["The Council will apologise to Mr Y and pay him £200 for the uncertainty."]),
            ("Decision", ["I have completed my investigation."]),
        ],
        end=True,
    )
    f = facts(text)
    assert (f["fault_found"], f["injustice_found"], f["apology"]) == (True, True, True)
    assert f["payments_gbp"] == [Decimal("200")] and f["total_payment_gbp"] == Decimal("200")


NO_HEADINGS = """Ravensholme Council (22 018 410)

The Ombudsman's final decision:

Summary: Mr J complained the Council did not collect his assisted bin collection for six weeks.

The Council missed Mr J's assisted collection six times. That was fault. It caused him distress and he had to ask neighbours for help.

The Council has agreed to apologise and pay Mr J £100.

Investigator's decision on behalf of the Ombudsman
"""


@pytest.mark.parametrize("text", both(NO_HEADINGS))
def test_a_page_without_any_section_heading(text: str) -> None:
    f = facts(text)
    assert (f["fault_found"], f["injustice_found"], f["apology"], f["truncated"]) == (True, True, True, False)
    assert f["payments_gbp"] == [Decimal("100")] and f["total_payment_gbp"] == Decimal("100")


# --- complainants -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("summary", "complaint", "who"),
    [
        (
            "Miss F complained the Council lost her file.",
            "Miss F complains the Council lost her housing file.",
            "Miss F",
        ),
        (
            "The Council failed to reply to G.",
            "The complainant, whom I shall call G, says the Council ignored his letters.",
            "G",
        ),
        (
            "Mr and Mrs B complain about noise from a pub.",
            "Mr and Mrs B complain the Council did not act on noise.",
            "Mr and Mrs B",
        ),
        (
            "Ms Y's son complains about his transport to college.",
            "Ms Y's son complains the Council withdrew his transport.",
            "Ms Y's son",
        ),
        (
            "Ms Y complains on behalf of her son about his school place.",
            "Ms Y complains on behalf of her son, Z, that the Council delayed.",
            "Ms Y",
        ),
        (
            "We will not investigate Mr Y's complaint about his road.",
            "Mr X complains on behalf of his father, Mr Y, that the road outside is broken.",
            "Mr X",
        ),
        (
            "The Council delayed Mrs Fairweather's claim.",
            "The complainant, whom I shall call Mrs Fairweather, complains.",
            "Mrs Fairweather",
        ),
        (
            "Dr X complained the Council took too long to assess her child.",
            "Dr X complains about the assessment.",
            "Dr X",
        ),
        (
            "We will not investigate this complaint about a towed car.",
            "The complainant (Mr V) complains the Council towed his car.",
            "Mr V",
        ),
        (
            "We will not investigate this complaint about noise.",
            "The complainant, Mrs D, complains about a pub's noise.",
            "Mrs D",
        ),
    ],
)
def test_complainants_as_written(summary: str, complaint: str, who: str) -> None:
    text = page(summary, [("The complaint", [complaint])], outcome=None)
    for t in both(text):
        assert facts(t.values[0])["complainant"] == who


# --- the outcome label and the text disagree -----------------------------------------------------------------
NOT_UPHELD_WITH_FAULT = page(
    "Mr K complains the Council was slow to deal with his planning enquiry. There was some delay by the Council, which "
    "was fault, but it did not cause Mr K a significant injustice.",
    [("The complaint", ["Mr K complains the Council took three months to answer his planning enquiry."])],
    outcome="Not upheld",
    category="Planning > Planning applications",
    cut="answer his planning enquiry.",
)


@pytest.mark.parametrize("text", both(NOT_UPHELD_WITH_FAULT))
def test_not_upheld_with_fault_and_no_injustice(text: str) -> None:
    f = facts(text)
    assert (f["outcome"], f["fault_found"], f["injustice_found"]) == ("Not upheld", True, False)


UPHELD_NO_FAULT_ON_MAIN_POINT = page(
    "We do not find fault in how the Council investigated Miss Y's complaint about child protection. However the "
    "existing remedy does not go far enough for the distress the family experienced, and the Council has agreed to "
    "pay £400 in recognition of this.",
    [("The complaint", ["Miss Y complains about the outcome of her complaint."])],
    outcome="Upheld",
    category="Children's care services > Child protection",
    cut="her complaint.",
)


@pytest.mark.parametrize("text", both(UPHELD_NO_FAULT_ON_MAIN_POINT))
def test_upheld_label_does_not_make_fault(text: str) -> None:
    f = facts(text)
    assert (f["outcome"], f["fault_found"]) == ("Upheld", False)
    assert f["payments_gbp"] == [Decimal("400")] and f["total_payment_gbp"] == Decimal("400")


# --- HTML: cleaning must not delete the decision ----------------------------------------------------------------
def _html(wrapper_class: str) -> str:
    return (
        "<!DOCTYPE html><html><head><title>Decision</title></head><body>"
        "<nav class='menu'><a href='/'>Home</a> Menu Search</nav>"
        "<div class='cookie-banner'>Review your privacy settings. Required cookies.</div>"
        f"<div class='{wrapper_class}'>"
        "<h1>Hallam Borough Council (23 004 118)</h1>"
        "<p>Summary: Mr U complains the Council lost his grant application. We found fault causing injustice. "
        "The Council has agreed to apologise and pay Mr U £220.</p>"
        "<h2>The complaint</h2><ol><li>Mr U complains the Council lost his application.</li></ol>"
        "</div><footer class='site-footer'>Print this page</footer><div class='social-share'>Share on X</div>"
        "</body></html>"
    )


@pytest.mark.parametrize(
    "wrapper",
    [
        "socialcare-decision",
        "printable-content",
        "page-with-menu-left",
        "print-area",
        "social-care menu-wrapper",
        "decision",
    ],
)
def test_a_wrapper_whose_class_mentions_menu_print_or_social_keeps_the_decision(wrapper: str) -> None:
    f = facts(_html(wrapper))
    assert (f["reference"], f["complainant"], f["apology"]) == ("23 004 118", "Mr U", True)
    assert f["payments_gbp"] == [Decimal("220")]
    everything = str(f)
    assert "Review your privacy" not in everything and "Share on X" not in everything
