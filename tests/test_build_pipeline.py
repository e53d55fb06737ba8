"""The streaming build: same graphs as a plain loop, skips what is unchanged, resumes, replaces one graph.

Small synthetic corpora (kg.synth) keep these quick; one test starts real
worker processes, one kills a build process outright.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from kg import synth
from kg.build import build, iter_sources
from kg.build.manifest import FILE_NAME, Manifest
from kg.cli import main
from kg.errors import ParseError
from kg.mapping import decision_graph, decision_iri, is_decision_graph
from kg.parse import parse_file
from kg.query import list_queries, run
from kg.query.statistics import refresh as refresh_statistics
from kg.query.statistics import stale_marks
from kg.store import MemoryStore, OxigraphStore
from kg.synth.queries import sample_params

N = 26


class Stop(Exception):
    """Raised from the on_batch hook: the build 'crashes' right after a commit."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    synth.write_corpus(N - 2, out, seed=31)
    (out / "zz-empty.txt").write_bytes(b"")
    (out / "zz-binary.txt").write_bytes(bytes(range(256)) * 4)
    return out


def quads(store) -> set:
    return set(store.quads())


def by_graph(store) -> dict[str, set]:
    """The decision graphs and their quads (the statistics graph follows whatever they hold)."""
    return {g: set(store.quads(URIRef(g))) for g in store.graph_names() if is_decision_graph(g)}


def reference_store(corpus: Path) -> MemoryStore:
    """The graphs a plain loop gives: parse, map, replace_graph, one file at a time; then the statistics."""
    store = MemoryStore()
    for path in iter_sources([corpus]):
        try:
            d = parse_file(path)
        except ParseError:
            continue
        store.replace_graph(decision_iri(d), decision_graph(d))
    refresh_statistics(store)
    return store


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory):
    store = OxigraphStore(tmp_path_factory.mktemp("s") / "store")
    summary = build([corpus], store, jobs=1, batch_size=8)
    yield store, summary
    store.close()


def test_build_gives_the_graphs_a_plain_loop_gives(corpus, built):
    store, summary = built
    assert len(summary.built) + len(summary.failed) == N and summary.skipped == []
    reasons = {Path(f.source).name: f.reason for f in summary.failed}
    assert reasons["zz-empty.txt"].startswith("file is empty") and "binary" in reasons["zz-binary.txt"]
    assert summary.batches == 1  # an empty store: one load of every graph, however small batch_size is
    assert quads(store) == quads(reference_store(corpus))
    assert summary.triples_loaded == sum(len(q) for q in by_graph(store).values())
    assert len(Manifest(store.location / FILE_NAME)) == len(summary.built)


