"""Linked-data pages: what a browser sees when it follows an IRI of the graph.

Every value shown comes from the graph and goes through Jinja2 with
autoescaping on, so text from a decision (which may hold ``<script>``) is
shown, never run.  The views below only pick facts out of rdflib graphs; the
templates under ``kg/templates/`` lay them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, cast
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SDO

from kg.query import compact, concept_label
from kg.vocab import LEGISLATION_ID, OA, OMB, ONTOLOGY_IRI, VOCAB_BASE

KINDS = {  # evidence kind -> (label, property from the decision)
    "point": ("Complaint point", OMB.complaintPoint),
    "finding": ("Finding", OMB.finding),
    "fault": ("Fault", OMB.fault),
    "injustice": ("Injustice", OMB.injustice),
    "remedy": ("Remedy", OMB.remedy),
    "citation": ("Citation", OMB.citation),
}


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("kg.serve", "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = money
    env.filters["compact"] = compact
    return env


def render(template: str, **context: Any) -> bytes:
    return environment().get_template(template).render(**context).encode("utf-8")


def money(value: Any) -> str:
    """``£1,234.50``; ``£300`` for whole pounds."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value))
    return f"£{amount:,.0f}" if amount == amount.to_integral_value() else f"£{amount:,.2f}"


@dataclass(frozen=True)
class Linker:
    """Maps IRIs to this server's pages and back; ``base`` is where the graph mints, ``root`` the server's path prefix."""

    base: str
    root: str = ""

    def path_iri(self, path: str) -> str:
        """``/lgsco/decision/20-007-812`` -> ``{base}lgsco/decision/20-007-812``."""
        return self.base + path.lstrip("/")

    def href(self, iri: Any) -> str:
        """A link for ``iri``: a page of this server when it has one, else the IRI itself."""
        iri = str(iri)
        if iri.startswith(self.base) and len(iri) > len(self.base):
            return self.root + "/" + quote(iri[len(self.base) :], safe="/:@!$&'()*+,;=-._~%")
        if iri.startswith(VOCAB_BASE):
            return self.root + "/vocab/" + quote(iri[len(VOCAB_BASE) :], safe="/-._~")
        if iri == ONTOLOGY_IRI or iri.startswith(ONTOLOGY_IRI + "#"):
            return self.root + "/ontology" + iri[len(ONTOLOGY_IRI) :]
        if iri.startswith(LEGISLATION_ID):
            return self.root + "/provision?iri=" + quote(iri, safe="")
        return web(iri)

    def cited(self, iri: Any) -> str:
        return self.root + "/provision?iri=" + quote(str(iri), safe="")

    def url(self, path: str) -> str:
        return self.root + path


def web(url: Any) -> str:
    """``url`` if it is an http(s) URL, else ``""``: a link taken from the data never runs script.

    >>> web("https://www.legislation.gov.uk/ukpga/1989/41"), web("javascript:alert(1)")
    ('https://www.legislation.gov.uk/ukpga/1989/41', '')
    """
    text = str(url)
    return text if text.lower().startswith(("http://", "https://")) else ""


def legislation_page(iri: Any) -> str | None:
    """The legislation.gov.uk page of an identifier: ``…/id/ukpga/1989/41/section/17`` -> ``https://www.legislation.gov.uk/ukpga/1989/41/section/17``."""
    iri = str(iri)
    if not iri.startswith(LEGISLATION_ID):
        return None
    return "https://www.legislation.gov.uk/" + iri[len(LEGISLATION_ID) :]


def label(g: Graph, node: Any) -> str:
    """A display label: a concept's preferred label, an rdfs:label, or a compact IRI."""
    if node is None:
        return ""
    if isinstance(node, Literal):
        return str(node)
    concept = concept_label(str(node))
    if concept:
        return concept
    value = g.value(node, RDFS.label) or g.value(node, OMB.provisionLabel)
    return str(value) if value is not None else compact(node)


def number(iri: Any) -> int:
    tail = str(iri).rstrip("/").rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else 0


# --- the decision page ---------------------------------------------------------------------------


