"""kg serve: every endpoint through a real HTTP client against a real server, on both embedded stores.

The server is uvicorn in a thread on port 0 (a free port), with the worker
processes of :mod:`kg.serve.pool`; the store holds the seed decisions and a
decision whose every text field carries HTML (``<script>``).  The base IRI
the graph mints under is not the server's address, as in a deployment.
"""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from datetime import date
from decimal import Decimal
from hashlib import sha256
from html.parser import HTMLParser
from urllib.parse import quote

import httpx
import pytest
import uvicorn
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, VOID
from rdflib.query import Result

from kg.mapping import decision_graph, decision_iri
from kg.model import Citation, ComplaintPoint, Decision, Fault, Finding, Injustice, Remedy, Span
from kg.parse import parse_file
from kg.query import list_queries, records, run
from kg.serve import Settings, create_app, server_config
from kg.store import MemoryStore, OxigraphStore
from kg.vocab import OMB

BASE = "https://example.org/kg/"
D812 = BASE + "lgsco/decision/20-007-812"
EVIL = "99 999 999"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT_DECISIONS = (
    "PREFIX omb: <https://w3id.org/lgsco-kg/ontology#> SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a omb:Decision }"
)
CONSTRUCT = (
    "PREFIX omb: <https://w3id.org/lgsco-kg/ontology#> CONSTRUCT { ?d omb:reference ?r } WHERE { ?d omb:reference ?r }"
)


# --- a server in a thread ------------------------------------------------------------------------


