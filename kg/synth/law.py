"""Statute table and citation shapes for the synthetic corpus (:mod:`kg.synth`).

Written on its own, without :mod:`kg.parse`: the point of the synthetic
corpus is to check the parser against facts known independently, so the
citation words and the legislation.gov.uk identifiers are built here from
scratch; only the Acts' years and chapter numbers (facts, not logic) come
from the one table of Acts, :data:`kg.legislation.ACTS`.

A :class:`Cite` is one citation as the generator writes it: the words put
in the sentence and the provisions they name, each with the identifier a
reader of legislation.gov.uk would give it::

    http://www.legislation.gov.uk/id/ukpga/{year}/{chapter}/section/{n}[/{sub}[/{paragraph letter}]]
    http://www.legislation.gov.uk/id/ukpga/{year}/{chapter}/schedule/{n}/paragraph/{p}
    http://www.legislation.gov.uk/id/ukpga/{year}/{chapter}/part/{VII or 7}

Parts are numbered as the Act numbers them: Roman up to 2000, Arabic after.
A paragraph letter after a subsection ("18(1)(a)", "26(6)(c)") is part of the
identifier (issue 12); a Roman "(i)" that is no subsection ("34H(i)") is dropped.

>>> c = cite_section("Children Act 1989", "17", shape="of")
>>> c.words, c.provisions[0]["iri"]
('section 17 of the Children Act 1989', 'http://www.legislation.gov.uk/id/ukpga/1989/41/section/17')
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import cast

from kg.legislation import ACTS
from kg.synth.provisions import Provision

LEG = "http://www.legislation.gov.uk/id/ukpga/"

#: The Acts the generator cites (their year and chapter come from the one table, :data:`kg.legislation.ACTS`).
ACT_TABLE: dict[str, tuple[int, int]] = {
    name: ACTS[name]
    for name in (
        "Local Government Act 1974",
        "Children Act 1989",
        "Care Act 2014",
        "Housing Act 1996",
        "Education Act 1996",
        "Children and Families Act 2014",
        "Equality Act 2010",
        "Human Rights Act 1998",
        "Data Protection Act 2018",
        "Localism Act 2011",
        "Town and Country Planning Act 1990",
        "Mental Health Act 1983",
        "Local Government Finance Act 1992",
        "Road Traffic Regulation Act 1984",
        "Traffic Management Act 2004",
        "Environmental Protection Act 1990",
        "Anti-social Behaviour, Crime and Policing Act 2014",
        "Highways Act 1980",
        "Licensing Act 2003",
        "Homelessness Reduction Act 2017",
        "Housing Grants, Construction and Regeneration Act 1996",
        "Chronically Sick and Disabled Persons Act 1970",
        "Mental Capacity Act 2005",
        "Freedom of Information Act 2000",
    )
}

_ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(n: int) -> str:
    """``7`` -> ``VII`` (small numbers only, as Parts are).

    >>> roman(7), roman(14)
    ('VII', 'XIV')
    """
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def act_id(act: str) -> str:
    year, chapter = ACT_TABLE[act]
    return f"{LEG}{year}/{chapter}"


def _entry(act: str, provision: str | None, path: str, words: str) -> dict:
    return {"act": act, "provision": provision, "iri": act_id(act) + path, "text": words}


def section_entry(act: str, number: str, sub: str | None, words: str, para: str | None = None) -> dict:
    """The label of one section (or subsection, or a subsection's lettered paragraph) cited in ``words``."""
    if sub is not None and sub[:1].isdigit():
        if para:
            return _entry(act, f"s{number}({sub})({para})", f"/section/{number}/{sub}/{para}", words)
        return _entry(act, f"s{number}({sub})", f"/section/{number}/{sub}", words)
    return _entry(act, f"s{number}", f"/section/{number}", words)


@dataclass(frozen=True)
class Cite:
    """Words to write and the provisions they cite (dicts: act, provision, iri, text)."""

    words: str
    provisions: tuple[dict, ...] = field(default_factory=tuple)


def cite_section(
    act: str, number: str, sub: str | None = None, extra: str = "", *, shape: str = "of", initial: bool = False
) -> Cite:
    """One section of ``act`` in one of several shapes.

    ``shape``: ``of`` ("section 9 of the Care Act 2014"), ``dot`` ("s.9 Care Act 2014"),
    ``s`` ("s9 of the Care Act 2014"), ``lead`` ("Care Act 2014, section 9"),
    ``comma`` ("section 9, Care Act 2014").  ``extra`` is a paragraph letter
    written after the subsection ("(a)"), part of the identifier.
    ``initial`` capitalises a sentence-initial "Section".
    """
    unit = number + (f"({sub})" if sub else "") + extra
    word = "Section" if initial else "section"
    if shape == "of":
        words, written = f"{word} {unit} of the {act}", f"{word} {unit} of the {act}"
    elif shape == "dot":
        words = written = f"{'S' if initial else 's'}.{unit} {act}"
    elif shape == "s":
        words = written = f"{'S' if initial else 's'}{unit} of the {act}"
    elif shape == "lead":
        words, written = f"the {act}, section {unit}", f"{act}, section {unit}"
        if initial:
            words = "T" + words[1:]
    elif shape == "comma":
        words = written = f"{word} {unit}, {act}"
    else:
        raise ValueError(f"unknown citation shape {shape!r}")
    para = extra[1:-1] if len(extra) == 3 and extra[1].islower() else None
    return Cite(words, (section_entry(act, number, sub, written, para),))


def cite_sections(act: str, first: str, second: str, *, initial: bool = False) -> Cite:
    """Two sections at once: "sections 9 and 10 of the Care Act 2014"."""
    word = "Sections" if initial else "sections"
    words = f"{word} {first} and {second} of the {act}"
    return Cite(words, (section_entry(act, first, None, words), section_entry(act, second, None, words)))


def cite_schedule(act: str, schedule: str, paragraph: str, *, shape: str = "comma", initial: bool = False) -> Cite:
    """A paragraph of a Schedule: "Schedule 2, paragraph 19B of the Children Act 1989" or
    "paragraph 19B of Schedule 2 to the Children Act 1989"."""
    if shape == "comma":
        words = f"Schedule {schedule}, paragraph {paragraph} of the {act}"
    else:
        words = f"{'Paragraph' if initial else 'paragraph'} {paragraph} of Schedule {schedule} to the {act}"
    entry = _entry(act, f"Schedule {schedule} para {paragraph}", f"/schedule/{schedule}/paragraph/{paragraph}", words)
    return Cite(words, (entry,))


def cite_part(act: str, number: int, *, initial: bool = False) -> Cite:
    """A Part: "Part 7 of the Housing Act 1996" (identifier .../part/VII)."""
    words = f"{'Part' if initial else 'part'} {number} of the {act}"
    year = ACT_TABLE[act][0]
    segment = roman(number) if year <= 2000 else str(number)
    return Cite(words, (_entry(act, f"Part {number}", f"/part/{segment}", words),))


def cite_act(act: str) -> Cite:
    """The Act on its own: "the Equality Act 2010" (identifier of the whole Act)."""
    return Cite(f"the {act}", (_entry(act, None, "", act),))


# --- the Ombudsman's own powers: the bracketed formulas of every decision -------------


def lga_formula(kind: str) -> Cite:
    """The bracketed Local Government Act 1974 references the Ombudsman ends paragraphs with."""
    act = "Local Government Act 1974"
    formulas = {
        "remedy": ("sections 26(1) and 26A(1)", [("26", "1"), ("26A", "1")]),
        "statement": ("section 30(1B) and 34H(i)", [("30", "1B"), ("34H", None)]),
        "discretion": ("section 24A(6) and 34B(8)", [("24A", "6"), ("34B", "8")]),
        "late": ("sections 26B and 34D", [("26B", None), ("34D", None)]),
        "appeal": ("section 26(6)(a)", [("26", "6", "a")]),
        "injustice": ("section 26(1)", [("26", "1")]),
        "merits": ("section 34(3)", [("34", "3")]),
        "provider": ("section 25(7)", [("25", "7")]),
    }
    if kind == "court":
        written = f"{act}, Schedule 5/5A, paragraph 1/3"
        entries = (
            _entry(act, "Schedule 5 para 1", "/schedule/5/paragraph/1", written),
            _entry(act, "Schedule 5A para 3", "/schedule/5A/paragraph/3", written),
        )
        return Cite(f"({written}, as amended)", entries)
    units, parts = formulas[kind]
    written = f"{act}, {units}"
    parts = cast(list[tuple[str, ...]], parts)
    return Cite(
        f"({written}, as amended)",
        tuple(section_entry(act, part[0], part[1] if len(part) > 1 else None, written, *part[2:]) for part in parts),
    )


def render(provision: Provision, rng: random.Random, *, initial: bool) -> Cite:
    """Cite ``provision`` in a shape picked by ``rng``."""
    act, kind, numbers, _ = provision
    if kind == "part":
        return cite_part(act, numbers[0], initial=initial)
    if kind == "sch":
        return cite_schedule(act, numbers[0], numbers[1], shape=rng.choice(("comma", "to")), initial=initial)
    number, sub = numbers
    if sub is None and rng.random() < 0.15:
        return cite_section(act, number, "1", shape="of", initial=initial)
    extra = "(a)" if sub is not None and rng.random() < 0.2 else ""
    shape = rng.choices(("of", "dot", "s", "lead", "comma"), weights=(6, 2, 1, 2, 1))[0]
    if shape == "comma" and initial:
        shape = "of"
    return cite_section(act, number, sub, extra, shape=shape, initial=initial)
