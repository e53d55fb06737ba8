"""The fast validation path gives exactly pySHACL's verdicts.

kg.validate.fast compiles ontology/shapes.ttl into Python checks; pySHACL
(kg.validate) is the reference.  Both must give the same conforms and the
same results (focus node, path, shape, constraint component, severity,
message, value) on every seed decision, every invalid fixture, and a few
hundred synthetic decisions with faults injected at random (one pySHACL run
over their union keeps this test quick).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from kg import synth
from kg.mapping import decision_graph, to_dataset
from kg.parse import parse_bytes, parse_file
from kg.store import MemoryStore, OxigraphStore
from kg.terms import nt
from kg.validate import load_shapes, validate, validate_store
from kg.validate.fast import compile_shapes, validate_nt
from kg.vocab import OMB, VOCAB

FIXTURES = Path(__file__).parent / "fixtures" / "invalid"
DECISIONS = Path(__file__).resolve().parent.parent / "data" / "decisions"
OA = "http://www.w3.org/ns/oa#"
SCHEMA = "https://schema.org/"


def key(r) -> tuple:
    """A result as comparable data: blank nodes have no stable names across engines."""
    blank = lambda s: "_:b" if (s or "").startswith("_:") else s  # noqa: E731
    return tuple(
        x or ""
        for x in (blank(r.focus_node), r.path, r.shape, r.constraint, r.severity, r.message, blank(r.value), r.graph)
    )


def fast(graph: Graph, name: str | None = None) -> list:
    return validate_nt([(nt(s), nt(p), nt(o)) for s, p, o in graph], graph=name)


def same(graph: Graph) -> int:
    reference = validate(graph)
    ours = fast(graph, reference.results[0].graph if reference.results else None)
    assert sorted(map(key, ours)) == sorted(map(key, reference.results))
    assert reference.conforms == (not any(r.severity == str(SH.Violation) for r in ours))
    return len(ours)


def test_every_shape_compiles():
    shapes = compile_shapes(load_shapes())
    assert len(shapes) >= 20


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.ttl")), ids=lambda p: p.stem)
def test_invalid_fixtures(path):
    assert same(Graph().parse(path, format="turtle")) > 0


@pytest.mark.parametrize("path", sorted(DECISIONS.glob("*.txt")), ids=lambda p: p.name)
def test_seed_decisions(path):
    same(decision_graph(parse_file(path)))


# --- injected faults ------------------------------------------------------------------------------


def _nodes(g: Graph, cls) -> list:
    return sorted(g.subjects(RDF.type, cls), key=str)


def _mutations(g: Graph, rng: random.Random) -> None:
    """Break the decision graph ``g`` in one of many ways, picked by ``rng``."""
    d = next(iter(_nodes(g, OMB.Decision)))
    evidence, remedies = _nodes(g, OMB.Evidence), _nodes(g, OMB.Remedy)
    amounts = _nodes(g, URIRef(SCHEMA + "MonetaryAmount"))
    pick = lambda xs: rng.choice(xs) if xs else d  # noqa: E731
    one = lambda s, p: g.value(s, p)  # noqa: E731
    choices = [
        lambda: g.remove((d, OMB.reference, None)),
        lambda: g.set((d, OMB.reference, Literal("20-007-812"))),
        lambda: g.add((d, OMB.decisionDate, Literal("2021-13-45", datatype=XSD.date))),
        lambda: g.set((d, OMB.decisionDate, Literal("1960-01-01", datatype=XSD.date))),
        lambda: g.set((d, OMB.decisionDate, Literal("17 May 2021"))),
        lambda: g.add((d, OMB.outcome, VOCAB["outcome/partly-upheld"])),
        lambda: g.set((d, OMB.outcome, VOCAB["outcome/upheld"])) or g.remove((d, OMB.fault, None)),
        lambda: g.remove((d, OMB.authority, None)),
        lambda: g.remove((one(d, OMB.authority), RDF.type, None)),
        lambda: g.set((one(d, OMB.sourceText), OMB.sha256, Literal("abc"))),
        lambda: g.set((d, OMB.summary, Literal(""))),
        lambda: g.set((d, OMB.summary, Literal("A summary", lang="en"))),
        lambda: g.add((d, OMB.category, Literal("Housing"))),
        lambda: g.set((d, OMB.totalPayment, Literal("-5", datatype=XSD.decimal))),
        lambda: g.set((d, OMB.ombudsmanPage, URIRef("http://example.org/x"))),
        lambda: g.remove((d, RDF.type, OMB.DecisionStatement)),
        lambda: g.add((d, RDF.type, OMB.InvestigationReport)),
        lambda: g.remove((pick(evidence), URIRef(OA + "hasSource"), None)),
        lambda: g.add((pick(evidence), OMB.paragraph, Literal("two"))),
        lambda: g.set((pick(evidence), OMB.paragraph, Literal(0))),
        lambda: g.set((one(pick(evidence), URIRef(OA + "hasSelector")), URIRef(OA + "start"), Literal(-1))),
        lambda: g.set(
            (one(pick(evidence), URIRef(OA + "hasSelector")), URIRef(OA + "exact"), Literal("not the words"))
        ),
        lambda: g.set(
            (one(pick(evidence), URIRef(OA + "hasSelector")), URIRef(OA + "end"), Literal("x", datatype=XSD.integer))
        ),
        lambda: g.remove((pick(remedies), OMB.remedyStatus, None)),
        lambda: g.set((pick(remedies), OMB.remedyType, VOCAB["remedy-type/hug"])),
        lambda: g.set((pick(amounts), URIRef(SCHEMA + "value"), Literal("0.00", datatype=XSD.decimal))),
        lambda: g.set((pick(amounts), URIRef(SCHEMA + "currency"), Literal("EUR"))),
        lambda: g.remove((pick(amounts), URIRef(SCHEMA + "value"), None)),
        lambda: g.add((BNode(), RDF.type, OMB.Fault)),
        lambda: g.add((d, OMB.citation, URIRef(str(d) + "/citation/99"))),
        lambda: g.add((pick(_nodes(g, OMB.Citation)), OMB.cites, Literal("s17"))),
        lambda: g.add((URIRef("https://example.org/act/1"), RDF.type, OMB.Provision)),
        lambda: g.set((pick(_nodes(g, OMB.ComplaintPoint)), OMB.pointNumber, Literal("1"))),
    ]
    for _ in range(rng.choice((1, 1, 2, 3))):
        rng.choice(choices)()


@pytest.fixture(scope="module")
def faulty() -> Graph:
    """A few hundred synthetic decisions, most broken somehow, as one data graph."""
    rng = random.Random(2024)
    decisions = []
    for i in range(205):
        g = synth.generate_one(21, i)
        if g.label.get("error"):
            continue
        decisions.append(parse_bytes(g.data, g.name, name=g.name))
    union = Graph()
    for d in decisions:
        g = decision_graph(d)
        if rng.random() < 0.85:
            _mutations(g, rng)
        for t in g:
            union.add(t)
    return union


def test_injected_faults_on_a_few_hundred_decisions(faulty):
    n = same(faulty)
    assert n > 200  # enough faults to mean something
    shapes = {r.shape for r in fast(faulty)}
    assert len(shapes) >= 25


# --- the store-wide path ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_validate_store_matches_pyshacl_graph_by_graph(kind, tmp_path):
    decisions = [parse_bytes(synth.generate_one(8, i).data, "x", name=f"{i}.txt") for i in range(6)]
    decisions = [d for d in decisions]
    ds = to_dataset(decisions)
    broken = decisions[0]
    g = ds.graph(URIRef(f"https://w3id.org/lgsco-kg/id/lgsco/decision/{broken.slug}"))
    g.remove((None, OMB.reference, None))
    store = MemoryStore() if kind == "memory" else OxigraphStore(tmp_path / "s")
    store.load_dataset(ds)
    reference = validate(store.dataset())
    for jobs in (1, 2):
        ours = validate_store(store, jobs=jobs)
        assert ours.conforms is reference.conforms is False
        assert ours.graphs == reference.graphs == 6
        assert [key(r) for r in ours.results] == [key(r) for r in reference.results]
    assert validate_store(store, engine="pyshacl").results == reference.results
    spread = validate_store(store, jobs=2, chunk_size=2)
    assert [key(r) for r in spread.results] == [key(r) for r in reference.results]
    store.close()
    if kind == "oxigraph":  # opened read-only, as `kg validate` opens it: the workers read the graphs themselves
        with OxigraphStore(tmp_path / "s", read_only=True) as reader:
            assert reader.shared_path() == str(tmp_path / "s")
            spread = validate_store(reader, jobs=2, chunk_size=2)
        assert [key(r) for r in spread.results] == [key(r) for r in reference.results]


def test_a_large_graph_sets_the_garbage_collector_aside_and_back(decisions_dir):
    """Above ``LARGE`` triples the cyclic collector waits while the graph is checked; it is on again after."""
    import gc

    from kg.validate.fast import LARGE

    graph = decision_graph(parse_file(decisions_dir / "lgsco-20-007-812.txt"))
    terms = [(nt(s), nt(p), nt(o)) for s, p, o in graph]
    copies = LARGE // len(terms) + 1  # the decision again and again, every node renamed: until the graph is large
    subjects = {s for s, _, _ in terms if s[0] == "<"}
    big = [tuple(f"{t[:-1]}-{i}>" if t in subjects else t for t in triple) for i in range(copies) for triple in terms]
    assert len(big) > LARGE and gc.isenabled()
    found = validate_nt(big)
    assert gc.isenabled()
    assert validate_nt(terms) == [] and found == []