class ServerThread:
    """uvicorn on 127.0.0.1, port 0, in a thread; ``url`` once it listens; a clean shutdown on exit."""

    def __init__(self, app) -> None:
        self.server = uvicorn.Server(server_config(app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = ""

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:  # bounded readiness poll
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("kg serve did not start; see the log above")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        assert not self.thread.is_alive(), "kg serve did not shut down"


def evil_decision() -> Decision:
    """A decision whose every text field holds markup: none of it may reach a page unescaped."""
    paras = [
        "Evil <script>alert('head')</script> Council (99 999 999)",
        "",
        "1. Ms <i>X</i> complains <script>alert('point')</script> about noise.",
        "2. The Council <img src=x onerror=alert('fault')> delayed. This was fault.",
        "3. The delay caused distress </div><script>alert('injustice')</script>.",
        "4. The Council will pay Ms X £100 <script>alert('remedy')</script>.",
        "5. Under the Care Act 2014 <script>alert('cite')</script> section 9.",
    ]
    text = "\n".join(paras) + "\n"

    def span(quote_: str) -> Span:
        start = text.index(quote_)
        return Span(start, start + len(quote_), quote_, paragraph=None)

    return Decision(
        reference=EVIL,
        source_name="<script>evil.txt",
        sha256=sha256(text.encode()).hexdigest(),
        text=text,
        authority="Evil <script>alert('authority')</script> Council",
        category="Housing",
        subcategory="Other",
        outcome="Upheld",
        decision_date=date(2022, 2, 2),
        summary=span("complains <script>alert('point')</script>"),
        complainant="Ms <i>X</i>",
        complete=True,
        complaint_points=(
            ComplaintPoint(1, "<script>alert('point text')</script>", span("<script>alert('point')</script>")),
        ),
        findings=(Finding(1, "fault", span("This was fault."), point=1),),
        faults=(Fault(1, "delay", span("<img src=x onerror=alert('fault')> delayed"), finding=1, point=1),),
        injustices=(Injustice(1, "distress", span("</div><script>alert('injustice')</script>"), caused_by=(1,)),),
        remedies=(
            Remedy(
                1,
                "payment",
                "agreed",
                span("pay Ms X £100 <script>alert('remedy')</script>"),
                amount=Decimal("100"),
                payee="<b>Ms X</b>",
                purpose="<script>alert('purpose')</script>",
                deadline="<i>soon</i>",
                remedies=(1,),
            ),
        ),
        statutes=(
            Citation(
                act="Care Act 2014",
                provision="s9",
                iri="http://www.legislation.gov.uk/id/ukpga/2014/23/section/9",
                text="Care Act 2014 <script>alert('cite')</script> section 9",
                label="Care Act <script>alert('label')</script> 2014 s9",
                spans=(span("Care Act 2014 <script>alert('cite')</script> section 9"),),
            ),
        ),
    )


def decisions(decisions_dir) -> list[Decision]:
    return [parse_file(p) for p in sorted(decisions_dir.glob("*.txt"))] + [evil_decision()]


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def served(request, tmp_path_factory, decisions_dir):
    """(client, store) for a kg serve over each kind of store."""
    items = decisions(decisions_dir)
    if request.param == "memory":
        store = MemoryStore()
    else:
        store = OxigraphStore(tmp_path_factory.mktemp("serve") / "store")
    store.replace_graphs((decision_iri(d, BASE), decision_graph(d, BASE)) for d in items)
    if request.param == "oxigraph":  # the server opens it read-only in its workers; keep ours read-only too
        location = store.location
        store.close()
        store = OxigraphStore(location, read_only=True)
    settings = Settings(base=BASE, timeout=5.0, max_results=1000, workers=2)
    app = create_app(store, settings)
    with ServerThread(app) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        yield client, store, app
    store.close()


@pytest.fixture
def client(served):
    return served[0]


@pytest.fixture
def store(served):
    return served[1]


def media(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0]


# --- the SPARQL protocol ---------------------------------------------------------------------


def test_query_by_get_by_form_and_by_body_agree(client):
    answers = [
        client.get("/sparql", params={"query": COUNT_DECISIONS}),
        client.post("/sparql", data={"query": COUNT_DECISIONS}),
        client.post("/sparql", content=COUNT_DECISIONS, headers={"Content-Type": "application/sparql-query"}),
    ]
    for r in answers:
        assert r.status_code == 200, r.text
        assert media(r) == "application/sparql-results+json"
        assert r.json()["results"]["bindings"][0]["n"]["value"] == "3"


@pytest.mark.parametrize(
    "accept, expected",
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/*;q=0.1, application/sparql-results+json;q=0.05", "text/csv"),
        ("*/*;q=0.1, text/tab-separated-values", "text/tab-separated-values"),
        ("application/sparql-results+json;q=0, text/csv;q=0.2", "text/csv"),
        ("text/html", "text/html"),
    ],
)
def test_select_negotiation(client, accept, expected):
    headers = {"Accept": accept} if accept else {}
    r = client.get("/sparql", params={"query": COUNT_DECISIONS}, headers=headers)
    assert r.status_code == 200, r.text
    assert media(r) == expected
    assert "Accept" in r.headers["vary"]
    body = r.text
    if expected == "application/sparql-results+json":
        assert r.json()["head"]["vars"] == ["n"]
    elif expected == "application/sparql-results+xml":
        parsed = Result.parse(io.BytesIO(r.content), format="xml")
        assert [int(row[0]) for row in parsed] == [3]
    elif expected == "text/csv":
        assert list(csv.reader(io.StringIO(body))) == [["n"], ["3"]]
    elif expected == "text/tab-separated-values":
        assert body.splitlines() == ["?n", '"3"^^<http://www.w3.org/2001/XMLSchema#integer>']
    else:
        assert "<table>" in body


@pytest.mark.parametrize(
    "accept, fmt",
    [
        (None, "turtle"),
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("text/turtle;q=0.2, application/ld+json;q=0.8", "json-ld"),
        ("application/rdf+xml;q=0.3, application/n-triples;q=0.4, */*;q=0.1", "nt"),
    ],
)
def test_construct_negotiation(client, accept, fmt):
    headers = {"Accept": accept} if accept else {}
    r = client.post("/sparql", data={"query": CONSTRUCT}, headers=headers)
    assert r.status_code == 200, r.text
    graph = Graph().parse(data=r.content, format=fmt)
    assert len(graph) == 3
    assert (URIRef(D812), OMB.reference, Literal("20 007 812")) in graph


def test_ask(client):
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert r.json() == {"head": {}, "boolean": True}
    r = client.get(
        "/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert Result.parse(io.BytesIO(r.content), format="xml").askAnswer is True


def test_malformed_query_is_400_with_a_message(client):
    r = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?p "})
    assert r.status_code == 400
    assert "syntax" in r.text.lower() and len(r.text) > 20
    r = client.get("/sparql")
    assert r.status_code == 400 and "query=" in r.text
    r = client.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert r.status_code == 400 and "more than one" in r.text


@pytest.mark.parametrize("how", ["form", "body", "get", "query"])
def test_updates_are_refused(client, store, how):
    update = f"DROP GRAPH <{D812}>"
    if how == "form":
        r = client.post("/sparql", data={"update": update})
    elif how == "body":
        r = client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"})
    elif how == "get":
        r = client.get("/sparql", params={"update": update})
    else:
        r = client.post("/sparql", data={"query": "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"})
    assert r.status_code == 403
    assert "read-only" in r.text
    assert (
        client.get("/sparql", params={"query": COUNT_DECISIONS}).json()["results"]["bindings"][0]["n"]["value"] == "3"
    )


def test_service_is_refused(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
    assert r.status_code == 403 and "SERVICE" in r.text


def test_from_a_graph_the_store_lacks_is_refused_never_fetched(client):
    r = client.get("/sparql", params={"query": "SELECT * FROM <http://127.0.0.1:9/x.ttl> WHERE { ?s ?p ?o } LIMIT 1"})
    assert r.status_code == 400 and "<http://127.0.0.1:9/x.ttl> names no graph of this store" in r.text


def test_other_bodies_are_415(client):
    r = client.post("/sparql", content=b"{}", headers={"Content-Type": "application/json"})
    assert r.status_code == 415


def test_406_when_nothing_acceptable(client):
    for path in ("/sparql?query=" + quote(COUNT_DECISIONS), "/lgsco/decision/20-007-812", "/queries"):
        r = client.get(path, headers={"Accept": "image/png"})
        assert r.status_code == 406, path
        assert "offered" in r.text
    r = client.get("/lgsco/decision/20-007-812", params={"format": "png"})
    assert r.status_code == 406


def test_time_limit_answers_and_frees_the_worker(client):
    started = time.monotonic()
    slow = [client.get("/sparql", params={"query": SLOW, "timeout": "0.3"}) for _ in range(3)]
    assert time.monotonic() - started < 15
    for r in slow:
        assert r.status_code == 503
        assert "time limit of 0.3 s" in r.text
    # the stopped workers were replaced: ordinary queries are answered at once
    for _ in range(4):
        r = client.get("/sparql", params={"query": COUNT_DECISIONS})
        assert r.status_code == 200


def test_a_full_queue_is_refused_at_once_and_a_stopped_worker_replaced():
    import asyncio

    import factories

    from kg.serve.pool import Busy, QueryTimeout, StoreSpec, WorkerPool

    spec = StoreSpec.of(factories.load(MemoryStore()))

    def job(query: str) -> dict:
        return {"query": query, "accept": None}

    async def scenario() -> None:
        pool = WorkerPool(spec, Settings(), size=1, max_pending=1)
        await pool.start()
        try:
            slow = asyncio.create_task(pool.run("sparql", job(SLOW), 0.5))
            await asyncio.sleep(0)  # the slow job takes the only worker
            waiting = asyncio.create_task(pool.run("sparql", job("ASK { ?s ?p ?o }"), 30))
            await asyncio.sleep(0)  # and this one fills the queue
            with pytest.raises(Busy):
                await pool.run("sparql", job("ASK {}"), 5)
            with pytest.raises(QueryTimeout):
                await slow
            reply = await waiting  # answered by the worker that replaced the stopped one
            assert reply.status == 200 and b"true" in reply.body
            assert pool.restarts == 1
        finally:
            await pool.close()

    asyncio.run(scenario())


def test_timeout_parameter_only_lowers_the_limit():
    from kg.errors import InputError
    from kg.serve.app import _timeout

    settings = Settings(timeout=5)
    assert _timeout(None, settings) == 5 and _timeout("1.5", settings) == 1.5 and _timeout("600", settings) == 5
    for bad in ("x", "0", "-1"):
        with pytest.raises(InputError):
            _timeout(bad, settings)


def test_result_size_limit(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 400
    assert "limit of 1,000" in r.text and "LIMIT" in r.text
    r = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert r.status_code == 400 and "triples" in r.text
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1000"})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 1000


def test_cors(client):
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://yasgui.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    r = client.options(
        "/sparql",
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, accept",
        },
    )
    assert r.status_code == 200
    assert "POST" in r.headers["access-control-allow-methods"]
    assert "content-type" in r.headers["access-control-allow-headers"].lower()
    r = client.get("/lgsco/decision/20-007-812", headers={"Origin": "https://x.example", "Accept": "text/turtle"})
    assert r.headers["access-control-allow-origin"] == "*"


# --- named queries ---------------------------------------------------------------------------------


def test_queries_are_listed(client):
    r = client.get("/queries")
    assert media(r) == "application/json"
    listed = {q["name"]: q for q in r.json()}
    assert set(listed) == {q.name for q in list_queries()}
    assert listed["remedies_of_decision"]["params"][0]["name"] == "reference"
    html = client.get("/queries", headers={"Accept": "text/html"}).text
    assert all(f'href="/queries/{name}"' in html for name in listed)


def test_named_query_runs_with_bound_parameters(client, store):
    r = client.get("/queries/remedies_of_decision", params={"reference": "20-007-812"})
    assert r.status_code == 200
    expected = run(store, "remedies_of_decision", {"reference": "20 007 812"})
    got = r.json()
    assert got["head"]["vars"] == list(expected.vars)
    assert len(got["results"]["bindings"]) == len(expected.rows) > 0
    csv_rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(
                    "/queries/decisions_by_outcome", params={"outcome": "upheld"}, headers={"Accept": "text/csv"}
                ).text
            )
        )
    )
    assert [row["reference"] for row in csv_rows] == [
        r["reference"] for r in records(run(store, "decisions_by_outcome", {"outcome": "upheld"}))
    ]


