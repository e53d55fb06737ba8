"""kg.graph on small hand-built graphs whose answers are worked out by hand, on both embedded stores."""

from __future__ import annotations

import math
from datetime import date

import factories
import graph_factories as gf
import networkx as nx
import pytest

from kg.errors import InputError, NotFoundError
from kg.graph import (
    SimilarityIndex,
    analytics_graph_iri,
    authority_fault_graph,
    cocitation_graph,
    communities,
    decision_provision_graph,
    explain_path,
    export_graph,
    load_corpus,
    pagerank,
    projection,
    provision_ranking,
    recurrences,
    similar,
    similarity_graph,
    write_back,
)
from kg.store import MemoryStore, OxigraphStore

ln = math.log
VOCAB = "https://w3id.org/lgsco-kg/vocab/"
DECISION = "https://w3id.org/lgsco-kg/id/lgsco/decision/"


@pytest.fixture(params=["memory", "oxigraph"])
def make_store(request, tmp_path):
    """A function loading decisions into a fresh store of the parametrised kind."""
    opened = []

    def make(decisions):
        store = MemoryStore() if request.param == "memory" else OxigraphStore(tmp_path / f"s{len(opened)}")
        opened.append(store)
        return gf.load(store, decisions)

    yield make
    for store in opened:
        store.close()


# --- similarity ----------------------------------------------------------------------


def test_similarity_ranking_by_hand(make_store):
    store = make_store(gf.ranking())
    result = similar(store, "21 000 001", top=5)
    assert [m.decision.reference for m in result.matches] == ["21 000 002", "21 000 003", "21 000 004"]
    # N = 4 decisions; an item held by df of them weighs (kind weight) * ln(1 + 4/df)
    a_only = ln(5)  # Children Act s17, df 1
    a_total = ln(2) + 2.5 * ln(7 / 3) + ln(5) + 5.5 * ln(3)
    shared_ab = ln(2) + ln(7 / 3) + 2 * ln(3) + ln(3) + ln(7 / 3) + 1.5 * ln(3) + 0.5 * ln(7 / 3) + ln(3)
    expected_ab = shared_ab / (shared_ab + a_only + ln(5))  # B alone has payment (df 1)
    shared_ac = ln(2) + ln(7 / 3) + ln(7 / 3) + 0.5 * ln(7 / 3)  # s26(1), s47, apology, Children's care services
    expected_ac = shared_ac / (a_total + 2 * ln(5) + 1.5 * ln(5) + ln(3))  # + delay, child protection, Kent
    expected_ad = ln(2) / (a_total + ln(5) + 1.5 * ln(5) + 0.5 * ln(5) + ln(3))
    scores = [m.score for m in result.matches]
    assert scores == pytest.approx([expected_ab, expected_ac, expected_ad], abs=1e-12)
    assert round(scores[0], 3) == 0.733


def test_explanation_names_the_shared_items_in_words(make_store):
    best = similar(make_store(gf.ranking()), "21000001", top=1).matches[0]
    phrases = [s.phrase for s in best.shared]
    assert "both cite Children Act 1989 s47" in phrases
    assert "both found a fault of poor record keeping" in phrases
    assert "both remedied by apology" in phrases
    assert "both concern Wiltshire Council" in phrases
    assert "both found injustice of distress" in phrases
    assert not any("s17" in p or "payment" in p for p in phrases)  # only one of the two has these
    assert sum(s.contribution for s in best.shared) == pytest.approx(best.score)
    contributions = [s.contribution for s in best.shared]
    assert contributions == sorted(contributions, reverse=True)
    assert best.shared[0].kind == "fault"  # weight 2 x ln 3: the largest


def test_common_items_weigh_little():
    corpus = load_corpus(gf.load(MemoryStore(), gf.ranking()))
    index = SimilarityIndex(corpus)
    w = {index.features[f]: index.w[f] for f in range(len(index.features))}
    s26 = ("provision", gf.PROVISIONS["LGA 26(1)"][2])
    s17 = ("provision", gf.PROVISIONS["CA 17"][2])
    assert w[s26] == pytest.approx(ln(2)) and w[s17] == pytest.approx(ln(5))


def test_unknown_reference_suggests_near_ones(make_store):
    with pytest.raises(NotFoundError, match="did you mean 21 000 00[1-4]"):
        similar(make_store(gf.ranking()), "21 000 009")


