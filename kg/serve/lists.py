"""The explorer's lists: decisions (``/search``), authorities (``/authorities``), provisions (``/provisions``).

Each reads the same request (:class:`kg.explore.listing.ListRequest`: words, facet filters, sort, page) and
answers as an HTML page, or as the whole list in CSV or JSON (``format=csv|json``, or ``Accept``): the
download of a list is its own URL plus a format.  Everything comes from the search index beside the store.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlencode

from kg.errors import NotFoundError, QueryParameterError
from kg.explore.explorer import Explorer
from kg.explore.listing import ListRequest
from kg.explore.scorecard import per_100k
from kg.jsontext import dumps
from kg.search import FACETS, PAYMENT_RANGES, Hit
from kg.serve.context import Context, html
from kg.serve.protocol import Reply
from kg.vocab import AUTHORITY_TYPES

#: facets shown beside a list of decisions, in this order
SIDEBAR = (
    "outcome",
    "year",
    "category",
    "subcategory",
    "authority",
    "authority_type",
    "provision",
    "fault_type",
    "injustice_type",
    "remedy_type",
    "payment",
    "truncated",
)
SHOWN = 8  # values of a facet shown before "all values"
_RANGE_ORDER = {key: k for k, (key, _, _) in enumerate(PAYMENT_RANGES)} | {"none": len(PAYMENT_RANGES)}
DECISION_COLUMNS = (
    "reference",
    "decision_date",
    "authority",
    "outcome",
    "total_payment_gbp",
    "truncated",
    "decision",
    "authority_iri",
    "snippet",
)


def explorer(ctx: Context) -> Explorer:
    if ctx.explorer is None:
        if ctx.explorer_off:
            raise NotFoundError(f"the explorer is off: {ctx.explorer_off}")
        raise NotFoundError(
            "this server has no search index, so no explorer: serve a store directory built by `kg build` "
            "(it keeps DIR/kg-search.sqlite), or give the index with `kg serve --search-index FILE`"
        )
    return ctx.explorer


def pages(request: ListRequest, total: int, path: str) -> dict[str, Any]:
    """Links to the previous, next and nearby pages of a list."""
    last = max(1, math.ceil(total / request.size))
    near = sorted({1, last, *range(max(1, request.page - 2), min(last, request.page + 2) + 1)})
    return {
        "page": request.page,
        "last": last,
        "prev": request.url(path, page=request.page - 1) if request.page > 1 else None,
        "next": request.url(path, page=request.page + 1) if request.page < last else None,
        "near": [(n, request.url(path, page=n)) for n in near],
    }


def _ordered(facet: str, values: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    if facet == "year":
        return sorted(values, key=lambda v: v[0], reverse=True)
    if facet == "payment":
        return sorted(values, key=lambda v: _RANGE_ORDER.get(v[0], 99))
    return values


def sidebar(ex: Explorer, r: ListRequest, path: str) -> list[dict[str, Any]]:
    """The facets beside a list: each value with its count under the other filters, and a link that adds or
    removes it; the values chosen are always shown."""
    top = {f: 100_000 if (f == r.more or f in r.filters or f in ("year", "payment")) else SHOWN for f in SIDEBAR}
    counted = ex.index.facets(r.text, r.lists(), top=top, only=SIDEBAR)
    out = []
    for facet in SIDEBAR:
        values = _ordered(facet, counted[facet])
        found = {v for v, _, _ in values}
        values += [(v, v, 0) for v in r.filters.get(facet, ()) if v not in found]
        full = facet == r.more or facet in ("year", "payment")
        shown = values if full else [v for k, v in enumerate(values) if k < SHOWN or r.chosen(facet, v[0])]
        out.append(
            {
                "facet": facet,
                "label": FACETS[facet],
                "options": [
                    {
                        "value": v,
                        "label": lb,
                        "count": n,
                        "chosen": r.chosen(facet, v),
                        "href": r.toggle(path, facet, v),
                    }
                    for v, lb, n in shown
                ],
                "more": r.url(path, more=facet, page=None) if len(shown) < len(values) else None,
            }
        )
    return out


def chips(ex: Explorer, r: ListRequest, path: str) -> list[dict[str, str]]:
    """The filters in force, each with the link that removes it."""
    labels = {
        (f, v): lb
        for f, values in ex.index.facets(None, {}, top=100_000, only=list(r.filters)).items()
        for v, lb, _ in values
    }
    out = [{"facet": "Words", "label": r.text, "href": r.url(path, text="", page=None)}] if r.text else []
    for facet, values in r.filters.items():
        for v in values:
            out.append({"facet": FACETS[facet], "label": labels.get((facet, v), v), "href": r.toggle(path, facet, v)})
    return out


def _download(
    rows: Iterable[Sequence[Any]], columns: Sequence[str], fmt: str, name: str, meta: dict[str, Any]
) -> Reply:
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if v is None else str(v).lower() if isinstance(v, bool) else v for v in row])
        body, media = buf.getvalue().encode("utf-8"), "text/csv; charset=utf-8"
    else:
        items = [dict(zip(columns, row)) for row in rows]
        key = name.rsplit("-", 1)[-1]  # decisions, authorities, provisions
        body, media = (dumps({**meta, key: items}, indent=1) + "\n").encode("utf-8"), "application/json"
    disposition = f'attachment; filename="{name}.{fmt}"'
    return Reply(200, media, body, {"Content-Disposition": disposition})


def _meta(r: ListRequest, total: int) -> dict[str, Any]:
    return {
        "query": {"q": r.text, "filters": {f: list(v) for f, v in r.filters.items()}, "sort": r.sort},
        "total": total,
    }


def _hit_row(h: Hit) -> tuple[Any, ...]:
    j = h.to_json()
    return tuple(j[c] for c in DECISION_COLUMNS)


def search(ctx: Context, params: list[tuple[str, str]], fmt: str, root: str = "", path: str = "/search") -> Reply:
    """A page of the decisions matching a request, with facets; or all of them as CSV or JSON."""
    ex, r = explorer(ctx), ListRequest.parse(params)
    href = root + path
    if fmt in ("csv", "json"):
        total = ex.index.search(r.text, r.lists(), r.sort, 0, 0).total
        if total > ctx.settings.max_download:
            raise QueryParameterError(
                f"the list holds {total:,} decisions, more than a download's {ctx.settings.max_download:,}; "
                "narrow it with words or filters"
            )
        rows = (_hit_row(h) for h in ex.index.all(r.text, r.lists(), r.sort))
        meta = _meta(r, total)
        if fmt == "json":  # the counts of each facet under the other filters, as the page shows them
            counted = ex.index.facets(r.text, r.lists(), top=100_000, only=SIDEBAR)
            meta["facets"] = {
                f: [{"value": v, "label": lb, "count": n} for v, lb, n in vs] for f, vs in counted.items()
            }
        return _download(rows, DECISION_COLUMNS, fmt, "lgsco-decisions", meta)
    found = ex.index.search(r.text, r.lists(), r.sort, r.size, r.offset)
    linker = ctx.linker(root)
    context = r.query(page=None)
    hits = [
        {
            "hit": h,
            "href": linker.href(h.graph) + "?" + urlencode({"in": context, "at": r.offset + k + 1}),
            "authority_href": linker.href(h.authority_iri) if h.authority_iri else None,
        }
        for k, h in enumerate(found.hits)
    ]
    return html(
        "search.html",
        r=r,
        total=found.total,
        indexed=len(ex.index),
        hits=hits,
        facets=sidebar(ex, r, href),
        chips=chips(ex, r, href),
        pager=pages(r, found.total, href),
        sorts=[(s, label, r.url(href, sort=s, page=None)) for s, label in _SORTS],
        downloads={f: r.url(href, format=f, page=None) for f in ("csv", "json")},
        tabs=_tabs(r, root),
        linker=linker,
        root=root,
    )


_SORTS = (
    ("relevance", "best match"),
    ("date", "newest"),
    ("-date", "oldest"),
    ("payment", "largest payment"),
    ("-payment", "smallest payment"),
)


def _tabs(r: ListRequest, root: str) -> list[tuple[str, str]]:
    keep = r.query(page=None, more=None, sort=None)
    return [(label, f"{root}{p}?{keep}" if keep else root + p) for label, p in _LISTS]


_LISTS = (("Decisions", "/search"), ("Authorities", "/authorities"), ("Provisions cited", "/provisions"))

AUTHORITY_COLUMNS = (
    "authority",
    "council_code",
    "authority_type",
    "population_2020",
    "decisions",
    "decisions_per_100k",
    "upheld",
    "uphold_rate",
    "already_remedied_share",
    "payments_gbp",
    "payments_gbp_per_100k",
    "authority_iri",
)


def authorities(
    ctx: Context, params: list[tuple[str, str]], fmt: str, root: str = "", path: str = "/authorities"
) -> Reply:
    """The authorities the matching decisions are about, a council's names together, with their figures."""
    from kg.authorities import default_table

    ex, r = explorer(ctx), ListRequest.parse(params)
    found = ex.figures.authorities(r.lists(), r.text)
    if r.sort in ("payment", "-payment"):
        found.sort(key=lambda a: (a.summary.paid if r.sort == "-payment" else -a.summary.paid, a.name))
    table = default_table().by_code
    rows = []
    for a in found:
        population = table[a.council].population if a.council in table else None
        s = a.summary
        rows.append(
            (
                a.name,
                a.council,
                a.authority_type,
                population,
                s.decisions,
                per_100k(s.decisions, population),
                s.upheld,
                s.uphold_rate,
                s.remedied_share,
                s.paid,
                per_100k(s.paid, population),
                a.iri,
            )
        )
    if fmt in ("csv", "json"):
        return _download(rows, AUTHORITY_COLUMNS, fmt, "lgsco-authorities", _meta(r, len(rows)))
    href = root + path
    shown = rows[r.offset : r.offset + r.size]
    return html(
        "authorities.html",
        r=r,
        total=len(rows),
        rows=[dict(zip(AUTHORITY_COLUMNS, row)) for row in shown],
        types=AUTHORITY_TYPES,
        chips=chips(ex, r, href),
        pager=pages(r, len(rows), href),
        downloads={f: r.url(href, format=f, page=None) for f in ("csv", "json")},
        sorts=[
            ("relevance", "most decisions", r.url(href, sort=None, page=None)),
            ("payment", "most paid", r.url(href, sort="payment", page=None)),
        ],
        tabs=_tabs(r, root),
        linker=ctx.linker(root),
        root=root,
    )


