"""Model -> RDF: one named graph per decision, deterministic IRIs, no blank nodes.

Identifiers hang below the decision::

    {base}lgsco/decision/20-007-812                  the decision (and its graph's name)
    {base}lgsco/decision/20-007-812/fault/1          its parts, numbered in text order
    {base}lgsco/decision/20-007-812/fault/1/evidence where the text says so
    {base}lgsco/authority/wiltshire-council          the body complained about

Provisions keep their legislation.gov.uk identifiers and concepts their
vocabulary IRIs, so the same input always gives the same triples.

>>> from kg.model import Decision
>>> d = Decision(reference="20 007 812", source_name="x.txt", sha256="0" * 64, text="")
>>> str(decision_iri(d, "http://example.org/"))
'http://example.org/lgsco/decision/20-007-812'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeVar

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, XSD

from kg.errors import InputError
from kg.legislation import act_of, enclosing_provisions
from kg.linking import authority_iri, authority_triples, point_in_time_triple
from kg.model import Decision, Span
from kg.vocab import (
    CITO,
    DEFAULT_BASE,
    OA,
    OMB,
    OMBUDSMAN_SITE,
    PREFIXES,
    category_key,
    concept,
    slug,
)

Triple = tuple[URIRef, URIRef, URIRef | Literal]


class _Terms:
    """A namespace whose terms are each built once.

    The mapping runs for every triple of the archive, and rdflib builds a new URIRef on every
    attribute access of a namespace (about a third of the mapping's time).  The first access of a
    name still goes to the namespace itself, so a closed namespace still refuses a mistyped term.

    >>> _Terms(OMB).Decision == OMB.Decision
    True
    """

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    __getitem__ = __getattr__


CITO, DCTERMS, OA, OMB, PROV, RDF, RDFS, SDO, XSD = map(  # type: ignore[misc, assignment]
    _Terms, (CITO, DCTERMS, OA, OMB, PROV, RDF, RDFS, SDO, XSD)
)


@lru_cache(maxsize=4096)
def _number(n: int) -> Literal:
    """``xsd:integer`` literal of ``n``; offsets and paragraph numbers repeat across decisions."""
    return Literal(n)


_REMEDY_CLASS = {
    "apology": OMB.Apology,
    "payment": OMB.FinancialRemedy,
    "service-improvement": OMB.ServiceImprovement,
    "record-correction": OMB.RecordCorrection,
    "reconsideration": OMB.Reconsideration,
    "other": OMB.OtherRemedy,
}
_OUTCOME_KEY = {
    "upheld": "upheld",
    "not upheld": "not-upheld",
    "closed after initial enquiries": "closed-after-initial-enquiries",
}


def decision_iri(decision: Decision, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a decision, which also names its graph."""
    return URIRef(f"{base}lgsco/decision/{decision.slug}")


def is_decision_graph(name: str) -> bool:
    """Whether a named graph is a decision's (not the analytics graph or another of ours).

    >>> is_decision_graph("http://example.org/lgsco/decision/20-007-812"), is_decision_graph("http://example.org/lgsco/analytics")
    (True, False)
    """
    return "/lgsco/decision/" in str(name)


def ombudsman_page(decision: Decision) -> str | None:
    """The decision's page on the Ombudsman's site, when category and subcategory are known.

    >>> from kg.model import Decision
    >>> ombudsman_page(Decision(reference="20 007 812", source_name="", sha256="", text="",
    ...     category="Children's care services", subcategory="Other"))
    'https://www.lgo.org.uk/decisions/childrens-care-services/other/20-007-812'
    """
    if not decision.category or not decision.subcategory:
        return None
    return f"{OMBUDSMAN_SITE}{slug(decision.category)}/{slug(decision.subcategory)}/{decision.slug}"


def _evidence(subject: URIRef, node: URIRef, span: Span, source: URIRef) -> Iterator[Triple]:
    quote, position = URIRef(f"{node}/quote"), URIRef(f"{node}/position")
    yield subject, OMB.evidence, node
    yield node, RDF.type, OMB.Evidence  # an oa:SpecificResource by the ontology (rdfs:subClassOf): not repeated
    yield node, OA.hasSource, source
    yield node, OA.hasSelector, quote
    yield node, OA.hasSelector, position
    yield quote, RDF.type, OA.TextQuoteSelector
    yield quote, OA.exact, Literal(span.text)
    yield position, RDF.type, OA.TextPositionSelector
    yield position, OA.start, _number(span.start)
    yield position, OA.end, _number(span.end)
    if span.paragraph is not None:
        yield node, OMB.paragraph, _number(span.paragraph)
    if span.section:
        yield node, OMB.section, Literal(span.section)


#: More than any sum of money a decision awards (a billion pounds): such an amount is a misreading
MAX_AMOUNT = Decimal("1e9")


def _decimal(value: Decimal) -> Literal:
    """An amount of money as ``xsd:decimal`` with two places; InputError for an absurd one (never a crash).

    >>> _decimal(Decimal("300"))
    rdflib.term.Literal('300.00', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    >>> _decimal(Decimal("1" * 30))
    Traceback (most recent call last):
    ...
    kg.errors.InputError: the amount 111111111111111111111111111111 is not a sum of money a decision awards (over £1,000,000,000); the text was misread
    """
    if not value.is_finite() or abs(value) >= MAX_AMOUNT:
        raise InputError(
            f"the amount {value} is not a sum of money a decision awards (over £{MAX_AMOUNT:,.0f}); "
            "the text was misread"
        )
    return Literal(format(value.quantize(Decimal("0.01")), "f"), datatype=XSD.decimal)


def _provision_triples(d_iri: URIRef, c_iri: URIRef, iri: URIRef, label: str, act: str | None) -> Iterator[Triple]:
    act_iri = act_of(str(iri))
    yield d_iri, OMB.cites, iri
    yield c_iri, OMB.cites, iri
    yield d_iri, CITO.citesAsAuthority, iri
    whole_act = act_iri is not None and str(iri) == act_iri
    yield iri, RDF.type, OMB.Legislation if whole_act else OMB.Provision
    yield iri, OMB.provisionLabel, Literal(label)
    yield iri, RDFS.label, Literal(label)
    if act_iri is not None and not whole_act:
        act_node = URIRef(act_iri)
        yield iri, OMB.legislation, act_node
        yield act_node, RDF.type, OMB.Legislation
        if act:
            yield act_node, OMB.provisionLabel, Literal(act)
            yield act_node, RDFS.label, Literal(act)
        for outer, outer_label in enclosing_provisions(str(iri), label, act):
            node = URIRef(outer)
            yield iri, OMB.withinProvision, node
            yield node, RDF.type, OMB.Provision
            yield node, OMB.provisionLabel, Literal(outer_label)
            yield node, RDFS.label, Literal(outer_label)
            yield node, OMB.legislation, act_node


def triples(decision: Decision, base: str = DEFAULT_BASE) -> Iterator[Triple]:
    """Every triple of the decision's named graph, in a fixed order."""
    d = decision_iri(decision, base)
    source = URIRef(f"{d}/source")
    yield d, RDF.type, OMB.Decision
    yield d, RDF.type, OMB.InvestigationReport if decision.kind == "report" else OMB.DecisionStatement
    yield d, OMB.reference, Literal(decision.reference)
    yield d, RDFS.label, Literal(f"LGSCO decision {decision.reference}")
    yield d, PROV.wasDerivedFrom, source
    yield d, OMB.sourceText, source
    yield source, RDF.type, OMB.SourceText
    yield source, OMB.sha256, Literal(decision.sha256)
    yield source, OMB.fileName, Literal(decision.source_name)
    yield source, OMB.text, Literal(decision.text)
    yield source, DCTERMS["format"], Literal("text/plain")

    if decision.authority:
        a = authority_iri(decision.authority, base)
        yield d, OMB.authority, a
        yield a, RDF.type, OMB.Authority
        yield a, RDFS.label, Literal(decision.authority)
        yield from authority_triples(a, decision.authority, decision.decision_date, base)
    if decision.category:
        key = category_key(decision.category, decision.subcategory) or category_key(decision.category)
        if key:
            yield d, OMB.category, concept("category", key)
    if decision.outcome and decision.outcome.lower() in _OUTCOME_KEY:
        yield d, OMB.outcome, concept("outcome", _OUTCOME_KEY[decision.outcome.lower()])
    if decision.decision_date:
        yield d, OMB.decisionDate, Literal(decision.decision_date, datatype=XSD.date)
    if decision.summary:
        yield d, OMB.summary, Literal(decision.summary.text)
    page = ombudsman_page(decision)
    if page:
        yield d, OMB.ombudsmanPage, URIRef(page)
    if decision.complainant:
        c = URIRef(f"{d}/complainant")
        yield d, OMB.complainant, c
        yield c, RDF.type, OMB.Complainant
        yield c, OMB.pseudonym, Literal(decision.complainant)
    if not decision.complete:
        yield d, OMB.truncated, Literal(True)
    if decision.assessment_reason:
        yield d, OMB.assessmentReason, concept("assessment-reason", decision.assessment_reason)
        if decision.assessment_span is not None:
            yield from _evidence(d, URIRef(f"{d}/assessment/evidence"), decision.assessment_span, source)
    total = decision.total_payment
    if total is not None:
        yield d, OMB.totalPayment, _decimal(total)

    def part(kind: str, number: int) -> URIRef:
        return URIRef(f"{d}/{kind}/{number}")

    for p in decision.complaint_points:
        node = part("point", p.number)
        yield d, OMB.complaintPoint, node
        yield node, RDF.type, OMB.ComplaintPoint
        yield node, OMB.pointNumber, _number(p.number)
        yield node, OMB.text, Literal(p.text)
        yield from _evidence(node, URIRef(f"{node}/evidence"), p.span, source)

    for f in decision.findings:
        node = part("finding", f.number)
        yield d, OMB.finding, node
        yield node, RDF.type, OMB.Finding
        yield node, OMB.findingKind, concept("finding-kind", f.kind)
        if f.point is not None:
            yield node, OMB.aboutPoint, part("point", f.point)
        yield from _evidence(node, URIRef(f"{node}/evidence"), f.span, source)

    for fault in decision.faults:
        node = part("fault", fault.number)
        yield d, OMB.fault, node
        yield node, RDF.type, OMB.Fault
        yield node, OMB.faultType, concept("fault-type", fault.fault_type)
        if fault.point is not None:
            yield node, OMB.aboutPoint, part("point", fault.point)
        if fault.finding is not None:
            yield part("finding", fault.finding), OMB.establishes, node
        yield from _evidence(node, URIRef(f"{node}/evidence"), fault.span, source)

    for inj in decision.injustices:
        node = part("injustice", inj.number)
        yield d, OMB.injustice, node
        yield node, RDF.type, OMB.Injustice
        yield node, OMB.injusticeType, concept("injustice-type", inj.injustice_type)
        for n in inj.caused_by:
            yield node, OMB.causedBy, part("fault", n)
        yield from _evidence(node, URIRef(f"{node}/evidence"), inj.span, source)

    for r in decision.remedies:
        node = part("remedy", r.number)
        yield d, OMB.remedy, node
        yield node, RDF.type, OMB.Remedy
        yield node, RDF.type, _REMEDY_CLASS[r.remedy_type]
        yield node, OMB.remedyType, concept("remedy-type", r.remedy_type)
        yield node, OMB.remedyStatus, concept("remedy-status", r.status)
        if r.amount is not None:
            money = URIRef(f"{node}/amount")
            yield node, OMB.amount, money
            yield money, RDF.type, SDO.MonetaryAmount
            yield money, SDO.value, _decimal(r.amount)
            yield money, SDO.currency, Literal("GBP")
            if r.each != 1:
                yield node, OMB.recipients, Literal(r.each)
        for attr, prop in (("payee", OMB.payee), ("purpose", OMB.purpose), ("deadline", OMB.deadline)):
            value = getattr(r, attr)
            if value:
                yield node, prop, Literal(value)
        for n in r.remedies:
            yield node, OMB.remedies, part("injustice", n)
        yield from _evidence(node, URIRef(f"{node}/evidence"), r.span, source)

    statutes: list[tuple[Any, ...]] = [
        (c.iri, c.text, c.label, c.spans, _provision_triples, c.act) for c in decision.statutes
    ]
    guidance = [(g.iri, g.text, g.title, g.spans, _guidance_triples, None) for g in decision.guidance]
    for number, (iri, text, label, spans, cited, act) in enumerate(statutes + guidance, start=1):
        node = part("citation", number)
        yield d, OMB.citation, node
        yield node, RDF.type, OMB.Citation
        yield node, OMB.citedText, Literal(text)
        yield node, RDFS.label, Literal(label)
        if iri is not None:
            yield from cited(d, node, URIRef(iri), label, act)
            if cited is _provision_triples:
                yield from point_in_time_triple(node, iri, decision.decision_date)
        for k, span in enumerate(spans, start=1):
            yield from _evidence(node, URIRef(f"{node}/evidence/{k}"), span, source)


def _guidance_triples(d_iri: URIRef, c_iri: URIRef, iri: URIRef, title: str, _act: None = None) -> Iterator[Triple]:
    yield d_iri, OMB.cites, iri
    yield c_iri, OMB.cites, iri
    yield d_iri, CITO.citesForInformation, iri
    yield iri, RDF.type, OMB.GuidanceDocument
    yield iri, RDFS.label, Literal(title)


G = TypeVar("G", bound=Graph)


def bind_prefixes(graph: G) -> G:
    """Bind our standard prefixes on ``graph`` (and return it)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def decision_graph(decision: Decision, base: str = DEFAULT_BASE) -> Graph:
    """The decision's triples as a stand-alone graph."""
    g = bind_prefixes(Graph(identifier=decision_iri(decision, base)))
    for t in triples(decision, base):
        g.add(t)
    return g


def to_dataset(decisions: Iterable[Decision], base: str = DEFAULT_BASE) -> Dataset:
    """An rdflib Dataset with one named graph per decision."""
    ds = Dataset()
    bind_prefixes(ds)
    for decision in decisions:
        g = ds.graph(decision_iri(decision, base))
        for t in triples(decision, base):
            g.add(t)
    return ds


__all__ = [
    "authority_iri",
    "bind_prefixes",
    "decision_graph",
    "decision_iri",
    "ombudsman_page",
    "to_dataset",
    "triples",
]
