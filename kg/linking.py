"""Links to the world's identifiers: the triples that tie a decision's authority and provisions to other registers.

An authority is the body as the decision names it, ``{base}lgsco/authority/{slug of the name}``.  When its name
resolves to a council of the registry (:mod:`kg.authorities`), the node is also an ``omb:LocalAuthority`` with

* ``omb:registryCode`` (``WIL``) and, where the GOV.UK register minted that code, ``owl:sameAs`` its record
  (``https://local-authority-eng.register.gov.uk/records/WIL``): the council as a body;
* ``omb:gssCode`` and ``omb:area``, the ONS statistical geography of that code
  (``http://statistics.data.gov.uk/id/statistical-geography/E06000054``): the *area* the council governs, which is
  not the council (a GSS code names a boundary, and changes when the boundary does), so never ``owl:sameAs``;
* ``omb:officialName``, ``omb:authorityType``, ``omb:population`` (2020), and for a council abolished since,
  ``schema:dissolutionDate`` and ``dcterms:isReplacedBy`` its successors, described the same way.

A body that is not a council gets only ``omb:authorityType`` (care provider, NHS body, …) and no link; a name that
does not resolve gets neither.  A cited provision gets ``omb:pointInTime`` on the citation: legislation.gov.uk's
version of it on the decision date (:func:`kg.legislation.point_in_time`).

>>> [str(p).split("#")[-1] for _, p, _ in authority_triples(authority_iri("Hackney LB"), "Hackney LB")][:4]
['authorityType', 'type', 'registryCode', 'officialName']
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SDO, XSD

from kg.authorities import Authority, AuthorityTable, default_table
from kg.legislation import point_in_time
from kg.vocab import DEFAULT_BASE, OMB, concept, slug

Triple = tuple[URIRef, URIRef, URIRef | Literal]


def authority_iri(name: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of an authority, from its name as the decision writes it."""
    return URIRef(f"{base}lgsco/authority/{slug(name)}")


def authority_triples(
    node: URIRef, name: str, on: date | None = None, base: str = DEFAULT_BASE, table: AuthorityTable | None = None
) -> Iterator[Triple]:
    """What resolving ``name`` (the decision's authority, as written; ``on`` its date) says about ``node``."""
    table = table or default_table()
    found = table.resolve(name, on)
    if found.authority is None:
        if found.body_type is not None:
            yield node, OMB.authorityType, concept("authority-type", found.body_type)
        return
    yield node, OMB.authorityType, concept("authority-type", found.authority.type_key)
    yield from _registered(node, found.authority)
    successors = table.successors(found.authority)
    nodes = {found.authority.code: node} | {a.code: authority_iri(a.official_name, base) for a in successors}
    for a in successors:
        s = nodes[a.code]
        yield s, RDF.type, OMB.Authority
        yield s, RDFS.label, Literal(a.official_name)
        yield s, OMB.authorityType, concept("authority-type", a.type_key)
        yield from _registered(s, a)
    for a in [found.authority, *successors]:
        for code in a.replaced_by:
            yield nodes[a.code], DCTERMS.isReplacedBy, nodes[code]


def _registered(node: URIRef, a: Authority) -> Iterator[Triple]:
    yield node, RDF.type, OMB.LocalAuthority
    yield node, OMB.registryCode, Literal(a.code)
    yield node, OMB.officialName, Literal(a.official_name)
    yield node, OMB.gssCode, Literal(a.gss)
    yield node, OMB.area, URIRef(a.area_iri)
    if a.register_iri:
        yield node, OWL.sameAs, URIRef(a.register_iri)
    if a.population is not None:
        yield node, OMB.population, Literal(a.population)
    if a.end is not None:
        yield node, SDO.dissolutionDate, Literal(a.end, datatype=XSD.date)


def point_in_time_triple(citation: URIRef, iri: str, on: date | None) -> Iterator[Triple]:
    """``citation omb:pointInTime <version>``: the cited provision as it stood on ``on`` (nothing without a date)."""
    version = point_in_time(iri, on) if on is not None else None
    if version is not None:
        yield citation, OMB.pointInTime, URIRef(version)


__all__ = ["authority_iri", "authority_triples", "point_in_time_triple"]
