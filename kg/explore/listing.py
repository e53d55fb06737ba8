"""A list's request read from a query string: the words, the filters, the order and the page; and its URLs.

The three lists of the explorer (decisions ``/search``, ``/authorities``, ``/provisions``) read the same
parameters, so a filter written once narrows any of them, and a list's download is its own URL plus
``format=csv`` or ``format=json``::

    /search?q=phone+number&outcome=upheld&provision=http://www.legislation.gov.uk/id/ukpga/1989/41/section/17
            &sort=-date&page=2&size=50

* ``q``: words that must all occur (a "quoted phrase" as a phrase);
* one parameter per facet (:data:`kg.search.FACETS`), repeated for several values (any of them);
* ``sort`` (:data:`kg.search.SORTS`), ``page`` (from 1), ``size`` (1 to 100 a page);
* ``boilerplate=0`` leaves the jurisdiction provisions out of rankings (:func:`kg.search.is_boilerplate`);
* ``more=FACET`` lists every value of one facet.

Everything else is ignored; a value that cannot be read is a 400 that says why, never a 500.

>>> r = ListRequest.parse([("q", "delay"), ("outcome", "upheld"), ("outcome", "not-upheld"), ("page", "2")])
>>> r.filters, r.page, r.offset
({'outcome': ('not-upheld', 'upheld')}, 2, 20)
>>> r.url("/search", page=None)
'/search?q=delay&outcome=not-upheld&outcome=upheld'
>>> r.toggle("/search", "outcome", "upheld")
'/search?q=delay&outcome=not-upheld'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from kg.errors import QueryParameterError
from kg.search import FACETS, SORTS

MAX_TEXT = 500  # characters of search words
MAX_VALUES = 200  # values of all filters together
MAX_VALUE = 2000  # characters of one filter value
MAX_PAGE = 100_000
SIZES = range(1, 101)
DEFAULT_SIZE = 20
#: parameters of a list that are not filters
RESERVED = ("q", "sort", "page", "size", "boilerplate", "more", "format")


def _number(name: str, value: str, allowed: range) -> int:
    text = value.strip()
    if not text.isdigit() or int(text) not in allowed:
        raise QueryParameterError(
            f"{name}={value[:40]!r} must be a whole number from {allowed.start} to {allowed.stop - 1:,}"
        )
    return int(text)


@dataclass(frozen=True)
class ListRequest:
    """What a list is asked for; :meth:`url` writes it back, with changes."""

    text: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    size: int = DEFAULT_SIZE
    boilerplate: bool = True
    more: str | None = None

    @classmethod
    def parse(cls, params: Iterable[tuple[str, str]]) -> ListRequest:
        """Read the parameters of a query string (as pairs, repeated names allowed)."""
        text, sort, page, size, boilerplate, more = "", "relevance", 1, DEFAULT_SIZE, True, None
        filters: dict[str, set[str]] = {}
        count = 0
        for name, value in params:
            if name == "q":
                if len(value) > MAX_TEXT:
                    raise QueryParameterError(f"the search words are {len(value):,} characters; use at most {MAX_TEXT}")
                text = " ".join(value.split())
            elif name == "sort" and value:
                if value not in SORTS:
                    raise QueryParameterError(f"sort={value[:40]!r} is not an order; use one of: {', '.join(SORTS)}")
                sort = value
            elif name == "page" and value:
                page = _number("page", value, range(1, MAX_PAGE + 1))
            elif name == "size" and value:
                size = _number("size", value, SIZES)
            elif name == "boilerplate":
                boilerplate = value not in ("0", "no", "false", "off")
            elif name == "more" and value in FACETS:
                more = value
            elif name in FACETS and value.strip():
                count += 1
                if count > MAX_VALUES or len(value) > MAX_VALUE:
                    raise QueryParameterError(
                        f"too many or too long filter values (at most {MAX_VALUES}, each {MAX_VALUE:,} characters)"
                    )
                filters.setdefault(name, set()).add(value.strip())
        ordered = {f: tuple(sorted(filters[f])) for f in FACETS if f in filters}
        return cls(text, ordered, sort, page, size, boilerplate, more)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def pairs(self, **changes: Any) -> list[tuple[str, str]]:
        """The request as query parameters, with ``changes`` (None drops a parameter; defaults are left out)."""
        r = replace(self, **{k: v for k, v in changes.items() if k in self.__dataclass_fields__ and v is not None})
        drop = {k for k, v in changes.items() if v is None}
        out: list[tuple[str, str]] = []
        if r.text and "text" not in drop:
            out.append(("q", r.text))
        for facet, values in r.filters.items():
            out += [(facet, v) for v in values]
        if r.sort != "relevance" and "sort" not in drop:
            out.append(("sort", r.sort))
        if r.size != DEFAULT_SIZE and "size" not in drop:
            out.append(("size", str(r.size)))
        if not r.boilerplate and "boilerplate" not in drop:
            out.append(("boilerplate", "0"))
        if r.more and "more" not in drop:
            out.append(("more", r.more))
        if r.page != 1 and "page" not in drop:
            out.append(("page", str(r.page)))
        if "format" in changes and changes["format"]:
            out.append(("format", str(changes["format"])))
        return out

    def query(self, **changes: Any) -> str:
        return urlencode(self.pairs(**changes))

    def url(self, path: str, **changes: Any) -> str:
        q = self.query(**changes)
        return f"{path}?{q}" if q else path

    def with_filters(self, filters: dict[str, tuple[str, ...]]) -> ListRequest:
        return replace(self, filters={f: filters[f] for f in FACETS if filters.get(f)}, page=1)

    def toggle(self, path: str, facet: str, value: str) -> str:
        """The URL of this list with ``value`` of ``facet`` added, or taken away if chosen (back to page 1)."""
        values = set(self.filters.get(facet, ()))
        values ^= {value}
        return self.with_filters({**self.filters, facet: tuple(sorted(values))}).url(path, page=None)

    def chosen(self, facet: str, value: str) -> bool:
        return value in self.filters.get(facet, ())

    @property
    def filtered(self) -> bool:
        return bool(self.text or self.filters)

    def lists(self) -> dict[str, list[str]]:
        """The filters as the search index takes them."""
        return {f: list(v) for f, v in self.filters.items()}


__all__ = ["DEFAULT_SIZE", "MAX_TEXT", "RESERVED", "ListRequest"]
