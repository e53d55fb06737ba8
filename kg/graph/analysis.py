"""The algorithms behind ``kg graph``: central provisions, communities, recurring faults, paths.

Each takes a :class:`kg.store.Store` (or what was already read from one) and
returns plain dataclasses with labels a reader understands; nothing here
prints.  Results are deterministic: inputs are sorted, ties are broken by
reference or label, and Louvain runs with a fixed seed.
"""

from __future__ import annotations

import difflib
import heapq
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import networkx as nx
import numpy as np

from kg.errors import InputError, NotFoundError
from kg.graph.corpus import KINDS, Corpus, DecisionInfo, load_corpus, phrase
from kg.graph.projections import cocitation_graph, similarity_graph
from kg.graph.similarity import WEIGHTS, SimilarityIndex
from kg.store import Store

__all__ = [
    "Community",
    "Link",
    "ProvisionRank",
    "Recurrence",
    "Trait",
    "communities",
    "explain_path",
    "pagerank",
    "provision_ranking",
    "recurrences",
]


# --- provisions -------------------------------------------------------------------


def pagerank(g: nx.Graph, alpha: float = 0.85, tol: float = 1.0e-12, max_iter: int = 500) -> dict[str, float]:
    """Weighted PageRank of an undirected graph (networkx's definition: dangling mass spread evenly).

    >>> g = nx.Graph([("a", "b")])
    >>> pagerank(g)
    {'a': 0.5, 'b': 0.5}
    """
    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return {}
    pos = {v: i for i, v in enumerate(nodes)}
    src, dst, w = [], [], []
    for u, v, data in g.edges(data=True):
        weight = float(data.get("weight", 1))
        for a, b in ((u, v), (v, u)) if u != v else ((u, v),):
            src.append(pos[a])
            dst.append(pos[b])
            w.append(weight)
    src_a, dst_a, w_a = np.array(src, dtype=np.int64), np.array(dst, dtype=np.int64), np.array(w)
    out = np.bincount(src_a, weights=w_a, minlength=n)
    share = w_a / np.where(out[src_a] > 0, out[src_a], 1)
    dangling = out == 0
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        prev = x
        x = alpha * np.bincount(dst_a, weights=prev[src_a] * share, minlength=n)
        x += (alpha * prev[dangling].sum() + 1.0 - alpha) / n
        if np.abs(x - prev).sum() < n * tol:
            break
    x /= x.sum()
    return {v: round(float(x[i]), 12) for i, v in enumerate(nodes)}


@dataclass(frozen=True, slots=True)
class ProvisionRank:
    """A cited provision (or Act, or guidance document) and its place in the co-citation graph."""

    rank: int
    iri: str
    label: str
    kind: str
    pagerank: float
    degree: int  # distinct items cited with it
    decisions: int  # decisions citing it
    partners: tuple[tuple[str, str, int], ...]  # (label, iri, decisions citing both), most first

    def to_json(self) -> dict:
        return {
            "rank": self.rank,
            "iri": self.iri,
            "label": self.label,
            "kind": self.kind,
            "pagerank": round(self.pagerank, 6),
            "degree": self.degree,
            "decisions": self.decisions,
            "cited_with": [{"label": lbl, "iri": iri, "decisions": n} for lbl, iri, n in self.partners],
        }


def provision_ranking(source: Store | Corpus | nx.Graph, partners: int = 3) -> list[ProvisionRank]:
    """Every cited item ranked by PageRank on the co-citation graph (then decisions citing it, then label)."""
    g = source if isinstance(source, nx.Graph) else cocitation_graph(source)
    pr = pagerank(g)
    order = sorted(g, key=lambda v: (-round(pr[v], 9), -g.nodes[v]["decisions"], g.nodes[v]["label"], v))
    ranking = []
    for rank, v in enumerate(order, start=1):
        near = sorted(g[v].items(), key=lambda kv: (-kv[1]["weight"], g.nodes[kv[0]]["label"], kv[0]))[:partners]
        ranking.append(
            ProvisionRank(
                rank,
                v,
                g.nodes[v]["label"],
                g.nodes[v]["kind"],
                pr[v],
                g.degree(v),
                g.nodes[v]["decisions"],
                tuple((g.nodes[u]["label"], u, d["weight"]) for u, d in near),
            )
        )
    return ranking


# --- communities -------------------------------------------------------------------

#: Kinds of item that describe a community, and how many of each to show.
DESCRIBE = {"provision": 3, "fault": 2, "category": 2}


@dataclass(frozen=True, slots=True)
class Trait:
    """An item typical of a community: the share of its decisions having it, against the share of all decisions."""

    kind: str
    iri: str
    label: str
    share: float
    overall: float

    def __str__(self) -> str:
        return f"{self.label} ({self.share:.0%})"

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "iri": self.iri,
            "label": self.label,
            "share": round(self.share, 4),
            "overall": round(self.overall, 4),
        }