def test_a_decision_sharing_nothing_has_no_matches():
    lone = gf.decision("21 000 009", "City of York Council", ("Housing", "Homelessness"), provisions=("HA 188",))
    store = gf.load(MemoryStore(), gf.ranking()[:1] + [lone])
    assert similar(store, "21 000 009").matches == []


@pytest.mark.parametrize("common, budget", [(0, None), (3, None), (64, None), (3, 0), (64, 0.2)])
def test_top_k_is_exact_whatever_the_split_of_common_items(common, budget):
    corpus = load_corpus(gf.load(MemoryStore(), gf.ranking() + gf.two_clusters() + gf.chain()))
    index = SimilarityIndex(corpus, common=common)
    if budget is not None:  # read fewer postings before scoring everyone
        index._budget, index._floor = budget, 0
    for a in range(len(corpus)):
        brute = sorted(
            ((b, index.score(a, b)) for b in range(len(corpus)) if b != a), key=lambda bs: (-round(bs[1], 9), bs[0])
        )
        brute = [(b, s) for b, s in brute if s > 0]
        for k in (1, 3, 20):
            assert index.top(a, k) == brute[:k]


# --- communities ----------------------------------------------------------------------


def test_two_clusters_split_into_two_communities(make_store):
    found = communities(make_store(gf.two_clusters()), k=5, seed=1)
    assert [sorted(d.reference for d in c.members) for c in found] == [
        ["22 000 001", "22 000 002", "22 000 003"],
        ["22 000 101", "22 000 102", "22 000 103"],
    ]
    children, planning = found
    assert children.traits["provision"][0].label == "Children Act 1989 s47"
    assert children.traits["provision"][0].share == 1.0 and children.traits["provision"][0].overall == 0.5
    assert [t.label for t in children.traits["fault"]] == ["Poor communication", "Poor record keeping"]
    assert planning.traits["fault"][0].label == "Delay"
    assert planning.traits["category"][0].label == "Planning > Planning applications"
    assert "Local Government Act 1974 s26(1)" not in [t.label for t in children.traits["provision"][:1]]


def test_communities_repeat_with_the_same_seed():
    store = gf.load(MemoryStore(), gf.two_clusters() + gf.ranking() + gf.chain())
    runs = [[c.to_json() for c in communities(store, k=3, seed=7)] for _ in range(2)]
    assert runs[0] == runs[1]
    assert sorted(r for c in runs[0] for r in c["decisions"]) == sorted(
        d.reference for d in gf.two_clusters() + gf.ranking() + gf.chain()
    )


# --- recurrence ----------------------------------------------------------------------


def test_recurrence_by_hand(make_store):
    store = make_store(gf.recurring())
    found = recurrences(store)
    assert len(found) == 1
    r = found[0]
    assert (r.authority, r.fault_type) == ("Leeds City Council", "Delay")
    assert [(d.reference, d.date) for d in r.decisions] == [
        ("19 000 001", date(2019, 1, 1)),
        ("20 000 002", date(2020, 6, 1)),
        ("24 000 003", date(2024, 1, 1)),
    ]
    assert r.span_days == (date(2024, 1, 1) - date(2019, 1, 1)).days
    within2 = recurrences(store, within_years=2)
    assert [[d.reference for d in x.decisions] for x in within2] == [["19 000 001", "20 000 002"]]
    assert recurrences(store, within_years=1) == []  # 2019-01-01 to 2020-06-01 is 517 days
    assert recurrences(store, authority="york") == []
    assert [x.authority for x in recurrences(store, authority="LEEDS")] == ["Leeds City Council"]
    assert len(recurrences(store, min_decisions=4)) == 0


def test_recurrence_of_an_unknown_authority_says_so():
    store = gf.load(MemoryStore(), gf.recurring())
    with pytest.raises(NotFoundError, match="did you mean Leeds City Council"):
        recurrences(store, authority="Leeds City Counci1")
    with pytest.raises(InputError):
        recurrences(store, within_years=0)


# --- paths ----------------------------------------------------------------------------


def test_path_by_hand(make_store):
    store = make_store(gf.chain())
    links = explain_path(store, "23 000 001", "23 000 004")
    assert [(link.source.reference, link.phrase, link.target.reference) for link in links] == [
        ("23 000 001", "both cite Children Act 1989 s47", "23 000 002"),
        ("23 000 002", "both found a fault of delay", "23 000 003"),
        ("23 000 003", "both concern Kent County Council", "23 000 004"),
    ]
    assert explain_path(store, "23 000 004", "23 000 001")[0].phrase == "both concern Kent County Council"
    assert explain_path(store, "23 000 001", "23 000 001") == []
    one = explain_path(store, "23 000 001", "23 000 005", via=("provision", "category"))
    assert [link.phrase for link in one] == ["both in category Children's care services > Other"]


