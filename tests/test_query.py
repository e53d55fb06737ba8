"""kg.query and queries/*.rq: header grammar, bound parameters, hand-checked answers, golden results."""

from __future__ import annotations

import difflib
import json
import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import factories
import pytest
from factories import CA_17, CA_47, CARE_9, EA_508B, LGA_26_1
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import KgError, NotFoundError, QueryParameterError
from kg.jsontext import dumps
from kg.query import (
    Param,
    compact,
    format_result,
    list_queries,
    load_query,
    parse_query,
    records,
    run,
)
from kg.resources import queries_dir
from kg.store import MemoryStore, OxigraphStore
from kg.vocab import LEGISLATION_ID, slug

VOCAB = "https://w3id.org/lgsco-kg/vocab/"
INJECTION = 'x" } ; DROP ALL ; #'
REQUIRED_QUERIES = [
    "decisions_by_outcome",
    "decisions_citing_provision",
    "total_payments_by_authority",
    "remedies_of_decision",
    "faults_by_type_and_authority",
    "provision_cocitation",
    "findings_by_point",
    "fault_evidence",
    "decision_summary",
]


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    mem = factories.load(MemoryStore(), statistics=True)
    oxi = factories.load(OxigraphStore(tmp_path_factory.mktemp("oxi") / "store"), statistics=True)
    yield mem, oxi
    oxi.close()


@pytest.fixture(scope="module")
def mem(stores):
    return stores[0]


def rows(store, query, **params):
    return records(run(store, query, params))


def key(iri: str | None) -> str | None:
    """The concept key of a vocabulary IRI: .../vocab/remedy-type/payment -> payment."""
    return None if iri is None else iri.rsplit("/", 1)[-1]


# --- the files ---------------------------------------------------------------------


def test_the_required_queries_exist():
    names = [q.name for q in list_queries()]
    assert set(REQUIRED_QUERIES) <= set(names)
    assert names == sorted(names)


@pytest.mark.parametrize("path", sorted(queries_dir().glob("*.rq")), ids=lambda p: p.stem)
def test_every_rq_file_follows_the_conventions(path):
    text = path.read_text(encoding="utf-8")
    assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", path.stem), "snake_case name"
    assert re.search(r"^#\+ summary: \S", text, re.M), "a '#+ summary:' line"
    assert re.search(r"^ORDER BY ", text, re.M), "ORDER BY always"
    prefixes = set(re.findall(r"^PREFIX (\w*):", text, re.M))
    used = set(re.findall(r"(?<![\w<#])([a-z]\w*):(?=[A-Za-z_])", re.sub(r"<[^>]*>|#.*|\"[^\"]*\"", "", text)))
    assert prefixes and used <= prefixes, f"own PREFIX lines for {sorted(used - prefixes)}"
    q = load_query(path.stem)
    assert q.summary and q.text == text
    for p in q.params:
        assert f"${p.name}" in text


def test_header_grammar():
    q = parse_query(
        "#+ summary: Test.\n#+ params: a (integer, required) — an a\n#+ params: b (concept:outcome, optional) -- b\n"
        "SELECT ?a ?b WHERE { ?s ?p $a ; ?q $b } ORDER BY ?a\n",
        "t",
    )
    assert q.params == (Param("a", "integer", True, "an a"), Param("b", "concept:outcome", False, "b"))
    assert str(q.params[0]) == "a (integer, required) — an a"


