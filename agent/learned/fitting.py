"""What the learned readers share: a multinomial logistic regression fitted by gradient
descent (numpy only, so the question path needs no torch), its class probabilities, its weights
kept as .npz files beside the ONNX export keyed by the training data's hash, and the
labelled-row loader."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from tunewise.knowledge.embeddings import onnx_path

STEPS = 1500
L2 = 0.0001


def fit(
    x: np.ndarray,
    y: np.ndarray,
    k: int,
    steps: int = 0,
    lr: float = 4.0,
    sample_weight: np.ndarray | None = None,
) -> np.ndarray:
    """Multinomial logistic regression (weights incl. bias) by gradient descent, L2 penalty;
    `sample_weight` (mean 1) lets a rare class count as much as a common one."""
    xb = np.hstack([x, np.ones((len(x), 1), dtype=np.float32)])
    w = np.zeros((xb.shape[1], k), dtype=np.float32)
    onehot = np.eye(k, dtype=np.float32)[y]
    sw = np.ones((len(xb), 1), dtype=np.float32)
    if sample_weight is not None:
        sw = np.asarray(sample_weight, dtype=np.float32).reshape(-1, 1)
    for _ in range(steps or STEPS):
        z = xb @ w
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        w -= lr * (xb.T @ (sw * (p - onehot)) / len(xb) + L2 * w)
    return w


def fit_balanced(x: np.ndarray, y: np.ndarray, k: int) -> np.ndarray:
    """`fit` with every class weighing the same in total (the 'about something else' class
    outnumbers each value several times over)."""
    counts = np.bincount(y, minlength=k).astype(np.float32)
    weight = (len(y) / (k * np.maximum(counts, 1)))[y]
    return fit(x, y, k, sample_weight=weight / weight.mean())


def softmax(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Each row's class probabilities under weights `w` from `fit` (bias in the last row)."""
    z = np.hstack([x, np.ones((len(x), 1), dtype=np.float32)]) @ w
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    return p


def cached_weights(
    family: str, key: str, names: Iterable[str], train: Callable[[], dict[str, np.ndarray]]
) -> dict[str, np.ndarray]:
    """A reader's weights (one array per name) from <family>-<key>.npz beside the ONNX export,
    or trained and saved there when the file is missing, unreadable or lacks a name."""
    cache = onnx_path().parent / f"{family}-{key}.npz"
    try:
        saved = np.load(cache)
        return {name: saved[name] for name in names}
    except (OSError, KeyError, ValueError):
        pass
    arrays = train()
    store_weights(cache, arrays)
    return arrays


def read_rows(path: Path) -> list[dict]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [json.loads(x) for x in lines if x.strip()]


def store_weights(cache: Path, arrays: dict[str, np.ndarray]) -> None:
    """Save a learned reader's weights as `cache` (<family>-<key>.npz) and remove the family's
    older files (weights for training rows that have changed since). Where the folder is
    read-only nothing is saved and the reader trains again next time."""
    family = cache.name.rsplit("-", 1)[0]
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, **arrays)
        for old in cache.parent.glob(f"{family}-*.npz"):
            if old != cache:
                old.unlink(missing_ok=True)
    except OSError:
        pass