def test_named_query_errors(client):
    assert client.get("/queries/no_such_query").status_code == 404
    r = client.get("/queries/remedies_of_decision")
    assert r.status_code == 400 and "reference" in r.text
    r = client.get("/queries/remedies_of_decision", params={"reference": "x", "colour": "red"})
    assert r.status_code == 400 and "colour" in r.text
    r = client.get("/queries/decisions_by_authority", params={"name": 'x" } ; DROP ALL ; #'})
    assert r.status_code == 200 and r.json()["results"]["bindings"] == []


# --- linked-data pages -----------------------------------------------------------------------------


class _Text(HTMLParser):
    """The text inside the element with class ``source``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth, self.parts, self.marks = 0, [], 0

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += 1
            self.marks += tag == "mark"
        elif ("class", "source") in attrs:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def test_decision_page(client, store):
    r = client.get("/lgsco/decision/20-007-812", headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
    assert r.status_code == 200 and media(r) == "text/html"
    page = r.text
    assert "Decision 20 007 812: Wiltshire Council" in page
    for heading in ("Complaint points and findings", "Faults", "Injustice", "Remedies", "Citations", "Source text"):
        assert f">{heading}<" in page
    assert 'href="https://www.legislation.gov.uk/ukpga/1989/41/section/17"' in page
    assert 'href="/provision?iri=http%3A%2F%2Fwww.legislation.gov.uk%2Fid%2Fukpga%2F1989%2F41%2Fsection%2F17"' in page
    assert 'href="/lgsco/authority/wiltshire-council"' in page
    # the source text is all there, and every extracted span is marked and anchored
    graph = store.graph(URIRef(D812))
    text = str(graph.value(graph.value(URIRef(D812), OMB.sourceText), OMB.text))
    parser = _Text()
    parser.feed(page)
    assert "".join(parser.parts) == text
    evidence = set(graph.objects(None, OMB.evidence))
    assert parser.marks > 0 and len(evidence) > 10
    for ev in evidence:
        anchor = "ev-" + str(ev)[len(D812) + 1 :].replace("/evidence", "").replace("/", "-")
        assert f'id="{anchor}"' in page and f'href="#{anchor}"' in page


@pytest.mark.parametrize(
    "accept, fmt",
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_decision_as_data(client, store, accept, fmt):
    r = client.get("/lgsco/decision/20-007-812", headers={"Accept": accept})
    assert r.status_code == 200 and media(r) == accept
    assert isomorphic(Graph().parse(data=r.content, format=fmt), store.graph(URIRef(D812)))
    by_param = client.get("/lgsco/decision/20-007-812", params={"format": fmt.replace("-", "")})
    assert by_param.status_code == 200 and media(by_param) == accept


def test_unknown_iris_are_404(client):
    for path in (
        "/lgsco/decision/00-000-000",
        "/lgsco/authority/nowhere",
        "/nothing/here",
        "/lgsco/a%20b",
        "/vocab/outcome/maybe",
        "/provision?iri=http://www.legislation.gov.uk/id/ukpga/1900/1",
    ):
        for accept in ("text/html", "text/turtle"):
            r = client.get(path, headers={"Accept": accept})
            assert r.status_code == 404, (path, accept)


def test_parts_of_a_decision_dereference(client):
    r = client.get("/lgsco/decision/20-007-812/fault/1", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format="turtle")
    assert (URIRef(D812 + "/fault/1"), RDF.type, OMB.Fault) in g
    html = client.get("/lgsco/decision/20-007-812/fault/1", headers={"Accept": "text/html"}).text
    assert 'href="/lgsco/decision/20-007-812"' in html and "omb:faultType" in html


def test_authority_page(client):
    r = client.get("/lgsco/authority/wiltshire-council", headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert "Wiltshire Council" in r.text and 'href="/lgsco/decision/20-007-812"' in r.text
    g = Graph().parse(
        data=client.get("/lgsco/authority/wiltshire-council", headers={"Accept": "text/turtle"}).content,
        format="turtle",
    )
    assert (URIRef(D812), OMB.authority, URIRef(BASE + "lgsco/authority/wiltshire-council")) in g


def test_provision_page(client):
    iri = "http://www.legislation.gov.uk/id/ukpga/1974/7"
    r = client.get("/provision", params={"iri": iri}, headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert 'href="/lgsco/decision/20-007-812"' in r.text and "https://www.legislation.gov.uk/ukpga/1974/7" in r.text
    # a legislation.gov.uk page URL is read as its identifier
    r = client.get(
        "/provision", params={"iri": "https://www.legislation.gov.uk/ukpga/1974/7"}, headers={"Accept": "text/html"}
    )
    assert r.status_code == 200
    g = Graph().parse(
        data=client.get("/provision", params={"iri": iri + "/section/26"}, headers={"Accept": "text/turtle"}).content,
        format="turtle",
    )
    assert len(g) > 0
    r = client.get("/resource", params={"iri": iri}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/provision?iri=")


def test_concepts_and_ontology(client):
    r = client.get("/vocab/outcome/upheld", headers={"Accept": "text/html"})
    assert r.status_code == 200 and "Upheld" in r.text and "Used by 3 decisions" in r.text
    g = Graph().parse(
        data=client.get("/vocab/outcome/upheld", headers={"Accept": "text/turtle"}).content, format="turtle"
    )
    assert (URIRef("https://w3id.org/lgsco-kg/vocab/outcome/upheld"), RDF.type, None) in g
    assert client.get("/vocab/outcome", headers={"Accept": "text/html"}).status_code == 200
    assert "Decision outcomes" in client.get("/vocab/", headers={"Accept": "text/html"}).text
    onto = Graph().parse(data=client.get("/ontology", headers={"Accept": "text/turtle"}).content, format="turtle")
    assert (URIRef("https://w3id.org/lgsco-kg/ontology"), None, None) in onto
    assert 'id="Decision"' in client.get("/ontology", headers={"Accept": "text/html"}).text
    r = client.get("/context.jsonld")
    assert media(r) == "application/ld+json" and "omb" in r.json()["@context"]


def test_void(client, store):
    r = client.get("/.well-known/void")
    assert media(r) == "text/turtle"
    g = Graph().parse(data=r.content, format="turtle")
    ds = next(g.subjects(VOID.sparqlEndpoint, None))
    assert int(g.value(ds, VOID.triples)) == len(store)
    assert int(g.value(ds, VOID.entities)) == 3
    assert str(g.value(ds, VOID.sparqlEndpoint)) == str(client.base_url).rstrip("/") + "/sparql"
    dumps = sorted(str(d) for d in g.objects(ds, VOID.dataDump))
    assert [d.rsplit("/", 1)[1] for d in dumps] == ["lgsco-kg.jsonld", "lgsco-kg.nq", "lgsco-kg.trig"]
    assert URIRef(D812) in set(g.objects(ds, VOID.exampleResource))
    assert URIRef("https://w3id.org/lgsco-kg/ontology#") in set(g.objects(ds, VOID.vocabulary))
    assert str(g.value(ds, VOID.uriSpace)) == BASE
    html = client.get("/.well-known/void", headers={"Accept": "text/html"})
    assert html.status_code == 200 and "void:triples" in html.text


@pytest.mark.parametrize(
    "name, fmt", [("lgsco-kg.nq", "nquads"), ("lgsco-kg.trig", "trig"), ("lgsco-kg.jsonld", "json-ld")]
)
def test_dumps(client, store, name, fmt):
    r = client.get(f"/dumps/{name}")
    assert r.status_code == 200, r.text
    ds = Dataset()
    ds.parse(data=r.content, format=fmt)
    assert sum(len(g) for g in ds.graphs()) == len(store)
    named = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert named == set(store.graph_names())
    assert isomorphic(ds.graph(URIRef(D812)), store.graph(URIRef(D812)))


def test_unknown_dump_is_404(client):
    assert client.get("/dumps/lgsco-kg.exe").status_code == 404


def test_home_page_and_query_form(client):
    r = client.get("/", headers={"Accept": "text/html"})
    assert r.status_code == 200 and "3 decisions" in r.text and 'href="/lgsco/decision/' in r.text
    r = client.get("/sparql", headers={"Accept": "text/html"})
    assert r.status_code == 200 and "<textarea" in r.text and 'action="/sparql"' in r.text


def test_identical_requests_are_answered_from_the_cache(served):
    client, _, app = served
    params = {"outcome": "not-upheld", "format": "json"}
    first = client.get("/queries/decisions_by_outcome", params=params)
    hits = app.state.cache.hits
    second = client.get("/queries/decisions_by_outcome", params=params)
    assert first.status_code == second.status_code == 200 and first.content == second.content
    assert app.state.cache.hits == hits + 1


# --- escaping ----------------------------------------------------------------------------------------


def test_text_from_decisions_is_escaped(client):
    evil = "/lgsco/decision/99-999-999"
    authority = "/lgsco/authority/" + "evil-script-alert-authority-script-council"
    pages = [
        client.get(evil, headers={"Accept": "text/html"}),
        client.get(authority, headers={"Accept": "text/html"}),
        client.get(evil + "/remedy/1", headers={"Accept": "text/html"}),
        client.get(
            "/provision",
            params={"iri": "http://www.legislation.gov.uk/id/ukpga/2014/23/section/9"},
            headers={"Accept": "text/html"},
        ),
        client.get("/queries/decisions_by_authority", params={"name": "evil", "format": "html"}),
        client.get("/queries/remedies_of_decision", params={"reference": EVIL, "format": "html"}),
        client.get(
            "/sparql",
            params={"query": "SELECT ?t WHERE { ?s <https://w3id.org/lgsco-kg/ontology#text> ?t }", "format": "html"},
        ),
        client.get("/lgsco/<script>alert(1)</script>", headers={"Accept": "text/html"}),
    ]
    for r in pages:
        assert r.status_code in (200, 404), r.text
        assert media(r) == "text/html"
        assert "<script" not in r.text.lower(), r.url
        assert "<img" not in r.text.lower() and "<i>" not in r.text and "<b>" not in r.text, r.url
    assert "&lt;script&gt;alert(&#39;point&#39;)&lt;/script&gt;" in pages[0].text
    assert "&lt;img src=x onerror=alert(&#39;fault&#39;)&gt;" in pages[0].text


def test_unit_marking_and_links():
    from kg.serve.pages import Linker, marked

    linker = Linker("https://example.org/kg/", "/root")
    assert linker.href("https://example.org/kg/lgsco/decision/1") == "/root/lgsco/decision/1"
    assert linker.href("https://w3id.org/lgsco-kg/vocab/outcome/upheld") == "/root/vocab/outcome/upheld"
    assert linker.href("https://w3id.org/lgsco-kg/ontology#Fault") == "/root/ontology#Fault"
    assert linker.href("http://www.legislation.gov.uk/id/ukpga/1989/41").startswith("/root/provision?iri=http%3A")
    assert linker.href("https://elsewhere.example/x") == "https://elsewhere.example/x"
    assert linker.href("javascript:alert(1)") == ""  # never a link that runs script
    assert linker.path_iri("/lgsco/decision/1") == "https://example.org/kg/lgsco/decision/1"
    pieces = marked(
        "0123456789",
        [
            {"start": 2, "end": 5, "kind": "fault", "anchor": "a"},
            {"start": 4, "end": 8, "kind": "remedy", "anchor": "b"},
            {"start": 50, "end": 60, "kind": "bad", "anchor": "c"},
        ],
    )
    assert "".join(p["text"] for p in pieces) == "0123456789"
    assert [(p["text"], [m["kind"] for m in p["marks"]], p["anchors"]) for p in pieces] == [
        ("01", [], []),
        ("23", ["fault"], ["a"]),
        ("4", ["remedy", "fault"], ["b"]),
        ("567", ["remedy"], []),
        ("89", [], []),
    ]


def test_unit_negotiation():
    from kg.export import Format, ResultFormat
    from kg.serve.negotiation import graph_offers, negotiate, result_offers

    assert negotiate(None, result_offers()) is ResultFormat.json
    assert negotiate("text/csv;q=0.9, text/tab-separated-values", result_offers()) is ResultFormat.tsv
    assert (
        negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", graph_offers(html=True)) == "html"
    )
    assert negotiate("application/ld+json, text/turtle", graph_offers()) is Format.jsonld
    assert negotiate("text/turtle;q=0, */*", graph_offers()) is Format.nt
    assert negotiate("application/*", graph_offers()) is Format.nt
    assert negotiate("text/plain", graph_offers()) is None


def test_unit_results_writers_round_trip():
    from rdflib import BNode

    from kg.export import ResultFormat
    from kg.serve.negotiation import write_results
    from kg.store import SelectResult

    rows = (
        (URIRef("http://x/a"), Literal('say "hi"\n\tthere', lang="en"), Literal(5)),
        (BNode("b1"), None, Literal("1.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))),
    )
    result = SelectResult(("s", "label", "n"), rows)
    for fmt in (ResultFormat.json, ResultFormat.xml):
        parsed = Result.parse(io.BytesIO(write_results(result, fmt)), format=fmt.name)
        assert [str(v) for v in parsed.vars] == ["s", "label", "n"]
        got = list(parsed)
        assert got[0][0] == rows[0][0] and got[0][1] == rows[0][1] and int(got[0][2]) == 5
        assert got[1][1] is None
    parsed = Result.parse(io.BytesIO(write_results(result, ResultFormat.tsv)), format="tsv")
    assert list(parsed)[0][1] == rows[0][1]
    assert json.loads(write_results(True, ResultFormat.json)) == {"head": {}, "boolean": True}
