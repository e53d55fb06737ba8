"""Sums written in words ("five hundred pounds"), as older pages sometimes give them, read as sums in figures."""

from __future__ import annotations

import re

_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUMBER_WORDS = {w: n for n, w in enumerate(_SMALL)} | {w: 20 + 10 * n for n, w in enumerate(_TENS)}
_NUMBER_WORD = r"(?:" + "|".join([*_NUMBER_WORDS, "hundred", "thousand", "a"]) + r")"
#: a sum written in words, as older pages sometimes do: "five hundred pounds", "two hundred and fifty pounds"
WORDS_POUNDS = re.compile(
    r"\b" + _NUMBER_WORD + r"(?:(?:[ -]|,? and |, )" + _NUMBER_WORD + r")*[ \u00a0]+pounds\b", re.I
)


def _words_value(words: str) -> int | None:
    """The number "five hundred" (or "two thousand, one hundred and fifty") names, or None if it names none."""
    total = current = 0
    seen = False
    for word in re.findall(r"[a-z]+", words.lower()):
        if word in _NUMBER_WORDS:
            current, seen = current + _NUMBER_WORDS[word], True
        elif word == "hundred":
            current, seen = (current or 1) * 100, True
        elif word == "thousand":
            total, current, seen = total + (current or 1) * 1000, 0, True
        elif word == "a":
            current += 1  # "a hundred pounds", "a thousand pounds"
    value = total + current
    return value if seen and value > 0 else None


def money_words(s: str) -> str:
    """``s`` with each sum written in words as a sum in figures, padded to the same length (offsets kept).

    >>> money_words("pay them five hundred pounds and apologise").split()
    ['pay', 'them', '£500', 'and', 'apologise']
    >>> money_words("pay her two hundred and fifty pounds") == "pay her £250" + " " * 24
    True
    >>> money_words("pay her £250 (two hundred and fifty pounds)").count("£")  # the words restate the figure
    1
    >>> money_words("a few pounds"), money_words("pounds of apples")
    ('a few pounds', 'pounds of apples')
    """
    if "pounds" not in s.lower():
        return s

    def figure(m: re.Match[str]) -> str:
        if re.search(r"£[ \u00a0]?[0-9][0-9,.]*\s*\(\s*$", s[: m.start()]):
            return m.group(0)
        value = _words_value(m.group(0)[: m.group(0).lower().rindex("pounds")])
        written = f"£{value}" if value is not None else m.group(0)
        return written.ljust(len(m.group(0))) if len(written) <= len(m.group(0)) else m.group(0)

    return WORDS_POUNDS.sub(figure, s)
