"""One learned message head: a class read from a whole message.

A multinomial logistic regression over the MiniLM embedding and the negation-marked word
n-grams (agent/learned/clause_features.py), trained on labelled JSONL rows (each with its
origin), fitted with every class weighing the same, trained at set-up and cached beside the
ONNX export keyed by the rows' hash. The act reader (act_model.py, a tool request read per
tool) and the need reader (need_model.py) are heads of this kind.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from tunewise.agent.learned.clause_features import DIM, VERSION, WEIGHT, features
from tunewise.agent.learned.fitting import cached_weights, fit_balanced, read_rows, softmax
from tunewise.knowledge.embeddings import embed


@dataclass(frozen=True)
class MessageHead:
    family: str  # the cache file's name: <family>-<hash>.npz
    path: Path  # the labelled rows
    label: str  # the row key that holds the class
    classes: tuple[str, ...]
    label_of: Callable[[dict], str] | None = None  # the class of a row, when not r[label]
    prepare: Callable[[str], str] | None = None  # the text as the head reads it

    def words(self, text: str) -> str:
        return self.prepare(text) if self.prepare else text

    def rows(self) -> list[dict]:
        """The rows that carry a label (a file may label only some rows for this head)."""
        return [r for r in read_rows(self.path) if r.get(self.label)]

    def class_of(self, row: dict) -> str:
        return self.label_of(row) if self.label_of else row[self.label]

    def train(self, data: list[dict]) -> np.ndarray:
        texts = [self.words(r["text"]) for r in data]
        x = features(texts, np.asarray(embed(texts), dtype=np.float32))
        y = np.asarray([self.classes.index(self.class_of(r)) for r in data])
        return fit_balanced(x, y, len(self.classes))

    def weights(self) -> np.ndarray:
        """The trained weights, from the cache file or trained and saved."""
        return _weights(self)

    def probabilities(self, text: str, weights: np.ndarray) -> dict[str, float]:
        text = self.words(text)
        p = softmax(features([text], np.asarray(embed([text]), dtype=np.float32)), weights)[0]
        return {c: float(v) for c, v in zip(self.classes, p, strict=True)}


@cache
def _weights(head: MessageHead) -> np.ndarray:
    data = head.rows()
    # the text as the head reads it: a change to `prepare` retrains, like a change to a row
    pairs = [[head.words(r["text"]), head.class_of(r)] for r in data]
    blob = json.dumps([pairs, head.classes, DIM, WEIGHT, VERSION])
    key = hashlib.sha256(blob.encode()).hexdigest()[:16]
    return cached_weights(head.family, key, ["weights"], lambda: {"weights": head.train(data)})[
        "weights"
    ]


def best(probs: dict[str, float]) -> tuple[str, float]:
    """The likeliest class and its probability."""
    top = max(probs, key=probs.get)  # type: ignore[arg-type]
    return top, probs[top]
