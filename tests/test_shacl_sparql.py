"""SHACL-SPARQL in the fast engine: pre-binding by rewriting the query, the native quote check, blank-node focus nodes.

The quote check of ``ontology/shapes.ttl`` runs in Python (:mod:`kg.validate.native`) because SPARQL's SUBSTR
walks the text from its start for every quote (quadratic on a large decision).  Here it must give exactly the
rows SPARQL gives, on every kind of broken offset: the same shapes with the query changed by a comment (so it is
no longer the native one) run it through SPARQL on pyoxigraph.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef

from kg.mapping import decision_graph
from kg.parse import parse_file
from kg.resources import ontology_file
from kg.terms import nt, parts
from kg.validate.fast import compile_shapes, compiled_plan, validate_nt
from kg.validate.native import NATIVE, normalize
from kg.validate.shapes import load_shapes
from kg.validate.sparql import prepare_text, tokenize

OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def generic(tmp_path_factory):
    """The project's shapes with the quote query marked by a comment: the same query, run through SPARQL."""
    text = ontology_file("shapes.ttl").read_text(encoding="utf-8")
    marked = text.replace(
        "SELECT $this ?value ?start ?end WHERE {", "SELECT $this ?value ?start ?end WHERE { # generic"
    )
    assert marked != text
    path = tmp_path_factory.mktemp("shapes") / "generic.ttl"
    path.write_text(marked, encoding="utf-8")
    return compile_shapes(load_shapes(str(path)))


def test_the_projects_quote_check_is_the_native_one():
    """If this fails, the query in shapes.ttl changed: update kg/validate/native.py, or validation of a large
    decision goes back to growing with the square of its size (issue 19, point 7)."""
    plan = compiled_plan()
    assert not plan.rest
    from rdflib.namespace import SH

    shapes = load_shapes()
    queries = [str(q) for q in shapes.objects(None, SH.select)]
    assert len(queries) == 1
    prefixes = "PREFIX oa: <http://www.w3.org/ns/oa#>\nPREFIX omb: <https://w3id.org/lgsco-kg/ontology#>\n"
    assert normalize(prefixes + queries[0]) in NATIVE


def _offsets(decision_terms, how: str):
    out = list(decision_terms)
    positions = [i for i, t in enumerate(out) if t[1] == f"<{OA}start>"]
    i = positions[len(positions) // 2]
    s, p, o = out[i]
    end = next(k for k, t in enumerate(out) if t[0] == s and t[1] == f"<{OA}end>")
    value = {
        "negative": nt(Literal(-3)),
        "beyond": nt(Literal(10**7)),
        "after end": nt(Literal(int(parts(out[end][2])[0]) + 5)),
        "byte": nt(Literal("2", datatype=URIRef(XSD + "byte"))),
        "decimal": nt(Literal("2.5", datatype=URIRef(XSD + "decimal"))),
        "ill-typed": nt(Literal("x", datatype=URIRef(XSD + "integer"))),
        "huge": nt(Literal(2**70)),
    }.get(how)
    if value is not None:
        out[i] = (s, p, value)
    elif how == "second start":
        out.append((s, p, nt(Literal(0))))
    elif how == "second quote":
        quote = next(t[2] for t in out if t[0] == s.replace("/position", "/quote") and t[1] == f"<{OA}exact>")
        out.append((s.replace("/position", "/quote"), f"<{OA}exact>", quote[:-1] + ' and more"'))
    elif how == "iri quote":
        out = [
            (a, b, "<http://example.org/x>" if b == f"<{OA}exact>" and a.endswith("/quote>") else c) for a, b, c in out
        ]
    elif how == "blank quote":
        out = [(a, b, "_:q" if b == f"<{OA}exact>" else c) for a, b, c in out]
    return out


@pytest.mark.parametrize(
    "how",
    ["none", "negative", "beyond", "after end", "byte", "decimal", "ill-typed", "huge", "second start",
     "second quote", "iri quote", "blank quote"],
)  # fmt: skip
def test_the_native_quote_check_gives_the_rows_sparql_gives(decisions_dir, generic, how):
    graph = decision_graph(parse_file(decisions_dir / "lgsco-20-007-812.txt"))
    terms = _offsets([(nt(s), nt(p), nt(o)) for s, p, o in graph], how)
    native = sorted(map(repr, validate_nt(terms, shapes=compile_shapes(load_shapes()))))
    through_sparql = sorted(map(repr, validate_nt(terms, shapes=generic)))
    assert native == through_sparql
    quote_rows = [r for r in native if "SourceTextQuotesShape" in r]
    assert (quote_rows == []) == (how in ("none", "ill-typed", "decimal", "huge", "blank quote")), how


def test_pre_binding_rewrites_variables_never_strings_iris_or_comments():
    q = prepare_text('SELECT $this WHERE { $this <urn:p> "$this" . # $this\n FILTER (?x != <urn:$this>) }')
    bound = q.bind("<urn:a>")
    assert bound == 'SELECT (<urn:a> AS ?this) WHERE { <urn:a> <urn:p> "$this" . # $this\n FILTER (?x != <urn:$this>) }'
    assert "".join(t for _, t in tokenize("SELECT ?a WHERE { ?a ?b 'it''s' }")) == "SELECT ?a WHERE { ?a ?b 'it''s' }"


def test_group_by_order_by_and_nested_selects_stay_valid_sparql():
    q = prepare_text(
        "SELECT $this (COUNT(?o) AS ?n) WHERE { { SELECT $this ?o WHERE { $this ?p ?o } } } "
        "GROUP BY $this HAVING (COUNT(?o) > 1) ORDER BY $this"
    )
    bound = q.bind("<urn:a>")
    store = ox.Store()
    store.load(b"<urn:a> <urn:p> 1 , 2 .", format=ox.RdfFormat.TURTLE)
    rows = list(store.query(bound))
    assert [(str(r["this"]), str(r["n"])) for r in rows] == [
        ("<urn:a>", '"2"^^<http://www.w3.org/2001/XMLSchema#integer>')
    ]


def test_a_blank_node_focus_node_is_pre_bound_too(tmp_path):
    """SPARQL text cannot name a blank node: such focus nodes run on rdflib with the node bound, as pySHACL does."""
    shapes = tmp_path / "s.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:S> a sh:NodeShape ; sh:targetObjectsOf <urn:has> ;\n"
        '  sh:sparql [ sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this <urn:name> ?n } }" ] .\n',
        encoding="utf-8",
    )
    a, b = BNode("a"), BNode("b")
    terms = [
        ("<urn:x>", "<urn:has>", nt(a)),
        ("<urn:x>", "<urn:has>", nt(b)),
        (nt(a), "<urn:name>", '"A"'),
    ]
    found = validate_nt(terms, shapes=compile_shapes(load_shapes(str(shapes))))
    assert [(r.focus_node, r.value) for r in found] == [("_:b", "_:b")]


def test_shapes_graph_and_current_shape_are_pre_bound(tmp_path):
    """W3C sparql/pre-binding/shapesGraph-001, which pySHACL cannot run."""
    shapes = tmp_path / "s.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:S> a sh:NodeShape ; sh:targetNode <urn:a> ; <urn:mark> 42 ;\n"
        '  sh:sparql [ sh:select "SELECT $this WHERE { GRAPH $shapesGraph { $currentShape <urn:mark> 42 } }" ] .\n',
        encoding="utf-8",
    )
    found = validate_nt([("<urn:a>", "<urn:p>", "<urn:b>")], shapes=compile_shapes(load_shapes(str(shapes))))
    assert [r.focus_node for r in found] == ["urn:a"]
