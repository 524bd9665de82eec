"""Keyword (BM25) ranking and its fusion with the dense ranking.

Fusion is a convex combination of normalised scores (dense cosine min-max scaled over the
candidates, BM25 divided by its best score), equal weights. It replaced reciprocal-rank fusion
because RRF throws the scores away: a section BM25 ranks first by a wide margin lost to sections
both lists rank middling (Bruch et al., "An Analysis of Fusion Functions for Hybrid Retrieval",
2023, reach the same conclusion). Chosen on the development questions only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

STOPWORDS = frozenset(
    """a an and are as at be but by can do does for from has have how i if in into is it its of on
    or our should so than that the their them then there these they this to was we what when where
    which who why will with you your us my me""".split()
)
_TOKEN = re.compile(r"[a-z0-9]+(?:[.\-/][a-z0-9]+)*")
ALPHA = 0.5  # weight of the dense score
# The kind of thing a what/which question asks for ("What JSONL *format* does Bedrock expect",
# "which *GPU* do we need"): its words count twice in the keyword ranking, so a section about
# the asked-for thing outranks one that only shares the question's names (Bedrock, Haiku). Not
# for how much/many: their noun is the unit counted ("how many *rows*"), which the answer often
# words otherwise ("examples"), and doubling it ranked the wrong section first.
_AUX = r"(?:does|do|did|is|are|was|were|should|would|will|can|could|to|for|of|per|when|in|on|at)"
ASKED_FOR = re.compile(
    rf"^\W*(?:what|which)(?:'s|\s+is|\s+are)?\s+"
    rf"((?:[\w.-]+\s+){{0,3}}?[\w.-]+)\s+{_AUX}\b",
    re.IGNORECASE,
)


def tokenize(text: str) -> list[str]:
    """Lowercased word tokens without stopwords, with a light plural strip (apis -> api)."""
    out = []
    for tok in _TOKEN.findall(text.lower()):
        if tok in STOPWORDS:
            continue
        if len(tok) > 4 and tok.endswith("s") and not tok.endswith("ss"):
            tok = tok[:-1]
        out.append(tok)
    return out


def asked_for(query: str) -> list[str]:
    """The tokens of what the question asks for (empty when it is not a what/which question)."""
    m = ASKED_FOR.search(query)
    return tokenize(m.group(1)) if m else []


class BM25Ranker:
    """BM25 over a fixed list of texts (bm25s), queried by token list."""

    def __init__(self, texts: Sequence[str]) -> None:
        import bm25s

        # bm25s sets its logger to DEBUG on import, which would print on every index build.
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self._n = len(texts)
        corpus = [tokenize(t) or ["_empty_"] for t in texts]
        self._vocab = {tok for doc in corpus for tok in doc}
        self._bm25 = bm25s.BM25()
        self._bm25.index(corpus, show_progress=False)

    def rank(self, query: str, n: int) -> list[int]:
        return [i for i, _ in self.scored(query, n)]

    def scored(self, query: str, n: int) -> list[tuple[int, float]]:
        """Best-first (position, BM25 score) pairs with a positive score."""
        # a bare number in a question ("is 2,000 examples enough?") is the user's figure, not a
        # topic: matched as a word it ranks whichever section quotes the same figure first
        tokens = [
            t for t in tokenize(query) + asked_for(query) if t in self._vocab and not t.isdigit()
        ]
        if not tokens or self._n == 0:
            return []
        docs, scores = self._bm25.retrieve([tokens], k=min(n, self._n), show_progress=False)
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]


def convex_fusion(
    dense: Sequence[tuple[str, float]], sparse: Sequence[tuple[str, float]], alpha: float = ALPHA
) -> list[tuple[str, float]]:
    """Fuse (id, score) candidate lists: alpha * minmax(dense) + (1 - alpha) * sparse / max.
    An id missing from one list scores 0 there."""
    scores: dict[str, float] = {}
    if dense:
        hi, lo = max(s for _, s in dense), min(s for _, s in dense)
        span = hi - lo or 1.0
        for item, s in dense:
            scores[item] = alpha * (s - lo) / span
    if sparse:
        top = max(s for _, s in sparse) or 1.0
        for item, s in sparse:
            scores[item] = scores.get(item, 0.0) + (1 - alpha) * s / top
    return sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
