"""``kg validate``: RDF files in every format kg reads, a store, engines, the standard report, exit statuses."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SH

from kg.cli import main
from kg.mapping import decision_graph, to_dataset
from kg.parse import parse_file
from kg.vocab import OMB

CLOSED = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix omb: <https://w3id.org/lgsco-kg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
omb:ClosedAuthority a sh:NodeShape ; sh:targetClass omb:Authority ;
  sh:closed true ; sh:ignoredProperties ( rdf:type ) ; sh:message "an authority holds nothing but its type here" .
omb:NamedAuthority a sh:NodeShape ; sh:targetClass omb:Authority ;
  sh:property [ sh:path <http://www.w3.org/2000/01/rdf-schema#label> ; sh:maxLength 3 ] .
"""


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def seeds(decisions_dir) -> list:
    return [parse_file(p) for p in sorted(decisions_dir.glob("*.txt"))]


def broken(decision) -> Graph:
    g = decision_graph(decision)
    g.remove((None, OMB.reference, None))
    return g


@pytest.mark.parametrize("suffix, fmt", [(".ttl", "turtle"), (".nt", "nt"), (".rdf", "xml"), (".jsonld", "json-ld")])
def test_a_valid_decision_conforms_in_every_triples_format(runner, tmp_path, seeds, suffix, fmt):
    path = tmp_path / f"d{suffix}"
    decision_graph(seeds[0]).serialize(path, format=fmt, encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "conforms: 1 graph(s) validated" in result.stdout
    assert "engines: the fast engine checked" in result.stdout


def test_violations_exit_1_and_name_the_shape(runner, tmp_path, seeds):
    path = tmp_path / "d.ttl"
    broken(seeds[0]).serialize(path, format="turtle")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "[shape ombsh:Decision-reference]" in result.stdout


def test_each_named_graph_of_a_quads_file_is_a_data_graph(runner, tmp_path, seeds):
    ds = to_dataset(seeds)
    bad = broken(seeds[1])
    ds.remove_graph(ds.graph(bad.identifier))
    target = ds.graph(bad.identifier)
    for t in bad:
        target.add(t)
    path = tmp_path / "d.trig"
    ds.serialize(path, format="trig")
    result = runner.invoke(main, ["validate", "--format", "json", str(path)])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["graphs"] == 2
    assert {r["graph"] for r in report["results"] if r["severity"].endswith("Violation")} == {str(bad.identifier)}


def test_format_ttl_is_one_standard_validation_report(runner, tmp_path, seeds):
    path = tmp_path / "d.nt"
    broken(seeds[0]).serialize(path, format="nt", encoding="utf-8")
    result = runner.invoke(main, ["validate", "--format", "ttl", str(path)])
    assert result.exit_code == 1
    report = Graph().parse(data=result.stdout, format="turtle")
    [head] = report.subjects(RDF.type, SH.ValidationReport)
    assert report.value(head, SH.conforms).toPython() is False
    results = list(report.objects(head, SH.result))
    wanted = [r for r in results if report.value(r, SH.sourceShape) == URIRef(OMB_SHAPES + "Decision-reference")]
    assert len(wanted) == 1
    for prop in (SH.focusNode, SH.resultPath, SH.sourceConstraintComponent, SH.resultSeverity, SH.resultMessage):
        assert report.value(wanted[0], prop) is not None, prop
    assert report.value(wanted[0], SH.resultPath) == OMB.reference


OMB_SHAPES = "https://w3id.org/lgsco-kg/shapes#"


def test_bad_input_and_ill_formed_shapes_exit_2(runner, tmp_path, seeds):
    good = tmp_path / "d.ttl"
    decision_graph(seeds[0]).serialize(good, format="turtle")
    (tmp_path / "bad.ttl").write_text("this is not turtle @@", encoding="utf-8")
    (tmp_path / "d.csv").write_text("a,b\n", encoding="utf-8")
    forbidden = tmp_path / "minus.ttl"
    forbidden.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . <urn:S> a sh:NodeShape ; sh:targetNode <urn:a> ; "
        'sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o MINUS { $this ?p 1 } }" ] .',
        encoding="utf-8",
    )
    for args, says in [
        ([str(tmp_path / "bad.ttl")], "bad.ttl"),
        ([str(tmp_path / "missing.ttl")], "missing.ttl"),
        ([str(tmp_path / "d.csv")], "suffix"),
        (["--shapes", str(tmp_path / "bad.ttl"), str(good)], "cannot read SHACL shapes"),
        (["--shapes", str(forbidden), str(good)], "MINUS"),
        ([], "give RDF files"),
        (["--store", str(tmp_path), str(good)], "not both"),
    ]:
        result = runner.invoke(main, ["validate", *args])
        assert result.exit_code == 2, (args, result.output)
        assert says in result.stderr, (args, result.stderr)