def test_no_path_is_an_error_naming_both(make_store):
    store = make_store(gf.chain())
    with pytest.raises(NotFoundError, match="23 000 001 and 23 000 005 share no chain"):
        explain_path(store, "23 000 001", "23 000 005")
    with pytest.raises(InputError, match="choose from"):
        explain_path(store, "23 000 001", "23 000 005", via=("colour",))


def test_path_prefers_the_rarer_item_among_equally_short_ones():
    store = gf.load(
        MemoryStore(),
        [
            gf.decision("24 000 001", "Wiltshire Council", provisions=("LGA 26(1)", "CA 47")),
            gf.decision("24 000 002", "Kent County Council", provisions=("LGA 26(1)", "CA 47")),
            gf.decision("24 000 003", "Leeds City Council", provisions=("LGA 26(1)",)),
        ],
    )
    assert [link.label for link in explain_path(store, "24 000 001", "24 000 002")] == ["Children Act 1989 s47"]


# --- provisions and PageRank --------------------------------------------------------------


def test_pagerank_of_a_star_by_hand():
    g = nx.star_graph(3)  # centre 0, leaves 1..3; n = 4, alpha = 0.85
    pr = pagerank(g)
    # leaf = 0.15/4 + 0.85 * centre / 3 ; centre = 0.15/4 + 0.85 * 3 * leaf
    centre = (0.15 / 4 + 0.85 * 0.15 / 4 * 3) / (1 - 0.85 * 0.85)
    assert pr[0] == pytest.approx(centre, abs=1e-9)
    assert pr[1] == pytest.approx((1 - centre) / 3, abs=1e-9)
    assert sum(pr.values()) == pytest.approx(1.0)


def test_pagerank_spreads_dangling_nodes_evenly():
    g = nx.Graph([("a", "b")])
    g.add_node("c")
    pr = pagerank(g)
    assert pr["a"] == pytest.approx(pr["b"]) and pr["c"] < pr["a"]
    assert sum(pr.values()) == pytest.approx(1.0)


def test_provision_ranking_on_the_factory_decisions(make_store):
    ranking = provision_ranking(make_store(factories.decisions()))
    top = ranking[0]
    assert top.label == "Local Government Act 1974 s26(1)" and top.decisions == 3
    assert top.partners[0][:1] == ("Children Act 1989 s47",) and top.partners[0][2] == 2
    labels = [p.label for p in ranking]
    assert "Guidance on Remedies" in labels and "The Act (unresolved)" not in labels
    assert [p.rank for p in ranking] == list(range(1, len(ranking) + 1))
    assert sum(p.pagerank for p in ranking) == pytest.approx(1.0)
    by_label = {p.label: p for p in ranking}
    assert by_label["Children Act 1989 s47"].decisions == 2
    assert by_label["Care Act 2014 s9"].degree == 2  # cited with s26(1) and s47 by 20 003 932


# --- projections ------------------------------------------------------------------------


def test_projections_of_the_factory_decisions(make_store):
    store = make_store(factories.decisions())
    bip = decision_provision_graph(store)
    assert nx.is_bipartite(bip)
    assert {v for v, d in bip.nodes(data=True) if d["kind"] == "decision"} == {
        DECISION + s for s in ("20-007-812", "20-003-932", "21-001-234")
    }
    assert bip.nodes[factories.CA_47]["label"] == "Children Act 1989 s47"
    assert bip.degree(factories.LGA_26_1) == 3
    co = cocitation_graph(store)
    assert co[factories.LGA_26_1][factories.CA_47]["weight"] == 2
    assert co[factories.LGA_26_1][factories.EA_508B]["weight"] == 1
    af = authority_fault_graph(store)
    assert (
        af["https://w3id.org/lgsco-kg/id/lgsco/authority/wiltshire-council"][VOCAB + "fault-type/delay"]["weight"] == 1
    )
    assert {d["label"] for _, d in af.nodes(data=True)} >= {"Wiltshire Council", "Data protection breach"}
    sim = similarity_graph(store, k=1)
    assert set(sim) == set(bip) - set(co)
    assert all(0 < d["weight"] <= 1 for *_, d in sim.edges(data=True))
    with pytest.raises(InputError, match="use one of"):
        projection(store, "everything")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_round_trips_with_labels(tmp_path, fmt):
    store = gf.load(MemoryStore(), factories.decisions())
    for name in ("decision-provision", "cocitation", "similarity", "authority-fault"):
        g = projection(store, name)
        path = export_graph(g, fmt, tmp_path / f"{name}.{fmt}")
        back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
        assert set(back) == set(g) and back.number_of_edges() == g.number_of_edges()
        assert all(back.nodes[v].get("label") for v in back), name
    with pytest.raises(InputError):
        export_graph(g, "dot", tmp_path / "x.dot")


