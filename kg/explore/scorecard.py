"""An authority's scorecard: what the decisions about it say, beside its peers of the same type.

A council is counted under every name the decisions give it (the names that resolve to its registry code:
``Hackney LB`` and ``London Borough of Hackney`` are one council); a body that is not a council, or a name
that resolves to none, is counted under its name as written.  The figures:

* decisions by year and outcome; the **uphold rate**: upheld decisions over those the Ombudsman decided on
  the merits (upheld or not upheld; decisions closed after initial enquiries made no finding);
* the **share already remedied**: upheld decisions where the authority had already provided a remedy
  before the Ombudsman's decision (a remedy of status "already provided");
* payments agreed or recommended, by kind of injustice: how many, their median and their total (a payment
  for two kinds of injustice counts in both, as the named query ``payments_by_injustice_type`` counts it);
* recurring faults: :func:`kg.graph.recurrences` on the council's decisions (all its names as one);
* the most cited provisions and guidance (``boilerplate=False``: without the jurisdiction provisions);
* per 100,000 residents (the registry's 2020 population of the council's area) and the same figures for
  every other authority of its type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from kg.authorities import default_table
from kg.explore.charts import Chart, Series
from kg.explore.corpus import index_corpus
from kg.graph import Corpus, Recurrence, recurrences
from kg.search import Figures
from kg.search.figures import Payments, Summary
from kg.vocab import AUTHORITY_TYPES, INJUSTICE_TYPES, OUTCOMES

#: outcome keys of the search index in the order charts stack them
OUTCOME_ORDER = ("upheld", "not-upheld", "closed-after-initial-enquiries")


def per_100k(count: float | Decimal | None, population: int | None) -> float | None:
    """``count`` per 100,000 residents.

    >>> per_100k(25, 500_000), per_100k(3, None)
    (5.0, None)
    """
    if count is None or not population:
        return None
    return float(count) * 100_000 / population


@dataclass(frozen=True)
class Peer:
    """An authority of the same type, for comparison."""

    key: str
    iri: str
    name: str
    population: int | None
    summary: Summary
    own: bool

    @property
    def decisions_per_100k(self) -> float | None:
        return per_100k(self.summary.decisions, self.population)

    @property
    def paid_per_100k(self) -> float | None:
        return per_100k(self.summary.paid, self.population)


@dataclass(frozen=True)
class Scorecard:
    iri: str
    name: str
    council: str | None
    authority_type: str | None
    population: int | None
    scope: dict[str, list[str]]
    summary: Summary
    years: Chart
    payments: list[Payments]
    payments_chart: Chart
    recurring: list[Recurrence]
    cited: list[tuple[str, str, int]]
    peers: list[Peer]
    peers_chart: Chart
    names: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def type_label(self) -> str | None:
        return AUTHORITY_TYPES.get(self.authority_type or "", self.authority_type)

    @property
    def per_100k(self) -> dict[str, float | None]:
        return {
            "decisions": per_100k(self.summary.decisions, self.population),
            "upheld": per_100k(self.summary.upheld, self.population),
            "paid": per_100k(self.summary.paid, self.population),
        }


def _population(key: str | None) -> int | None:
    a = default_table().by_code.get(key or "")
    return a.population if a is not None else None


def _years(figures: Figures, scope: Mapping[str, Sequence[str]]) -> Chart:
    table = figures.by_year_and_outcome(scope)
    years = sorted({y for y, _, _ in table})
    counts = {(y, o): n for y, o, n in table}
    outcomes = [o for o in OUTCOME_ORDER if any((y, o) in counts for y in years)]
    outcomes += sorted({o for _, o, _ in table} - set(outcomes))
    series = [Series(OUTCOMES.get(o, o), [counts.get((y, o), 0) for y in years]) for o in outcomes]
    return Chart("years", "Decisions by year and outcome", years, series, kind="stacked", unit="decisions")


def _recurring(figures: Figures, scope: Mapping[str, Sequence[str]], iri: str, name: str) -> list[Recurrence]:
    """Recurring faults as ``kg graph recurrence`` finds them, with every name of the council as one authority."""
    corpus = index_corpus(figures, ("fault", "authority"), scope)
    one = Corpus(
        tuple(type(d)(d.iri, d.reference, d.date, name, iri, d.category) for d in corpus.decisions),
        {"fault": corpus.items["fault"], "authority": tuple((iri,) for _ in corpus.decisions)},
        {**corpus.labels, iri: name},
    )
    return recurrences(one) if len(one) else []


def scorecard(figures: Figures, iri: str, boilerplate: bool = True, top: int = 10) -> Scorecard | None:
    """The scorecard of the authority ``iri`` (None if no decision of the index names it)."""
    about = figures.about(iri)
    if about is None:
        return None
    name, council, kind, _ = about
    scope = {"council": [council]} if council else {"authority": [iri]}
    population = _population(council)
    summary = figures.summary(scope)
    payments = figures.payments(scope)
    payments_chart = Chart(
        "payments",
        "Payments agreed or recommended, by injustice remedied",
        [INJUSTICE_TYPES.get(p.injustice_type or "", "Not tied to an injustice") for p in payments],
        [Series("Total (£)", [p.total for p in payments])],
        kind="hbar",
        unit="£",
    )
    peers: list[Peer] = []
    if kind:
        for a in figures.authorities({"authority_type": [kind]}):
            own = a.key == (council or iri)
            peers.append(Peer(a.key, a.iri, name if own else a.name, _population(a.council), a.summary, own))
    peers.sort(key=lambda p: (-(p.decisions_per_100k or -1), -p.summary.decisions, p.name))
    with_population = [p for p in peers if p.population]
    peers_chart = Chart(
        "peers",
        f"Decisions per 100,000 residents: {AUTHORITY_TYPES.get(kind or '', 'authorities')} compared",
        [p.name for p in with_population],
        [Series("Decisions per 100,000", [round(p.decisions_per_100k or 0, 2) for p in with_population])],
        kind="hbar",
        unit="per 100,000",
        highlight=name,
    )
    return Scorecard(
        iri=iri,
        name=name,
        council=council,
        authority_type=kind,
        population=population,
        scope=scope,
        summary=summary,
        years=_years(figures, scope),
        payments=payments,
        payments_chart=payments_chart,
        recurring=_recurring(figures, scope, iri, name),
        cited=figures.cited(scope, boilerplate=boilerplate, top=top),
        peers=peers,
        peers_chart=peers_chart,
        names=figures.names(council) if council else [],
    )


__all__ = ["OUTCOME_ORDER", "Peer", "Scorecard", "per_100k", "scorecard"]
