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

from kg.vocab import LEGISLATION_ID, provision_name

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
    # further Acts the decisions cite (joint health and social care decisions cite the Health Service
    # Commissioners Act 1993; the others turn up in housing, planning, environment, education and care decisions)
    "Health Service Commissioners Act 1993": (1993, 46),
    "Local Government (Miscellaneous Provisions) Act 1976": (1976, 57),
    "Housing and Planning Act 2016": (2016, 22),
    "Homelessness Act 2002": (2002, 7),
    "National Health Service Act 2006": (2006, 41),
    "Health and Social Care Act 2012": (2012, 7),
    "Planning (Listed Buildings and Conservation Areas) Act 1990": (1990, 9),
    "Planning Act 2008": (2008, 29),
    "Anti-social Behaviour Act 2003": (2003, 38),
    "Wildlife and Countryside Act 1981": (1981, 69),
    "Countryside and Rights of Way Act 2000": (2000, 37),
    "Land Drainage Act 1991": (1991, 59),
    "Flood and Water Management Act 2010": (2010, 29),
    "Water Industry Act 1991": (1991, 56),
    "Local Government Finance Act 1988": (1988, 41),
    "Local Government Finance Act 2012": (2012, 17),
    "Local Government and Housing Act 1989": (1989, 42),
    "Local Government and Public Involvement in Health Act 2007": (2007, 28),
    "Social Security Administration Act 1992": (1992, 5),
    "Welfare Reform Act 2012": (2012, 5),
    "Childcare Act 2006": (2006, 21),
    "Children and Young Persons Act 2008": (2008, 23),
    "Children (Leaving Care) Act 2000": (2000, 35),
    "Education and Inspections Act 2006": (2006, 40),
    "Education Act 2011": (2011, 21),
    "Academies Act 2010": (2010, 32),
    "Special Educational Needs and Disability Act 2001": (2001, 10),
    "Mental Health Act 2007": (2007, 12),
    "National Assistance Act 1948": (1948, 29),
    "Health Services and Public Health Act 1968": (1968, 46),
    "Disabled Persons (Services, Consultation and Representation) Act 1986": (1986, 33),
    "Carers and Disabled Children Act 2000": (2000, 16),
    "Care Standards Act 2000": (2000, 14),
    "Housing and Regeneration Act 2008": (2008, 17),
    "Leasehold Reform, Housing and Urban Development Act 1993": (1993, 28),
    "Commonhold and Leasehold Reform Act 2002": (2002, 15),
    "Rent Act 1977": (1977, 42),
    "Mobile Homes Act 1983": (1983, 34),
    "Caravan Sites and Control of Development Act 1960": (1960, 62),
    "Criminal Justice and Public Order Act 1994": (1994, 33),
    "Immigration and Asylum Act 1999": (1999, 33),
    "Clean Air Act 1993": (1993, 11),
    "Noise Act 1996": (1996, 37),
    "Public Health Act 1936": (1936, 49),
    "Prevention of Damage by Pests Act 1949": (1949, 55),
    "Animal Welfare Act 2006": (2006, 45),
    "Party Wall etc. Act 1996": (1996, 40),
    "New Roads and Street Works Act 1991": (1991, 22),
    "Town Police Clauses Act 1847": (1847, 89),
    "Gambling Act 2005": (2005, 19),
    "Representation of the People Act 1983": (1983, 2),
    "Deregulation Act 2015": (2015, 20),
    "Coronavirus Act 2020": (2020, 7),
}

#: Acts before 1963 are numbered by regnal year, not calendar year: legislation.gov.uk's identifier puts the
#: regnal years where a later Act has its year (``/ukpga/Geo6/11-12/29`` is the National Assistance Act 1948)
REGNAL: dict[str, str] = {
    "Town Police Clauses Act 1847": "Vict/10-11",
    "Public Health Act 1936": "Geo5and1Edw8/26",
    "National Assistance Act 1948": "Geo6/11-12",
    "Prevention of Damage by Pests Act 1949": "Geo6/12-13-14",
    "Caravan Sites and Control of Development Act 1960": "Eliz2/8-9",
}


