"""A cited provision's page: how often decisions cite it, year by year, and what they cite with it.

"Citing it" includes citing any part of it (a section is cited by a decision citing its subsection; an Act
by one citing any of its sections), as the provision facet of the search index holds it.  Co-cited items are
what those decisions cite exactly, without the provision itself and its parts; ``boilerplate=False`` also
leaves out the jurisdiction provisions nearly every decision cites (:func:`kg.search.is_boilerplate`).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.explore.charts import Chart, Series
from kg.search import Figures, is_boilerplate
from kg.search.figures import Summary


@dataclass(frozen=True)
class ProvisionFigures:
    iri: str
    label: str | None
    summary: Summary
    years: Chart
    cocited: list[tuple[str, str, int]]
    boilerplate: bool  # whether rankings keep the jurisdiction provisions
    is_boilerplate: bool  # whether this provision is one of them


def provision_figures(figures: Figures, iri: str, boilerplate: bool = True, top: int = 15) -> ProvisionFigures | None:
    """The figures of a provision (or Act, or guidance document); None if no decision of the index cites it."""
    scope = {"provision": [iri]}
    summary = figures.summary(scope)
    if not summary.decisions:
        return None
    label = figures.label(iri)
    by_year = figures.by_year(scope)
    years = Chart(
        "years",
        "Decisions citing it, by year",
        [y for y, _ in by_year],
        [Series("Decisions", [n for _, n in by_year])],
        kind="bar",
        unit="decisions",
    )
    cocited = figures.cited(scope, boilerplate=boilerplate, top=top, leave_out=[iri])
    return ProvisionFigures(iri, label, summary, years, cocited, boilerplate, is_boilerplate(iri))


__all__ = ["ProvisionFigures", "provision_figures"]
