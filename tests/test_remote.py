"""kg.store.remote: a real Oxigraph server (the ``oxigraph`` package) as the store, through SPARQL and the Graph Store Protocol.

The server runs on 127.0.0.1 on a free port (``oxigraph serve`` takes no
port 0, so one is found by binding a socket first), and is ready when it
answers a query (a bounded poll).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.sparql import prepareQuery

from kg.cli import main
from kg.errors import InputError, StoreError
from kg.mapping import decision_graph, decision_iri
from kg.parse import parse_file
from kg.query import list_queries, records, run
from kg.store import OxigraphStore, open_store
from kg.store.push import push
from kg.store.remote import RemoteStore
from kg.store.sparql import bind_values, query_form

BASE = "https://example.org/kg/"  # not the server's address: it need not be
EXAMPLES = {  # a value for each parameter a named query declares
    "reference": "20 007 812",
    "name": "wiltshire",
    "outcome": "upheld",
    "provision": "http://www.legislation.gov.uk/id/ukpga/1974/7",
    "type": "unitary-authority",
}


def _oxigraph() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.skip("the oxigraph server is not installed (pip install -e '.[test]')")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """The URL of a fresh ``oxigraph serve`` on 127.0.0.1 (its /query, /update and /store endpoints)."""
    binary = _oxigraph()
    for _attempt in range(3):  # the port may be taken between finding it and binding it
        port = _free_port()
        location = tmp_path_factory.mktemp("oxigraph-server")
        process = subprocess.Popen(
            [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while process.poll() is None and time.monotonic() < deadline:  # bounded readiness poll
            try:
                if httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        if process.poll() is None:
            break
    else:
        raise RuntimeError(f"oxigraph serve did not start: {process.stderr.read().decode()[:500]}")
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def local_dir(tmp_path_factory, decisions_dir) -> Path:
    """An Oxigraph store directory holding the seed decisions (closed: open it read-only)."""
    path = tmp_path_factory.mktemp("local") / "store"
    with OxigraphStore(path) as store:
        for p in sorted(decisions_dir.glob("*.txt")):
            d = parse_file(p)
            store.replace_graph(decision_iri(d, BASE), decision_graph(d, BASE))
    return path


@pytest.fixture(scope="module")
def local(local_dir):
    with OxigraphStore(local_dir, read_only=True) as store:
        yield store


@pytest.fixture(scope="module")
def remote(oxigraph_server, local):
    with RemoteStore(f"{oxigraph_server}/query") as store:
        push(local, store)
        yield store


# --- round trips ------------------------------------------------------------------------------------


def test_push_round_trip_is_isomorphic(local, remote):
    assert remote.graph_names() == local.graph_names() and len(local.graph_names()) == 2
    for name in local.graph_names():
        assert isomorphic(remote.graph(URIRef(name)), local.graph(URIRef(name))), name
    assert len(remote) == len(local)


def test_pushing_twice_changes_nothing(local, remote):
    before = set(remote.quads())
    assert push(local, remote) == (2, len(local))
    assert set(remote.quads()) == before
    assert len(remote) == len(local)


@pytest.mark.parametrize("query", [q.name for q in list_queries()])
def test_every_named_query_gives_the_same_answer(local, remote, query):
    q = next(x for x in list_queries() if x.name == query)
    params = {p.name: EXAMPLES[p.name] for p in q.params}
    here, there = run(local, q, params), run(remote, q, params)
    assert there.vars == here.vars
    assert records(there) == records(here)
    if q.params and not any(p.required for p in q.params):  # optional parameters left out
        assert records(run(remote, q, {})) == records(run(local, q, {}))


def test_default_graph_is_the_union(local, remote):
    query = (
        "PREFIX omb: <https://w3id.org/lgsco-kg/ontology#> "
        "SELECT ?d ?r WHERE { ?d a omb:Decision ; omb:reference ?r } ORDER BY ?r"
    )
    assert remote.select(query).rows == local.select(query).rows
    assert len(remote.select(query).rows) == 2
    ask = 'ASK { ?s <https://w3id.org/lgsco-kg/ontology#reference> "20 007 812" }'
    assert remote.ask(ask) is local.ask(ask) is True
    construct = "CONSTRUCT { ?d ?p ?o } WHERE { ?d a <https://w3id.org/lgsco-kg/ontology#Decision> ; ?p ?o }"
    assert isomorphic(remote.construct(construct), local.construct(construct))


def test_bound_values_are_values(remote, local):
    hostile = 'x" } ; DROP ALL ; #\n"""\\'
    query = "SELECT ?name ?d WHERE { GRAPH ?d { ?d <https://w3id.org/lgsco-kg/ontology#reference> ?name } }"
    assert remote.select(query, {"name": Literal(hostile)}).rows == ()
    assert len(remote) == len(local)
    with pytest.raises(InputError, match="project"):
        remote.select(query, {"nope": Literal("x")})
    with pytest.raises(InputError):
        remote.select("SELECT ?x WHERE { ?s ?p ?x }", {"x": URIRef("http://a/b> } ; DROP ALL ; <http://c")})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
    lang=st.sampled_from([None, "en", "en-GB"]),
)
def test_any_text_round_trips_through_a_bound_value(remote, text, lang):
    value = Literal(text, lang=lang)
    rows = remote.select("SELECT ?x WHERE { }", {"x": value}).rows
    assert rows == ((value,),)


