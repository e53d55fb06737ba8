"""The statistics graph: co-citation counted in Python equals the SPARQL definition, on both stores, after every build."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from kg import synth
from kg.build import build
from kg.mapping import is_decision_graph
from kg.query import records, run
from kg.query.statistics import COCITATION_DEFINITION, refresh, statistics_graph_iri
from kg.store import MemoryStore, OxigraphStore
from kg.validate import validate_store

ON_THE_FLY = COCITATION_DEFINITION


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    synth.write_corpus(40, out, seed=7)
    return out


def rows(result) -> list[tuple]:
    return [tuple(r.values()) for r in records(result)]


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_cocitation_equals_its_sparql_definition(corpus, tmp_path, kind):
    store = MemoryStore() if kind == "memory" else OxigraphStore(tmp_path / "s")
    build([corpus], store, jobs=1)
    expected = rows(store.select(ON_THE_FLY))
    assert len(expected) > 20  # the corpus cites enough provisions together for this to mean something
    assert rows(run(store, "provision_cocitation")) == expected
    store.close()


def test_a_changed_decision_changes_the_counts(corpus, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    files = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")[:12]
    for p in files:
        (src / p.name).write_bytes(p.read_bytes())
    store = OxigraphStore(tmp_path / "s")
    build([src], store, jobs=1)
    before = rows(run(store, "provision_cocitation"))
    victim = max(files, key=lambda p: p.read_text(encoding="utf-8", errors="replace").count(" Act "))
    text = (src / victim.name).read_text(encoding="utf-8")
    (src / victim.name).write_text(text.replace("Act", "Bct"), encoding="utf-8")  # its Acts are no longer cited
    summary = build([src], store, jobs=1)
    assert summary.built == [str(src / victim.name)]
    after = rows(run(store, "provision_cocitation"))
    assert after != before and after == rows(store.select(ON_THE_FLY))
    again = build([src], store, jobs=1)  # nothing changed: the graph is kept as it is
    assert not again.built and rows(run(store, "provision_cocitation")) == after
    store.close()


def test_the_statistics_graph_is_no_decision(corpus):
    store = MemoryStore()
    summary = build([corpus], store, jobs=1)
    names = store.graph_names()
    assert str(statistics_graph_iri()) in names and not is_decision_graph(str(statistics_graph_iri()))
    assert sum(1 for n in names if is_decision_graph(n)) == len(summary.built)
    report = validate_store(store)
    assert report.graphs == len(summary.built)


def test_refresh_on_an_empty_store_leaves_no_graph():
    store = MemoryStore()
    assert refresh(store) == 0
    assert store.graph_names() == []
    assert list(store.quads(URIRef(str(statistics_graph_iri())))) == []
