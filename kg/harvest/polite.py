"""Fetching politely: robots.txt, one connection, a rate, retries with backoff, Retry-After, a circuit breaker.

Every request goes through :meth:`Polite.get`, which

* refuses a URL robots.txt disallows for our User-Agent (:class:`kg.errors.Disallowed`);
* starts a request no sooner than ``delay`` seconds after the previous
  response ended, where ``delay`` is the largest of ``1 / rate``,
  robots.txt's ``Crawl-delay`` and its ``Request-rate``;
* retries network errors and 5xx answers with exponential backoff and
  jitter, and waits what a ``429`` or ``503`` says in ``Retry-After``
  (seconds or an HTTP date) before the next request to the site;
* opens the circuit breaker (:class:`kg.errors.HarvestStopped`) after
  ``breaker`` failed attempts in a row: the site is down or refusing us,
  and hammering it will not help.

Time comes from a :class:`Clock` handed in, so tests run the whole policy
on a virtual clock and check every delay on the server's request log.
"""

from __future__ import annotations

import random
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Protocol

import httpx
from protego import Protego

from kg import __version__
from kg.errors import Disallowed, HarvestStopped
from kg.harvest.archive import Fetched

#: Where people can read what the harvester is and why it visits
PROJECT_URL = "https://w3id.org/lgsco-kg"
RETRY_STATUSES = frozenset({500, 502, 503, 504, 429})


class Clock(Protocol):
    """Time for the harvester: a monotonic clock to pace requests, a sleep, and the wall-clock time."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)

    def now(self) -> datetime:
        return datetime.now(UTC)


def user_agent(contact: str | None = None) -> str:
    """The User-Agent the harvester sends: who it is, where to read about it, and how to reach its operator.

    >>> user_agent("research@example.org").startswith("lgsco-kg-harvester/")
    True
    """
    tail = f"; contact: {contact}" if contact else ""
    return f"lgsco-kg-harvester/{__version__} (+{PROJECT_URL}; public decisions for research{tail})"


def retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds a ``Retry-After`` value asks to wait (delta-seconds or an HTTP date), None if absent or unreadable.

    >>> now = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)
    >>> retry_after("7", now), retry_after("Wed, 01 Jan 2025 12:00:30 GMT", now), retry_after("soon", now)
    (7.0, 30.0, None)
    """
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def decode(raw: bytes, encoding: str | None) -> bytes:
    """The body of a response from its bytes as sent (gzip and deflate undone; other codings kept as sent).

    >>> import gzip
    >>> decode(gzip.compress(b"page"), "gzip"), decode(b"page", None)
    (b'page', b'page')
    """
    coding = (encoding or "").strip().lower()
    if coding in ("gzip", "x-gzip"):
        return zlib.decompress(raw, 16 + zlib.MAX_WBITS)
    if coding == "deflate":
        try:
            return zlib.decompress(raw)
        except zlib.error:
            return zlib.decompress(raw, -zlib.MAX_WBITS)
    return raw


@dataclass
class Policy:
    """How politely to fetch (the defaults are the polite ones)."""

    rate: float = 1.0  # requests a second, at most
    retries: int = 5  # further attempts after a failed one (network error, 5xx, 429)
    backoff: float = 2.0  # seconds before the first retry; doubles each time, with jitter
    backoff_cap: float = 300.0
    breaker: int = 10  # failed attempts in a row that stop the harvest
    max_retry_after: float = 3600.0  # a longer Retry-After stops the harvest instead of waiting
    timeout: float = 30.0
    contact: str | None = None
    seed: int | None = None  # jitter's random seed (tests)


@dataclass
class Answer:
    """A final answer for one URL: the exchange, or why it failed."""

    fetched: Fetched | None
    error: str | None = None
    attempts: int = 1


