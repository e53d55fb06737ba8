"""The layout of a decision page: bytes -> text -> blocks, sections and paragraph numbers.

Decision pages come saved in two renderings that must give the same facts:

(a) blocks separated by blank lines; numbered paragraphs ``  1.``, deeper
    items ``      1.``, bullets ``  •``; ``Back to top`` between sections;
(b) single newlines; every paragraph and bullet flattened to ``- text``.

Both become a list of :class:`Block` objects holding offsets into the
original text, so every span the parser reports is exact.  Top-level
paragraphs are numbered continuously through the document, as the
Ombudsman numbers them on the site (the saved text restarts each list at 1).

>>> doc = layout("Council (20 007 812)\\n\\nThe complaint\\n\\n  1. Ms X says:\\n      1. one;\\n      2. two.\\n")
>>> [(b.kind, b.paragraph, b.text) for b in doc.blocks]
[('heading', None, 'Council (20 007 812)'), ('heading', None, 'The complaint'), ('para', 1, 'Ms X says:'), ('item', 1, 'one;'), ('item', 1, 'two.')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.errors import ParseError

#: Larger inputs are refused: the longest real decisions (reports) are ~300 KB.
MAX_BYTES = 5_000_000

_NUMBERED = re.compile(r"^(?P<indent>[ \t\u00a0]*)(?P<num>\d{1,3})[.)][ \t\u00a0]+(?=\S)")
_BULLET = re.compile(r"^(?P<indent>[ \t\u00a0]*)(?P<mark>[•●▪◦·*‣○■\-–](?:[ \t\u00a0]+))(?=\S)")
_FLAT = re.compile(r"^- (?=\S)")
#: "pay her £1,800 …; and": the end of an item of a list written as loose lines
_LIST_ITEM_END = re.compile(r"[;,]\s*(?:and|or)$")
_FLAT_NUMBER = re.compile(r"^(?:\d{1,3}[.)]|[a-z][.)]|[ivx]{1,4}[.)]|[•●▪◦·*‣○■–])[ \t\u00a0]+(?=\S)")

#: Lines that are page furniture, not content.
_FURNITURE = re.compile(
    r"^\s*(?:back to top|print this page|lgo logogram|skip to (?:main )?content|"
    r"share this page|download (?:this )?decision.*|page \d+ of \d+|menu|search|home)\s*$",
    re.IGNORECASE,
)
#: Lines that start the cookie/privacy banner: it and everything after it is furniture.
_BANNER_START = re.compile(
    r"^\s*(?:review your privacy settings|privacy settings|required cookies|"
    r"this website uses cookies|we use cookies)\b",
    re.IGNORECASE,
)
#: A table of contents' own heading.
_TOC = re.compile(
    r"^\s*(?:on this page|contents|table of contents|in this (?:decision|report|statement)|jump to)\s*:?\s*$", re.I
)
_HEADER_FIELD = re.compile(r"^(?:category|decision|decision date|summary)\s*:", re.I)

#: A title line: an organisation and a reference, or a bare reference.
_TITLE_LINE = re.compile(
    r"\(\s*[0-9]{2}[ \u00a0-]?[0-9]{3}[ \u00a0-]?[0-9]{3}[a-zA-Z]?\s*\)\s*$|^\s*[0-9]{2}[ \u00a0-]?[0-9]{3}[ \u00a0-]?[0-9]{3}[a-zA-Z]?\s*$"
)

#: The line that closes the decision text proper.
_SIGN_OFF = re.compile(
    r"^\s*(?:investigator'?s?['’]?s? decision on behalf of the ombudsman|ombudsman satisfied with (?:the )?(?:council|body|authority)['’]?s? response|"
    r"final decision on behalf of the ombudsman|decision on behalf of the ombudsman)\s*$",
    re.IGNORECASE,
)


#: A report's signature: the Ombudsman's name on one line, the office on the next (then an address and the date)
_OMBUDSMAN_LINE = re.compile(r"^\s*(?:the )?local government (?:and social care )?ombudsman\s*$", re.IGNORECASE)
_PERSON = re.compile(
    r"^(?:(?:Dr|Mr|Mrs|Ms|Miss|Sir|Dame|Professor)\.? )?[A-Z][a-z'-]+(?: [A-Z]\.?)?(?: [A-Z][a-z'-]+){1,3}$"
)

#: The last line of a page saved whole, where no sign-off line survives (2010 press-release pages)
_LAST_LINE_END = re.compile(r"\n[ \t]*print this page[ \t]*\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Block:
    """One line of content: a heading, a paragraph, a list item or loose text.

    ``start``/``end`` delimit the content (marker and indentation excluded)
    in the original text; ``paragraph`` is the continuous number of the
    top-level paragraph the block belongs to.
    """

    kind: str  # heading | para | item | text
    start: int
    end: int
    text: str
    paragraph: int | None
    level: int


@dataclass(frozen=True, slots=True)
class Layout:
    text: str
    blocks: tuple[Block, ...]
    flat: bool  # rendering (b)
    signed_off: bool  # the text reaches the sign-off or the page furniture after it


#: control characters no text file has (all below U+0020 but tab, line feed, carriage return, form feed)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
#: characters XML 1.0 forbids (section 2.2): the C0 controls but tab, line feed and carriage return, lone
#: surrogates, U+FFFE and U+FFFF.  A graph holding one cannot be written as RDF/XML and read back.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: vertical tab and form feed end a line (``str.splitlines`` says so): they become line feeds, not nothing
_LINE_ENDS = {"\x0b": "\n", "\x0c": "\n"}


def decode(data: bytes, source: str) -> str:
    """Bytes of a saved page -> text, or a :class:`ParseError` naming ``source`` and the reason.

    The whole file is checked, not its first kilobytes: a file whose control characters
    are more than one in a hundred is binary.
    """
    if not data.strip():
        raise ParseError(source, "file is empty (no text to parse)")
    if len(data) > MAX_BYTES:
        raise ParseError(source, f"file is {len(data):,} bytes, over the {MAX_BYTES:,}-byte limit for one decision")
    if b"\x00" in data[:8192]:
        raise ParseError(source, "file is binary (contains NUL bytes), not a decision text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(
            source,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); re-save the page as UTF-8 text",
        ) from None
    if len(_CONTROLS.findall(text, 0, 8192)) > 8:
        raise ParseError(source, "file is binary (control characters), not a decision text")
    return text


def clean_controls(text: str, source: str) -> tuple[str, tuple[str, ...]]:
    r"""``text`` without the characters XML 1.0 forbids, and a warning naming ``source`` and their offsets.

    Vertical tabs and form feeds become line feeds; every other forbidden character is removed.
    A text with more of them than one character in a hundred is refused as binary.

    >>> clean_controls("Ms X\x00 said\x0cno.", "a.txt")
    ('Ms X said\nno.', ('a.txt: removed 2 character(s) XML 1.0 forbids: U+0000 at offset 4, U+000C at offset 10',))
    >>> clean_controls("plain", "a.txt")
    ('plain', ())
    """
    found = [(m.start(), m.group()) for m in _XML_FORBIDDEN.finditer(text)]
    if not found:
        return text, ()
    if len(found) > max(8, len(text) // 100):
        raise ParseError(source, f"file is binary ({len(found):,} control characters), not a decision text")
    where = ", ".join(f"U+{ord(c):04X} at offset {i}" for i, c in found[:5]) + (", …" if len(found) > 5 else "")
    warning = f"{source}: removed {len(found)} character(s) XML 1.0 forbids: {where}"
    cleaned = _XML_FORBIDDEN.sub(lambda m: _LINE_ENDS.get(m.group(), ""), text)
    return cleaned, (warning,)


def _lines(text: str):
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        yield pos, body
        pos += len(line)


def _strip_range(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\u00a0\ufeff":
        start += 1
    while end > start and text[end - 1] in " \t\u00a0\r":
        end -= 1
    return start, end


def _continues_list(previous: str) -> bool:
    """In the flat rendering, does the line after ``previous`` stay in the same list?"""
    tail = previous.rstrip()
    return tail.endswith((":", ";", "; and", "; or", ", and", ", or", ",")) or tail.endswith(":-")


def layout(text: str) -> Layout:
    """Split ``text`` into blocks with continuous paragraph numbers."""
    lines = list(_lines(text))
    nonblank = [body for _, body in lines if body.strip()]
    flat_lines = sum(1 for body in nonblank if _FLAT.match(body))
    flat = flat_lines >= 3 and flat_lines >= sum(1 for body in nonblank if _NUMBERED.match(body))

    blocks: list[Block] = []
    paragraph = 0
    in_list = False  # flat rendering: inside a list opened by a paragraph ending in ':'
    signed_off = False
    in_banner = False  # a cookie banner met before the decision's title: skip it
    in_toc = False  # a table of contents ("On this page"): skip its entries
    for offset, body in lines:
        if not body.strip():
            in_toc = False
            continue
        if _TOC.match(body):
            in_toc = True
            continue
        if in_toc:
            entry = body.strip().lstrip("-•* ").strip()
            if len(entry) < 70 and not entry.endswith((".", ";", ":")) and not _HEADER_FIELD.match(entry):
                continue
            in_toc = False
        if in_banner:
            if not _TITLE_LINE.search(body):
                continue
            in_banner = False
        if _BANNER_START.match(body):
            if any(_TITLE_LINE.search(b.text) for b in blocks):
                signed_off = True
                break
            in_banner = True
            continue
        if _FURNITURE.match(body):
            continue
        if _SIGN_OFF.match(body):
            signed_off = True
            break
        office = paragraph and blocks and _OMBUDSMAN_LINE.match(body)  # the office's name alone on the line
        if office and _PERSON.match(blocks[-1].text):
            # an older report signed by the Ombudsman: "Dr Jane Martin" / "Local Government Ombudsman" / address, date
            blocks.pop()
            signed_off = True
            break
        if office and blocks[-1].text.rstrip().endswith((".", "!", ")")):
            # an older page signed by the office alone, after the last sentence of the decision
            signed_off = True
            break
        kind, level, content = "text", 0, 0
        if flat and (m := _FLAT.match(body)):
            content = m.end()
            rest = body[content:]
            if (n := _FLAT_NUMBER.match(rest)) and not re.match(r"^\d", rest[n.end() :]):
                content += n.end()
            starts_lower = re.match(r"^[‘'“\"(]?[a-z]", body[content:]) is not None
            kind = "item" if paragraph and (in_list or starts_lower) else "para"
        elif not flat and (m := _NUMBERED.match(body)):
            content = m.end()
            indent = len(m.group("indent").expandtabs(4))
            kind, level = ("para", 0) if indent < 4 else ("item", 1)
            if kind == "item" and not paragraph:
                kind = "para"
        elif m := _BULLET.match(body):
            content = m.end()
            kind, level = ("item", 1) if paragraph else ("para", 0)
        elif body[:1] in " \t\u00a0" and blocks and blocks[-1].kind in ("para", "item"):
            kind = "item" if paragraph else "text"
        start, end = _strip_range(text, offset + content, offset + len(body))
        if start >= end:
            continue
        content_text = text[start:end]
        if kind == "text" and _looks_like_heading(content_text):
            kind = "heading"
        if kind == "para":
            paragraph += 1
        if flat:
            if kind == "para":
                in_list = content_text.rstrip().endswith(":")
            elif kind == "item":
                in_list = _continues_list(content_text)
            elif kind == "heading":
                in_list = False
        blocks.append(
            Block(
                kind,
                start,
                end,
                content_text,
                paragraph if kind in ("para", "item") else None,
                1 if kind == "item" else 0,
            )
        )
    if not signed_off and blocks and _LAST_LINE_END.search(text):
        signed_off = True  # an old page's last line: "Print this page" follows the decision's end
    return Layout(text, tuple(blocks), flat, signed_off)


def _looks_like_heading(line: str) -> bool:
    """A loose line is a heading when it is short and does not read as a sentence."""
    if len(line) > 200:
        return False
    stripped = line.rstrip()
    if stripped[:1].islower() or _LIST_ITEM_END.search(stripped):
        return False  # "pay her £1,800 …; and": an item of a list written as loose lines, never a heading
    if stripped.endswith((":", ";", ",")) and not re.match(
        r"^(?:category|decision|decision date|summary)\s*:", stripped, re.I
    ):
        return False
    if stripped.endswith((".", "”", '"')):
        return (
            len(line) < 120
            and not re.search(r"[.!?]\s+[A-Z]", stripped[:-1])
            and stripped[0].isupper()
            and not _is_sentence(stripped)
        )
    return True


def _is_sentence(line: str) -> bool:
    # "Fault found causing injustice and recommendations made." (a report summary's finding) is a sentence too
    return bool(re.search(r"\b(?:I|we|she|he|they|it|was|were|is|are|has|have|had|says|said|found|caus\w+)\b", line))
