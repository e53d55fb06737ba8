"""What a hostile or unlucky build must survive (issue: hardening).

* a graph that violates the shapes is not loaded: counted, its violations printed, kept apart on request,
  and a valid graph stored for the decision before stays;
* statistics left stale by a build killed between its last commit and its statistics are repaired by the next;
* ``kg build`` killed with SIGKILL at moments spread over an incremental run, then run again, gives exactly
  the store a clean build gives, and leaves no worker process behind.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from kg import synth
from kg.build import build
from kg.cli import main
from kg.mapping import is_decision_graph
from kg.query import records, run
from kg.query.statistics import stale_marks, statistics_graph_iri
from kg.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]


class Stop(Exception):
    """Raised from the on_batch hook: the build stops right after a commit."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    synth.write_corpus(60, out, seed=41)
    return out


def _state(store) -> tuple[dict[str, set], set]:
    """The decision graphs with their quads, and the statistics graph's quads."""
    graphs = {g: set(store.quads(URIRef(g))) for g in store.graph_names() if is_decision_graph(g)}
    return graphs, set(store.quads(statistics_graph_iri()))


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory):
    store = OxigraphStore(tmp_path_factory.mktemp("clean") / "s")
    build([corpus], store, jobs=1)
    state = _state(store)
    store.close()
    return state


def test_a_graph_that_violates_the_shapes_is_not_loaded_and_the_old_one_stays(tmp_path, decisions_dir):
    folder = tmp_path / "in"
    folder.mkdir()
    seed = decisions_dir / "lgsco-20-007-812.txt"
    shutil.copy(seed, folder / seed.name)
    store = tmp_path / "store"
    shapes = tmp_path / "shapes.ttl"  # the project's shapes, and decisions dated before 2100
    shapes.write_text(
        (ROOT / "ontology" / "shapes.ttl").read_text(encoding="utf-8")
        + textwrap.dedent("""
        ombsh:Decision-in-this-century a sh:NodeShape ; sh:targetClass omb:Decision ;
          sh:property [ sh:path omb:decisionDate ; sh:maxExclusive "2100-01-01"^^xsd:date ;
                        sh:message "a decision date in the future" ] .
        """),
        encoding="utf-8",
    )
    runner = CliRunner()
    build = ["build", str(folder), "--store", str(store), "--shapes", str(shapes)]
    assert runner.invoke(main, build).exit_code == 0
    with OxigraphStore(store, read_only=True) as s:
        before = _state(s)[0]
    # the same decision, now with a date the shapes refuse (a decision date in the far future)
    text = seed.read_text(encoding="utf-8").replace("17 May 2021", "17 May 2921")
    (folder / seed.name).write_text(text, encoding="utf-8")
    kept = tmp_path / "invalid"
    result = runner.invoke(main, [*build, "--keep-invalid", str(kept)])
    assert result.exit_code == 1, result.output
    assert "invalid:" in result.stderr and "not loaded" in result.stderr and "violation:" in result.stderr
    assert "(1 decisions not loaded)" in result.stdout
    assert [p.name for p in kept.iterdir()] == ["20-007-812.nq"] and b"2921-05-17" in (
        kept / "20-007-812.nq"
    ).read_bytes()
    with OxigraphStore(store, read_only=True) as s:
        assert _state(s)[0] == before  # the valid graph stored before is still there, unchanged


@pytest.mark.parametrize("repair_by", ["build", "validate"])
def test_statistics_left_stale_by_a_killed_build_are_repaired_by_the_next(corpus, clean, tmp_path, repair_by):
    store = OxigraphStore(tmp_path / "s")

    def stop_after_the_last_batch(summary):
        if len(summary.built) + len(summary.skipped) >= 55:  # every decision committed, statistics not yet
            raise Stop

    with pytest.raises(Stop):
        build([corpus], store, jobs=1, batch_size=10, on_batch=stop_after_the_last_batch)
    assert len(stale_marks(store)) == 1 and not store.has_graph(str(statistics_graph_iri()))
    if repair_by == "validate":
        store.close()
        result = CliRunner().invoke(main, ["validate", "--store", str(tmp_path / "s")])
        assert result.exit_code == 0 and "repaired:" in result.stderr, result.output
        store = OxigraphStore(tmp_path / "s")
        assert stale_marks(store) == [] and _state(store) == clean
    summary = build([corpus], store, jobs=1)
    assert summary.built == [] and len(summary.skipped) == 60  # nothing to build, and yet ...
    assert stale_marks(store) == [] and _state(store) == clean  # ... the statistics are repaired
    rows = records(run(store, "provision_cocitation"))
    assert rows and all(r["decisions"] >= 1 for r in rows)
    store.close()


_KILLED_BUILD = """
import os, signal, sys
from kg.build import build
from kg.store import OxigraphStore

store_dir, corpus, when = sys.argv[1], sys.argv[2], int(sys.argv[3])

def descendants():
    kids = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            kids.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    out, todo = [], [os.getpid()]
    while todo:
        for kid in kids.get(todo.pop(), []):
            out.append(kid)
            todo.append(kid)
    return out

def kill(summary):
    if summary.batches == when:
        print(" ".join(map(str, descendants())), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

build([corpus], OxigraphStore(store_dir), jobs=2, batch_size=7, chunk_size=2, on_batch=kill)
"""


