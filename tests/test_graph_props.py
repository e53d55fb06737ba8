"""Properties of kg.graph on random small corpora (Hypothesis), and explanations checked against SPARQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import factories
import graph_factories as gf
import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import NotFoundError, ParseError
from kg.graph import (
    SimilarityIndex,
    authority_fault_graph,
    cocitation_graph,
    decision_provision_graph,
    explain_path,
    load_corpus,
    similarity_graph,
)
from kg.mapping import decision_iri, triples
from kg.parse import parse_file
from kg.store import MemoryStore, OxigraphStore
from kg.vocab import FAULT_TYPES, INJUSTICE_TYPES, REMEDY_TYPES

AUTHORITIES = ("Wiltshire Council", "Kent County Council", "Leeds City Council", None)
CATEGORIES = (
    ("Children's care services", "Other"),
    ("Children's care services", "Child protection"),
    ("Education", "School transport"),
    None,
)

decisions_st = st.builds(
    lambda authority, category, provisions, faults, injustices, remedies, guidance: dict(
        authority=authority,
        category=category,
        provisions=tuple(provisions),
        faults=tuple(faults),
        injustices=tuple(injustices),
        remedies=tuple(remedies),
        guidance=guidance,
    ),
    st.sampled_from(AUTHORITIES),
    st.sampled_from(CATEGORIES),
    st.lists(st.sampled_from(sorted(gf.PROVISIONS)), max_size=4, unique=True),
    st.lists(st.sampled_from(sorted(FAULT_TYPES)[:5]), max_size=2, unique=True),
    st.lists(st.sampled_from(sorted(INJUSTICE_TYPES)[:4]), max_size=2, unique=True),
    st.lists(st.sampled_from(sorted(REMEDY_TYPES)[:4]), max_size=2, unique=True),
    st.booleans(),
)
corpora = st.lists(decisions_st, min_size=2, max_size=7)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STORED = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
small_corpora = st.lists(decisions_st, min_size=2, max_size=5)


def make(specs):
    return [
        gf.decision(f"21 {i:03d} {i * 7 % 1000:03d}", day=date(2021, 1, 1 + i), **spec) for i, spec in enumerate(specs)
    ]


def build(specs):
    items = make(specs)
    return gf.load(MemoryStore(), items), items


PATHS = {
    "provision": "omb:cites",
    "fault": "omb:fault/omb:faultType",
    "injustice": "omb:injustice/omb:injusticeType",
    "remedy": "omb:remedy/omb:remedyType",
    "category": "omb:category",
    "authority": "omb:authority",
}
_BRANCH = '{ GRAPH ?a { ?a %s ?item } GRAPH ?b { ?b %s ?item } BIND ("%s" AS ?kind) }'
SHARED = """PREFIX omb: <https://w3id.org/lgsco-kg/ontology#>
SELECT DISTINCT ?a ?b ?kind ?item WHERE {
  %s
  UNION {
    GRAPH ?a { ?a omb:category ?c1 } GRAPH ?b { ?b omb:category ?c2 }
    BIND (IRI(REPLACE(STR(?c1), "^(.*/category/[^/]+)/.+$", "$1")) AS ?item)
    FILTER (STRSTARTS(STR(?c1), CONCAT(STR(?item), "/")) && STRSTARTS(STR(?c2), CONCAT(STR(?item), "/")))
    BIND ("area" AS ?kind)
  }
  FILTER (?a != ?b)
} ORDER BY ?a ?b ?kind ?item""" % "\n  UNION ".join(_BRANCH % (p, p, k) for k, p in PATHS.items())  # noqa: UP031 - a SPARQL template, braces and all


def shared_by_sparql(store) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """For each pair of decisions (IRIs), what both have, as the store answers it."""
    found: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for a, b, kind, item in store.select(SHARED).rows:
        found.setdefault((str(a), str(b)), set()).add((str(kind), str(item)))
    return found


def check_explanations(store, all_pairs: bool = True) -> int:
    """Explained items == items SPARQL finds in both decisions: for every pair, or for each top-5 match."""
    index = SimilarityIndex(load_corpus(store))
    truth = shared_by_sparql(store)
    checked = 0
    for a in range(index.n):
        iri = index.corpus.decisions[a].iri
        if all_pairs:
            for b in range(index.n):
                if a != b:
                    explained = {(s.kind, s.iri) for s in index.shared(a, b)}
                    assert explained == truth.get((iri, index.corpus.decisions[b].iri), set())
        for m in index.matches(a, 5):  # what `kg similar --explain` prints
            assert m.shared and {(s.kind, s.iri) for s in m.shared} == truth[(iri, m.decision.iri)]
            checked += len(m.shared)
    return checked


# --- properties ------------------------------------------------------------------------------


@FAST
@given(corpora)
def test_similarity_is_symmetric(specs):
    index = SimilarityIndex(gf.corpus_of(make(specs)))
    for a in range(index.n):
        for b in range(index.n):
            assert index.score(a, b) == index.score(b, a)
            assert 0.0 <= index.score(a, b) <= 1.0
            assert {(s.kind, s.iri) for s in index.shared(a, b)} == {(s.kind, s.iri) for s in index.shared(b, a)}


@FAST
@given(corpora, st.data())
def test_a_decision_is_most_similar_to_an_exact_copy(specs, data):
    items = make(specs)
    original = data.draw(st.sampled_from(items))
    copy = gf.copy_of(original, "99 999 999")
    index = SimilarityIndex(gf.corpus_of(items + [copy]))
    a, c = index.corpus.position(original.reference), index.corpus.position(copy.reference)
    best = index.top(a, index.n)
    if index.size[a] == 0:  # a decision with no items at all is like nothing
        assert best == []
        return
    assert index.score(a, c) == 1.0
    assert best[0][1] == 1.0 and c in [b for b, s in best if s == 1.0]


@FAST
@given(
    corpora,
    st.integers(min_value=0, max_value=64),
    st.integers(min_value=1, max_value=8),
    st.sampled_from([None, 0.0, 0.3]),
)
def test_top_k_equals_brute_force(specs, common, k, budget):
    index = SimilarityIndex(gf.corpus_of(make(specs)), common=common)
    if budget is not None:  # read fewer postings before scoring everyone: both ways must agree
        index._budget, index._floor = budget, 0
    for a in range(index.n):
        brute = sorted(
            ((b, index.score(a, b)) for b in range(index.n) if b != a), key=lambda x: (-round(x[1], 9), x[0])
        )
        assert index.top(a, k) == [(b, s) for b, s in brute if s > 0][:k]


@STORED
@given(small_corpora)
def test_the_store_gives_the_corpus_the_model_implies(specs):
    store, items = build(specs)
    assert load_corpus(store) == gf.corpus_of(items)


@STORED
@given(small_corpora)
def test_projections_have_exactly_the_iris_of_the_graph(specs):
    store, _ = build(specs)
    prefix = "PREFIX omb: <https://w3id.org/lgsco-kg/ontology#>\n"

    def iris(query: str) -> set[str]:
        return {str(row[0]) for row in store.select(prefix + query).rows}

    decisions = iris("SELECT DISTINCT ?d WHERE { ?d a omb:Decision } ORDER BY ?d")
    cited = iris("SELECT DISTINCT ?p WHERE { ?d a omb:Decision ; omb:cites ?p } ORDER BY ?p")
    authorities = iris("SELECT DISTINCT ?a WHERE { ?d omb:authority ?a ; omb:fault ?f } ORDER BY ?a")
    faults = iris("SELECT DISTINCT ?t WHERE { ?d omb:authority ?a ; omb:fault/omb:faultType ?t } ORDER BY ?t")
    assert set(decision_provision_graph(store)) == decisions | cited
    assert set(cocitation_graph(store)) == cited
    assert set(similarity_graph(store, 2)) == decisions
    assert set(authority_fault_graph(store)) == authorities | faults


@FAST
@given(corpora, st.data())
def test_path_is_a_shortest_path_of_the_decision_item_graph(specs, data):
    items = make(specs)
    via = tuple(
        data.draw(
            st.lists(
                st.sampled_from(["provision", "fault", "authority", "category"]), min_size=1, max_size=3, unique=True
            )
        )
    )
    corpus = gf.corpus_of(items)
    g = nx.Graph()
    for i, d in enumerate(corpus.decisions):
        g.add_node(d.iri)
        g.add_edges_from((d.iri, feature) for feature in corpus.features(i, via))
    first, last = data.draw(st.sampled_from(items)).reference, data.draw(st.sampled_from(items)).reference
    a, b = corpus.find(first).iri, corpus.find(last).iri
    try:
        links = explain_path(corpus, first, last, via)
    except NotFoundError:
        assert not nx.has_path(g, a, b)
        return
    assert 2 * len(links) == nx.shortest_path_length(g, a, b)
    for link in links:  # every step is an item both decisions really have
        assert (link.kind, link.iri) in set(corpus.features(corpus.position(link.source.reference), via))
        assert (link.kind, link.iri) in set(corpus.features(corpus.position(link.target.reference), via))


@STORED
@given(small_corpora)
def test_explanations_list_only_what_sparql_says_is_shared(specs):
    store, _ = build(specs)
    check_explanations(store)


# --- on the seed decisions ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory, decisions_dir):
    """The seed decisions, the parser's test corpus and the factory decisions, in Oxigraph."""
    parsed = []
    corpus_dir = Path(__file__).resolve().parent / "corpus"
    for path in sorted(decisions_dir.glob("*.txt")) + sorted(corpus_dir.glob("*.txt")):
        try:
            parsed.append(parse_file(path))
        except ParseError:
            continue
    seen, items = set(), []
    for d in parsed + factories.decisions():
        if d.reference not in seen:
            seen.add(d.reference)
            items.append(d)
    store = OxigraphStore(tmp_path_factory.mktemp("graph-seeds") / "store")
    store.replace_graphs((decision_iri(d), list(triples(d))) for d in items)
    yield store
    store.close()


def test_explanations_on_the_seed_decisions_match_sparql(seed_store):
    assert check_explanations(seed_store, all_pairs=False) > 0


def test_seed_decisions_are_most_like_each_other(seed_store):
    index = SimilarityIndex(load_corpus(seed_store))
    a = index.corpus.position("20 007 812")
    refs = [index.corpus.decisions[b].reference for b, _ in index.top(a, 3)]
    assert "20 003 932" in refs  # the same council, category and Act
