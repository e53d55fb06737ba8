"""Small decisions built item by item, for graph tests whose answers can be worked out by hand.

:func:`decision` makes a :class:`kg.model.Decision` with just the items the
graph algorithms read (authority, category, date, provisions cited, fault,
injustice and remedy types), each with a real span of a generated text, so
that :mod:`kg.mapping` maps it as it would a parsed decision.

>>> d = decision("20 000 001", "Wiltshire Council", provisions=("LGA 26(1)", "CA 47"), faults=("delay",))
>>> [c.label for c in d.statutes], [f.fault_type for f in d.faults]
(['Local Government Act 1974 s26(1)', 'Children Act 1989 s47'], ['delay'])
"""

from __future__ import annotations

from datetime import date
from hashlib import sha256

from kg.model import Citation, Decision, Fault, Finding, GuidanceCitation, Injustice, Remedy, Span

LEG = "http://www.legislation.gov.uk/id/ukpga/"

#: Short names used by the tests -> (Act, provision, IRI, label).
PROVISIONS = {
    "LGA 26(1)": (
        "Local Government Act 1974",
        "s26(1)",
        LEG + "1974/7/section/26/1",
        "Local Government Act 1974 s26(1)",
    ),
    "LGA 26A(1)": (
        "Local Government Act 1974",
        "s26A(1)",
        LEG + "1974/7/section/26A/1",
        "Local Government Act 1974 s26A(1)",
    ),
    "CA 17": ("Children Act 1989", "s17", LEG + "1989/41/section/17", "Children Act 1989 s17"),
    "CA 47": ("Children Act 1989", "s47", LEG + "1989/41/section/47", "Children Act 1989 s47"),
    "CA 20": ("Children Act 1989", "s20", LEG + "1989/41/section/20", "Children Act 1989 s20"),
    "Care 9": ("Care Act 2014", "s9", LEG + "2014/23/section/9", "Care Act 2014 s9"),
    "Care 18": ("Care Act 2014", "s18", LEG + "2014/23/section/18", "Care Act 2014 s18"),
    "EA 508B": ("Education Act 1996", "s508B", LEG + "1996/56/section/508B", "Education Act 1996 s508B"),
    "HA 188": ("Housing Act 1996", "s188", LEG + "1996/52/section/188", "Housing Act 1996 s188"),
    "TCPA 70": (
        "Town and Country Planning Act 1990",
        "s70",
        LEG + "1990/8/section/70",
        "Town and Country Planning Act 1990 s70",
    ),
    "TCPA 172": (
        "Town and Country Planning Act 1990",
        "s172",
        LEG + "1990/8/section/172",
        "Town and Country Planning Act 1990 s172",
    ),
}
REMEDIES_GUIDANCE = "https://w3id.org/lgsco-kg/vocab/guidance/guidance-on-remedies"


class _Text:
    def __init__(self) -> None:
        self.text = ""
        self.n = 0

    def span(self, sentence: str) -> Span:
        self.n += 1
        head = f"{self.n}. "
        start = len(self.text) + len(head)
        self.text += head + sentence + "\n"
        return Span(start, start + len(sentence), sentence, self.n)


def decision(
    reference: str,
    authority: str | None = "Wiltshire Council",
    category: tuple[str, str] | None = ("Children's care services", "Other"),
    *,
    day: date | None = date(2021, 1, 1),
    provisions: tuple[str, ...] = (),
    guidance: bool = False,
    faults: tuple[str, ...] = (),
    injustices: tuple[str, ...] = (),
    remedies: tuple[str, ...] = (),
) -> Decision:
    """A decision with these items; ``provisions`` are keys of :data:`PROVISIONS`; types are vocabulary keys."""
    t = _Text()
    statutes = []
    for key in provisions:
        act, provision, iri, label = PROVISIONS[key]
        statutes.append(Citation(act, provision, iri, label, label, (t.span(f"We considered the {label}."),)))
    cited_guidance = (
        (
            GuidanceCitation(
                "Guidance on Remedies",
                REMEDIES_GUIDANCE,
                "Guidance on Remedies",
                (t.span("We follow our Guidance on Remedies."),),
            ),
        )
        if guidance
        else ()
    )
    findings, fault_items = [], []
    for n, kind in enumerate(faults, start=1):
        findings.append(Finding(n, "fault", t.span(f"Finding {n}: this was fault.")))
        fault_items.append(Fault(n, kind, t.span(f"Fault {n} was of the kind {kind}."), finding=n))
    injustice_items = tuple(
        Injustice(n, kind, t.span(f"Injustice {n}: {kind}."), caused_by=(1,) if faults else ())
        for n, kind in enumerate(injustices, start=1)
    )
    remedy_items = tuple(
        Remedy(n, kind, "agreed", t.span(f"Remedy {n}: {kind}."), remedies=(1,) if injustices else ())
        for n, kind in enumerate(remedies, start=1)
    )
    return Decision(
        reference=reference,
        source_name=f"lgsco-{reference.replace(' ', '-')}.txt",
        sha256=sha256(t.text.encode()).hexdigest(),
        text=t.text,
        authority=authority,
        category=category[0] if category else None,
        subcategory=category[1] if category else None,
        outcome="Upheld" if faults else "Not upheld",
        decision_date=day,
        complainant="Ms X",
        complete=True,
        findings=tuple(findings),
        faults=tuple(fault_items),
        injustices=injustice_items,
        remedies=remedy_items,
        statutes=tuple(statutes),
        guidance=cited_guidance,
    )


def copy_of(d: Decision, reference: str) -> Decision:
    """The same decision under another reference."""
    from dataclasses import replace

    return replace(d, reference=reference, source_name=f"lgsco-{reference.replace(' ', '-')}.txt")


