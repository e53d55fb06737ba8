"""The hand-edited ontology files agree with ``kg.vocab``, term for term."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

import kg.vocab
from kg.vocab import OMB, ONTOLOGY_IRI, SCHEMES, concept, scheme

OMB_NS = str(OMB._NS)
TERMS = set(OMB.__annotations__)


def ontology_dir() -> Path:
    """Where the ontology files live (to be replaced by ``kg.resources``)."""
    return Path(__file__).resolve().parents[1] / "ontology"


def _parse(name: str) -> Graph:
    path = ontology_dir() / name
    assert path.is_file(), f"{path} is missing"
    return Graph().parse(path, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return _parse("ontology.ttl")


@pytest.fixture(scope="module")
def vocabularies() -> Graph:
    return _parse("vocabularies.ttl")


def _diff_message(what: str, left_name: str, left: set, right_name: str, right: set) -> str:
    lines = [f"{what} disagree:"]
    if left - right:
        lines.append(f"  in {left_name} only: {', '.join(sorted(map(str, left - right)))}")
    if right - left:
        lines.append(f"  in {right_name} only: {', '.join(sorted(map(str, right - left)))}")
    return "\n".join(lines)


def _english(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str]:
    return [
        str(o)
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and o.language == "en" and str(o).strip()
    ]


# --- ontology.ttl ------------------------------------------------------------


def test_ontology_header(ontology: Graph) -> None:
    onto = URIRef(ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(onto, OWL.versionInfo) is not None
    for p in ("title", "description", "license", "created"):
        assert ontology.value(onto, URIRef("http://purl.org/dc/terms/" + p)) is not None, f"ontology lacks dcterms:{p}"
    assert str(ontology.value(onto, URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix"))) == "omb"


def test_ontology_declares_exactly_the_omb_terms(ontology: Graph) -> None:
    declared = {
        str(s)[len(OMB_NS) :] for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(OMB_NS)
    }
    mentioned = {
        str(t)[len(OMB_NS) :]
        for triple in ontology
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(OMB_NS)
    }
    assert declared == TERMS, _diff_message("omb: terms", "ontology.ttl", declared, "kg.vocab.OMB", TERMS)
    assert mentioned <= TERMS, f"ontology.ttl uses undeclared omb: terms: {sorted(mentioned - TERMS)}"


def test_every_term_is_typed_labelled_and_commented(ontology: Graph) -> None:
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
    problems = []
    for name in sorted(TERMS):
        term = OMB[name]
        types = set(ontology.objects(term, RDF.type)) & kinds
        if len(types) != 1:
            problems.append(f"omb:{name} has {len(types)} of owl:Class/ObjectProperty/DatatypeProperty")
        if not _english(ontology, term, RDFS.label):
            problems.append(f"omb:{name} has no English rdfs:label")
        if not _english(ontology, term, RDFS.comment):
            problems.append(f"omb:{name} has no English rdfs:comment")
        if ontology.value(term, RDFS.isDefinedBy) != URIRef(ONTOLOGY_IRI):
            problems.append(f"omb:{name} is not rdfs:isDefinedBy the ontology")
        if OWL.DatatypeProperty in types:
            rng = ontology.value(term, RDFS.range)
            if rng is None or not str(rng).startswith("http://www.w3.org/2001/XMLSchema#"):
                problems.append(f"omb:{name} is a datatype property without an xsd: range")
    assert not problems, "\n".join(problems)


def test_ontology_alignments(ontology: Graph) -> None:
    skos_ranged = ("category", "outcome", "findingKind", "faultType", "injusticeType", "remedyType", "remedyStatus")
    for name in skos_ranged:
        assert ontology.value(OMB[name], RDFS.range) == SKOS.Concept, f"omb:{name} should range over skos:Concept"
    for sub in (
        "Apology",
        "FinancialRemedy",
        "ServiceImprovement",
        "RecordCorrection",
        "Reconsideration",
        "OtherRemedy",
    ):
        assert (OMB[sub], RDFS.subClassOf, OMB.Remedy) in ontology
    for sub in ("DecisionStatement", "InvestigationReport"):
        assert (OMB[sub], RDFS.subClassOf, OMB.Decision) in ontology
    assert (OMB.cites, RDFS.subPropertyOf, URIRef("http://purl.org/spar/cito/cites")) in ontology
    assert (OMB.Evidence, RDFS.subClassOf, URIRef("http://www.w3.org/ns/oa#SpecificResource")) in ontology
    assert ontology.value(OMB.amount, RDFS.range) == URIRef("https://schema.org/MonetaryAmount")


# --- vocabularies.ttl --------------------------------------------------------


def test_concepts_match_kg_vocab(vocabularies: Graph) -> None:
    expected = {
        f"<{concept(name, key)}> {label!r}"
        for name, (_, concepts) in SCHEMES.items()
        for key, label in concepts.items()
    }
    found = set()
    for c in vocabularies.subjects(RDF.type, SKOS.Concept):
        labels = [o for o in vocabularies.objects(c, SKOS.prefLabel) if o.language == "en"]
        assert len(labels) == 1, f"{c} has {len(labels)} English skos:prefLabel"
        found.add(f"<{c}> {str(labels[0])!r}")
    assert found == expected, _diff_message(
        "concepts (IRI, prefLabel)", "vocabularies.ttl", found, "kg.vocab.SCHEMES", expected
    )


def test_schemes_match_kg_vocab(vocabularies: Graph) -> None:
    found = set(vocabularies.subjects(RDF.type, SKOS.ConceptScheme))
    expected = {scheme(name) for name in SCHEMES}
    assert found == expected, _diff_message("concept schemes", "vocabularies.ttl", found, "kg.vocab.SCHEMES", expected)
    for name, (label, concepts) in SCHEMES.items():
        s = scheme(name)
        assert str(vocabularies.value(s, SKOS.prefLabel)) == label
        for key in concepts:
            c = concept(name, key)
            assert (c, SKOS.inScheme, s) in vocabularies, f"{c} is not skos:inScheme {s}"
            top = (c, SKOS.topConceptOf, s) in vocabularies
            assert top == ((s, SKOS.hasTopConcept, c) in vocabularies), f"{c}: topConceptOf/hasTopConcept disagree"
            assert top == ("/" not in key), f"{c} should{' not' if '/' in key else ''} be a top concept"


def test_every_concept_has_a_definition(vocabularies: Graph) -> None:
    missing = [
        str(c) for c in vocabularies.subjects(RDF.type, SKOS.Concept) if not _english(vocabularies, c, SKOS.definition)
    ]
    assert not missing, f"concepts without an English skos:definition: {', '.join(sorted(missing))}"


def test_category_subconcepts_have_a_broader_top(vocabularies: Graph) -> None:
    problems = []
    for key in SCHEMES["category"][1]:
        if "/" not in key:
            continue
        top = concept("category", key.split("/")[0])
        broader = set(vocabularies.objects(concept("category", key), SKOS.broader))
        if broader != {top}:
            problems.append(f"category/{key}: skos:broader {sorted(map(str, broader))}, expected {top}")
    assert not problems, "\n".join(problems)


def _guidance_iris() -> set[URIRef]:
    """Every guidance IRI the parser can emit: vocabularies.ttl must describe each, and nothing else."""
    from kg.parse.citations import GUIDANCE_TITLES, guidance_iri

    return {URIRef(guidance_iri(t)) for t in GUIDANCE_TITLES}


def test_guidance_documents(vocabularies: Graph) -> None:
    found = set(vocabularies.subjects(RDF.type, OMB.GuidanceDocument))
    expected = _guidance_iris()
    assert found == expected, _diff_message("guidance documents", "vocabularies.ttl", found, "expected", expected)
    for doc in found:
        assert _english(vocabularies, doc, RDFS.label), f"{doc} has no English rdfs:label"
        assert vocabularies.value(doc, URIRef("http://purl.org/dc/terms/publisher")) is not None, (
            f"{doc} has no publisher"
        )


# --- context.jsonld ----------------------------------------------------------


def test_context_maps_every_omb_term() -> None:
    data = json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))
    ctx = data["@context"]
    assert ctx["omb"] == OMB_NS
    for prefix, iri in kg.vocab.PREFIXES.items():
        assert ctx.get(prefix) == iri, f"context maps prefix {prefix!r} to {ctx.get(prefix)!r}, not {iri!r}"
    missing = []
    for name in sorted(TERMS):
        entry = ctx.get(name)
        target = entry.get("@id") if isinstance(entry, dict) else entry
        if target not in (f"omb:{name}", OMB_NS + name):
            missing.append(name)
    assert not missing, f"context.jsonld lacks or mismaps omb terms: {', '.join(missing)}"


def test_context_types_object_properties(ontology: Graph) -> None:
    ctx = json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        if str(prop).startswith(OMB_NS):
            name = str(prop)[len(OMB_NS) :]
            assert isinstance(ctx[name], dict) and ctx[name].get("@type") == "@id", f"{name} should be '@type': '@id'"


# --- kg.vocab itself ---------------------------------------------------------


def test_closed_namespace_rejects_typos() -> None:
    with pytest.raises(AttributeError):
        OMB.Decison  # noqa: B018
    assert OMB.Decision == URIRef(ONTOLOGY_IRI + "#Decision")


def test_vocab_doctests() -> None:
    result = doctest.testmod(kg.vocab, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} doctest(s) of kg/vocab.py failed"
