"""Where the project's files are: the only module that knows paths.

In a checkout, ``ontology/``, ``queries/`` and ``data/`` sit beside ``kg/``;
an installed wheel carries ``ontology/`` and ``queries/`` under
``<prefix>/share/lgsco-kg/``.

>>> (ontology_dir() / "shapes.ttl").name
'shapes.ttl'
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from kg.errors import NotFoundError

_CHECKOUT = Path(__file__).resolve().parent.parent
_SHARE = Path(sys.prefix) / "share" / "lgsco-kg"


@cache
def _find(name: str) -> Path:
    for root in (_CHECKOUT, _SHARE):
        candidate = root / name
        if candidate.is_dir():
            return candidate
    raise NotFoundError(
        f"cannot find the {name}/ folder: looked in {_CHECKOUT} and {_SHARE}; "
        "reinstall the package (pip install lgsco-kg) or run from a checkout"
    )


def ontology_dir() -> Path:
    """``ontology/``: the OWL ontology, SHACL shapes, SKOS vocabularies, JSON-LD context."""
    return _find("ontology")


def queries_dir() -> Path:
    """``queries/``: one named SPARQL query per ``.rq`` file."""
    return _find("queries")


def data_dir() -> Path:
    """``data/``: the decisions the demo runs on (checkout only)."""
    return _find("data")


def ontology_file(name: str) -> Path:
    """A file of ``ontology/`` by name, e.g. ``shapes.ttl``."""
    path = ontology_dir() / name
    if not path.is_file():
        raise NotFoundError(f"ontology file {name!r} not found in {ontology_dir()}")
    return path
