"""The explorer of kg serve over HTTP: search, facets, lists and their downloads, decision pages, authority
scorecards and provision pages, on a store `kg build` made (with its search index) from the seed decisions,
a synthetic corpus and a few decisions made here (markup in every field, a council under a second name, a
council abolished since).  Figures are checked against what SPARQL and the graph commands say of the store."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from dataclasses import replace
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import URIRef
from test_serve import BASE, ServerThread, evil_decision

from kg import synth
from kg.build import build
from kg.graph import recurrences, similar
from kg.legislation import point_in_time
from kg.mapping import decision_graph, decision_iri
from kg.parse import parse_file
from kg.search import SearchIndex, index_row
from kg.serve import Settings, create_app
from kg.store import MemoryStore, OxigraphStore

S17 = "http://www.legislation.gov.uk/id/ukpga/1989/41/section/17"
LGA = "http://www.legislation.gov.uk/id/ukpga/1974/7"
WILTSHIRE = BASE + "lgsco/authority/wiltshire-council"
HTML = {"Accept": "text/html"}


def extra_decisions(decisions_dir: Path) -> list:
    """Decisions made here: markup everywhere, Wiltshire under another name, a council abolished since."""
    first = parse_file(decisions_dir / "lgsco-20-003-932.txt")
    second = parse_file(decisions_dir / "lgsco-20-007-812.txt")
    return [
        evil_decision(),
        replace(first, reference="20 003 999", authority="Wiltshire", source_name="alias.txt"),
        replace(
            second,
            reference="18 000 001",
            authority="Taunton Deane Borough Council",
            decision_date=date(2018, 5, 1),
            source_name="taunton.txt",
        ),
    ]


def make_store(root: Path, decisions_dir: Path, count: int = 90) -> Path:
    """An Oxigraph store with its search index, as `kg build` leaves it, plus :func:`extra_decisions`."""
    corpus = root / "in"
    synth.write_corpus(count, corpus, seed=5)
    for path in decisions_dir.glob("*.txt"):
        shutil.copy(path, corpus / path.name)
    location = root / "store"
    with OxigraphStore(location) as store:
        build([corpus], store, base=BASE, jobs=2)
        extra = extra_decisions(decisions_dir)
        store.replace_graphs((decision_iri(d, BASE), decision_graph(d, BASE)) for d in extra)
    with SearchIndex.of_store(location) as index:
        assert index is not None
        index.replace([index_row(d, BASE) for d in extra])
    return location


@pytest.fixture(scope="module")
def location(tmp_path_factory, decisions_dir) -> Path:
    return make_store(tmp_path_factory.mktemp("explorer"), decisions_dir)


@pytest.fixture(scope="module")
def store(location):
    with OxigraphStore(location, read_only=True) as s:
        yield s


@pytest.fixture(scope="module")
def client(location):
    app = create_app(location, Settings(base=BASE, timeout=20.0, workers=2, max_download=5000))
    with ServerThread(app) as server, httpx.Client(base_url=server.url, timeout=60) as c:
        yield c


def rows(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


def listing(client, **params) -> dict:
    r = client.get("/search", params={**params, "format": "json"})
    assert r.status_code == 200, r.text
    return json.loads(r.text)


# --- search and facets -------------------------------------------------------------------------------


def test_search_marks_the_words_it_found(client):
    page = client.get("/search", params={"q": "phone number"}, headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert ">20 007 812</a>" in page.text
    marks = re.findall(r"<mark>([^<]*)</mark>", page.text)
    assert marks and all(m.lower().startswith(("phone", "number")) for m in marks)
    every = listing(client, q="phone number")
    assert every["total"] >= 1 and all(
        "phone" in d["snippet"].lower() or "number" in d["snippet"].lower() for d in every["decisions"]
    )


def test_facet_counts_follow_the_other_filters(client):
    whole = listing(client)
    outcomes = {f["value"]: f["count"] for f in whole["facets"]["outcome"]}
    assert sum(outcomes.values()) == whole["total"] and len(outcomes) >= 2
    upheld = listing(client, outcome="upheld")
    assert upheld["total"] == outcomes["upheld"] == len(upheld["decisions"])
    # the outcome facet still lists the other outcomes, with their own counts; the other facets follow it
    assert {f["value"]: f["count"] for f in upheld["facets"]["outcome"]} == outcomes
    assert sum(f["count"] for f in upheld["facets"]["year"]) == upheld["total"] - sum(
        1 for d in upheld["decisions"] if not d["decision_date"]
    )
    year = upheld["facets"]["year"][0]["value"]
    both = listing(client, outcome="upheld", year=year)
    assert both["total"] == upheld["facets"]["year"][0]["count"]
    assert all(d["outcome"] == "Upheld" and d["decision_date"].startswith(year) for d in both["decisions"])
    either = listing(client, outcome=["upheld", "not-upheld"])  # values of one facet widen
    assert either["total"] == outcomes["upheld"] + outcomes["not-upheld"]


def test_a_provision_facet_finds_decisions_citing_any_part(client):
    s26 = listing(client, provision=LGA + "/section/26")["total"]
    s26_1 = listing(client, provision=LGA + "/section/26/1")["total"]
    assert s26 >= s26_1 > 0
    labels = {f["value"]: f["label"] for f in listing(client)["facets"]["provision"]}
    assert labels[S17] == "Children Act 1989 s17" and labels[LGA] == "Local Government Act 1974"


def test_applying_and_removing_a_facet_by_its_links(client):
    page = client.get("/search", headers=HTML).text
    link = re.search(r'<a href="(/search\?outcome=upheld)" rel="nofollow">Upheld</a>', page)
    assert link, "the outcome facet links its values"
    narrowed = client.get(link.group(1).replace("&amp;", "&"), headers=HTML).text
    assert 'class="chosen"' in narrowed and "Outcome:</span> Upheld ×" in narrowed
    remove = re.search(r'<a href="([^"]*)" title="Remove this filter"><span class="facet">Outcome:', narrowed)
    assert remove and remove.group(1) == "/search"


def test_sorted_by_date_and_by_payment_both_ways(client):
    newest = [r["decision_date"] for r in rows(client.get("/search", params={"sort": "date", "format": "csv"}))]
    dated = [d for d in newest if d]
    assert dated == sorted(dated, reverse=True) and newest[: len(dated)] == dated  # undated last
    oldest = [r["decision_date"] for r in rows(client.get("/search", params={"sort": "-date", "format": "csv"}))]
    assert [d for d in oldest if d] == sorted(dated)
    paid = rows(client.get("/search", params={"sort": "payment", "format": "csv"}))
    amounts = [Decimal(r["total_payment_gbp"]) for r in paid if r["total_payment_gbp"]]
    assert amounts == sorted(amounts, reverse=True) and amounts[0] > 0
    least = rows(client.get("/search", params={"sort": "-payment", "format": "csv"}))
    assert [Decimal(r["total_payment_gbp"]) for r in least if r["total_payment_gbp"]] == sorted(amounts)


def test_pages_of_a_list_follow_one_another(client):
    everything = [r["reference"] for r in rows(client.get("/search", params={"sort": "date", "format": "csv"}))]
    seen = []
    url = "/search?sort=date&size=25"
    while url:
        page = client.get(url, headers=HTML).text
        seen += re.findall(r'<a class="ref" href="[^"]*">([^<]*)</a>', page)
        nxt = re.search(r'<a rel="next" href="([^"]*)">', page)
        url = nxt.group(1).replace("&amp;", "&") if nxt else ""
    assert seen == everything and len(everything) > 50


def test_downloads_are_the_list_with_the_same_filters(client):
    params = {"outcome": "upheld", "q": "council"}
    html = client.get("/search", params=params, headers=HTML)
    total = int(re.search(r"<strong>([\d,]+)</strong> decision", html.text).group(1).replace(",", ""))
    as_csv = client.get("/search", params={**params, "format": "csv"})
    assert 'attachment; filename="lgsco-decisions.csv"' == as_csv.headers["content-disposition"]
    as_json = client.get("/search", params=params, headers={"Accept": "application/json"})
    data = json.loads(as_json.text)
    assert data["total"] == total == len(rows(as_csv)) == len(data["decisions"])
    assert [r["reference"] for r in rows(as_csv)] == [d["reference"] for d in data["decisions"]]
    assert data["query"] == {"q": "council", "filters": {"outcome": ["upheld"]}, "sort": "relevance"}
    # the links on the page are the same URL with a format
    assert re.search(r'href="/search\?q=council&amp;outcome=upheld&amp;format=csv"', html.text)


def test_lists_of_authorities_and_provisions(client, store):
    wiltshire = [
        a for a in json.loads(client.get("/authorities?format=json").text)["authorities"] if a["council_code"] == "WIL"
    ]
    assert len(wiltshire) == 1, "a council's names are counted together"
    count = listing(client, council="WIL")["total"]
    assert wiltshire[0]["decisions"] == count >= 4 and wiltshire[0]["population_2020"] == 504070
    assert wiltshire[0]["decisions_per_100k"] == pytest.approx(count * 100_000 / 504070)
    cited = json.loads(client.get("/provisions?format=json").text)["provisions"]
    lean = json.loads(client.get("/provisions?format=json&boilerplate=0").text)["provisions"]
    assert any(p["iri"].startswith(LGA) for p in cited) and not any(p["iri"].startswith(LGA) for p in lean)
    assert {p["iri"] for p in lean} < {p["iri"] for p in cited}
    narrowed = json.loads(client.get("/provisions", params={"format": "json", "provision": S17}).text)
    assert narrowed["decisions"] == listing(client, provision=S17)["total"]
    for path in ("/authorities", "/provisions"):
        page = client.get(path, params={"outcome": "upheld"}, headers=HTML)
        assert page.status_code == 200 and "Outcome:</span> Upheld ×" in page.text
        assert rows(client.get(path, params={"outcome": "upheld", "format": "csv"}))


# --- the decision page --------------------------------------------------------------------------------


def test_similar_decisions_are_the_graph_commands_answer(client, store):
    page = client.get("/lgsco/decision/20-007-812", headers=HTML).text
    section = page[page.index('id="similar"') : page.index('id="source"')]
    shown = re.findall(r'<li><a href="/lgsco/decision/([^"]*)">([^<]*)</a>.*? score ([\d.]+)', section)
    expected = similar(store, "20 007 812", top=5).matches
    assert [(ref, float(score)) for _, ref, score in shown] == [
        (m.decision.reference, round(m.score, 3)) for m in expected
    ]
    assert expected[0].shared[0].phrase in section


def test_previous_and_next_in_the_list_it_was_opened_from(client):
    page = client.get("/search", params={"outcome": "upheld", "sort": "date"}, headers=HTML).text
    links = [h.replace("&amp;", "&") for h in re.findall(r'<a class="ref" href="([^"]*)"', page)]
    refs = re.findall(r'<a class="ref" href="[^"]*">([^<]*)</a>', page)
    second = client.get(links[1], headers=HTML).text
    assert f">← {refs[0]}</a>" in second and f">{refs[2]} →</a>" in second
    assert re.search(r"2 of [\d,]+ in <a href=\"/search\?outcome=upheld&amp;sort=date\">your list</a>", second)
    nxt = re.search(r'<a rel="next" href="([^"]*)"', second).group(1).replace("&amp;", "&")
    third = client.get(nxt, headers=HTML).text
    assert f"Decision {refs[2]}" in third and f">← {refs[1]}</a>" in third
    # a list that no longer has the decision there, or one that cannot be read: no neighbours, still a page
    for query in ({"in": "outcome=not-upheld", "at": "2"}, {"in": "sort=sideways", "at": "1"}, {"at": "x"}):
        r = client.get(urlsplit(links[1]).path, params=query, headers=HTML)
        assert r.status_code == 200 and 'class="listnav"' not in r.text


def test_a_page_cut_short_says_so(client):
    cut = [r for r in rows(client.get("/search", params={"truncated": "truncated", "format": "csv"}))]
    whole = rows(client.get("/search", params={"truncated": "complete", "format": "csv"}))
    assert cut and whole
    assert 'id="truncated"' in client.get(urlsplit(cut[0]["decision"]).path.replace("/kg", ""), headers=HTML).text
    assert 'id="truncated"' not in client.get("/lgsco/decision/20-007-812", headers=HTML).text


def test_a_decision_page_says_who_the_authority_is_and_which_law_applied(client, store):
    page = client.get("/lgsco/decision/20-007-812", headers=HTML).text
    assert "Unitary authority</a>" in page and "WIL" in page
    assert (
        'href="http://statistics.data.gov.uk/id/statistical-geography/E06000054" rel="external">E06000054</a>' in page
    )
    assert (
        'href="https://local-authority-eng.register.gov.uk/records/WIL" rel="external">GOV.UK register record</a> (retired'
        in page
    )
    version = point_in_time(S17, date(2021, 5, 17))
    assert f'<a href="{version}" rel="external" class="in-force">as in force on 2021-05-17</a>' in page
    assert 'href="/lgsco/authority/wiltshire-council">' in page and 'href="/provision?iri=' in page
    former = client.get("/lgsco/decision/18-000-001", headers=HTML).text
    assert "Taunton Deane Borough Council" in former and "replaced by" in former
    assert 'href="/lgsco/authority/somerset-west-and-taunton-council">Somerset West and Taunton Council</a>' in former
    provider = next(r for r in rows(client.get("/search", params={"authority_type": "care-provider", "format": "csv"})))
    other = client.get(urlsplit(provider["decision"]).path.replace("/kg", ""), headers=HTML).text
    assert "Care provider</a> — not a council: not linked" in other


# --- authority scorecards ------------------------------------------------------------------------------


def test_a_scorecard_holds_the_councils_figures(client, store):
    page = client.get("/lgsco/authority/wiltshire-council", headers=HTML).text
    decisions = listing(client, council="WIL")
    assert decisions["total"] >= 4
    assert f'<div class="value">{decisions["total"]}</div><div class="what">decisions</div>' in page
    # every name of the council, with its decisions
    assert 'href="/lgsco/authority/wiltshire">Wiltshire</a> (1 decision)' in page
    upheld = sum(1 for d in decisions["decisions"] if d["outcome"] == "Upheld")
    merits = sum(1 for d in decisions["decisions"] if d["outcome"] in ("Upheld", "Not upheld"))
    assert f"({upheld} of {merits} decided on the merits)" in page
    assert "Population (2020)</dt><dd>504,070</dd>" in page
    # decisions by year and outcome: the table beside the chart
    table = page[page.index('id="chart-years"') :]
    table = table[: table.index("</figure>")]
    years = {}
    for d in decisions["decisions"]:
        years[d["decision_date"][:4]] = years.get(d["decision_date"][:4], 0) + 1
    for year, n in years.items():
        assert re.search(rf'<th scope="row">{year}</th>.*?<td class="num">{n}</td></tr>', table), year
    # recurring faults: the graph command's answer for the council (one name here has only seeds' faults)
    found = recurrences(store, authority="Wiltshire Council")
    for rec in found:
        assert f"<strong>{rec.fault_type}</strong>" in page
    # peers of the same type, this council marked
    assert '<tr class="own"><td><a href="/lgsco/authority/wiltshire-council">Wiltshire Council</a>' in page
    assert "Compared with its peers: every unitary authority in the store" in page


def test_scorecard_payments_agree_with_the_named_query(client, store):
    from kg.query import run

    expected: dict[str, Decimal] = {}
    for row in run(store, "payments_by_injustice_type").rows:
        if str(row[0]) in ("Wiltshire Council", "Wiltshire") and row[1] is not None:
            key = str(row[1]).rsplit("/", 1)[-1]
            expected[key] = expected.get(key, Decimal(0)) + Decimal(str(row[3].toPython()))
    page = client.get("/lgsco/authority/wiltshire-council", headers=HTML).text
    from kg.vocab import INJUSTICE_TYPES

    for key, total in expected.items():
        pounds = f"£{total:,.0f}" if total == total.to_integral_value() else f"£{total:,.2f}"
        assert re.search(
            rf"<th scope=\"row\">{INJUSTICE_TYPES[key]}</th>.*?<td class=\"num\">{re.escape(pounds)}</td></tr>", page
        ), key


def test_a_former_council_and_its_successor_link_each_other(client):
    former = client.get("/lgsco/authority/taunton-deane-borough-council", headers=HTML).text
    assert "Abolished</dt><dd>on 2019-03-31" in former or "Abolished</dt><dd>on 2019-04-01" in former
    successor = client.get("/lgsco/authority/somerset-west-and-taunton-council", headers=HTML)
    assert successor.status_code == 200
    assert 'Replaces</dt><dd><a href="/lgsco/authority/taunton-deane-borough-council">' in successor.text


def test_jurisdiction_boilerplate_can_be_left_out_of_rankings(client):
    page = client.get("/lgsco/authority/wiltshire-council", headers=HTML).text
    lean = client.get("/lgsco/authority/wiltshire-council", params={"boilerplate": "0"}, headers=HTML).text

    def cited(text: str) -> list[str]:
        part = text[text.index("Most cited provisions") :]
        return re.findall(r'<a href="/provision\?iri=([^"]*)">', part[: part.index("</table>")])

    assert any("ukpga%2F1974%2F7" in c for c in cited(page)) and not any("ukpga%2F1974%2F7" in c for c in cited(lean))


# --- provision pages -----------------------------------------------------------------------------------


def test_a_provision_page(client, store):
    page = client.get("/provision", params={"iri": S17}, headers=HTML)
    assert page.status_code == 200
    text = page.text
    assert "<h1>Children Act 1989 s17</h1>" in text
    assert (
        '<dt>Part of</dt><dd><a href="/provision?iri=http%3A%2F%2Fwww.legislation.gov.uk%2Fid%2Fukpga%2F1989%2F41">Children Act 1989</a>'
        in text
    )
    assert 'href="https://www.legislation.gov.uk/ukpga/1989/41/section/17" rel="external"' in text
    citing = listing(client, provision=S17)
    chart = text[text.index('id="chart-years"') : text.index("</figure>")]
    counted = sum(int(n) for n in re.findall(r'<td class="num">(\d+)</td></tr>', chart))
    assert counted == citing["total"]
    for d in citing["decisions"][:20]:
        version = point_in_time(S17, date.fromisoformat(d["decision_date"]))
        assert f'<a href="{version}" rel="external">as in force on {d["decision_date"]}</a>' in text
    lean = client.get("/provision", params={"iri": S17, "boilerplate": "0"}, headers=HTML).text
    part = lean[lean.index("Cited with it") :]
    assert "Local Government Act 1974" not in part[: part.index("</table>")]
    assert "Local Government Act 1974 s26" in text[text.index("Cited with it") :]


def test_a_provision_page_pages_through_its_decisions(client):
    iri = LGA + "/section/26/1"
    total = listing(client, provision=iri)["total"]
    assert total > 20
    first = client.get("/provision", params={"iri": iri}, headers=HTML).text
    second = client.get("/provision", params={"iri": iri, "page": "2"}, headers=HTML).text
    refs = lambda t: re.findall(r'<td rowspan="\d+"><a href="/lgsco/decision/[^"]*">([^<]*)</a>', t)  # noqa: E731
    assert len(refs(first)) == 20 and refs(second) and not set(refs(first)) & set(refs(second))


# --- formats, headers, hostile requests -----------------------------------------------------------------

ROUTES = ["/search", "/authorities", "/provisions"]
PAGES = [
    "/",
    "/search?q=delay",
    "/authorities",
    "/provisions",
    "/lgsco/decision/20-007-812",
    "/lgsco/authority/wiltshire-council",
    "/provision?iri=" + S17,
    "/sparql",
    "/queries",
]


@pytest.mark.parametrize("path", ROUTES)
def test_every_list_in_every_format(client, path):
    for fmt, media in (("html", "text/html"), ("csv", "text/csv"), ("json", "application/json")):
        by_param = client.get(path, params={"format": fmt})
        by_accept = client.get(path, headers={"Accept": media})
        assert by_param.status_code == by_accept.status_code == 200
        assert by_param.headers["content-type"].startswith(media) and by_accept.headers["content-type"].startswith(
            media
        )
    assert client.get(path, params={"format": "ttl"}).status_code == 406


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_a_content_security_policy_and_no_inline_script_or_style(client, path):
    r = client.get(path, headers=HTML)
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "default-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    inline = _Inline()
    inline.feed(r.text)
    assert not inline.found, inline.found


class _Inline(HTMLParser):
    """What a Content-Security-Policy without 'unsafe-inline' would block: inline scripts (other than JSON
    data), style elements and attributes, event handler attributes, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self.found.append("inline script")
        if tag == "style":
            self.found.append("style element")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")


