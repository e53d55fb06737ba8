"""One harvest: read robots.txt, prime the session, discover decision pages, fetch each one, archive it.

Discovery walks the search results a date window at a time, newest first,
page by page, and stops a window when a page brings no link it has not seen
in that window (an empty page, or the last one again).  A window that still
brings new links on its last allowed page (``page_cap``) is cut in two and
each half walked; so is one whose pages (two or more) were all full before an
empty one, which is what a cap the harvester was not told about looks like.  ``--urls FILE`` replaces discovery by a list of pages.

Fetching sends conditional requests (``If-None-Match``, ``If-Modified-Since``)
for pages the index knows; a ``304``, or a ``200`` with the same content
digest, is counted unchanged and stores nothing.

A run is recorded in the index; a run killed before its end is resumed by
the next one with the same arguments: windows it finished are not walked
again and pages it fetched are not requested again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kg.errors import HarvestStopped, InputError
from kg.harvest.archive import Archive, Fetched, digest_of, iso
from kg.harvest.polite import Clock, Disallowed, Policy, Polite, SystemClock
from kg.harvest.reader import read_body
from kg.harvest.site import EARLIEST, cards, check_site, decision_link, listing_url, page_links, split, windows

#: Days in one date window of the search (about a month: a few hundred decisions, tens of pages)
WINDOW_DAYS = 31
#: Result pages the site serves for one search at most (a window reaching it is split)
PAGE_CAP = 100


@dataclass
class Progress:
    """Where a harvest is: counts so far, requests a second, and seconds left (None until known)."""

    phase: str = "robots"  # robots | discover | fetch | done
    discovered: int = 0
    listing_pages: int = 0
    fetched: int = 0
    unchanged: int = 0
    failed: int = 0
    to_fetch: int = 0
    requests: int = 0
    rate: float = 0.0
    eta: float | None = None


@dataclass
class Summary:
    """What a harvest did."""

    run: int = 0
    resumed: bool = False
    recovered: int = 0  # records a killed run had written but not indexed, indexed now
    discovered: int = 0  # decision pages found in this run
    new: int = 0  # of which the index did not know before
    listing_pages: int = 0
    fetched: int = 0  # decision pages stored (new or changed)
    unchanged: int = 0  # 304, or the same content
    failed: list[tuple[str, str]] = field(default_factory=list)  # (URL, why)
    disallowed: list[str] = field(default_factory=list)
    capped: list[str] = field(default_factory=list)  # single days with more results than the site shows
    requests: int = 0
    seconds: float = 0.0
    stored: int = 0  # decision pages in the archive after the run
    stopped: str | None = None  # why the run stopped early (circuit breaker …)

    @property
    def ok(self) -> bool:
        return not self.failed and self.stopped is None


@dataclass
class Harvest:
    """The arguments of ``kg harvest``."""

    site: str
    out: Path
    start: date | None = None
    end: date | None = None
    urls: Path | None = None
    max_pages: int | None = None
    window_days: int = WINDOW_DAYS
    page_cap: int = PAGE_CAP
    policy: Policy = field(default_factory=Policy)


def read_urls(path: Path, site: str) -> list[str]:
    """Decision page URLs from a file, one a line (blank lines and ``#`` comments skipped), first copy first."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"--urls {path}: cannot be read ({exc})") from None
    urls: dict[str, None] = {}
    host = site.split("://", 1)[1]
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        link = decision_link(text)
        if link is None or link[0].split("://", 1)[1].split("/", 1)[0] != host:
            raise InputError(
                f"--urls {path}, line {number}: {text!r} is not a decision page of {site} "
                f"(expected {site}/decisions/CATEGORY/SUBCATEGORY/NN-NNN-NNN)"
            )
        urls.setdefault(link[0])
    return list(urls)


def kind_of(url: str) -> tuple[str, str | None]:
    link = decision_link(url)
    if link is not None:
        return "decision", link[1]
    return ("listing", None) if "/SearchResults" in url else ("other", None)


class _Run:
    def __init__(self, job: Harvest, clock: Clock, progress: Callable[[Progress], None] | None) -> None:
        self.job, self.clock, self.report = job, clock, progress
        self.site = check_site(job.site)
        self.archive = Archive(job.out, kind_of)
        self.polite = Polite(self.site, job.policy, clock)
        self.summary = Summary(recovered=self.archive.recovered)
        self.progress = Progress()
        self.began = clock.monotonic()
        self.primed = False
        self.page_size = 0  # the most decisions one result page has shown: a full page
        self.found: set[str] = set()  # decision pages discovered in this run

    def tick(self) -> None:
        p, s = self.progress, self.summary
        p.discovered, p.listing_pages, p.fetched, p.unchanged = s.discovered, s.listing_pages, s.fetched, s.unchanged
        p.failed, p.requests = len(s.failed), self.polite.requests
        elapsed = self.clock.monotonic() - self.began
        p.rate = p.requests / elapsed if elapsed > 0 else 0.0
        if p.phase == "fetch":
            per_request = max(self.polite.delay, 1 / p.rate if p.rate else 0.0)
            p.eta = p.to_fetch * per_request
        if self.report is not None:
            self.report(p)

    # --- discovery ------------------------------------------------------------------------------

    def prime(self) -> None:
        """Visit the decisions page once, so the site sets its session cookie before the first search."""
        try:
            self.polite.get(self.site + "/decisions")
        except Disallowed:
            pass
        self.primed = True

    def listing(self, url: str) -> str | None:
        """A search-results page's HTML (from the archive on 304), or None when it failed."""
        page = self.archive.page(url)
        headers = _conditional(page)
        try:
            answer = self.polite.get(url, headers)
        except Disallowed:
            self.summary.disallowed.append(url)
            return None
        self.summary.listing_pages += 1
        fetched = answer.fetched
        if fetched is None or fetched.status not in (200, 304):
            why = answer.error if fetched is None else f"{fetched.status} {fetched.reason}".strip()
            self.summary.failed.append((url, why or "no answer"))
            return None
        if fetched.status == 304 and page is not None and page.warc_file is not None and page.warc_offset is not None:
            self.archive.checked(self.run, url, self.clock.now())
            body = read_body(self.archive.folder / "warc" / page.warc_file, page.warc_offset)
        elif fetched.status == 304:
            self.summary.failed.append((url, "304 Not Modified for a page the archive does not hold"))
            return None
        else:
            self._store_or_keep(url, page, fetched)
            body = fetched.body
        return body.decode("utf-8", "replace")

    def walk(self, start: date, end: date) -> str | None:
        """Walk one window's result pages: ``done``; ``split`` (it reached the page cap); ``full`` (every page
        was full and then came an empty one: perhaps a cap the site did not say); None if a page failed."""
        seen: set[str] = set()
        for number in range(1, self.job.page_cap + 1):
            url = listing_url(self.site, start, end, number)
            html = self.listing(url)
            if html is None:
                return None
            found = cards(html, url)
            if number == 1 and not found and not self.primed:
                self.prime()  # an empty shell: the session cookie has gone; prime again and ask once more
                html = self.listing(url)
                found = cards(html, url) if html is not None else {}
            new = [found[u] for u in found if u not in seen]
            if not new:
                suspect = number > 2 and len(seen) == self.page_size * (number - 1)
                return "full" if suspect else "done"
            self.page_size = max(self.page_size, len(new))
            retrieved = iso(self.clock.now())
            for link, reference, card in new:
                seen.add(link)
                self._discovered(link, reference, card.to_json(), url, retrieved)
            self.tick()
            if self._enough():
                return None
            self.primed = False  # a later empty first page may be an expired session again
        return "split"

    def _discovered(
        self,
        url: str,
        reference: str,
        card: dict | None = None,
        card_url: str | None = None,
        retrieved: str | None = None,
    ) -> None:
        if self.archive.discovered(self.run, url, "decision", reference, card, card_url, retrieved):
            self.summary.new += 1
        self.found.add(url)
        self.summary.discovered = len(self.found)

    def _enough(self) -> bool:
        return self.job.max_pages is not None and self.summary.discovered >= self.job.max_pages

    def discover(self) -> None:
        job = self.job
        if job.urls is not None:
            for url in read_urls(job.urls, self.site)[: job.max_pages]:
                self._discovered(url, kind_of(url)[1] or "")
            return
        end = job.end or self.clock.now().date()
        start = job.start or EARLIEST
        queue = list(windows(start, end, job.window_days))
        while queue and not self._enough():
            fd, td = queue.pop(0)
            state = self.archive.window(self.run, fd.isoformat(), td.isoformat())
            if state is None:
                state = self.walk(fd, td)
                if state is None:
                    continue
                self.archive.mark_window(self.run, fd.isoformat(), td.isoformat(), state)
            if state in ("split", "full"):
                halves = split(fd, td)
                if halves is not None:
                    queue[0:0] = halves
                elif state == "split":
                    self.summary.capped.append(fd.isoformat())

    # --- fetching -------------------------------------------------------------------------------

    def _store_or_keep(self, url: str, page, fetched: Fetched) -> bool:
        """Store a 200 unless its content is what the archive already holds; True if stored."""
        if page is not None and page.warc_file is not None and page.digest == digest_of(fetched.body):
            self.archive.checked(
                self.run, url, self.clock.now(), fetched.header("ETag"), fetched.header("Last-Modified")
            )
            return False
        self.archive.store(fetched, self.run)
        if fetched.url != url:  # redirected: the address asked for is done too
            self.archive.checked(self.run, url, self.clock.now())
        return True

    def fetch(self, url: str) -> None:
        page = self.archive.page(url)
        try:
            answer = self.polite.get(url, _conditional(page))
        except Disallowed:
            self.summary.disallowed.append(url)
            self.archive.failed(self.run, url, "disallowed by robots.txt")
            return
        fetched = answer.fetched
        if fetched is None:
            self._failed(url, answer.error or "no answer")
        elif fetched.status == 304 and page is not None and page.warc_file is not None:
            self.archive.checked(self.run, url, self.clock.now())
            self.summary.unchanged += 1
        elif fetched.status == 200:
            if self._store_or_keep(url, page, fetched):
                self.summary.fetched += 1
                self._chapters(url, fetched)
            else:
                self.summary.unchanged += 1
        else:
            self._failed(url, f"{fetched.status} {fetched.reason}".strip())

    def _chapters(self, url: str, fetched: Fetched) -> None:
        """Queue the ``?chapter=N`` pages a report links to (same decision address)."""
        if "?chapter=" in url:
            return
        for link, reference, _ in page_links(fetched.body.decode("utf-8", "replace"), url):
            if link.startswith(url + "?chapter="):
                self._discovered(link, reference)

    def _failed(self, url: str, reason: str) -> None:
        self.archive.failed(self.run, url, reason)
        self.summary.failed.append((url, reason))

    def fetch_all(self) -> None:
        self.progress.phase = "fetch"
        done = 0
        while todo := self.archive.to_fetch(self.run):
            if self.job.max_pages is not None:
                todo = todo[: max(0, self.job.max_pages - done)]
                if not todo:
                    return
            self.progress.to_fetch = len(todo)
            for url in todo:
                self.fetch(url)
                done += 1
                self.progress.to_fetch -= 1
                self.tick()

    # --- the whole run --------------------------------------------------------------------------

    def __call__(self) -> Summary:
        s = self.summary
        try:
            key = _key(self.job, self.site)
            self.run, s.resumed = self.archive.start_run(key, self.clock.now())
            s.run = self.run
            self.polite.read_robots()
            self.progress.phase = "discover"
            if self.job.urls is None:
                self.prime()
            self.discover()
            self.fetch_all()
            self.archive.finish_run(self.run, self.clock.now())
            self.progress.phase = "done"
        except HarvestStopped as exc:
            s.stopped = str(exc)
        finally:
            s.requests = self.polite.requests
            s.seconds = self.clock.monotonic() - self.began
            s.stored = self.archive.count()
            self.polite.close()
            self.archive.close()
        self.tick()
        return s


def _conditional(page) -> dict[str, str]:
    if page is None or page.warc_file is None:
        return {}
    headers = {}
    if page.etag:
        headers["If-None-Match"] = page.etag
    if page.last_modified:
        headers["If-Modified-Since"] = page.last_modified
    return headers


def _key(job: Harvest, site: str) -> str:
    """What makes two runs the same run (a killed one is resumed only by the same arguments)."""
    urls = hashlib.sha256(Path(job.urls).read_bytes()).hexdigest() if job.urls is not None else ""
    return f"{site}|{job.start}|{job.end}|{urls}|{job.max_pages}|{job.window_days}|{job.page_cap}"


def harvest(job: Harvest, *, clock: Clock | None = None, progress: Callable[[Progress], None] | None = None) -> Summary:
    """Run one harvest (see the module's docstring); never raises for a site's failures, which the summary lists."""
    if job.start and job.end and job.start > job.end:
        raise InputError(f"--from {job.start} is after --to {job.end}")
    if job.urls is not None and (job.start or job.end):
        raise InputError("give --urls FILE or a date range (--from/--to), not both")
    if job.policy.rate <= 0:
        raise InputError(f"--rate {job.policy.rate} must be a positive number of requests a second")
    if job.max_pages is not None and job.max_pages < 1:
        raise InputError(f"--max {job.max_pages} must be at least 1")
    if job.urls is not None:
        read_urls(job.urls, check_site(job.site))  # refused before anything is opened
    return _Run(job, clock or SystemClock(), progress)()


__all__ = ["PAGE_CAP", "WINDOW_DAYS", "Harvest", "Progress", "Summary", "harvest", "kind_of", "read_urls"]
