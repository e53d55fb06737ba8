"""kg.store: the same behaviour from the memory store and the embedded Oxigraph store."""

from __future__ import annotations

import dataclasses
import doctest
from decimal import Decimal

import factories
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, XSD

import kg.export
import kg.query.formats
import kg.query.named
import kg.store
from kg.errors import InputError, StoreError
from kg.mapping import decision_iri, triples
from kg.store import MemoryStore, OxigraphStore, SelectResult, canonical, open_store

EX = "http://example.org/"
D812, D932, D234 = (decision_iri(d) for d in factories.decisions())


@pytest.fixture(params=["memory", "oxigraph"])
def store(request, tmp_path):
    s = MemoryStore() if request.param == "memory" else OxigraphStore(tmp_path / "store")
    yield s
    s.close()


@pytest.fixture
def loaded(store):
    return factories.load(store)


def _expected_size() -> int:
    return sum(len(set(triples(d))) for d in factories.decisions())


def _as_set(graph: Graph) -> set:
    return set(graph)


# --- writing -------------------------------------------------------------------


def test_load_holds_one_graph_per_decision(loaded):
    assert loaded.graph_names() == sorted(str(i) for i in (D812, D932, D234))
    assert len(loaded) == _expected_size()


def test_loading_twice_is_idempotent(loaded):
    before = set(loaded.quads())
    factories.load(loaded)
    assert len(loaded) == _expected_size()
    assert set(loaded.quads()) == before


def test_replacing_one_decision_changes_only_its_graph(loaded):
    others = {name: _as_set(loaded.graph(name)) for name in (D932, D234)}
    changed = dataclasses.replace(factories.wiltshire_812(), outcome="Not upheld", remedies=())
    loaded.replace_graph(D812, triples(changed))
    for name, content in others.items():
        assert _as_set(loaded.graph(name)) == content
    assert _as_set(loaded.graph(D812)) == {(s, p, canonical(o)) for s, p, o in triples(changed)}
    outcomes = loaded.select("SELECT ?d ?o WHERE { ?d <https://w3id.org/lgsco-kg/ontology#outcome> ?o }", {"d": D812})
    assert [str(r[1]) for r in outcomes] == ["https://w3id.org/lgsco-kg/vocab/outcome/not-upheld"]


def test_replace_with_nothing_and_remove_graph(loaded):
    loaded.replace_graph(D812, [])
    assert str(D812) not in loaded.graph_names()
    loaded.remove_graph(D932)
    loaded.remove_graph(URIRef(EX + "never-there"))
    assert loaded.graph_names() == [str(D234)]
    assert len(loaded) == len(set(triples(factories.kent_234())))


def test_a_failing_batch_changes_nothing(loaded):
    before = set(loaded.quads())

    def batch():
        yield D812, []
        raise RuntimeError("the parser died half way")

    with pytest.raises(RuntimeError):
        loaded.replace_graphs(batch())
    assert set(loaded.quads()) == before


def test_bad_iri_is_a_store_error_and_changes_nothing(tmp_path):
    with OxigraphStore(tmp_path / "s") as s:
        factories.load(s)
        before = len(s)
        bad = [(URIRef("http://example.org/a b"), RDFS.label, Literal("x"))]
        with pytest.raises(StoreError, match="a b"):
            s.replace_graphs([(D812, []), (URIRef(EX + "g"), bad)])
        assert len(s) == before


def test_load_dataset(store):
    from kg.mapping import to_dataset

    store.load_dataset(to_dataset(factories.decisions()))
    assert len(store) == _expected_size()


# --- reading -------------------------------------------------------------------


def test_quads_and_dataset_agree_across_stores(tmp_path):
    mem = factories.load(MemoryStore())
    with OxigraphStore(tmp_path / "s") as oxi:
        factories.load(oxi)
        assert set(mem.quads()) == set(oxi.quads())
        a, b = mem.dataset(), oxi.dataset()
        for name in mem.graph_names():
            assert isomorphic(a.graph(URIRef(name)), b.graph(URIRef(name)))
        assert a.namespace_manager.store.namespace("omb") is not None


