"""Each way the fast SHACL engine was wrong (issue 20, "What is wrong today"), pinned on small shapes and data.

Every test here failed on the engine as it was (commit 5dfe430): it gave
results on valid data, missed them on invalid data, or crashed.  The
expected results follow the SHACL specification and the W3C test suite
(named where one covers the same ground).  Results are compared as
``(focus node, result path, source shape, constraint component, value)``,
IRIs relative to ``http://example.org/``.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import URIRef
from rdflib.namespace import SH

from kg.errors import ShapesError
from kg.validate.fast import compile_shapes, validate_nt
from kg.validate.shapes import load_shapes

EX = "http://example.org/"
PREFIXES = f"""
@prefix ex: <{EX}> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
"""


def check(tmp_path, shapes: str, data: str) -> list[tuple]:
    """The fast engine's results for ``data`` against ``shapes`` (both Turtle bodies, prefixes above)."""
    path = tmp_path / f"shapes-{len(list(tmp_path.iterdir()))}.ttl"  # load_shapes caches by path
    path.write_text(PREFIXES + shapes, encoding="utf-8")
    compiled = compile_shapes(load_shapes(str(path)))
    parsed = ox.parse((PREFIXES + data).encode("utf-8"), format=ox.RdfFormat.TURTLE)
    terms = [(str(t.subject), str(t.predicate), str(t.object)) for t in parsed]
    return sorted(
        (short(r.focus_node), short(r.path), short(r.shape), r.constraint.removeprefix(str(SH)), short(r.value))
        for r in validate_nt(terms, shapes=compiled)
    )


def short(text: str | None) -> str | None:
    return None if text is None else text.replace(EX, "ex:")


# --- sh:property inside a property shape: checked on each value node (W3C core/property/property-001)


def test_a_nested_property_shape_checks_each_value_node_not_the_focus_node(tmp_path):
    shapes = """
    ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
        sh:property [ sh:path ex:address ; sh:property ex:CityShape ] .
    ex:CityShape sh:path ex:city ; sh:class ex:City .
    """
    data = """
    ex:p1 a ex:Person ; ex:address ex:a1 .   ex:a1 ex:city ex:nowhere .
    ex:p2 a ex:Person ; ex:address ex:a2 .   ex:a2 ex:city ex:bath .   ex:bath a ex:City .
    """
    assert check(tmp_path, shapes, data) == [
        ("ex:a1", "ex:city", "ex:CityShape", "ClassConstraintComponent", "ex:nowhere")
    ]


# --- sh:sparql: $this pre-bound everywhere, $PATH substituted, ?path read (W3C sparql/pre-binding, sparql-001)


def test_this_is_pre_bound_in_inner_groups_and_in_bind(tmp_path):
    shapes = f"""
    ex:S a sh:NodeShape ; sh:targetNode ex:bad, ex:good ;
        sh:sparql [ sh:select "SELECT $this WHERE {{ {{ FILTER ($this = <{EX}bad>) }} }}" ] ;
        sh:sparql [ sh:select "SELECT $this ?x WHERE {{ BIND ($this AS ?x) FILTER (?x = <{EX}bad>) }}" ] ;
        sh:sparql [ sh:select "SELECT $this WHERE {{ FILTER (bound($this) && $this = <{EX}bad>) }}" ] .
    """
    assert (
        check(tmp_path, shapes, "ex:good ex:p 1 .")
        == [("ex:bad", None, "ex:S", "SPARQLConstraintComponent", "ex:bad")] * 3
    )


def test_path_is_substituted_with_the_property_shapes_path(tmp_path):
    shapes = """
    ex:S a sh:NodeShape ; sh:targetNode ex:good, ex:bad ;
        sh:property [ sh:path ex:label ; sh:sparql [ sh:select
            "SELECT $this ?value WHERE { $this $PATH ?value . FILTER (!isLiteral(?value) || lang(?value) != 'de') }" ] ] .
    """
    data = 'ex:good ex:label "Hallo"@de ; ex:other "x" .   ex:bad ex:label "Hello"@en .'
    found = [(f, p, c, v) for f, p, _, c, v in check(tmp_path, shapes, data)]
    assert found == [("ex:bad", "ex:label", "SPARQLConstraintComponent", '"Hello"@en')]


