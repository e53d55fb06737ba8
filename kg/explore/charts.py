"""Charts and the tables beside them: one :class:`Chart` holds the figures once, the page draws both from it.

The page embeds :meth:`Chart.spec` as JSON data (never run as script: ``<script type="application/json">``)
and ``/static/explorer.js`` draws it with the vendored Chart.js; the table beside each chart holds the same
numbers for screen readers, for printing and for a browser without JavaScript, where the chart never shows.

>>> c = Chart("by-year", "Decisions by year", ["2020", "2021"], [Series("Upheld", [3, 4]), Series("Not upheld", [1, 0])],
...           kind="stacked", unit="decisions")
>>> c.rows()
[('2020', [3, 1], 4), ('2021', [4, 0], 4)]
>>> c.spec()["series"][0]
{'name': 'Upheld', 'values': [3, 4]}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Series:
    name: str
    values: list[Any]  # numbers; None where there is none


@dataclass(frozen=True)
class Chart:
    """``kind``: ``bar``, ``stacked`` (bars, series on top of each other), ``hbar`` (horizontal) or ``line``;
    ``unit``: what the numbers count (``decisions``, ``£``, ``per 100,000``); ``highlight``: a label to mark."""

    id: str
    title: str
    labels: list[str]
    series: list[Series]
    kind: str = "bar"
    unit: str = ""
    highlight: str | None = None
    totals: bool = field(default=True)

    def rows(self) -> list[tuple[str, list[Any], Any]]:
        """The table: ``(label, one value per series, total)``."""
        out = []
        for k, label in enumerate(self.labels):
            values = [s.values[k] for s in self.series]
            total = sum(v for v in values if v is not None) if self.totals and len(self.series) > 1 else None
            out.append((label, values, total))
        return out

    def spec(self) -> dict[str, Any]:
        """What the page's script draws: plain JSON numbers (money as pounds with pence)."""

        def number(v: Any) -> Any:
            return float(v) if isinstance(v, Decimal) else v

        return {
            "kind": self.kind,
            "title": self.title,
            "unit": self.unit,
            "labels": list(self.labels),
            "highlight": self.highlight,
            "series": [{"name": s.name, "values": [number(v) for v in s.values]} for s in self.series],
        }


__all__ = ["Chart", "Series"]
