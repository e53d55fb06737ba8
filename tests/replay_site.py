"""Test helper: a small replay of the Ombudsman's site on 127.0.0.1, port 0, with faults injected on request.

The site has what a harvester meets on the real one: ``robots.txt`` (with a
``Crawl-delay``), ``/decisions`` setting a session cookie (search results
are an empty shell without it), search-result pages of ten cards, newest
first, filtered by date and cut off after ``page_cap`` pages, and decision
pages with ETags and ``Last-Modified`` that answer ``304`` to a matching
conditional request.  The decision pages are the project's own test texts
(``tests/corpus``) rendered as HTML pages with the site's furniture.

Faults are scripted per path: ``site.faults[path] = ["429:7", "503", "reset"]``
makes the next three requests for ``path`` answer 429 with ``Retry-After: 7``,
then 503, then a connection reset; then the page as usual.  Scripts:
``429:N`` / ``503:N`` (Retry-After seconds), ``429@N`` (Retry-After as an HTTP
date N seconds ahead), ``503`` / ``500`` (no Retry-After), ``reset``
(connection reset), ``stall`` (no answer until the client gives up),
``slow:N`` (the answer takes N seconds of the clock).

Every request is logged with the time it arrived and was answered on the
site's clock, which is the harvester's :class:`FakeClock` in tests: delays
are asserted on this log, and the harvester never really sleeps.
"""

from __future__ import annotations

import hashlib
import html
import select
import socket
import struct
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from renderings import to_html

from kg.parse import parse_file
from kg.vocab import slug

CORPUS = Path(__file__).resolve().parent / "corpus"


class FakeClock:
    """A virtual clock shared by the harvester and the site: ``sleep`` moves time on at once and is recorded."""

    def __init__(self, start: datetime = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)) -> None:
        self.t = 1000.0
        self.epoch = start - timedelta(seconds=self.t)
        self.sleeps: list[float] = []
        self.lock = threading.Lock()

    def monotonic(self) -> float:
        with self.lock:
            return self.t

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.sleeps.append(seconds)
            self.t += max(0.0, seconds)

    def advance(self, seconds: float) -> None:
        with self.lock:
            self.t += seconds

    def now(self) -> datetime:
        with self.lock:
            return self.epoch + timedelta(seconds=self.t)


@dataclass
class Decision:
    """One decision the site publishes: its address, card facts and page."""

    reference: str
    path: str
    authority: str
    kind: str
    outcome: str
    subcategory: str
    day: date
    summary: str
    page: bytes


@dataclass
class Hit:
    """One request as the site saw it."""

    start: float
    end: float
    path: str
    headers: dict[str, str]
    status: int
    fault: str | None = None