@dataclass
class Polite:
    """One HTTP client to one site, one request at a time."""

    site: str
    policy: Policy = field(default_factory=Policy)
    clock: Clock = field(default_factory=SystemClock)
    on_wait: Callable[[str, float], None] | None = None  # told of each wait longer than the rate's (why, seconds)

    def __post_init__(self) -> None:
        if self.policy.rate <= 0:
            raise ValueError("rate must be positive")
        self.agent = user_agent(self.policy.contact)
        headers = {"User-Agent": self.agent, "Accept": "text/html,*/*;q=0.5", "Accept-Encoding": "gzip"}
        if self.policy.contact and "@" in self.policy.contact:
            headers["From"] = self.policy.contact
        self.client = httpx.Client(
            headers=headers,
            timeout=self.policy.timeout,
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
            follow_redirects=True,
            max_redirects=5,
        )
        self.robots: Protego | None = None
        self.delay = 1.0 / self.policy.rate
        self.next_start = self.last_end = self.clock.monotonic()
        self.failures_in_a_row = 0
        self.requests = 0
        self.random = random.Random(self.policy.seed)

    # --- robots.txt -----------------------------------------------------------------------------

    def read_robots(self) -> str:
        """Fetch robots.txt and set the delay; a missing one (4xx) allows everything, an unreachable one stops."""
        answer = self.get(self.site + "/robots.txt", check_robots=False)
        if answer.fetched is None:
            raise HarvestStopped(
                f"cannot read {self.site}/robots.txt ({answer.error}); the harvester does not visit a site whose "
                "rules it cannot read: try again later"
            )
        text = answer.fetched.body.decode("utf-8", "replace") if answer.fetched.status < 400 else ""
        if answer.fetched.status >= 500:
            raise HarvestStopped(f"{self.site}/robots.txt answers {answer.fetched.status}; try again later")
        self.robots = Protego.parse(text)
        crawl_delay = self.robots.crawl_delay(self.agent) or 0.0
        request_rate = self.robots.request_rate(self.agent)
        rate_delay = request_rate.seconds / request_rate.requests if request_rate else 0.0
        self.delay = max(1.0 / self.policy.rate, float(crawl_delay), float(rate_delay))
        self.next_start = max(self.next_start, self.last_end + self.delay)  # the rules apply from the next request
        return text

    def allowed(self, url: str) -> bool:
        return self.robots is None or self.robots.can_fetch(url, self.agent)

    # --- requests -------------------------------------------------------------------------------

    def _wait(self, until: float, why: str) -> None:
        pause = until - self.clock.monotonic()
        if pause > 0:
            if self.on_wait is not None and pause > self.delay + 1e-9:
                self.on_wait(why, pause)
            self.clock.sleep(pause)

    def _failed_attempt(self, what: str) -> None:
        self.failures_in_a_row += 1
        if self.failures_in_a_row >= self.policy.breaker:
            raise HarvestStopped(
                f"stopped after {self.failures_in_a_row} failed requests in a row to {self.site} (last: {what}); "
                "the site may be down or refusing the harvester. Everything fetched so far is stored: run the same "
                "command again later and it resumes where it stopped"
            )

    def _backoff(self, attempt: int) -> float:
        base = min(self.policy.backoff_cap, self.policy.backoff * 2**attempt)
        return base * (0.5 + self.random.random() / 2)  # jitter: half to all of the step

    def get(self, url: str, headers: dict[str, str] | None = None, *, check_robots: bool = True) -> Answer:
        """GET ``url`` politely, retrying what is worth retrying; :class:`Disallowed` if robots.txt says no."""
        if check_robots and not self.allowed(url):
            raise Disallowed(url)
        attempt = 0
        while True:
            self._wait(self.next_start, "rate")
            self.requests += 1
            started = self.clock.now()
            wait_after: float | None = None
            try:
                fetched = self._exchange(url, headers or {}, started)
            except httpx.TransportError as exc:
                what = f"{type(exc).__name__} on {url}" + (f": {exc}" if str(exc) else "")
                self.last_end = self.clock.monotonic()
                self.next_start = self.last_end + self.delay
                self._failed_attempt(what)
                if attempt >= self.policy.retries:
                    return Answer(None, what, attempt + 1)
                wait_after = self._backoff(attempt)
            else:
                self.last_end = self.clock.monotonic()
                self.next_start = self.last_end + self.delay
                if fetched.status not in RETRY_STATUSES:
                    self.failures_in_a_row = 0
                    return Answer(fetched, None, attempt + 1)
                what = f"{fetched.status} {fetched.reason} on {url}"
                self._failed_attempt(what)
                asked = retry_after(fetched.header("Retry-After"), self.clock.now())
                if asked is not None and asked > self.policy.max_retry_after:
                    raise HarvestStopped(
                        f"{self.site} asked the harvester to wait {asked:.0f} s (Retry-After on {url}), longer "
                        f"than {self.policy.max_retry_after:.0f} s; run the same command again later to resume"
                    )
                if attempt >= self.policy.retries:
                    return Answer(None, what, attempt + 1)
                wait_after = asked if asked is not None else self._backoff(attempt)
            attempt += 1
            self._wait(max(self.next_start, self.clock.monotonic() + wait_after), f"retry {attempt} of {url}")
            self.next_start = self.clock.monotonic()

    def _exchange(self, url: str, headers: dict[str, str], started: datetime) -> Fetched:
        request = self.client.build_request("GET", url, headers=headers)
        response = self.client.send(request, stream=True)
        try:
            raw = b"".join(response.iter_raw())
        finally:
            response.close()
        body = decode(raw, response.headers.get("Content-Encoding"))
        return Fetched(
            url=str(response.url),
            status=response.status_code,
            reason=response.reason_phrase or "",
            request_headers=[(k, v) for k, v in request.headers.multi_items()],
            response_headers=[(k, v) for k, v in response.headers.multi_items()],
            raw=raw,
            body=body,
            retrieved=started,
        )

    def close(self) -> None:
        self.client.close()


__all__ = ["Answer", "Clock", "Disallowed", "decode", "Policy", "Polite", "SystemClock", "retry_after", "user_agent"]