def test_bind_values_keeps_queries_valid():
    cases = [
        ("SELECT * WHERE { SELECT ?x WHERE { ?s ?p ?x } }", "x"),
        ("PREFIX : <http://a/>\nSELECT ?x (EXISTS { ?x :p ?y } AS ?e) { ?x :q :SELECT } # { ?x }", "x"),
        ("CONSTRUCT { ?s ?p ?x } WHERE { ?s ?p ?x }", "x"),
        ("ASK { ?s ?p ?x FILTER(?x < 3 && ?x > 1) }", "x"),
        ("SELECT ?n WHERE { { SELECT ?n (COUNT(*) AS ?c) WHERE { ?s ?p ?n } GROUP BY ?n } }", "n"),
        ("SELECT ?x WHERE { ?s ?p '''{ not a group }''' ; ?q ?x }", "x"),
    ]
    for query, var in cases:
        bound = bind_values(query, {var: Literal("v")})
        prepareQuery(bound)
        assert bound.count("VALUES") >= 1
    with pytest.raises(InputError):
        bind_values("CONSTRUCT WHERE { ?s ?p ?x }", {"x": Literal("v")})
    assert query_form("PREFIX x: <http://x/> DESCRIBE <http://x/a>") == "DESCRIBE"
    assert query_form("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }") == "UPDATE"


# --- the command line -----------------------------------------------------------------------------


def test_query_and_sparql_commands_take_an_endpoint(oxigraph_server, local_dir, remote):
    runner = CliRunner()
    for args in (
        ["query", "remedies_of_decision", "-p", "reference=20 007 812", "--format", "json"],
        ["query", "total_payments_by_authority", "--format", "csv"],
        ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "csv"],
    ):
        here = runner.invoke(main, [*args, "--store", str(local_dir)])
        there = runner.invoke(main, [*args, "--endpoint", f"{oxigraph_server}/query"])
        assert here.exit_code == 0, here.output
        assert there.exit_code == 0, there.output
        assert there.output == here.output
    both = runner.invoke(
        main, ["query", "decisions_by_outcome", "--store", str(local_dir), "--endpoint", f"{oxigraph_server}/query"]
    )
    assert both.exit_code == 2 and "both were given" in both.output
    neither = runner.invoke(main, ["query", "decisions_by_outcome"])
    assert neither.exit_code == 2 and "--endpoint" in neither.output