def load(store, decisions):
    """Map and load ``decisions`` into ``store``, one named graph each; returns the store."""
    from kg.mapping import decision_iri, triples

    store.replace_graphs((decision_iri(d), list(triples(d))) for d in decisions)
    return store


# --- scenarios -------------------------------------------------------------------------


def ranking() -> list[Decision]:
    """A is most like B (same council, category, provisions, fault, injustice), then C, then D."""
    return [
        decision(
            "21 000 001",
            "Wiltshire Council",
            provisions=("LGA 26(1)", "CA 47", "CA 17"),
            faults=("record-keeping",),
            injustices=("distress",),
            remedies=("apology",),
        ),  # A
        decision(
            "21 000 002",
            "Wiltshire Council",
            provisions=("LGA 26(1)", "CA 47"),
            faults=("record-keeping",),
            injustices=("distress",),
            remedies=("apology", "payment"),
        ),  # B
        decision(
            "21 000 003",
            "Kent County Council",
            ("Children's care services", "Child protection"),
            provisions=("LGA 26(1)", "CA 47"),
            faults=("delay",),
            remedies=("apology",),
        ),  # C
        decision(
            "21 000 004", "Kent County Council", ("Education", "School transport"), provisions=("LGA 26(1)", "EA 508B")
        ),  # D
    ]


def two_clusters() -> list[Decision]:
    """Three children's cases at Wiltshire and three planning cases at Leeds; only s26(1) spans both."""
    children = [
        decision(
            f"22 000 00{i}",
            "Wiltshire Council",
            provisions=("LGA 26(1)", "CA 47", "CA 17" if i % 2 else "CA 20"),
            faults=("record-keeping", "communication"),
            injustices=("distress",),
            remedies=("apology",),
            day=date(2022, 1, i),
        )
        for i in (1, 2, 3)
    ]
    planning = [
        decision(
            f"22 000 10{i}",
            "Leeds City Council",
            ("Planning", "Planning applications"),
            provisions=("LGA 26(1)", "TCPA 70", "TCPA 172" if i % 2 else "LGA 26A(1)"),
            faults=("delay",),
            injustices=("time-and-trouble",),
            remedies=("payment",),
            day=date(2022, 2, i),
        )
        for i in (1, 2, 3)
    ]
    return children + planning


def recurring() -> list[Decision]:
    """Delay at Leeds three times (2019, mid-2020, 2024); communication at Leeds once; delay at York once."""
    return [
        decision("19 000 001", "Leeds City Council", day=date(2019, 1, 1), faults=("delay",)),
        decision("20 000 002", "Leeds City Council", day=date(2020, 6, 1), faults=("delay", "communication")),
        decision("24 000 003", "Leeds City Council", day=date(2024, 1, 1), faults=("delay",)),
        decision("20 000 004", "City of York Council", day=date(2020, 1, 1), faults=("delay",)),
        decision("20 000 005", "Leeds City Council", day=date(2020, 3, 1), faults=()),
    ]


def chain() -> list[Decision]:
    """P1 –CA s47– P2 –delay– P3 –Kent– P4, nothing shorter; P5 shares nothing with anyone."""
    return [
        decision("23 000 001", "Wiltshire Council", provisions=("CA 47",), faults=("communication",)),
        decision("23 000 002", "Leeds City Council", provisions=("CA 47",), faults=("delay",)),
        decision("23 000 003", "Kent County Council", provisions=("Care 9",), faults=("delay",)),
        decision("23 000 004", "Kent County Council", provisions=("EA 508B",), faults=("record-keeping",)),
        decision("23 000 005", "City of York Council", provisions=("HA 188",), faults=("complaint-handling",)),
    ]


def corpus_of(decisions):
    """The :class:`kg.graph.Corpus` that loading ``decisions`` into a store and reading it back gives.

    Built straight from the model, for fast properties of the algorithms; ``tests/test_graph_props.py``
    checks it equals :func:`kg.graph.load_corpus` of a store.
    """
    from kg.graph.corpus import KINDS, Corpus, DecisionInfo, _area
    from kg.mapping import authority_iri, decision_iri
    from kg.query import concept_label
    from kg.vocab import category_key, concept

    infos, labels = [], {}
    items: dict[str, list[tuple[str, ...]]] = {k: [] for k in KINDS}
    for d in sorted(decisions, key=lambda d: (d.reference, str(decision_iri(d)))):
        authority = str(authority_iri(d.authority)) if d.authority else None
        key = (category_key(d.category, d.subcategory) or category_key(d.category)) if d.category else None
        category = str(concept("category", key)) if key else None
        infos.append(
            DecisionInfo(
                str(decision_iri(d)),
                d.reference,
                d.decision_date,
                d.authority,
                authority,
                concept_label(category) if category else None,
            )
        )
        cited = {c.iri: c.label for c in d.statutes if c.iri} | {g.iri: g.title for g in d.guidance}
        labels.update(cited)
        if authority:
            labels[authority] = d.authority
        items["provision"].append(tuple(sorted(cited)))
        for kind, scheme, values in (
            ("fault", "fault-type", [f.fault_type for f in d.faults]),
            ("injustice", "injustice-type", [i.injustice_type for i in d.injustices]),
            ("remedy", "remedy-type", [r.remedy_type for r in d.remedies]),
        ):
            items[kind].append(tuple(sorted({str(concept(scheme, v)) for v in values})))
        items["category"].append((category,) if category else ())
        area = _area(category) if category else None
        items["area"].append((area,) if area else ())
        items["authority"].append((authority,) if authority else ())
    return Corpus(tuple(infos), {k: tuple(v) for k, v in items.items()}, labels)
