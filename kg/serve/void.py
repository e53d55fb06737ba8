"""The dataset described (VoID and DCAT) and dumped for download.

``/.well-known/void`` says what the dataset holds (triples, decisions, example
resources), where to query it (the SPARQL endpoint, a ``dcat:DataService``),
where to download it (one ``dcat:Distribution`` per dump) and which
vocabularies it uses.  Dumps are written by streaming the store graph by
graph, so a store of any size is dumped in constant memory:
N-Quads and TriG line by line, JSON-LD in expanded form (one
``{"@id": graph, "@graph": […]}`` object per decision; ``kg export`` writes
the same data compacted with the context).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID, XSD

from kg.export import Format
from kg.mapping import bind_prefixes
from kg.serve.negotiation import DUMP_FORMATS
from kg.serve.settings import Settings
from kg.store import Store
from kg.terms import nquad, nt
from kg.vocab import CITO, OA, OMB, OMB_PREFIX, ONTOLOGY_IRI, PREFIXES, VOCAB_BASE

DUMP_NAME = "lgsco-kg"
VOCABULARIES = (
    ONTOLOGY_IRI + "#",
    VOCAB_BASE,
    str(OA),
    PREFIXES["prov"],
    PREFIXES["skos"],
    str(DCTERMS),
    str(CITO),
    PREFIXES["schema"],
    str(RDFS),
)

_COUNT_DECISIONS = OMB_PREFIX + """SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?d { ?d a omb:Decision } }"""
_EXAMPLES = (
    OMB_PREFIX
    + """SELECT ?d ?reference WHERE { GRAPH ?d { ?d a omb:Decision ; omb:reference ?reference } } ORDER BY ?d LIMIT 3"""
)
_AUTHORITY_EXAMPLE = OMB_PREFIX + """SELECT ?a WHERE { GRAPH ?d { ?d omb:authority ?a } } ORDER BY ?a LIMIT 1"""


def stats(store: Store) -> dict[str, Any]:
    """Triples, decisions and a few example resources of ``store``."""
    decisions = store.select(_COUNT_DECISIONS).rows
    examples = store.select(_EXAMPLES).rows
    authority = store.select(_AUTHORITY_EXAMPLE).rows
    return {
        "triples": len(store),
        "decisions": int(str(decisions[0][0])) if decisions else 0,
        "examples": [(str(d), str(r)) for d, r in examples],
        "authority": str(authority[0][0]) if authority else None,
    }


def dump_file(fmt: Format) -> str:
    """``lgsco-kg.nq`` and so on."""
    return DUMP_NAME + fmt.suffix


def void_graph(settings: Settings, site: str, counts: dict[str, Any]) -> Graph:
    """The VoID/DCAT description of the dataset served at ``site`` (the server's absolute URL, no trailing slash)."""
    g = bind_prefixes(Graph())
    g.bind("foaf", FOAF)
    doc = URIRef(f"{site}/.well-known/void")
    ds = URIRef(f"{doc}#dataset")
    service = URIRef(f"{doc}#sparql")
    endpoint = URIRef(f"{site}/sparql")
    g.add((doc, RDF.type, VOID.DatasetDescription))
    g.add((doc, DCTERMS.title, Literal(f"Description of the {settings.title}")))
    g.add((doc, FOAF.primaryTopic, ds))
    for t in (VOID.Dataset, DCAT.Dataset):
        g.add((ds, RDF.type, t))
    g.add((ds, DCTERMS.title, Literal(settings.title, lang="en")))
    g.add(
        (
            ds,
            DCTERMS.description,
            Literal(
                "Decisions of England's Local Government and Social Care Ombudsman as a knowledge graph: complaint points, "
                "findings, faults, injustices, remedies and the legislation cited, each fact tied to the words it came from.",
                lang="en",
            ),
        )
    )
    g.add((ds, VOID.triples, Literal(counts["triples"], datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(counts["decisions"], datatype=XSD.integer)))
    part = URIRef(f"{doc}#decisions")
    g.add((ds, VOID.classPartition, part))
    g.add((part, VOID["class"], OMB.Decision))
    g.add((part, VOID.entities, Literal(counts["decisions"], datatype=XSD.integer)))
    g.add((ds, VOID.uriSpace, Literal(settings.base)))
    g.add((ds, VOID.sparqlEndpoint, endpoint))
    for iri, _ in counts["examples"]:
        g.add((ds, VOID.exampleResource, URIRef(iri)))
    if counts.get("authority"):
        g.add((ds, VOID.exampleResource, URIRef(counts["authority"])))
    for vocab in VOCABULARIES:
        g.add((ds, VOID.vocabulary, URIRef(vocab)))
    g.add((ds, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
    g.add((ds, VOID.rootResource, URIRef(ONTOLOGY_IRI)))
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCAT.endpointURL, endpoint))
    g.add((service, DCAT.servesDataset, ds))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((ds, DCAT.accessService, service))
    for fmt in DUMP_FORMATS:
        url = URIRef(f"{site}/dumps/{dump_file(fmt)}")
        dist = URIRef(f"{doc}#dump-{fmt.name}")
        g.add((ds, VOID.dataDump, url))
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"The whole dataset as {fmt.label}")))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{fmt.media_type}")))
    context = URIRef(f"{site}/context.jsonld")
    g.add((ds, RDFS.seeAlso, context))
    return g


