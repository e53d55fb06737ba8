"""Bugs found in review of the build path, each pinned by a test (issue: the house).

* the fast SHACL engine skipped a shape's second ``sh:sparql`` constraint over other predicates;
* the build had no pySHACL fallback for shapes the fast engine does not compile (``sh:closed``);
* the build fingerprint missed files that change the output;
* money went through floats in JSON.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.build.manifest import builder_files, builder_fingerprint
from kg.cli import main
from kg.errors import UnsupportedShape
from kg.jsontext import loads
from kg.store import MemoryStore
from kg.validate import choose, validate
from kg.validate.fast import compile_shapes, validate_nt
from kg.validate.shapes import load_shapes

KG = Path(__file__).resolve().parents[1] / "kg"
EX = "http://example.org/"

TWO_SPARQL = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <{EX}> .
ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:sparql [ sh:message "no name" ;
              sh:select "SELECT $this WHERE {{ FILTER NOT EXISTS {{ $this <{EX}name> ?n }} }}" ] ;
  sh:sparql [ sh:message "no age" ;
              sh:select "SELECT $this WHERE {{ FILTER NOT EXISTS {{ $this <{EX}age> ?a }} }}" ] .
"""


def _shapes(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "shapes.ttl"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_shape_with_two_sparql_constraints_over_different_predicates_checks_both(tmp_path):
    shapes = compile_shapes(load_shapes(str(_shapes(tmp_path, TWO_SPARQL))))
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    named = [(f"<{EX}a>", rdf_type, f"<{EX}Thing>"), (f"<{EX}a>", f"<{EX}name>", '"A"')]
    aged = [(f"<{EX}b>", rdf_type, f"<{EX}Thing>"), (f"<{EX}b>", f"<{EX}age>", '"3"')]
    assert [r.message for r in validate_nt(named, shapes=shapes)] == ["no age"]
    assert [r.message for r in validate_nt(aged, shapes=shapes)] == ["no name"]
    assert sorted(r.message for r in validate_nt(named[:1], shapes=shapes)) == ["no age", "no name"]


CLOSED = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix omb: <https://w3id.org/lgsco-kg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
omb:ClosedComplaintPoint a sh:NodeShape ; sh:targetClass omb:ComplaintPoint ;
  sh:closed true ; sh:ignoredProperties ( rdf:type ) ;
  sh:message "a complaint point holds nothing but its type here" .
"""


def test_the_build_hands_shapes_the_fast_engine_cannot_run_to_pyshacl(tmp_path, decisions_dir):
    shapes = _shapes(tmp_path, CLOSED)
    assert choose("auto", str(shapes)) == "pyshacl"
    with pytest.raises(UnsupportedShape):
        choose("fast", str(shapes))
    expected = sum(len(validate(g, shapes=load_shapes(str(shapes))).violations) for g in _graphs(decisions_dir))
    assert expected > 0
    for jobs in (1, 2):  # in this process, and in worker processes (a broken pool before)
        summary = build([decisions_dir], MemoryStore(), shapes=shapes, jobs=jobs)
        assert len(summary.invalid) == 2 and not summary.failed  # both break these shapes, so neither is loaded
        assert len(summary.violations) == expected
        assert all("complaint point holds nothing" in v for v in summary.violations)


def _graphs(folder: Path):
    from kg.mapping import decision_graph
    from kg.parse import parse_file

    return [decision_graph(parse_file(p)) for p in sorted(folder.glob("*.txt"))]


def test_kg_build_refuses_an_unknown_engine_or_broken_shapes_before_reading_files(tmp_path, decisions_dir):
    broken = _shapes(tmp_path, "this is not turtle @@@")
    runner = CliRunner()
    with pytest.raises(Exception) as info:
        build([decisions_dir], MemoryStore(), shapes=broken)
    assert type(info.value).__name__ == "ShapesError" and info.value.exit_code == 2
    with pytest.raises(Exception) as info:
        build([decisions_dir], MemoryStore(), engine="fastest")
    assert info.value.exit_code == 2 and "fastest" in str(info.value)
    assert runner.invoke(main, ["parse", "--json", str(broken)]).exit_code == 2  # and parse still names the file


def test_the_fingerprint_changes_with_every_file_that_changes_the_output(tmp_path):
    copy = tmp_path / "kg"
    shutil.copytree(KG, copy, ignore=shutil.ignore_patterns("__pycache__"))
    shapes = copy.parent / "shapes.ttl"
    shutil.copy(KG.parent / "ontology" / "shapes.ttl", shapes)
    base = builder_fingerprint.__wrapped__(str(shapes), copy)
    for path in builder_files(copy):
        original = path.read_bytes()
        path.write_bytes(original + b"\n# changed\n")
        assert builder_fingerprint.__wrapped__(str(shapes), copy) != base, path
        path.write_bytes(original)
    shapes.write_bytes(shapes.read_bytes() + b"\n# changed\n")
    assert builder_fingerprint.__wrapped__(str(shapes), copy) != base
    assert builder_fingerprint.__wrapped__(None, KG) == builder_fingerprint()


_TRACE = """
import sys
from kg.build.worker import Settings, process_file
ran = set()
def profile(frame, event, arg):
    if event == "call":
        ran.add(frame.f_code.co_filename)
sys.setprofile(profile)
item = process_file(sys.argv[1], None, Settings())
sys.setprofile(None)
assert item.status == "built", item.reason
print("\\n".join(sorted(ran)))
"""


def test_the_fingerprint_covers_every_module_whose_code_builds_a_file(decisions_dir):
    """Whatever runs while a worker turns a file into a graph and its verdict must be fingerprinted."""
    seed = decisions_dir / "lgsco-20-007-812.txt"
    ran = subprocess.run([sys.executable, "-c", _TRACE, str(seed)], capture_output=True, text=True, check=True)
    ours = {Path(f).resolve() for f in ran.stdout.split() if Path(f).resolve().is_relative_to(KG)}
    assert len(ours) > 10  # the trace saw the parser, the mapping and the validator
    assert sorted(str(p.relative_to(KG)) for p in ours - set(builder_files(KG))) == []


def test_money_is_printed_exactly_with_two_places(decisions_dir):
    result = CliRunner().invoke(main, ["parse", "--json", str(decisions_dir / "lgsco-20-007-812.txt")])
    line = result.stdout.strip()
    assert '"payments_gbp": [300.00, 500.00]' in line and '"total_payment_gbp": 800.00' in line
    facts = loads(line)
    assert facts["payments_gbp"] == [Decimal("300.00"), Decimal("500.00")]
    assert json.loads(line)["total_payment_gbp"] == 800  # plain JSON readers get the number


def test_query_json_keeps_decimals_exact(tmp_path, decisions_dir):
    store = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(decisions_dir), "--store", str(store)]).exit_code == 0
    out = runner.invoke(main, ["query", "total_payments_by_authority", "--store", str(store), "--format", "json"])
    assert out.exit_code == 0, out.output
    assert '"totalGbp": 800.00' in out.stdout