def act_iri(title: str | None) -> str | None:
    """The legislation.gov.uk identifier of a known Act, else None.

    >>> act_iri("National Assistance Act 1948")
    'http://www.legislation.gov.uk/id/ukpga/Geo6/11-12/29'
    """
    if title is None or title not in ACTS:
        return None
    year, chapter = ACTS[title]
    return f"{LEGISLATION_ID}ukpga/{REGNAL.get(title, year)}/{chapter}"


def act_of(iri: str | None) -> str | None:
    """The identifier of the Act a provision's identifier belongs to (the Act's own for an Act); None if not one.

    >>> act_of("http://www.legislation.gov.uk/id/ukpga/1989/41/section/17")
    'http://www.legislation.gov.uk/id/ukpga/1989/41'
    >>> act_of("http://www.legislation.gov.uk/id/ukpga/Geo6/11-12/29/section/21")
    'http://www.legislation.gov.uk/id/ukpga/Geo6/11-12/29'
    """
    if not iri or not iri.startswith(LEGISLATION_ID):
        return None
    parts = iri[len(LEGISLATION_ID) :].split("/")
    size = 3 if len(parts) > 1 and parts[1].isdigit() else 4  # ukpga/YEAR/CHAPTER or ukpga/REIGN/YEARS/CHAPTER
    return LEGISLATION_ID + "/".join(parts[:size]) if len(parts) >= size else None


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


def enclosing_provisions(iri: str, label: str, act: str | None) -> list[tuple[str, str]]:
    """(IRI, label) of each provision above ``iri`` and below its Act, outermost first.

    The labels are the ones the parser gives the enclosing provision when a
    decision cites it directly (``kg.parse.citations``): the Act's title, then
    ``s26`` or ``Schedule 5``.  Without the Act's title, the title is what the
    citation's own label has before its provision.

    >>> enclosing_provisions("http://www.legislation.gov.uk/id/ukpga/1974/7/section/26/1",
    ...                      "Local Government Act 1974 s26(1)", "Local Government Act 1974")
    [('http://www.legislation.gov.uk/id/ukpga/1974/7/section/26', 'Local Government Act 1974 s26')]
    >>> enclosing_provisions("http://www.legislation.gov.uk/id/ukpga/1974/7/schedule/5/paragraph/1",
    ...                      "Local Government Act 1974 Schedule 5 para 1", None)
    [('http://www.legislation.gov.uk/id/ukpga/1974/7/schedule/5', 'Local Government Act 1974 Schedule 5')]
    >>> enclosing_provisions("http://www.legislation.gov.uk/id/ukpga/1989/41/section/17", "Children Act 1989 s17", None)
    []
    """
    act_iri = act_of(iri)
    if act_iri is None or iri == act_iri:
        return []
    path = iri[len(act_iri) + 1 :].split("/")
    names = [(len(path), provision_name(path))]
    names += [(n, provision_name(path[:n])) for n in range(2, len(path)) if path[n - 1] not in _KEYWORDS]
    own = names[0][1]
    head = act or (label[: -len(own)].rstrip() if own and label.endswith(" " + own) else None)
    if not head:
        return []
    return [(f"{act_iri}/{'/'.join(path[:n])}", f"{head} {name}") for n, name in names[1:] if name]


#: the words of a legislation.gov.uk path that name the kind of provision the next segment numbers
_KEYWORDS = frozenset({"section", "schedule", "paragraph", "part", "chapter", "article", "regulation", "rule"})


__all__ = [
    "ACTS",
    "LEGISLATION_SITE",
    "POINT_IN_TIME",
    "REGNAL",
    "act_iri",
    "act_of",
    "enclosing_provisions",
    "point_in_time",
]
