"""The Ombudsman's site as a harvester sees it: decision addresses, search-result pages, date windows, cards.

Discovery does not depend on exact markup: every link on a page whose path
matches :data:`DECISION_PATH` is a decision page, wherever it sits.  The
facts of a search-result card (organisation, reference, statement or
report, outcome, subcategory, date, summary) are read from the text around
each link, by what the words look like, not by class names.

>>> decision_link("https://www.lgo.org.uk/decisions/housing/homelessness/24-001-522A?x=1#top")
('https://www.lgo.org.uk/decisions/housing/homelessness/24-001-522A', '24 001 522a')
>>> decision_link("https://www.lgo.org.uk/decisions/housing/homelessness/20-007-812?chapter=2")
('https://www.lgo.org.uk/decisions/housing/homelessness/20-007-812?chapter=2', '20 007 812')
>>> decision_link("https://www.lgo.org.uk/decisions/housing") is None
True
>>> listing_url("https://www.lgo.org.uk", date(2021, 5, 1), date(2021, 5, 31), 2)
'https://www.lgo.org.uk/Decisions/SearchResults?aname=&dc=c+nu+u+&fd=2021-5-1&td=2021-5-31&sortOrder=descending&page=2'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from kg.errors import InputError
from kg.model import normalize_reference
from kg.vocab import CATEGORY_TREE, OUTCOMES, slug

#: ``/decisions/{category-slug}/{subcategory-slug}/{NN-NNN-NNN}`` with an optional case letter
DECISION_PATH = re.compile(r"/decisions/([A-Za-z0-9-]+)/([A-Za-z0-9-]+)/([0-9]{2}-[0-9]{3}-[0-9]{3}[A-Za-z]?)/?", re.I)
_CHAPTER = re.compile(r"^[0-9]{1,3}$")
#: The earliest decision date a harvest asks for when ``--from`` is not given
EARLIEST = date(2010, 1, 1)


def check_site(site: str) -> str:
    """The site's base address without a trailing slash; :class:`InputError` unless it is an http(s) URL.

    >>> check_site("https://www.lgo.org.uk/")
    'https://www.lgo.org.uk'
    """
    parts = urlsplit(site)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise InputError(f"--site {site!r} is not the http(s) address of a site, e.g. https://www.lgo.org.uk")
    return site.rstrip("/")


def decision_link(url: str) -> tuple[str, str] | None:
    """``(canonical URL, reference)`` of a decision page address, or None if it is not one.

    The canonical URL drops the fragment and every query parameter but ``chapter``.
    """
    parts = urlsplit(url)
    m = DECISION_PATH.fullmatch(parts.path)
    if parts.scheme not in ("http", "https") or m is None:
        return None
    reference = normalize_reference(m[3])
    if reference is None:
        return None
    chapter = parse_qs(parts.query).get("chapter", [""])[0]
    tail = f"?chapter={chapter}" if _CHAPTER.match(chapter) else ""
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}{tail}", reference


def page_links(html: str, page_url: str) -> list[tuple[str, str, Tag]]:
    """Every decision link on a page, on the page's own host: ``(URL, reference, the <a> tag)`` in page order."""
    soup = BeautifulSoup(html, "html.parser")
    host = urlsplit(page_url).netloc
    found = []
    for a in soup.find_all("a", href=True):
        target = urljoin(page_url, str(a["href"]).strip())
        link = decision_link(target)
        if link is not None and urlsplit(link[0]).netloc == host:
            found.append((link[0], link[1], a))
    return found


def listing_url(site: str, start: date, end: date, page: int) -> str:
    """A search-results page for decisions dated ``start`` to ``end`` (dates unpadded), newest first."""
    return (
        f"{site}/Decisions/SearchResults?aname=&dc=c+nu+u+&fd={start.year}-{start.month}-{start.day}"
        f"&td={end.year}-{end.month}-{end.day}&sortOrder=descending&page={page}"
    )


def windows(start: date, end: date, days: int) -> Iterator[tuple[date, date]]:
    """Date windows of ``days`` days covering ``start``..``end``, newest first.

    >>> list(windows(date(2024, 1, 1), date(2024, 1, 10), 4))
    [(datetime.date(2024, 1, 7), datetime.date(2024, 1, 10)), (datetime.date(2024, 1, 3), datetime.date(2024, 1, 6)), (datetime.date(2024, 1, 1), datetime.date(2024, 1, 2))]
    """
    if days < 1:
        raise InputError(f"a date window must be at least one day, not {days}")
    top = end
    while top >= start:
        bottom = max(start, top - timedelta(days=days - 1))
        yield bottom, top
        top = bottom - timedelta(days=1)