def _evidence(g: Graph, node: URIRef, d: URIRef) -> list[dict[str, Any]]:
    out = []
    for ev in sorted(g.objects(node, OMB.evidence), key=str):
        start = end = quote_ = None
        for sel in g.objects(ev, OA.hasSelector):
            if (sel, RDF.type, OA.TextPositionSelector) in g:
                start, end = g.value(sel, OA.start), g.value(sel, OA.end)
            elif (sel, RDF.type, OA.TextQuoteSelector) in g:
                quote_ = g.value(sel, OA.exact)
        para = g.value(ev, OMB.paragraph)
        out.append(
            {
                "iri": ev,
                "start": None if start is None else int(str(start)),
                "end": None if end is None else int(str(end)),
                "quote": "" if quote_ is None else str(quote_),
                "paragraph": None if para is None else int(str(para)),
                "anchor": "ev-" + str(ev)[len(str(d)) + 1 :].replace("/evidence", "").replace("/", "-"),
            }
        )
    return out


def decision_view(g: Graph, d: URIRef, linker: Linker) -> dict[str, Any]:
    """Everything the decision page shows, picked out of the decision's named graph."""
    value = g.value
    source = value(d, OMB.sourceText)
    text = str(value(source, OMB.text) or "") if source is not None else ""
    authority = value(d, OMB.authority)
    total = value(d, OMB.totalPayment)
    kind = "Investigation report" if (d, RDF.type, OMB.InvestigationReport) in g else "Decision statement"

    def items(kind_: str) -> list[URIRef]:
        return sorted((URIRef(str(n)) for n in g.objects(d, KINDS[kind_][1])), key=lambda n: (number(n), str(n)))

    spans: list[dict[str, Any]] = []

    def spans_of(node: URIRef, kind_: str, title: str) -> list[dict[str, Any]]:
        evs = _evidence(g, node, d)
        for ev in evs:
            if ev["start"] is not None and ev["end"] is not None:
                spans.append({**ev, "kind": kind_, "title": title, "target": f"{kind_}-{number(node)}"})
        return evs

    faults = []
    for f in items("fault"):
        title = f"Fault {number(f)}: {label(g, value(f, OMB.faultType))}"
        finding = next(iter(g.subjects(OMB.establishes, f)), None)
        faults.append(
            {
                "n": number(f),
                "iri": f,
                "type": label(g, value(f, OMB.faultType)),
                "type_iri": value(f, OMB.faultType),
                "point": number(value(f, OMB.aboutPoint) or ""),
                "finding": number(finding) if finding is not None else None,
                "evidence": spans_of(f, "fault", title),
            }
        )
    findings = []
    for f in items("finding"):
        kind_label = label(g, value(f, OMB.findingKind))
        findings.append(
            {
                "n": number(f),
                "iri": f,
                "kind": kind_label,
                "kind_iri": value(f, OMB.findingKind),
                "point": number(value(f, OMB.aboutPoint) or "") or None,
                "faults": sorted(number(x) for x in g.objects(f, OMB.establishes)),
                "evidence": spans_of(f, "finding", f"Finding {number(f)}: {kind_label}"),
            }
        )
    points = []
    for p in items("point"):
        points.append(
            {
                "n": number(p),
                "iri": p,
                "text": str(value(p, OMB.text) or ""),
                "findings": [f for f in findings if f["point"] == number(p)],
                "evidence": spans_of(p, "point", f"Complaint point {number(p)}"),
            }
        )
    injustices = []
    for i in items("injustice"):
        type_label = label(g, value(i, OMB.injusticeType))
        injustices.append(
            {
                "n": number(i),
                "iri": i,
                "type": type_label,
                "type_iri": value(i, OMB.injusticeType),
                "caused_by": sorted(number(x) for x in g.objects(i, OMB.causedBy)),
                "evidence": spans_of(i, "injustice", f"Injustice {number(i)}: {type_label}"),
            }
        )
    remedies = []
    for r in items("remedy"):
        type_label = label(g, value(r, OMB.remedyType))
        amount_node = value(r, OMB.amount)
        amount = value(amount_node, SDO.value) if amount_node is not None else None
        remedies.append(
            {
                "n": number(r),
                "iri": r,
                "type": type_label,
                "type_iri": value(r, OMB.remedyType),
                "status": label(g, value(r, OMB.remedyStatus)),
                "amount": None if amount is None else cast(Literal, amount).toPython(),
                "payee": str(value(r, OMB.payee) or ""),
                "purpose": str(value(r, OMB.purpose) or ""),
                "deadline": str(value(r, OMB.deadline) or ""),
                "remedies": sorted(number(x) for x in g.objects(r, OMB.remedies)),
                "evidence": spans_of(r, "remedy", f"Remedy {number(r)}: {type_label}"),
            }
        )
    citations = []
    for c in items("citation"):
        targets = sorted(g.objects(c, OMB.cites), key=str)
        name = str(value(c, RDFS.label) or "")
        citations.append(
            {
                "n": number(c),
                "iri": c,
                "label": name,
                "text": str(value(c, OMB.citedText) or ""),
                "targets": [
                    {
                        "iri": t,
                        "href": linker.cited(t),
                        "external": legislation_page(t) or web(t),
                        "guidance": (t, RDF.type, OMB.GuidanceDocument) in g,
                    }
                    for t in targets
                ],
                "evidence": spans_of(c, "citation", f"Citation {number(c)}: {name}"),
            }
        )
    return {
        "iri": d,
        "reference": str(value(d, OMB.reference) or ""),
        "kind": kind,
        "authority": None
        if authority is None
        else {"iri": authority, "label": label(g, authority), "href": linker.href(authority)},
        "category": value(d, OMB.category),
        "outcome": value(d, OMB.outcome),
        "date": value(d, OMB.decisionDate),
        "summary": str(value(d, OMB.summary) or ""),
        "complainant": str(value(value(d, OMB.complainant), OMB.pseudonym) or "") if value(d, OMB.complainant) else "",
        "total": None if total is None else cast(Literal, total).toPython(),
        "page": web(value(d, OMB.ombudsmanPage) or ""),
        "source": {
            "iri": source,
            "file": str(value(source, OMB.fileName) or "") if source is not None else "",
            "sha256": str(value(source, OMB.sha256) or "") if source is not None else "",
            # a harvested page (kg harvest): where and when it was fetched, and its digest
            "fetched_from": web(value(source, PROV.wasDerivedFrom) or "") if source is not None else "",
            "fetched_at": str(value(source, PROV.generatedAtTime) or "") if source is not None else "",
            "digest": str(value(source, OMB.contentDigest) or "") if source is not None else "",
        },
        "points": points,
        "findings": findings,
        "faults": faults,
        "injustices": injustices,
        "remedies": remedies,
        "citations": citations,
        "segments": marked(text, spans),
        "span_count": len(spans),
    }


