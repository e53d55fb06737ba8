"""The harvest folder survives a kill at any moment; discovery reads any markup; bad arguments exit 2."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from replay_site import FakeClock, ReplaySite, corpus_decisions

from kg.cli.app import main
from kg.harvest.archive import Archive, Fetched
from kg.harvest.polite import Policy
from kg.harvest.reader import decision_records, read_body
from kg.harvest.run import Harvest, harvest, kind_of
from kg.harvest.site import cards

URL = "https://www.lgo.org.uk/decisions/housing/homelessness/23-005-233"


def exchange(n: int) -> Fetched:
    body = f"<html><h1>Council ({23:02d} 005 {n:03d})</h1></html>".encode()
    return Fetched(
        f"{URL[:-3]}{n:03d}",
        200,
        "OK",
        [("User-Agent", "t")],
        [("ETag", f'"{n}"')],
        body,
        body,
        datetime(2025, 6, 2, 9, n, tzinfo=UTC),
    )


def test_a_record_written_but_not_indexed_is_recovered_and_a_torn_one_cut_off(tmp_path: Path) -> None:
    with Archive(tmp_path, kind_of) as archive:
        run, _ = archive.start_run("k", datetime.now(UTC))
        pages = [archive.store(exchange(n), run) for n in range(3)]
    warc = tmp_path / "warc" / pages[0].warc_file
    complete = warc.stat().st_size
    # a kill between the WARC write and the index commit of the last page: the index never heard of it
    db = sqlite3.connect(tmp_path / "index.sqlite")
    with db:
        db.execute("DELETE FROM records WHERE url = ?", (pages[2].url,))
        db.execute("DELETE FROM pages WHERE url = ?", (pages[2].url,))
        db.execute("UPDATE warcs SET indexed_end = ?", (pages[1].warc_offset + pages[1].warc_length,))
    db.close()
    # ... and a kill halfway through writing one more record
    with open(warc, "ab") as fh:
        fh.write(warc.read_bytes()[pages[1].warc_offset : pages[1].warc_offset + pages[1].warc_length // 2])

    with Archive(tmp_path, kind_of) as archive:
        assert archive.recovered == 1
        again = archive.page(pages[2].url)
        assert again is not None and (again.warc_offset, again.digest, again.etag) == (
            pages[2].warc_offset,
            pages[2].digest,
            '"2"',
        )
    assert warc.stat().st_size == complete, "the torn record is cut off, nothing else"
    assert [r.reference for r in decision_records(tmp_path)] == ["23 005 000", "23 005 001", "23 005 002"]
    assert read_body(warc, pages[2].warc_offset) == exchange(2).body
    with Archive(tmp_path, kind_of) as archive:
        assert archive.recovered == 0


def test_cards_are_read_from_any_markup() -> None:
    page = """<table><tr><td><b>Statement</b> · Upheld · Homelessness · 7-Jun-2023</td></tr>
      <tr><td><a href="/decisions/housing/homelessness/23-005-233">Bristol City Council (23 005 233)</a>
      <i>Mr B complained the Council did not secure interim accommodation for him and his family.</i></td></tr>
    </table><p>Other: <a href="https://elsewhere.example/decisions/housing/homelessness/23-005-234">x</a>
      <a href="/decisions/housing/homelessness/23-005-233#top">again</a>"""
    found = cards(page, "https://www.lgo.org.uk/Decisions/SearchResults?page=1")
    assert list(found) == [URL], "another host's link and the fragment's duplicate are not new decisions"
    card = found[URL][2]
    assert (card.reference, card.authority, card.category, card.subcategory) == (
        "23 005 233",
        "Bristol City Council",
        "Housing",
        "Homelessness",
    )
    assert (card.kind, card.outcome, card.decision_date) == ("statement", "Upheld", "2023-06-07")
    assert card.summary is not None and card.summary.startswith("Mr B complained")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--from", "2024-02-01", "--to", "2024-01-01"], "is after --to"),
        (["--from", "1 May 2024"], "not a date"),
        (["--site", "ftp://example.org"], "not the http(s) address"),
        (["--rate", "0"], "must be a positive number"),
        (["--max", "0"], "must be at least 1"),
    ],
)
def test_bad_arguments_exit_2(tmp_path: Path, args: list[str], says: str) -> None:
    result = CliRunner().invoke(main, ["harvest", "--out", str(tmp_path / "h"), *args])
    assert result.exit_code == 2 and says in result.output, result.output


def test_a_urls_file_naming_other_pages_exits_2(tmp_path: Path) -> None:
    listed = tmp_path / "urls.txt"
    listed.write_text(URL + "\nhttps://www.lgo.org.uk/news/2024\n")
    result = CliRunner().invoke(main, ["harvest", "--out", str(tmp_path / "h"), "--urls", str(listed)])
    assert result.exit_code == 2 and "line 2" in result.output and "not a decision page" in result.output


def test_failures_are_listed_and_exit_1(tmp_path: Path) -> None:
    with ReplaySite(corpus_decisions(), crawl_delay=None) as site:
        paths = sorted(site.pages)[:2]
        listed = tmp_path / "urls.txt"
        listed.write_text("".join(f"{site.url}{p}\n" for p in paths) + f"{site.url}/decisions/a/b/24-999-999\n")
        result = CliRunner().invoke(
            main, ["harvest", "--site", site.url, "--out", str(tmp_path / "h"), "--urls", str(listed), "--rate", "1000"]
        )
    assert result.exit_code == 1
    assert f"failed: {site.url}/decisions/a/b/24-999-999: 404 Not Found" in result.output
    assert "2 fetched, 0 unchanged, 1 failed" in result.output


def test_an_unreadable_robots_txt_stops_before_any_page(tmp_path: Path) -> None:
    clock = FakeClock()
    with ReplaySite(corpus_decisions(), clock=clock) as site:
        site.faults["/robots.txt"] = ["500"] * 6
        s = harvest(Harvest(site.url, tmp_path, policy=Policy(seed=1)), clock=clock)
        assert s.stopped is not None and "robots.txt" in s.stopped
        assert {h.path for h in site.log} == {"/robots.txt"}