def test_headers_on_downloads_static_files_and_errors(client):
    for r in (
        client.get("/search?format=csv"),
        client.get("/static/explorer.js"),
        client.get("/static/nothing.js"),
        client.get("/search", params={"sort": "sideways"}),
    ):
        assert r.headers["x-content-type-options"] == "nosniff" and "content-security-policy" in r.headers
    assert client.get("/static/chart.umd.min.js").headers["content-type"].startswith("text/javascript")
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/svg+xml"
    for bad in ("/static/..%2F__init__.py", "/static/kg.css%00.js", "/static/.hidden.js", "/static/explorer.py"):
        assert client.get(bad).status_code == 404, bad


@pytest.mark.parametrize(
    "query, status",
    [
        ({"sort": "sideways"}, 400),
        ({"page": "0"}, 400),
        ({"page": "-1"}, 400),
        ({"page": "1e9"}, 400),
        ({"size": "1000"}, 400),
        ({"q": "x" * 600}, 400),
        ({"q": '"unbalanced'}, 200),
        ({"q": "NEAR(a b) OR * ^ -"}, 200),
        ({"q": "\x00\x01"}, 200),
        ({"outcome": "<script>alert(1)</script>"}, 200),
        ({"provision": "javascript:alert(1)"}, 200),
        ({"more": "<b>"}, 200),
        ({"page": "99999"}, 200),
    ],
)
def test_hostile_query_strings_are_answered_and_escaped(client, query, status):
    for path in ROUTES:
        r = client.get(path, params=query, headers=HTML)
        assert r.status_code == status, (path, query, r.text[:300])
        assert "<script>alert" not in r.text and "<b>" not in r.text
        if status == 400:
            assert "must" in r.text or "use" in r.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["q", "outcome", "provision", "year", "sort", "page", "size", "in", "at", "boilerplate", "x"]
            ),
            st.text(max_size=30),
        ),
        max_size=6,
    )
)
def test_any_query_string_is_never_a_500_and_always_escaped(client, params):
    canary = "<i>kg-canary</i>"
    params = [(name, value + canary) for name, value in params]
    for path in (
        "/search",
        "/authorities",
        "/provisions",
        "/lgsco/decision/20-007-812",
        "/lgsco/authority/wiltshire-council",
        "/provision?iri=" + S17,
    ):
        r = client.get(path, params=params, headers=HTML)
        assert r.status_code in (200, 400), (path, params, r.status_code, r.text[:300])
        assert canary not in r.text, (path, params)


