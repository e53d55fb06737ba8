"""Query results as text: tables a researcher reads, CSV and JSON for programs.

>>> compact(URIRef("https://w3id.org/lgsco-kg/vocab/outcome/upheld"))
'Upheld'
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import InputError
from kg.jsontext import dumps
from kg.model import PENCE, money
from kg.store import SelectResult
from kg.tables import table
from kg.vocab import DEFAULT_BASE, LEGISLATION_ID, PREFIXES, SCHEMES, VOCAB_BASE

FORMATS = ("table", "csv", "json")


#: Display-only prefixes added to kg.vocab.PREFIXES when shortening IRIs for a table.
DISPLAY_PREFIXES = {**PREFIXES, "id": DEFAULT_BASE, "leg": LEGISLATION_ID}
_BY_LENGTH = sorted(DISPLAY_PREFIXES.items(), key=lambda kv: -len(kv[1]))


def concept_label(iri: str) -> str | None:
    """The preferred label of a concept of our vocabularies, or None.

    >>> concept_label("https://w3id.org/lgsco-kg/vocab/fault-type/record-keeping")
    'Poor record keeping'
    """
    if not iri.startswith(VOCAB_BASE):
        return None
    scheme_name, _, key = iri[len(VOCAB_BASE) :].partition("/")
    return SCHEMES.get(scheme_name, ("", {}))[1].get(key)


def compact(term: Any) -> str:
    """A short display form: IRIs as ``prefix:rest``, literals as their text, unbound as ``""``.

    Concepts of our vocabularies show their preferred label:

    >>> compact(URIRef("https://w3id.org/lgsco-kg/vocab/outcome/upheld"))
    'Upheld'
    >>> compact(URIRef("https://w3id.org/lgsco-kg/ontology#Fault"))
    'omb:Fault'

    Amounts (decimals of at most two places) show their pence, as money is written:

    >>> compact(Literal("800.0", datatype=XSD.decimal))
    '800.00'
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        label = concept_label(str(term))
        if label is not None:
            return label
        for prefix, ns in _BY_LENGTH:
            if term.startswith(ns) and len(term) > len(ns):
                return f"{prefix}:{term[len(ns) :]}"
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        value = plain(term)
        return str(value) if isinstance(value, Decimal) else str(term)
    return str(term)


def plain(term: Any) -> Any:
    """A JSON-ready value: IRIs as strings, numbers as numbers (decimals exact), dates as ISO strings, unbound as None."""
    if term is None or isinstance(term, (URIRef, BNode)):
        return None if term is None else str(term)
    value = term.toPython() if isinstance(term, Literal) else term
    if isinstance(value, Decimal):  # exact, as kg.jsontext prints it; amounts of money with two places
        return money(value) if value == value.quantize(PENCE) else value
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return str(term)


def records(result: SelectResult) -> list[dict[str, Any]]:
    """Rows as ``{variable: plain value}`` dicts (the ``json`` format, golden files)."""
    return [{v: plain(t) for v, t in zip(result.vars, row)} for row in result.rows]


def format_result(result: SelectResult, fmt: str = "table", width: int = 60) -> str:
    """``result`` as text: ``table`` (aligned, compact names, cells cut at ``width``), ``csv`` or ``json``."""
    if fmt == "json":
        return dumps(records(result), indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.vars)
        writer.writerows(["" if t is None else str(t) for t in row] for row in result.rows)
        return out.getvalue()
    if fmt != "table":
        raise InputError(f"unknown result format {fmt!r}; use one of: {', '.join(FORMATS)}")

    rows = [[compact(t) for t in row] for row in result.rows]
    numeric = [_numeric_column(result, i) for i in range(len(result.vars))]
    count = f"({len(rows)} row{'s' if len(rows) != 1 else ''})"
    return table(result.vars, rows, width, numeric) + "\n" + count + "\n"


def format_boolean(answer: bool, fmt: str = "table") -> str:
    """An ASK answer: ``true`` or ``false`` (``json``: a JSON boolean; ``csv``: a column ``boolean``).

    >>> format_boolean(True), format_boolean(False, "csv")
    ('true\\n', 'boolean\\nfalse\\n')
    """
    word = "true" if answer else "false"
    if fmt == "csv":
        return f"boolean\n{word}\n"
    if fmt not in ("table", "json"):
        raise InputError(f"unknown result format {fmt!r}; use one of: {', '.join(FORMATS)}")
    return word + "\n"


def _numeric_column(result: SelectResult, i: int) -> bool:
    values = [row[i] for row in result.rows if row[i] is not None]
    return bool(values) and all(
        isinstance(t, Literal)
        and t.datatype is not None
        and isinstance(t.toPython(), (int, float, Decimal))
        and not isinstance(t.toPython(), bool)
        for t in values
    )


__all__ = [
    "DISPLAY_PREFIXES",
    "FORMATS",
    "compact",
    "concept_label",
    "format_boolean",
    "format_result",
    "plain",
    "records",
]