PROVISION_COLUMNS = ("provision", "decisions", "share", "iri")


def provisions(
    ctx: Context, params: list[tuple[str, str]], fmt: str, root: str = "", path: str = "/provisions"
) -> Reply:
    """What the matching decisions cite, most cited first (``boilerplate=0``: without the jurisdiction provisions)."""
    ex, r = explorer(ctx), ListRequest.parse(params)
    total = ex.index.search(r.text, r.lists(), "reference", 0, 0).total
    cited = ex.figures.cited(r.lists(), boilerplate=r.boilerplate, top=1_000_000, text=r.text)
    rows = [(label, n, n / total if total else None, iri) for iri, label, n in cited]
    if fmt in ("csv", "json"):
        return _download(
            rows,
            PROVISION_COLUMNS,
            fmt,
            "lgsco-provisions",
            _meta(r, len(rows)) | {"decisions": total, "boilerplate": r.boilerplate},
        )
    href = root + path
    linker = ctx.linker(root)
    return html(
        "provisions.html",
        r=r,
        total=len(rows),
        decisions=total,
        rows=[
            dict(zip(PROVISION_COLUMNS, row)) | {"href": linker.cited(row[3])}
            for row in rows[r.offset : r.offset + r.size]
        ],
        chips=chips(ex, r, href),
        pager=pages(r, len(rows), href),
        downloads={f: r.url(href, format=f, page=None) for f in ("csv", "json")},
        boilerplate_href=r.url(href, boilerplate=not r.boilerplate, page=None),
        tabs=_tabs(r, root),
        linker=linker,
        root=root,
    )


__all__ = ["SIDEBAR", "authorities", "explorer", "pages", "provisions", "search", "sidebar"]