@dataclass(frozen=True, slots=True)
class Community:
    """Decisions Louvain put together, numbered from 1 by size, and what characterises them."""

    number: int
    members: tuple[DecisionInfo, ...]
    traits: dict[str, tuple[Trait, ...]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.members)

    def to_json(self) -> dict:
        return {
            "community": self.number,
            "size": self.size,
            "decisions": [d.reference for d in self.members],
            **{kind: [t.to_json() for t in traits] for kind, traits in self.traits.items()},
        }


def _traits(corpus: Corpus, members: list[int], df: dict[str, Counter]) -> dict[str, tuple[Trait, ...]]:
    """Per kind, items ranked by ``share · ln(1 + share / overall)``: frequent here, and more so than elsewhere."""
    traits = {}
    n, size = len(corpus), len(members)
    for kind, top in DESCRIBE.items():
        here = Counter(iri for i in members for iri in corpus.items.get(kind, ((),) * n)[i])
        scored = []
        for iri, count in here.items():
            share, overall = count / size, df[kind][iri] / n
            scored.append((-share * math.log1p(share / overall), corpus.label(iri), iri, share, overall))
        scored.sort()
        traits[kind] = tuple(Trait(kind, iri, label, share, overall) for _, label, iri, share, overall in scored[:top])
    return traits


def communities(
    source: Store | Corpus | SimilarityIndex, k: int = 10, resolution: float = 1.0, seed: int = 42
) -> list[Community]:
    """Louvain communities (seeded) of the ``k``-nearest-neighbour similarity graph, largest first.

    A decision sharing nothing with any other is a community of its own.
    """
    index = (
        source
        if isinstance(source, SimilarityIndex)
        else SimilarityIndex(source if isinstance(source, Corpus) else load_corpus(source))
    )
    corpus = index.corpus
    g = similarity_graph(index, k)
    parts = nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)
    position = {d.iri: i for i, d in enumerate(corpus.decisions)}
    groups = sorted((sorted(position[v] for v in part) for part in parts), key=lambda m: (-len(m), m[0]))
    df = {kind: Counter(iri for row in corpus.items.get(kind, ()) for iri in row) for kind in DESCRIBE}
    return [
        Community(number, tuple(corpus.decisions[i] for i in members), _traits(corpus, members, df))
        for number, members in enumerate(groups, start=1)
    ]


# --- recurrence ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recurrence:
    """The same fault type found at the same authority in several decisions, in date order (undated last)."""

    authority: str
    authority_iri: str
    fault_type: str
    fault_type_iri: str
    decisions: tuple[DecisionInfo, ...]

    @property
    def span_days(self) -> int | None:
        days = [d.date for d in self.decisions if d.date]
        return (max(days) - min(days)).days if len(days) > 1 else None

    def to_json(self) -> dict:
        return {
            "authority": self.authority,
            "authority_iri": self.authority_iri,
            "fault_type": self.fault_type,
            "fault_type_iri": self.fault_type_iri,
            "count": len(self.decisions),
            "span_days": self.span_days,
            "decisions": [
                {"reference": d.reference, "date": d.date and d.date.isoformat(), "iri": d.iri} for d in self.decisions
            ],
        }


def _matches_authority(corpus: Corpus, wanted: str) -> set[str]:
    names = {iri: corpus.label(iri) for row in corpus.items["authority"] for iri in row}
    key = wanted.strip().casefold()
    exact = {iri for iri, name in names.items() if iri == wanted.strip() or name.casefold() == key}
    found = exact or {iri for iri, name in names.items() if key and key in name.casefold()}
    if not found:
        near = difflib.get_close_matches(wanted, sorted(set(names.values())), n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(near)}?" if near else "; `kg authorities --all` lists them"
        raise NotFoundError(f"no authority named like {wanted!r} in the store{hint}")
    return found


def _within(dates: list[date], years: float) -> list[bool]:
    """For dates in order: is each within ``years`` of another one?"""
    limit = years * 365.25
    keep = [False] * len(dates)
    for i in range(1, len(dates)):
        if (dates[i] - dates[i - 1]).days <= limit:
            keep[i] = keep[i - 1] = True
    return keep


