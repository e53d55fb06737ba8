"""The search index kg build keeps beside a store: text search, facets, paging, incremental upkeep."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import synth
from kg.build import build
from kg.mapping import is_decision_graph
from kg.search import FACETS, FILE_NAME, SearchIndex
from kg.store import OxigraphStore


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    synth.write_corpus(80, out, seed=5)
    return out


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("search") / "s"
    with OxigraphStore(store) as s:
        build([corpus], s, jobs=2)
    return store


@pytest.fixture()
def index(built):
    with SearchIndex.of_store(built, read_only=True) as ix:
        yield ix


def test_the_index_holds_every_decision_the_store_holds(built, index):
    with OxigraphStore(built, read_only=True) as s:
        graphs = {g for g in s.graph_names() if is_decision_graph(g)}
    assert len(graphs) > 70 and index.graphs() == graphs


def test_every_word_must_occur_and_a_phrase_is_a_phrase(index):
    everything = index.search("", {}, limit=1000).total
    council = index.search("council", {}, limit=1000).total
    both = index.search("council apologise", {}, limit=1000).total
    assert everything > council >= both > 0
    assert index.search('"time and trouble"', {}).total <= index.search("time trouble", {}).total
    hit = index.search("apologise", {}).hits[0]
    assert any(matched and "apologis" in text.lower() for text, matched in hit.snippet)


def test_facets_or_within_and_across_and_counts_follow_the_other_filters(index):
    counts = {value: n for value, _, n in index.facets("", {})["outcome"]}
    assert len(counts) >= 2 and sum(counts.values()) == len(index)
    upheld, other = "upheld", next(v for v in counts if v != "upheld")
    assert index.search("", {"outcome": [upheld]}).total == counts[upheld]
    assert index.search("", {"outcome": [upheld, other]}).total == counts[upheld] + counts[other]  # OR
    year = index.facets("", {"outcome": [upheld]})["year"][0][0]
    narrowed = index.search("", {"outcome": [upheld], "year": [year]}).total  # AND
    assert 0 < narrowed <= counts[upheld]
    facets = index.facets("", {"outcome": [upheld]})
    assert {v for v, _, _ in facets["outcome"]} == set(counts)  # a chosen facet still shows its other values
    assert sum(n for _, _, n in facets["year"]) == counts[upheld]  # the others follow the filter
    assert set(facets) == set(FACETS)


def test_a_provision_is_found_through_the_provisions_above_it(index):
    provisions = {label: value for value, label, _ in index.facets("", {}, top=500)["provision"]}
    s26 = provisions["Local Government Act 1974 s26"]
    under = [v for label, v in provisions.items() if label.startswith("Local Government Act 1974 s26(")]
    assert under, "the corpus cites subsections of s26"
    assert index.search("", {"provision": [s26]}).total >= max(
        index.search("", {"provision": [v]}).total for v in under
    )


def test_sorting_and_paging(index):
    by_payment = [h.total_payment or 0 for h in index.all("", {}, sort="payment")]
    assert by_payment == sorted(by_payment, reverse=True) and by_payment[0] > 0
    dates = [h.date for h in index.all("", {}, sort="-date") if h.date]
    assert dates == sorted(dates)
    first, second = index.search("", {}, sort="reference", limit=10), index.search("", {}, "reference", 10, 10)
    assert not {h.graph for h in first.hits} & {h.graph for h in second.hits}
    assert [h.reference for h in index.all("", {}, sort="reference", size=7)] == sorted(
        h.reference for h in index.all("", {}, sort="reference")
    )


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_searches_and_never_raises(built, text):
    with SearchIndex.of_store(built, read_only=True) as ix:
        page = ix.search(text, {"outcome": [text]}, limit=3)
        assert page.total >= 0 and len(page.hits) <= 3


def test_the_index_follows_changes_and_is_rebuilt_when_missing(corpus, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(corpus, folder)
    store = tmp_path / "s"
    with OxigraphStore(store) as s:
        build([folder], s, jobs=1)
    first = sorted(folder.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace("Council", "Councel"), encoding="utf-8")
    with OxigraphStore(store) as s:
        summary = build([folder], s, jobs=1)
    assert len(summary.built) == 1
    with SearchIndex.of_store(store, read_only=True) as ix:
        assert ix.search("councel", {}).total == 1
    (store / FILE_NAME).unlink()  # a store built before the index existed
    with OxigraphStore(store) as s:
        summary = build([folder], s, jobs=1)
        graphs = {g for g in s.graph_names() if is_decision_graph(g)}
    assert summary.built  # rebuilt to fill the index
    with SearchIndex.of_store(store, read_only=True) as ix:
        assert ix.graphs() == graphs


# --- schema 2: what the explorer reads ---------------------------------------------------------------------


def _sql_counts(index, text, filters, facet):
    """A facet's counts the obvious way, in SQL: the definition the in-memory counter must give."""
    from kg.search import fts_query

    where, args = index.where(fts_query(text), filters, but=facet)
    return {
        value: n
        for value, n in index.db.execute(
            f"SELECT i.value, COUNT(*) FROM items i JOIN docs d ON d.id = i.doc WHERE i.facet = ? AND {where} "
            "GROUP BY i.value",
            [facet, *args],
        )
    }


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["", "council", "delay distress", '"time and trouble"']),
    st.dictionaries(
        st.sampled_from(["outcome", "year", "payment", "fault_type", "authority_type"]),
        st.lists(
            st.sampled_from(["upheld", "not-upheld", "2019", "2021", "1-499", "none", "delay", "unitary-authority"]),
            max_size=2,
        ),
        max_size=3,
    ),
)
def test_facet_counts_in_memory_are_the_counts_in_sql(built, text, filters):
    with SearchIndex.of_store(built, read_only=True) as ix:
        counted = ix.facets(text, filters, top=10_000)
        for facet in FACETS:
            assert {v: n for v, _, n in counted[facet]} == _sql_counts(ix, text, filters, facet), facet