# --- dumps ----------------------------------------------------------------------------------------


def write_dump(store: Store, fmt: Format, path: Path) -> int:
    """Write the whole store to ``path`` in ``fmt`` (N-Quads, TriG or JSON-LD); its size in bytes.

    Written beside ``path`` and renamed, so a reader never sees half a dump.
    """
    if fmt not in DUMP_FORMATS:
        raise ValueError(f"no dump in {fmt.label}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            {Format.nq: _nquads, Format.trig: _trig, Format.jsonld: _jsonld}[fmt](store, out)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path.stat().st_size


def _graphs(store: Store) -> Iterator[tuple[URIRef, list]]:
    for name in store.graph_names():
        yield URIRef(name), [(s, p, o) for s, p, o, _ in store.quads(URIRef(name))]


def _nquads(store: Store, out: TextIO) -> None:
    for name, triples in _graphs(store):
        out.writelines(nquad(s, p, o, name) for s, p, o in triples)


def _trig(store: Store, out: TextIO) -> None:
    out.write(f"# {DUMP_NAME}: one named graph per decision\n")
    for name, triples in _graphs(store):
        out.write(f"\n{nt(name)} {{\n")
        out.writelines("  " + nquad(s, p, o) for s, p, o in triples)
        out.write("}\n")


def _jsonld_value(o: Any) -> dict[str, str]:
    if isinstance(o, URIRef):
        return {"@id": str(o)}
    if isinstance(o, BNode):
        return {"@id": f"_:{o}"}
    if o.language:
        return {"@value": str(o), "@language": o.language}
    if o.datatype is not None and o.datatype != XSD.string:
        return {"@value": str(o), "@type": str(o.datatype)}
    return {"@value": str(o)}


def _jsonld(store: Store, out: TextIO) -> None:
    out.write('{"@graph": [')
    first = True
    for name, triples in _graphs(store):
        nodes: dict[str, dict[str, Any]] = {}
        for s, p, o in triples:
            sid = f"_:{s}" if isinstance(s, BNode) else str(s)
            node = nodes.setdefault(sid, {"@id": sid})
            if p == RDF.type and isinstance(o, URIRef):
                node.setdefault("@type", []).append(str(o))
            else:
                node.setdefault(str(p), []).append(_jsonld_value(o))
        out.write(
            ("\n" if first else ",\n")
            + json.dumps({"@id": str(name), "@graph": list(nodes.values())}, ensure_ascii=False)
        )
        first = False
    out.write("\n]}\n")