def recurrences(
    source: Store | Corpus, authority: str | None = None, within_years: float | None = None, min_decisions: int = 2
) -> list[Recurrence]:
    """Fault types found at the same authority in at least ``min_decisions`` decisions.

    ``authority`` keeps the authorities whose name contains it (case-insensitive; an IRI also works).
    ``within_years`` keeps only decisions dated within that many years of another one of the same
    authority and fault type (undated decisions are then left out).  Most decisions first.
    """
    if within_years is not None and within_years <= 0:
        raise InputError(f"--within-years must be positive, not {within_years}")
    corpus = source if isinstance(source, Corpus) else load_corpus(source, ("fault", "authority"))
    wanted = _matches_authority(corpus, authority) if authority else None
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in range(len(corpus)):
        for a in corpus.items["authority"][i]:
            if wanted is None or a in wanted:
                for f in corpus.items["fault"][i]:
                    groups[(a, f)].append(i)
    found = []
    for (a, f), members in groups.items():
        decisions = sorted(
            (corpus.decisions[i] for i in members), key=lambda d: (d.date is None, d.date or date.min, d.reference)
        )
        if within_years is not None:
            dated = [d for d in decisions if d.date]
            decisions = [d for d, keep in zip(dated, _within([d.date for d in dated if d.date], within_years)) if keep]
        if len(decisions) >= max(min_decisions, 2):
            found.append(Recurrence(corpus.label(a), a, corpus.label(f), f, tuple(decisions)))
    found.sort(key=lambda r: (-len(r.decisions), r.authority, r.fault_type, r.authority_iri, r.fault_type_iri))
    return found


# --- paths -----------------------------------------------------------------------------

#: Kinds of item a path may pass through, by default.
PATH_KINDS = ("provision", "fault", "authority")


@dataclass(frozen=True, slots=True)
class Link:
    """One step of a path: two decisions and the item they share."""

    source: DecisionInfo
    kind: str
    iri: str
    label: str
    decisions: int  # how many decisions share the item
    target: DecisionInfo

    @property
    def phrase(self) -> str:
        return phrase(self.kind, self.label)

    def to_json(self) -> dict:
        return {
            "from": self.source.reference,
            "to": self.target.reference,
            "kind": self.kind,
            "iri": self.iri,
            "label": self.label,
            "decisions": self.decisions,
            "phrase": self.phrase,
        }


def explain_path(source: Store | Corpus, ref1: str, ref2: str, via: tuple[str, ...] = PATH_KINDS) -> list[Link]:
    """The shortest chain of shared items from decision ``ref1`` to ``ref2`` (empty if they are the same).

    Fewest steps first; among those, the most telling items: the largest sum of their weights
    (:data:`kg.graph.similarity.WEIGHTS` of the kind times ln(1 + N / decisions having the item)).
    NotFoundError if the two are not connected through items of ``via``.
    """
    bad = [k for k in via if k not in KINDS]
    if bad or not via:
        raise InputError(
            f"cannot link decisions through {', '.join(bad) or 'nothing'}; choose from: {', '.join(KINDS)}"
        )
    corpus = source if isinstance(source, Corpus) else load_corpus(source, via)
    a, b = corpus.position(ref1), corpus.position(ref2)
    if a == b:
        return []
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in range(len(corpus)):
        for feature in corpus.features(i, via):
            postings[feature].append(i)
    n = len(corpus)  # an item's weight, as in similarity: kind weight x ln(1 + N / decisions having it)
    weight = {f: WEIGHTS.get(f[0], 1.0) * math.log1p(n / len(ds)) for f, ds in postings.items()}
    # Dijkstra over decisions, a step going through one shared item; the cost (steps, -sum of weights)
    # grows with every step, so the first path to reach a decision is the shortest, then the most telling
    best: dict[int, tuple[int, float]] = {a: (0, 0.0)}
    back: dict[int, tuple[int, tuple[str, str]]] = {}
    done: set[int] = set()
    used: set[tuple[str, str]] = set()
    heap = [(0, 0.0, a)]
    while heap:
        steps, cost, i = heapq.heappop(heap)
        if i in done:
            continue
        done.add(i)
        if i == b:
            break
        for feature in sorted(corpus.features(i, via), key=lambda f: (-weight[f], KINDS.index(f[0]), f[1])):
            if feature in used:  # an item's decisions are all reached at its first (cheapest) use
                continue
            used.add(feature)
            new = (steps + 1, round(cost - weight[feature], 9))
            for j in postings[feature]:
                if j not in done and (j not in best or new < best[j]):
                    best[j] = new
                    back[j] = (i, feature)
                    heapq.heappush(heap, (new[0], new[1], j))
    if b not in done:
        kinds = ", ".join(via)
        raise NotFoundError(
            f"{corpus.decisions[a].reference} and {corpus.decisions[b].reference} share no chain of "
            f"items ({kinds}); try --via with more kinds"
        )
    links = []
    j = b
    while j != a:
        i, (kind, iri) = back[j]
        links.append(
            Link(corpus.decisions[i], kind, iri, corpus.label(iri), len(postings[(kind, iri)]), corpus.decisions[j])
        )
        j = i
    return links[::-1]