@dataclass
class ReplaySite:
    """The site; use as a context manager (``with ReplaySite(...) as site: site.url``)."""

    decisions: list[Decision]
    clock: FakeClock | None = None
    crawl_delay: float | None = 2
    page_size: int = 10
    page_cap: int = 3
    disallow: str = "/decisions/private/"
    log: list[Hit] = field(default_factory=list)
    faults: dict[str, list[str]] = field(default_factory=dict)
    #: page number -> extra markup around that results page (tests use it for malformed pages)
    broken_listing_pages: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.pages = {d.path: d.page for d in self.decisions}
        self.lock = threading.Lock()
        self.stalled = threading.Event()  # set when a ``stall`` fault starts: the client is waiting on us

    # --- running ----------------------------------------------------------------------------------

    def __enter__(self) -> ReplaySite:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        with socket.create_connection(("127.0.0.1", self.server.server_address[1]), timeout=5):
            pass  # ready: the socket accepts
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def time(self) -> float:
        return self.clock.monotonic() if self.clock is not None else 0.0

    def hits(self, prefix: str = "") -> list[Hit]:
        with self.lock:
            return [h for h in self.log if h.path.startswith(prefix)]

    def change(self, path: str, words: str) -> None:
        """Publish a new version of a decision page (a correction): another ETag and Last-Modified."""
        self.pages[path] = self.pages[path].replace(b"</article>", f"<p>{html.escape(words)}</p></article>".encode())

    def save(self, folder: Path) -> list[Path]:
        """Every decision page as a file, as a person saving them from a browser would."""
        folder.mkdir(parents=True, exist_ok=True)
        out = []
        for path, page in self.pages.items():
            target = folder / (path.rstrip("/").rsplit("/", 1)[1] + ".html")
            target.write_bytes(page)
            out.append(target)
        return out

    # --- pages ------------------------------------------------------------------------------------

    def robots(self) -> bytes:
        lines = ["User-agent: *", f"Disallow: {self.disallow}"]
        if self.crawl_delay is not None:
            lines.append(f"Crawl-delay: {self.crawl_delay:g}")
        return ("\n".join(lines) + "\n").encode()

    def results(self, query: dict[str, list[str]]) -> bytes:
        start = _day(query["fd"][0])
        end = _day(query["td"][0])
        number = int(query.get("page", ["1"])[0])
        chosen = sorted(
            (d for d in self.decisions if start <= d.day <= end), key=lambda d: (d.day, d.reference), reverse=True
        )
        shown = chosen[(number - 1) * self.page_size : number * self.page_size] if number <= self.page_cap else []
        cards = []
        for i, d in enumerate(shown):
            cards.append(_card(d))
            if i == 1:  # the same decision twice on a page (a duplicate link)
                cards.append(_card(d))
        body = "\n".join(cards) if cards else "<p>No decisions match your search.</p>"
        if number in self.broken_listing_pages:  # unclosed tags, stray markup, links outside any card
            body = f"<div><table><tr><td>{body}<span><b>Results <i>page {number}</div></table>"
        return _shell(f"<main><h1>Decisions</h1><section class='results'>{body}</section>", "Search results")


def _day(text: str) -> date:
    year, month, day = (int(x) for x in text.split("-"))
    return date(year, month, day)


def _card(d: Decision) -> str:
    when = d.day.strftime("%d-%b-%Y").lstrip("0")
    return (
        "<div class='result'>"
        f"<h2><a href='{d.path}'>{html.escape(d.authority)} ({d.reference.upper()})</a></h2>"
        f"<ul class='meta'><li>{d.kind.capitalize()}</li><li>{html.escape(d.outcome)}</li>"
        f"<li>{html.escape(d.subcategory)}</li><li>{when}</li></ul>"
        f"<p>{html.escape(d.summary)}</p>"
        f"<a class='more' href='{d.path}?utm=list'>Read the decision</a></div>"
    )


def _shell(inner: str, title: str) -> bytes:
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body><header class='site-header'><nav><a href='/'>Home</a> "
        "<a href='/decisions'>Decisions</a></nav></header>" + inner + "<footer class='site-footer'>Footer</footer>"
        "</body></html>"
    ).encode()


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


