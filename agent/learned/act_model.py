"""The learned act reader: what a turn asks for, read from the whole message.

One multinomial logistic regression over the MiniLM embedding and the negation-marked word
n-grams (agent/learned/clause_features.py), like the need reader, trained on
agent/learned/data/act_messages.jsonl (bench/derive_acts.py: hand-written rows in many voices, the dev
halves of the conversation and understanding sets, and the dev half of the real follow-ups,
each row with its origin). The acts and what answers each are declared once in
agent/schema/act_table.py. Trained at set-up and cached beside the ONNX export.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from tunewise.agent.learned.clause_features import DIM, VERSION, WEIGHT, features
from tunewise.agent.learned.fitting import cached_weights, fit_balanced, softmax
from tunewise.agent.schema.act_table import ACT_NAMES
from tunewise.knowledge.embeddings import embed

ROWS = Path(__file__).parent / "data" / "act_messages.jsonl"
FLOOR = 0.45  # below it the reader is unsure, and the message gets the grounded answer


def rows() -> list[dict]:
    return [json.loads(x) for x in ROWS.read_text(encoding="utf-8").splitlines() if x.strip()]


def _key(data: list[dict]) -> str:
    blob = json.dumps([[r["text"], r["act"]] for r in data] + [ACT_NAMES, DIM, WEIGHT, VERSION])
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def train(data: list[dict]) -> np.ndarray:
    texts = [r["text"] for r in data]
    x = features(texts, np.asarray(embed(texts), dtype=np.float32))
    y = np.asarray([ACT_NAMES.index(r["act"]) for r in data])
    return fit_balanced(x, y, len(ACT_NAMES))


@lru_cache(maxsize=1)
def model() -> np.ndarray:
    """The trained weights, from the cache file or trained and saved."""
    data = rows()
    return cached_weights("act-model", _key(data), ["weights"], lambda: {"weights": train(data)})[
        "weights"
    ]


def probabilities(text: str, weights: np.ndarray | None = None) -> dict[str, float]:
    w = model() if weights is None else weights
    p = softmax(features([text], np.asarray(embed([text]), dtype=np.float32)), w)[0]
    return {act: float(v) for act, v in zip(ACT_NAMES, p, strict=True)}


def read(text: str, weights: np.ndarray | None = None) -> tuple[str, float]:
    """The likeliest act and its probability."""
    probs = probabilities(text, weights)
    act = max(probs, key=probs.get)
    return act, probs[act]