@pytest.mark.parametrize(
    "text, message",
    [
        ("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", "summary"),
        ("#+ summary: x\n#+ params: a (number, required)\nSELECT ?a WHERE { ?s ?p $a } ORDER BY ?s", "unknown type"),
        ("#+ summary: x\n#+ params: a integer\nSELECT ?a WHERE { ?s ?p $a } ORDER BY ?s", "bad parameter line"),
        ("#+ summary: x\n#+ param: a (iri, required)\nSELECT ?a WHERE { ?s ?p $a } ORDER BY ?s", "unknown header"),
        ("#+ summary: x\nSELECT ?s WHERE { ?s ?p $a } ORDER BY ?s", "placeholders"),
        ("#+ summary: x\n#+ params: a (iri, required)\nSELECT ?s WHERE { ?s ?p $a } ORDER BY ?s", "projects each"),
        ("#+ summary: x\nSELECT ?s WHERE { ?s ?p } ORDER BY ?s", "syntax"),
    ],
)
def test_bad_headers_name_the_file_and_the_fix(text, message):
    with pytest.raises(KgError, match=message) as info:
        parse_query(text, "bad", Path("queries/bad.rq"))
    assert "bad.rq" in str(info.value)


def test_unknown_query_lists_the_available_ones():
    with pytest.raises(NotFoundError) as info:
        load_query("no_such_query")
    assert "decisions_by_outcome" in str(info.value) and "no_such_query" in str(info.value)
    with pytest.raises(NotFoundError):
        load_query("../pyproject")


# --- parameters --------------------------------------------------------------------


@pytest.mark.parametrize(
    "type_, given, expected",
    [
        ("iri", " http://www.legislation.gov.uk/id/ukpga/1989/41/section/47 ", URIRef(CA_47)),
        ("iri", "https://www.legislation.gov.uk/ukpga/1989/41/section/47", URIRef(CA_47)),
        ("iri", "https://legislation.gov.uk/ukpga/1989/41/section/47/enacted", URIRef(CA_47)),
        ("iri", "http://www.legislation.gov.uk/ukpga/1989/41/section/47/2021-01-01/", URIRef(CA_47)),
        ("iri", "omb:Decision", URIRef("https://w3id.org/lgsco-kg/ontology#Decision")),
        ("string", "Wiltshire", Literal("Wiltshire")),
        ("integer", "12", Literal(12)),
        ("decimal", "£1,500.50", Literal(Decimal("1500.50"), datatype=XSD.decimal)),
        ("date", "2021-05-17", Literal(date(2021, 5, 17), datatype=XSD.date)),
        ("reference", "20 007 812", Literal("20 007 812")),
        ("reference", "20-007-812", Literal("20 007 812")),
        ("reference", "20007812", Literal("20 007 812")),
        ("concept:outcome", "upheld", URIRef(VOCAB + "outcome/upheld")),
        ("concept:outcome", "Not upheld", URIRef(VOCAB + "outcome/not-upheld")),
        (
            "concept:outcome",
            VOCAB + "outcome/closed-after-initial-enquiries",
            URIRef(VOCAB + "outcome/closed-after-initial-enquiries"),
        ),
        (
            "concept:category",
            "Children's care services > Other",
            URIRef(VOCAB + "category/childrens-care-services/other"),
        ),
    ],
)
def test_parameter_types(type_, given, expected):
    term = Param("x", type_, True).convert(given)
    assert term == expected and type(term) is type(expected)


@pytest.mark.parametrize(
    "type_, given",
    [
        ("iri", INJECTION),
        ("iri", "not an iri"),
        ("integer", "1.5"),
        ("decimal", "lots"),
        ("date", "17 May 2021"),
        ("concept:outcome", "partly upheld"),
        ("concept:outcome", INJECTION),
    ],
)
def test_malformed_parameters(type_, given):
    with pytest.raises(QueryParameterError, match="parameter 'x'"):
        Param("x", type_, True).convert(given)


def test_missing_required_parameter(mem):
    with pytest.raises(QueryParameterError, match=r"needs parameter reference .*-p reference="):
        run(mem, "remedies_of_decision", {})
    with pytest.raises(QueryParameterError, match="needs parameter"):
        run(mem, "remedies_of_decision", {"reference": "  "})


