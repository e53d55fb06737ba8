"""`kg similar` and `kg graph …` through click's CliRunner, on an Oxigraph store built from the seed decisions."""

from __future__ import annotations

import json

import graph_factories as gf
import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import URIRef

from kg.cli import main
from kg.store import OxigraphStore


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, decisions_dir):
    path = tmp_path_factory.mktemp("graph-cli") / "store"
    result = CliRunner().invoke(main, ["build", str(decisions_dir), "--store", str(path), "--no-validate"])
    assert result.exit_code == 0, result.output
    return str(path)


def _store(tmp_path_factory, name, decisions) -> str:
    path = tmp_path_factory.mktemp("graph-cli") / name
    with OxigraphStore(path) as store:
        gf.load(store, decisions)
    return str(path)


@pytest.fixture(scope="module")
def chain_dir(tmp_path_factory):
    return _store(tmp_path_factory, "chain", gf.chain())


@pytest.fixture(scope="module")
def recurring_dir(tmp_path_factory):
    return _store(tmp_path_factory, "recurring", gf.recurring())


def kg(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output + repr(result.exception)
    return result.output


def test_similar(store_dir):
    out = kg("similar", "20 007 812", "--store", store_dir)
    assert out.startswith("Decisions most like 20 007 812 (Wiltshire Council, 2021-05-17)")
    assert "20 003 932" in out and "rank" in out and "https://" not in out


def test_similar_explain_lists_shared_items_in_words(store_dir):
    out = kg("similar", "20-007-812", "--store", store_dir, "--explain", "--top", "3")
    assert "both concern Wiltshire Council" in out
    assert "both cite Local Government Act 1974 s26(1)" in out
    assert "https://" not in out


def test_similar_json(store_dir):
    data = json.loads(kg("similar", "20007812", "--store", store_dir, "--json"))
    assert data["decision"]["reference"] == "20 007 812"
    match = data["similar"][0]
    assert match["reference"] == "20 003 932" and 0 < match["score"] <= 1
    assert sum(s["contribution"] for s in match["shared"]) == pytest.approx(match["score"], abs=1e-5)
    assert match["explanation"].startswith("both ")


def _hinted_command(message: str) -> list[str]:
    """The command a not-found message says lists what there is (between backticks), without its `kg`."""
    hint = message.split("`")[1]
    assert hint.startswith("kg ")
    return hint.split()[1:]


def test_similar_unknown_reference_exits_3(store_dir):
    out = kg("similar", "99 999 999", "--store", store_dir, code=3)
    assert "no decision with reference '99 999 999'" in out
    listed = kg(*_hinted_command(out), "--store", store_dir)  # the command it names runs as it is and lists them
    assert "20 003 932" in listed and "20 007 812" in listed


def test_an_unknown_authority_names_a_command_that_lists_the_authorities(store_dir):
    out = kg("graph", "recurrence", "--store", store_dir, "--authority", "Mars", code=3)
    assert "no authority named like 'Mars'" in out
    assert "Wiltshire Council" in kg(*_hinted_command(out), "--store", store_dir)


def test_missing_store_is_an_error(tmp_path):
    out = kg("graph", "provisions", "--store", str(tmp_path / "nowhere"), code=3)
    assert "kg build" in out


def test_provisions(store_dir):
    out = kg("graph", "provisions", "--store", store_dir)
    assert "Local Government Act 1974 s26(1)" in out and "most often cited with" in out
    rows = json.loads(kg("graph", "provisions", "--store", store_dir, "--json", "--top", "0"))
    assert rows[0]["rank"] == 1 and {"pagerank", "degree", "decisions", "cited_with"} <= set(rows[0])
    assert rows[0]["decisions"] == 2
    lean = json.loads(kg("graph", "provisions", "--store", store_dir, "--json", "--top", "0", "--without-boilerplate"))
    iris = {r["iri"] for r in lean}
    assert iris and not any(i.startswith("http://www.legislation.gov.uk/id/ukpga/1974/7") for i in iris)
    assert "http://www.legislation.gov.uk/id/ukpga/1989/41/section/17" in iris  # the law the decisions are about stays
    assert iris < {r["iri"] for r in rows}


def test_communities(store_dir):
    out = kg("graph", "communities", "--store", store_dir)
    assert out.startswith("Community 1 · 2 decisions: 20 003 932, 20 007 812")
    assert "provisions:" in out and "faults:" in out and "categories:" in out
    assert json.loads(kg("graph", "communities", "--store", store_dir, "--json"))[0]["size"] == 2
    assert kg("graph", "communities", "--store", store_dir) == out  # the same, run after run


def test_recurrence(recurring_dir):
    chain_dir = recurring_dir
    out = kg("graph", "recurrence", "--store", chain_dir)
    assert "Leeds City Council — Delay: 3 decisions" in out
    assert out.index("19 000 001") < out.index("20 000 002") < out.index("24 000 003")
    data = json.loads(kg("graph", "recurrence", "--store", chain_dir, "--within-years", "2", "--json"))
    assert [d["reference"] for d in data[0]["decisions"]] == ["19 000 001", "20 000 002"]
    assert "no authority named like" in kg("graph", "recurrence", "--store", chain_dir, "--authority", "Mars", code=3)


def test_recurrence_on_the_seeds(store_dir):
    out = kg("graph", "recurrence", "--store", store_dir, "--authority", "wiltshire")
    assert "Wiltshire Council —" in out


def test_path(chain_dir, store_dir):
    out = kg("graph", "path", "23 000 001", "23 000 004", "--store", chain_dir)
    assert out.splitlines() == [
        "23 000 001 (Wiltshire Council, 2021-01-01)",
        "  │ both cite Children Act 1989 s47  [2 decisions]",
        "23 000 002 (Leeds City Council, 2021-01-01)",
        "  │ both found a fault of delay  [2 decisions]",
        "23 000 003 (Kent County Council, 2021-01-01)",
        "  │ both concern Kent County Council  [2 decisions]",
        "23 000 004 (Kent County Council, 2021-01-01)",
        "(3 steps)",
    ]
    assert len(json.loads(kg("graph", "path", "23 000 001", "23 000 004", "--store", chain_dir, "--json"))) == 3
    assert "share no chain" in kg("graph", "path", "23 000 001", "23 000 005", "--store", chain_dir, code=3)
    assert "│ both" in kg("graph", "path", "20 007 812", "20 003 932", "--store", store_dir)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export(store_dir, tmp_path, fmt):
    for name in ("decision-provision", "cocitation", "similarity", "authority-fault"):
        path = tmp_path / f"{name}.{fmt}"
        out = kg("graph", "export", "--store", store_dir, "--format", fmt, "--projection", name, "-o", str(path))
        assert out.startswith(f"wrote {path}")
        g = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
        assert len(g) > 0 and all(g.nodes[v].get("label") for v in g)


def test_write_back(tmp_path, decisions_dir):
    path = str(tmp_path / "store")
    kg("build", str(decisions_dir), "--store", path, "--no-validate")
    first = json.loads(kg("graph", "write-back", "--store", path, "--json"))
    assert first["graph"].endswith("lgsco/analytics") and first["similarities"] == 2
    assert kg("graph", "write-back", "--store", path).startswith(f"wrote {first['triples']:,} triples")
    out = kg(
        "sparql",
        "--store",
        path,
        "PREFIX omb: <https://w3id.org/lgsco-kg/ontology#> "
        "SELECT ?d ?score WHERE { GRAPH ?g { ?d omb:similarity/omb:similarityScore ?score } } ORDER BY ?d",
    )
    assert "(2 rows)" in out
    # the commands still see two decisions
    assert json.loads(kg("graph", "communities", "--store", path, "--json"))[0]["size"] == 2


# --- the same commands against a SPARQL server ------------------------------------------------------


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory, store_dir):
    """A real `oxigraph serve` holding the seed decisions and the chain; its query URL."""
    import subprocess
    import time

    import httpx
    from test_remote import _free_port, _oxigraph  # the server helpers of the remote-store tests

    from kg.store import RemoteStore
    from kg.store.push import push

    binary = _oxigraph()
    port = _free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path_factory.mktemp("graph-server")), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 30
    while process.poll() is None and time.monotonic() < deadline:  # bounded readiness poll
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.05)
    try:
        with OxigraphStore(store_dir, read_only=True) as local, RemoteStore(url) as remote:
            push(local, remote)
            gf.load(remote, gf.chain())
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.mark.parametrize(
    "args",
    [
        ("similar", "20 007 812", "--explain", "--json"),
        ("graph", "provisions", "--json"),
        ("graph", "communities", "--json"),
        ("graph", "recurrence", "--json"),
        ("graph", "path", "23 000 001", "23 000 004", "--json"),
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_an_endpoint_gives_the_answers_a_local_store_gives(endpoint, tmp_path, store_dir, args):
    local = tmp_path / "local"
    with OxigraphStore(store_dir, read_only=True) as seeds, OxigraphStore(local) as copy:
        copy.replace_graphs(
            (URIRef(n), [(s, p, o) for s, p, o, _ in seeds.quads(URIRef(n))]) for n in seeds.graph_names()
        )
        gf.load(copy, gf.chain())
    assert json.loads(kg(*args, "--endpoint", endpoint)) == json.loads(kg(*args, "--store", str(local)))


def test_write_back_through_an_endpoint(endpoint):
    from kg.store import RemoteStore

    data = json.loads(kg("graph", "write-back", "--endpoint", endpoint, "--json"))
    assert data["similarities"] == 7 * 3  # 2 seeds and the chain's 5 all share a category: 3 links each (--top 3)
    kg("graph", "write-back", "--endpoint", endpoint)  # again: replaced, not added to
    with RemoteStore(endpoint) as remote:
        rows = remote.select(
            "PREFIX omb: <https://w3id.org/lgsco-kg/ontology#> "
            "SELECT (COUNT(*) AS ?n) WHERE { ?s omb:similarityScore ?score }"
        ).rows
    assert int(rows[0][0].toPython()) == 7 * 3