def test_text_from_decisions_is_escaped_in_the_explorer(client):
    found = client.get("/search", params={"q": "script alert"}, headers=HTML).text
    assert "99 999 999" in found and "<script" not in found.lower() and "<img" not in found.lower()
    for path in ("/authorities", "/provisions", "/search"):
        text = client.get(path, params={"size": "100"}, headers=HTML).text
        assert "<script>alert" not in text and "<img src=x" not in text
    evil = client.get("/lgsco/authority/evil-script-alert-authority-script-council", headers=HTML).text
    assert "&lt;script&gt;" in evil and "<script>alert" not in evil


# --- without a search index -----------------------------------------------------------------------------


def test_a_store_without_an_index_keeps_its_pages_and_says_the_explorer_is_off(decisions_dir):
    store = MemoryStore()
    items = [parse_file(p) for p in sorted(decisions_dir.glob("*.txt"))]
    store.replace_graphs((decision_iri(d, BASE), decision_graph(d, BASE)) for d in items)
    with (
        ServerThread(create_app(store, Settings(base=BASE, workers=1))) as server,
        httpx.Client(base_url=server.url) as c,
    ):
        r = c.get("/search", headers=HTML)
        assert r.status_code == 404 and "no search index" in r.text
        assert c.get("/authorities?format=csv").status_code == 404
        page = c.get("/lgsco/authority/wiltshire-council", headers=HTML)
        assert page.status_code == 200 and 'href="/lgsco/decision/20-007-812"' in page.text and "E06000054" in page.text
        provision = c.get("/provision", params={"iri": S17}, headers=HTML).text
        assert (
            f'<a href="{point_in_time(S17, date(2021, 5, 17))}" rel="external">as in force on 2021-05-17</a>'
            in provision
        )
        decision = c.get("/lgsco/decision/20-007-812", headers=HTML).text
        assert 'id="similar"' not in decision and "as in force on 2021-05-17" in decision


