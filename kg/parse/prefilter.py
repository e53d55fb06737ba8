"""A cheap test before a costly regular expression: the literal words every match must contain.

Many of the parser's patterns are long alternations tried on every sentence, and most sentences hold none of
the words they look for.  :func:`needles` reads a compiled pattern's syntax tree and returns a few literal
strings, one of which is in every match (``\\binjustice\\b|\\bsuffered\\b`` needs "injustice" or "suffered");
:class:`Guarded` runs the pattern only on a text holding one of them, and an alternation one alternative at a
time, each only where its own needles are.  The answer is the pattern's own, always: a text without any needle
cannot match, and the match returned is the one the whole pattern gives.

Case-insensitive patterns are tested on the lower-cased text, with needles of ASCII characters and uncased symbols
("£") only.  Under ``re.IGNORECASE`` a few characters outside ASCII match ASCII letters ("ı" matches "i", "ſ"
matches "s"); a text holding one of them is always searched in full (:data:`FOLDS_TO_ASCII`, checked against
every code point by a test).

>>> needles(re.compile(r"\\b(?:failed|fails) to\\b|\\bflawed\\b", re.I))
('fail', 'flawed')
>>> needles(re.compile(r"\\bpay(?:ment)?s?\\b|\\d+")) is None  # no literal in the second branch
True
>>> g = Guarded(re.compile(r"\\binjustice\\b|\\bsuffered\\b", re.I))
>>> g.search("She SUFFERED.").group(), g.search("No harm done.")
('SUFFERED', None)
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator
from typing import Any

_parser: Any = importlib.import_module("re._parser")  # the standard library's own reader of regex syntax

#: Characters outside ASCII that ``re.IGNORECASE`` matches to an ASCII letter: a text holding one is always searched.
FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"
_FOLDS = re.compile(f"[{FOLDS_TO_ASCII}]")

_REPEATS = {_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT}
_ZERO_WIDTH = {_parser.AT, _parser.ASSERT, _parser.ASSERT_NOT}


def _uncased(c: str) -> bool:
    """A character no other matches under ``re.IGNORECASE`` and lower-casing keeps ("£", "’")."""
    return not c.isalpha() and c.lower() == c == c.upper()


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two sets of needles: longer shortest needle, then fewer needles."""
    if a is None or b is None:
        return a if b is None else b
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


def _literal(op: Any, arg: Any, fold: bool) -> str | None:
    """The character a syntax item matches, as the needles write it; None when it is no such literal."""
    if op is _parser.LITERAL and (not fold or arg < 128 or _uncased(chr(arg))):
        return chr(arg).lower() if fold else chr(arg)
    return None


def _lead(items: Any, fold: bool) -> str:
    """The literal characters a sequence of syntax items starts with."""
    out = []
    for op, arg in items:
        if op in _ZERO_WIDTH:
            continue
        c = _literal(op, arg, fold)
        if c is None:
            break
        out.append(c)
    return "".join(out)


def _sequence(items: Any, fold: bool) -> frozenset[str] | None:
    """Needles for a sequence of syntax items: its best literal run or the best of its required parts.

    The regex parser moves a prefix the alternatives share out in front of them (``\\bno\\b|\\bnever\\b`` is read
    ``\\bn(?:o\\b|ever\\b)``): a literal run just before alternatives is joined to the start of each.
    """
    best: frozenset[str] | None = None
    run: list[str] = []
    for op, arg in list(items) + [(None, None)]:
        c = _literal(op, arg, fold)
        if c is not None:
            run.append(c)
            continue
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the characters on either side stay adjacent
        before = "".join(run)
        if run:
            best = _better(best, frozenset([before]))
            run = []
        part: frozenset[str] | None = None
        if op is _parser.SUBPATTERN:
            _group, add, remove, sub = arg
            part = _sequence(sub, fold) if not add and not remove else None
        elif op is _parser.BRANCH:
            part = _branches(arg[1], fold)
            if before:
                best = _better(best, _shortest({before + _lead(a, fold) for a in arg[1]}))
        elif op in _REPEATS and arg[0] >= 1:
            part = _sequence(arg[2], fold)
        best = _better(best, part)
    return best


def _shortest(found: set[str]) -> frozenset[str]:
    """``found`` without the needles that hold another: the shorter one is found wherever the longer is."""
    return frozenset(n for n in found if not any(m != n and m in n for m in found))


def _branches(alternatives: Any, fold: bool) -> frozenset[str] | None:
    out: set[str] = set()
    for alternative in alternatives:
        part = _sequence(alternative, fold)
        if part is None:
            return None  # an alternative that needs no literal: the whole needs none
        out |= part
    return _shortest(out)


