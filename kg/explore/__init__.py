"""The explorer's figures and views, for people who do not write SPARQL (``kg serve``: search, scorecards).

Read from the search index beside a store (:mod:`kg.search`) and, for the facts about one authority or one
decision, from the store:

* :mod:`kg.explore.corpus` — the graph commands' corpus from the index (similar decisions, recurring faults);
* :mod:`kg.explore.listing` — a list's request (words, filters, sort, page) read from a query string, and its URLs;
* :mod:`kg.explore.scorecard` — an authority's scorecard: figures by year and outcome, payments, recurring
  faults, cited provisions, peers of the same type, per 100,000 residents;
* :mod:`kg.explore.provision` — a provision's page: citations over time, co-cited provisions;
* :mod:`kg.explore.charts` — the data of each chart and the table beside it;
* :mod:`kg.explore.explorer` — what a query worker keeps: the open index and the similarity index.
"""

from kg.explore.corpus import index_corpus

__all__ = ["index_corpus"]