def _handler(site: ReplaySite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            start = site.time()
            parts = urlsplit(self.path)
            with site.lock:
                script = site.faults.get(parts.path)
                fault = script.pop(0) if script else None
            self.answered = start  # a reset or a stall never answers; when the client gave up is its own to know
            status = self._answer(parts, fault)
            end = self.answered
            with site.lock:
                site.log.append(Hit(start, end, self.path, dict(self.headers.items()), status, fault))

        def _answer(self, parts, fault: str | None) -> int:
            if fault == "reset":
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True
                self.connection.close()
                return 0
            if fault == "stall":
                site.stalled.set()
                _until_closed(self.connection, 60.0)
                self.close_connection = True
                return 0
            if fault and fault.startswith("slow:") and site.clock is not None:
                site.clock.advance(float(fault[5:]))
                fault = None
            if fault:
                code, _, after = fault.replace("@", ":@").partition(":")
                headers = {}
                if after.startswith("@") and site.clock is not None:
                    when = site.clock.now() + timedelta(seconds=float(after[1:]))
                    headers["Retry-After"] = format_datetime(when, usegmt=True)
                elif after:
                    headers["Retry-After"] = after
                return self._send(int(code), b"busy", headers)
            if parts.path == "/robots.txt":
                return self._send(200, site.robots(), {"Content-Type": "text/plain"})
            if parts.path == "/decisions":
                return self._send(
                    200, _shell("<main>Find a decision</main>", "Decisions"), {"Set-Cookie": "session=replay; Path=/"}
                )
            if parts.path == "/Decisions/SearchResults":
                if "session=replay" not in (self.headers.get("Cookie") or ""):
                    return self._send(200, _shell("<main><div id='app'></div></main>", "Search"), {})
                return self._page(site.results(parse_qs(parts.query, keep_blank_values=True)))
            page = site.pages.get(parts.path)
            if page is None:
                return self._send(404, b"not found", {})
            return self._page(page)

        def _page(self, body: bytes) -> int:
            tag = _etag(body)
            modified = format_datetime(datetime(2025, 1, 1, tzinfo=UTC), usegmt=True)
            if self.headers.get("If-None-Match") == tag:
                return self._send(304, b"", {"ETag": tag, "Last-Modified": modified})
            return self._send(
                200, body, {"ETag": tag, "Last-Modified": modified, "Content-Type": "text/html; charset=utf-8"}
            )

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> int:
            self.answered = site.time()  # before the client can read the answer and move the clock on
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)
            return status

    return Handler


def _until_closed(conn: socket.socket, limit: float = 10.0) -> None:
    """Wait (really) until the client closes the connection, at most ``limit`` seconds."""
    deadline = 0.0
    while deadline < limit:
        ready, _, _ = select.select([conn], [], [], 0.05)
        deadline += 0.05
        if ready:
            try:
                if not conn.recv(1024):
                    return
            except OSError:
                return


# --- the site's decisions ---------------------------------------------------------------------------

#: A page cut short by the site: the title and the first lines only; the card has the facts it lacks
SHORT_PAGE = (
    "Northshire County Council (24 000 101)\n\n"
    "The complaint\n\n"
    "  1. Mrs Q complains the Council took too long to review the charges for her late father's care and "
    "did not answer her letters about"
)


def corpus_decisions() -> list[Decision]:
    """The decisions of ``tests/corpus`` (one per reference) as the site publishes them, plus one cut-short page."""
    found: dict[str, Decision] = {}
    for file in sorted(CORPUS.glob("*.txt")):
        d = parse_file(file)
        if d.reference in found:
            continue
        category, sub = d.category or "Other categories", d.subcategory or "Other"
        day = d.decision_date or date(2023, 12, 1) - timedelta(days=len(found))
        found[d.reference] = Decision(
            reference=d.reference,
            path=f"/decisions/{slug(category)}/{slug(sub)}/{d.slug}",
            authority=d.authority or "Unknown Council",
            kind=d.kind,
            outcome=d.outcome or ("Closed after initial enquiries" if d.assessment_stage else "Not upheld"),
            subcategory=sub,
            day=day,
            summary=d.summary.text if d.summary else "Summary withheld",
            page=to_html(file.read_text(encoding="utf-8")).encode(),
        )
    found["24 000 101"] = Decision(
        reference="24 000 101",
        path="/decisions/adult-care-services/charging/24-000-101",
        authority="Northshire County Council",
        kind="statement",
        outcome="Upheld",
        subcategory="Charging",
        day=date(2024, 4, 9),
        summary="Mrs Q complained the Council took too long to review her late father's care charges. The Council "
        "was at fault and has agreed to apologise and pay Mrs Q £150.",
        page=to_html(SHORT_PAGE).encode(),
    )
    return list(found.values())
