"""How a synthetic decision is put together: sections, sentences and the facts each line states.

Used by :mod:`kg.synth`; shares no code with :mod:`kg.parse`.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kg.synth import law, provisions, setting
from kg.synth import text as T
from kg.vocab import CATEGORY_TREE

OUTCOMES = ("Upheld", "Not upheld", "Closed after initial enquiries")
CATEGORIES = tuple((top, sub) for top, subs in CATEGORY_TREE.items() for sub in subs)
_STEP = next(k for k in range(7, 1000) if math.gcd(k, len(CATEGORIES)) == 1)  # visits every category in turn
_SENTENCE_START = re.compile(r"([.!?] )(t)(?=he (?:Council|care provider)\b)")
AMOUNTS = (100, 150, 200, 250, 300, 350, 400, 450, 500, 600, 750, 800, 1000, 1200, 1500, 1950, 2500, 3250)


@dataclass
class Line:
    """One line of the page: ``kind`` header|heading|para|item|bullet|back|end, and the facts it states."""

    kind: str
    text: str
    facts: list[tuple] = field(default_factory=list)


def money(rng: random.Random, amount: float) -> str:
    whole = float(amount).is_integer()
    text = f"{amount:,.2f}" if not whole or rng.random() < 0.15 else f"{int(amount):,}"
    return text.replace(",", "") if rng.random() < 0.1 else text


def number(amount: float) -> int | float:
    return int(amount) if float(amount).is_integer() else amount


class _Writer:
    """Builds the lines of one decision, with the facts of each."""

    def __init__(self, rng: random.Random, fields: dict) -> None:
        self.rng, self.f = rng, fields
        self.lines: list[Line] = []

    def fmt(self, template: str, **extra) -> str:
        values = {**self.f, **extra}
        text = _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), template.format(**values))
        return text[:1].upper() + text[1:]

    def heading(self, text: str) -> None:
        self.lines.append(Line("heading", text))

    def para(self, text: str, *facts: tuple, items: list[tuple[str, list]] | None = None, bullet: bool = False) -> None:
        self.lines.append(Line("para", text, list(facts)))
        for item_text, item_facts in items or []:
            self.lines.append(Line("bullet" if bullet else "item", item_text, item_facts))

    def back(self) -> None:
        self.lines.append(Line("back", "Back to top"))

    def cite(self, provision: provisions.Provision) -> tuple[str, list[tuple]]:
        """A sentence citing ``provision`` and its statute facts."""
        act, kind, numbers, says = provision
        clause = says.split()[0] in (
            "a",
            "an",
            "the",
            "it",
            "some",
            "public",
            "relevant",
            "health",
            "councils",
            "people",
        )
        form = self.rng.randrange(3) if clause else 3
        c = law.render(provision, self.rng, initial=form in (0, 3))
        if form == 0:
            text = f"{c.words} says {says}."
        elif form == 1:
            text = f"Under {c.words}, {says}."
        elif form == 2:
            text = f"{says[0].upper()}{says[1:]} ({c.words})."
        else:
            text = f"{c.words} {says}."
        return text, [("statute", p) for p in c.provisions]

    def lga(self, sentence: str, kind: str) -> None:
        c = law.lga_formula(kind)
        self.para(f"{sentence} {c.words}", *[("statute", p) for p in c.provisions])


def _header(
    w: _Writer, ref: str, authority: str, top: str, sub: str, outcome: str, when: date, summary: str, said: list[tuple]
) -> None:
    rng = w.rng
    w.lines.append(
        Line("header", f"{authority} ({ref})", [("header", "reference", ref), ("header", "authority", authority)])
    )
    w.lines.append(
        Line("header", f"Category : {top} > {sub}", [("header", "category", top), ("header", "subcategory", sub)])
    )
    w.lines.append(
        Line("header", f"Decision : {rng.choice(T.OUTCOME_WORDS[outcome])}", [("header", "outcome", outcome)])
    )
    day = f"{when.day:02d}" if rng.random() < 0.3 else str(when.day)
    month = setting.MONTHS[when.month - 1]
    shown = f"{day} {month if rng.random() < 0.25 else month[:3]} {when.year}"
    w.lines.append(Line("header", f"Decision date : {shown}", [("header", "decision_date", when.isoformat())]))
    w.lines.append(Line("header", rng.choice(("The Ombudsman's final decision:", "The Ombudsman’s final decision:"))))
    stated = {"Upheld": [("fault",)], "Not upheld": [("nofault",)]}.get(outcome, [])  # the summary says so too
    w.lines.append(Line("header", f"Summary: {summary}", [("complainant", w.f["c"]), *stated, *said]))


def _complaint(w: _Writer, points: list[str]) -> None:
    rng = w.rng
    items: list[tuple[str, list[tuple[Any, ...]]]] = [
        (w.f["points"][p] + (";" if i < len(points) - 1 else "."), []) for i, p in enumerate(points)
    ]
    w.heading("The complaint")
    w.para(w.fmt(rng.choice(T.INTRO)), ("complainant", w.f["c"]), items=items)
    if rng.random() < 0.6:
        w.para(w.fmt(rng.choice(T.WANTS), refund=money(rng, rng.choice(AMOUNTS))))
    w.back()


def _role(w: _Writer, outcome: str, top: str, closed_reason: str | None) -> None:
    rng = w.rng
    w.heading(rng.choice(("The Ombudsman's role and powers", "The Ombudsman’s role and powers")))
    w.lga(rng.choice(T.ROLE_REMEDY), "remedy")
    if closed_reason:
        w.lga(T.ROLE_DISCRETION, "discretion")
        if closed_reason != "outcome":
            kind = T.CLOSED_REASONS[closed_reason][1]
            w.lga(
                {
                    "late": "We cannot normally investigate late complaints.",
                    "appeal": "We cannot normally investigate where someone could appeal to a tribunal.",
                    "court": T.ROLE_COURT,
                }[closed_reason],
                kind,
            )
    else:
        if rng.random() < 0.4:
            w.lga(T.ROLE_MERITS, "merits")
        if top == "Adult care services" and rng.random() < 0.5:
            w.lga(T.ROLE_PROVIDER, "provider")
        w.lga(rng.choice(T.ROLE_STATEMENT), "statement")
    w.back()
    w.heading("How I considered this complaint")
    for template in rng.sample(T.METHOD, rng.randint(1, 2)):
        w.para(w.fmt(template))
    w.back()


def _law(w: _Writer, top: str) -> None:
    rng = w.rng
    w.heading(rng.choice(("Relevant law and guidance", "Legal and administrative background", "The law")))
    w.para(w.fmt(rng.choice(T.LAW_INTRO)))
    for provision in rng.sample(
        provisions.PROVISIONS.get(top, provisions.PROVISIONS["Other categories"]),
        min(len(provisions.PROVISIONS.get(top, provisions.PROVISIONS["Other categories"])), rng.randint(1, 3)),
    ):
        text, facts = w.cite(provision)
        w.para(text, *facts)
    if rng.random() < 0.25:
        act = rng.choice(provisions.GENERAL_ACTS)
        c = law.cite_act(act)
        w.para(w.fmt(f"{{council}} must also act in line with {c.words}."), *[("statute", p) for p in c.provisions])
    if rng.random() < 0.4:
        w.para(rng.choice(T.GUIDANCE))


def _narrative(w: _Writer, heading: str, n: int) -> None:
    rng = w.rng
    w.heading(heading)
    for template in rng.sample(T.NARRATIVE, n):
        w.para(
            w.fmt(
                template,
                month=rng.choice(setting.MONTHS),
                year=w.f["year"] - 1,
                charge=money(rng, rng.choice((86.5, 1240, 1386.2, 2210))),
            )
        )


def _findings(w: _Writer, points: list[str], faulty: set[str]) -> list[float]:
    """The analysis; returns already-made payments to avoid as remedy amounts."""
    rng = w.rng
    for p in points:
        if p in faulty:
            w.para(
                w.fmt(rng.choice(T.FAULT[p]), n=rng.randint(3, 9)) + " " + w.fmt(rng.choice(T.INJUSTICE)), ("fault",)
            )
        else:
            w.para(w.fmt(rng.choice(T.NO_FAULT[p])), ("nofault",))
    if rng.random() < 0.3 and not w.f.get("already"):
        w.f["already"] = True
        template = rng.choice(T.ALREADY)
        amount = rng.choice(T.ALREADY_PAID)
        w.para(w.fmt(template, amount=money(rng, amount)), *([("apology",)] if "apologised" in template else []))
        return [amount]
    return []


def _action(w: _Writer) -> None:
    """The remedies: apology, payments (agreed or recommended), service improvements, maybe a total."""
    rng = w.rng
    recommended = rng.random() < 0.35
    deadline = rng.choice(T.DEADLINES)
    status = "recommended" if recommended else "agreed"
    w.heading("Recommended action" if recommended and rng.random() < 0.7 else rng.choice(("Agreed action", "Action")))
    n_pay = rng.choices((0, 1, 2, 3), weights=(2, 5, 4, 1))[0]
    amounts: list[float] = rng.sample([a for a in AMOUNTS if a not in w.f["avoid"]], n_pay)
    while n_pay == 3 and any(2 * a == sum(amounts) for a in amounts):  # no payment may look like a total of the others
        amounts = rng.sample([a for a in AMOUNTS if a not in w.f["avoid"]], n_pay)
    if n_pay == 1 and rng.random() < 0.1:
        amounts = [rng.choice((262.4, 137.5, 1080.25))]
    pays = [("pay", number(a), status) for a in amounts]
    c = {"c": w.f["c"]}
    if n_pay == 2 and not recommended and rng.random() < 0.12:  # the total first, then what it is made of
        a, b = amounts
        w.para(w.fmt(T.TOTAL_FIRST, total=money(rng, a + b), a=money(rng, a), b=money(rng, b)), *pays)
        w.para(w.fmt(rng.choice(T.APOLOGY_ITEM) + f" {deadline}."), ("apology",))
        return
    if rng.random() < 0.6:  # a list under an opener
        opener = w.fmt(rng.choice(T.OPENER_RECOMMENDED if recommended else T.OPENER_AGREED), deadline=deadline)
        items: list[tuple[str, list[tuple[Any, ...]]]] = [(w.fmt(rng.choice(T.APOLOGY_ITEM), **c), [("apology",)])]
        for a, fact in zip(amounts, pays):
            items.append((w.fmt(rng.choice(T.PAY_ITEM), amount=money(rng, a)), [fact]))
        for template in rng.sample(T.SERVICE_ITEM, rng.randint(0, 2)):
            items.append((w.fmt(template), []))
        items = [(text + (";" if i < len(items) - 1 else "."), facts) for i, (text, facts) in enumerate(items)]
        if len(items) > 2 and rng.random() < 0.3:
            text, facts = items[-2]
            items[-2] = (text + " and", facts)
        w.para(opener, items=items, bullet=rng.random() < 0.3)
    else:
        verb = "I recommend {council} apologises to {c}" if recommended else "{council} has agreed to apologise to {c}"
        w.para(w.fmt(f"{verb} {deadline}."), ("apology",))
        for a, fact in zip(amounts, pays):
            bank = T.PAY_PARA_RECOMMENDED if recommended else T.PAY_PARA_AGREED
            w.para(
                w.fmt(
                    rng.choice(bank),
                    amount=money(rng, a),
                    deadline=deadline,
                    Deadline=deadline[0].upper() + deadline[1:],
                ),
                fact,
            )
    if n_pay >= 2 and rng.random() < 0.5:
        w.para(w.fmt(rng.choice(T.TOTALS), total=money(rng, sum(amounts))))
    if rng.random() < 0.5:
        w.para(w.fmt(T.EVIDENCE_ITEM))


def _end(w: _Writer, final: str, heading: str = "Final decision") -> None:
    w.heading(heading)
    w.para(final, ("final",))
    w.back()
    w.lines.append(
        Line(
            "end",
            w.rng.choice(
                (
                    "Investigator's decision on behalf of the Ombudsman",
                    "Investigator’s decision on behalf of the Ombudsman",
                )
            ),
            [("final",)],
        )
    )


def compose(rng: random.Random, ref: str, index: int = 0) -> list[Line]:
    """The lines of one decision, chosen by ``rng``; categories go round in turn, so any
    ``len(CATEGORIES)`` consecutive decisions cover every one."""
    top, sub = CATEGORIES[(index * _STEP) % len(CATEGORIES)]
    outcome = rng.choices(OUTCOMES, weights=(5, 3, 2))[0]
    title, she, her, him = rng.choice(setting.PSEUDONYMS)
    things, officers, tribunal = setting.CONTEXT.get(top, setting.CONTEXT["Other categories"])
    year = 2000 + int(ref[:2]) + rng.randint(0, 1)
    when = date(year, rng.randint(1, 12), rng.randint(1, 28))
    fields: dict[str, Any] = {
        "c": f"{title} {rng.choice(setting.LETTERS)}",
        "she": she,
        "She": she.capitalize(),
        "her": her,
        "him": him,
        "thing": rng.choice(things),
        "officer": rng.choice(officers),
        "council": "the Council",
        "sub": sub.lower(),
        "tribunal": tribunal,
        "year": year,
        "avoid": [],
    }
    fields["points"] = {k: v.format(**fields) for k, v in T.POINTS.items()}
    authority = (
        rng.choice(setting.PROVIDERS)
        if top == "Adult care services" and rng.random() < 0.1
        else rng.choice(setting.AUTHORITIES)
    )
    if authority in setting.PROVIDERS:
        fields["council"] = "the care provider"
    w = _Writer(rng, fields)
    points = rng.sample(list(T.POINTS), rng.randint(2, 4))
    reason = rng.choice(list(T.CLOSED_REASONS)) if outcome.startswith("Closed") else None
    reason_text = w.fmt(T.CLOSED_REASONS[reason][2]) if reason else ""
    paid = rng.choice(AMOUNTS) if rng.random() < 0.5 else None
    pay = f" and pay {fields['c']} £{paid}" if paid is not None else ""
    template = rng.choice(T.SUMMARY[outcome])
    summary = w.fmt(template, point=fields["points"][points[0]], pay=pay, Reason=reason_text)
    # what the summary states about the remedy: a sum it names is a payment (issue 12), and the remedy is
    # known in full where it names one ("agreed to apologise and pay"), where there is no fault, or nothing
    # is investigated ("has agreed a remedy" says nothing of what it is)
    said: list[tuple] = [("pay", number(paid), "agreed", "summary")] if paid is not None and "{pay}" in template else []
    if "apologise" in template:
        said.append(("remedies-stated",))
    if reason:
        said.append(("not-investigated",))
    _header(w, ref, authority, top, sub, outcome, when, summary, said)
    if reason:
        w.heading("The complaint")
        w.para(w.fmt("{c} complains that {council} " + fields["points"][points[0]] + "."), ("complainant", fields["c"]))
        w.back()
        _role(w, outcome, top, reason)
        w.heading("My assessment")
        first, _, then = T.CLOSED_REASONS[reason]
        w.para(w.fmt(first), *([("apology",)] if reason == "outcome" else []))
        if rng.random() < 0.5:
            text, facts = w.cite(rng.choice(provisions.PROVISIONS.get(top, provisions.PROVISIONS["Other categories"])))
            w.para(text, *facts)
        w.para(w.fmt(then))
        w.back()
        _end(w, w.fmt(rng.choice(T.FINAL_CLOSED), Reason=reason_text), "My decision")
        return w.lines
    _complaint(w, points)
    _role(w, outcome, top, None)
    w.heading("What I found")
    _law(w, top)
    faulty = set(rng.sample(points, rng.randint(1, len(points)))) if outcome == "Upheld" else set()
    if rng.random() < 0.5:
        _narrative(w, "What happened", rng.randint(2, 4))
        w.heading(rng.choice(("Analysis", "My findings")))
        fields["avoid"] = _findings(w, points, faulty)
    else:
        for p in points:
            _narrative(w, fields["points"][p][:1].upper() + fields["points"][p][1:], 1)
            w.heading("Analysis")
            fields["avoid"] += _findings(w, [p], faulty)
    w.back()
    if outcome == "Upheld":
        _action(w)
        w.back()
    _end(w, w.fmt(rng.choice(T.FINAL_UPHELD if outcome == "Upheld" else T.FINAL_NOT_UPHELD)))
    return w.lines


__all__ = ["AMOUNTS", "CATEGORIES", "Line", "OUTCOMES", "compose", "money", "number"]
