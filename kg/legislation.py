"""The one table of Acts of Parliament: short title -> ``(year, chapter)``, and their identifiers.

Every IRI built from it is a legislation.gov.uk identifier of a UK Public
General Act (``ukpga``), the form DESIGN.md asks for.  The parser
(:mod:`kg.parse.acts`) recognises these titles in text; the synthetic corpus
(:mod:`kg.synth.law`) cites a subset of them.  An Act missing here is still
recognised by name, but gets no IRI: unknown is ``None``, never a guess.

>>> act_iri("Children Act 1989")
'http://www.legislation.gov.uk/id/ukpga/1989/41'
>>> act_iri("Protection of Pets Act 2001") is None
True
"""

from __future__ import annotations

from kg.vocab import LEGISLATION_ID

#: Canonical short title -> (year, chapter number); all are ukpga.
ACTS: dict[str, tuple[int, int]] = {
    # the Acts the Ombudsman's decisions cite most
    "Local Government Act 1974": (1974, 7),
    "Children Act 1989": (1989, 41),
    "Care Act 2014": (2014, 23),
    "Housing Act 1996": (1996, 52),
    "Education Act 1996": (1996, 56),
    "Children and Families Act 2014": (2014, 6),
    "Equality Act 2010": (2010, 15),
    "Human Rights Act 1998": (1998, 42),
    "Data Protection Act 2018": (2018, 12),
    "Localism Act 2011": (2011, 20),
    "Town and Country Planning Act 1990": (1990, 8),
    "Mental Health Act 1983": (1983, 20),
    "Chronically Sick and Disabled Persons Act 1970": (1970, 44),
    "Housing Grants, Construction and Regeneration Act 1996": (1996, 53),
    "Local Government Finance Act 1992": (1992, 14),
    "Road Traffic Regulation Act 1984": (1984, 27),
    "Traffic Management Act 2004": (2004, 18),
    "Environmental Protection Act 1990": (1990, 43),
    "Anti-social Behaviour, Crime and Policing Act 2014": (2014, 12),
    "Homelessness Reduction Act 2017": (2017, 13),
    "Local Government Act 1972": (1972, 70),
    "Health Act 2009": (2009, 21),
    # further Acts in the Ombudsman's remit (chapters checked against legislation.gov.uk links)
    "Housing Act 1985": (1985, 68),
    "Housing Act 1988": (1988, 50),
    "Housing Act 2004": (2004, 34),
    "Children Act 2004": (2004, 31),
    "Mental Capacity Act 2005": (2005, 9),
    "Local Government Act 2000": (2000, 22),
    "Freedom of Information Act 2000": (2000, 36),
    "Data Protection Act 1998": (1998, 29),
    "Highways Act 1980": (1980, 66),
    "Adoption and Children Act 2002": (2002, 38),
    "Children and Social Work Act 2017": (2017, 16),
    "Education Act 2002": (2002, 32),
    "Licensing Act 2003": (2003, 17),
    "Protection from Eviction Act 1977": (1977, 43),
    "Protection from Harassment Act 1997": (1997, 40),
    "Landlord and Tenant Act 1985": (1985, 70),
    "Family Law Act 1996": (1996, 27),
    "Health and Social Care Act 2008": (2008, 14),
    "Planning and Compulsory Purchase Act 2004": (2004, 5),
    "Building Act 1984": (1984, 55),
    "Crime and Disorder Act 1998": (1998, 37),
    "School Standards and Framework Act 1998": (1998, 31),
    "Road Traffic Act 1988": (1988, 52),
}


def act_iri(title: str | None) -> str | None:
    """The legislation.gov.uk identifier of a known Act, else None."""
    if title not in ACTS:
        return None
    year, chapter = ACTS[title]
    return f"{LEGISLATION_ID}ukpga/{year}/{chapter}"


__all__ = ["ACTS", "act_iri"]
