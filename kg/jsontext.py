"""JSON text for everything ``kg`` prints or serves: one writer, exact money.

Amounts of money are :class:`~decimal.Decimal` (``Decimal("300.00")``) all the
way from the parser; the standard library's encoder refuses them and a float
would lose the pence, so JSON goes through simplejson, which writes a Decimal
as the number it is:

>>> from decimal import Decimal
>>> dumps({"payments_gbp": [Decimal("300.00"), Decimal("0.10")]})
'{"payments_gbp": [300.00, 0.10]}'
>>> loads('{"total": 800.00}')["total"]
Decimal('800.00')
"""

from __future__ import annotations

from typing import Any

import simplejson


def dumps(data: Any, *, indent: int | None = None) -> str:
    """``data`` as JSON text: Decimals as exact numbers, non-ASCII characters as they are."""
    return simplejson.dumps(
        data, ensure_ascii=False, indent=indent, use_decimal=True, separators=None if indent is None else (",", ": ")
    )


def loads(text: str | bytes) -> Any:
    """JSON text back to Python, numbers with a fraction as Decimals (so money round-trips exactly)."""
    return simplejson.loads(text, use_decimal=True)


__all__ = ["dumps", "loads"]
