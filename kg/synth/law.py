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


# --- what each provision is about, by category --------------------------------------
# (act, kind, numbers, what it says); kind sec: (section, subsection or None), sch: (schedule, para), part: (n,)

Provision = tuple[str, str, tuple, str]

PROVISIONS: dict[str, list[Provision]] = {
    "Adult care services": [
        ("Care Act 2014", "sec", ("9", None), "a council must assess any adult who appears to need care and support"),
        ("Care Act 2014", "sec", ("18", "1"), "a council must meet eligible needs of an adult who lives in its area"),
        (
            "Care Act 2014",
            "sec",
            ("42", None),
            "a council must make enquiries where it suspects an adult is at risk of abuse or neglect",
        ),
        (
            "Care Act 2014",
            "sec",
            ("24", None),
            "a council must prepare a care and support plan once it decides to meet needs",
        ),
        ("Care Act 2014", "sec", ("14", None), "a council may charge for the care and support it arranges"),
        ("Care Act 2014", "sec", ("31", None), "a council must make direct payments where the conditions are met"),
        ("Care Act 2014", "sec", ("27", "1"), "a council must keep care and support plans under review"),
        ("Care Act 2014", "part", (1,), "sets out the general duties of councils towards adults with care needs"),
        (
            "Mental Health Act 1983",
            "sec",
            ("117", None),
            "health and social care bodies must provide aftercare to some people detained in hospital",
        ),
        (
            "Mental Capacity Act 2005",
            "sec",
            ("1", None),
            "a person must be assumed to have capacity unless it is shown they lack it",
        ),
    ],
    "Benefits and tax": [
        (
            "Local Government Finance Act 1992",
            "sec",
            ("13A", "1"),
            "a council must have a council tax reduction scheme and may reduce the tax in other cases",
        ),
        (
            "Local Government Finance Act 1992",
            "sec",
            ("11", None),
            "some dwellings attract a discount where only one adult lives there",
        ),
        ("Local Government Finance Act 1992", "sec", ("6", None), "sets out who is liable to pay council tax"),
        ("Local Government Finance Act 1992", "sch", ("1", "2"), "people in detention are disregarded for discounts"),
        (
            "Human Rights Act 1998",
            "sec",
            ("6", None),
            "it is unlawful for a public authority to act in a way which is incompatible with a Convention right",
        ),
    ],
    "Children's care services": [
        (
            "Children Act 1989",
            "sec",
            ("17", None),
            "a council must safeguard and promote the welfare of children in need in its area",
        ),
        (
            "Children Act 1989",
            "sec",
            ("47", None),
            "a council must make enquiries where it has reasonable cause to suspect a child is suffering significant harm",
        ),
        (
            "Children Act 1989",
            "sec",
            ("20", None),
            "a council must provide accommodation for a child in need who requires it",
        ),
        (
            "Children Act 1989",
            "sec",
            ("22", "3"),
            "a council must safeguard and promote the welfare of a child it looks after",
        ),
        (
            "Children Act 1989",
            "sec",
            ("26", None),
            "councils must have a procedure for considering representations and complaints about children's services",
        ),
        ("Children Act 1989", "sch", ("2", "19B"), "a council must prepare a pathway plan for an eligible child"),
        ("Children Act 1989", "sec", ("23C", None), "a council keeps duties towards former relevant children"),
        (
            "Children and Families Act 2014",
            "sec",
            ("19", None),
            "a council must have regard to the views and wishes of the child and parent",
        ),
    ],
    "Education": [
        (
            "Education Act 1996",
            "sec",
            ("19", None),
            "a council must arrange suitable education for children who would not otherwise receive it",
        ),
        ("Education Act 1996", "sec", ("508B", None), "a council must make travel arrangements for eligible children"),
        (
            "Education Act 1996",
            "sec",
            ("444", None),
            "a parent commits an offence if a registered pupil fails to attend regularly",
        ),
        (
            "Children and Families Act 2014",
            "sec",
            ("42", "2"),
            "a council must secure the special educational provision in an education, health and care plan",
        ),
        (
            "Children and Families Act 2014",
            "sec",
            ("36", None),
            "a council must decide whether to carry out an education, health and care needs assessment",
        ),
        (
            "Children and Families Act 2014",
            "sec",
            ("44", None),
            "a council must review an education, health and care plan at least every twelve months",
        ),
        (
            "Children and Families Act 2014",
            "part",
            (3,),
            "sets out the law on children and young people with special educational needs",
        ),
        ("Equality Act 2010", "sec", ("20", None), "a body must make reasonable adjustments for disabled people"),
    ],
    "Environment and regulation": [
        (
            "Environmental Protection Act 1990",
            "sec",
            ("79", None),
            "a council must take reasonable steps to investigate complaints of statutory nuisance",
        ),
        (
            "Environmental Protection Act 1990",
            "sec",
            ("80", None),
            "a council must serve an abatement notice where it is satisfied a statutory nuisance exists",
        ),
        (
            "Environmental Protection Act 1990",
            "sec",
            ("46", None),
            "a council may specify the containers in which household waste is collected",
        ),
        (
            "Anti-social Behaviour, Crime and Policing Act 2014",
            "sec",
            ("104", None),
            "relevant bodies must review their response to repeated complaints of anti-social behaviour",
        ),
        (
            "Licensing Act 2003",
            "sec",
            ("4", None),
            "a licensing authority must carry out its functions to promote the licensing objectives",
        ),
    ],
    "Housing": [
        (
            "Housing Act 1996",
            "sec",
            ("184", None),
            "a council must make enquiries where it has reason to believe an applicant may be homeless",
        ),
        (
            "Housing Act 1996",
            "sec",
            ("188", None),
            "a council must secure interim accommodation for an applicant who may be homeless and in priority need",
        ),
        (
            "Housing Act 1996",
            "sec",
            ("189A", None),
            "a council must assess the case of an eligible applicant who is homeless or threatened with homelessness",
        ),
        (
            "Housing Act 1996",
            "sec",
            ("202", None),
            "an applicant may ask for a review of a council's homelessness decisions",
        ),
        (
            "Housing Act 1996",
            "sec",
            ("166A", None),
            "a council must allocate housing in line with its allocation scheme",
        ),
        ("Housing Act 1996", "part", (7,), "sets out the duties of councils to homeless people"),
        ("Housing Act 1996", "part", (6,), "sets out how councils allocate social housing"),
        (
            "Housing Grants, Construction and Regeneration Act 1996",
            "sec",
            ("23", None),
            "a disabled facilities grant is available for works to make a home suitable",
        ),
        (
            "Homelessness Reduction Act 2017",
            "sec",
            ("1", None),
            "extends the period in which a person is threatened with homelessness",
        ),
    ],
    "Planning": [
        (
            "Town and Country Planning Act 1990",
            "sec",
            ("70", None),
            "a council must have regard to the development plan when deciding an application",
        ),
        ("Town and Country Planning Act 1990", "sec", ("171B", None), "sets time limits for taking enforcement action"),
        (
            "Town and Country Planning Act 1990",
            "sec",
            ("172", None),
            "a council may issue an enforcement notice where there has been a breach of planning control",
        ),
        (
            "Town and Country Planning Act 1990",
            "sec",
            ("78", None),
            "an applicant may appeal against the refusal of planning permission",
        ),
        (
            "Human Rights Act 1998",
            "sec",
            ("6", None),
            "it is unlawful for a public authority to act in a way which is incompatible with a Convention right",
        ),
    ],
    "Transport and highways": [
        (
            "Highways Act 1980",
            "sec",
            ("41", None),
            "the highway authority must maintain highways maintainable at public expense",
        ),
        (
            "Highways Act 1980",
            "sec",
            ("130", None),
            "a highway authority must assert and protect the rights of the public to use the highway",
        ),
        (
            "Road Traffic Regulation Act 1984",
            "sec",
            ("122", None),
            "a council must secure the expeditious, convenient and safe movement of traffic",
        ),
        ("Traffic Management Act 2004", "part", (6,), "sets out how councils enforce parking contraventions"),
        (
            "Traffic Management Act 2004",
            "sec",
            ("16", None),
            "a council must manage its road network to secure the expeditious movement of traffic",
        ),
    ],
    "Other categories": [
        (
            "Localism Act 2011",
            "sec",
            ("28", None),
            "a council must have arrangements for investigating allegations that a member breached the code of conduct",
        ),
        (
            "Equality Act 2010",
            "sec",
            ("149", None),
            "public bodies must have due regard to the need to eliminate discrimination",
        ),
        (
            "Data Protection Act 2018",
            "sec",
            ("45", None),
            "a person has a right of access to personal data held about them",
        ),
        (
            "Freedom of Information Act 2000",
            "sec",
            ("1", None),
            "a person may ask a public authority for information it holds",
        ),
        (
            "Local Government Act 1974",
            "sec",
            ("34A", None),
            "the Ombudsman may investigate complaints about adult social care providers",
        ),
    ],
}

#: Acts a decision may name on their own, whatever its category.
GENERAL_ACTS = ("Equality Act 2010", "Human Rights Act 1998", "Data Protection Act 2018")


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
