"""Our namespace and the vocabularies we reuse.

``OMB`` is a closed :class:`rdflib.namespace.DefinedNamespace`: a mistyped
term raises instead of minting a wrong IRI.

>>> OMB.Decision
rdflib.term.URIRef('https://w3id.org/lgsco-kg/ontology#Decision')
>>> OMB.Decison  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
AttributeError: term 'Decison' not in namespace 'https://w3id.org/lgsco-kg/ontology#'

Concepts of the SKOS vocabularies live under ``VOCAB`` and are minted only
through :func:`concept`, which refuses a concept the vocabulary does not have:

>>> concept("outcome", "upheld")
rdflib.term.URIRef('https://w3id.org/lgsco-kg/vocab/outcome/upheld')
>>> concept("outcome", "partly-upheld")  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
KeyError: "'partly-upheld' is not a concept of scheme 'outcome'"

The concept lists here and ``ontology/vocabularies.ttl`` agree term for term
(``tests/test_vocab.py`` checks it).
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    VOID,
    XSD,
    DefinedNamespace,
)

from kg.names import CATEGORIES, CATEGORY_ALIASES, CATEGORY_TREE, category_key, slug  # noqa: F401 - re-exported

ONTOLOGY_IRI = "https://w3id.org/lgsco-kg/ontology"
VOCAB_BASE = "https://w3id.org/lgsco-kg/vocab/"
DEFAULT_BASE = "https://w3id.org/lgsco-kg/id/"
LEGISLATION_ID = "http://www.legislation.gov.uk/id/"
OMBUDSMAN_SITE = "https://www.lgo.org.uk/decisions/"


class OMB(DefinedNamespace):
    """The ombudsman-decision ontology (``ontology/ontology.ttl``)."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes
    Decision: URIRef
    DecisionStatement: URIRef
    InvestigationReport: URIRef
    Authority: URIRef
    Complainant: URIRef
    ComplaintPoint: URIRef
    Finding: URIRef
    Fault: URIRef
    Injustice: URIRef
    Remedy: URIRef
    Apology: URIRef
    FinancialRemedy: URIRef
    ServiceImprovement: URIRef
    RecordCorrection: URIRef
    Reconsideration: URIRef
    OtherRemedy: URIRef
    Citation: URIRef
    Legislation: URIRef
    Provision: URIRef
    GuidanceDocument: URIRef
    SourceText: URIRef
    Evidence: URIRef
    ListingCard: URIRef

    # decision
    reference: URIRef
    authority: URIRef
    category: URIRef
    outcome: URIRef
    decisionDate: URIRef
    summary: URIRef
    complainant: URIRef
    pseudonym: URIRef
    complaintPoint: URIRef
    finding: URIRef
    fault: URIRef
    injustice: URIRef
    remedy: URIRef
    citation: URIRef
    totalPayment: URIRef
    ombudsmanPage: URIRef
    sourceText: URIRef
    sha256: URIRef
    text: URIRef
    fileName: URIRef
    truncated: URIRef

    # complaint points, findings, faults, injustices
    pointNumber: URIRef
    aboutPoint: URIRef
    findingKind: URIRef
    establishes: URIRef
    faultType: URIRef
    injusticeType: URIRef
    causedBy: URIRef

    # remedies
    remedyType: URIRef
    remedyStatus: URIRef
    remedies: URIRef
    amount: URIRef
    payee: URIRef
    purpose: URIRef
    deadline: URIRef
    recipients: URIRef

    # assessment stage
    assessmentReason: URIRef

    # citations
    cites: URIRef
    citedText: URIRef
    legislation: URIRef
    withinProvision: URIRef
    provisionLabel: URIRef

    # provenance
    evidence: URIRef
    paragraph: URIRef
    section: URIRef

    # provenance of a harvested page (kg harvest): where and when it was fetched, and the search-result card
    contentDigest: URIRef
    listingCard: URIRef
    fromListing: URIRef

    # authorities linked to the registry (kg.authorities, kg.linking)
    LocalAuthority: URIRef
    authorityType: URIRef
    registryCode: URIRef
    officialName: URIRef
    gssCode: URIRef
    area: URIRef
    population: URIRef

    # the law as it stood on the decision date
    pointInTime: URIRef

    # analytics (graph write-back)
    Community: URIRef
    Similarity: URIRef
    community: URIRef
    communitySize: URIRef
    characteristic: URIRef
    similarity: URIRef
    similarDecision: URIRef
    similarityScore: URIRef
    similarityRank: URIRef
    pageRank: URIRef
    coCitationDegree: URIRef
    citingDecisions: URIRef

    # corpus statistics (kept by kg build)
    CoCitation: URIRef
    coCited: URIRef


