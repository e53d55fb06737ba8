"""Decision similarity: IDF-weighted Jaccard over shared items, with exact top-k from an inverted index.

Each decision is a set of items (see :data:`kg.graph.corpus.KINDS`).  An
item ``f`` of kind ``k`` shared by ``df(f)`` of the ``N`` decisions weighs ::

    w(f) = WEIGHTS[k] * ln(1 + N / df(f))

so an item every decision has (the Local Government Act 1974 s26(1), cited
in nearly all of them) weighs ``ln 2 ≈ 0.69`` times its kind's weight, while
a provision cited by one decision in a thousand weighs about ten times that.
The similarity of decisions ``A`` and ``B`` is the weighted Jaccard index ::

    sim(A, B) = Σ w(f) over f in A ∩ B  /  Σ w(f) over f in A ∪ B

between 0 (nothing shared) and 1 (the same items): symmetric, and an exact
copy of a decision scores 1, above anything else.  Each shared item's
*contribution* is ``w(f) / Σ_{A ∪ B} w``, so the contributions of an
explanation add up to the score.

Top-k without comparing all pairs: every item has an inverted index (the
decisions having it), and the (up to 64) most frequent ones (fault,
injustice and remedy types, category groups, the ubiquitous provisions) also
a dense membership row.  Candidates for ``A`` come from the postings of its
items, rarest first; a decision that is not a candidate shares at most the
frequent items not yet taken, so once the k-th best candidate scores above
that bound the answer is exact.  If the postings grow past a third of the
corpus first, everyone is scored at once with vectorised arithmetic (on a
corpus with few distinct items, as the synthetic ones are, that is common).
Scores are recomputed for the winners with :func:`math.fsum`, so they do not
depend on summation order (``sim(A, B) == sim(B, A)`` exactly).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kg.graph.corpus import KINDS, Corpus, DecisionInfo, phrase

__all__ = ["WEIGHTS", "Match", "SharedItem", "SimilarityIndex"]

#: The weight of each kind of item before IDF (see the module docstring).
WEIGHTS: dict[str, float] = {
    "provision": 1.0,  # a statute provision, Act or guidance document cited
    "fault": 2.0,  # a fault type found: the heart of the finding
    "injustice": 1.0,  # an injustice type found
    "remedy": 1.0,  # a remedy type agreed or recommended
    "category": 1.5,  # the same subcategory ("Children's care services > Other")
    "area": 0.5,  # the same top-level category group ("Children's care services")
    "authority": 1.0,  # the same council or body
}

_COMMON = 64
_EPS = 1e-9
_BUDGET = 1 / 3  # share of the decisions whose postings are read before everyone is scored instead


@dataclass(frozen=True, slots=True)
class SharedItem:
    """An item two decisions share, its weight and its share of their similarity."""

    kind: str
    iri: str
    label: str
    weight: float
    contribution: float
    decisions: int  # how many decisions of the corpus have it

    @property
    def phrase(self) -> str:
        return phrase(self.kind, self.label)

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "iri": self.iri,
            "label": self.label,
            "weight": round(self.weight, 6),
            "contribution": round(self.contribution, 6),
            "decisions": self.decisions,
            "phrase": self.phrase,
        }


@dataclass(frozen=True, slots=True)
class Match:
    """A decision similar to another: its score and the items they share, largest contribution first."""

    decision: DecisionInfo
    score: float
    shared: tuple[SharedItem, ...]

    @property
    def explanation(self) -> str:
        return "; ".join(s.phrase for s in self.shared)

    def to_json(self) -> dict:
        return {
            **self.decision.to_json(),
            "score": round(self.score, 6),
            "shared": [s.to_json() for s in self.shared],
            "explanation": self.explanation,
        }


class SimilarityIndex:
    """Weighted items of every decision of a corpus, an inverted index over them and top-k search."""

    def __init__(self, corpus: Corpus, weights: dict[str, float] | None = None, common: int = _COMMON) -> None:
        """Index ``corpus``; the ``common`` most frequent items also get a dense row (any number gives the same answers)."""
        if common < 0:
            raise ValueError(f"common must not be negative, not {common}")
        self.corpus = corpus
        self._budget, self._floor = _BUDGET, 2048
        self.weights = dict(WEIGHTS if weights is None else weights)
        n = self.n = len(corpus)
        kinds = [k for k in KINDS if k in corpus.items and self.weights.get(k, 0) > 0]
        fid: dict[tuple[str, str], int] = {}
        rows: list[list[int]] = []
        for i in range(n):
            row = []
            for feature in corpus.features(i, kinds):
                row.append(fid.setdefault(feature, len(fid)))
            rows.append(sorted(set(row)))
        self.features = list(fid)  # fid -> (kind, iri)
        nf = len(self.features)
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=n)
        flat = np.fromiter((f for r in rows for f in r), dtype=np.int64, count=int(lengths.sum()))
        owner = np.repeat(np.arange(n, dtype=np.int64), lengths)
        self.df = np.bincount(flat, minlength=nf).astype(np.int64)
        kind_w = np.array([self.weights[k] for k, _ in self.features], dtype=np.float64)
        self.w = kind_w * np.log1p(n / np.maximum(self.df, 1)) if nf else np.zeros(0)
        self.rows = [np.array(r, dtype=np.int64) for r in rows]
        self._sets = [frozenset(r) for r in rows]
        self._wlist = self.w.tolist()
        self.size = np.array([math.fsum(self._wlist[f] for f in r) for r in rows], dtype=np.float64)
        # inverted index: postings[f] = decisions having f, ascending (CSR)
        order = np.argsort(flat, kind="stable")
        self._post = owner[order]
        self._ptr = np.concatenate(([0], np.cumsum(self.df)))
        # the most frequent items, each as a row of a dense membership matrix
        by_df = sorted(range(nf), key=lambda f: (-self.df[f], self.features[f]))
        frequent = [f for f in by_df[:common] if self.df[f] > 1]
        self.bit = np.full(nf, -1, dtype=np.int64)  # row of the matrix, or -1: through the postings only
        self.bit[frequent] = np.arange(len(frequent))
        self._member = np.zeros((len(frequent), n), dtype=bool)
        for f in frequent:
            self._member[self.bit[f], self._postings(f)] = True
        rank = np.empty(nf, dtype=np.int64)  # the order _scores takes items in: rare ones, then the rarest first
        rank[np.lexsort((np.arange(nf), self.df, self.bit >= 0))] = np.arange(nf)
        self._by_df = [r[np.argsort(rank[r])].tolist() if len(r) else [] for r in self.rows]

    # --- scores ------------------------------------------------------------------

    def _postings(self, f: int) -> np.ndarray:
        """The decisions having item ``f``, ascending."""
        return self._post[self._ptr[f] : self._ptr[f + 1]]

    def score(self, a: int, b: int) -> float:
        """The similarity of decisions ``a`` and ``b`` (positions in the corpus); exactly symmetric."""
        fa, fb = self._sets[a], self._sets[b]
        union = math.fsum(self._wlist[f] for f in fa | fb)
        return math.fsum(self._wlist[f] for f in fa & fb) / union if union > 0 else 0.0

    def shared(self, a: int, b: int) -> tuple[SharedItem, ...]:
        """The items ``a`` and ``b`` both have, largest contribution first (ties: kind order, then label)."""
        fa, fb = self._sets[a], self._sets[b]
        union = math.fsum(self._wlist[f] for f in fa | fb)
        items = []
        for f in fa & fb:
            kind, iri = self.features[f]
            items.append(
                SharedItem(kind, iri, self.corpus.label(iri), self._wlist[f], self._wlist[f] / union, int(self.df[f]))
            )
        items.sort(key=lambda s: (-round(s.contribution, 12), KINDS.index(s.kind), s.label, s.iri))
        return tuple(items)

    def _scores(self, a: int, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Decisions that may be among the k most similar to ``a`` (everyone, when in doubt), with approximate scores.

        Items of ``a`` are taken rarest first, their postings giving the candidates; the frequent
        items not taken yet are matched through the membership matrix.  A decision outside the
        candidates shares at most those, so once the k-th candidate beats that bound the
        candidates suffice.
        """
        row, size_a, n = self._by_df[a], self.size[a], self.n
        budget = max(self._floor, int(n * self._budget))  # postings worth reading before scoring everyone
        acc, seen = np.zeros(n), np.zeros(n, dtype=bool)  # weight shared through taken items; reached
        taken, i = 0, 0

        def take(f: int) -> int:
            p = self._postings(f)
            acc[p] += self._wlist[f]
            seen[p] = True
            return len(p)

        while i < len(row) and self.bit[row[i]] < 0:
            taken, i = taken + take(row[i]), i + 1
        rest = row[i:]  # frequent items not taken yet, rarest first
        while 0 < taken <= budget:
            cand = np.flatnonzero(seen)
            shared = acc[cand]
            for f in rest:
                shared = shared + self._wlist[f] * self._member[self.bit[f], cand]
            score = shared / (size_a + self.size[cand] - shared)
            score[cand == a] = -1.0
            bound = math.fsum(self._wlist[f] for f in rest) / size_a
            if (score > 0).sum() >= k and np.partition(score, len(score) - k)[len(score) - k] > bound + _EPS:
                return cand, score
            if not rest or taken + int(self.df[rest[0]]) > budget:
                break
            taken, rest = taken + take(rest[0]), rest[1:]
        for f in rest:  # score everyone
            acc += self._wlist[f] * self._member[self.bit[f]]
        with np.errstate(invalid="ignore", divide="ignore"):
            score = np.where(acc > 0, acc / (size_a + self.size - acc), 0.0)
        score[a] = -1.0
        return np.arange(n), score

    def top(self, a: int, k: int = 10) -> list[tuple[int, float]]:
        """The ``k`` decisions most similar to decision ``a``: ``(position, score)``, best first.

        Ties are broken by reference; decisions sharing nothing are never listed.
        """
        if k <= 0 or self.n < 2 or self.size[a] <= 0:
            return []
        cand, approx = self._scores(a, k)
        keep = approx > 0
        cand, approx = cand[keep], np.round(approx[keep], 9)
        if len(cand) > k:  # best approximate scores first, then corpus (= reference) order
            kth = np.partition(approx, len(approx) - k)[len(approx) - k]
            near = approx >= kth
            cand, approx = cand[near], approx[near]
            cand = cand[np.lexsort((cand, -approx))[:k]]
        scored = [(b, self.score(a, b)) for b in cand.tolist()]
        scored.sort(key=lambda bs: (-round(bs[1], 9), bs[0]))
        return scored

    def matches(self, a: int, k: int = 10) -> list[Match]:
        """:meth:`top` with each decision's details and the items it shares with ``a``."""
        return [Match(self.corpus.decisions[b], s, self.shared(a, b)) for b, s in self.top(a, k)]

    def all_top(self, k: int = 10) -> list[list[tuple[int, float]]]:
        """:meth:`top` for every decision, in corpus order (remembered: a smaller ``k`` reuses the answer)."""
        cached = getattr(self, "_all_top", None)
        if cached is None or cached[0] < k:
            cached = self._all_top = (k, [self.top(a, k) for a in range(self.n)])
        return cached[1] if cached[0] == k else [best[:k] for best in cached[1]]
