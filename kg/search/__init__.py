"""The search index beside a store: full text and facets for the explorer (``kg serve``), kept by ``kg build``.

* :mod:`kg.search.rows` — what the index holds of one decision (made from the parsed decision);
* :mod:`kg.search.index` — the SQLite FTS5 index: writing rows, searching, counting facets.
"""

from kg.search.index import FILE_NAME, SORTS, Hit, Page, SearchIndex, fts_query
from kg.search.rows import FACETS, IndexRow, index_row

__all__ = ["FACETS", "FILE_NAME", "SORTS", "Hit", "IndexRow", "Page", "SearchIndex", "fts_query", "index_row"]
