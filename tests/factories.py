"""Small hand-built decisions for tests that must not depend on the parser.

Three decisions, chosen so that the named queries have answers worth
checking by hand (see ``tests/test_query.py``):

* ``20 007 812`` Wiltshire Council, upheld, 2021-05-17: three points, two
  faults, two injustices, four remedies; payments £300 + £150 agreed = £450.
* ``20 003 932`` Wiltshire Council (the same authority: its label triples
  sit in two graphs), upheld, 2021-03-10, an investigation report: one fault,
  one injustice; £200.50 recommended, £100 already provided (not counted).
* ``21 001 234`` Kent County Council, not upheld, 2021-09-01: one finding of
  no fault, nothing to pay (complete, so its total is 0).

All three cite the Local Government Act 1974 s26(1); the first two also
cite the Children Act 1989 s47, so that pair is co-cited twice.

>>> [d.reference for d in decisions()]
['20 007 812', '20 003 932', '21 001 234']
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from hashlib import sha256

from kg.model import (
    Citation,
    ComplaintPoint,
    Decision,
    Fault,
    Finding,
    GuidanceCitation,
    Injustice,
    Remedy,
    Span,
)

LEG = "http://www.legislation.gov.uk/id/"
LGA_26_1 = LEG + "ukpga/1974/7/section/26/1"
CA_17 = LEG + "ukpga/1989/41/section/17"
CA_47 = LEG + "ukpga/1989/41/section/47"
CARE_9 = LEG + "ukpga/2014/23/section/9"
EA_508B = LEG + "ukpga/1996/56/section/508B"
REMEDIES_GUIDANCE = "https://www.lgo.org.uk/information-centre/reports/guidance-notes/guidance-on-remedies"
GOOD_PRACTICE = (
    "https://www.lgo.org.uk/information-centre/reports/guidance-notes/principles-of-good-administrative-practice"
)


class _Text:
    """Numbered paragraphs joined into a decision text, and spans located in it."""

    def __init__(self, heading: str, paragraphs: list[str]) -> None:
        self.paragraphs = paragraphs
        parts, self.starts = [heading, ""], []
        offset = len(heading) + 2
        for n, para in enumerate(paragraphs, start=1):
            line = f"{n}. {para}"
            self.starts.append(offset + len(f"{n}. "))
            parts.append(line)
            offset += len(line) + 1
        self.text = "\n".join(parts) + "\n"

    def span(self, quote: str, paragraph: int, section: str | None = None) -> Span:
        start = self.text.index(quote, self.starts[paragraph - 1])
        assert start < self.starts[paragraph - 1] + len(self.paragraphs[paragraph - 1]), (quote, paragraph)
        return Span(start, start + len(quote), quote, paragraph, section)


def _citation(act, provision, iri, words, label, *spans):
    return Citation(act=act, provision=provision, iri=iri, text=words, label=label, spans=spans)


def wiltshire_812() -> Decision:
    t = _Text(
        "Wiltshire Council (20 007 812)",
        [
            "Ms X complains the Council failed to tell her a Child in Need plan is voluntary.",  # 1
            "Ms X also complains a social worker harassed her at her home.",  # 2
            "Ms X also complains the Council disclosed her phone number to her former partner.",  # 3
            "We may investigate under the Local Government Act 1974, section 26(1).",  # 4
            "Under section 17 of the Children Act 1989 a child may be in need; section 47 enquiries followed.",  # 5
            "The Council did not explain that the plan was voluntary. This was fault.",  # 6
            "I do not find the social worker harassed Ms X. There was no fault.",  # 7
            "Disclosing the phone number breached data protection law. This was fault.",  # 8
            "The faults caused Ms X distress.",  # 9
            "Ms X was put to time and trouble by the disclosure.",  # 10
            "Within one month the Council will apologise to Ms X.",  # 11
            "Within one month the Council will pay Ms X £300 for her distress.",  # 12
            "It will also pay Ms X £150 for her time and trouble.",  # 13
            "Within three months it will remind staff of data protection duties.",  # 14
            "This follows our Guidance on Remedies.",  # 15
        ],
    )
    return Decision(
        reference="20 007 812",
        source_name="lgsco-20-007-812.txt",
        sha256=sha256(t.text.encode()).hexdigest(),
        text=t.text,
        authority="Wiltshire Council",
        category="Children's care services",
        subcategory="Other",
        outcome="Upheld",
        decision_date=date(2021, 5, 17),
        summary=t.span("Ms X complains the Council failed to tell her a Child in Need plan is voluntary.", 1),
        complainant="Ms X",
        complete=True,
        complaint_points=(
            ComplaintPoint(1, "The Council failed to tell her the plan is voluntary.", t.span("failed to tell her", 1)),
            ComplaintPoint(2, "A social worker harassed her.", t.span("a social worker harassed her", 2)),
            ComplaintPoint(3, "The Council disclosed her phone number.", t.span("disclosed her phone number", 3)),
        ),
        findings=(
            Finding(1, "fault", t.span("This was fault.", 6), point=1),
            Finding(2, "no-fault", t.span("There was no fault.", 7), point=2),
            Finding(3, "fault", t.span("This was fault.", 8), point=3),
        ),
        faults=(
            Fault(
                1,
                "communication",
                t.span("The Council did not explain that the plan was voluntary.", 6),
                finding=1,
                point=1,
            ),
            Fault(
                2,
                "data-protection",
                t.span("Disclosing the phone number breached data protection law.", 8),
                finding=3,
                point=3,
            ),
        ),
        injustices=(
            Injustice(1, "distress", t.span("The faults caused Ms X distress.", 9), caused_by=(1, 2)),
            Injustice(2, "time-and-trouble", t.span("put to time and trouble", 10), caused_by=(2,)),
        ),
        remedies=(
            Remedy(
                1,
                "apology",
                "agreed",
                t.span("the Council will apologise to Ms X", 11),
                deadline="within one month",
                remedies=(1,),
            ),
            Remedy(
                2,
                "payment",
                "agreed",
                t.span("pay Ms X £300 for her distress", 12),
                amount=Decimal("300"),
                payee="Ms X",
                purpose="distress",
                deadline="within one month",
                remedies=(1,),
            ),
            Remedy(
                3,
                "payment",
                "agreed",
                t.span("pay Ms X £150 for her time and trouble", 13),
                amount=Decimal("150.00"),
                payee="Ms X",
                purpose="time and trouble",
                remedies=(2,),
            ),
            Remedy(
                4,
                "service-improvement",
                "agreed",
                t.span("remind staff of data protection duties", 14),
                deadline="within three months",
            ),
        ),
        statutes=(
            _citation(
                "Local Government Act 1974",
                "s26(1)",
                LGA_26_1,
                "Local Government Act 1974, section 26(1)",
                "Local Government Act 1974 s26(1)",
                t.span("Local Government Act 1974, section 26(1)", 4),
            ),
            _citation(
                "Children Act 1989",
                "s17",
                CA_17,
                "section 17 of the Children Act 1989",
                "Children Act 1989 s17",
                t.span("section 17 of the Children Act 1989", 5),
            ),
            _citation(
                "Children Act 1989", "s47", CA_47, "section 47", "Children Act 1989 s47", t.span("section 47", 5)
            ),
        ),
        guidance=(
            GuidanceCitation(
                "Guidance on Remedies", REMEDIES_GUIDANCE, "Guidance on Remedies", (t.span("Guidance on Remedies", 15),)
            ),
        ),
    )


def wiltshire_932() -> Decision:
    t = _Text(
        "Wiltshire Council (20 003 932)",
        [
            "Mr Y complains the Council delayed a child protection enquiry.",  # 1
            "Local Government Act 1974, section 26(1) applies. So does section 47 of the Children Act 1989.",  # 2
            "The Council took four months to act. That delay was fault.",  # 3
            "Mr Y was left uncertain whether earlier action would have helped.",  # 4
            "The Council should pay Mr Y £200.50 for the uncertainty.",  # 5
            "The Council has already paid Mr Y £100.",  # 6
            "The Council should reconsider its decision within two months.",  # 7
            "An assessment under section 9 of the Care Act 2014 was not needed.",  # 8
        ],
    )
    return Decision(
        reference="20 003 932",
        source_name="lgsco-20-003-932.txt",
        sha256=sha256(t.text.encode()).hexdigest(),
        text=t.text,
        authority="Wiltshire Council",
        category="Children's care services",
        subcategory="Child protection",
        outcome="Upheld",
        decision_date=date(2021, 3, 10),
        kind="report",
        complainant="Mr Y",
        complete=True,
        complaint_points=(ComplaintPoint(1, "The Council delayed a child protection enquiry.", t.span("delayed", 1)),),
        findings=(Finding(1, "fault", t.span("That delay was fault.", 3), point=1),),
        faults=(Fault(1, "delay", t.span("The Council took four months to act.", 3), finding=1, point=1),),
        injustices=(Injustice(1, "uncertainty", t.span("Mr Y was left uncertain", 4), caused_by=(1,)),),
        remedies=(
            Remedy(
                1,
                "payment",
                "recommended",
                t.span("pay Mr Y £200.50", 5),
                amount=Decimal("200.50"),
                payee="Mr Y",
                purpose="uncertainty",
                remedies=(1,),
            ),
            Remedy(
                2,
                "payment",
                "already-provided",
                t.span("already paid Mr Y £100", 6),
                amount=Decimal("100"),
                payee="Mr Y",
                remedies=(1,),
            ),
            Remedy(
                3,
                "reconsideration",
                "recommended",
                t.span("reconsider its decision", 7),
                deadline="within two months",
                remedies=(1,),
            ),
        ),
        statutes=(
            _citation(
                "Local Government Act 1974",
                "s26(1)",
                LGA_26_1,
                "Local Government Act 1974, section 26(1)",
                "Local Government Act 1974 s26(1)",
                t.span("Local Government Act 1974, section 26(1)", 2),
            ),
            _citation(
                "Children Act 1989",
                "s47",
                CA_47,
                "section 47 of the Children Act 1989",
                "Children Act 1989 s47",
                t.span("section 47 of the Children Act 1989", 2),
            ),
            _citation(
                "Care Act 2014",
                "s9",
                CARE_9,
                "section 9 of the Care Act 2014",
                "Care Act 2014 s9",
                t.span("section 9 of the Care Act 2014", 8),
            ),
        ),
    )


def kent_234() -> Decision:
    t = _Text(
        "Kent County Council (21 001 234)",
        [
            "Mrs Z complains the Council refused her son free school transport.",  # 1
            "Local Government Act 1974, section 26(1); Education Act 1996, section 508B.",  # 2
            "The Council applied its policy properly. There was no fault.",  # 3
            "Good administration means acting in accordance with law and policy.",  # 4
            "The Act says something here we could not tie to a provision.",  # 5
        ],
    )
    return Decision(
        reference="21 001 234",
        source_name="lgsco-21-001-234.txt",
        sha256=sha256(t.text.encode()).hexdigest(),
        text=t.text,
        authority="Kent County Council",
        category="Education",
        subcategory="School transport",
        outcome="Not upheld",
        decision_date=date(2021, 9, 1),
        complainant="Mrs Z",
        complete=True,
        complaint_points=(
            ComplaintPoint(1, "The Council refused free school transport.", t.span("refused her son", 1)),
        ),
        findings=(Finding(1, "no-fault", t.span("There was no fault.", 3), point=1),),
        statutes=(
            _citation(
                "Local Government Act 1974",
                "s26(1)",
                LGA_26_1,
                "Local Government Act 1974, section 26(1)",
                "Local Government Act 1974 s26(1)",
                t.span("Local Government Act 1974, section 26(1)", 2),
            ),
            _citation(
                "Education Act 1996",
                "s508B",
                EA_508B,
                "Education Act 1996, section 508B",
                "Education Act 1996 s508B",
                t.span("Education Act 1996, section 508B", 2),
            ),
            _citation(None, None, None, "The Act", "The Act (unresolved)", t.span("The Act", 5)),
        ),
        guidance=(
            GuidanceCitation(
                "Principles of Good Administrative Practice",
                GOOD_PRACTICE,
                "Good administration",
                (t.span("Good administration", 4),),
            ),
        ),
    )


def decisions() -> list[Decision]:
    """The three factory decisions, in a fixed order."""
    return [wiltshire_812(), wiltshire_932(), kent_234()]


def load(store, items: list[Decision] | None = None, *, statistics: bool = False):
    """Map ``items`` (default: :func:`decisions`) and load them into ``store``, one graph each; returns the store.

    ``statistics``: then refresh its statistics graph as ``kg build`` does (the named queries read it).
    """
    from kg.mapping import decision_iri, triples
    from kg.query.statistics import refresh

    store.replace_graphs((decision_iri(d), list(triples(d))) for d in (decisions() if items is None else items))
    if statistics:
        refresh(store)
    return store