def test_unknown_parameter_lists_the_declared_ones(mem):
    with pytest.raises(QueryParameterError, match=r"no parameter 'ref'.*reference \(reference, required\)"):
        run(mem, "remedies_of_decision", {"ref": "20 007 812"})


@pytest.mark.parametrize(
    "name, param",
    [
        ("remedies_of_decision", "reference"),
        ("decision_summary", "reference"),
        ("fault_evidence", "reference"),
        ("findings_by_point", "reference"),
        ("decisions_by_authority", "name"),
    ],
)
def test_injection_text_is_bound_as_a_literal(stores, name, param):
    for store in stores:
        before = len(store)
        assert run(store, name, {param: INJECTION}).rows == ()
        assert len(store) == before
        assert len(store.graph_names()) == 4  # three decisions and the statistics graph


def test_malformed_values_are_refused_before_the_store_sees_them(mem):
    with pytest.raises(QueryParameterError):
        run(mem, "decisions_citing_provision", {"provision": INJECTION})
    with pytest.raises(QueryParameterError, match="upheld, not-upheld"):
        run(mem, "decisions_by_outcome", {"outcome": INJECTION})


# --- same answers on both stores ------------------------------------------------------

CASES = [
    ("decisions_by_outcome", {}),
    ("decisions_by_outcome", {"outcome": "upheld"}),
    ("decisions_citing_provision", {"provision": CA_47}),
    ("decisions_citing_provision", {"provision": "http://www.legislation.gov.uk/id/ukpga/1989/41"}),
    ("total_payments_by_authority", {}),
    ("faults_by_type_and_authority", {}),
    ("provision_cocitation", {}),
    ("payments_by_injustice_type", {}),
    ("decisions_by_authority", {"name": "wilt"}),
    ("remedies_where_provision_cited", {"provision": LGA_26_1}),
    ("decisions_by_authority_type_and_year", {}),
    ("decisions_by_authority_type_and_year", {"type": "unitary-authority"}),
] + [
    (name, {"reference": ref})
    for name in ("remedies_of_decision", "findings_by_point", "fault_evidence", "decision_summary")
    for ref in ("20 007 812", "20 003 932", "21 001 234")
]


def test_every_query_has_a_cross_store_case():
    assert {q.name for q in list_queries()} <= {name for name, _ in CASES}


@pytest.mark.parametrize("name, params", CASES, ids=lambda v: v if isinstance(v, str) else "-".join(v.values()))
def test_same_results_on_memory_and_oxigraph(stores, name, params):
    mem, oxi = stores
    a, b = run(mem, name, params), run(oxi, name, params)
    assert a.vars == b.vars
    assert a.rows == b.rows  # order included: every query ORDER BYs
    assert len(a) > 0 or params.get("reference") == "21 001 234"  # no faults, no remedies


# --- hand-computed answers for the factory decisions --------------------------------------


def test_decisions_by_outcome(mem):
    assert [r["reference"] for r in rows(mem, "decisions_by_outcome")] == ["21 001 234", "20 007 812", "20 003 932"]
    upheld = rows(mem, "decisions_by_outcome", outcome="upheld")
    assert [(r["reference"], r["decisionDate"], r["authority"]) for r in upheld] == [
        ("20 007 812", "2021-05-17", "Wiltshire Council"),
        ("20 003 932", "2021-03-10", "Wiltshire Council"),
    ]
    assert [r["reference"] for r in rows(mem, "decisions_by_outcome", outcome="Not upheld")] == ["21 001 234"]
    assert rows(mem, "decisions_by_outcome", outcome="closed-after-initial-enquiries") == []


