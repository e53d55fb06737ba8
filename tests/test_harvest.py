"""``kg harvest`` against the replay site: every decision exactly once, every delay honoured, resumable.

Delays are asserted on the site's request log, on the virtual clock the
harvester and the site share (:class:`replay_site.FakeClock`): nothing here
sleeps, and a harvest of 48 decisions at one request every two seconds
takes a few seconds of real time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from replay_site import FakeClock, Hit, ReplaySite, corpus_decisions
from warcio.archiveiterator import ArchiveIterator

from kg.harvest.polite import Policy
from kg.harvest.run import Harvest, Summary, harvest

CONTACT = "harvest-tests@example.org"


def job(site: ReplaySite, out: Path, **kw) -> Harvest:
    policy = kw.pop("policy", None) or Policy(seed=7, timeout=0.5, contact=CONTACT)
    return Harvest(
        site.url, out, start=date(2009, 1, 1), end=date(2025, 6, 1), window_days=5000, page_cap=3, policy=policy, **kw
    )


def responses(out: Path) -> list[str]:
    """The target URL of every response record in the harvest's WARC files, in the order written."""
    urls = []
    for warc in sorted((out / "warc").glob("*.warc.gz")):
        with open(warc, "rb") as fh:
            urls += [
                r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(fh) if r.rec_type == "response"
            ]
    return urls


def decision_hits(site: ReplaySite) -> list[Hit]:
    return [h for h in site.hits("/decisions/") if h.path.count("/") >= 4]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def site(clock: FakeClock):
    with ReplaySite(corpus_decisions(), clock=clock) as s:
        yield s


def test_every_decision_exactly_once_through_every_fault(site: ReplaySite, clock: FakeClock, tmp_path: Path) -> None:
    paths = sorted(site.pages)
    site.faults = {
        paths[0]: ["429:7"],
        paths[1]: ["503", "503", "503"],  # a burst: backoff with jitter, then the page
        paths[2]: ["reset"],
        paths[3]: ["slow:5"],
        paths[4]: ["stall"],  # no answer until the harvester's timeout gives up
        paths[5]: ["429@30"],  # Retry-After as an HTTP date
        paths[6]: ["503:11"],
        "/Decisions/SearchResults": ["503:4"],
    }
    site.broken_listing_pages = {2}
    s = harvest(job(site, tmp_path), clock=clock)

    assert s.ok and s.stopped is None and not s.failed, s
    assert s.discovered == s.fetched == s.stored == len(site.pages) == 48
    ok = [h.path for h in decision_hits(site) if h.status == 200]
    assert sorted(ok) == paths, "every decision page answered 200 exactly once"
    assert sorted(responses(tmp_path)).count(site.url + paths[0]) == 1
    assert len([u for u in responses(tmp_path) if "/decisions/" in u]) == 48, "no page is stored twice"

    log = sorted(site.log, key=lambda h: h.start)
    assert log[0].path == "/robots.txt" and log[1].path == "/decisions", "robots.txt first, then the session"
    for before, after in zip(log, log[1:]):
        assert after.start - before.end >= 2 - 1e-9, f"Crawl-delay 2 broken between {before.path} and {after.path}"
    for hit, later in zip(log, log[1:]):
        if hit.fault in ("429:7", "503:11", "503:4"):
            assert later.start - hit.end >= float(hit.fault.split(":")[1]) - 1e-9, hit
        if hit.fault == "429@30":
            assert later.start - hit.end >= 30 - 1, hit  # an HTTP date has whole seconds
    burst = [h for h in log if h.path == paths[1]]
    gaps = [b.start - a.end for a, b in zip(burst, burst[1:])]
    assert [h.status for h in burst] == [503, 503, 503, 200]
    assert gaps[0] >= 2 and gaps[1] >= 2 and gaps[2] >= 4, f"backoff should grow: {gaps}"
    assert all("lgsco-kg-harvester/" in h.headers["User-Agent"] and CONTACT in h.headers["User-Agent"] for h in log)
    assert all(h.headers.get("From") == CONTACT for h in log)
    searches = [h for h in log if h.path.startswith("/Decisions/SearchResults")]
    assert all("session=replay" in h.headers.get("Cookie", "") for h in searches)
    assert any("page=4" not in h.path for h in searches) and not any("page=4" in h.path for h in searches), (
        "the page cap (3) is never passed: a capped window is split instead"
    )


