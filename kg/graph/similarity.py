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

Top-k without comparing all pairs: items are split into the (up to 64)
*common* ones with the highest ``df`` (fault, injustice and remedy types,
category groups, ubiquitous provisions), held as one 64-bit mask per
decision, and the rest, held in an inverted index.  Candidates for ``A`` are
the decisions sharing a non-common item; a decision sharing only common
items scores at most ``Σ_{common ∩ A} w / Σ_A w`` (the *bound*), so when the
k-th best candidate beats the bound the answer is exact; otherwise every
decision is scored with vectorised mask arithmetic.  Scores are recomputed
for the winners with :func:`math.fsum`, so they do not depend on summation
order (``sim(A, B) == sim(B, A)`` exactly).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kg.graph.corpus import KINDS, Corpus, DecisionInfo, phrase

__all__ = ["WEIGHTS", "Match", "SharedItem", "SimilarityIndex"]

#: The weight of each kind of item before IDF (see the module docstring).
WEIGHTS: dict[str, float] = {
    "provision": 1.0,   # a statute provision, Act or guidance document cited
    "fault": 2.0,       # a fault type found: the heart of the finding
    "injustice": 1.0,   # an injustice type found
    "remedy": 1.0,      # a remedy type agreed or recommended
    "category": 1.5,    # the same subcategory ("Children's care services > Other")
    "area": 0.5,        # the same top-level category group ("Children's care services")
    "authority": 1.0,   # the same council or body
}

_COMMON = 64
_EPS = 1e-9


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
        return {"kind": self.kind, "iri": self.iri, "label": self.label, "weight": round(self.weight, 6),
                "contribution": round(self.contribution, 6), "decisions": self.decisions, "phrase": self.phrase}


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
        return {**self.decision.to_json(), "score": round(self.score, 6),
                "shared": [s.to_json() for s in self.shared], "explanation": self.explanation}


class SimilarityIndex:
    """Weighted items of every decision of a corpus, an inverted index over them and top-k search."""

    def __init__(self, corpus: Corpus, weights: dict[str, float] | None = None, common: int = _COMMON) -> None:
        """Index ``corpus``; ``common`` (at most 64) items go in the masks (any number gives the same answers)."""
        if not 0 <= common <= 64:
            raise ValueError(f"common must be between 0 and 64, not {common}")
        self.corpus = corpus
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
        # the most frequent items, as bits of one mask per decision
        by_df = sorted(range(nf), key=lambda f: (-self.df[f], self.features[f]))
        common = [f for f in by_df[:common] if self.df[f] > 1]
        self.bit = np.full(nf, -1, dtype=np.int64)
        self.bit[common] = np.arange(len(common))
        self.masks = np.zeros(n, dtype=np.uint64)
        if common and len(flat):
            bits = self.bit[flat]
            has = bits >= 0
            np.bitwise_or.at(self.masks, owner[has], np.left_shift(np.uint64(1), bits[has].astype(np.uint64)))
        rank = np.empty(nf, dtype=np.int64)  # the order _scores takes items in: not in the masks, then rarest
        rank[np.lexsort((np.arange(nf), self.df, self.bit >= 0))] = np.arange(nf)
        self._by_df = [r[np.argsort(rank[r])] if len(r) else r for r in self.rows]
        self._tables = np.zeros((4, 1 << 16), dtype=np.float64)  # weighted popcount, 16 bits at a time
        values = np.arange(1 << 16, dtype=np.int64)
        for f in common:
            word, bit = divmod(int(self.bit[f]), 16)
            self._tables[word][(values >> bit) & 1 == 1] += self.w[f]

    # --- scores ------------------------------------------------------------------

    def _wpop(self, masks: np.ndarray) -> np.ndarray:
        """The total weight of the common items each mask holds."""
        words = np.asarray(masks, dtype="<u8").view(np.uint16).reshape(-1, 4)  # word j: bits 16j..16j+15
        return (self._tables[0][words[:, 0]] + self._tables[1][words[:, 1]]
                + self._tables[2][words[:, 2]] + self._tables[3][words[:, 3]])

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
            items.append(SharedItem(kind, iri, self.corpus.label(iri), self._wlist[f],
                                    self._wlist[f] / union, int(self.df[f])))
        items.sort(key=lambda s: (-round(s.contribution, 12), KINDS.index(s.kind), s.label, s.iri))
        return tuple(items)

    def _scores(self, a: int, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Decisions that may be among the k most similar to ``a`` (everyone, when in doubt), with approximate scores.

        Items of ``a`` are taken rarest first, their postings giving the candidates; the items not
        taken yet are matched through the masks.  A decision outside the candidates shares at most
        the items not taken, so once the k-th candidate beats that bound the candidates suffice.
        """
        row, ma, size_a = self._by_df[a], self.masks[a], self.size[a]
        budget = max(2048, self.n // 8)  # postings worth reading before scoring everyone is cheaper
        spans: list[np.ndarray] = []
        weights: list[float] = []
        taken, i = 0, 0
        while i < len(row) and self.bit[row[i]] < 0:  # items not in the masks come first
            f = int(row[i])
            spans.append(self._post[self._ptr[f]:self._ptr[f + 1]])
            weights.append(self._wlist[f])
            taken, i = taken + int(self.df[f]), i + 1
        rest = ma
        while spans and taken <= budget:
            uniq, inverse = np.unique(np.concatenate(spans), return_inverse=True)
            shared = np.bincount(inverse, weights=np.repeat(weights, [len(x) for x in spans]))
            shared += self._wpop(self.masks[uniq] & rest)
            score = shared / (size_a + self.size[uniq] - shared)
            score[uniq == a] = -1.0
            bound = float(self._wpop(np.array([rest], dtype=np.uint64))[0]) / size_a
            if (score > 0).sum() >= k and np.partition(score, len(score) - k)[len(score) - k] > bound + _EPS:
                return uniq, score
            if i >= len(row) or taken + int(self.df[row[i]]) > budget:
                break
            f = int(row[i])  # take the next (common) item through its postings instead of the masks
            spans.append(self._post[self._ptr[f]:self._ptr[f + 1]])
            weights.append(self._wlist[f])
            rest &= ~np.uint64(1 << int(self.bit[f]))
            taken, i = taken + int(self.df[f]), i + 1
        shared = self._wpop(self.masks & ma)  # everyone: common items by mask, rare ones by postings
        for f in row.tolist():
            if self.bit[f] < 0:
                shared[self._post[self._ptr[f]:self._ptr[f + 1]]] += self._wlist[f]
        with np.errstate(invalid="ignore", divide="ignore"):
            score = np.where(shared > 0, shared / (size_a + self.size - shared), 0.0)
        score[a] = -1.0
        return np.arange(self.n), score

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