OA = Namespace("http://www.w3.org/ns/oa#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
CITO = Namespace("http://purl.org/spar/cito/")
VOCAB = Namespace(VOCAB_BASE)

#: Prefixes bound on every graph we write and declared in every query.
PREFIXES: dict[str, str] = {
    "omb": str(OMB._NS),
    "vocab": VOCAB_BASE,
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "prov": str(PROV),
    "oa": str(OA),
    "eli": str(ELI),
    "cito": str(CITO),
    "schema": str(SDO),
    "org": str(ORG),
    "foaf": str(FOAF),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "sh": str(SH),
    "void": str(VOID),
    "dcat": str(DCAT),
}


def sparql_prefixes(*names: str) -> str:
    """``PREFIX`` lines for the SPARQL our code writes, from :data:`PREFIXES` (the one place namespaces are spelt).

    >>> print(sparql_prefixes("omb", "rdfs"), end="")
    PREFIX omb: <https://w3id.org/lgsco-kg/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    """
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)


#: The prefix line of our ontology, for query texts written in Python
OMB_PREFIX = sparql_prefixes("omb")


def provision_name(path: tuple[str, ...] | list[str]) -> str | None:
    """The short name of a provision from its legislation.gov.uk path below the Act: the one rule for the
    labels the parser gives citations and the mapping gives the provisions enclosing them.

    >>> provision_name(("section", "26", "1")), provision_name(["schedule", "5", "paragraph", "1"])
    ('s26(1)', 'Schedule 5 para 1')
    >>> provision_name(("part", "7")), provision_name(("schedule", "5", "part", "2"))
    ('Part 7', None)
    """
    if len(path) >= 2 and path[0] == "section":
        return f"s{path[1]}" + "".join(f"({p})" for p in path[2:])
    if len(path) in (2, 4) and path[0] == "schedule" and (len(path) == 2 or path[2] == "paragraph"):
        return f"Schedule {path[1]}" + (f" para {path[3]}" if len(path) == 4 else "")
    if len(path) == 2 and path[0] == "part":
        return f"Part {path[1]}"
    return None


# --- SKOS vocabularies -------------------------------------------------------
# scheme -> {concept slug: preferred label}.  ontology/vocabularies.ttl holds
# the same concepts with definitions; the test suite keeps the two in step.

OUTCOMES = {
    "upheld": "Upheld",
    "not-upheld": "Not upheld",
    "closed-after-initial-enquiries": "Closed after initial enquiries",
}

FINDING_KINDS = {
    "fault": "Fault",
    "no-fault": "No fault",
    "no-finding": "No finding",
    "outside-jurisdiction": "Outside jurisdiction",
}

REMEDY_TYPES = {
    "apology": "Apology",
    "payment": "Payment",
    "service-improvement": "Service improvement",
    "record-correction": "Record correction",
    "reconsideration": "Reconsideration",
    "other": "Other remedy",
}

REMEDY_STATUSES = {
    "agreed": "Agreed",
    "recommended": "Recommended",
    "already-provided": "Already provided",
}

