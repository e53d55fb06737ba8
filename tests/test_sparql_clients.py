"""kg serve through the SPARQL clients people use: SPARQLWrapper and rdflib's SPARQLStore (issue 13).

Each client is used as its documentation shows, with its own defaults
(SPARQLWrapper sends ``format=`` and ``output=`` with names of its own and an
Accept header; SPARQLStore names a graph with ``default-graph-uri``), against
kg serve over an embedded Oxigraph store and a memory store.
"""

from __future__ import annotations

import csv
import io

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, URLENCODED, XML, SPARQLWrapper
from test_serve import BASE, D812, ServerThread

from kg.serve import Settings, create_app
from kg.store import MemoryStore, OxigraphStore
from kg.vocab import OMB

REFERENCES = (
    "PREFIX omb: <https://w3id.org/lgsco-kg/ontology#> "
    "SELECT ?d ?r WHERE { ?d a omb:Decision ; omb:reference ?r } ORDER BY ?r"
)
CONSTRUCT = (
    "PREFIX omb: <https://w3id.org/lgsco-kg/ontology#> CONSTRUCT { ?d omb:reference ?r } WHERE { ?d omb:reference ?r }"
)


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def served(request, tmp_path_factory):
    from test_sparql_protocol import fill

    if request.param == "memory":
        store = MemoryStore()
        fill(store)
    else:
        location = tmp_path_factory.mktemp("clients") / "store"
        with OxigraphStore(location) as writer:
            fill(writer)
        store = OxigraphStore(location, read_only=True)
    with ServerThread(create_app(store, Settings(base=BASE, workers=2, max_results=5000))) as server:
        yield server.url + "/sparql", store
    store.close()


def wrapper(url: str, query: str, fmt: str, method: str = "GET", request: str | None = None) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method == "POST":
        sparql.setMethod(POST)
        sparql.setRequestMethod(request or URLENCODED)
    return sparql


@pytest.mark.parametrize("method, request_method", [("GET", None), ("POST", URLENCODED), ("POST", POSTDIRECTLY)])
def test_sparqlwrapper_select_as_json(served, method, request_method):
    url, _ = served
    data = wrapper(url, REFERENCES, JSON, method, request_method).queryAndConvert()
    assert data["head"]["vars"] == ["d", "r"]
    assert [b["r"]["value"] for b in data["results"]["bindings"]] == ["20 003 932", "20 007 812", "99 999 999"]
    assert data["results"]["bindings"][1]["d"] == {"type": "uri", "value": D812}


def test_sparqlwrapper_select_as_xml_csv_and_tsv(served):
    url, _ = served
    document = wrapper(url, REFERENCES, XML).queryAndConvert()  # a DOM of SPARQL XML results
    values = [n.firstChild.data for n in document.getElementsByTagName("literal")]
    assert values == ["20 003 932", "20 007 812", "99 999 999"]
    table = wrapper(url, REFERENCES, CSV).queryAndConvert().decode()
    assert list(csv.reader(io.StringIO(table)))[2] == [D812, "20 007 812"]
    assert not table.endswith("\r\n\r\n")  # no blank line after the last row
    tsv = wrapper(url, REFERENCES, TSV).queryAndConvert().decode().splitlines()
    assert tsv[0] == "?d\t?r" and tsv[2] == f'<{D812}>\t"20 007 812"'


def test_sparqlwrapper_ask(served):
    url, _ = served
    assert wrapper(url, "ASK { ?s ?p ?o }", JSON).queryAndConvert()["boolean"] is True
    assert (
        wrapper(url, "ASK { <http://nothing/here> ?p ?o }", XML)
        .query()
        .convert()
        .getElementsByTagName("boolean")[0]
        .firstChild.data
        == "false"
    )


@pytest.mark.parametrize("fmt", [RDFXML, XML, TURTLE, N3])
def test_sparqlwrapper_construct_and_describe(served, fmt):
    url, store = served
    graph = wrapper(url, CONSTRUCT, fmt).queryAndConvert()
    if not isinstance(graph, Graph):  # SPARQLWrapper hands Turtle and N3 over as bytes
        graph = Graph().parse(data=graph, format="turtle")
    assert (URIRef(D812), OMB.reference, Literal("20 007 812")) in graph and len(graph) == 3
    described = wrapper(url, f"DESCRIBE <{D812}>", fmt).queryAndConvert()
    if not isinstance(described, Graph):
        described = Graph().parse(data=described, format="turtle")
    assert (URIRef(D812), OMB.reference, Literal("20 007 812")) in described


def test_rdflib_sparqlstore_reads_named_graphs(served):
    url, store = served
    remote = SPARQLStore(url, returnFormat="xml")
    one = Graph(store=remote, identifier=URIRef(D812))  # SPARQLStore names it with default-graph-uri
    assert isomorphic(_graph(one.triples((None, None, None))), store.graph(URIRef(D812)))
    assert len(one) == len(store.graph(URIRef(D812)))
    assert URIRef(D812) in set(remote.contexts())  # SELECT ?name WHERE { GRAPH ?name {} }
    rows = list(Graph(store=remote).query(REFERENCES))
    assert [str(r[1]) for r in rows] == ["20 003 932", "20 007 812", "99 999 999"]


def _graph(triples) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g