def test_select_is_over_the_union_and_equal_across_stores(tmp_path):
    query = """
        PREFIX omb: <https://w3id.org/lgsco-kg/ontology#>
        PREFIX schema: <https://schema.org/>
        SELECT ?ref (SUM(?v) AS ?total) (COUNT(*) AS ?n) (SAMPLE(STR(?ref)) AS ?s)
        WHERE { GRAPH ?d { ?d omb:reference ?ref ; omb:remedy/omb:amount/schema:value ?v } }
        GROUP BY ?ref ORDER BY ?ref
    """
    mem = factories.load(MemoryStore())
    with OxigraphStore(tmp_path / "s") as oxi:
        factories.load(oxi)
        a, b = mem.select(query), oxi.select(query)
    assert a == b
    assert a.vars == ("ref", "total", "n", "s")
    assert [(str(r[0]), r[1].toPython(), r[2].toPython()) for r in a] == [
        ("20 003 932", Decimal("300.5"), 2),
        ("20 007 812", Decimal("450"), 2),
    ]
    assert a.rows[0][1] == Literal("300.5", datatype=XSD.decimal)
    assert a.rows[0][3] == Literal("20 003 932")  # plain, not ^^xsd:string


def test_unbound_is_none(loaded):
    result = loaded.select(
        "SELECT ?d ?x WHERE { ?d a <https://w3id.org/lgsco-kg/ontology#Decision> "
        "OPTIONAL { ?d <http://example.org/nothing> ?x } } ORDER BY ?d"
    )
    assert isinstance(result, SelectResult) and len(result) == 3
    assert all(row[1] is None for row in result)


def test_bindings_are_values_not_text(loaded):
    q = "SELECT ?ref ?d WHERE { ?d <https://w3id.org/lgsco-kg/ontology#reference> ?ref }"
    assert [r[1] for r in loaded.select(q, {"ref": Literal("20 007 812")})] == [D812]
    evil = Literal('x" } ; DROP ALL ; #')
    assert loaded.select(q, {"?ref": evil}).rows == ()
    assert len(loaded) == _expected_size()


def test_a_bound_variable_must_be_projected(loaded):
    with pytest.raises(InputError, match="projection|project"):
        loaded.select("SELECT ?d WHERE { ?d ?p ?o }", {"o": Literal("x")})


def test_syntax_error_is_input_error(loaded):
    with pytest.raises(InputError, match="SPARQL syntax error"):
        loaded.select("SELECT ?s WHERE { ?s ?p ")


