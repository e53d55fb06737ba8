"""``kg harvest`` then ``kg build`` on the harvest folder: the same facts as ``kg build`` on the pages saved as
files, plus PROV-O provenance (page URL, retrieval time, content digest) and the search-result card's facts
for a page cut short, marked as coming from the listing."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD
from replay_site import ReplaySite, corpus_decisions

from kg.cli.app import main
from kg.harvest.reader import decision_records
from kg.store import open_store
from kg.vocab import OMB, concept

#: what only a harvested page's graph has: where and when it was fetched
PROVENANCE = {PROV.generatedAtTime, OMB.contentDigest, OMB.fileName, OMB.listingCard, OMB.fromListing}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One harvest of the replay site (a malformed page and a page cut short among them), built twice."""
    tmp = tmp_path_factory.mktemp("harvest-build")
    with ReplaySite(corpus_decisions(), crawl_delay=None) as site:
        malformed = next(p for p in site.pages if p.endswith("/23-013-771"))
        site.pages[malformed] = site.pages[malformed][: len(site.pages[malformed]) // 2]  # cut mid-tag
        site.broken_listing_pages = {1}
        runner = CliRunner()
        harvested = runner.invoke(
            main,
            [
                "harvest",
                "--site",
                site.url,
                "--out",
                str(tmp / "h"),
                "--from",
                "2009-01-01",
                "--to",
                "2025-06-01",
                "--window-days",
                "5000",
                "--page-cap",
                "3",
                "--rate",
                "1000",
                "--contact",
                "tests@example.org",
            ],
        )
        assert harvested.exit_code == 0, harvested.output
        site.save(tmp / "files")
        url = site.url
    for name, source in (("a", tmp / "h"), ("b", tmp / "files")):
        result = runner.invoke(main, ["build", str(source), "--store", str(tmp / name), "-j", "1"])
        assert result.exit_code in (0, 1), result.output  # 1: SHACL violations of the corpus texts, the same twice
    return {"tmp": tmp, "url": url, "output": harvested.output}


def graphs(store_dir: Path) -> dict[str, Graph]:
    with open_store(store_dir, read_only=True) as store:
        return {n: store.graph(URIRef(n)) for n in store.graph_names() if "/lgsco/decision/" in n}


def facts(g: Graph) -> set:
    """The decision's facts without what says where its text came from (file name, URL, time, digest, card)."""
    d = next(g.subjects(RDF.type, OMB.Decision))
    from_listing = set(g.objects(d, OMB.fromListing))
    source = next(g.objects(d, OMB.sourceText))
    card = g.value(d, OMB.listingCard)
    from_card = {card} | {o for p in from_listing for o in g.objects(d, p)}  # the card, and what it named
    return {
        (s, p, o)
        for s, p, o in g
        if p not in PROVENANCE
        and not (s == source and p == PROV.wasDerivedFrom)
        and s not in from_card
        and not (s == d and p in from_listing)
        # the law as it stood on a date the card gave: derived from the listing too
        and not (p == OMB.pointInTime and OMB.decisionDate in from_listing)
    }


def test_harvest_then_build_gives_the_same_facts_as_the_saved_files(built: dict) -> None:
    a, b = graphs(built["tmp"] / "a"), graphs(built["tmp"] / "b")
    assert len(a) == len(b) == 48
    assert a.keys() == b.keys()
    differ = [name for name in a if facts(a[name]) != facts(b[name])]
    assert not differ, f"facts differ for {differ[:3]}"


def test_every_decision_graph_records_where_and_when_its_page_was_fetched(built: dict) -> None:
    records = {r.reference: r for r in decision_records(built["tmp"] / "h")}
    with open_store(built["tmp"] / "a", read_only=True) as store:
        rows = store.select(
            "PREFIX omb: <https://w3id.org/lgsco-kg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
            "SELECT ?reference ?page ?time ?digest WHERE { GRAPH ?g { ?d omb:reference ?reference ; "
            "omb:sourceText ?s . ?s prov:wasDerivedFrom ?page ; prov:generatedAtTime ?time ; "
            "omb:contentDigest ?digest } } ORDER BY ?reference"
        )
        found = [tuple(row) for row in rows]
    assert len(found) == 48
    for reference, page, time, digest in found:
        record = records[str(reference)]
        assert str(page) == record.url and str(page).startswith(built["url"] + "/decisions/")
        assert time.datatype == XSD.dateTime
        assert time.toPython() == datetime.fromisoformat(record.retrieved_at.replace("Z", "+00:00"))
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", str(digest)) and str(digest) == record.digest


def test_the_card_fills_what_a_page_cut_short_lacks_and_says_so(built: dict) -> None:
    g = graphs(built["tmp"] / "a")["https://w3id.org/lgsco-kg/id/lgsco/decision/24-000-101"]
    d = URIRef("https://w3id.org/lgsco-kg/id/lgsco/decision/24-000-101")
    assert g.value(d, OMB.outcome) == concept("outcome", "upheld")
    assert g.value(d, OMB.decisionDate) == Literal("2024-04-09", datatype=XSD.date)
    assert g.value(d, OMB.category) == concept("category", "adult-care-services/charging")
    assert "£150" in str(g.value(d, OMB.summary))
    assert set(g.objects(d, OMB.fromListing)) == {
        OMB.outcome,
        OMB.decisionDate,
        OMB.category,
        OMB.summary,
        OMB.ombudsmanPage,
    }
    card = g.value(d, OMB.listingCard)
    assert (card, RDF.type, OMB.ListingCard) in g
    assert str(g.value(card, PROV.wasDerivedFrom)).startswith(built["url"] + "/Decisions/SearchResults?")
    plain = graphs(built["tmp"] / "b")["https://w3id.org/lgsco-kg/id/lgsco/decision/24-000-101"]
    assert plain.value(d, OMB.outcome) is None, "the saved page alone does not say"
    full = URIRef("https://w3id.org/lgsco-kg/id/lgsco/decision/22-014-385")
    assert not list(graphs(built["tmp"] / "a")[str(full)].objects(full, OMB.fromListing)), "a full page needs no card"


def test_rebuilding_the_same_harvest_skips_every_page(built: dict) -> None:
    result = CliRunner().invoke(main, ["build", str(built["tmp"] / "h"), "--store", str(built["tmp"] / "a"), "-j", "1"])
    assert "built 0 decisions" in result.output and "48 skipped (unchanged)" in result.output


def test_summary_and_progress_are_printed(built: dict) -> None:
    out = built["output"]
    assert "48 decision pages found (48 new" in out and "48 fetched, 0 unchanged, 0 failed" in out
    assert "holds 48 decision pages" in out


def test_the_decision_page_shows_where_and_when_the_page_was_fetched(built: dict) -> None:
    from kg.serve.pages import Linker, decision_view, render
    from kg.vocab import DEFAULT_BASE

    d = URIRef("https://w3id.org/lgsco-kg/id/lgsco/decision/22-014-385")
    g = graphs(built["tmp"] / "a")[str(d)]
    linker = Linker(DEFAULT_BASE)
    page = render("decision.html", d=decision_view(g, d, linker), linker=linker, root="", formats=[]).decode()
    source = g.value(d, OMB.sourceText)
    url, digest = str(g.value(source, PROV.wasDerivedFrom)), str(g.value(source, OMB.contentDigest))
    assert f'<dt>Fetched</dt><dd><a href="{url}" rel="external">{url}</a>' in page
    assert digest in page and str(g.value(source, PROV.generatedAtTime))[:10] in page