def marked(text: str, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``text`` cut at every span boundary: each piece with the spans covering it (innermost last)
    and the anchors of spans starting there.

    >>> [(s["text"], [m["kind"] for m in s["marks"]]) for s in marked("abcdef", [
    ...     {"start": 1, "end": 5, "kind": "fault", "anchor": "a"}, {"start": 2, "end": 3, "kind": "remedy", "anchor": "b"}])]
    [('a', []), ('b', ['fault']), ('c', ['fault', 'remedy']), ('de', ['fault']), ('f', [])]
    """
    n = len(text)
    good = [s for s in spans if 0 <= s["start"] <= s["end"] <= n]
    bounds = sorted({0, n, *(s["start"] for s in good), *(s["end"] for s in good)})
    pieces = []
    for a, b in zip(bounds, bounds[1:]):
        covering = sorted(
            (s for s in good if s["start"] <= a and b <= s["end"] and s["start"] < s["end"]),
            key=lambda s: (-(s["end"] - s["start"]), s["start"]),
        )
        anchors = [s["anchor"] for s in good if s["start"] == a]
        pieces.append({"text": text[a:b], "marks": covering, "anchors": anchors})
    if not pieces and text:
        pieces.append({"text": text, "marks": [], "anchors": []})
    return pieces


# --- other pages ------------------------------------------------------------------------------------


def properties_view(g: Graph, node: URIRef, linker: Linker) -> list[dict[str, Any]]:
    """The statements about ``node`` as rows ``{predicate, values}`` for a generic page."""
    rows: dict[Any, list[dict[str, Any]]] = {}
    for p, o in sorted(g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
        cell = {
            "text": label(g, o) if isinstance(o, URIRef) else str(o),
            "href": linker.href(o) if isinstance(o, URIRef) else None,
            "datatype": compact(o.datatype) if isinstance(o, Literal) and o.datatype else "",
            "lang": o.language if isinstance(o, Literal) else "",
        }
        rows.setdefault(p, []).append(cell)
    return [{"predicate": compact(p), "predicate_iri": p, "href": linker.href(p), "cells": v} for p, v in rows.items()]


def link(term: Any, linker: Linker) -> dict[str, Any]:
    """A cell of a results table: display text and, for an IRI, where it links."""
    if isinstance(term, URIRef):
        return {"text": compact(term), "href": linker.href(term), "title": str(term)}
    return {"text": "" if term is None else compact(term), "href": None, "title": ""}


__all__ = [
    "Linker",
    "decision_view",
    "environment",
    "legislation_page",
    "link",
    "marked",
    "money",
    "properties_view",
    "render",
    "web",
]
