"""kg serve as the SPARQL 1.1 Protocol says (issue 13), on both embedded stores, through a real HTTP client.

The protocol cases are written from the W3C Recommendation (query by GET, by
URL-encoded POST and by direct POST; the dataset parameters; content types;
errors), not copied from its test suite.  The store holds the two seed
decisions, a third one, and the statistics graph ``kg build`` keeps.
"""

from __future__ import annotations

import io
import logging
import os
import signal
import threading
import time
from urllib.parse import urlencode

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.query import Result
from test_serve import BASE, D812, SLOW, ServerThread, decisions

from kg.mapping import decision_graph, decision_iri
from kg.query.statistics import refresh, statistics_graph_iri
from kg.serve import Settings, create_app
from kg.store import MemoryStore, OxigraphStore
from kg.vocab import OMB

D932 = BASE + "lgsco/decision/20-003-932"
STATS = str(statistics_graph_iri(BASE))
OMB_ = "PREFIX omb: <https://w3id.org/lgsco-kg/ontology#>\n"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
REFERENCES = OMB_ + "SELECT ?r WHERE { ?d omb:reference ?r } ORDER BY ?r"
NAMED = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"


def fill(store) -> None:
    store.replace_graphs((decision_iri(d, BASE), decision_graph(d, BASE)) for d in decisions_of())
    refresh(store, BASE)


def decisions_of():
    from kg.resources import data_dir

    return decisions(data_dir() / "decisions")


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def served(request, tmp_path_factory):
    if request.param == "memory":
        store = MemoryStore()
        fill(store)
    else:
        location = tmp_path_factory.mktemp("protocol") / "store"
        with OxigraphStore(location) as writer:
            fill(writer)
        store = OxigraphStore(location, read_only=True)
    settings = Settings(base=BASE, timeout=5.0, max_results=1000, workers=2, page_size=2)
    with ServerThread(create_app(store, settings)) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        yield client, store
    store.close()


@pytest.fixture
def client(served):
    return served[0]


def count(r: httpx.Response) -> int:
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def graph_size(store, name: str) -> int:
    return sum(1 for _ in store.quads(URIRef(name)))


# --- query operation: the three ways to send a query (Protocol 2.1) ---------------------------------


def test_query_via_get_form_post_and_direct_post_agree(client):
    answers = [
        client.get("/sparql", params={"query": REFERENCES}),
        client.post("/sparql", data={"query": REFERENCES}),
        client.post("/sparql", content=REFERENCES.encode(), headers={"Content-Type": "application/sparql-query"}),
        client.post(
            "/sparql", content=REFERENCES.encode(), headers={"Content-Type": "application/sparql-query; charset=UTF-8"}
        ),
    ]
    for r in answers:
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("application/sparql-results+json")
        assert [b["r"]["value"] for b in r.json()["results"]["bindings"]] == ["20 003 932", "20 007 812", "99 999 999"]


