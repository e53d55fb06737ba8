"""SHACL validation: the shapes, two engines, one report.

* :mod:`kg.validate.shapes` — ``ontology/shapes.ttl`` (or the user's shapes), parsed once;
* :mod:`kg.validate.shacl` — pySHACL, the reference engine;
* :mod:`kg.validate.fast` — the shapes compiled into Python checks (:mod:`kg.validate.engine`,
  :mod:`kg.validate.checks`): the path that scales;
* :mod:`kg.validate.engines` — the one rule choosing between them (``auto``, ``fast``, ``pyshacl``);
* :mod:`kg.validate.store` — a whole store, graph by graph, across processes;
* :mod:`kg.validate.report` — :class:`Result` and :class:`Report`, the same from either engine.
"""

from kg.validate.engines import ENGINES, choose, validate_terms
from kg.validate.report import Report, Result, short
from kg.validate.shacl import validate
from kg.validate.shapes import load_shapes, shape_iris
from kg.validate.store import validate_store

__all__ = [
    "ENGINES",
    "Report",
    "Result",
    "choose",
    "load_shapes",
    "shape_iris",
    "short",
    "validate",
    "validate_store",
    "validate_terms",
]