def test_a_selected_path_is_the_result_path(tmp_path):
    shapes = f"""
    ex:S a sh:NodeShape ; sh:targetNode ex:a ;
        sh:sparql [ sh:select "SELECT $this ?path ?value WHERE {{ $this ?path ?value . FILTER (?path = <{EX}label>) }}" ] .
    """
    data = 'ex:a ex:label "A" ; ex:name "B" .'
    assert check(tmp_path, shapes, data) == [("ex:a", "ex:label", "ex:S", "SPARQLConstraintComponent", '"A"')]


def test_two_sparql_constraints_over_different_predicates_are_both_checked(tmp_path):
    shapes = f"""
    ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
        sh:sparql [ sh:select "SELECT $this WHERE {{ FILTER NOT EXISTS {{ $this <{EX}name> ?n }} }}" ] ;
        sh:sparql [ sh:select "SELECT $this WHERE {{ FILTER NOT EXISTS {{ $this <{EX}age> ?a }} }}" ] .
    """
    data = 'ex:a a ex:Thing ; ex:name "A" .   ex:b a ex:Thing ; ex:age 3 .   ex:c a ex:Thing .'
    found = [f for f, *_ in check(tmp_path, shapes, data)]
    assert found == ["ex:a", "ex:b", "ex:c", "ex:c"]


@pytest.mark.parametrize(
    "body, word",
    [
        ("$this ?p ?o MINUS { $this ?p 1 }", "MINUS"),
        ("$this ?p ?o SERVICE <http://127.0.0.1:9/sparql> { ?a ?b ?c }", "SERVICE"),
        ("VALUES ?o { 1 } $this ?p ?o", "VALUES"),
        ("$this ?p ?o { SELECT ?o WHERE { ?s ?q ?o } }", "nested SELECT"),
        ("BIND (true AS $this)", "AS $this"),
    ],
)
def test_queries_the_spec_forbids_are_refused(tmp_path, body, word):
    shapes = f'ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:sparql [ sh:select "SELECT $this WHERE {{ {body} }}" ] .'
    with pytest.raises(ShapesError) as info:
        check(tmp_path, shapes, "ex:a ex:p 1 .")
    assert word.split()[-1].lstrip("$").upper() in str(info.value).upper()


# --- datatypes: XSD lexical spaces, ranges of the integer subtypes


@pytest.mark.parametrize(
    "literal, datatype, valid",
    [
        ('"300"^^xsd:byte', "xsd:byte", False),
        ('"-129"^^xsd:byte', "xsd:byte", False),
        ('"127"^^xsd:byte', "xsd:byte", True),
        ('"256"^^xsd:unsignedByte', "xsd:unsignedByte", False),
        ('"0"^^xsd:positiveInteger', "xsd:positiveInteger", False),
        ('"2021-05-17Z"^^xsd:date', "xsd:date", True),
        ('"2021-05-17+01:00"^^xsd:date', "xsd:date", True),
        ('"20210517"^^xsd:date', "xsd:date", False),
        ('"2021-02-29"^^xsd:date', "xsd:date", False),
        ('" 42 "^^xsd:integer', "xsd:integer", False),
        ('"1e3"^^xsd:decimal', "xsd:decimal", False),
    ],
)
def test_datatypes_follow_the_xsd_lexical_spaces(tmp_path, literal, datatype, valid):
    shapes = f"ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:v ; sh:datatype {datatype} ] ."
    found = check(tmp_path, shapes, f"ex:a ex:v {literal} .")
    assert (found == []) is valid, found


def test_an_ill_typed_value_breaks_a_value_range_too(tmp_path):
    """SPARQL cannot compare an ill-typed literal, so it fails sh:minInclusive (SHACL 4.3)."""
    shapes = "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:v ; sh:minInclusive 0 ] ."
    found = check(tmp_path, shapes, 'ex:a ex:v "500.00"^^xsd:integer .')
    assert [c for *_, c, _ in found] == ["MinInclusiveConstraintComponent"]


