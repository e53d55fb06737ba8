"""The one orchestrator: sources -> parse -> map -> validate -> store.

* :mod:`kg.build.pipeline` — :func:`build`, streaming files through workers into a store in batches;
* :mod:`kg.build.worker` — what a worker does with one file;
* :mod:`kg.build.pool` — the worker processes (over :mod:`kg.processes`);
* :mod:`kg.build.manifest` — which file built which graph, so a re-run skips what has not changed;
* :mod:`kg.build.repair` — statistics a killed build left out of date.
"""

from kg.build.pipeline import SUFFIXES, BuildSummary, Failure, build, iter_sources, parse_all
from kg.build.repair import repair_statistics

__all__ = ["SUFFIXES", "BuildSummary", "Failure", "build", "iter_sources", "parse_all", "repair_statistics"]
