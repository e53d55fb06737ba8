"""One bulk load fills an empty store (issue 16): the same store as batches, all or nothing, nothing left behind.

The 2,000-decision comparison is the issue's acceptance test: the one load
and the batch method (each committed) give the same quads, manifest rows and
search index.  Decisions have no blank nodes, so equal quad sets are
isomorphic datasets.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from kg import synth
from kg.build import build
from kg.build.manifest import FILE_NAME, Manifest
from kg.errors import StoreError
from kg.mapping import is_decision_graph
from kg.query.statistics import stale_marks
from kg.search import SearchIndex
from kg.store import OxigraphStore
from kg.store.stream import StreamLoad

ROOT = Path(__file__).resolve().parent.parent
QUAD = b'<http://e/s> <http://e/p> "%d" <http://e/g> .\n'


class Stop(Exception):
    pass


def _rows(location: Path) -> set[tuple]:
    """The manifest's rows without the time each was written."""
    with sqlite3.connect(location / FILE_NAME) as db:
        return set(
            db.execute("SELECT path, sha256, reference, graph, base, builder, violations, completeness FROM files")
        )


def _docs(location: Path) -> list[tuple]:
    with SearchIndex(location / "kg-search.sqlite", read_only=True) as index:
        return sorted(index.db.execute("SELECT graph, reference, outcome, total_pence, summary FROM docs"))


