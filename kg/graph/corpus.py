"""What the graph algorithms know about each decision, read from any store through SPARQL.

A :class:`Corpus` is a read-only snapshot of the decisions of a store: for
each decision its IRI, reference, date, authority and category, and the
*items* it has of each :data:`KINDS` (the provisions and guidance it cites,
the fault, injustice and remedy types it found, its category, the category's
top-level group and its authority).  Everything comes from
:meth:`kg.store.Store.select`, so a corpus loads the same from the memory
store, embedded Oxigraph or a remote SPARQL endpoint.

Queries match inside ``GRAPH ?decision { ?decision … }``: a decision IRI
names its own graph, so a triple shared by two decision graphs (an
authority's label) is read once per decision, and graphs that are not
decisions (the analytics graph of :mod:`kg.graph.writeback`) are ignored.
One query per kind returns one row per *item* with the IRIs of the decisions
having it (``GROUP_CONCAT``): a store's cost is in handing terms to Python,
and items are few (a hundred provisions, a dozen fault types) where
decision-item pairs are many, so this reads a corpus three to four times
faster than one row per pair on Oxigraph.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from urllib.parse import unquote

from kg.errors import NotFoundError
from kg.legislation import act_of
from kg.model import normalize_reference
from kg.query import concept_label
from kg.store import Store
from kg.vocab import LEGISLATION_ID, VOCAB_BASE, sparql_prefixes

__all__ = [
    "KINDS",
    "Corpus",
    "DecisionInfo",
    "item_kind",
    "load_corpus",
    "phrase",
    "lower_first",
]

#: Kinds of item a decision has, in the order explanations list them.
KINDS = ("provision", "fault", "injustice", "remedy", "category", "area", "authority")

PREFIXES = sparql_prefixes("omb", "rdfs")

# One row for all decisions: "IRI<TAB>reference (URI-encoded)<TAB>date" lines.  Handing Python one
# string instead of three terms per decision halves the time on Oxigraph (50,000 decisions: 2 s).
DECISIONS_SPARQL = (
    PREFIXES
    + """
SELECT (GROUP_CONCAT(CONCAT(STR(?decision), "\\t", ENCODE_FOR_URI(STR(?reference)), "\\t",
                            COALESCE(STR(?date), "")); separator="\\n") AS ?decisions)
WHERE {
  GRAPH ?decision {
    ?decision a omb:Decision ;
              omb:reference ?reference .
    OPTIONAL { ?decision omb:decisionDate ?date }
  }
}
"""
)

#: kind -> the property path from a decision to its items of that kind ("area" is derived from "category").
ITEM_PATHS = {
    "provision": "omb:cites",
    "fault": "omb:fault/omb:faultType",
    "injustice": "omb:injustice/omb:injusticeType",
    "remedy": "omb:remedy/omb:remedyType",
    "category": "omb:category",
    "authority": "omb:authority",
}

# One row per item with the decisions having it: Oxigraph's cost is in turning terms into
# Python objects, and items are few (a hundred provisions, a dozen fault types) where
# decision-item pairs are many.  A decision IRI names its graph, so other graphs never match.
ITEMS_SPARQL = (
    PREFIXES
    + """
SELECT ?item (GROUP_CONCAT(STR(?decision); separator=" ") AS ?decisions)
WHERE {
  GRAPH ?decision {
    ?decision %s ?item .
    FILTER (isIRI(?item))
  }
}
GROUP BY ?item
ORDER BY ?item
"""
)

LABELS_SPARQL = (
    PREFIXES
    + """
SELECT ?item (MIN(STR(?label)) AS ?name)
WHERE {
  { SELECT DISTINCT ?item WHERE { GRAPH ?decision { ?decision %s ?item } } }
  GRAPH ?graph { ?item rdfs:label ?label }
}
GROUP BY ?item
ORDER BY ?item
"""
)

_CATEGORY = VOCAB_BASE + "category/"


def item_kind(iri: str) -> str:
    """What a cited IRI is: ``provision`` (a section, schedule…), ``legislation`` (a whole Act) or ``guidance``.

    >>> leg = "http://www.legislation.gov.uk/id/ukpga/1989/41"
    >>> item_kind(leg + "/section/47"), item_kind(leg)
    ('provision', 'legislation')
    >>> item_kind("https://w3id.org/lgsco-kg/vocab/guidance/guidance-on-remedies")
    'guidance'
    """
    if iri.startswith(LEGISLATION_ID):
        return "legislation" if act_of(iri) == iri.rstrip("/") else "provision"
    return "guidance"


def lower_first(label: str) -> str:
    """``Poor record keeping`` -> ``poor record keeping``; acronyms keep their case (``SEN`` stays)."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def phrase(kind: str, label: str) -> str:
    """What two decisions sharing an item of ``kind`` have in common, in words.

    >>> phrase("provision", "Children Act 1989 s47"), phrase("fault", "Poor record keeping"), phrase("remedy", "Apology")
    ('both cite Children Act 1989 s47', 'both found a fault of poor record keeping', 'both remedied by apology')
    """
    return {
        "provision": f"both cite {label}",
        "fault": f"both found a fault of {lower_first(label)}",
        "injustice": f"both found injustice of {lower_first(label)}",
        "remedy": f"both remedied by {lower_first(label)}",
        "category": f"both in category {label}",
        "area": f"both about {label}",
        "authority": f"both concern {label}",
    }[kind]


