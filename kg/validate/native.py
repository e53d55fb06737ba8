"""Known SHACL-SPARQL queries evaluated in Python, in time linear in the graph.

The one sh:sparql constraint of ``ontology/shapes.ttl`` checks that each
evidence quote is the characters its offsets select in the decision's text:
``SUBSTR(STR(?text), ?start + 1, ?end - ?start)``.  A SPARQL engine finds a
character offset by walking the UTF-8 text from its start, so on a decision
of 22,000 paragraphs each of its tens of thousands of quotes walks megabytes:
validation grew with the square of the decision (issue 19, point 7).  Python
strings index characters directly, so the same check here is linear.

A query is evaluated here only when its text (PREFIX lines, sh:select and
``$PATH`` substituted, whitespace collapsed) is exactly one of :data:`NATIVE`:
any edit to the shape's query sends it back through SPARQL, still right, only
slower.  The evaluation gives the rows SPARQL gives, row for row (same
bindings, same multiplicity; SUBSTR with XPath's fn:substring positions), or
None where a value is outside what it mirrors exactly (offsets that are not
``xsd:integer`` values within 2^62): then the query runs through SPARQL for
that focus node.  ``tests/test_shacl_sparql.py`` compares both on every kind of
broken offset and quote.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.terms import parts, text_of
from kg.validate.datatypes import INTEGERS, well_typed
from kg.validate.engine import Data

_OMB = "https://w3id.org/lgsco-kg/ontology#"
_OA = "http://www.w3.org/ns/oa#"
TEXT, HAS_SOURCE, HAS_SELECTOR = f"<{_OMB}text>", f"<{_OA}hasSource>", f"<{_OA}hasSelector>"
EXACT, START, END = f"<{_OA}exact>", f"<{_OA}start>", f"<{_OA}end>"
_LIMIT = 2**62

Row = dict[str, str | None]


def normalize(query: str) -> str:
    """The query with its whitespace collapsed: the key :data:`NATIVE` is looked up by."""
    return " ".join(query.split())


def _integer(term: str) -> int | None:
    if term[0] != '"':
        return None
    lexical, lang, datatype = parts(term)
    if lang is not None or datatype not in INTEGERS or not well_typed(lexical, datatype):
        return None
    value = int(lexical)
    return value if -_LIMIT < value < _LIMIT else None


def substring(text: str, start: int, length: int) -> str:
    """XPath fn:substring on integers (SPARQL SUBSTR): the characters at 1-based positions start <= p < start+length.

    >>> substring("abcdef", 2, 2), substring("abcdef", 0, 3), substring("abcdef", 5, -1)
    ('bc', 'ab', '')
    """
    begin, stop = max(start, 1), start + length
    return text[begin - 1 : stop - 1] if stop > begin else ""


def quotes(data: Data, this: str) -> list[Row] | None:
    """The rows of ``SourceTextQuotesShape``'s query for the focus node ``this`` (see :data:`NATIVE`)."""
    out = data.out
    sources = [s for s, held in out.items() if this in held.get(HAS_SOURCE, ())]
    rows: list[Row] = []
    for text_term in out.get(this, {}).get(TEXT, ()):
        if text_term[0] == "_":  # STR of a blank node is an error: no row
            continue
        text = text_of(text_term)
        for value in sources:
            selectors = out.get(value, {}).get(HAS_SELECTOR, ())
            for quote in selectors:
                for exact in out.get(quote, {}).get(EXACT, ()):
                    if exact[0] == "_":
                        continue
                    words = text_of(exact)
                    for position in selectors:
                        held = out.get(position, {})
                        for start in held.get(START, ()):
                            for end in held.get(END, ()):
                                s, e = _integer(start), _integer(end)
                                if s is None or e is None:
                                    return None
                                if substring(text, s + 1, e - s) != words:
                                    rows.append({"this": this, "value": value, "start": start, "end": end})
    return rows


_QUOTES = """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX omb: <https://w3id.org/lgsco-kg/ontology#>
SELECT $this ?value ?start ?end WHERE {
    $this omb:text ?text .
    ?value oa:hasSource $this .
    ?value oa:hasSelector ?quote .
    ?quote oa:exact ?exact .
    ?value oa:hasSelector ?position .
    ?position oa:start ?start ; oa:end ?end .
    FILTER (SUBSTR(STR(?text), ?start + 1, ?end - ?start) != STR(?exact))
}
"""

#: normalized query text -> its evaluation in Python
NATIVE: dict[str, Callable[[Data, str], list[Row] | None]] = {normalize(_QUOTES): quotes}

__all__ = ["NATIVE", "normalize", "quotes", "substring"]
