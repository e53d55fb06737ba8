"""kg.parse.prefilter: a guarded pattern answers exactly as the pattern itself, on every sentence of the test corpora."""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from pathlib import Path
from typing import Any

import pytest

import kg.parse
from kg.parse.acts import normalise
from kg.parse.layout import decode
from kg.parse.prefilter import FOLDS_TO_ASCII, Guarded, Scanned, alternatives, first_characters, needles
from kg.parse.text import plain, sentences

CORPUS = Path(__file__).parent / "corpus"


def _patterns(kind: type) -> list[tuple[str, Any]]:
    found: dict[int, tuple[str, Any]] = {}
    for info in pkgutil.iter_modules(kg.parse.__path__):
        module = importlib.import_module(f"kg.parse.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, kind):
                found.setdefault(id(value), (f"{info.name}.{name}", value))
    return sorted(found.values(), key=lambda item: item[0])


GUARDED: list[tuple[str, Guarded]] = _patterns(Guarded)
SCANNED: list[tuple[str, Scanned]] = _patterns(Scanned)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """Every sentence of the test corpora, plain and as written, and one corpus file in ten whole."""
    out: list[str] = []
    for i, path in enumerate(sorted(CORPUS.rglob("*.txt"))):
        text = decode(path.read_bytes(), str(path))
        if i % 10 == 0:
            out.append(text)
        for s, e in sentences(text, 0, len(text)):
            out += [text[s:e]] if plain(text[s:e]) == text[s:e] else [text[s:e], plain(text[s:e])]
    assert len(out) > 4_000, len(out)
    return out


def test_the_parser_guards_its_costly_patterns() -> None:
    names = {name for name, _ in GUARDED}
    assert {"summary._INJUSTICE", "summary._FAILING", "findings._ANY_INJUSTICE_CUE", "remedies._REMEDY_HINT"} <= names
    assert all(g.needles for _, g in GUARDED), "a guarded pattern without needles is only slower"


@pytest.mark.parametrize(("name", "guard"), GUARDED, ids=[name for name, _ in GUARDED])
def test_a_guarded_pattern_answers_as_the_pattern(name: str, guard: Guarded, texts: list[str]) -> None:
    regex = guard.regex
    skipped = 0
    for text in texts:
        expected = regex.search(text)
        got = guard.search(text)
        assert (got and (got.span(), got.groups())) == (expected and (expected.span(), expected.groups())), text
        assert [m.span() for m in guard.finditer(text)] == [m.span() for m in regex.finditer(text)], text
        skipped += guard.absent(text)
        assert not (guard.absent(text) and expected), text
    assert skipped, f"{name}: its needles never spared a search"


def test_searches_from_an_offset_answer_as_the_pattern(texts: list[str]) -> None:
    guard = dict(GUARDED)["summary._FAILING"]
    for text in texts[:3000]:
        for pos, endpos in ((5, sys.maxsize), (0, len(text) // 2), (len(text) // 3, len(text) - 2)):
            expected = guard.regex.search(text, pos, endpos)
            got = guard.search(text, pos, endpos)
            assert (got and got.span()) == (expected and expected.span())


def test_characters_that_fold_into_ascii_are_all_known() -> None:
    """Under re.IGNORECASE exactly these characters outside ASCII match an ASCII letter (every code point tried)."""
    letter = re.compile("[a-z]", re.I)
    folding = "".join(chr(c) for c in range(128, sys.maxunicode + 1) if letter.fullmatch(chr(c)))
    assert folding == FOLDS_TO_ASCII


@pytest.mark.parametrize("odd", list(FOLDS_TO_ASCII))
def test_a_text_with_a_folding_character_is_searched_in_full(odd: str) -> None:
    guard = Guarded(re.compile(r"\binjustice\b|\bsuffered\b|\bkept\b|\bpaid\b", re.I))
    for word in ("injustice", "suffered", "kept", "paid"):
        for i, c in enumerate(word):
            if letter_of(odd) == c:
                text = f"It caused {word[:i]}{odd}{word[i + 1 :]} to him."
                assert guard.regex.search(text) is not None
                assert guard.search(text) is not None
                assert [m.span() for m in guard.finditer(text)] == [m.span() for m in guard.regex.finditer(text)]


def letter_of(odd: str) -> str:
    return next(c for c in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(c, odd, re.I))


def test_needles_are_what_every_match_holds() -> None:
    assert needles(re.compile(r"\bcaused (?:\w+ ){0,4}(?:distress|upset)\b", re.I)) == ("caused ",)
    assert needles(re.compile(r"(?:[\w'’-]+ )?£|\bpay\b", re.I)) == ("pay", "£")
    assert needles(re.compile(r"\bno(?: significant)?\b|\bnever\b")) == ("never", "no")
    assert needles(re.compile(r"\b(?:I|we) found\b|fault?s?\b|\w+")) is None
    assert needles(re.compile(r"[Tt]he\s+same\s+Act\b")) == ("same",)
    assert needles(re.compile(r"(?i:fault) by")) == (" by",)  # a case flag of its own: its letters are no needle


def test_alternatives_split_only_at_the_top() -> None:
    assert alternatives(r"(?:a|b)c|[|(]|\)|d") == ["(?:a|b)c", "[|(]", r"\)", "d"]
    assert alternatives("abc") == ["abc"]


@pytest.mark.parametrize(("name", "scan"), SCANNED, ids=[name for name, _ in SCANNED])
def test_a_scanned_pattern_finds_what_the_pattern_finds(name: str, scan: Scanned) -> None:
    total = 0
    texts = [normalise(decode(path.read_bytes(), str(path))) for path in sorted(CORPUS.rglob("*.txt"))]
    texts.append(
        "Under the 1989 Children Act (s.17), the same Act, LGA 1974 and the 1996 Act; re-LGA 1974, theChildren Act."
    )
    for text in texts:
        expected = [(m.span(), m.groupdict()) for m in scan.regex.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in scan.finditer(text)] == expected, text[:80]
        total += len(expected)
    assert total, f"{name} found nothing in the test corpora"
    assert scan.scan.pattern != scan.regex.pattern, "nothing to leave out: the scan is the pattern"


def test_a_pattern_matching_the_empty_string_is_not_scanned() -> None:
    with pytest.raises(ValueError, match="empty string"):
        Scanned(re.compile(r"\b(?:Act)?"))


def test_first_characters_are_every_start_a_match_can_take() -> None:
    assert first_characters(re.compile(r"(?<![\w'.])(?:[Ss]ections?\s*|[Pp]aras?\.?)?[1-9]")) == "123456789PSps"
    assert first_characters(re.compile(r"\b(?:[A-Z][a-z]+\s+){0,7}Act")) == "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    assert first_characters(re.compile(r"\bthe\b", re.I)) is None  # a case-insensitive letter: not worked out
    assert first_characters(re.compile(r"[^a-z]x|\dy")) is None
    assert first_characters(re.compile(r"(?:a|b?)c")) is None  # an alternative may be empty: not worked out
    with pytest.raises(ValueError, match="not known"):
        Scanned(re.compile(r"\b\w+ly\b"), first=True)
