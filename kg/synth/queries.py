"""Sample parameters for every named query, so a benchmark or a test can run them all on a store.

A parameter gets a value the store can answer: a reference it holds, a
provision the synthetic corpus cites (Children Act 1989 s17, Care Act 2014
s42 or Local Government Act 1974 s26, matching their subsections), an
authority-name fragment, a concept of the parameter's scheme.

>>> from kg.query import load_query
>>> from kg.store import MemoryStore
>>> sample_params(load_query("decisions_by_outcome"), MemoryStore())
{'outcome': 'upheld'}
"""

from __future__ import annotations

from typing import Any

from kg.query import NamedQuery
from kg.store import Store
from kg.vocab import OMB_PREFIX, SCHEMES

PROVISION = "http://www.legislation.gov.uk/id/ukpga/1989/41/section/17"
_BY_TYPE: dict[str, str] = {
    "string": "council",
    "integer": "5",
    "decimal": "100",
    "date": "2020-01-01",
    "iri": PROVISION,
}
_CONCEPT = {"outcome": "upheld"}


def a_reference(store: Store) -> str | None:
    """One decision reference the store holds (the first in order), or None for an empty store."""
    rows = store.select(OMB_PREFIX + "SELECT ?r WHERE { ?d omb:reference ?r } ORDER BY ?r LIMIT 1").rows
    return str(rows[0][0]) if rows else None


def sample_params(query: NamedQuery, store: Store, reference: str | None = None) -> dict[str, Any]:
    """A value for every parameter of ``query`` (optional ones too)."""
    out: dict[str, Any] = {}
    for p in query.params:
        kind, _, scheme = p.type.partition(":")
        if kind == "reference":
            out[p.name] = reference or a_reference(store) or "20 007 812"
        elif kind == "concept":
            out[p.name] = _CONCEPT.get(scheme) or next(iter(SCHEMES[scheme][1]))
        else:
            out[p.name] = _BY_TYPE.get(kind, "x")
    return out


__all__ = ["PROVISION", "a_reference", "sample_params"]
