"""SHACL validation: the shapes, two engines, one report.

* :mod:`kg.validate.shapes` — ``ontology/shapes.ttl`` (or the user's shapes), parsed once;
* :mod:`kg.validate.shacl` — pySHACL, the reference engine;
* :mod:`kg.validate.fast` — the shapes compiled into Python checks (:mod:`kg.validate.engine`,
  :mod:`kg.validate.checks`): the path that scales;
* :mod:`kg.validate.engines` — the one rule dividing shapes between them (``auto``, ``fast``, ``pyshacl``);
* :mod:`kg.validate.store` — a whole store, graph by graph, across processes;
* :mod:`kg.validate.files` — RDF files, one data graph per file or named graph (``kg validate FILE``);
* :mod:`kg.validate.report` — :class:`Result` and :class:`Report`, the same from either engine;
* :mod:`kg.validate.conformance` — the W3C SHACL test suite run through ``kg validate`` (``make conformance``).

The fast engine's parts: :mod:`~kg.validate.fast` (compiling), :mod:`~kg.validate.engine` (running),
:mod:`~kg.validate.checks` (core components), :mod:`~kg.validate.paths`, :mod:`~kg.validate.datatypes`,
:mod:`~kg.validate.sparql` and :mod:`~kg.validate.sparql_check` (SHACL-SPARQL), :mod:`~kg.validate.native`.
"""

from kg.validate.engines import ENGINES, choose, split, validate_terms
from kg.validate.files import validate_files
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
    "split",
    "validate",
    "validate_files",
    "validate_store",
    "validate_terms",
]