def split(start: date, end: date) -> list[tuple[date, date]] | None:
    """The two halves of a window, newer first; None for a single day.

    >>> split(date(2024, 1, 1), date(2024, 1, 4))
    [(datetime.date(2024, 1, 3), datetime.date(2024, 1, 4)), (datetime.date(2024, 1, 1), datetime.date(2024, 1, 2))]
    """
    if start >= end:
        return None
    middle = start + (end - start) // 2
    return [(middle + timedelta(days=1), end), (start, middle)]


# --- search-result cards ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Card:
    """What a search-result card says about one decision; None where it does not say."""

    reference: str
    authority: str | None = None
    kind: str | None = None  # "statement" | "report"
    outcome: str | None = None
    category: str | None = None
    subcategory: str | None = None
    decision_date: str | None = None  # ISO
    summary: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return asdict(self)


_TITLE = re.compile(r"^(?P<org>.+?)\s*\(\s*(?P<ref>[0-9]{2}[ -]?[0-9]{3}[ -]?[0-9]{3}[A-Za-z]?)\s*\)\s*$")
_KIND = re.compile(r"\b(statement|report)\b", re.I)
_OUTCOMES = sorted(OUTCOMES.values(), key=len, reverse=True)  # "Not upheld" before "Upheld"
_DATE = re.compile(r"\b([0-9]{1,2})(?:[-/ ])([A-Za-z]{3,9}|[0-9]{1,2})(?:[-/ ])([0-9]{4})\b")
_SEGMENTS = re.compile(r"\s*(?:\n|\||·|•)\s*")
_SUMMARY_PREFIX = re.compile(r"^summary\s*:\s*", re.I)


def _date(text: str) -> str | None:
    """The first date in ``text`` written as day, month (name or number), year; ISO."""
    for m in _DATE.finditer(text):
        day, month, year = m.groups()
        for fmt in ("%d %B %Y", "%d %b %Y", "%d %m %Y"):
            try:
                return datetime.strptime(f"{day} {month} {year}", fmt).date().isoformat()
            except ValueError:
                continue
    return None


def _labels(category_slug: str, subcategory_slug: str) -> tuple[str | None, str | None]:
    """Category and subcategory labels of the slugs of a decision's address (None when unknown)."""
    for top, subs in CATEGORY_TREE.items():
        if slug(top) == category_slug.lower():
            sub = next((s for s in subs if slug(s) == subcategory_slug.lower()), None)
            return top, sub
    return None, None


def card_of(a: Tag, page_url: str, url: str, reference: str) -> Card:
    """The card around link ``a`` to decision ``url``: the largest element holding it and no other decision's link."""
    box = a
    while isinstance(box.parent, Tag) and box.parent.name not in ("body", "html", "[document]"):
        others = {
            link[1]
            for x in box.parent.find_all("a", href=True)
            if (link := decision_link(urljoin(page_url, str(x["href"]))))
        }
        if others - {reference}:
            break
        box = box.parent
    segments = [s.strip() for s in _SEGMENTS.split(box.get_text("\n")) if s.strip()]
    text = " | ".join(segments)
    authority = None
    for s in segments:
        m = _TITLE.match(s)
        if m and normalize_reference(m["ref"]) == reference:
            authority = m["org"].strip()
            break
    kind = next((k.group(1).lower() for s in segments if (k := _KIND.fullmatch(s))), None)
    outcome = next((o for s in segments for o in _OUTCOMES if s.lower() == o.lower()), None)
    if outcome is None:
        outcome = next((o for o in _OUTCOMES if re.search(rf"\b{re.escape(o)}\b", text, re.I)), None)
    path = DECISION_PATH.search(urlsplit(url).path)
    category, subcategory = _labels(path[1], path[2]) if path else (None, None)
    prose = [s for s in segments if len(s) > 60 and not _TITLE.match(s)]
    summary = _SUMMARY_PREFIX.sub("", max(prose, key=len)) if prose else None
    return Card(reference, authority, kind, outcome, category, subcategory, _date(text), summary)


def cards(html: str, page_url: str) -> dict[str, tuple[str, str, Card]]:
    """``{URL: (URL, reference, card)}`` for every decision linked from a search-results page, first link first."""
    found: dict[str, tuple[str, str, Card]] = {}
    for url, reference, a in page_links(html, page_url):
        if url not in found:
            found[url] = (url, reference, card_of(a, page_url, url, reference))
    return found


__all__ = [
    "DECISION_PATH",
    "EARLIEST",
    "Card",
    "card_of",
    "cards",
    "check_site",
    "decision_link",
    "listing_url",
    "page_links",
    "split",
    "windows",
]
