"""SHACL shapes and kg.validate: a valid decision conforms, each shape has a graph that breaks it.

``tests/fixtures/invalid/<Shape>[--variant].ttl`` are small Turtle graphs,
each breaking exactly one shape of ``ontology/shapes.ttl``.  Their header
says what is wrong and lists what the report must hold, as lines::

    # violates: ombsh:Decision-reference sh:PatternConstraintComponent

The report's set of (source shape, constraint component) pairs must equal
those lines, no more and no less; every named shape of ``shapes.ttl`` needs
at least one fixture.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import to_isomorphic
from rdflib.namespace import SH

from kg import vocab
from kg.errors import ValidationFailed
from kg.mapping import decision_graph, decision_iri, to_dataset
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
from kg.resources import ontology_file
from kg.validate import SHAPES_NS, load_shapes, shape_iris, short, validate

FIXTURES = Path(__file__).parent / "fixtures" / "invalid"
DECISIONS = Path(__file__).resolve().parent.parent / "data" / "decisions"
OMBSH = SHAPES_NS

TEXT = """\
Wiltshire Council (20 007 812)

Category : Children's care services > Other

Decision : Upheld

Decision date : 17 May 2021

The Ombudsman's final decision:

Summary: Ms X complains the Council disclosed her phone number to her former partner. The Council is at fault and has agreed to apologise and pay her £300.

The complaint

  1. Ms X complains the Council disclosed her phone number to her former partner.

What I found

  2. Under Section 17 of the Children Act 1989 a council must assess a child in need.
  3. The Council was at fault because it disclosed Ms X's phone number without her consent.
  4. This caused Ms X avoidable distress.
  5. Our Guidance on Remedies says a symbolic payment can recognise distress.

Agreed action

  6. Within one month of my final decision the Council will apologise to Ms X.
  7. Within one month of my final decision the Council will pay Ms X £300 to recognise her distress.
"""


def span(needle: str, paragraph: int | None = None) -> Span:
    """The Span of the first occurrence of ``needle`` in TEXT."""
    start = TEXT.index(needle)
    return Span(start, start + len(needle), needle, paragraph)


def valid_decision() -> Decision:
    """A small upheld decision with every link of the chain, built by hand."""
    return Decision(
        reference="20 007 812",
        source_name="lgsco-20-007-812.txt",
        sha256=hashlib.sha256(TEXT.encode("utf-8")).hexdigest(),
        text=TEXT,
        authority="Wiltshire Council",
        category="Children's care services",
        subcategory="Other",
        outcome="Upheld",
        decision_date=date(2021, 5, 17),
        summary=span("Ms X complains the Council disclosed her phone number to her former partner. The Council"),
        complainant="Ms X",
        complete=True,
        complaint_points=(
            ComplaintPoint(1, "the Council disclosed her phone number to her former partner",
                           span("Ms X complains the Council disclosed her phone number to her former partner.", 1)),
        ),
        findings=(Finding(1, "fault", span("The Council was at fault", 3), point=1),),
        faults=(Fault(1, "data-protection", span("it disclosed Ms X's phone number without her consent", 3),
                      finding=1, point=1),),
        injustices=(Injustice(1, "distress", span("This caused Ms X avoidable distress.", 4), caused_by=(1,)),),
        remedies=(
            Remedy(1, "apology", "agreed", span("the Council will apologise to Ms X", 6),
                   deadline="within one month", remedies=(1,)),
            Remedy(2, "payment", "agreed", span("the Council will pay Ms X £300", 7), amount=Decimal("300"),
                   payee="Ms X", purpose="to recognise her distress", deadline="within one month",
                   remedies=(1,)),
        ),
        statutes=(
            Citation(act="Children Act 1989", provision="s17",
                     iri="http://www.legislation.gov.uk/id/ukpga/1989/41/section/17",
                     text="Section 17 of the Children Act 1989", label="Children Act 1989 s17",
                     spans=(span("Section 17 of the Children Act 1989", 2),)),
        ),
        guidance=(
            GuidanceCitation(title="Guidance on Remedies",
                             iri="https://www.lgo.org.uk/information-centre/reports/guidance-on-remedies",
                             text="Guidance on Remedies", spans=(span("Guidance on Remedies", 5),)),
        ),
    )


def pairs(report) -> set[tuple[str, str]]:
    return {(short(r.shape), short(r.constraint)) for r in report.results}


def test_valid_decision_conforms():
    report = validate(decision_graph(valid_decision()))
    assert report.conforms, report.text()
    assert report.results == ()
