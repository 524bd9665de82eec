"""Keyword (BM25) ranking and reciprocal-rank fusion with the dense ranking."""

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
RRF_K = 60


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
        tokens = [t for t in tokenize(query) if t in self._vocab]
        if not tokens or self._n == 0:
            return []
        docs, scores = self._bm25.retrieve([tokens], k=min(n, self._n), show_progress=False)
        return [int(d) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]], k: int = RRF_K
) -> list[tuple[str, float]]:
    """Fuse several best-first id lists: score(id) = sum 1 / (k + rank)."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