def test_ask_and_construct(loaded):
    assert loaded.ask('ASK { ?d <https://w3id.org/lgsco-kg/ontology#reference> "21 001 234" }')
    assert not loaded.ask('ASK { ?d <https://w3id.org/lgsco-kg/ontology#reference> "99 999 999" }')
    g = loaded.construct(
        "CONSTRUCT { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
        "WHERE { ?d <https://w3id.org/lgsco-kg/ontology#authority> ?a . ?a <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    )
    assert sorted(str(o) for o in g.objects()) == ["Kent County Council", "Wiltshire Council"]
    with pytest.raises(InputError, match="expected a SELECT"):
        loaded.select("ASK { ?s ?p ?o }")


def test_graph_of_one_decision(loaded):
    g = loaded.graph(D234)
    assert len(g) == len(set(triples(factories.kent_234())))
    assert len(loaded.graph(URIRef(EX + "absent"))) == 0


def test_closed_store_says_so(store):
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.select("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(StoreError, match="closed"):
        len(store)


# --- canonical literals ------------------------------------------------------------


@pytest.mark.parametrize(
    "lexical, datatype, expected",
    [
        ("150.00", XSD.decimal, "150.0"),
        ("0.50", XSD.decimal, "0.5"),
        ("-1.250", XSD.decimal, "-1.25"),
        ("007", XSD.integer, "7"),
        ("1", XSD.boolean, "true"),
        ("1.5E0", XSD.double, "1.5"),
        ("2021-05-17", XSD.date, "2021-05-17"),
        ("not a number", XSD.decimal, "not a number"),
    ],
)
def test_canonical(lexical, datatype, expected):
    assert str(canonical(Literal(lexical, datatype=datatype))) == expected


def test_canonical_leaves_other_terms():
    assert canonical(URIRef(EX)) == URIRef(EX)
    assert canonical(Literal("x", lang="en")) == Literal("x", lang="en")
    assert canonical(None) is None


# --- the Oxigraph directory ----------------------------------------------------------


def test_oxigraph_persists_across_close_and_reopen(tmp_path):
    path = tmp_path / "store"
    with open_store(path) as s:
        assert isinstance(s, OxigraphStore) and s.persistent and s.transactional
        factories.load(s)
        before = set(s.quads())
    with open_store(path) as s:
        assert set(s.quads()) == before
        assert s.graph_names() == sorted(str(i) for i in (D812, D932, D234))
    with open_store(str(path), read_only=True) as s:
        assert len(s) == len(before)
        with pytest.raises(StoreError, match="read-only"):
            s.remove_graph(D812)


def test_open_store_creates_a_missing_directory(tmp_path):
    path = tmp_path / "deep" / "store"
    with open_store(path) as s:
        assert len(s) == 0
    assert path.is_dir()


def test_a_locked_store_names_its_path_and_the_fix(tmp_path):
    path = tmp_path / "store"
    with open_store(path):
        with pytest.raises(StoreError) as info:
            open_store(path)
    message = str(info.value)
    assert str(path) in message and "locked" in message and "read-only" in message


def test_a_file_is_not_a_store(tmp_path):
    path = tmp_path / "file.txt"
    path.write_text("x")
    with pytest.raises(StoreError, match="file.txt"):
        open_store(path)
    with pytest.raises(StoreError, match="missing"):
        open_store(tmp_path / "missing", read_only=True)


def test_open_store_kinds():
    assert isinstance(open_store("memory"), MemoryStore)
    assert not MemoryStore.persistent and OxigraphStore.persistent
    from kg.store import RemoteStore  # a SPARQL endpoint URL opens a remote store (tests/test_remote.py)

    assert isinstance(open_store("http://localhost:7878/query"), RemoteStore)


# --- doctests of this helper's modules -------------------------------------------------


@pytest.mark.parametrize(
    "module", [kg.store, kg.query.named, kg.query.formats, kg.export, factories], ids=lambda m: m.__name__
)
def test_doctests(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


# --- datasets, bounded reads, the base a store was built with (issue 13) ---------------------------------


def test_a_dataset_names_the_default_and_named_graphs(loaded):
    from kg.store import QueryDataset

    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    one = sum(1 for _ in loaded.quads(D812))
    assert int(loaded.select(count, dataset=QueryDataset(default=(str(D812),))).rows[0][0]) == one
    assert int(loaded.select(count, dataset=QueryDataset(default=())).rows[0][0]) == 0
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert loaded.select(named, dataset=QueryDataset(named=(str(D932),))).rows == ((D932,),)
    # a FROM the caller did not pass on is not fetched: the store runs over the dataset it is given
    from_web = "SELECT (COUNT(*) AS ?n) FROM <http://127.0.0.1:9/x.ttl> WHERE { ?s ?p ?o }"
    assert int(loaded.select(from_web, dataset=QueryDataset(default=(str(D812),))).rows[0][0]) == one


def test_max_rows_reads_no_further(loaded):
    result = loaded.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", max_rows=5)
    assert len(result.rows) == 5 and result.complete is False
    small = loaded.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", max_rows=5)
    assert len(small.rows) == 3 and small.complete is True
    graph = loaded.query("CONSTRUCT { ?a ?b ?d } WHERE { ?a ?b ?c . ?d ?e ?f }", max_rows=10)
    assert graph.complete is False


def test_the_base_a_store_was_built_with_is_read_from_it(store):
    from kg.graph.writeback import store_base, write_back

    base = "https://data.example.org/ombudsman/"
    factories.load(store)
    assert store.bases() == {"https://w3id.org/lgsco-kg/id/"}
    with MemoryStore() as other:
        items = factories.decisions()
        other.replace_graphs((decision_iri(d, base), list(triples(d, base))) for d in items)
        assert other.bases() == {base}
        summary = write_back(other)  # kg graph write-back without --base: the store's base, not the default
        assert summary.graph == base + "lgsco/analytics"
        minted = {str(s) for s, _, _, _ in other.quads(URIRef(summary.graph)) if "/analytics/" in str(s)}
        assert minted and all(s.startswith(base + "lgsco/analytics/") for s in minted)
        assert store_base(other, base) == base
        with pytest.raises(InputError, match="minted under"):
            store_base(other, "https://wrong.example/")
