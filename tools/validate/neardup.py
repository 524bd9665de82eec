"""MinHash signatures over word 3-grams, and the file-wide duplicate analyses.

Signatures are 16 uint32 minima per example (64 bytes), computed a batch at a time with
numpy; candidates come from 4 LSH bands of 4 rows and are confirmed when at least 13 of 16
minima agree (estimated Jaccard similarity >= 0.8).
"""

from __future__ import annotations

import numpy as np

N_PERM, BANDS, ROWS, MIN_AGREE = 16, 4, 4, 13
SHINGLE = 3
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
    out = np.full((n, N_PERM), np.iinfo(np.uint32).max, dtype=np.uint32)
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
    out[sid[starts]] = np.minimum.reduceat(v, starts, axis=1).T
    return out


def _groups(keys: np.ndarray):
    """Yield index arrays (in file order) of entries sharing a key, for groups of 2+."""
    order = np.argsort(keys, kind="stable")
    k = keys[order]
    same = k[1:] == k[:-1]
    if not same.any():
        return
    # Only the runs of equal keys are visited; unique keys cost nothing beyond the sort.
    edges = np.diff(np.r_[0, same.astype(np.int8), 0])
    for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
        yield order[a : b + 1]


def exact_duplicates(h_full: np.ndarray) -> list[tuple[int, int]]:
    """(index, index of its first occurrence) for every repeat."""
    return [(int(i), int(g[0])) for g in _groups(h_full) for i in g[1:]]


def conflicts(h_in: np.ndarray, h_out: np.ndarray) -> list[tuple[int, int]]:
    """(index, earlier index) where the same input has a different output."""
    found = []
    for g in _groups(h_in):
        outs = h_out[g]
        if np.all(outs == outs[0]):
            continue
        for j in range(1, g.size):
            if outs[j] != outs[0]:
                found.append((int(g[j]), int(g[0])))
    return found


def near_duplicates(sig: np.ndarray, skip: set[int]) -> list[tuple[int, int, float]]:
    """(index, earlier index, estimated Jaccard) for near-duplicates not already in `skip`."""
    if sig.shape[0] < 2:
        return []
    found: dict[int, tuple[int, float]] = {}
    s64 = sig.astype(np.uint64)
    empty = np.all(sig == np.iinfo(np.uint32).max, axis=1)
    for b in range(BANDS):
        cols = s64[:, b * ROWS : (b + 1) * ROWS]
        with np.errstate(over="ignore"):
            key = (
                cols[:, 0] * np.uint64(0x9E3779B97F4A7C15)
                ^ cols[:, 1] * np.uint64(0xC2B2AE3D27D4EB4F)
                ^ cols[:, 2] * np.uint64(0x165667B19E3779F9)
                ^ cols[:, 3]
            )
        for g in _groups(key):
            first = int(g[0])
            if empty[first]:
                continue
            agree = (sig[g[1:]] == sig[first]).sum(axis=1)
            for idx, a in zip(g[1:], agree, strict=True):
                i = int(idx)
                if a >= MIN_AGREE and i not in skip and i not in found:
                    found[i] = (first, a / N_PERM)
    return [(i, j, sim) for i, (j, sim) in sorted(found.items())]
