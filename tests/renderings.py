"""Test helpers: re-render a decision text saved the blank-line way (a) as the flat way (b) (or as HTML), and read
its facts in both renderings.

Rendering (b) is what a page saved with single newlines looks like: blank
lines dropped, every numbered paragraph, item and bullet flattened to a line
starting ``- `` with its number and nesting lost.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from kg.model import to_json
from kg.parse import parse_text

_MARK = re.compile(r"^[ \t\u00a0]*(?:\d{1,3}[.)]|[•●▪◦·*‣○■])[ \t\u00a0]+")


def flatten(text: str) -> str:
    """Rendering (a) -> rendering (b)."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _MARK.match(line)
        out.append("- " + line[m.end() :].strip() if m else line.strip())
    return "\n".join(out) + "\n"


def both(text: str) -> list[Any]:
    """The page in both renderings, as pytest params."""
    return [pytest.param(text, id="blocks"), pytest.param(flatten(text), id="flat")]


def facts(text: str) -> dict[str, Any]:
    """What ``kg parse --json`` gives for a page's text."""
    return to_json(parse_text(text, "page.txt"))


def money(*amounts: int | str) -> list[Decimal]:
    """Sums of money as the parser's JSON gives them."""
    return [Decimal(str(a)) for a in amounts]


_NUM = re.compile(r"^(?P<indent>[ \t]*)(?P<num>\d{1,3})\.[ \t]+(?P<text>.*)$")
_BUL = re.compile(r"^(?P<indent>[ \t]*)[•][ \t]+(?P<text>.*)$")


def to_html(text: str) -> str:
    """Rendering (a) -> a page as the Ombudsman's site might serve it, with its furniture.

    Numbered paragraphs become ``<ol>`` items, deeper ones nested lists,
    bullets ``<ul>`` items, other lines ``<h2>`` (short) or ``<p>``; the page
    gets a header, navigation, a cookie banner and a footer around an
    ``<article>``.  Text is HTML-escaped.
    """
    from html import escape

    body: list[str] = []
    open_lists: list[str] = []  # stack of "ol"/"ul" with nesting

    def close_to(level: int) -> None:
        while len(open_lists) > level:
            body.append(f"</li></{open_lists.pop()}>")

    lines = [line for line in text.splitlines() if line.strip()]
    cut = next((i for i, line in enumerate(lines) if line.strip() == "Review your privacy settings"), len(lines))
    for line in lines[:cut]:
        if line.strip() in ("Back to top", "Print this page", "LGO logogram"):
            continue
        n, b = _NUM.match(line), _BUL.match(line)
        m = n or b
        if m:
            level = 1 if len(m.group("indent")) < 4 else 2
            kind = "ol" if n else "ul"
            if len(open_lists) >= level and open_lists[level - 1] != kind:
                close_to(level - 1)
            if len(open_lists) < level:
                while len(open_lists) < level:
                    body.append(f"<{kind}>")
                    open_lists.append(kind)
                body.append(f"<li>{escape(m.group('text'))}")
            else:
                close_to(level)
                body.append(f"</li><li>{escape(m.group('text'))}")
            continue
        close_to(0)
        stripped = line.strip()
        tag = (
            "h1"
            if not body
            else (
                "h2"
                if len(stripped) < 120 and not stripped.startswith("Summary:") and ":" not in stripped[:-1]
                else "p"
            )
        )
        body.append(f"<{tag}>{escape(stripped)}</{tag}>")
    close_to(0)
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>Decision</title>"
        "<script>var x = 1;</script></head><body>\n"
        "<header class='site-header'><a href='/'>Home</a> <nav>Menu · Search · Back to top</nav></header>\n"
        "<div class='cookie-banner'>Review your privacy settings. Required cookies. Analytical cookies.</div>\n"
        "<main><article>\n" + "\n".join(body) + "\n</article></main>\n"
        "<footer class='site-footer'>Print this page · Privacy settings</footer>\n</body></html>\n"
    )