def _gone(pids: list[int], within: float = 30.0) -> list[int]:
    """The pids still alive after waiting up to ``within`` seconds for them to exit (a deadline, not a sleep)."""
    deadline = time.monotonic() + within
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if Path(f"/proc/{p}").exists() and "Z" not in _state_of(p)]
        if alive:
            time.sleep(0.05)
    return alive


def _state_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


@pytest.mark.parametrize(
    "when", [1, 3, 5]
)  # 30 new files, 7 a batch: early, middle, and the last (statistics not yet refreshed)
def test_a_build_killed_at_any_moment_completes_exactly_and_leaves_no_worker(corpus, clean, tmp_path, when):
    """An incremental build (half the corpus stored already) killed after its ``when``-th commit."""
    half = tmp_path / "half"
    half.mkdir()
    for path in sorted(corpus.iterdir())[:30]:
        shutil.copy(path, half / path.name)
    store_dir = tmp_path / "s"
    with OxigraphStore(store_dir) as s:
        build([half], s, jobs=1)
    incremental = tmp_path / "all"
    shutil.copytree(half, incremental)
    for path in sorted(corpus.iterdir())[30:]:
        shutil.copy(path, incremental / path.name)
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with out.open("w") as stdout, err.open("w") as stderr:  # files, not pipes: a lingering worker cannot hang us
        proc = subprocess.run(
            [sys.executable, "-c", _KILLED_BUILD, str(store_dir), str(incremental), str(when)],
            stdout=stdout,
            stderr=stderr,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    assert proc.returncode == -signal.SIGKILL, err.read_text()
    workers = [int(p) for p in out.read_text().split()]
    assert len(workers) >= 2  # the fork server and its workers were running when the build was killed
    assert _gone(workers) == []  # ... and none outlives it
    with OxigraphStore(store_dir) as s:
        build([incremental], s, jobs=2)
        # the files are named differently from the clean build's, but their content and references are the same
        assert _state(s) == clean and stale_marks(s) == []


def _cut(text: str) -> str:
    """The page as a browser saving it half-loaded would: stopped in the middle of its findings."""
    return text[: len(text) // 2]


@pytest.mark.parametrize("order", ["complete first", "cut first"])
def test_the_complete_copy_of_a_decision_wins_whatever_the_names_and_order(tmp_path, decisions_dir, order):
    seed = (decisions_dir / "lgsco-20-007-812.txt").read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    # file names sort the other way round in each case: the complete copy must win either way
    complete, cut = ("a.txt", "b.txt") if order == "complete first" else ("b.txt", "a.txt")
    (folder / complete).write_text(seed, encoding="utf-8")
    (folder / cut).write_text(_cut(seed), encoding="utf-8")
    for jobs in (1, 2):
        with OxigraphStore(tmp_path / f"s{jobs}") as s:
            summary = build([folder], s, jobs=jobs, batch_size=1)
            text = {str(o) for _, p, o, _ in s.quads() if str(p).endswith("#sha256")}
        assert not summary.failed and [f.source.endswith(cut) for f in summary.superseded] == [True]
        assert text == {hashlib.sha256(seed.encode()).hexdigest()}
    # across builds: a cut copy arriving later never replaces the complete one, and the complete one replaces a cut
    (folder / complete).unlink()
    with OxigraphStore(tmp_path / "later") as s:
        build([folder], s, jobs=1)
        (folder / complete).write_text(seed, encoding="utf-8")
        summary = build([folder], s, jobs=1)
        assert not summary.failed and any(f.source.endswith(cut) for f in summary.superseded)
        stored = {str(o) for _, p, o, _ in s.quads() if str(p).endswith("#sha256")}
    assert stored == {hashlib.sha256(seed.encode()).hexdigest()}


def test_two_complete_copies_that_differ_are_still_a_conflict(tmp_path, decisions_dir):
    seed = (decisions_dir / "lgsco-20-007-812.txt").read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(seed, encoding="utf-8")
    (folder / "b.txt").write_text(seed.replace("Wiltshire", "Wiltshyre", 1), encoding="utf-8")
    with OxigraphStore(tmp_path / "s") as s:
        summary = build([folder], s, jobs=1)
    assert [f.source.endswith("b.txt") for f in summary.failed] == [True] and "already read" in summary.failed[0].reason


def test_what_the_parser_notices_is_counted_in_the_build(tmp_path, decisions_dir):
    folder = tmp_path / "in"
    folder.mkdir()
    seed = (decisions_dir / "lgsco-20-007-812.txt").read_bytes()
    (folder / "bell.txt").write_bytes(seed.replace(b"Wiltshire Council (", b"Wiltshire\x07 Council (", 1))
    result = CliRunner().invoke(main, ["build", str(folder), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "; 1 warnings" in result.stdout  # the parser logs the warning itself, naming the file