@dataclass(frozen=True, slots=True)
class DecisionInfo:
    """One decision as the graph commands show it."""

    iri: str
    reference: str
    date: date | None = None
    authority: str | None = None
    authority_iri: str | None = None
    category: str | None = None

    def describe(self) -> str:
        """``20 007 812 (Wiltshire Council, 2021-05-17)``."""
        bits = [b for b in (self.authority, self.date.isoformat() if self.date else None) if b]
        return f"{self.reference} ({', '.join(bits)})" if bits else self.reference

    def to_json(self) -> dict:
        return {
            "reference": self.reference,
            "iri": self.iri,
            "authority": self.authority,
            "date": self.date.isoformat() if self.date else None,
            "category": self.category,
        }


@dataclass
class Corpus:
    """The decisions of a store, sorted by reference, with their items of each kind (IRIs, sorted)."""

    decisions: tuple[DecisionInfo, ...]
    items: dict[str, tuple[tuple[str, ...], ...]]
    labels: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.decisions)

    @cached_property
    def _positions(self) -> dict[str, int]:
        pos: dict[str, int] = {}
        for i, d in enumerate(self.decisions):
            pos.setdefault(d.reference, i)
            pos.setdefault(d.iri, i)
        return pos

    def position(self, reference: str) -> int:
        """The index of the decision with this reference (any spacing) or IRI; NotFoundError suggests near ones."""
        key = normalize_reference(reference) or " ".join(str(reference).split())
        if key in self._positions:
            return self._positions[key]
        if not self.decisions:
            raise NotFoundError(f"no decision {key!r}: the store holds no decisions; build one with `kg build`")
        near = difflib.get_close_matches(key, [d.reference for d in self.decisions], n=3, cutoff=0.6)
        hint = (
            f"; did you mean {' or '.join(near)}?"
            if near
            else f" (it holds {len(self)} decisions; `kg query decisions_by_outcome` lists them)"
        )
        raise NotFoundError(f"no decision with reference {key!r} in the store{hint}")

    def find(self, reference: str) -> DecisionInfo:
        return self.decisions[self.position(reference)]

    def label(self, iri: str) -> str:
        """A readable name for an item IRI: its rdfs:label, the concept's preferred label, or the IRI's tail."""
        if iri in self.labels:
            return self.labels[iri]
        name = concept_label(iri)
        return name if name is not None else iri.rstrip("/").rsplit("/", 1)[-1]

    def features(self, i: int, kinds: Iterable[str] = KINDS) -> list[tuple[str, str]]:
        """The ``(kind, iri)`` items of decision ``i``."""
        return [(kind, iri) for kind in kinds if kind in self.items for iri in self.items[kind][i]]

    def without(self, kind: str, drop: Callable[[str], bool]) -> Corpus:
        """The same decisions with the items of ``kind`` that ``drop`` says to leave out (e.g. boilerplate)."""
        items = dict(self.items)
        if kind in items:
            items[kind] = tuple(tuple(iri for iri in row if not drop(iri)) for row in items[kind])
        return Corpus(self.decisions, items, self.labels)

    def subset(self, positions: Sequence[int]) -> Corpus:
        """A corpus of only these decisions (kept in reference order)."""
        keep = sorted(set(positions))
        return Corpus(
            tuple(self.decisions[i] for i in keep),
            {k: tuple(v[i] for i in keep) for k, v in self.items.items()},
            self.labels,
        )


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _area(category: str) -> str | None:
    """The top-level group of a subcategory concept: ``…/category/education/exclusions`` -> ``…/category/education``."""
    if not category.startswith(_CATEGORY):
        return None
    top, sep, _sub = category[len(_CATEGORY) :].partition("/")
    return _CATEGORY + top if sep else None


def load_corpus(store: Store, kinds: Iterable[str] = KINDS) -> Corpus:
    """Read the decisions of ``store`` and their items of ``kinds`` (see :data:`KINDS`) through SPARQL."""
    kinds = [k for k in KINDS if k in set(kinds)]
    infos = {}
    for row in store.select(DECISIONS_SPARQL).rows:
        for line in str(row[0] or "").split("\n"):
            iri, _, rest = line.partition("\t")
            reference, _, day = rest.partition("\t")
            if iri and iri not in infos:
                infos[iri] = DecisionInfo(iri, unquote(reference), _date(day))
    order = sorted(infos.values(), key=lambda d: (d.reference, d.iri))
    index = {d.iri: i for i, d in enumerate(order)}

    def read(path: str) -> list[set[str]]:
        per: list[set[str]] = [set() for _ in order]
        for item, joined in store.select(ITEMS_SPARQL % path).rows:
            for decision in str(joined or "").split():
                i = index.get(decision)
                if i is not None:
                    per[i].add(str(item))
        return per

    labels: dict[str, str] = {}
    for kind in ("provision", "authority"):
        if kind in kinds or kind == "authority":
            for item, name in store.select(LABELS_SPARQL % ITEM_PATHS[kind]).rows:
                if name is not None:
                    labels[str(item)] = str(name)
    authorities = read(ITEM_PATHS["authority"])
    categories = read(ITEM_PATHS["category"])
    items: dict[str, tuple[tuple[str, ...], ...]] = {}
    for kind in kinds:
        if kind == "authority":
            per = authorities
        elif kind == "category":
            per = categories
        elif kind == "area":
            per = [set(filter(None, map(_area, values))) for values in categories]
        else:
            per = read(ITEM_PATHS[kind])
        items[kind] = tuple(tuple(sorted(s)) for s in per)
    decisions = []
    for d, auth, cats in zip(order, authorities, categories):
        authority = min(auth) if auth else None
        category = min(cats) if cats else None
        decisions.append(
            DecisionInfo(
                d.iri,
                d.reference,
                d.date,
                labels.get(authority, authority) if authority else None,
                authority,
                (concept_label(category) or category) if category else None,
            )
        )
    return Corpus(tuple(decisions), items, labels)
