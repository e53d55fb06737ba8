"""A decision page saved as HTML -> the same text layout a page saved as text has.

The page's furniture (scripts, navigation, header, footer, cookie banner,
forms) is dropped; what remains is written in rendering (a): headings on
their own lines, ordered-list items as ``  1.`` paragraphs (``      1.`` when
nested), bullets as ``  •``, definition lists and ``<p>`` as plain lines.
The parser then reads it like any text page, so a page saved both ways gives
the same facts.

>>> html_to_text("<html><body><nav>Menu</nav><h1>Wiltshire Council (20 007 812)</h1>"
...              "<ol><li>One.</li><li>Two:<ul><li>a;</li></ul></li></ol></body></html>")
'Wiltshire Council (20 007 812)\\n\\n  1. One.\\n\\n  2. Two:\\n\\n      • a;\\n'
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

_DROP = ("script", "style", "noscript", "nav", "header", "footer", "form", "button", "svg", "iframe", "template", "aside")
_FURNITURE_ATTR = re.compile(r"cookie|consent|banner|breadcrumb|skip|share|social|menu|navbar|site-header|site-footer|print", re.I)
_BLOCK_TEXT = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "blockquote", "pre", "caption", "figcaption", "summary")
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_LOOKS_HTML = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<\?xml|<meta|<div|<article|<main|<!--)", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_HTML.match(text[:2000]))


def _inline(tag: Tag) -> str:
    return _SPACE.sub(" ", tag.get_text(" ")).strip()


def _is_furniture(tag: Tag) -> bool:
    if tag.name in _DROP:
        return True
    attrs = " ".join([tag.get("id") or "", *(tag.get("class") or []), tag.get("role") or "", tag.get("aria-label") or ""])
    return bool(attrs.strip()) and bool(_FURNITURE_ATTR.search(attrs)) and tag.name not in ("article", "main", "body", "html")


def _content_root(soup: BeautifulSoup) -> Tag:
    for selector in ("article", "main", "[role=main]", "#content", ".content", "body"):
        found = soup.select_one(selector)
        if found is not None and _inline(found):
            return found
    return soup


def html_to_text(html: str) -> str:
    """The decision text of an HTML page, laid out as rendering (a)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(_is_furniture):
        if tag.name in ("link", "meta"):
            continue
        if isinstance(tag, Tag) and not tag.decomposed:
            tag.decompose()
    lines: list[str] = []
    canonical = soup.find("link", rel="canonical") or soup.find("meta", property="og:url")
    address = canonical.get("href") or canonical.get("content") if canonical is not None else None
    _walk(_content_root(soup), lines, depth=0)
    if address:
        lines.append(f"Page address : {address}")  # category and subcategory, when the page names none
    return "\n\n".join(line for line in lines if line.strip()) + "\n"


def _walk(node: Tag, lines: list[str], depth: int) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            text = _SPACE.sub(" ", str(child)).strip()
            if text and type(child) is NavigableString:
                lines.append(text)
            continue
        if not isinstance(child, Tag):
            continue
        if child.name in ("ol", "ul"):
            _list(child, lines, depth)
        elif child.name in _BLOCK_TEXT:
            nested = child.find(["ol", "ul"])
            if nested is None:
                text = _inline(child)
                if child.name == "dt" and text:
                    sibling = child.find_next_sibling("dd")
                    if sibling is not None:  # <dt>Category :</dt><dd>…</dd> -> "Category : …"
                        lines.append(f"{text.rstrip(' :')} : {_inline(sibling)}")
                        sibling.decompose()
                        continue
                lines.append(text)
            else:
                _walk(child, lines, depth)
        elif child.name == "br":
            continue
        elif child.name == "table":
            for row in child.find_all("tr"):
                cells = [_inline(c) for c in row.find_all(["th", "td"])]
                if any(cells):
                    lines.append(" : ".join(c for c in cells if c))
        else:
            _walk(child, lines, depth)


def _list(node: Tag, lines: list[str], depth: int) -> None:
    ordered = node.name == "ol"
    number = int(node.get("start", 1)) if str(node.get("start", "1")).isdigit() else 1
    for item in node.find_all("li", recursive=False):
        nested = [c for c in item.find_all(["ol", "ul"], recursive=False)]
        for sub in nested:
            sub.extract()
        text = _inline(item)
        indent = "  " + "    " * depth
        if text:
            lines.append(f"{indent}{number}. {text}" if ordered else f"{indent}• {text}")
        number += 1
        for sub in nested:
            _list(sub, lines, depth + 1)
