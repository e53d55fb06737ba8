"""Named queries (``queries/*.rq``) with bound parameters, result formats, and corpus statistics.

* :mod:`kg.query.named` — loading, checking and running named queries;
* :mod:`kg.query.formats` — results as a table, CSV or JSON; :mod:`kg.query.labels` labels beside IRIs;
* :mod:`kg.query.statistics` — the statistics graph ``kg build`` keeps (provision co-citation).
"""

from kg.query.formats import (
    DISPLAY_PREFIXES,
    FORMATS,
    compact,
    concept_label,
    format_boolean,
    format_result,
    plain,
    records,
)
from kg.query.named import (
    NO_DECISION,
    PAGING,
    TYPES,
    NamedQuery,
    Param,
    bindings,
    list_queries,
    load_query,
    page,
    parse_query,
    run,
)

__all__ = [
    "DISPLAY_PREFIXES",
    "FORMATS",
    "NO_DECISION",
    "PAGING",
    "TYPES",
    "NamedQuery",
    "Param",
    "bindings",
    "compact",
    "concept_label",
    "format_boolean",
    "format_result",
    "list_queries",
    "load_query",
    "page",
    "parse_query",
    "plain",
    "records",
    "run",
]
