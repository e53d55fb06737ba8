"""Every error a user meets exits with its class's status, raised by a real command on real input.

(HTTP statuses of the endpoint's errors are asserted in tests/test_serve.py; the table itself in
tests/test_architecture.py.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import errors
from kg.cli import main
from kg.store import OxigraphStore
from kg.validate import validate_store

CLOSED = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix omb: <https://w3id.org/lgsco-kg/ontology#> .
omb:Closed a sh:NodeShape ; sh:targetClass omb:ComplaintPoint ; sh:closed true .
"""


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory, decisions_dir) -> Path:
    path = tmp_path_factory.mktemp("errors") / "store"
    assert CliRunner().invoke(main, ["build", str(decisions_dir), "--store", str(path)]).exit_code == 0
    return path


def _exit(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


def test_parse_error_exits_2_naming_the_file(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, err = _exit(runner, "parse", "--json", str(empty))
    assert code == errors.ParseError.exit_code == 2 and str(empty) in err


def test_query_parameter_error_exits_2(runner, store):
    code, err = _exit(runner, "query", "decisions_by_outcome", "--store", str(store), "-p", "colour=red")
    assert code == errors.QueryParameterError.exit_code == 2 and "colour" in err


def test_sparql_syntax_error_exits_2(runner, store):
    code, err = _exit(runner, "sparql", "SELEC ?x WHERE { ?x ?p ?o }", "--store", str(store))
    assert code == errors.InputError.exit_code == 2 and "syntax" in err.lower()


def test_not_found_exits_3(runner, store, tmp_path):
    assert _exit(runner, "query", "no_such_query", "--store", str(store))[0] == errors.NotFoundError.exit_code == 3
    assert _exit(runner, "validate", "--store", str(tmp_path / "none"))[0] == 3
    assert _exit(runner, "similar", "99 999 999", "--store", str(store))[0] == 3


def test_store_error_exits_4_when_the_store_is_locked(runner, store, tmp_path):
    copy = tmp_path / "locked"
    shutil.copytree(store, copy)
    holder = OxigraphStore(copy)  # this process holds the write lock
    try:
        code, err = _exit(runner, "build", str(Path(__file__).parent / "corpus"), "--store", str(copy))
    finally:
        holder.close()
    assert code == errors.StoreError.exit_code == 4 and "locked" in err


def test_validation_failed_exits_1_with_its_report(store):
    with OxigraphStore(store, read_only=True) as s:
        report = validate_store(s, shapes=None)
        report.raise_for_violations()  # conforms: nothing raised
        closed = Path(store).parent / "closed.ttl"
        closed.write_text(CLOSED, encoding="utf-8")
        failing = validate_store(s, shapes=str(closed))
    with pytest.raises(errors.ValidationFailed) as info:
        failing.raise_for_violations()
    assert info.value.exit_code == 1 and info.value.http_status == 422 and "ComplaintPoint" in str(info.value)


def test_unsupported_shape_exits_1_when_the_fast_engine_is_demanded(store, tmp_path):
    closed = tmp_path / "closed.ttl"
    closed.write_text(CLOSED, encoding="utf-8")
    with OxigraphStore(store, read_only=True) as s, pytest.raises(errors.UnsupportedShape) as info:
        validate_store(s, shapes=str(closed), engine="fast")
    assert info.value.exit_code == 1 and "closed" in str(info.value)


def test_ill_formed_shapes_exit_2(store, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> . this is not turtle", encoding="utf-8")
    with OxigraphStore(store, read_only=True) as s, pytest.raises(errors.ShapesError) as info:
        validate_store(s, shapes=str(bad))
    assert info.value.exit_code == 2 and str(bad) in str(info.value)