def _first(corpus: Path, count: int, folder: Path) -> Path:
    """A folder holding the first ``count`` decisions of ``corpus`` (hard links, no copies)."""
    folder.mkdir()
    for path in sorted(corpus.glob("*.txt"))[:count]:
        os.link(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("c2000")
    synth.write_corpus(2000, out, seed=16)
    return out


def test_one_load_and_batches_give_the_same_store_on_2000_decisions(big, tmp_path):
    with OxigraphStore(tmp_path / "one") as one:
        first = build([big], one, jobs=2)
        one_quads = set(one.quads())
    with OxigraphStore(tmp_path / "batches") as batches:
        second = build([big], batches, jobs=2, batch_size=500, bulk=False)  # the method before: batches, each committed
        batch_quads = set(batches.quads())
    assert first.batches == 1 and second.batches == 4
    assert len(first.built) == len(second.built) > 1950 and sorted(first.built) == sorted(second.built)
    assert one_quads == batch_quads and len(one_quads) == first.triples_loaded + len(
        [q for q in one_quads if not is_decision_graph(str(q[3]))]
    )
    assert _rows(tmp_path / "one") == _rows(tmp_path / "batches") and len(_rows(tmp_path / "one")) == len(first.built)
    assert _docs(tmp_path / "one") == _docs(tmp_path / "batches")


def test_a_build_stopped_before_the_load_commits_leaves_the_store_empty(big, tmp_path):
    folder = _first(big, 120, tmp_path / "in")
    seen = []

    def stop(path: Path) -> None:
        seen.append(path)
        if len(seen) == 100:  # three batches of 32 were written to the load already
            raise Stop

    store = OxigraphStore(tmp_path / "s")
    with pytest.raises(Stop):
        build([folder], store, jobs=1, progress=stop)
    assert len(store) == 0 and store.graph_names() == [] and stale_marks(store) == []
    assert len(Manifest(tmp_path / "s" / FILE_NAME)) == 0 and _docs(tmp_path / "s") == []
    summary = build([folder], store, jobs=1)  # the next build starts again, and it is a fresh one load again
    assert summary.batches == 1 and len(summary.built) + len(summary.failed) == 120 and summary.skipped == []
    store.close()


def test_a_fresh_build_killed_mid_load_leaves_an_empty_store_the_next_build_fills(big, tmp_path):
    folder = _first(big, 90, tmp_path / "in")
    script = textwrap.dedent(f"""
        import os, signal
        from kg.build import build
        from kg.store import OxigraphStore
        seen = []
        def kill(path):
            seen.append(path)
            if len(seen) == 80:
                os.kill(os.getpid(), signal.SIGKILL)
        build([{str(folder)!r}], OxigraphStore({str(tmp_path / "s")!r}), jobs=1, progress=kill)
    """)
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    assert proc.returncode == -9, proc.stderr
    with OxigraphStore(tmp_path / "s") as store:
        assert len(store) == 0 and list((tmp_path / "s").glob("bulk-*.sst")) == []
        assert list((tmp_path / "s").glob("kg-load-*")) == []  # the pipe the killed build read from
        summary = build([folder], store, jobs=1)
        assert summary.batches == 1 and summary.skipped == [] and len(summary.built) > 80
        with OxigraphStore(tmp_path / "again") as other:
            build([folder], other, jobs=1, bulk=False)
            assert set(store.quads()) == set(other.quads())


class _StopsWhileMerging(OxigraphStore):
    """A store whose merge is interrupted (Ctrl-C) while the search index is being written beside it."""

    def compact(self) -> None:
        raise KeyboardInterrupt


def test_the_index_is_written_beside_the_merge_and_an_interrupted_merge_keeps_the_store(big, tmp_path):
    folder = _first(big, 300, tmp_path / "in")
    with OxigraphStore(tmp_path / "whole") as whole:
        build([folder], whole, jobs=1)
        quads = set(whole.quads())
    expected = _docs(tmp_path / "whole")
    assert len(expected) > 290  # the index was written beside the merge, in full
    assert not [p.name for p in (tmp_path / "whole").iterdir() if p.name.startswith("kg-index-")]

    store = _StopsWhileMerging(tmp_path / "s")
    summary = build([folder], store, jobs=1)
    assert summary.interrupted and len(store.graph_names()) > 290  # the store had committed: it keeps every graph
    assert len(Manifest(tmp_path / "s" / FILE_NAME)) == len(expected)
    assert _docs(tmp_path / "s") == expected  # the store committed, so the index rows were committed after it
    store.close()
    with OxigraphStore(tmp_path / "s") as again:
        decisions = {q for q in quads if is_decision_graph(str(q[3]))}
        assert {q for q in again.quads() if is_decision_graph(str(q[3]))} == decisions
        later = build([folder], again, jobs=1)  # nothing left to build; the statistics it missed are counted
        assert later.built == [] and len(later.skipped) == len(expected) and set(again.quads()) == quads


class _RefusesTheLoad(StreamLoad):
    def commit(self) -> None:
        self.write(b"this line is not N-Quads\n")  # Oxigraph gives the load up there, as after a write it refuses
        super().commit()


class _StoreRefusingItsLoad(OxigraphStore):
    def stream(self) -> StreamLoad | None:
        return _RefusesTheLoad(self._store, str(self.location), self.location)


def test_index_rows_written_while_the_store_loads_are_dropped_when_the_store_refuses_the_load(big, tmp_path):
    folder = _first(big, 200, tmp_path / "in")
    with _StoreRefusingItsLoad(tmp_path / "s") as store:
        summary = build([folder], store, jobs=1)
        assert len(summary.failed) == 200 and "could not be stored" in summary.failed[-1].reason
        assert len(store) == 0 and summary.built == []
    assert _docs(tmp_path / "s") == [] and len(Manifest(tmp_path / "s" / FILE_NAME)) == 0


def test_a_more_complete_copy_after_its_first_copy_was_loaded_replaces_it(big, tmp_path, decisions_dir):
    """The cut copy goes into the load with the first batch; the complete one, 40 files later, replaces it."""
    seed = (decisions_dir / "lgsco-20-007-812.txt").read_text(encoding="utf-8")
    folder = _first(big, 40, tmp_path / "in")
    (folder / "a-cut.txt").write_text(seed[: len(seed) // 2], encoding="utf-8")  # first by name: first built
    (folder / "zz-complete.txt").write_text(seed, encoding="utf-8")
    with OxigraphStore(tmp_path / "s") as store:
        summary = build([folder], store, jobs=1)
        shas = {str(o) for _, p, o, g in store.quads() if str(p).endswith("#sha256") and "20-007-812" in str(g)}
        assert [f.source.endswith("a-cut.txt") for f in summary.superseded] == [True] and not summary.failed
        assert shas == {hashlib.sha256(seed.encode()).hexdigest()}
        graph = URIRef(next(g for g in store.graph_names() if g.endswith("20-007-812")))
        with OxigraphStore(tmp_path / "alone") as alone:
            build([folder / "zz-complete.txt"], alone, jobs=1)
            assert set(store.quads(graph)) == set(alone.quads(graph))
    rows = {r[0].rsplit("/", 1)[-1]: r[3] for r in _rows(tmp_path / "s")}
    assert rows["zz-complete.txt"].endswith("20-007-812")


def test_stream_load_commits_all_or_nothing(tmp_path):
    store = ox.Store(str(tmp_path / "s"))
    load = StreamLoad(store, "here")
    for i in range(1000):
        load.write(QUAD % i)
    load.abort()
    assert len(store) == 0
    load = StreamLoad(store, "here")
    load.write(b"".join(QUAD % i for i in range(1000)))
    load.commit()
    assert len(store) == 1000
    bad = StreamLoad(store, "the store at here")
    bad.write(QUAD % 5000 + b"<http://e/s> not n-quads\n")
    with pytest.raises(StoreError, match="the store at here failed to load graphs: .*line 2"):
        bad.commit()
    assert len(store) == 1000  # the first load is still there, nothing of the bad one
    broken = StreamLoad(store, "here")
    with pytest.raises(StoreError, match="line 1"):  # the loader stops at the first line; the next write says why
        for _ in range(100):  # more than the pipe and the writer's buffer hold
            broken.write(b"not n-quads\n" * 10_000)
    broken.abort()  # what the build does next: it does not raise on a load that has stopped
    assert len(store) == 1000


def test_what_a_killed_load_left_is_removed_when_the_store_is_opened_to_write(tmp_path):
    OxigraphStore(tmp_path / "s").close()
    leftover = tmp_path / "s" / "bulk-12345678901234567890.sst"
    leftover.write_bytes(b"\0" * 100)
    pipe = tmp_path / "s" / "kg-load-4242.pipe"
    os.mkfifo(pipe)
    OxigraphStore(tmp_path / "s", read_only=True).close()
    assert leftover.exists() and pipe.exists()  # a reader leaves the writer's files alone
    with OxigraphStore(tmp_path / "s") as store:
        assert not leftover.exists() and not pipe.exists() and len(store) == 0


def test_kg_build_says_how_it_loaded_and_in_batches_keeps_the_previous_method(big, tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    folder = _first(big, 12, tmp_path / "in")
    one = CliRunner().invoke(main, ["build", str(folder), "--store", str(tmp_path / "one"), "--jobs", "1"])
    batches = CliRunner().invoke(
        main, ["build", str(folder), "--store", str(tmp_path / "b"), "--jobs", "1", "--in-batches"]
    )
    assert one.exit_code == batches.exit_code and "one bulk load, then its files merged in" in one.stdout
    assert "one bulk load" not in batches.stdout and "built " in batches.stdout
    with OxigraphStore(tmp_path / "one", read_only=True) as a, OxigraphStore(tmp_path / "b", read_only=True) as b:
        assert set(a.quads()) == set(b.quads()) and len(a) > 0
