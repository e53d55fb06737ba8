"""Content negotiation and the writers of every answer the endpoint gives.

The media types come from the format tables of :mod:`kg.export`
(:class:`~kg.export.Format` for RDF, :class:`~kg.export.ResultFormat` for
SPARQL results); this module only chooses among them and writes them.

>>> from kg.export import Format
>>> offers = [("text/html", "html"), *[(m, f) for f in (Format.ttl, Format.jsonld) for m in f.media_types]]
>>> negotiate("text/turtle;q=0.5, application/ld+json", offers)
<Format.jsonld>
>>> negotiate("text/*;q=0.2, */*;q=0.1", offers)
'html'
>>> negotiate("image/png", offers) is None
True
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, URIRef

from kg.errors import InputError, NotAcceptable
from kg.export import Format, ResultFormat, negotiate, parse_accept
from kg.export import write_graph as export_graph
from kg.store import SelectResult
from kg.terms import nt

T = TypeVar("T")

#: RDF formats a CONSTRUCT or DESCRIBE answer, or a resource, can be written in; the first is the default.
GRAPH_FORMATS = (Format.ttl, Format.nt, Format.jsonld, Format.xml, Format.trig, Format.nq)
#: Dumps of the whole dataset (formats that keep the named graphs).
DUMP_FORMATS = (Format.nq, Format.trig, Format.jsonld)
HTML = "text/html"


def graph_offers(html: bool = False, formats: Iterable[Format] = GRAPH_FORMATS) -> list[tuple[str, Any]]:
    offers: list[tuple[str, Any]] = [(HTML, "html"), ("application/xhtml+xml", "html")] if html else []
    return offers + [(m, f) for f in formats for m in f.media_types]


def result_offers(html: bool = False) -> list[tuple[str, Any]]:
    offers: list[tuple[str, Any]] = [(HTML, "html")] if html else []
    return offers + [(m, f) for f in ResultFormat for m in f.media_types]


def choose(offers: Sequence[tuple[str, T]], accept: str | None, wanted: Sequence[str] = ()) -> T:
    """The format to answer in: the first of ``wanted`` (``format=`` values: a short name such as ``json``,
    ``xml``, ``ttl``, ``rdf+xml``, or a media type) that is offered, else the one ``accept`` prefers;
    NotAcceptable (406) when there is none.

    >>> from kg.export import Format, ResultFormat, negotiate, parse_accept
    >>> choose(graph_offers(), None, ["rdf+xml", "application/rdf+xml"]), choose(result_offers(), None, ["xml"])
    (<Format.xml>, <ResultFormat.xml>)
    >>> choose(graph_offers(), None, ["application/sparql-results+xml", "text/turtle"])
    <Format.ttl>
    """
    for name in (w.strip() for w in wanted):
        found = _by_name(offers, name) if name else None
        if found is not None:
            return found
    if any(w.strip() for w in wanted):
        names = ", ".join(dict.fromkeys(_name(v) for _, v in offers))
        raise NotAcceptable(
            f"format={', '.join(w for w in wanted if w.strip())} is not offered for this answer; "
            f"use a name ({names}) or a media type ({offered(offers)})"
        )
    chosen = negotiate(accept, offers)
    if chosen is None:
        raise NotAcceptable(
            f"none of the media types in Accept: {accept!r} can be given here; offered: {offered(offers)}"
        )
    return chosen


def _name(value: Any) -> str:
    return value if isinstance(value, str) else value.name


def _by_name(offers: Sequence[tuple[str, T]], name: str) -> T | None:
    """The offered value ``name`` names: a media type (exactly), or a name of a Format / ResultFormat."""
    if "/" in name:
        media = name.split(";")[0].strip().lower()
        return next((v for m, v in offers if m == media), None)
    values = list(dict.fromkeys(v for _, v in offers))
    for value in values:
        if isinstance(value, str) and value == name.lower():
            return value
    for kind in (Format, ResultFormat):
        try:
            found = kind.from_name(name)
        except InputError:
            continue
        if found in values:
            return found
    return None


def offered(offers: Sequence[tuple[str, Any]]) -> str:
    """The media types of ``offers``, for a 406 message."""
    return ", ".join(dict.fromkeys(m for m, _ in offers))


# --- writers -----------------------------------------------------------------------------------


def write_graph(graph: Graph, fmt: Format) -> bytes:
    """An rdflib graph in ``fmt`` (:func:`kg.export.write_graph`)."""
    return export_graph(graph, fmt)


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def _xml_term(term: Any) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    attr = (
        f" xml:lang={quoteattr(term.language)}"
        if term.language
        else f" datatype={quoteattr(str(term.datatype))}"
        if term.datatype is not None
        else ""
    )
    return f"<literal{attr}>{escape(str(term))}</literal>"


def write_results(result: SelectResult | bool, fmt: ResultFormat) -> bytes:
    """A SELECT or ASK answer in a SPARQL 1.1 results format (JSON, XML, CSV or TSV)."""
    if fmt is ResultFormat.json:
        if isinstance(result, bool):
            return json.dumps({"head": {}, "boolean": result}).encode()
        bindings = [{v: _json_term(t) for v, t in zip(result.vars, row) if t is not None} for row in result.rows]
        return json.dumps(
            {"head": {"vars": list(result.vars)}, "results": {"bindings": bindings}}, ensure_ascii=False
        ).encode("utf-8")
    if fmt is ResultFormat.xml:
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
        if isinstance(result, bool):
            out.append(f"<head/><boolean>{str(result).lower()}</boolean>")
        else:
            out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in result.vars) + "</head>")
            out.append("<results>")
            for row in result.rows:
                cells = "".join(
                    f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                    for v, t in zip(result.vars, row)
                    if t is not None
                )
                out.append(f"<result>{cells}</result>")
            out.append("</results>")
        out.append("</sparql>\n")
        return "\n".join(out).encode("utf-8")
    if isinstance(result, bool):  # CSV/TSV have no boolean form: one column, as Jena writes it
        return (
            f"_askResult\r\n{str(result).lower()}\r\n".encode()
            if fmt is ResultFormat.csv
            else f"?_askResult\n{str(result).lower()}\n".encode()
        )
    if fmt is ResultFormat.csv:  # plain values, CRLF (SPARQL 1.1 CSV)
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(result.vars)
        writer.writerows(
            ["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in row] for row in result.rows
        )
        return buf.getvalue().encode("utf-8")
    # TSV: terms in their SPARQL/N-Triples form
    lines = ["\t".join("?" + v for v in result.vars)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else f"_:{t}" if isinstance(t, BNode) else _tsv(t) for t in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _tsv(term: Any) -> str:
    text = nt(term)
    return text.replace("\t", "\\t")


def write_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


__all__ = [
    "DUMP_FORMATS",
    "choose",
    "GRAPH_FORMATS",
    "HTML",
    "graph_offers",
    "negotiate",
    "offered",
    "parse_accept",
    "result_offers",
    "write_graph",
    "write_json",
    "write_results",
]
