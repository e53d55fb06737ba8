"""Where the project's data files are: read through :mod:`importlib.resources` from the installed package.

The ontology, shapes, vocabularies and JSON-LD context (``ontology/``) and
the named queries (``queries/``) sit at the top of a checkout, where people
edit them, and install as the data packages ``kg.ontology`` and
``kg.queries`` (``pyproject.toml`` maps them), so a wheel carries them and an
editable install reads the checkout's files.  Reference tables derived from
open data (``authorities.csv``, with its ``ATTRIBUTION.md``) are the data
package ``kg.data``.  ``data/`` (the demo's decisions) is in a checkout only.

>>> (ontology_dir() / "shapes.ttl").name
'shapes.ttl'
>>> sorted(p.name for p in queries_dir().glob("decision_summary.rq"))
['decision_summary.rq']
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from kg.errors import NotFoundError

_CHECKOUT = Path(__file__).resolve().parent.parent


@cache
def _package_dir(package: str) -> Path:
    try:
        found = resources.files(package)
    except ModuleNotFoundError:
        found = None
    if not isinstance(found, Path) or not found.is_dir():
        raise NotFoundError(
            f"cannot find the data package {package} (the project's {package.split('.')[-1]}/ "
            "folder); reinstall lgsco-kg (pip install lgsco-kg, or make setup in a checkout)"
        )
    return found


def ontology_dir() -> Path:
    """``ontology/``: the OWL ontology, SHACL shapes, SKOS vocabularies, JSON-LD context."""
    return _package_dir("kg.ontology")


def queries_dir() -> Path:
    """``queries/``: one named SPARQL query per ``.rq`` file."""
    return _package_dir("kg.queries")


def data_dir() -> Path:
    """``data/``: the decisions the demo runs on (in a checkout only)."""
    path = _CHECKOUT / "data"
    if not path.is_dir():
        raise NotFoundError(f"no data/ folder at {path}: the demo's decisions come with a checkout of the project")
    return path


def reference_file(name: str) -> Path:
    """A reference table of ``kg/data/`` by name, e.g. ``authorities.csv`` (see its ``ATTRIBUTION.md``)."""
    path = _package_dir("kg.data") / name
    if not path.is_file():
        raise NotFoundError(f"reference table {name!r} not found in {_package_dir('kg.data')}")
    return path


def ontology_file(name: str) -> Path:
    """A file of ``ontology/`` by name, e.g. ``shapes.ttl``."""
    path = ontology_dir() / name
    if not path.is_file():
        raise NotFoundError(f"ontology file {name!r} not found in {ontology_dir()}")
    return path


__all__ = ["data_dir", "ontology_dir", "ontology_file", "queries_dir", "reference_file"]
