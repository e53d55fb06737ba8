"""Enclosing provisions in the data (omb:withinProvision), and the queries that find a provision or any part of it."""

from __future__ import annotations

from dataclasses import replace

import factories
import pytest
from factories import LGA_26_1
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.mapping import decision_graph
from kg.model import Citation
from kg.query import load_query, records, run
from kg.resources import queries_dir
from kg.store import MemoryStore, OxigraphStore
from kg.vocab import LEGISLATION_ID, OMB

LGA = LEGISLATION_ID + "ukpga/1974/7"
SCHEDULE_5 = LGA + "/schedule/5"


def _decision_citing(*citations: Citation):
    return replace(factories.kent_234(), statutes=tuple(citations))


def _citation(iri: str, label: str, act: str | None = "Local Government Act 1974") -> Citation:
    return Citation(act=act, provision=label.rsplit(" ", 1)[-1], iri=iri, text=label, label=label, spans=())


def test_a_subsection_and_a_schedule_paragraph_link_to_what_encloses_them():
    g = decision_graph(
        _decision_citing(
            _citation(LGA_26_1, "Local Government Act 1974 s26(1)"),
            _citation(SCHEDULE_5 + "/paragraph/1", "Local Government Act 1974 Schedule 5 para 1", act=None),
        )
    )
    for inner, outer, label in (
        (LGA_26_1, LGA + "/section/26", "Local Government Act 1974 s26"),
        (SCHEDULE_5 + "/paragraph/1", SCHEDULE_5, "Local Government Act 1974 Schedule 5"),
    ):
        assert list(g.objects(URIRef(inner), OMB.withinProvision)) == [URIRef(outer)]
        assert (URIRef(outer), RDF.type, OMB.Provision) in g
        assert list(g.objects(URIRef(outer), OMB.provisionLabel)) == [Literal(label)]
        assert list(g.objects(URIRef(outer), RDFS.label)) == [Literal(label)]
        assert list(g.objects(URIRef(outer), OMB.legislation)) == [URIRef(LGA)]
        assert not list(g.objects(URIRef(outer), OMB.withinProvision))  # the Act is omb:legislation
    assert not list(g.subjects(OMB.cites, URIRef(LGA + "/section/26")))  # enclosing, not cited


def test_a_section_or_a_whole_act_has_nothing_enclosing_it():
    g = decision_graph(
        _decision_citing(
            _citation(LGA + "/section/34H", "Local Government Act 1974 s34H"),
            _citation(LGA, "Local Government Act 1974"),
        )
    )
    assert not list(g.triples((None, OMB.withinProvision, None)))


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    mem = factories.load(MemoryStore())
    oxi = factories.load(OxigraphStore(tmp_path_factory.mktemp("oxi") / "store"))
    yield mem, oxi
    oxi.close()


@pytest.mark.parametrize("name", ["decisions_citing_provision", "remedies_where_provision_cited"])
@pytest.mark.parametrize("provision", [LGA_26_1, LGA + "/section/26", LGA, LGA + "/section", LGA_26_1 + "0"])
def test_a_provision_matches_itself_and_its_parts_on_both_stores(stores, name, provision):
    mem, oxi = stores
    got = run(mem, name, {"provision": provision})
    assert got.rows == run(oxi, name, {"provision": provision}).rows
    if provision.endswith(("/section", "0")):  # not a provision, or one nobody cites
        assert got.rows == ()
        return
    assert got.rows
    for r in records(got):
        assert r.get("cited", provision) == provision or r["cited"].startswith(provision + "/")


@pytest.mark.parametrize("name", ["decisions_citing_provision", "remedies_where_provision_cited"])
def test_no_string_function_runs_over_the_citations(name):
    text = load_query(name).text
    assert not any(f in text for f in ("STRSTARTS", "CONTAINS", "REGEX")), "use omb:withinProvision and omb:legislation"
    assert (queries_dir() / f"{name}.rq").read_text(encoding="utf-8") == text
