"""MinHash signatures over word 3-grams, and the file-wide duplicate analyses.

Signatures are 32 minima per example, each kept as the low 16 bits of a 32-bit minimum
(64 bytes an example; two different minima collide with probability 1/65,536, which barely
moves the estimate). Candidates come from 8 LSH bands of 4 rows and are confirmed when at
least 24 of 32 agree (estimated Jaccard similarity >= 0.75). With 32 minima a pair at
similarity 0.93 is missed about once in 10,000, and a pair at 0.36 (a shared template) is
flagged about once in a million comparisons.
"""

from __future__ import annotations

import numpy as np

N_PERM, BANDS, ROWS, MIN_AGREE = 32, 8, 4, 24
SHINGLE = 3
MIN_LEFT = 3  # shingles a row needs besides shared text to be compared on them alone
PERM_BLOCK = 8
EMPTY = np.uint16(0xFFFF)
_rng = np.random.default_rng(20261123)
_A = (_rng.integers(1, 2**32, size=(N_PERM, 1), dtype=np.uint64) | 1).astype(np.uint32)
_B = _rng.integers(0, 2**32, size=(N_PERM, 1), dtype=np.uint64).astype(np.uint32)
_M = (np.uint32(0x9E3779B1), np.uint32(0x85EBCA77), np.uint32(0xC2B2AE3D))


def shingles(word_ids: np.ndarray, counts: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """(shingle hash, example index) of every word 3-gram inside one example."""
    n = len(counts)
    if word_ids.size < SHINGLE:
        return np.empty(0, np.uint32), np.empty(0, np.int64)
    t = word_ids
    ids = np.repeat(np.arange(n), counts)
    with np.errstate(over="ignore"):
        sh = t[:-2] * _M[0] + t[1:-1] * _M[1] + t[2:]
    keep = ids[: -SHINGLE + 1] == ids[SHINGLE - 1 :]
    return sh[keep], ids[: -SHINGLE + 1][keep]


def signatures(
    word_ids: np.ndarray, counts: list[int], boilerplate: np.ndarray | None = None
) -> np.ndarray:
    """One (len(counts), N_PERM) uint16 signature per example from its word ids (flat),
    leaving out the `boilerplate` shingles: those of text that several rows share verbatim.

    Word ids are CRC-32 of the word (tokens._word_id): the same in every run and worker.
    """
    n = len(counts)
    out = np.full((n, N_PERM), EMPTY, dtype=np.uint16)
    sh, sid = shingles(word_ids, counts)
    if boilerplate is not None and sh.size:
        keep = ~np.isin(sh, boilerplate)
        # a row that is nearly all shared text is compared whole: what is left is too
        # little to say anything (a greeting, an id)
        left = np.bincount(sid[keep], minlength=n)
        keep |= left[sid] < MIN_LEFT
        sh, sid = sh[keep], sid[keep]
    if sh.size == 0:
        return out
    starts = np.flatnonzero(np.r_[True, sid[1:] != sid[:-1]])
    mins = np.empty((starts.size, N_PERM), dtype=np.uint32)
    for k in range(0, N_PERM, PERM_BLOCK):  # a few permutations at a time: small temporaries
        with np.errstate(over="ignore"):
            v = _A[k : k + PERM_BLOCK] * sh[None, :] + _B[k : k + PERM_BLOCK]
        mins[:, k : k + PERM_BLOCK] = np.minimum.reduceat(v, starts, axis=1).T
    fp = (mins & np.uint32(0xFFFF)).astype(np.uint16)
    fp[fp == EMPTY] = EMPTY - 1  # keep EMPTY for "no shingles"
    out[sid[starts]] = fp
    return out