def test_the_index_holds_what_the_graph_commands_read(location, store):
    """The corpus the explorer reads from the index is the one kg.graph reads from the store through SPARQL."""
    from kg.explore import index_corpus
    from kg.graph import load_corpus
    from kg.search import Figures

    with SearchIndex.of_store(location, read_only=True) as index:
        ours = index_corpus(Figures(index))
    theirs = load_corpus(store)
    assert ours.decisions == theirs.decisions
    assert ours.items == theirs.items
    assert ours.labels == theirs.labels
    assert [URIRef(d.iri) for d in ours.decisions]  # not empty


def test_reading_the_index_does_not_look_like_a_new_build(location):
    """Workers reopen the store (and forget their warm explorer) when its version changes; a reader of the
    index touches SQLite's shared-memory file, which must not count as a change."""
    from kg.serve.protocol import StoreSpec

    spec = StoreSpec.of(location)
    before = spec.version()
    with SearchIndex.of_store(location, read_only=True) as index:
        index.facets("council", {"outcome": ["upheld"]})
    assert spec.version() == before


def test_kg_serve_names_a_missing_search_index(location, tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["serve", "--store", str(location), "--search-index", str(tmp_path / "none")])
    assert result.exit_code == 3 and "no search index at" in result.output


def test_an_index_of_another_version_leaves_the_server_running_without_the_explorer(tmp_path, decisions_dir):
    import sqlite3

    from kg.search import FILE_NAME, SCHEMA_VERSION

    location = tmp_path / "store"
    with OxigraphStore(location) as s:
        build([decisions_dir], s, base=BASE, jobs=1)
    with sqlite3.connect(location / FILE_NAME) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    app = create_app(location, Settings(base=BASE, workers=1))
    with ServerThread(app) as server, httpx.Client(base_url=server.url) as c:
        r = c.get("/search", headers=HTML)
        assert r.status_code == 404 and "another version of kg" in r.text and "kg build" in r.text
        assert c.get("/lgsco/decision/20-007-812", headers=HTML).status_code == 200
        assert c.get("/lgsco/authority/wiltshire-council", headers=HTML).status_code == 200
