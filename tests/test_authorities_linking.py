"""Resolved authorities in the graph (kg.linking via kg.mapping), their shapes, and the ``kg authorities`` report."""

from __future__ import annotations

import dataclasses
from datetime import date

import factories
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SDO

from kg.authority_report import authority_report, resolve_names, summary
from kg.cli import main
from kg.jsontext import loads
from kg.mapping import authority_iri, decision_graph
from kg.store import MemoryStore, OxigraphStore
from kg.terms import nt
from kg.validate import validate
from kg.validate.fast import validate_nt
from kg.vocab import OMB, concept

STATGEO = "http://statistics.data.gov.uk/id/statistical-geography/"
REGISTER = "https://local-authority-eng.register.gov.uk/records/"


def _graph(authority: str | None, on: date | None = date(2021, 5, 17)) -> Graph:
    return decision_graph(dataclasses.replace(factories.wiltshire_812(), authority=authority, decision_date=on))


def _results(graph: Graph) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(shape, component) pairs of the violations, by pySHACL and by the fast engine: they must agree."""
    slow = {(str(r.shape).split("#")[-1], str(r.constraint).split("#")[-1]) for r in validate(graph).results}
    fast_results = validate_nt([(nt(s), nt(p), nt(o)) for s, p, o in graph], graph=str(graph.identifier))
    fast = {(str(r.shape).split("#")[-1], str(r.constraint).split("#")[-1]) for r in fast_results}
    return slow, fast


def test_a_council_is_typed_linked_and_valid():
    g = _graph("Hackney LB")
    a = authority_iri("Hackney LB")
    assert a == URIRef("https://w3id.org/lgsco-kg/id/lgsco/authority/hackney-lb")  # the name as written
    assert (a, RDF.type, OMB.LocalAuthority) in g and (a, RDF.type, OMB.Authority) in g
    assert g.value(a, RDFS.label) == Literal("Hackney LB")
    assert g.value(a, OMB.officialName) == Literal("London Borough of Hackney")
    assert g.value(a, OMB.registryCode) == Literal("HCK")
    assert g.value(a, OMB.gssCode) == Literal("E09000012")
    assert g.value(a, OMB.area) == URIRef(STATGEO + "E09000012")
    assert g.value(a, OWL.sameAs) == URIRef(REGISTER + "HCK")
    assert g.value(a, OMB.authorityType) == concept("authority-type", "london-borough")
    assert isinstance(g.value(a, OMB.population).toPython(), int)
    assert (None, OWL.sameAs, URIRef(STATGEO + "E09000012")) not in g  # the area is not the council
    assert _results(g) == (set(), set())


def test_a_former_council_carries_its_successors():
    g = _graph("Cumbria County Council", date(2022, 2, 1))
    a = authority_iri("Cumbria County Council")
    assert g.value(a, SDO.dissolutionDate).toPython() == date(2023, 4, 1)
    successors = set(g.objects(a, DCTERMS.isReplacedBy))
    assert successors == {authority_iri("Cumberland Council"), authority_iri("Westmorland and Furness Council")}
    for s in successors:
        assert (s, RDF.type, OMB.LocalAuthority) in g and g.value(s, OMB.gssCode) is not None
        assert g.value(s, OWL.sameAs) is None  # codes given since the GOV.UK register closed: no record to link
    decision = URIRef("https://w3id.org/lgsco-kg/id/lgsco/decision/20-007-812")
    assert list(g.objects(decision, OMB.authority)) == [a]  # the successors are not what the decision is about
    assert _results(g) == (set(), set())


def test_a_chain_of_successors_hangs_each_link_on_the_council_replaced():
    g = _graph("Taunton Deane Borough Council", date(2018, 6, 1))
    tau, swt, smt = (
        authority_iri(n)
        for n in ("Taunton Deane Borough Council", "Somerset West and Taunton Council", "Somerset Council")
    )
    assert set(g.subject_objects(DCTERMS.isReplacedBy)) == {(tau, swt), (swt, smt)}
    assert _results(g) == (set(), set())


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Sunnyfield Care Homes Ltd", "care-provider"),
        ("Brindlecombe NHS Foundation Trust", "nhs-body"),
        ("Ashgrove Borough Council", None),
    ],
)
def test_other_bodies_are_typed_and_unlinked_and_unknown_names_untyped(name, kind):
    g = _graph(name)
    a = authority_iri(name)
    assert g.value(a, OMB.authorityType) == (concept("authority-type", kind) if kind else None)
    for p in (OMB.registryCode, OMB.gssCode, OMB.area, OWL.sameAs, OMB.officialName):
        assert g.value(a, p) is None
    assert (a, RDF.type, OMB.LocalAuthority) not in g
    assert _results(g) == (set(), set())


def test_the_shapes_require_a_gss_code_on_every_local_authority():
    g = _graph("Wiltshire Council")
    a = authority_iri("Wiltshire Council")
    g.remove((a, OMB.gssCode, None))
    expected = {("LocalAuthority-gssCode", "MinCountConstraintComponent")}
    assert _results(g) == (expected, expected)
    g.add((a, OMB.gssCode, Literal("W06000015")))  # Cardiff's: not an English authority's area
    expected = {("LocalAuthority-gssCode", "PatternConstraintComponent")}
    assert _results(g) == (expected, expected)


def test_a_decision_without_a_date_still_resolves_its_authority():
    g = _graph("Wiltshire Council", on=None)
    assert g.value(authority_iri("Wiltshire Council"), OMB.registryCode) == Literal("WIL")


# --- the report ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mixed_store(tmp_path_factory):
    names = [
        ("Wiltshire Council", date(2021, 5, 17)),
        ("Wiltshire Council", date(2021, 3, 10)),
        ("Hackney LB", date(2022, 1, 5)),
        ("Harrogate Borough Council", date(2022, 6, 1)),
        ("Sunnyfield Care Homes Ltd", date(2023, 2, 1)),
        ("Ashgrove Borough Council", date(2023, 3, 1)),
        ("Somerset", None),
    ]
    base = factories.wiltshire_812()
    decisions = [
        dataclasses.replace(base, reference=f"23 000 {i:03d}", authority=name, decision_date=day)
        for i, (name, day) in enumerate(names)
    ]
    stores = (factories.load(MemoryStore(), decisions), OxigraphStore(tmp_path_factory.mktemp("report") / "store"))
    factories.load(stores[1], decisions)
    yield stores
    stores[1].close()


def test_the_report_lists_what_needs_attention_first(mixed_store):
    for store in mixed_store:
        rows = authority_report(store)
        assert [(r.name, r.status, r.code, r.decisions) for r in rows] == [
            ("Ashgrove Borough Council", "unresolved", None, 1),
            ("Somerset", "ambiguous", None, 1),
            ("Sunnyfield Care Homes Ltd", "not-a-council", None, 1),
            ("Harrogate Borough Council", "former-council", "HAG", 1),
            ("Wiltshire Council", "council", "WIL", 2),
            ("Hackney LB", "council", "HCK", 1),
        ]
        wiltshire = rows[4]
        assert (wiltshire.first, wiltshire.last, wiltshire.gss) == (date(2021, 3, 10), date(2021, 5, 17), "E06000054")
        assert "replaced by North Yorkshire Council" in rows[3].note
        assert "Somerset Council (SMT)" in rows[1].note and "Somerset County Council (SOM)" in rows[1].note
        assert all("build again" not in r.note for r in rows)
        assert summary(rows) == (
            "6 names in 7 decisions: 1 did not resolve, 1 ambiguous, 1 not a council (left unlinked), "
            "1 former council, 2 councils"
        )


def test_the_report_says_when_the_store_was_linked_with_another_table():
    """A store built before the table knew a council (here: its code taken out) is flagged, not silently fixed."""
    g = _graph("Wiltshire Council")
    g.remove((authority_iri("Wiltshire Council"), OMB.registryCode, None))
    ds = Dataset()
    old = ds.graph(g.identifier)
    for t in g:
        old.add(t)
    store = MemoryStore()
    store.load_dataset(ds)
    (row,) = authority_report(store)
    assert row.code == "WIL" and "the store has no link: build again to update" in row.note


def test_names_resolve_as_given():
    rows = resolve_names(["Somerset", "Somerset"], None)
    assert [r.status for r in rows] == ["ambiguous", "ambiguous"]
    assert resolve_names(["Somerset"], date(2019, 1, 1))[0].code == "SOM"


def test_kg_authorities_command(tmp_path, decisions_dir):
    runner = CliRunner()
    names = runner.invoke(main, ["authorities", "Hackney LB", "Wiltshire District Council", "--format", "json"])
    assert names.exit_code == 0, names.output
    records = loads(names.output)
    assert [(r["name"], r["status"], r["code"]) for r in records] == [
        ("Hackney LB", "council", "HCK"),
        ("Wiltshire District Council", "unresolved", None),
    ]
    dated = runner.invoke(main, ["authorities", "Somerset", "--date", "2024-01-01", "--format", "csv"])
    assert dated.exit_code == 0 and "Somerset,council,SMT,Somerset Council" in dated.output
    store = tmp_path / "store"
    assert runner.invoke(main, ["build", str(decisions_dir), "--store", str(store)]).exit_code == 0
    report = runner.invoke(main, ["authorities", "--store", str(store)])
    assert report.exit_code == 0, report.output
    assert report.output.splitlines() == ["1 name in 2 decisions: 1 council; every name resolved (--all lists them)"]
    every = runner.invoke(main, ["authorities", "--store", str(store), "--all", "--format", "json"])
    (row,) = loads(every.output)
    assert row["code"] == "WIL" and row["decisions"] == 2 and row["first"] == "2021-03-26"
    neither = runner.invoke(main, ["authorities"])
    assert neither.exit_code == 2 and "--store DIR" in neither.stderr