def test_an_index_of_another_schema_is_refused_read_only_and_emptied_by_a_build(built, tmp_path):
    import sqlite3

    from kg.errors import StoreError
    from kg.search import SCHEMA_VERSION

    copy = tmp_path / FILE_NAME
    shutil.copy(built / FILE_NAME, copy)
    with sqlite3.connect(copy) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    with pytest.raises(StoreError, match="run `kg build`"):
        SearchIndex(copy, read_only=True)
    with SearchIndex(copy) as ix:  # as a build opens it: emptied, so the build fills it again
        assert len(ix) == 0
    with SearchIndex(copy, read_only=True) as ix:
        assert len(ix) == 0


def test_figures_agree_with_the_rows(index):
    from decimal import Decimal

    from kg.search import Figures

    figures = Figures(index)
    everything = list(index.all("", {}))
    summary = figures.summary({})
    assert summary.decisions == len(everything) == len(index)
    assert summary.upheld == sum(1 for h in everything if h.outcome == "Upheld")
    assert summary.paid == sum((h.total_payment or Decimal(0) for h in everything), Decimal(0))
    table = figures.by_year_and_outcome({})
    assert sum(n for _, _, n in table) == sum(1 for h in everything if h.date and h.outcome)
    councils = figures.authorities()
    assert sum(a.summary.decisions for a in councils) == sum(1 for h in everything if h.authority)
    assert len({a.key for a in councils}) == len(councils)


def test_boilerplate_is_the_jurisdiction_provisions():
    from kg.search import is_boilerplate

    lga = "http://www.legislation.gov.uk/id/ukpga/1974/7"
    assert all(is_boilerplate(lga + p) for p in ("", "/section/26/1", "/section/26A", "/section/34H", "/schedule/5A"))
    assert not any(is_boilerplate(lga + p) for p in ("/section/1", "/section/35", "/schedule/1"))
    assert not is_boilerplate("http://www.legislation.gov.uk/id/ukpga/1989/41/section/17")