def test_decisions_citing_provision(mem):
    s47 = rows(mem, "decisions_citing_provision", provision=CA_47)
    assert [(r["reference"], r["citedText"]) for r in s47] == [
        ("20 003 932", "section 47 of the Children Act 1989"),
        ("20 007 812", "section 47"),
    ]
    whole_act = rows(mem, "decisions_citing_provision", provision="http://www.legislation.gov.uk/id/ukpga/1989/41")
    assert [(r["reference"], r["cited"]) for r in whole_act] == [
        ("20 003 932", CA_47),
        ("20 007 812", CA_17),
        ("20 007 812", CA_47),
    ]
    section_26 = rows(mem, "decisions_citing_provision", provision=LGA_26_1.rsplit("/", 1)[0])
    assert [r["reference"] for r in section_26] == ["20 003 932", "20 007 812", "21 001 234"]
    web_page = rows(
        mem, "decisions_citing_provision", provision="https://www.legislation.gov.uk/ukpga/1989/41/section/47"
    )
    assert web_page == s47
    assert rows(mem, "decisions_citing_provision", provision=LGA_26_1 + "0") == []


def test_total_payments_by_authority(mem):
    got = [
        (r["authority"], r["decisions"], r["payments"], Decimal(str(r["totalGbp"])))
        for r in rows(mem, "total_payments_by_authority")
    ]
    assert got == [("Wiltshire Council", 2, 3, Decimal("650.50")), ("Kent County Council", 1, 0, Decimal(0))]
    by_authority: dict[str, Decimal] = {}
    for d in factories.decisions():
        by_authority[d.authority] = by_authority.get(d.authority, Decimal(0)) + d.total_payment
    assert {a: t for a, _, _, t in got} == by_authority


def test_remedies_of_decision(mem):
    got = [
        (
            r["remedyNo"],
            key(r["remedyType"]),
            key(r["status"]),
            r["amountGbp"],
            r["deadline"],
            r["injusticeNo"],
            key(r["injusticeType"]),
            r["faultNo"],
            key(r["faultType"]),
        )
        for r in rows(mem, "remedies_of_decision", reference="20 007 812")
    ]
    month = "within one month"
    assert got == [
        (1, "apology", "agreed", None, month, 1, "distress", 1, "communication"),
        (1, "apology", "agreed", None, month, 1, "distress", 2, "data-protection"),
        (2, "payment", "agreed", 300, month, 1, "distress", 1, "communication"),
        (2, "payment", "agreed", 300, month, 1, "distress", 2, "data-protection"),
        (3, "payment", "agreed", 150, None, 2, "time-and-trouble", 2, "data-protection"),
        (4, "service-improvement", "agreed", None, "within three months", None, None, None, None),
    ]
    other = rows(mem, "remedies_of_decision", reference="20003932")  # normalised to 20 003 932
    assert [(r["remedyNo"], key(r["status"]), r["amountGbp"], r["payee"]) for r in other] == [
        (1, "recommended", 200.5, "Mr Y"),
        (2, "already-provided", 100, "Mr Y"),
        (3, "recommended", None, None),
    ]
    assert rows(mem, "remedies_of_decision", reference="21 001 234") == []


def test_faults_by_type_and_authority(mem):
    got = [
        (r["authority"], key(r["faultType"]), r["faults"], r["decisions"])
        for r in rows(mem, "faults_by_type_and_authority")
    ]
    assert got == [
        ("Wiltshire Council", "communication", 1, 1),
        ("Wiltshire Council", "data-protection", 1, 1),
        ("Wiltshire Council", "delay", 1, 1),
    ]


def test_provision_cocitation(mem):
    got = [(r["provision1"], r["provision2"], r["decisions"]) for r in rows(mem, "provision_cocitation")]
    assert got == [
        (LGA_26_1, CA_47, 2),
        (LGA_26_1, CA_17, 1),
        (LGA_26_1, EA_508B, 1),
        (LGA_26_1, CARE_9, 1),
        (CA_17, CA_47, 1),
        (CA_47, CARE_9, 1),
    ]
    first = rows(mem, "provision_cocitation")[0]
    assert (first["provisionLabel1"], first["provisionLabel2"]) == (
        "Local Government Act 1974 s26(1)",
        "Children Act 1989 s47",
    )