def test_shapes_the_fast_engine_cannot_run_go_to_pyshacl_one_by_one(runner, tmp_path, seeds):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(CLOSED, encoding="utf-8")
    data = tmp_path / "d.ttl"
    decision_graph(seeds[0]).serialize(data, format="turtle")
    result = runner.invoke(main, ["validate", "--format", "json", "--shapes", str(shapes), str(data)])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    engines = {e["shape"].rsplit("#")[-1].rstrip(">"): e["engine"] for e in report["engines"]}
    assert engines == {"ClosedAuthority": "pyshacl", "NamedAuthority": "fast"}
    by_engine = {(r["constraint"].rsplit("#")[-1], r["engine"]) for r in report["results"]}
    assert by_engine == {("ClosedConstraintComponent", "pyshacl"), ("MaxLengthConstraintComponent", "fast")}
    fast_only = runner.invoke(main, ["validate", "--engine", "fast", "--shapes", str(shapes), str(data)])
    assert fast_only.exit_code == 2 and "ClosedAuthority" in fast_only.stderr
    args = ["validate", "--engine", "pyshacl", "--format", "json", "--shapes", str(shapes), str(data)]
    reference = json.loads(runner.invoke(main, args).stdout)["results"]
    key = lambda r: (r["focus_node"], r["path"], r["shape"], r["constraint"], r["value"])  # noqa: E731
    assert sorted(map(key, report["results"])) == sorted(map(key, reference))  # each shape checked once


def test_validate_store_keeps_its_output_and_takes_engine_and_shapes(runner, tmp_path, decisions_dir):
    store = tmp_path / "store"
    assert runner.invoke(main, ["build", str(decisions_dir), "--store", str(store)]).exit_code == 0
    plain = runner.invoke(main, ["validate", "--store", str(store)])
    assert plain.exit_code == 0
    assert plain.stdout == "conforms: 2 graph(s) validated, no violations\n"
    assert "engines: the fast engine checked" in plain.stderr
    slow = runner.invoke(main, ["validate", "--store", str(store), "--engine", "pyshacl", "--format", "json"])
    assert slow.exit_code == 0 and json.loads(slow.stdout)["conforms"] is True
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(CLOSED, encoding="utf-8")
    strict = runner.invoke(main, ["validate", "--store", str(store), "--shapes", str(shapes), "--format", "ttl"])
    assert strict.exit_code == 1
    report = Graph().parse(data=strict.stdout, format="turtle")
    assert len(set(report.objects(None, SH.result))) >= 2


def test_a_dataset_in_json_ld_is_read_graph_by_graph(runner, tmp_path, seeds):
    ds: Dataset = to_dataset(seeds)
    path = tmp_path / "d.jsonld"
    ds.serialize(path, format="json-ld")
    result = runner.invoke(main, ["validate", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["graphs"] == 2


def test_a_shape_without_a_message_says_which_constraint_failed_and_the_summary_names_its_file(runner, tmp_path, seeds):
    shapes = tmp_path / "mine.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix omb: <https://w3id.org/lgsco-kg/ontology#> .\n"
        "<urn:x:S> a sh:NodeShape ; sh:targetClass omb:Decision ;\n"
        "  sh:property [ sh:path omb:nonesuch ; sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    data = tmp_path / "d.ttl"
    decision_graph(seeds[0]).serialize(data, format="turtle")
    for engine in ("fast", "pyshacl"):
        result = runner.invoke(main, ["validate", "--engine", engine, "--shapes", str(shapes), str(data)])
        assert result.exit_code == 1, result.output
        first, summary = result.stdout.splitlines()[:2]
        assert first.startswith(f"{seeds[0].reference.replace(' ', '-')}: ")
        assert "(no message)" not in first and "nonesuch" in first  # pySHACL writes a message of its own
        if engine == "fast":
            assert "sh:MinCountConstraintComponent on <https://w3id.org/lgsco-kg/ontology#nonesuch>" in first
        assert summary.endswith(f"see {shapes} for the shapes in brackets")
        assert "ontology/shapes.ttl" not in result.stdout
