"""Small text tools shared by the fact finders: sentences with offsets, word stems, normalising."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

#: a courtesy title, and a person named by one ("Mrs Y", "Mr. B"): the form every pseudonym of a decision takes
TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)"
NAMED = TITLE + r"\.? [A-Z]\w*"

_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|St|No|para|paras|s|ss|S|e\.g|i\.e|etc|cf|vs|c|Cllr|Reg|art|sch)\.|\b[A-Z]\.)$"
)
_BOUNDARY = re.compile(r"[.!?][’”\"')\]]*\s+(?=[‘“\"'(\[]?[A-Z0-9£])")
_WORD = re.compile(r"[A-Za-z][A-Za-z’']+")
_NUMBERED_NAME = re.compile(r"\b([A-Z][a-z]+) (\d{1,2})\b")
_STOP = frozenset(
    """
    about above after again against also although among another because been before being below between both
    could council council’s councils does doing done during each either from further have having here hers
    herself himself into itself just more most much must need only other ours over same should since some
    such than that their theirs them then there these they this those though through under until upon very
    were what when where which while whom whose will with within without would your said says told asked
    complainant complaint complains complained ombudsman also make made says took take
    """.split()
)

#: Characters that stand for a plain space or hyphen in saved pages.
_SPACE_PAIRS = (("\u00a0", " "), ("\u2011", "-"), ("\u2010", "-"), ("\u2013", "-"), ("\u2019", "'"), ("\u2018", "'"))


#: Backdating money ("backdate her allowance", "backdate any reduction due"), not a place in a queue
#: ("backdate her Band B priority to June 2016", "backdate her housing application"): a regex fragment.
BACKDATE = (
    r"(?:backdat(?:e|es|ing)\b(?!\s+(?:[\w'’-]+\s+){0,3}?(?:priority|band|banding|registration|application|"
    r"effective date|tenancy|place|position)\b)|(?:reinstat|restor)(?:e|es|ed|ing) (?:her|his|their|the) (?:[\w'’-]+ ){0,3}?"
    r"(?:reduction|benefit|allowance|payments?|discount|exemption)s? from)"
)


def plain(text: str) -> str:
    """The same number of characters, with non-breaking spaces/hyphens and curly apostrophes made plain.

    Offsets into ``plain(text)`` are offsets into ``text``.

    >>> plain("Ms\\u00a0X’s") == "Ms X's"
    True
    """
    for odd, plain_char in _SPACE_PAIRS:  # str.replace per character is far faster than translate()
        if odd in text:
            text = text.replace(odd, plain_char)
    return text


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of the sentences of ``text[start:end]``.

    >>> t = "Mr H says so. S.47 applies. That was fault."
    >>> [t[s:e] for s, e in sentences(t, 0, len(t))]
    ['Mr H says so.', 'S.47 applies.', 'That was fault.']
    """
    spans: list[tuple[int, int]] = []
    begin = start
    for m in _BOUNDARY.finditer(text, start, end):
        head = text[begin : m.start() + 1]
        if _ABBREVIATIONS.search(head):
            continue
        stop = m.end()
        while stop > begin and text[stop - 1].isspace():
            stop -= 1
        spans.append((begin, stop))
        begin = m.end()
    if begin < end:
        stop = end
        while stop > begin and text[stop - 1].isspace():
            stop -= 1
        if stop > begin:
            spans.append((begin, stop))
    return spans


def stems(text: str) -> set[str]:
    """Crude stems of the content words of ``text`` (first five letters of words of four or more).

    >>> sorted(stems("The Council failed to communicate; communications failed"))
    ['commu', 'faile']
    """
    words = {w.lower().replace("’", "'")[:5] for w in _WORD.findall(text) if len(w) >= 4 and w.lower() not in _STOP}
    words.update(f"{a.lower()}#{n}" for a, n in _NUMBERED_NAME.findall(text))  # "Officer 3"
    return words


class Matcher:
    """Scores texts against a fixed set of documents by shared stems weighted by rarity.

    Weights are whole numbers (millionths of ``log(1 + n/df)``), so a score is an exact integer sum:
    the same in every process, whatever order a set of stems is visited in (``PYTHONHASHSEED``), and
    ties between documents are real ties, never a rounding accident.

    >>> m = Matcher(["the council delayed the assessment", "the care home lost her ring"])
    >>> m.scores("a delayed assessment") == [m.weight["delay"] + m.weight["asses"], 0]
    True
    """

    def __init__(self, documents: Iterable[str]) -> None:
        self.docs = [stems(d) for d in documents]
        df = Counter(s for d in self.docs for s in d)
        n = max(len(self.docs), 1)
        self.weight = {s: round(1_000_000 * math.log(1 + n / c)) for s, c in sorted(df.items())}

    def scores(self, text: str) -> list[int]:
        words = stems(text)
        return [sum(self.weight[s] for s in words & d) for d in self.docs]


_CLOSERS = frozenset(".!?)\"”’':")


def cut_off(text: str, end: int, last: int | None = None) -> bool:
    """Is the sentence ending at ``end`` cut off by the end of the text (the last characters of a page saved cut
    short, with no full stop)?  What it states is unknown: "… agreed to apologise and pay" may go on "£500".

    ``last`` is ``len(text.rstrip())``, when the caller asks about many sentences of one text.

    >>> cut_off("We will pay", 11), cut_off("We will pay.", 12), cut_off("We pay. More", 7)
    (True, False, False)
    """
    last = len(text.rstrip()) if last is None else last
    return end >= last and (last == 0 or text[last - 1] not in _CLOSERS)