def test_ask_describe_and_construct_answer_in_their_formats(client):
    r = client.get(
        "/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert Result.parse(io.BytesIO(r.content), format="xml").askAnswer is True
    r = client.get("/sparql", params={"query": f"DESCRIBE <{D812}>"}, headers={"Accept": "application/rdf+xml"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/rdf+xml")
    assert (URIRef(D812), OMB.reference, Literal("20 007 812")) in Graph().parse(data=r.content, format="xml")
    r = client.post(
        "/sparql", data={"query": f"CONSTRUCT WHERE {{ <{D812}> ?p ?o }}"}, headers={"Accept": "text/turtle"}
    )
    assert (URIRef(D812), OMB.reference, Literal("20 007 812")) in Graph().parse(data=r.content, format="turtle")


# --- the dataset (Protocol 2.1.4; Query 13) ---------------------------------------------------------


def test_from_and_from_named_define_the_dataset(client, served):
    store = served[1]
    assert count(
        client.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) FROM <{D812}> WHERE {{ ?s ?p ?o }}"})
    ) == (graph_size(store, D812))
    both = f"SELECT (COUNT(*) AS ?n) FROM <{D812}> FROM <{D932}> WHERE {{ ?s ?p ?o }}"
    assert count(client.get("/sparql", params={"query": both})) >= graph_size(store, D932)
    # FROM NAMED only: an empty default graph, and GRAPH sees only the graphs named
    only_named = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{D812}> WHERE {{ ?s ?p ?o }}"
    assert count(client.get("/sparql", params={"query": only_named})) == 0
    r = client.get(
        "/sparql", params={"query": f"SELECT DISTINCT ?g FROM NAMED <{D812}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"}
    )
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [D812]
    # FROM only: no named graphs at all
    r = client.get("/sparql", params={"query": f"SELECT ?g FROM <{D812}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"})
    assert r.json()["results"]["bindings"] == []


def test_protocol_dataset_parameters_define_the_dataset_and_win_over_from(client, served):
    store = served[1]
    r = client.get("/sparql", params=[("query", COUNT), ("default-graph-uri", D812)])
    assert count(r) == graph_size(store, D812)
    r = client.post(
        "/sparql",
        content=urlencode([("query", COUNT), ("default-graph-uri", D812), ("default-graph-uri", D932)]),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert count(r) >= graph_size(store, D932) and count(r) > graph_size(store, D812)
    r = client.get("/sparql", params=[("query", NAMED), ("named-graph-uri", D932)])
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [D932]
    # both parameters; and the parameters replace the query's own FROM (Protocol 2.1.4)
    from_812 = f"SELECT (COUNT(*) AS ?n) FROM <{D812}> WHERE {{ ?s ?p ?o }}"
    r = client.post(
        "/sparql",
        params=[("default-graph-uri", D932), ("named-graph-uri", D812)],
        content=from_812.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert count(r) == graph_size(store, D932)


def test_the_default_graph_is_the_union_of_the_decisions_without_the_statistics(client, served):
    store = served[1]
    co_cited = OMB_ + "SELECT (COUNT(*) AS ?n) WHERE { ?pair omb:coCited ?p }"
    assert count(client.get("/sparql", params={"query": co_cited})) == 0
    assert count(client.get("/sparql", params=[("query", co_cited), ("default-graph-uri", STATS)])) > 0
    in_graph = OMB_ + f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{STATS}> {{ ?pair omb:coCited ?p }} }}"
    assert count(client.get("/sparql", params={"query": in_graph})) > 0
    everything = count(client.get("/sparql", params={"query": COUNT}))
    decisions_only = count(
        client.get(
            "/sparql",
            params=[
                ("query", COUNT),
                *(("default-graph-uri", g) for g in (D812, D932, BASE + "lgsco/decision/99-999-999")),
            ],
        )
    )
    assert everything == decisions_only < len(store)
    # GRAPH ranges over every named graph, the statistics graph too
    r = client.get("/sparql", params={"query": NAMED})
    assert STATS in [b["g"]["value"] for b in r.json()["results"]["bindings"]]


# --- formats: Accept, and format= with a short name or a media type --------------------------------


@pytest.mark.parametrize(
    "formats, media",
    [
        (["json"], "application/sparql-results+json"),
        (["xml"], "application/sparql-results+xml"),
        (["application/sparql-results+xml"], "application/sparql-results+xml"),
        (["csv"], "text/csv"),
        (["tsv", "text/tab-separated-values"], "text/tab-separated-values"),
        (["srj"], "application/sparql-results+json"),
    ],
)
def test_format_names_and_media_types_for_results(client, formats, media):
    r = client.get("/sparql", params=[("query", REFERENCES), *(("format", f) for f in formats)])
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media


@pytest.mark.parametrize(
    "formats, media, parse_as",
    [
        (["rdf+xml", "application/rdf+xml"], "application/rdf+xml", "xml"),  # as SPARQLWrapper sends RDFXML
        (["xml"], "application/rdf+xml", "xml"),
        (["application/rdf+xml"], "application/rdf+xml", "xml"),
        (["turtle"], "text/turtle", "turtle"),
        (["text/turtle"], "text/turtle", "turtle"),
        (["n3"], "text/turtle", "turtle"),
        (["json-ld", "application/ld+json"], "application/ld+json", "json-ld"),
        (["nt"], "application/n-triples", "nt"),
    ],
)
def test_format_names_and_media_types_for_graphs(client, formats, media, parse_as):
    query = f"CONSTRUCT WHERE {{ <{D812}> ?p ?o }}"
    r = client.get("/sparql", params=[("query", query), *(("format", f) for f in formats)])
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    assert (URIRef(D812), OMB.reference, Literal("20 007 812")) in Graph().parse(data=r.content, format=parse_as)


def test_a_format_not_offered_for_the_form_is_406_with_the_choices(client):
    r = client.get("/sparql", params={"query": REFERENCES, "format": "text/turtle"})
    assert r.status_code == 406 and "application/sparql-results+json" in r.text
    r = client.get("/sparql", params={"query": f"DESCRIBE <{D812}>", "format": "csv"})
    assert r.status_code == 406 and "text/turtle" in r.text


# --- errors (Protocol 2.1.3, 2.1.5) --------------------------------------------------------------------


def test_protocol_errors(client):
    assert client.put("/sparql", content=b"ASK {}").status_code == 405
    r = client.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert r.status_code == 400 and "more than one" in r.text
    r = client.post("/sparql", content=b"query=ASK%20%7B%7D", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    assert client.post("/sparql", content=b"ASK {}").status_code == 415  # direct POST without a media type
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert r.status_code == 400 and "syntax" in r.text.lower()
    r = client.get("/sparql", params={"update": "CLEAR ALL"})
    assert r.status_code == 403
    r = client.post("/sparql", data={"query": "ASK {}", "using-graph-uri": D812})
    assert r.status_code == 403
    assert client.get("/sparql", params={"query": COUNT}).status_code == 200  # and it goes on serving


# --- the result limit: read row by row, stopped at the limit -----------------------------------------------


def test_the_result_limit_stops_reading_rather_than_building_everything(client):
    # billions of rows: only reading them one by one and stopping at the limit answers within the time limit
    huge = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    r = client.get("/sparql", params={"query": huge})
    assert r.status_code == 400, r.text
    assert "limit of 1,000" in r.text and "stopped" in r.text
    r = client.get("/sparql", params={"query": "CONSTRUCT { ?a ?b ?d } WHERE { ?a ?b ?c . ?d ?e ?f }"})
    assert r.status_code == 400 and "triples" in r.text


# --- named queries page ----------------------------------------------------------------------------------


def test_named_queries_page_with_bound_limit_and_offset(client):
    first = client.get("/queries/decisions_by_outcome", headers={"Accept": "application/sparql-results+json"})
    assert first.status_code == 200, first.text
    rows = [b["reference"]["value"] for b in first.json()["results"]["bindings"]]
    assert len(rows) == 2  # the server's page size
    nxt = first.links["next"]["url"]
    assert "offset=2" in nxt and "limit=2" in nxt and "prev" not in first.links
    second = client.get(nxt)
    assert [b["reference"]["value"] for b in second.json()["results"]["bindings"]] == ["20 003 932"]
    assert "next" not in second.links and "offset=0" in second.links["prev"]["url"]
    everything = client.get("/queries/decisions_by_outcome", params={"limit": 10, "format": "json"})
    assert [b["reference"]["value"] for b in everything.json()["results"]["bindings"]] == [*rows, "20 003 932"]
    html = client.get("/queries/decisions_by_outcome", headers={"Accept": "text/html"}).text
    assert 'rel="next"' in html
    for bad in ({"limit": "x"}, {"limit": "0"}, {"limit": "1001"}, {"offset": "-1"}, {"limit": "1 } LIMIT 5"}):
        r = client.get("/queries/decisions_by_outcome", params=bad)
        assert r.status_code == 400, bad


# --- 503: the cause in the log, Retry-After from the cause -----------------------------------------------


def test_a_time_limit_is_logged_and_says_no_retry(client, caplog):
    with caplog.at_level(logging.WARNING, logger="kg.serve.app"):
        r = client.get("/sparql", params={"query": SLOW, "timeout": "0.3"})
    assert r.status_code == 503 and "time limit" in r.text
    assert "retry-after" not in r.headers  # the same query would run out of time again
    assert any("QueryTimeout" in rec.getMessage() for rec in caplog.records)


def test_a_crashed_worker_is_logged_and_says_retry_after(tmp_path, caplog):
    store = MemoryStore()
    fill(store)
    app = create_app(store, Settings(base=BASE, workers=1, timeout=60))
    with ServerThread(app) as server, httpx.Client(base_url=server.url, timeout=60) as client:
        pool = app.state.pool
        answer: list[httpx.Response] = []
        thread = threading.Thread(target=lambda: answer.append(client.get("/sparql", params={"query": SLOW})))
        with caplog.at_level(logging.WARNING, logger="kg.serve.app"):
            thread.start()
            deadline = time.monotonic() + 30
            while pool._idle.qsize() and time.monotonic() < deadline:  # readiness: the only worker took the job
                time.sleep(0.01)
            (worker,) = pool._all
            os.kill(worker.process.pid, signal.SIGKILL)  # as the kernel's OOM killer would
            thread.join(60)
        (r,) = answer
        assert r.status_code == 503 and r.headers["retry-after"] == "1"
        assert any("WorkerCrashed" in rec.getMessage() for rec in caplog.records)


def test_an_unreachable_remote_store_is_logged(caplog):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(f"http://127.0.0.1:{port}/query", Settings(base=BASE, workers=1))
    with ServerThread(app) as server, httpx.Client(base_url=server.url, timeout=60) as client:
        with caplog.at_level(logging.WARNING, logger="kg.serve.app"):
            r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert r.status_code == 503 and "cannot reach" in r.text
        assert any("StoreError" in rec.getMessage() and "cannot reach" in rec.getMessage() for rec in caplog.records)


# --- a running server sees a later build ------------------------------------------------------------------


def test_a_running_server_picks_up_a_later_build(tmp_path):
    location = tmp_path / "store"
    items = decisions_of()
    with OxigraphStore(location) as writer:
        writer.replace_graphs((decision_iri(d, BASE), decision_graph(d, BASE)) for d in items[:2])
    query = OMB_ + "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a omb:Decision }"
    app = create_app(str(location), Settings(base=BASE, workers=2))
    with ServerThread(app) as server, httpx.Client(base_url=server.url, timeout=60) as client:
        assert count(client.get("/sparql", params={"query": query})) == 2
        assert client.get("/lgsco/decision/99-999-999", headers={"Accept": "text/turtle"}).status_code == 404
        dump = client.get("/dumps/lgsco-kg.nq").content
        with OxigraphStore(location) as writer:  # a kg build while the server runs
            writer.replace_graph(decision_iri(items[2], BASE), decision_graph(items[2], BASE))
        for _ in range(4):  # every worker, and the web process's cache
            assert count(client.get("/sparql", params={"query": query})) == 3
        assert client.get("/lgsco/decision/99-999-999", headers={"Accept": "text/turtle"}).status_code == 200
        assert len(client.get("/dumps/lgsco-kg.nq").content) > len(dump)
