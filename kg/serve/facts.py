"""What the graph says about an authority as a council (issue 17): official name, type, registry code, GSS code
and area, the retired register's record, population, dissolution and successors, or, for a body that is not a
council, its type and that it is not linked.  Read from any rdflib graph holding the authority's triples: a
decision's own graph (which also describes the successors) or what the store holds about the authority."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SDO

from kg.query import concept_label
from kg.serve.pages import Linker, web
from kg.vocab import OMB

#: the authority-type scheme's keys of councils (the others are bodies that are not councils)
_REGISTER = "register.gov.uk/records/"


def _label(g: Graph, node: Any) -> str:
    return str(g.value(node, RDFS.label) or g.value(node, OMB.officialName) or node)


def authority_facts(g: Graph, node: URIRef, linker: Linker) -> dict[str, Any]:
    """The facts to show about authority ``node`` (empty values where the graph says nothing)."""
    kind = g.value(node, OMB.authorityType)
    council = (node, RDF.type, OMB.LocalAuthority) in g
    registers = [str(o) for o in g.objects(node, OWL.sameAs) if _REGISTER in str(o)]
    area = g.value(node, OMB.area)
    population = g.value(node, OMB.population)
    dissolved = g.value(node, SDO.dissolutionDate)
    successors = sorted(g.objects(node, DCTERMS.isReplacedBy), key=str)
    replaces = sorted(g.subjects(DCTERMS.isReplacedBy, node), key=str)
    name = str(g.value(node, RDFS.label) or "")
    official = str(g.value(node, OMB.officialName) or "")
    return {
        "name": name,
        "council": council,
        "official_name": official if official and official != name else "",
        "type": concept_label(str(kind)) if kind is not None else None,
        "type_href": linker.href(kind) if kind is not None else None,
        "code": str(g.value(node, OMB.registryCode) or ""),
        "gss": str(g.value(node, OMB.gssCode) or ""),
        "area": web(area) if area is not None else "",
        "register": web(registers[0]) if registers else "",
        "population": int(str(population)) if population is not None else None,
        "dissolved": str(dissolved) if dissolved is not None else "",
        "successors": [{"label": _label(g, s), "href": linker.href(s)} for s in successors],
        "replaces": [{"label": _label(g, s), "href": linker.href(s)} for s in replaces],
        "linked": council,
        "known": kind is not None or council,
    }


__all__ = ["authority_facts"]
