"""Where a harvested decision page came from (``kg harvest``), as PROV-O triples in its decision's graph.

The decision's source text ``prov:wasDerivedFrom`` the page's URL, ``prov:generatedAtTime`` when it was
fetched, with ``omb:contentDigest`` the digest of the page's bytes.  Facts the page lacks and its
search-result card gave are named with ``omb:fromListing``; the card is an ``omb:ListingCard``,
``prov:wasDerivedFrom`` the search-results page.  Kept beside :mod:`kg.mapping` (which it builds on) so
the mapping of a decision's text stays one module.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from kg.mapping import Triple, decision_iri, ombudsman_page
from kg.model import Decision
from kg.vocab import DEFAULT_BASE, OMB


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a harvested decision page came from (``kg harvest``), for :func:`provenance_triples`.

    ``retrieved`` and ``listing_retrieved`` are ISO 8601 UTC times; ``digest`` is ``sha256:`` and hex;
    ``from_listing`` names the fields of the decision its search-result card gave (``outcome``,
    ``decision_date``, ``summary``, ``category``, ``authority``), the page itself lacking them;
    ``listing_summary`` is the card's summary when it is one of them.
    """

    url: str
    retrieved: str
    digest: str
    listing_url: str | None = None
    listing_retrieved: str | None = None
    from_listing: tuple[str, ...] = ()
    listing_summary: str | None = None


#: model field -> the property of the decision that holds it
_FIELD_PROPERTY = {
    "authority": OMB.authority,
    "outcome": OMB.outcome,
    "decision_date": OMB.decisionDate,
    "summary": OMB.summary,
    "category": OMB.category,
    "subcategory": OMB.category,
}


def provenance_triples(decision: Decision, provenance: Provenance, base: str = DEFAULT_BASE) -> Iterator[Triple]:
    """PROV-O triples of a harvested page: its source text ``prov:wasDerivedFrom`` the page's URL,
    ``prov:generatedAtTime`` when it was fetched, with the content digest; and the search-result card
    the decision takes facts from (each named with ``omb:fromListing``).

    >>> from kg.model import Decision
    >>> d = Decision(reference="20 007 812", source_name="x", sha256="0" * 64, text="")
    >>> p = Provenance("https://www.lgo.org.uk/decisions/a/b/20-007-812", "2025-06-02T09:00:00Z", "sha256:" + "0" * 64)
    >>> [str(t[1]).rsplit("#", 1)[1] for t in provenance_triples(d, p, "http://example.org/")]
    ['wasDerivedFrom', 'generatedAtTime', 'contentDigest']
    """
    d = decision_iri(decision, base)
    source = URIRef(f"{d}/source")
    yield source, PROV.wasDerivedFrom, URIRef(provenance.url)
    yield source, PROV.generatedAtTime, Literal(provenance.retrieved, datatype=XSD.dateTime)
    yield source, OMB.contentDigest, Literal(provenance.digest)
    if not provenance.from_listing or provenance.listing_url is None:
        return
    card = URIRef(f"{d}/listing")
    yield d, OMB.listingCard, card
    yield card, RDF.type, OMB.ListingCard
    yield card, PROV.wasDerivedFrom, URIRef(provenance.listing_url)
    if provenance.listing_retrieved:
        yield card, PROV.generatedAtTime, Literal(provenance.listing_retrieved, datatype=XSD.dateTime)
    for name in dict.fromkeys(_FIELD_PROPERTY[f] for f in provenance.from_listing):
        yield d, OMB.fromListing, name
    if "category" in provenance.from_listing and ombudsman_page(decision):
        yield d, OMB.fromListing, OMB.ombudsmanPage  # built from the category the card gave
    if provenance.listing_summary and "summary" in provenance.from_listing:
        yield d, OMB.summary, Literal(provenance.listing_summary)


__all__ = ["Provenance", "provenance_triples"]