def test_findings_by_point(mem):
    got = [
        (r["pointNo"], key(r["findingKind"]), r["paragraph"], r["faultNo"], key(r["faultType"]))
        for r in rows(mem, "findings_by_point", reference="20 007 812")
    ]
    assert got == [
        (1, "fault", 6, 1, "communication"),
        (2, "no-fault", 7, None, None),
        (3, "fault", 8, 2, "data-protection"),
    ]
    assert rows(mem, "findings_by_point", reference="20 007 812")[1]["point"] == "A social worker harassed her."
    kent = rows(mem, "findings_by_point", reference="21 001 234")
    assert [(r["pointNo"], key(r["findingKind"])) for r in kent] == [(1, "no-fault")]


def test_findings_on_no_point_come_last():
    d = factories.kent_234()
    extra = factories.Finding(2, "outside-jurisdiction", d.findings[0].span)
    store = factories.load(MemoryStore(), [__import__("dataclasses").replace(d, findings=d.findings + (extra,))])
    got = [
        (r["pointNo"], r["findingNo"], key(r["findingKind"]))
        for r in rows(store, "findings_by_point", reference="21 001 234")
    ]
    assert got == [(1, 1, "no-fault"), (None, 2, "outside-jurisdiction")]


def test_fault_evidence_quotes_the_text(mem):
    decision = factories.wiltshire_812()
    got = rows(mem, "fault_evidence", reference="20 007 812")
    assert [(r["faultNo"], r["paragraph"], r["quote"]) for r in got] == [
        (f.number, f.span.paragraph, f.span.text) for f in decision.faults
    ]
    for r in got:
        assert decision.text[r["start"] : r["end"]] == r["quote"]


def test_decision_summary(mem):
    (s,) = rows(mem, "decision_summary", reference="20 007 812")
    assert (
        s["authority"],
        key(s["outcome"]),
        s["decisionDate"],
        key(s["kind"].replace("#", "/")),
        s["complainant"],
        s["totalPaymentGbp"],
    ) == ("Wiltshire Council", "upheld", "2021-05-17", "DecisionStatement", "Ms X", 450)
    assert s["category"] == VOCAB + "category/childrens-care-services/other"
    assert (s["points"], s["findings"], s["faults"], s["injustices"], s["remedies"], s["citations"]) == (
        3,
        3,
        2,
        2,
        4,
        4,
    )
    assert s["page"] == "https://www.lgo.org.uk/decisions/childrens-care-services/other/20-007-812"
    (r,) = rows(mem, "decision_summary", reference="20 003 932")
    assert r["kind"].endswith("#InvestigationReport") and r["totalPaymentGbp"] == 200.5
    (k,) = rows(mem, "decision_summary", reference="21 001 234")
    assert (k["faults"], k["remedies"], k["citations"], k["totalPaymentGbp"]) == (0, 0, 4, 0)


def test_decisions_by_authority(mem):
    assert [r["reference"] for r in rows(mem, "decisions_by_authority", name="wilt")] == ["20 007 812", "20 003 932"]
    assert [r["reference"] for r in rows(mem, "decisions_by_authority", name="KENT")] == ["21 001 234"]


def test_remedies_where_provision_cited(mem):
    got = [(r["reference"], r["remedyNo"]) for r in rows(mem, "remedies_where_provision_cited", provision=CA_47)]
    assert got == [
        ("20 003 932", 1),
        ("20 003 932", 2),
        ("20 003 932", 3),
        ("20 007 812", 1),
        ("20 007 812", 2),
        ("20 007 812", 3),
        ("20 007 812", 4),
    ]
    # Kent cites s26(1) but found no fault
    lga = rows(mem, "remedies_where_provision_cited", provision=LGA_26_1)
    assert {r["reference"] for r in lga} == {"20 003 932", "20 007 812"}


