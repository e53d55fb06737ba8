"""The one table printer: aligned columns for every table ``kg`` prints.

>>> print(table(("reference", "paid"), [("20 007 812", 800), ("20 003 932", 0)]))
reference   paid
----------  ----
20 007 812   800
20 003 932     0
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any


def cut(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def table(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], width: int = 60, numeric: Sequence[bool] | None = None
) -> str:
    """Aligned columns; numeric columns right-aligned; cells cut at ``width`` characters.

    ``numeric`` says which columns hold numbers; by default a column is numeric
    when every cell in it is an int, float or Decimal (bools are not numbers).
    """
    cells = [[cut(c, width) for c in row] for row in rows]
    if numeric is None:
        numeric = [
            bool(rows) and all(isinstance(r[i], (int, float, Decimal)) and not isinstance(r[i], bool) for r in rows)
            for i in range(len(headers))
        ]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in cells])


__all__ = ["cut", "table"]