def needles(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Literal strings one of which every match of ``pattern`` contains (lower-cased when it ignores case), sorted;
    None when the pattern needs no literal at all."""
    if pattern.flags & re.VERBOSE:
        return None  # the tree is the same, but keep to the patterns the parser writes
    tree = _parser.parse(pattern.pattern, pattern.flags)
    found = _sequence(tree, bool(pattern.flags & re.IGNORECASE))
    return tuple(sorted(found)) if found else None


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern's text (one, when it has no ``|`` outside groups and sets).

    >>> alternatives(r"a(?:b|c)|[|]d|\\|e|[]|]")  # "\\|" is a bar; "]" first in a set is a member
    ['a(?:b|c)', '[|]d', '\\\\|e', '[]|]']
    """
    pieces: list[str] = []
    depth, begin, i, in_set = 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_set:
            in_set = c != "]"
        elif c == "[":
            in_set = True
            i += 1 if pattern.startswith("^", i + 1) else 0
            i += 1 if pattern.startswith("]", i + 1) else 0  # "[]…]": a "]" first is a member of the set
        elif c in "()":
            depth += 1 if c == "(" else -1
        elif c == "|" and depth == 0:
            pieces.append(pattern[begin:i])
            begin = i + 1
        i += 1
    return pieces + [pattern[begin:]]


_REFERENCES = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


def _holds(text: str, wanted: tuple[str, ...]) -> bool:
    for needle in wanted:  # a plain loop: twice as fast as any() over a generator
        if needle in text:
            return True
    return False


class Guarded:
    """``regex``, searched only where it may match; every answer is the pattern's own.

    A pattern that is an alternation at its top is searched one alternative at a time, each only in a text that
    holds one of its own needles: the leftmost start found is where the whole pattern matches first, and the
    whole pattern is matched there (the same match its ``search`` returns).

    >>> g = Guarded(re.compile(r"\\bcaused (?:\\w+ )?distress\\b|\\bsuffered\\b|\\blost out\\b", re.I))
    >>> g.search("He lost out and suffered; it caused him distress.").group(), g.search("Nothing happened.")
    ('lost out', None)
    >>> [m.group() for m in g.finditer("Suffered, suffered. Lost out, and caused distress.")]
    ['Suffered', 'suffered', 'Lost out', 'caused distress']
    """

    __slots__ = ("regex", "needles", "fold", "parts", "nonempty")

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        self.needles = needles(regex)
        self.fold = bool(regex.flags & re.IGNORECASE)
        self.nonempty = _parser.parse(regex.pattern, regex.flags).getwidth()[0] > 0
        self.parts: tuple[tuple[re.Pattern[str], tuple[str, ...] | None], ...] | None = None
        pieces = alternatives(regex.pattern)
        # split only where a piece means what it meant in the whole: no group numbers, no comments
        if len(pieces) > 1 and not _REFERENCES.search(regex.pattern) and not regex.flags & re.VERBOSE:
            compiled = [re.compile(p, regex.flags) for p in pieces]
            self.parts = tuple((c, needles(c)) for c in compiled)

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def _live(self, text: str) -> list[re.Pattern[str]] | None:
        """What to search ``text`` with: None for the whole pattern, else the alternatives whose needles it holds
        (an empty list when it cannot match)."""
        folded = text
        if self.fold:
            if not text.isascii() and _FOLDS.search(text):
                return None  # a character that case-folds into ASCII: no test of needles is sure
            folded = text.lower()
        if self.needles is not None and not _holds(folded, self.needles):
            return []
        if self.parts is None:
            return None
        return [regex for regex, wanted in self.parts if wanted is None or _holds(folded, wanted)]

    def absent(self, text: str) -> bool:
        """True when ``text`` cannot match (it holds no needle); False when it may."""
        return self._live(text) == []

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        parts = self._live(text)
        if parts is None:
            return self.regex.search(text, pos, endpos)
        first: int | None = None
        for regex in parts:
            m = regex.search(text, pos, endpos)
            if m is not None and (first is None or m.start() < first):
                first = m.start()
        return None if first is None else self.regex.match(text, first, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        parts = self._live(text)
        if parts is None or not self.nonempty and parts:
            return self.regex.finditer(text, pos, endpos)
        return self._successive(text, parts, pos, endpos)

    def _successive(self, text: str, parts: list[re.Pattern[str]], pos: int, endpos: int) -> Iterator[re.Match[str]]:
        """One search after another, each from the end of the match before: what ``finditer`` does for a pattern
        that never matches the empty string.  An alternative's leftmost match from one start stays its leftmost
        from any later start up to it, so each alternative is searched again only once passed."""
        ahead = [(regex, regex.search(text, pos, endpos)) for regex in parts]
        while True:
            starts = [m.start() for _, m in ahead if m is not None]
            if not starts:
                return
            found = self.regex.match(text, min(starts), endpos)
            assert found is not None  # an alternative matches there, so the whole pattern does
            yield found
            pos = found.end()
            ahead = [(r, m if m is None or m.start() >= pos else r.search(text, pos, endpos)) for r, m in ahead]

    def sub(self, repl: str, text: str) -> str:
        return text if self.absent(text) else self.regex.sub(repl, text)


def guarded(pattern: str, flags: int = 0) -> Guarded:
    """``re.compile(pattern, flags)``, :class:`Guarded`."""
    return Guarded(re.compile(pattern, flags))


def _set_members(items: Any) -> set[str] | None:
    """The characters a character set of the syntax tree holds; None for a negated or named class, or a wide range."""
    out: set[str] = set()
    for op, arg in items:
        if op is _parser.LITERAL:
            out.add(chr(arg))
        elif op is _parser.RANGE and arg[1] - arg[0] < 256:
            out.update(map(chr, range(arg[0], arg[1] + 1)))
        else:
            return None
    return out


def _firsts(items: Any) -> set[str] | None:
    """The characters a match of a sequence of syntax items can start with; None when that is not known for sure
    (or the sequence may match the empty string)."""
    out: set[str] = set()
    for op, arg in items:
        if op in _ZERO_WIDTH:
            continue
        if op is _parser.LITERAL:
            return out | {chr(arg)}
        if op is _parser.IN:
            members = _set_members(arg)
            return None if members is None else out | members
        if op is _parser.BRANCH:
            for alternative in arg[1]:
                first = _firsts(alternative)
                if first is None:
                    return None
                out |= first
            return out
        if op is _parser.SUBPATTERN and not arg[1] and not arg[2]:
            first = _firsts(arg[3])
            return None if first is None else out | first
        if op in _REPEATS:
            first = _firsts(arg[2])
            if first is None:
                return None
            out |= first
            if arg[0] >= 1:
                return out
            continue  # it may be absent: what follows may start the match
        return None
    return None


def first_characters(pattern: re.Pattern[str]) -> str | None:
    """Every character a match of a case-sensitive ``pattern`` can start with, sorted; None when not known.

    >>> first_characters(re.compile(r"(?<![\\w-])(?:Act|act|Acts?)\\b|\\b[Tt]he\\s+Act"))
    'ATat'
    """
    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    found = _firsts(_parser.parse(pattern.pattern, pattern.flags))
    return "".join(sorted(found)) if found else None


#: assertions a pattern's text opens with ("\b", "(?<![\w-])"), which keep the regex engine from skipping ahead
_LEADING_ASSERTIONS = re.compile(r"^(?:\\[bBA]|\^|\(\?<?[=!](?:[^()\\\[]|\\.|\[(?:[^\]\\]|\\.)*\])*\))+")


class Scanned:
    """``regex`` over a whole text, found by a scan the regex engine runs fast: the same matches as
    ``regex.finditer``, one after another from the end of the one before (``regex`` never matches the empty string).

    A pattern that opens with an assertion ("\\b", a lookbehind) is tried at every position of the text; the
    engine only skips ahead to a possible first character when a pattern starts with one.  The scan is either

    * the pattern with its opening assertions left out: wherever ``regex`` matches, it matches too, so each start
      it finds is tried with the whole pattern; or, with ``first``,
    * one of the characters a match can start with (:func:`first_characters`), taken only where the whole
      pattern matches from it (a lookbehind over the character holding the pattern as a lookahead): for patterns
      whose opening assertion is what rules most positions out.

    >>> s = Scanned(re.compile(r"(?<![\\w-])Act\\b"))
    >>> [m.span() for m in s.finditer("Act; an Actor, Act, re-Act, Act")]
    [(0, 3), (15, 18), (28, 31)]
    >>> [m.span() for m in Scanned(s.regex, first=True).finditer("Act; an Actor, Act, re-Act, Act")]
    [(0, 3), (15, 18), (28, 31)]
    """

    __slots__ = ("regex", "scan")

    def __init__(self, regex: re.Pattern[str], *, first: bool = False) -> None:
        if _parser.parse(regex.pattern, regex.flags).getwidth()[0] == 0:
            raise ValueError(
                f"{regex.pattern!r} matches the empty string: its finditer is not one search after another"
            )
        self.regex = regex
        if first:
            chars = first_characters(regex)
            if chars is None:
                raise ValueError(f"{regex.pattern!r}: the characters its matches start with are not known")
            start = "[" + "".join(re.escape(c) for c in chars) + "]"
            self.scan = re.compile(f"{start}(?<=(?=(?:{regex.pattern})){start})", regex.flags)
        else:
            self.scan = re.compile(_LEADING_ASSERTIONS.sub("", regex.pattern, count=1), regex.flags)

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        while (candidate := self.scan.search(text, pos, endpos)) is not None:
            found = self.regex.match(text, candidate.start(), endpos)
            if found is None:
                pos = candidate.start() + 1
                continue
            yield found
            pos = found.end()


def scanned(pattern: str, flags: int = 0, *, first: bool = False) -> Scanned:
    """``re.compile(pattern, flags)``, :class:`Scanned`."""
    return Scanned(re.compile(pattern, flags), first=first)
