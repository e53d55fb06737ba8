"""Provisions as in force on the decision date: legislation.gov.uk's point-in-time versions.

The form is the site's own (legislation/data-documentation, model/uris/reference.md, "Dated versions"): the
document URI, ``http://www.legislation.gov.uk/{type}/{year}/{number}[/{section}]``, then ``/YYYY-MM-DD``.
Versions exist for an Act and for each section (model/legislation.md, "Points in time"), so a subsection is read
in its section's version.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import factories
import pytest
from rdflib import URIRef
from rdflib.namespace import SH

from kg.legislation import ACTS, POINT_IN_TIME, act_iri, point_in_time
from kg.mapping import decision_graph
from kg.validate import load_shapes
from kg.vocab import OMB

ON = date(2021, 5, 17)
SHAPE_PATTERN = re.compile(
    str(load_shapes().value(URIRef("https://w3id.org/lgsco-kg/shapes#Citation-pointInTime"), SH.pattern))
)


def _valid(iri: str) -> bool:
    """The documented pattern (kg.legislation.POINT_IN_TIME), and the shape's, agree on ``iri``."""
    ours, shape = POINT_IN_TIME.fullmatch(iri) is not None, SHAPE_PATTERN.search(iri) is not None
    assert ours == shape, iri
    return ours


@pytest.mark.parametrize("title", sorted(ACTS))
def test_every_act_of_the_citation_table_follows_the_documented_pattern(title):
    year, chapter = ACTS[title]
    act = act_iri(title)
    doc = act.replace("/id/", "/", 1)  # the document URI: the identifier without /id (regnal years kept)
    day = date(max(year, 2021), 5, 17)
    cases = {
        act: f"{doc}/{day}",
        f"{act}/section/2": f"{doc}/section/2/{day}",
        f"{act}/section/17ZA/1/b": f"{doc}/section/17ZA/{day}",
        f"{act}/schedule/1": f"{doc}/schedule/1/{day}",
        f"{act}/schedule/1/paragraph/3": f"{doc}/schedule/1/paragraph/3/{day}",
        f"{act}/schedule/1/paragraph/3/2": f"{doc}/schedule/1/paragraph/3/{day}",
        f"{act}/part/7": f"{doc}/part/7/{day}",
    }
    for iri, expected in cases.items():
        version = point_in_time(iri, day)
        assert version == expected
        assert _valid(version)
        assert "/id/" not in version


def test_the_sites_own_examples_match_the_pattern():
    for documented in (
        "http://www.legislation.gov.uk/ukpga/1985/67/2003-04-01",
        "http://www.legislation.gov.uk/ukpga/1985/67/1997-06-01",
        "http://www.legislation.gov.uk/uksi/2013/376/2022-05-04",
        "http://www.legislation.gov.uk/uksi/2013/376/part/1/2022-05-04",
        "http://www.legislation.gov.uk/ukpga/1989/41/section/17/2021-05-17",
    ):
        assert _valid(documented), documented


@pytest.mark.parametrize(
    "iri",
    [
        "http://www.legislation.gov.uk/id/ukpga/1989/41/section/17/2021-05-17",  # an identifier URI
        "https://www.legislation.gov.uk/ukpga/1989/41/section/17/2021-05-17",  # not the site's http form
        "http://www.legislation.gov.uk/ukpga/1974/7/section/26/1/2021-05-17",  # a subsection has no version
        "http://www.legislation.gov.uk/ukpga/1989/41/section/17",  # no date
        "http://www.legislation.gov.uk/ukpga/1989/41/section/17/17-05-2021",
        "http://www.legislation.gov.uk/ukpga/1989/41/section/17/enacted",
    ],
)
def test_other_forms_do_not_match(iri):
    assert not _valid(iri)


def test_no_version_before_the_act_or_outside_legislation_gov_uk():
    assert point_in_time("http://www.legislation.gov.uk/id/ukpga/2014/23/section/9", date(2013, 12, 31)) is None
    assert point_in_time("http://www.legislation.gov.uk/id/ukpga/2014/23/section/9", date(2014, 1, 1)) is not None
    assert point_in_time("https://www.lgo.org.uk/information-centre/reports/guidance-on-remedies", ON) is None
    assert point_in_time("http://www.legislation.gov.uk/id/ukpga/1989", ON) is None
    assert point_in_time("http://www.legislation.gov.uk/id/ukpga/1989/41/introduction", ON) is None


def test_a_regnal_year_act_keeps_its_regnal_year():
    assert point_in_time("http://www.legislation.gov.uk/id/ukpga/Geo6/9-10/81/section/2", ON) == (
        "http://www.legislation.gov.uk/ukpga/Geo6/9-10/81/section/2/2021-05-17"
    )
    assert _valid("http://www.legislation.gov.uk/ukpga/Geo6/9-10/81/section/2/2021-05-17")


# --- in the graph ---------------------------------------------------------------------------------------------


def test_every_statute_citation_has_its_version_on_the_decision_date():
    d = factories.wiltshire_812()
    g = decision_graph(d)
    for number, citation in enumerate(d.statutes, start=1):
        node = URIRef(f"https://w3id.org/lgsco-kg/id/lgsco/decision/20-007-812/citation/{number}")
        (version,) = g.objects(node, OMB.pointInTime)
        assert str(version) == point_in_time(citation.iri, d.decision_date)
        assert str(version).endswith(f"/{d.decision_date.isoformat()}")
    guidance = len(d.statutes) + 1
    node = URIRef(f"https://w3id.org/lgsco-kg/id/lgsco/decision/20-007-812/citation/{guidance}")
    assert d.guidance and list(g.objects(node, OMB.pointInTime)) == []


def test_without_a_decision_date_there_is_no_version():
    g = decision_graph(dataclasses.replace(factories.wiltshire_812(), decision_date=None))
    assert list(g.subject_objects(OMB.pointInTime)) == []


def test_the_seeds_versions(decisions_dir):
    from kg.parse import parse_file

    g = decision_graph(parse_file(decisions_dir / "lgsco-20-007-812.txt"))
    versions = {str(o) for o in g.objects(None, OMB.pointInTime)}
    assert "http://www.legislation.gov.uk/ukpga/1989/41/section/17/2021-05-17" in versions
    assert "http://www.legislation.gov.uk/ukpga/1974/7/section/26/2021-05-17" in versions  # cited as s26(1)
    assert all(_valid(v) for v in versions)