def test_payments_by_injustice_type(mem):
    got = [
        (r["authority"], key(r["injusticeType"]), r["payments"], r["totalGbp"])
        for r in rows(mem, "payments_by_injustice_type")
    ]
    assert got == [
        ("Wiltshire Council", "distress", 1, 300),
        ("Wiltshire Council", "uncertainty", 1, 200.5),
        ("Wiltshire Council", "time-and-trouble", 1, 150),
    ]


# --- formatting ------------------------------------------------------------------------


def test_format_table_csv_json(mem):
    result = run(mem, "total_payments_by_authority")
    table = format_result(result, "table")
    lines = table.splitlines()
    assert lines[0].split() == ["authority", "decisions", "payments", "totalGbp", "authorityIri"]
    assert "id:lgsco/authority/wiltshire-council" in table and "(2 rows)" in table
    end = lines[0].index("totalGbp") + len("totalGbp")  # numbers right-aligned under their header
    assert lines[2][:end].endswith(" 650.50") and lines[3][:end].endswith(" 0.00")  # money shows its pence
    csv_text = format_result(result, "csv")
    assert csv_text.splitlines()[0] == "authority,decisions,payments,totalGbp,authorityIri"
    assert "https://w3id.org/lgsco-kg/id/lgsco/authority/wiltshire-council" in csv_text
    data = json.loads(format_result(result, "json"))
    assert data[0] == {
        "authority": "Wiltshire Council",
        "decisions": 2,
        "payments": 3,
        "totalGbp": 650.5,
        "authorityIri": "https://w3id.org/lgsco-kg/id/lgsco/authority/wiltshire-council",
    }
    with pytest.raises(KgError, match="table, csv, json"):
        format_result(result, "xml")


def test_table_cuts_long_cells_and_shows_unbound_as_blank(mem):
    table = format_result(run(mem, "decision_summary", {"reference": "21 001 234"}), "table", width=20)
    assert "…" in table and "vocab:outcome/not-upheld" not in table  # cut at 20 characters
    assert compact(URIRef(CA_47)) == "leg:ukpga/1989/41/section/47"
    assert compact(None) == ""


# --- golden results on the seed decisions -------------------------------------------------

GOLDEN = Path(__file__).resolve().parent / "golden" / "queries"
#: Values for required parameters when running every query on the seed decisions.
GOLDEN_PARAMS = {
    "provision": ["http://www.legislation.gov.uk/id/ukpga/1974/7/section/26"],
    "name": ["wiltshire"],
}


def golden_cases(references: list[str]) -> list[tuple[str, dict[str, str], str]]:
    """(query, params, golden file name) for every named query on the seed decisions."""
    cases = []
    for q in list_queries():
        required = [p for p in q.params if p.required]
        if not required:
            cases.append((q.name, {}, f"{q.name}.json"))
        elif [p.name for p in required] == ["reference"]:
            cases += [(q.name, {"reference": r}, f"{q.name}--{r.replace(' ', '-')}.json") for r in references]
        else:
            missing = [p.name for p in required if p.name not in GOLDEN_PARAMS]
            assert not missing, f"add a value for {missing} of {q.name} to GOLDEN_PARAMS"
            (p,) = required
            cases += [
                (q.name, {p.name: v}, f"{q.name}--{slug(v.removeprefix(LEGISLATION_ID))}.json")
                for v in GOLDEN_PARAMS[p.name]
            ]
    return cases


