"""The search index beside a store: full text and facets for the explorer (``kg serve``), kept by ``kg build``.

* :mod:`kg.search.rows` — what the index holds of one decision (made from the parsed decision);
* :mod:`kg.search.index` — the SQLite FTS5 index: writing rows, searching, listing;
* :mod:`kg.search.counts` — facet counts in memory (numpy), under filters;
* :mod:`kg.search.figures` — the explorer's figures from the index: tables by year and outcome, payments,
  authorities, co-cited provisions, the features similar decisions are found by.
"""

from kg.search.figures import BOILERPLATE, Figures, is_boilerplate
from kg.search.index import FILE_NAME, SCHEMA_VERSION, SORTS, Hit, Page, SearchIndex, fts_query
from kg.search.rows import FACETS, FEATURE_KINDS, PAYMENT_RANGES, IndexRow, index_row

__all__ = [
    "BOILERPLATE",
    "FACETS",
    "FEATURE_KINDS",
    "FILE_NAME",
    "PAYMENT_RANGES",
    "SCHEMA_VERSION",
    "SORTS",
    "Figures",
    "Hit",
    "IndexRow",
    "Page",
    "SearchIndex",
    "fts_query",
    "index_row",
    "is_boilerplate",
]
