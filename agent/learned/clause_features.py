"""Word features for the learned clause reader, beside the MiniLM embedding: MiniLM puts "we
can share the data with OpenAI" and "we can't share the data with OpenAI" almost on top of
each other, so polarity is read from the words. Each clause becomes hashed unigrams and
bigrams in which every word inside a negation's scope is marked (the classic NOT_ marking:
from a negator to the next punctuation or contrast word), so "can't share" and "can share"
differ, and "no issue with hosted APIs" is not "issue with hosted APIs". Scripts written without
spaces (Chinese, Japanese, Korean) have no words to split on, so a run of their characters
becomes its characters and character pairs ("知识库" -> 知, 识, 库, 知识, 识库), the usual
unsegmented reading of such text."""

from __future__ import annotations

import re
import zlib

import numpy as np

DIM = 2048
WEIGHT = 1.0  # the n-gram vector's length next to the unit-length embedding
# Chinese, Japanese and Korean characters (a message in one of them reads numbers differently)
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
VERSION = 2  # the token rules; part of every cached reader's key (2: CJK characters)

NEGATORS = {
    "not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "without",
    "cannot", "nowhere", "noone", "hardly", "barely",
}  # fmt: skip
SCOPE_END = {"but", "however", "yet", "although", "though", "except", "still", "so"}
TOKEN = re.compile(rf"[a-z0-9]+(?:'[a-z]+)?|[%$]|[.,;:!?()]|[{CJK}]+|[。，；：！？]")
CJK_RUN = re.compile(rf"[{CJK}]+")
CJK_PUNCT = {"。": ".", "，": ",", "；": ";", "：": ":", "！": "!", "？": "?"}


def tokens(clause: str) -> list[str]:
    """Lower-cased words with negation marked: "we can't share it, but" ->
    [we, can, not, NOT_share, NOT_it, ",", but]."""
    out: list[str] = []
    scope = False
    for tok in TOKEN.findall(clause.lower().replace("’", "'")):
        tok = CJK_PUNCT.get(tok, tok)
        if CJK_RUN.fullmatch(tok):
            out += list(tok) + [tok[i : i + 2] for i in range(len(tok) - 1)]
            continue
        if tok.endswith("n't"):
            out.append(tok[:-3] or tok)
            tok = "not"
        if tok in ".,;:!?()" or tok in SCOPE_END:
            scope = False
            out.append(tok)
            continue
        if tok in NEGATORS:
            out.append(tok)
            scope = True
            continue
        out.append("NOT_" + tok if scope else tok)
    return out


def _bucket(gram: str) -> int:
    return zlib.crc32(gram.encode()) % DIM


def ngram_vectors(clauses: list[str]) -> np.ndarray:
    """Binary hashed unigrams and bigrams, scaled to length WEIGHT."""
    out = np.zeros((len(clauses), DIM), dtype=np.float32)
    for i, clause in enumerate(clauses):
        toks = [t for t in tokens(clause) if t not in ".,;:!?()"]
        grams = toks + [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]
        for g in grams:
            out[i, _bucket(g)] = 1.0
        norm = float(np.linalg.norm(out[i]))
        if norm:
            out[i] *= WEIGHT / norm
    return out


def features(clauses: list[str], vectors: np.ndarray) -> np.ndarray:
    """The embedding and the marked n-grams side by side."""
    return np.hstack([np.asarray(vectors, dtype=np.float32), ngram_vectors(clauses)])