# --- write-back -----------------------------------------------------------------------------


def test_write_back_replaces_its_graph_and_sparql_reads_it(tmp_path):
    store = gf.load(OxigraphStore(tmp_path / "s"), gf.two_clusters())
    try:
        before = load_corpus(store)
        first = write_back(store, top=2, k=5, seed=1)
        name = str(analytics_graph_iri())
        assert name in store.graph_names()
        size = len(store)
        second = write_back(store, top=2, k=5, seed=1)
        assert len(store) == size and first == second
        assert load_corpus(store) == before  # the analytics graph is not a decision
        rows = store.select("""
            PREFIX omb: <https://w3id.org/lgsco-kg/ontology#>
            SELECT ?ref ?otherRef ?score ?rank WHERE {
              GRAPH ?d { ?d omb:reference ?ref }
              ?d omb:similarity ?s . ?s omb:similarDecision ?o ; omb:similarityScore ?score ; omb:similarityRank ?rank .
              GRAPH ?o { ?o omb:reference ?otherRef }
            } ORDER BY ?ref ?rank""").rows
        assert len(rows) == 12 == first.similarities
        assert str(rows[0][0]) == "22 000 001" and str(rows[0][1]) in ("22 000 002", "22 000 003")
        index = SimilarityIndex(before)
        assert float(rows[0][2].toPython()) == pytest.approx(index.score(0, before.position(str(rows[0][1]))))
        sizes = store.select("""
            PREFIX omb: <https://w3id.org/lgsco-kg/ontology#>
            SELECT ?c ?size (COUNT(?d) AS ?members) WHERE { ?d omb:community ?c . ?c omb:communitySize ?size }
            GROUP BY ?c ?size ORDER BY ?c""").rows
        assert [(int(s.toPython()), int(m.toPython())) for _, s, m in sizes] == [(3, 3), (3, 3)]
        top = store.select("""
            PREFIX omb: <https://w3id.org/lgsco-kg/ontology#>
            SELECT ?p ?rank WHERE { ?p omb:pageRank ?rank } ORDER BY DESC(?rank) LIMIT 1""").rows
        assert str(top[0][0]) == gf.PROVISIONS["LGA 26(1)"][2]
    finally:
        store.close()


# --- determinism and stores -------------------------------------------------------------------


def test_same_answers_on_memory_and_oxigraph(tmp_path):
    items = gf.ranking() + gf.two_clusters() + gf.chain() + gf.recurring()
    mem = gf.load(MemoryStore(), items)
    oxi = gf.load(OxigraphStore(tmp_path / "s"), items)
    try:

        def answers(store):
            return (
                similar(store, "21 000 001", 5).to_json(),
                [p.to_json() for p in provision_ranking(store)],
                [c.to_json() for c in communities(store, k=4)],
                [r.to_json() for r in recurrences(store)],
                [link.to_json() for link in explain_path(store, "23 000 001", "23 000 004")],
            )

        assert answers(mem) == answers(oxi) == answers(oxi)
    finally:
        oxi.close()


def test_path_prefers_the_most_telling_item_when_equally_rare():
    store = gf.load(
        MemoryStore(),
        [
            gf.decision("24 000 001", "Wiltshire Council", provisions=("CA 47",), faults=("delay",)),
            gf.decision("24 000 002", "Wiltshire Council", provisions=("CA 47",), faults=("delay",)),
        ],
    )  # s47, delay and the council are each shared by both; a fault type weighs twice a provision
    assert [link.phrase for link in explain_path(store, "24 000 001", "24 000 002")] == ["both found a fault of delay"]


def test_an_empty_store_gives_empty_answers():
    store = MemoryStore()
    assert provision_ranking(store) == communities(store) == recurrences(store) == []
    assert all(len(projection(store, name)) == 0 for name in ("decision-provision", "cocitation", "similarity"))
    with pytest.raises(NotFoundError, match="holds no decisions"):
        similar(store, "20 007 812")
