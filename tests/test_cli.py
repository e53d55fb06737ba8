"""The `kg` command line, run in-process with click's runner on real files and a real Oxigraph store."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.resources import data_dir

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def mixed_dir(tmp_path: Path, decisions_dir: Path) -> Path:
    """The two seeds beside one file of each kind of bad input."""
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in decisions_dir.glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    (folder / "latin1.txt").write_bytes("Wiltshire Council (21 000 001)\n\nCaf\u00e9 ".encode("latin-1"))
    (folder / "noref.txt").write_text("The complaint\n\n  1. Someone complains.\n", encoding="utf-8")
    return folder


def test_parse_json_gives_one_object_per_decision(runner, decisions_dir):
    result = runner.invoke(main, ["parse", "--json", *map(str, sorted(decisions_dir.glob("*.txt")))])
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["reference"] for o in objects] == ["20 003 932", "20 007 812"]
    for o in objects:
        for field in (
            "reference",
            "authority",
            "category",
            "subcategory",
            "outcome",
            "decision_date",
            "complainant",
            "fault_found",
            "injustice_found",
            "apology",
            "payments_gbp",
            "total_payment_gbp",
            "statutes",
            "guidance",
            "complaint_points",
            "findings",
            "remedies",
        ):
            assert field in o, field
        assert all(set(s) >= {"act", "provision", "iri", "text"} for s in o["statutes"])


def test_parse_reports_each_bad_file_and_goes_on(runner, mixed_dir):
    result = runner.invoke(main, ["parse", "--json", str(mixed_dir)])
    assert result.exit_code == 2
    assert len(result.stdout.splitlines()) == 2  # both good files still parsed
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 4
    reasons = {Path(line.split(": ")[1]).name: line for line in errors}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "no decision reference" in reasons["noref.txt"]


def test_build_keeps_good_files_and_names_bad_ones(runner, mixed_dir, tmp_path):
    store = tmp_path / "store"
    result = runner.invoke(main, ["build", str(mixed_dir), "--store", str(store)])
    assert result.exit_code != 0
    bad = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert sorted(Path(line.split(": ")[1]).name for line in bad) == [
        "binary.txt",
        "empty.txt",
        "latin1.txt",
        "noref.txt",
    ]
    listing = runner.invoke(main, ["query", "decisions_by_outcome", "--store", str(store), "--format", "json"])
    assert listing.exit_code == 0, listing.output
    assert sorted(r["reference"] for r in json.loads(listing.stdout)) == ["20 003 932", "20 007 812"]


def test_a_bad_copy_never_replaces_what_is_stored(runner, decisions_dir, tmp_path):
    store = tmp_path / "store"
    assert runner.invoke(main, ["build", str(decisions_dir), "--store", str(store)]).exit_code == 0
    before = runner.invoke(
        main, ["query", "decision_summary", "--store", str(store), "-p", "reference=20 007 812", "--format", "json"]
    )
    broken = tmp_path / "lgsco-20-007-812.txt"
    broken.write_bytes((decisions_dir / "lgsco-20-007-812.txt").read_bytes()[:500] + b"\xff\xfe")
    result = runner.invoke(main, ["build", str(broken), "--store", str(store)])
    assert result.exit_code != 0 and "UTF-8" in result.stderr
    after = runner.invoke(
        main, ["query", "decision_summary", "--store", str(store), "-p", "reference=20 007 812", "--format", "json"]
    )
    assert json.loads(after.stdout) == json.loads(before.stdout)


def test_same_reference_with_different_text_is_refused(runner, decisions_dir, tmp_path):
    folder = tmp_path / "dup"
    folder.mkdir()
    text = (decisions_dir / "lgsco-20-007-812.txt").read_text(encoding="utf-8")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(text.replace("Ms X", "Ms Y"), encoding="utf-8")
    result = runner.invoke(main, ["build", str(folder), "--store", str(tmp_path / "s")])
    assert result.exit_code != 0
    assert re.search(r"b\.txt: reference 20 007 812 was already read from .*a\.txt", result.stderr)


def test_query_validate_export_on_a_built_store(runner, decisions_dir, tmp_path):
    store = tmp_path / "store"
    assert runner.invoke(main, ["build", str(decisions_dir), "--store", str(store)]).exit_code == 0
    assert runner.invoke(main, ["validate", "--store", str(store)]).exit_code == 0
    out = runner.invoke(main, ["query", "total_payments_by_authority", "--store", str(store), "--format", "csv"])
    assert out.exit_code == 0 and "Wiltshire Council" in out.stdout and "800" in out.stdout
    bad = runner.invoke(main, ["query", "remedies_of_decision", "--store", str(store)])
    assert bad.exit_code == 2 and "reference" in bad.stderr
    unknown = runner.invoke(main, ["query", "no_such_query", "--store", str(store)])
    assert unknown.exit_code == 3 and "decisions_by_outcome" in unknown.stderr
    target = tmp_path / "all.nq"
    assert runner.invoke(main, ["export", "--store", str(store), "--format", "nq", "-o", str(target)]).exit_code == 0
    assert target.stat().st_size > 10_000


def test_missing_store_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(main, ["query", "decisions_by_outcome", "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 3
    assert "kg build" in result.stderr


def _commands(group, prefix=""):
    for name, command in sorted(group.commands.items()):
        yield f"{prefix}{name}"
        if hasattr(command, "commands"):
            yield from _commands(command, f"{prefix}{name} ")


def test_every_command_is_documented_in_the_readme():
    readme = README.read_text(encoding="utf-8")
    missing = [c for c in _commands(main) if f"kg {c}" not in readme]
    assert not missing, f"commands not shown in README.md: {missing}"


@pytest.mark.parametrize("group", [[], ["graph"]])
def test_the_list_of_commands_in_help_cuts_no_summary_short(group):
    """`kg --help` (and `kg graph --help`) on an 80-column terminal: each command's line is a whole summary."""
    result = CliRunner().invoke(main, [*group, "--help"], env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0, result.output
    commands = result.output.split("Commands:\n", 1)[1].splitlines()
    assert len(commands) >= 6 and all(line.startswith("  ") and len(line) <= 80 for line in commands)
    cut = [line.strip() for line in commands if line.rstrip().endswith("...")]
    assert not cut, f"summaries cut short (give the command a short_help): {cut}"


def test_data_dir_holds_the_seeds_unchanged():
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for seed in seeds.glob("*.txt"):
        assert (data_dir() / "decisions" / seed.name).read_bytes() == seed.read_bytes()