FAULT_TYPES = {
    "communication": "Poor communication",
    "record-keeping": "Poor record keeping",
    "data-protection": "Data protection breach",
    "delay": "Delay",
    "failure-to-inform": "Failure to inform",
    "flawed-assessment": "Flawed assessment or decision making",
    "failure-to-follow-procedure": "Failure to follow law, guidance or procedure",
    "complaint-handling": "Poor complaint handling",
    "failure-to-provide-service": "Failure to provide a service",
    "inappropriate-conduct": "Inappropriate conduct by staff",
    "other": "Other fault",
}

INJUSTICE_TYPES = {
    "distress": "Distress",
    "time-and-trouble": "Time and trouble",
    "loss-of-opportunity": "Loss of opportunity",
    "financial-loss": "Financial loss",
    "raised-expectations": "Raised expectations and frustration",
    "uncertainty": "Uncertainty",
    "other": "Other injustice",
}

#: Why the Ombudsman decided not to investigate (assessment-stage decisions).
ASSESSMENT_REASONS = {
    "not-enough-evidence-of-fault": "Not enough evidence of fault",
    "no-significant-injustice-from-fault": "Fault has not caused significant injustice",
    "injustice-not-significant": "Injustice not significant enough",
    "another-body-better-placed": "Another body better placed",
    "could-go-to-court-or-tribunal": "Could reasonably go to court or tribunal",
    "late-complaint": "Late complaint",
    "cannot-achieve-outcome": "Could not achieve the outcome wanted",
    "cannot-add-to-previous-investigation": "Could not add to a previous investigation",
    "other": "Other reason",
}

#: What kind of body a decision is about: the registry's types of local authority (kg.authorities.TYPE_KEYS), then
#: the kinds of body that are not councils, known from what their names say (kg.authorities.BODY_KINDS).
AUTHORITY_TYPES = {
    "county-council": "County council",
    "district-council": "District council",
    "unitary-authority": "Unitary authority",
    "metropolitan-district": "Metropolitan district council",
    "london-borough": "London borough council",
    "city-corporation": "City corporation",
    "combined-authority": "Combined authority",
    "strategic-authority": "Strategic authority",
    "care-provider": "Care provider",
    "nhs-body": "NHS body",
    "school-appeal-panel": "School appeal panel",
    "school": "School or academy",
    "parish-council": "Parish or town council",
    "other-public-body": "Other public body",
}

#: Every concept scheme: scheme slug -> (scheme label, {concept slug: label}).
SCHEMES: dict[str, tuple[str, dict[str, str]]] = {
    "outcome": ("Decision outcomes", OUTCOMES),
    "category": ("Complaint categories", CATEGORIES),
    "finding-kind": ("Kinds of finding", FINDING_KINDS),
    "remedy-type": ("Remedy types", REMEDY_TYPES),
    "remedy-status": ("Remedy statuses", REMEDY_STATUSES),
    "fault-type": ("Fault types", FAULT_TYPES),
    "injustice-type": ("Injustice types", INJUSTICE_TYPES),
    "assessment-reason": ("Reasons for not investigating", ASSESSMENT_REASONS),
    "authority-type": ("Kinds of authority", AUTHORITY_TYPES),
}


def scheme(name: str) -> URIRef:
    """The IRI of a concept scheme.

    >>> scheme("outcome")
    rdflib.term.URIRef('https://w3id.org/lgsco-kg/vocab/outcome')
    """
    if name not in SCHEMES:
        raise KeyError(f"{name!r} is not a concept scheme; known: {', '.join(SCHEMES)}")
    return VOCAB[name]


def concept(scheme_name: str, key: str) -> URIRef:
    """The IRI of concept ``key`` in scheme ``scheme_name``; unknown keys raise."""
    concepts = SCHEMES[scheme_name][1] if scheme_name in SCHEMES else None
    if concepts is None:
        raise KeyError(f"{scheme_name!r} is not a concept scheme; known: {', '.join(SCHEMES)}")
    if key not in concepts:
        raise KeyError(f"{key!r} is not a concept of scheme {scheme_name!r}")
    return VOCAB[f"{scheme_name}/{key}"]