def assert_golden(name: str, params: dict[str, str], result, path: Path) -> None:
    """Compare ``result`` with the golden JSON at ``path``; KG_REGEN_GOLDEN=1 rewrites it; a diff on failure."""
    actual = {"query": name, "params": params, "vars": list(result.vars), "rows": records(result)}
    text = dumps(actual, indent=2) + "\n"
    if os.environ.get("KG_REGEN_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if not path.is_file():
        pytest.fail(
            f"no golden file {path}; create it with KG_REGEN_GOLDEN=1 .venv/bin/pytest {__file__} "
            "and read it before committing"
        )
    expected = path.read_text(encoding="utf-8")
    if expected != text:
        diff = "".join(
            difflib.unified_diff(expected.splitlines(True), text.splitlines(True), f"golden/{path.name}", "actual", n=2)
        )
        pytest.fail(
            f"{path.name} differs from the query's result (regenerate with KG_REGEN_GOLDEN=1 if intended):\n{diff}"
        )


@pytest.fixture(scope="module")
def seed_stores(tmp_path_factory):
    try:
        from kg.parse import parse_file
    except ImportError as e:
        pytest.skip(f"kg.parse cannot be imported yet ({e}); golden query results need the parser")
    from kg.resources import data_dir

    decisions = [parse_file(p) for p in sorted((data_dir() / "decisions").glob("*.txt"))]
    mem = factories.load(MemoryStore(), decisions, statistics=True)
    oxi = factories.load(OxigraphStore(tmp_path_factory.mktemp("seed") / "store"), decisions, statistics=True)
    yield mem, oxi, sorted(d.reference for d in decisions)
    oxi.close()


def test_golden_query_results_on_the_seed_decisions(seed_stores):
    mem, oxi, references = seed_stores
    failures = []
    for name, params, file_name in golden_cases(references):
        result = run(mem, name, params)
        assert run(oxi, name, params) == result, f"{name} {params}: memory and Oxigraph differ"
        try:
            assert_golden(name, params, result, GOLDEN / file_name)
        except pytest.fail.Exception as e:
            failures.append(str(e))
    if failures:
        pytest.fail("\n\n".join(failures))


# --- kg query and kg sparql on the command line (issue 13) ------------------------------------------


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "store"
    with OxigraphStore(path) as store:
        factories.load(store, statistics=True)
    return path


def kg(*args: str):
    from click.testing import CliRunner

    from kg.cli import main

    return CliRunner().invoke(main, list(args))


def test_csv_and_json_end_without_a_blank_line(store_dir):
    for fmt in ("csv", "json", "table"):
        out = kg("query", "decisions_by_outcome", "--store", str(store_dir), "--format", fmt)
        assert out.exit_code == 0, out.output
        assert out.output.endswith("\n") and not out.output.endswith("\n\n"), fmt
    out = kg("sparql", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2", "--store", str(store_dir), "--format", "csv")
    assert not out.output.endswith("\n\n")


def test_labels_beside_iris_keep_the_columns_there_were(store_dir, mem):
    plain = run(mem, "decisions_by_outcome", {})
    out = kg("query", "decisions_by_outcome", "--store", str(store_dir), "--format", "csv")
    header, *lines = out.output.splitlines()
    columns = header.split(",")
    assert columns[: len(plain.vars)] == list(plain.vars)  # what scripts read stays where it was
    assert columns[len(plain.vars) :] == ["outcomeLabel", "decisionLabel"]
    data = json.loads(kg("query", "decisions_by_outcome", "--store", str(store_dir), "--format", "json").output)
    first = data[0]
    assert first["outcomeLabel"] in ("Upheld", "Not upheld", "Closed after initial enquiries")
    assert first["decisionLabel"] == f"LGSCO decision {first['reference']}"
    assert first["outcome"].startswith(VOCAB + "outcome/")  # the IRI itself is kept
    bare = kg("query", "decisions_by_outcome", "--store", str(store_dir), "--format", "csv", "--no-labels")
    assert bare.output.splitlines()[0].split(",") == list(plain.vars)


def test_kg_query_pages_with_limit_and_offset(store_dir, mem):
    everything = rows(mem, "decisions_by_outcome")
    page = json.loads(
        kg(
            "query",
            "decisions_by_outcome",
            "--store",
            str(store_dir),
            "--format",
            "json",
            "--limit",
            "1",
            "--offset",
            "1",
        ).output
    )
    assert [r["reference"] for r in page] == [everything[1]["reference"]]
    assert [r["reference"] for r in records(run(mem, "decisions_by_outcome", limit="2"))] == [
        r["reference"] for r in everything[:2]
    ]
    with pytest.raises(QueryParameterError, match="whole number"):
        run(mem, "decisions_by_outcome", limit="2 } LIMIT 10")


def test_a_named_query_may_not_take_paging_names_or_its_own_limit():
    with pytest.raises(KgError, match="every named query"):
        parse_query(
            "#+ summary: x\n#+ params: limit (integer, optional) — rows\nSELECT ?limit WHERE { ?s ?p $limit }", "x"
        )
    with pytest.raises(KgError, match="LIMIT or OFFSET"):
        parse_query("#+ summary: x\nSELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3", "x")


def test_sparql_runs_every_query_form(store_dir):
    d = str(factories.decisions()[0].reference).replace(" ", "-")
    iri = f"https://w3id.org/lgsco-kg/id/lgsco/decision/{d}"
    ask = kg("sparql", "ASK { ?s ?p ?o }", "--store", str(store_dir))
    assert ask.exit_code == 0 and ask.output == "true\n"
    assert kg("sparql", "ASK { <http://no/thing> ?p ?o }", "--store", str(store_dir), "--format", "json").output == (
        "false\n"
    )
    construct = kg("sparql", f"CONSTRUCT WHERE {{ <{iri}> ?p ?o }}", "--store", str(store_dir))
    assert construct.exit_code == 0, construct.output
    from rdflib import Graph

    graph = Graph().parse(data=construct.output, format="turtle")
    assert (URIRef(iri), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), None) in graph
    for fmt, parse_as in (("nt", "nt"), ("jsonld", "json-ld"), ("xml", "xml")):
        out = kg("sparql", f"DESCRIBE <{iri}>", "--store", str(store_dir), "--format", fmt)
        assert out.exit_code == 0, out.output
        assert len(Graph().parse(data=out.output, format=parse_as)) > 0, fmt
    wrong = kg("sparql", f"DESCRIBE <{iri}>", "--store", str(store_dir), "--format", "csv")
    assert wrong.exit_code == 2 and "--format ttl" in wrong.output
    wrong = kg("sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--store", str(store_dir), "--format", "ttl")
    assert wrong.exit_code == 2 and "table" in wrong.output


def test_sparql_honours_the_dataset(store_dir, stores):
    _, oxi = stores
    d812 = str(decision_iri_of(0))
    size = sum(1 for _ in oxi.quads(URIRef(d812)))
    out = kg(
        "sparql",
        f"SELECT (COUNT(*) AS ?n) FROM <{d812}> WHERE {{ ?s ?p ?o }}",
        "--store",
        str(store_dir),
        "--format",
        "csv",
    )
    assert out.output.splitlines() == ["n", str(size)]
    out = kg(
        "sparql",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "--store",
        str(store_dir),
        "--format",
        "csv",
        "--default-graph-uri",
        d812,
    )
    assert out.output.splitlines() == ["n", str(size)]
    stats = kg(
        "sparql",
        "SELECT (COUNT(*) AS ?n) WHERE { ?pair <https://w3id.org/lgsco-kg/ontology#coCited> ?p }",
        "--store",
        str(store_dir),
        "--format",
        "csv",
    )
    assert stats.output.splitlines() == ["n", "0"]  # the statistics graph is not in the default graph
    missing = kg("sparql", "SELECT * FROM <http://elsewhere.example/g> WHERE { ?s ?p ?o }", "--store", str(store_dir))
    assert missing.exit_code == 2 and "names no graph of this store" in missing.output


def decision_iri_of(i: int):
    from kg.mapping import decision_iri

    return decision_iri(factories.decisions()[i])
