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

from kg.errors import ParseError

_DROP = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "form",
    "button",
    "svg",
    "iframe",
    "template",
    "aside",
)
#: Words of an id, class, role or aria-label that name page furniture.  Whole words only (split on
#: spaces, hyphens and underscores): "social-share" is furniture, "socialcare-decision" or "printable" is not.
_FURNITURE_WORDS = frozenset(
    "cookie cookies consent banner breadcrumb breadcrumbs skip share sharing social menu navbar navigation "
    "site-header site-footer print".split()
)
_WORDS = re.compile(r"[a-z0-9]+", re.I)
_BLOCK_TEXT = (
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "caption",
    "figcaption",
    "summary",
)
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_LOOKS_HTML = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<\?xml|<meta|<div|<article|<main|<!--)", re.I)
#: "<![" that opens no CDATA section: Python's HTML parser rejects the whole page for it
_BAD_MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)", re.I)
#: the decision itself: a title reference or its first headings (furniture never holds them)
_DECISION_MARK = re.compile(
    r"\(\s*[0-9]{2}\s?[0-9]{3}\s?[0-9]{3}[a-zA-Z]?\s*\)|\bSummary\s*:|\bThe complaint\b|"
    r"\bThe Ombudsman['’]s final decision\b"
)


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_HTML.match(text[:2000]))


#: a line break marker left where a <br> was (a private-use character no real page holds)
_BR = "\ue000"


def _inline(tag: Tag) -> str:
    return _SPACE.sub(" ", tag.get_text(" ").replace(_BR, " ")).strip()


#: after a <br>, a header field starts a line of its own: "Category : …<br>Decision : Upheld<br>Decision date : …"
_FIELD_AFTER_BR = re.compile(r"\s*(?:category|decision date|date of decision|decision|summary)\s*:", re.I)


def _block_lines(tag: Tag) -> list[str]:
    """The line(s) of a block element: one, unless <br> breaks it before a header field."""
    parts = tag.get_text(" ").split(_BR)
    lines = [parts[0]]
    for part in parts[1:]:
        if _FIELD_AFTER_BR.match(part):
            lines.append(part)
        else:
            lines[-1] += " " + part
    return [t for t in (_SPACE.sub(" ", line).strip() for line in lines) if t]


def _furniture_words(tag: Tag) -> bool:
    values = [tag.get("id") or "", *(tag.get("class") or []), tag.get("role") or "", tag.get("aria-label") or ""]
    words = {w.lower() for v in values if isinstance(v, str) for w in _WORDS.findall(v)}
    joined = {f"{a}-{b}" for v in values if isinstance(v, str) for a, b in _pairs(_WORDS.findall(v.lower()))}
    return bool((words | joined) & _FURNITURE_WORDS)


def _pairs(words: list[str]) -> list[tuple[str, str]]:
    return list(zip(words, words[1:]))


def _is_furniture(tag: Tag) -> bool:
    if tag.name in ("article", "main", "body", "html", "link", "meta"):
        return False
    if tag.name not in _DROP and not _furniture_words(tag):
        return False
    # whatever its name, a wrapper that holds the decision's title or first headings is not furniture
    return not _DECISION_MARK.search(tag.get_text(" ")[:20000])


def _content_root(soup: BeautifulSoup) -> Tag:
    for selector in ("article", "main", "[role=main]", "#content", ".content", "body"):
        found = soup.select_one(selector)
        if found is not None and _inline(found):
            return found
    return soup


def html_to_text(html: str, source: str = "<string>") -> str:
    """The decision text of an HTML page, laid out as rendering (a); :class:`kg.errors.ParseError` naming
    ``source`` if its markup cannot be read at all.

    The walk keeps its own stack: a page nested thousands of levels deep is read, not a RecursionError.
    """
    try:
        soup = BeautifulSoup(_BAD_MARKED_SECTION.sub("&lt;![", html), "html.parser")
    except Exception as exc:  # noqa: BLE001 - the HTML parser's own errors (AssertionError, ParserRejectedMarkup …)
        raise ParseError(
            source, f"the HTML cannot be read ({type(exc).__name__}); save the page as text instead"
        ) from None
    for br in soup.find_all("br"):
        br.replace_with(_BR)
    furniture = [t for t in soup.find_all(True) if _is_furniture(t)]
    for tag in furniture:
        if not tag.decomposed:
            tag.extract()
    lines: list[str] = []
    canonical = soup.find("link", rel="canonical") or soup.find("meta", property="og:url")
    address = canonical.get("href") or canonical.get("content") if canonical is not None else None
    _walk(_content_root(soup), lines)
    if address:
        lines.append(f"Page address : {address}")  # category and subcategory, when the page names none
    return "\n\n".join(line for line in lines if line.strip()) + "\n"


def _walk(root: Tag, lines: list[str]) -> None:
    """Lines of ``root`` in document order, by an explicit stack (no recursion per nesting level)."""
    stack: list[tuple[object, int]] = [(child, 0) for child in reversed(list(root.children))]
    while stack:
        child, depth = stack.pop()
        if isinstance(child, _ListItem):
            lines.append(child.text)
            continue
        if isinstance(child, NavigableString):
            text = _SPACE.sub(" ", str(child).replace(_BR, " ")).strip()
            if text and type(child) is NavigableString:
                lines.append(text)
            continue
        if not isinstance(child, Tag):
            continue
        if child.name in ("ol", "ul"):
            stack.extend(reversed(_list(child, depth)))
        elif child.name in _BLOCK_TEXT and child.find(["ol", "ul"]) is None:
            *first, text = _block_lines(child) or [""]
            lines.extend(first)
            if child.name == "dt" and text:
                sibling = child.find_next_sibling("dd")
                if sibling is not None:  # <dt>Category :</dt><dd>…</dd> -> "Category : …"
                    lines.append(f"{text.rstrip(' :')} : {_inline(sibling)}")
                    sibling.decompose()
                    continue
            lines.append(text)
        elif child.name == "br":
            continue
        elif child.name == "table":
            for row in child.find_all("tr"):
                cells = [_inline(c) for c in row.find_all(["th", "td"])]
                if any(cells):
                    # "<th>Category :</th><td>…</td>" -> "Category : …", the label's own colon not doubled
                    lines.append(
                        " : ".join(c.rstrip(" :") if i < len(cells) - 1 else c for i, c in enumerate(cells) if c)
                    )
        else:
            stack.extend((c, depth) for c in reversed(list(child.children)))


class _ListItem:
    """A list item's line, queued on the walker's stack in document order."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _list(node: Tag, depth: int) -> list[tuple[object, int]]:
    """The lines of one list and, as further entries for the walker, its nested lists (one level deeper)."""
    ordered = node.name == "ol"
    start = str(node.get("start", "1")).strip()
    number = int(start) if re.fullmatch(r"[0-9]{1,6}", start) else 1  # ASCII digits only ("²", "٣" are no start)
    out: list[tuple[object, int]] = []
    for item in node.find_all("li", recursive=False):
        nested = [c for c in item.find_all(["ol", "ul"], recursive=False)]
        for sub in nested:
            sub.extract()
        text = _inline(item)
        indent = "  " + "    " * min(depth, 8)
        if text:
            out.append((_ListItem(f"{indent}{number}. {text}" if ordered else f"{indent}• {text}"), depth))
        number += 1
        out.extend((sub, depth + 1) for sub in nested)
    return out
