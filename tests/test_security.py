"""What the endpoint refuses, tried as an attacker would (issue 19, points 1 and 8; docs/security.md).

SSRF: a listener on a free port of 127.0.0.1 stands in for any address the
server can reach; every way of writing SERVICE (case, SILENT, a prefixed or a
variable service IRI, comments ended by CR, CRLF or form feed, a codepoint
escape, inside EXISTS, OPTIONAL or a sub-query), and every dataset IRI
(FROM, FROM NAMED, default-graph-uri, named-graph-uri) naming the listener,
is sent by GET, by form POST and by direct POST to ``kg serve`` over an
embedded Oxigraph store, a memory store and a real Oxigraph server
(``--endpoint``).  The listener must have received no connection at all.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
from urllib.parse import quote, urlsplit

import httpx
import pytest
from test_remote import local_dir, oxigraph_server  # noqa: F401 - fixtures
from test_serve import ServerThread

from kg.serve import Settings, create_app
from kg.store import MemoryStore, OxigraphStore
from kg.store.push import push
from kg.store.remote import RemoteStore

BASE = "https://example.org/kg/"


class Listener:
    """A TCP socket listening on 127.0.0.1, port 0, that nobody should ever connect to."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.setblocking(False)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def connections(self) -> int:
        """Connections made to it so far (a connection completes in the kernel's backlog, accepted or not)."""
        count = 0
        while True:
            try:
                conn, _ = self.sock.accept()
            except BlockingIOError:
                return count
            conn.close()
            count += 1


@pytest.fixture(scope="module")
def listener():
    ear = Listener()
    yield ear
    ear.sock.close()


def spellings(url: str) -> dict[str, str]:
    """Queries that would make a server call ``url``, each written another way."""
    body = "{ ?s ?p ?o }"
    return {
        "plain": f"SELECT * WHERE {{ SERVICE <{url}/sparql> {body} }}",
        "lower case": f"select * where {{ service <{url}/sparql> {body} }}",
        "mixed case silent": f"SELECT * WHERE {{ SeRvIcE SiLeNt <{url}/sparql> {body} }}",
        "prefixed IRI": f"PREFIX ex: <{url}/> SELECT * WHERE {{ SERVICE ex:sparql {body} }}",
        "variable IRI": f"SELECT * WHERE {{ VALUES ?svc {{ <{url}/sparql> }} SERVICE ?svc {body} }}",
        "comment ended by CR": f"SELECT * WHERE {{ #x\rSERVICE <{url}/sparql> {body} }}",
        "comment ended by CRLF": f"SELECT * WHERE {{ #x\r\nSERVICE <{url}/sparql> {body} }}",
        # a form feed ends no comment (for Oxigraph and rdflib alike: SERVICE stays commented out, and the
        # query runs without it) though Python's str.splitlines ends a line there
        "comment and form feed": f"SELECT * WHERE {{ #x\fSERVICE <{url}/sparql> {body}\n ?a ?b ?c }} LIMIT 1",
        "form feed between": f"SELECT * WHERE {{\fSERVICE\f<{url}/sparql> {body} }}",
        "codepoint escape": f"SELECT * WHERE {{ \\u0053ERVICE <{url}/sparql> {body} }}",
        "escape making CR": f"SELECT * WHERE {{ #x\\u000DSERVICE <{url}/sparql> {body} }}",
        "in EXISTS": f"ASK {{ FILTER EXISTS {{ SERVICE <{url}/sparql> {body} }} }}",
        "in OPTIONAL": f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE SILENT <{url}/sparql> {body} }} }} LIMIT 1",
        "in a sub-query": f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}/sparql> {body} }} }} }}",
        "CONSTRUCT": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/sparql> {body} }}",
    }