def test_second_run_sends_conditional_requests_and_stores_nothing_unchanged(
    site: ReplaySite, clock: FakeClock, tmp_path: Path
) -> None:
    first = harvest(job(site, tmp_path), clock=clock)
    assert first.fetched == 48
    before = len(site.log)
    changed = sorted(site.pages)[10]
    site.change(changed, "Correction: the Council has now paid.")
    second = harvest(job(site, tmp_path), clock=clock)

    again = [h for h in site.log[before:] if h.path in site.pages]
    assert len(again) == 48 and all("If-None-Match" in h.headers and "If-Modified-Since" in h.headers for h in again)
    assert sorted(h.path for h in again if h.status == 200) == [changed]
    assert (second.fetched, second.unchanged, second.failed, second.new) == (1, 47, [], 0)
    stored = [u for u in responses(tmp_path) if "/decisions/" in u]
    assert len(stored) == 49 and stored.count(site.url + changed) == 2, "only the changed page is stored again"


def test_disallowed_pages_are_not_fetched(site: ReplaySite, clock: FakeClock, tmp_path: Path) -> None:
    private = "/decisions/private/other/24-000-202"
    site.decisions.append(
        site.decisions[0].__class__(
            "24 000 202",
            private,
            "Somewhere Council",
            "statement",
            "Upheld",
            "Other",
            date(2024, 2, 2),
            "Summary text",
            b"<html></html>",
        )
    )
    site.pages[private] = b"<html></html>"
    s = harvest(job(site, tmp_path), clock=clock)
    assert s.disallowed == [site.url + private] and s.ok
    assert not site.hits(private)


def test_circuit_breaker_stops_a_failing_site_with_a_clear_message(
    site: ReplaySite, clock: FakeClock, tmp_path: Path
) -> None:
    for path in site.pages:
        site.faults[path] = ["503"] * 10
    s = harvest(job(site, tmp_path, policy=Policy(seed=1, breaker=8, retries=3)), clock=clock)
    assert s.stopped is not None and "8 failed requests in a row" in s.stopped and "run the same command" in s.stopped
    assert not s.ok
    assert len([h for h in decision_hits(site) if h.status == 503]) == 8, "nothing more is sent once it opens"
    assert s.failed and all(why.startswith("503") for _, why in s.failed)


def test_a_retry_after_too_long_stops_the_harvest(site: ReplaySite, clock: FakeClock, tmp_path: Path) -> None:
    site.faults[sorted(site.pages)[0]] = ["429:86400"]
    s = harvest(job(site, tmp_path), clock=clock)
    assert s.stopped is not None and "86400 s" in s.stopped
    assert max(clock.sleeps) < 3600


def test_urls_file_replaces_discovery(site: ReplaySite, clock: FakeClock, tmp_path: Path) -> None:
    chosen = sorted(site.pages)[:3]
    listed = tmp_path / "urls.txt"
    listed.write_text("# three decisions\n" + "".join(f"{site.url}{p}\n\n" for p in chosen + chosen[:1]))
    s = harvest(Harvest(site.url, tmp_path / "out", urls=listed, policy=Policy(seed=1)), clock=clock)
    assert (s.discovered, s.fetched, s.ok) == (3, 3, True)
    assert not site.hits("/Decisions/SearchResults")


def test_resumes_after_sigkill_and_never_stores_a_page_twice(tmp_path: Path) -> None:
    """A real ``kg harvest`` process, killed with SIGKILL while it waits on a page, then run again."""
    with ReplaySite(corpus_decisions(), crawl_delay=None) as site:
        paths = sorted(site.pages)
        site.faults[paths[20]] = ["stall"]
        out = tmp_path / "harvest"
        args = [
            sys.executable,
            "-m",
            "kg.cli.app",
            "harvest",
            "--site",
            site.url,
            "--out",
            str(out),
            "--from",
            "2009-01-01",
            "--to",
            "2025-06-01",
            "--window-days",
            "5000",
            "--page-cap",
            "3",
            "--rate",
            "500",
        ]
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            assert site.stalled.wait(120), "the harvester never reached the stalled page"
        finally:
            os.kill(process.pid, signal.SIGKILL)
            process.communicate()
        assert process.returncode == -signal.SIGKILL
        first = [h.path for h in decision_hits(site) if h.status == 200]
        assert len(first) == 20

        done = subprocess.run(args, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert "resumed" in done.stdout and "holds 48 decision pages" in done.stdout
        ok = [h.path for h in decision_hits(site) if h.status == 200]
        assert sorted(ok) == paths, "each page fetched once over both runs: the resumed run skips what was stored"
        stored = [u for u in responses(out) if "/decisions/" in u]
        assert sorted(stored) == sorted(site.url + p for p in paths)


def test_summary_reports_failures(site: ReplaySite, clock: FakeClock, tmp_path: Path) -> None:
    gone = sorted(site.pages)[0]
    del site.pages[gone]
    s: Summary = harvest(job(site, tmp_path), clock=clock)
    assert s.failed == [(site.url + gone, "404 Not Found")] and not s.ok and s.fetched == 47
