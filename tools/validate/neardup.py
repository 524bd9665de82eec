"""MinHash signatures over word 3-grams, and the file-wide duplicate analyses.

Signatures are 16 minima per example, each kept as the low 16 bits of a 32-bit minimum
(32 bytes an example; two different minima collide with probability 1/65,536, which barely
moves the estimate). Candidates come from 4 LSH bands of 4 rows and are confirmed when at
least 13 of 16 agree (estimated Jaccard similarity >= 0.8).
"""

from __future__ import annotations

import numpy as np

N_PERM, BANDS, ROWS, MIN_AGREE = 16, 4, 4, 13
SHINGLE = 3
EMPTY = np.uint16(0xFFFF)
_rng = np.random.default_rng(20261123)
_A = (_rng.integers(1, 2**32, size=(N_PERM, 1), dtype=np.uint64) | 1).astype(np.uint32)
_B = _rng.integers(0, 2**32, size=(N_PERM, 1), dtype=np.uint64).astype(np.uint32)
_M = (np.uint32(0x9E3779B1), np.uint32(0x85EBCA77), np.uint32(0xC2B2AE3D))


def signatures(word_ids: np.ndarray, counts: list[int]) -> np.ndarray:
    """One (len(counts), 16) uint32 signature per example from its word ids (flat).

    Word ids come from Python's str hash, which is salted per interpreter: workers share
    it because they are forked from one parent.
    """
    n = len(counts)
    out = np.full((n, N_PERM), EMPTY, dtype=np.uint16)
    if word_ids.size < SHINGLE:
        return out
    t = word_ids
    ids = np.repeat(np.arange(n), counts)
    with np.errstate(over="ignore"):
        sh = t[:-2] * _M[0] + t[1:-1] * _M[1] + t[2:]
    keep = ids[: -SHINGLE + 1] == ids[SHINGLE - 1 :]
    sh, sid = sh[keep], ids[: -SHINGLE + 1][keep]
    if sh.size == 0:
        return out
    with np.errstate(over="ignore"):
        v = _A * sh[None, :] + _B
    starts = np.flatnonzero(np.r_[True, sid[1:] != sid[:-1]])
    mins = np.minimum.reduceat(v, starts, axis=1).T
    fp = (mins & np.uint32(0xFFFF)).astype(np.uint16)
    fp[fp == EMPTY] = EMPTY - 1  # keep EMPTY for "no shingles"
    out[sid[starts]] = fp
    return out