def send(client: httpx.Client, how: str, query: str, extra: list[tuple[str, str]] = ()) -> httpx.Response:
    if how == "GET":
        return client.get("/sparql", params=[("query", query), *extra])
    if how == "form POST":
        return client.post(
            "/sparql",
            content="&".join(f"{k}={quote(v, safe='')}" for k, v in [("query", query), *extra]),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    return client.post(
        "/sparql",
        params=list(extra),
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )


@pytest.fixture(scope="module", params=["--store", "memory", "--endpoint"])
def endpoint(request, local_dir, tmp_path_factory):  # noqa: F811 - the fixture imported above
    """A client of kg serve over an embedded Oxigraph directory (as ``kg serve --store``), a memory store,
    and a real Oxigraph server (as ``kg serve --endpoint``)."""
    if request.param == "--store":
        source = str(local_dir)
    elif request.param == "memory":
        source = MemoryStore()
        with OxigraphStore(local_dir, read_only=True) as local:
            source.load_dataset(local.dataset())
    else:
        url = request.getfixturevalue("oxigraph_server")
        with OxigraphStore(local_dir, read_only=True) as local, RemoteStore(f"{url}/query") as remote:
            push(local, remote)
        source = f"{url}/query"
    app = create_app(source, Settings(base=BASE, workers=1, timeout=20))
    with ServerThread(app) as server, httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


@pytest.mark.parametrize("how", ["GET", "form POST", "direct POST"])
def test_no_way_of_writing_service_makes_the_server_call_out(endpoint, listener, how):
    for name, query in spellings(listener.url).items():
        r = send(endpoint, how, query)
        assert listener.connections() == 0, f"{name} by {how} reached the listener"
        if name == "comment and form feed":
            assert r.status_code == 200, r.text
        else:
            assert r.status_code in (400, 403), (name, r.status_code, r.text)
        if r.status_code == 403:
            assert "SERVICE" in r.text, name


@pytest.mark.parametrize("how", ["GET", "form POST", "direct POST"])
def test_dataset_iris_are_never_fetched(endpoint, listener, how):
    graph = f"{listener.url}/graph.ttl"
    cases = [
        (f"SELECT * FROM <{graph}> WHERE {{ ?s ?p ?o }} LIMIT 1", []),
        (f"SELECT * FROM NAMED <{graph}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT 1", []),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", [("default-graph-uri", graph)]),
        ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", [("named-graph-uri", graph)]),
    ]
    for query, extra in cases:
        r = send(endpoint, how, query, extra)
        assert listener.connections() == 0, (query, extra)
        assert r.status_code == 400 and "names no graph of this store" in r.text, r.text


def test_the_refusals_leave_ordinary_queries_alone(endpoint):
    query = (
        "PREFIX omb: <https://w3id.org/lgsco-kg/ontology#>\n"
        "SELECT ?r WHERE { ?d omb:reference ?r # a comment that says SERVICE <http://127.0.0.1:9/>\r\n"
        "FILTER (?r != 'SERVICE') } ORDER BY ?r"
    )
    for how in ("GET", "form POST", "direct POST"):
        r = send(endpoint, how, query)
        assert r.status_code == 200, r.text
        assert [b["r"]["value"] for b in r.json()["results"]["bindings"]] == ["20 003 932", "20 007 812"]


def test_a_worker_over_an_embedded_store_has_no_network(listener):
    """Defence in depth: even a SERVICE that got past the refusal could not leave a query worker."""
    code = (
        "import sys, pyoxigraph as ox\n"
        "from kg.serve.protocol import isolate_network\n"
        "if not isolate_network():\n"
        "    sys.exit(3)\n"
        f"try:\n    list(ox.Store().query('SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}'))\n"
        "except OSError as e:\n    print(type(e).__name__, e)\n    sys.exit(0)\n"
        "sys.exit(1)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    if done.returncode == 3:
        pytest.skip("this system allows no network namespace (not root, no unprivileged user namespaces)")
    assert done.returncode == 0, done.stdout + done.stderr
    assert listener.connections() == 0


# --- limits on the request line and headers (issue 19, point 8) -------------------------------------


def raw_get(url: str, target: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """A GET with http.client, which (unlike httpx) sends a request line of any length."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request("GET", target, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def test_a_megabyte_query_string_or_header_is_answered_and_the_server_goes_on():
    app = create_app(MemoryStore(), Settings(base=BASE, workers=1))
    with ServerThread(app) as server:
        status, text = raw_get(server.url, "/sparql?query=" + quote("ASK {} #" + "x" * 1_000_000))
        assert status == 414 and "POST" in text and "request line" in text
        status, text = raw_get(server.url, "/sparql?query=ASK%20%7B%7D", {"X-Padding": "x" * 1_000_000})
        assert status == 431 and "headers" in text
        many = {f"X-H{i}": "y" * 1000 for i in range(1000)}
        status, text = raw_get(server.url, "/sparql?query=ASK%20%7B%7D", many)
        assert status == 431
        status, text = raw_get(server.url, "/sparql?query=ASK%20%7B%7D", {"Accept": "application/sparql-results+json"})
        assert status == 200 and '"boolean": true' in text
        # under the limits, a long GET query is answered as usual
        status, text = raw_get(server.url, "/sparql?query=" + quote("ASK {} #" + "x" * 30_000))
        assert status == 200


def test_a_body_over_the_limit_is_413():
    app = create_app(MemoryStore(), Settings(base=BASE, workers=1, max_query_bytes=1000))
    with ServerThread(app) as server, httpx.Client(base_url=server.url, timeout=60) as client:
        big = "ASK {} #" + "x" * 2000
        r = client.post("/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 413 and "1,000 bytes" in r.text
        r = client.post("/sparql", data={"query": big})
        assert r.status_code == 413
        assert client.post("/sparql", data={"query": "ASK {}"}).status_code == 200
