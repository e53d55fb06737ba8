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

A cited provision is also linked to the law *as it stood on the decision date*: legislation.gov.uk's
point-in-time version of it (:func:`point_in_time`), in the site's own form.
"""

from __future__ import annotations

import re
from datetime import date

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


#: legislation.gov.uk's document URIs: the identifier URI without ``/id``
LEGISLATION_SITE = "http://www.legislation.gov.uk/"

#: The point-in-time form, from legislation.gov.uk's URI scheme (legislation/data-documentation, model/uris/reference.md,
#: "Document URIs" and "Dated versions"): ``http://www.legislation.gov.uk/{type}/{year}/{number}[/{section}]/{YYYY-MM-DD}``,
#: e.g. ``http://www.legislation.gov.uk/ukpga/1985/67/1997-06-01`` ("the version of The Transport Act 1985 that was
#: in effect on 1st June 1997").  Versions exist for an item and for each of its sections (model/legislation.md,
#: "Points in time"), so ``{section}`` stops at a section or a paragraph of a schedule (with the parts, chapters and
#: schedule above it): a subsection has no version of its own and is read in its section's.
POINT_IN_TIME = re.compile(
    r"http://www\.legislation\.gov\.uk/[a-z]+/(?:\d{4}|[A-Z][A-Za-z0-9]*/[0-9-]+)/\d+"
    r"(?:/(?:part|chapter|schedule|crossheading)(?:/[A-Za-z0-9]+)?)*"
    r"(?:/(?:section|paragraph|article|regulation|rule)/[A-Za-z0-9]+)?/\d{4}-\d{2}-\d{2}"
)

#: the divisions with versions of their own, and those that hold them
_WITH_VERSIONS = frozenset({"section", "paragraph", "article", "regulation", "rule"})
_HOLDING = frozenset({"part", "chapter", "schedule", "crossheading"})


def point_in_time(iri: str, on: date) -> str | None:
    """legislation.gov.uk's version of the provision ``iri`` (an identifier URI) as it stood on ``on``.

    The date goes on the provision's document URI; below a section (or a schedule's paragraph) the version is that
    section's, the smallest part with versions.  None for an IRI that is not a legislation.gov.uk identifier, and
    for a date before the Act's year (no version of an Act exists before it).

    >>> point_in_time("http://www.legislation.gov.uk/id/ukpga/1989/41/section/17", date(2021, 5, 17))
    'http://www.legislation.gov.uk/ukpga/1989/41/section/17/2021-05-17'
    >>> point_in_time("http://www.legislation.gov.uk/id/ukpga/1974/7/section/26/1", date(2021, 3, 26))
    'http://www.legislation.gov.uk/ukpga/1974/7/section/26/2021-03-26'
    >>> point_in_time("http://www.legislation.gov.uk/id/ukpga/1974/7/schedule/5/paragraph/1", date(2021, 3, 26))
    'http://www.legislation.gov.uk/ukpga/1974/7/schedule/5/paragraph/1/2021-03-26'
    >>> point_in_time("http://www.legislation.gov.uk/id/ukpga/2014/23", date(2021, 3, 26))
    'http://www.legislation.gov.uk/ukpga/2014/23/2021-03-26'
    >>> point_in_time("http://www.legislation.gov.uk/id/ukpga/2014/23", date(2013, 3, 26)) is None
    True
    """
    if not iri.startswith(LEGISLATION_ID):
        return None
    parts = iri[len(LEGISLATION_ID) :].split("/")
    calendar = len(parts) >= 3 and parts[1].isdigit()
    size = 3 if calendar else 4  # ukpga/1989/41, or a regnal year: ukpga/Eliz2/3-4/19
    if len(parts) < size or not parts[size - 1].isdigit() or (calendar and on.year < int(parts[1])):
        return None
    below, kept = parts[size:], []
    while below and below[0] in _HOLDING | _WITH_VERSIONS:
        keyword, below = below[0], below[1:]
        number = [below.pop(0)] if below and below[0] not in _HOLDING | _WITH_VERSIONS else []
        kept += [keyword, *number]
        if keyword in _WITH_VERSIONS:
            break
    if below and not kept:
        return None  # a path of a kind the site has no versions for
    return LEGISLATION_SITE + "/".join(parts[:size] + kept + [on.isoformat()])


__all__ = ["ACTS", "LEGISLATION_SITE", "POINT_IN_TIME", "act_iri", "point_in_time"]
