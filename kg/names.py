"""Names as the Ombudsman writes them: slugs for IRIs, and the tree of complaint categories.

The categories are the site's own (``Category :`` lines and decision
addresses); :mod:`kg.vocab` turns them into SKOS concepts.

>>> category_key("Planning and development", "Planning applications")
'planning/planning-applications'
"""

from __future__ import annotations

import re
import unicodedata


def slug(text: str) -> str:
    """A lower-case, hyphenated, ASCII form of ``text`` for IRIs.

    >>> slug("Children's care services")
    'childrens-care-services'
    >>> slug("Benefits & tax")
    'benefits-tax'
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


#: Category top level -> its subcategories, as the Ombudsman's site lists them.
CATEGORY_TREE: dict[str, tuple[str, ...]] = {
    "Adult care services": (
        "Assessment and care plan",
        "Charging",
        "Direct payments",
        "Domiciliary care",
        "Residential care",
        "Safeguarding",
        "Transport",
        "Other",
    ),
    "Benefits and tax": (
        "Council tax",
        "Council tax reduction",
        "Housing benefit and council tax benefit",
        "Business rates",
        "Other",
    ),
    "Children's care services": (
        "Adoption",
        "Child protection",
        "Children with disabilities",
        "Fostering",
        "Friends and family carers",
        "Looked after children",
        "Special guardianship",
        "Other",
    ),
    "Education": (
        "Alternative provision",
        "Exclusions",
        "School admissions",
        "School transport",
        "Special educational needs",
        "Other",
    ),
    "Environment and regulation": (
        "Antisocial behaviour",
        "Cemeteries and crematoria",
        "Drainage",
        "Licensing",
        "Noise",
        "Pollution",
        "Refuse and recycling",
        "Trees",
        "Other",
    ),
    "Housing": (
        "Allocations",
        "Council house sales and leaseholders",
        "Disabled facilities grants",
        "Homelessness",
        "Council tenants",
        "Private housing",
        "Other",
    ),
    "Planning": (
        "Building control",
        "Enforcement",
        "Planning applications",
        "Planning policy",
        "Other",
    ),
    "Transport and highways": (
        "Highway adoption",
        "Highway repair and maintenance",
        "Parking and other penalties",
        "Public transport",
        "Rights of way",
        "Traffic management",
        "Other",
    ),
    "Other categories": (
        "Corporate and other services",
        "Councillor conduct and standards",
        "Land",
        "Leisure and culture",
        "Other",
    ),
}


def _category_concepts() -> dict[str, str]:
    concepts: dict[str, str] = {}
    for top, subs in CATEGORY_TREE.items():
        concepts[slug(top)] = top
        for sub in subs:
            concepts[f"{slug(top)}/{slug(sub)}"] = f"{top} > {sub}"
    return concepts


#: Every category concept: key (``top`` or ``top/sub`` slugs) -> label (``Top > Sub``)
CATEGORIES = _category_concepts()


#: Other names the Ombudsman's pages have used for the top-level categories.
CATEGORY_ALIASES = {
    "planning-and-development": "planning",
    "highways-and-transport": "transport-and-highways",
    "environmental-services-public-protection-and-regulation": "environment-and-regulation",
    "environmental-services-and-public-protection-and-regulation": "environment-and-regulation",
    "environmental-services": "environment-and-regulation",
    "corporate-and-other-services": "other-categories/corporate-and-other-services",
    "other": "other-categories",
}


def category_key(top: str, sub: str | None = None) -> str | None:
    """The concept key of a category label pair, or None if the vocabulary lacks it.

    >>> category_key("Children's care services", "Other")
    'childrens-care-services/other'
    >>> category_key("Children's care services")
    'childrens-care-services'
    >>> category_key("Planning and development", "Planning applications")
    'planning/planning-applications'
    """
    top_key = CATEGORY_ALIASES.get(slug(top), slug(top))
    if sub is None:
        return top_key if top_key in CATEGORIES else None
    key = f"{top_key.split('/')[0]}/{slug(sub)}"
    return key if key in CATEGORIES else None


__all__ = ["CATEGORIES", "CATEGORY_ALIASES", "CATEGORY_TREE", "category_key", "slug"]
