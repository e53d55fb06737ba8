"""kg.export: one table of formats; every format re-parses to what the store holds."""

from __future__ import annotations

import io
import json

import factories
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg.errors import InputError
from kg.export import Format, export, serialize
from kg.store import MemoryStore, OxigraphStore


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def store(request, tmp_path_factory):
    s = MemoryStore() if request.param == "memory" else OxigraphStore(tmp_path_factory.mktemp("x") / "store")
    factories.load(s)
    yield s
    s.close()


def _union(store) -> Graph:
    g = Graph()
    for s, p, o, _ in store.quads():
        g.add((s, p, o))
    return g


# --- the table ------------------------------------------------------------------------


def test_the_table():
    assert Format.names() == ["ttl", "nt", "nq", "trig", "jsonld", "xml"]
    assert [(f.media_type, f.suffix, f.holds_graphs) for f in Format] == [
        ("text/turtle", ".ttl", False),
        ("application/n-triples", ".nt", False),
        ("application/n-quads", ".nq", True),
        ("application/trig", ".trig", True),
        ("application/ld+json", ".jsonld", True),
        ("application/rdf+xml", ".rdf", False),
    ]
    assert len({f.media_type for f in Format}) == len(Format) == len({f.suffix for f in Format})


@pytest.mark.parametrize("fmt", list(Format), ids=lambda f: f.name)
def test_lookups_agree(fmt):
    assert Format.from_name(fmt.name) is fmt
    assert Format.from_name(fmt.label) is fmt
    assert Format.from_suffix(fmt.suffix) is fmt
    assert Format.from_suffix(f"out/store{fmt.suffix}") is fmt
    assert Format.from_media_type(fmt.media_type.upper() + "; charset=utf-8") is fmt
    for value in (fmt, fmt.name, fmt.suffix, fmt.media_type):
        assert Format.lookup(value) is fmt


def test_aliases():
    assert Format.from_name("turtle") is Format.ttl
    assert Format.from_name("N-Quads") is Format.nq
    assert Format.from_name("json-ld") is Format.jsonld
    assert Format.from_name("rdfxml") is Format.xml
    assert Format.from_suffix("x.xml") is Format.xml
    assert Format.from_media_type("application/json") is Format.jsonld


@pytest.mark.parametrize(
    "call, value",
    [
        (Format.from_name, "csv"),
        (Format.from_suffix, "x.csv"),
        (Format.from_media_type, "text/csv"),
    ],
)
def test_unknown_formats_say_what_is_known(call, value):
    with pytest.raises(InputError) as info:
        call(value)
    assert value in str(info.value) and ("ttl" in str(info.value) or "turtle" in str(info.value))


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("application/n-quads", Format.nq),
        ("text/html;q=0.9, application/ld+json", Format.jsonld),
        ("application/rdf+xml;q=0.5, text/turtle;q=0.8", Format.ttl),
        ("*/*", Format.ttl),
        ("", Format.ttl),
        ("text/html, application/xhtml+xml", None),
        ("text/turtle;q=0, application/trig", Format.trig),
    ],
)
def test_content_negotiation(accept, expected):
    assert Format.negotiate(accept) is expected


# --- exports re-parse to the store's graphs ---------------------------------------------------


@pytest.mark.parametrize("fmt", list(Format), ids=lambda f: f.name)
def test_every_format_round_trips(store, fmt):
    data = serialize(store, fmt)
    if fmt.holds_graphs:
        parsed = Dataset()
        parsed.parse(data=data, format=fmt.rdflib_format)
        names = sorted(str(g.identifier) for g in parsed.graphs() if len(g))
        assert names == store.graph_names()
        for name in names:
            assert isomorphic(parsed.graph(URIRef(name)), store.graph(URIRef(name))), name
    else:
        assert isomorphic(Graph().parse(data=data, format=fmt.rdflib_format), _union(store))


def test_triple_formats_write_the_union_once(store):
    union = _union(store)
    assert len(union) < len(store)  # the authority and provision triples shared by decisions
    nt_lines = [line for line in serialize(store, Format.nt).decode().splitlines() if line.strip()]
    assert len(nt_lines) == len(union)


def test_prefixes_are_bound(store):
    assert "@prefix omb: <https://w3id.org/lgsco-kg/ontology#>" in serialize(store, "ttl").decode()
    assert "@prefix oa: <http://www.w3.org/ns/oa#>" in serialize(store, "trig").decode()
    assert 'xmlns:omb="https://w3id.org/lgsco-kg/ontology#"' in serialize(store, "xml").decode()


def test_jsonld_has_one_graph_object_per_decision(store):
    doc = json.loads(serialize(store, Format.jsonld))
    assert doc["@context"]["omb"] == "https://w3id.org/lgsco-kg/ontology#"
    graphs = doc["@graph"]
    assert sorted(g["@id"] for g in graphs) == store.graph_names()
    assert all(g["@graph"] for g in graphs)


def test_export_to_a_path_and_to_a_binary_file(store, tmp_path):
    path = tmp_path / "out" / "kg.nq"
    export(store, "nq", path)
    assert path.read_bytes() == serialize(store, Format.nq)
    assert not list(path.parent.glob(".*part"))  # no temporary file left
    buffer = io.BytesIO()
    export(store, Format.ttl, buffer)
    assert buffer.getvalue() == serialize(store, Format.ttl)


def test_an_empty_store_exports(tmp_path):
    for fmt in Format:
        assert isinstance(serialize(MemoryStore(), fmt), bytes)
