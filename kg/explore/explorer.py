"""What a query worker keeps for the explorer: the search index, read-only, and the similarity index built
from it on first use (about two seconds at 50,000 decisions, then milliseconds a decision).

The worker makes a new :class:`Explorer` when the store or the index changes (a ``kg build`` into the
directory it serves), so nothing here outlives the data it was read from.
"""

from __future__ import annotations

import gc
import logging
import time
from pathlib import Path

from kg.errors import NotFoundError
from kg.explore.corpus import index_corpus
from kg.graph import Similar, SimilarityIndex, similar
from kg.search import Figures, SearchIndex

log = logging.getLogger(__name__)


class Explorer:
    """The search index of a store directory and what is computed from it."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.figures = Figures(index)
        self._similarity: SimilarityIndex | None = None

    @classmethod
    def open(cls, location: str | Path | None) -> Explorer | None:
        """The explorer of a store directory; None when it has no search index (memory, remote, never built)."""
        index = SearchIndex.of_store(location, read_only=True)
        return cls(index) if index is not None else None

    @classmethod
    def open_file(cls, path: str | Path) -> Explorer:
        """The explorer of a search index file (``kg serve --endpoint URL --search-index FILE``)."""
        if not Path(path).is_file():
            raise NotFoundError(f"no search index at {path}; `kg build … --store DIR` writes DIR/kg-search.sqlite")
        return cls(SearchIndex(Path(path), read_only=True))

    def warm(self) -> float:
        """Read what every page needs now rather than on the first request; returns the seconds it took."""
        started = time.perf_counter()
        self.index.counter()
        self.similarity()
        seconds = time.perf_counter() - started
        log.info("explorer ready: %d decisions indexed in %.1f s", len(self.index), seconds)
        return seconds

    def similarity(self) -> SimilarityIndex:
        if self._similarity is None:
            self._similarity = SimilarityIndex(index_corpus(self.figures))
            gc.collect()
            gc.freeze()  # millions of small objects that live as long as the index: no collection walks them again
        return self._similarity

    def similar(self, reference: str, top: int = 10) -> Similar | None:
        """The decisions most like ``reference``, explained as ``kg similar --explain`` explains them."""
        try:
            return similar(self.similarity(), reference, top)
        except NotFoundError:  # in the store, not (yet) in the index
            return None

    def close(self) -> None:
        self.index.close()


__all__ = ["Explorer"]