def test_push_command(oxigraph_server, local_dir, local, tmp_path):
    runner = CliRunner()
    with OxigraphStore(tmp_path / "empty"):
        pass
    endpoint = f"{oxigraph_server}/query"
    first = runner.invoke(main, ["push", "--store", str(local_dir), "--endpoint", endpoint])
    assert first.exit_code == 0, first.output
    assert "pushed 2 graphs" in first.output
    with RemoteStore(endpoint) as remote:
        before = set(remote.quads())
        second = runner.invoke(main, ["push", "--store", str(local_dir), "--endpoint", endpoint])
        assert second.exit_code == 0
        assert set(remote.quads()) == before and len(remote) == len(local)


def test_open_store_dispatches_urls(oxigraph_server):
    with open_store(f"{oxigraph_server}/query") as store:
        assert isinstance(store, RemoteStore) and store.gsp_url == f"{oxigraph_server}/store"
        assert len(store.graph_names()) == 2


# --- transient errors -------------------------------------------------------------------------------


def _mock(handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def test_retries_with_backoff_on_transient_errors():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        if len(calls) == 1:
            raise httpx.ConnectError("refused", request=request)
        if len(calls) == 2:
            return httpx.Response(503, text="warming up")
        if len(calls) == 3:
            return httpx.Response(429, headers={"Retry-After": "0"})
        return httpx.Response(204)

    store = RemoteStore("http://sparql.invalid/query", client=_mock(handler), backoff=0.001)
    store.replace_graph(URIRef("http://g/1"), [(URIRef("http://a"), URIRef("http://b"), Literal("c"))])
    assert calls == ["PUT"] * 4


def test_gives_up_after_the_retries_with_a_clear_error():
    store = RemoteStore(
        "http://sparql.invalid/query",
        retries=2,
        backoff=0.001,
        client=_mock(lambda r: httpx.Response(502, text="bad gateway")),
    )
    with pytest.raises(StoreError, match="502"):
        store.replace_graph(URIRef("http://g/1"), [(URIRef("http://a"), URIRef("http://b"), Literal("c"))])
    refused = RemoteStore(f"http://127.0.0.1:{_free_port()}/query", retries=1, backoff=0.001)
    with pytest.raises(StoreError, match="cannot reach"):
        refused.graph_names()


def test_client_errors_are_not_retried():
    calls = []

    def handler(request):
        calls.append(1)
        return httpx.Response(400, text="Parser error at line 1")

    store = RemoteStore("http://sparql.invalid/query", client=_mock(handler), backoff=0.001)
    with pytest.raises(InputError, match="Parser error"):
        store.select("SELECT * WHERE { ?s ?p ?o }")
    assert len(calls) == 1


def test_a_server_without_a_union_default_graph_is_sent_the_graph_names():
    """Fuseki-like: no union by default, unknown parameters refused; the store names the graphs itself."""
    from urllib.parse import parse_qsl

    seen = []
    row = {
        "s": {"type": "uri", "value": "http://a"},
        "p": {"type": "uri", "value": "http://b"},
        "o": {"type": "literal", "value": "c"},
    }

    def handler(request: httpx.Request) -> httpx.Response:
        form = parse_qsl(request.content.decode(), keep_blank_values=True)
        query = dict(form)["query"]
        names = [v for k, v in form if k == "default-graph-uri"]
        seen.append((query, names))
        if "union-default-graph" in dict(form):
            return httpx.Response(400, text="unknown parameter union-default-graph")
        if query.startswith("ASK"):
            return httpx.Response(200, json={"head": {}, "boolean": bool(names)})
        if "DISTINCT ?g" in query:
            bindings = [{"g": {"type": "uri", "value": g}} for g in ("http://g/1", "http://g/2")]
            return httpx.Response(200, json={"head": {"vars": ["g"]}, "results": {"bindings": bindings}})
        if "LIMIT 1" in query:
            return httpx.Response(200, json={"head": {"vars": ["s", "p", "o"]}, "results": {"bindings": [row]}})
        return httpx.Response(
            200,
            json={"head": {"vars": ["s"]}, "results": {"bindings": []}},
            headers={"Content-Type": "application/sparql-results+json"},
        )

    store = RemoteStore("http://fuseki.invalid/ds/sparql", client=_mock(handler), backoff=0.001)
    assert store.gsp_url == "http://fuseki.invalid/ds/sparql"
    store.select("SELECT ?s WHERE { ?s ?p ?o }")
    assert seen[-1] == ("SELECT ?s WHERE { ?s ?p ?o }", ["http://g/1", "http://g/2"])


# --- kg serve over a remote store -----------------------------------------------------------------


def test_serve_over_a_remote_store(oxigraph_server, remote):
    from test_serve import ServerThread

    from kg.serve import Settings, create_app

    app = create_app(f"{oxigraph_server}/query", Settings(base=BASE, workers=1))
    with ServerThread(app) as server, httpx.Client(base_url=server.url) as client:
        r = client.get("/lgsco/decision/20-007-812", headers={"Accept": "text/html"})
        assert r.status_code == 200 and "Wiltshire Council" in r.text
        r = client.get("/queries/decisions_by_outcome", headers={"Accept": "text/csv"})
        assert r.status_code == 200 and r.text.count("\n") == 3


def test_push_sync_deletes_what_the_store_no_longer_has_after_a_dry_run(oxigraph_server, local_dir, tmp_path):
    """A decision removed (or renamed) locally is deleted on the server by --sync; --dry-run only says so."""
    endpoint = f"{oxigraph_server}/query"
    runner = CliRunner()
    gone = BASE + "lgsco/decision/01-234-567"  # a decision the store no longer has
    foreign = "https://elsewhere.example/lgsco/decision/1"  # another publisher's decision: never ours to delete
    other = "https://example.org/kg/some-other-graph"
    with RemoteStore(endpoint) as remote:
        assert runner.invoke(main, ["push", "--store", str(local_dir), "--endpoint", endpoint]).exit_code == 0
        for name in (gone, foreign, other):
            remote.replace_graph(URIRef(name), [(URIRef(name), URIRef("http://x/p"), Literal("x"))])
        before = set(remote.graph_names())
        dry = runner.invoke(main, ["push", "--store", str(local_dir), "--endpoint", endpoint, "--sync", "--dry-run"])
        assert dry.exit_code == 0, dry.output
        assert "would delete 1 decision graphs" in dry.output and gone in dry.output
        assert foreign not in dry.output and other not in dry.output
        assert set(remote.graph_names()) == before  # nothing changed
        done = runner.invoke(main, ["push", "--store", str(local_dir), "--endpoint", endpoint, "--sync"])
        assert done.exit_code == 0, done.output
        assert "deleted 1 decision graphs" in done.output
        assert set(remote.graph_names()) == before - {gone}
        again = runner.invoke(main, ["push", "--store", str(local_dir), "--endpoint", endpoint, "--sync"])
        assert "deleted 0 decision graphs" in again.output
        for name in (foreign, other):
            remote.remove_graph(URIRef(name))
    empty = tmp_path / "empty"
    with OxigraphStore(empty):
        pass
    refused = runner.invoke(main, ["push", "--store", str(empty), "--endpoint", endpoint, "--sync"])
    assert refused.exit_code == 2 and "holds no decision graph" in refused.output


def test_sparql_command_takes_an_endpoint_for_every_form(oxigraph_server, local_dir, remote):
    runner = CliRunner()
    d812 = BASE + "lgsco/decision/20-007-812"
    for args in (
        ["sparql", "ASK { ?s ?p ?o }"],
        ["sparql", f"SELECT (COUNT(*) AS ?n) FROM <{d812}> WHERE {{ ?s ?p ?o }}", "--format", "csv"],
        ["sparql", f"CONSTRUCT WHERE {{ <{d812}> ?p ?o }}", "--format", "nt"],
        ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--default-graph-uri", d812],
    ):
        here = runner.invoke(main, [*args, "--store", str(local_dir)])
        there = runner.invoke(main, [*args, "--endpoint", f"{oxigraph_server}/query"])
        assert here.exit_code == 0, here.output
        assert there.exit_code == 0, there.output
        if "nt" in args:
            assert sorted(there.output.splitlines()) == sorted(here.output.splitlines())
        else:
            assert there.output == here.output