def test_a_build_in_batches_gives_the_same_store(corpus, built, tmp_path):
    with OxigraphStore(tmp_path / "s") as store:
        summary = build([corpus], store, jobs=1, batch_size=8, bulk=False)
        assert summary.batches == -(-len(summary.built) // 8) == 3
        assert quads(store) == quads(built[0])


def test_every_named_query_gives_the_same_answer_on_both_stores(corpus, built):
    store, _ = built
    memory = MemoryStore()
    build([corpus], memory, jobs=1)
    for q in list_queries():
        params = sample_params(q, store)
        assert run(store, q, params).rows == run(memory, q, params).rows, q.name


def test_parallel_build_matches_and_memory_stays_bounded(corpus, tmp_path):
    store = OxigraphStore(tmp_path / "p")
    summary = build([corpus], store, jobs=2, chunk_size=3, batch_size=5)
    assert quads(store) == quads(reference_store(corpus))
    assert summary.timings["parse_map"] > 0 and summary.timings["wall"] > 0
    store.close()


def test_rebuild_skips_unchanged_files(corpus, tmp_path):
    store = OxigraphStore(tmp_path / "s")
    first = build([corpus], store, jobs=1)
    before = quads(store)
    again = build([corpus], store, jobs=1)
    assert again.built == [] and len(again.skipped) == len(first.built)
    assert [f.source for f in again.failed] == [f.source for f in first.failed]  # bad files are tried again
    assert quads(store) == before
    forced = build([corpus], store, jobs=1, force=True)
    assert len(forced.built) == len(first.built) and quads(store) == before
    store.close()


def test_a_changed_file_replaces_its_graph_and_nothing_else(corpus, tmp_path):
    src = tmp_path / "c"
    shutil.copytree(corpus, src)
    store = OxigraphStore(tmp_path / "s")
    build([src], store, jobs=1)
    before = by_graph(store)
    path = next(p for p in sorted(src.glob("*.txt")) if "Agreed action" in p.read_text(errors="ignore"))
    d = parse_file(path)
    path.write_text(path.read_text().replace("Agreed action", "Agreed action\n\nNote added later.", 1))
    summary = build([src], store, jobs=1)
    assert summary.built == [str(path)] and len(summary.skipped) == len(before) - 1
    after = by_graph(store)
    changed = str(decision_iri(d))
    assert set(after) == set(before)
    assert after[changed] != before[changed]
    assert {g: q for g, q in after.items() if g != changed} == {g: q for g, q in before.items() if g != changed}
    expected = MemoryStore()
    expected.replace_graph(URIRef(changed), decision_graph(parse_file(path)))
    assert after[changed] == quads(expected)
    store.close()


def test_a_file_that_now_says_another_reference_drops_its_old_graph(corpus, tmp_path):
    src = tmp_path / "c"
    src.mkdir()
    path = src / "one.txt"
    shutil.copy(next(p for p in sorted(corpus.glob("*.txt")) if p.stat().st_size > 1000), path)
    old = parse_file(path).reference
    store = OxigraphStore(tmp_path / "s")
    build([src], store, jobs=1)
    path.write_text(path.read_text().replace(old, "99 999 999", 1))
    build([src], store, jobs=1)
    assert [g.rsplit("/", 1)[1] for g in by_graph(store)] == ["99-999-999"]
    store.close()


def test_same_reference_twice(corpus, tmp_path):
    src = tmp_path / "c"
    src.mkdir()
    first = next(p for p in sorted(corpus.glob("*.txt")) if p.stat().st_size > 1000)
    shutil.copy(first, src / "a.txt")
    shutil.copy(first, src / "b.txt")  # the same text twice: built once
    (src / "c.txt").write_text(first.read_text() + "\nA later correction.\n")  # same reference, other text
    store = OxigraphStore(tmp_path / "s")
    summary = build([src], store, jobs=1)
    assert summary.built == [str(src / "a.txt")] and summary.skipped == [str(src / "b.txt")]
    assert [f.source for f in summary.failed] == [str(src / "c.txt")]
    assert "already read from" in summary.failed[0].reason
    again = build([src / "c.txt"], store, jobs=1)  # another run: the manifest remembers a.txt
    assert "already" in again.failed[0].reason and len(by_graph(store)) == 1
    store.close()


def test_an_interrupted_build_resumes(corpus, tmp_path):
    store = OxigraphStore(tmp_path / "s")

    def crash(summary):
        if summary.batches == 2:
            raise Stop

    with pytest.raises(Stop):
        build([corpus], store, jobs=1, batch_size=6, on_batch=crash, bulk=False)
    committed = [g for g in store.graph_names() if is_decision_graph(g)]
    assert len(committed) == 12  # two batches, nothing of the third
    assert len(stale_marks(store)) == 1  # and the statistics are known to be out of date
    summary = build([corpus], store, jobs=1, batch_size=6)
    assert len(summary.skipped) == 12 and len(summary.built) == N - 12 - len(summary.failed)
    assert quads(store) == quads(reference_store(corpus))
    store.close()


def test_a_killed_build_process_resumes(corpus, tmp_path):
    """SIGKILL right after the second commit: RocksDB recovers, the manifest knows what was committed."""
    script = textwrap.dedent(f"""
        import os, signal
        from kg.build import build
        from kg.store import OxigraphStore
        store = OxigraphStore({str(tmp_path / "s")!r})
        def kill(summary):
            if summary.batches == 2:
                os.kill(os.getpid(), signal.SIGKILL)
        build([{str(corpus)!r}], store, jobs=1, batch_size=5, on_batch=kill, bulk=False)
    """)
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, env={**os.environ, "PYTHONPATH": os.getcwd()}
    )
    assert proc.returncode == -9, proc.stderr
    store = OxigraphStore(tmp_path / "s")
    assert len(by_graph(store)) == 10
    summary = build([corpus], store, jobs=1)
    assert len(summary.skipped) == 10
    assert quads(store) == quads(reference_store(corpus))
    store.close()


def test_cli_build_summary_and_rerun(corpus, tmp_path):
    args = ["build", str(corpus), "--store", str(tmp_path / "s"), "--jobs", "1"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 2, first.output  # the junk files failed
    assert "zz-empty.txt: file is empty" in first.output
    assert "skipped (unchanged)" in first.output and "decisions/s" in first.output
    second = CliRunner().invoke(main, args)
    assert "built 0 decisions" in second.output and "skipped (unchanged)" in second.output


def test_build_into_memory_needs_no_manifest(corpus):
    store = MemoryStore()
    summary = build([corpus], store, jobs=1)
    assert summary.built and quads(store) == quads(reference_store(corpus))