def test_unique_lang_needs_the_literal_true(tmp_path):
    """W3C core/property/uniqueLang-002: "1"^^xsd:boolean is not true (pySHACL gets this one wrong)."""
    shapes = (
        'ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:m ; sh:uniqueLang "{}"^^xsd:boolean ] .'
    )
    data = 'ex:a ex:m "HI"@en, "Hi"@en .'
    assert check(tmp_path, shapes.format("1"), data) == []
    assert [c for *_, c, _ in check(tmp_path, shapes.format("true"), data)] == ["UniqueLangConstraintComponent"]


# --- paths


def test_a_node_that_is_a_list_and_an_inverse_path_is_the_list(tmp_path):
    """W3C core/path/path-strange-001: the sequence is the path."""
    shapes = """
    ex:S a sh:PropertyShape ; sh:targetNode ex:j ; sh:class ex:C ;
        sh:path [ rdf:first ex:p ; rdf:rest ( ex:q ) ; sh:inversePath ex:p ] .
    """
    data = "ex:j ex:p ex:jp .   ex:jp ex:q ex:jpq .   ex:pi ex:p ex:j ."
    assert check(tmp_path, shapes, data) == [("ex:j", "<ex:p>/<ex:q>", "ex:S", "ClassConstraintComponent", "ex:jpq")]


def test_a_result_on_an_inverse_path_names_the_inverse_path(tmp_path):
    shapes = "ex:S a sh:NodeShape ; sh:targetNode ex:kid ; sh:property ex:P . ex:P sh:path [ sh:inversePath ex:child ] ; sh:minCount 2 ."
    assert check(tmp_path, shapes, "ex:mum ex:child ex:kid .") == [
        ("ex:kid", "^<ex:child>", "ex:P", "MinCountConstraintComponent", None)
    ]


# --- sh:prefixes through owl:imports


def test_prefixes_declared_by_an_imported_ontology_in_the_shapes_graph_are_used(tmp_path):
    """W3C sparql/node/prefixes-001."""
    shapes = f"""
    <{EX}onto> sh:declare [ sh:prefix "ex" ; sh:namespace "{EX}"^^xsd:anyURI ] .
    ex:Prefixes owl:imports <{EX}onto> .
    ex:S a sh:NodeShape ; sh:targetNode ex:a ;
        sh:sparql [ sh:prefixes ex:Prefixes ; sh:select "SELECT $this WHERE {{ $this ex:p ex:bad }}" ] .
    """
    assert [f for f, *_ in check(tmp_path, shapes, "ex:a ex:p ex:bad .")] == ["ex:a"]


def test_prefixes_left_to_an_import_outside_the_shapes_graph_are_refused_cleanly(tmp_path):
    shapes = """
    ex:Prefixes owl:imports <http://example.org/elsewhere> .
    ex:S a sh:NodeShape ; sh:targetNode ex:a ;
        sh:sparql [ sh:prefixes ex:Prefixes ; sh:select "SELECT $this WHERE { $this ex:p ex:bad }" ] .
    """
    with pytest.raises(ShapesError, match="'ex:'.*owl:import"):
        check(tmp_path, shapes, "ex:a ex:p ex:bad .")


def test_the_report_graph_writes_the_inverse_path(tmp_path):
    from kg.validate import validate_files

    (tmp_path / "s.ttl").write_text(
        PREFIXES + "ex:S a sh:NodeShape ; sh:targetNode ex:kid ; sh:property [ sh:path [ sh:inversePath ex:child ] ; "
        "sh:minCount 2 ] .",
        encoding="utf-8",
    )
    (tmp_path / "d.ttl").write_text(PREFIXES + "ex:mum ex:child ex:kid .", encoding="utf-8")
    report = validate_files([tmp_path / "d.ttl"], shapes=str(tmp_path / "s.ttl"), engine="fast")
    graph = report.to_graph()
    path = graph.value(next(graph.subjects(SH.focusNode, URIRef(EX + "kid"))), SH.resultPath)
    assert graph.value(path, SH.inversePath) == URIRef(EX + "child")
