"""The learned reader's yes/no heads: what needs fixing (format, style, domain vocabulary,
knowledge, reasoning, extraction, a new capability) and the situation facts that settle the
advice (invented facts, speed, cost, kept teacher outputs, on-device, fast-changing facts,
per-client needs). One logistic regression per head over the same features as the
multi-valued reader (MiniLM embedding and negation-marked word n-grams), trained on
agent/learned/clause_kinds.py, the similarity prototypes of the same facts and the dev half of the
fact clause set; as "not this": every other head's clauses and clauses about other things.
Speed and cost pressure are theirs alone (SITUATIONS: no word list reads them); the other
heads fill what the word lists left unread. A head counts only above a high probability and
never from a clause that opens on a denial. Trained at set-up (scripts/setup.sh; else on first use, a few
seconds) and cached beside the ONNX export."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from tunewise.agent.learned.clause_features import DIM, VERSION, WEIGHT, features
from tunewise.agent.learned.clause_kinds import KIND_CLAUSES
from tunewise.agent.learned.clause_model import CLAUSES, written_clauses
from tunewise.agent.learned.fitting import L2, STEPS, cached_weights, fit_balanced, read_rows
from tunewise.agent.learned.prototypes import PROTOTYPES, denied
from tunewise.knowledge.embeddings import embed

PROB = 0.7
FACT_CLAUSES = Path(__file__).parent / "data" / "fact_clauses.jsonl"


def label_of(field: str, value: Any) -> str:
    """("task_kinds", "format") -> "task:format"; ("change_velocity", "high") ->
    "change_velocity:high"; ("on_device", True) -> "on_device"."""
    if field == "task_kinds":
        return f"task:{value}"
    if field.startswith("task:"):
        return field
    return field if value is True else f"{field}:{value}"


@lru_cache(maxsize=1)
def _fact_dev() -> list[dict]:
    """The fact clause set's dev half; its held-out half is never trained on."""

    return [r for r in read_rows(FACT_CLAUSES) if r["split"] == "dev"]


def _positives() -> dict[str, list[str]]:
    out = {label: list(texts) for label, texts in KIND_CLAUSES.items()}
    for (field, value), texts in PROTOTYPES.items():
        if label_of(field, value) in out:
            out[label_of(field, value)] += texts
    for row in _fact_dev():
        if row["field"]:
            out[label_of(row["field"], row["value"])].append(row["text"])
    return out


def _elsewhere() -> list[str]:
    """Clauses about none of the heads: the three multi-valued facts' clauses and the near
    misses of both written sets."""

    texts = [c for by in CLAUSES.values() for cs in by.values() for c in cs]
    texts += [r["text"] for r in written_clauses()]
    texts += [r["text"] for r in _fact_dev() if not r["field"]]
    return texts


def _key(positives: dict[str, list[str]], elsewhere: list[str]) -> str:
    data = [positives, elsewhere, DIM, WEIGHT, VERSION, STEPS, L2]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:16]


def train(positives: dict[str, list[str]], elsewhere: list[str]) -> dict[str, np.ndarray]:
    """label -> weights of a two-class (no, yes) regression: a head's own clauses against
    every other head's and the clauses about none of them."""

    texts = list(dict.fromkeys([t for ts in positives.values() for t in ts] + elsewhere))
    x = features(texts, np.asarray(embed(texts), dtype=np.float32))
    out = {}
    for label, pos in positives.items():
        yes = set(pos)
        # the few clauses of one head weigh as much, together, as all the others
        out[label] = fit_balanced(x, np.asarray([int(t in yes) for t in texts]), 2)
    return out


@lru_cache(maxsize=1)
def models() -> dict[str, np.ndarray]:
    """The trained heads, from the cache file or trained and saved."""

    positives, elsewhere = _positives(), _elsewhere()
    names = {label: label.replace(":", "__") for label in positives}  # a file name each
    weights = cached_weights(
        "kind-model",
        _key(positives, elsewhere),
        names.values(),
        lambda: {names[label]: w for label, w in train(positives, elsewhere).items()},
    )
    return {label: weights[name] for label, name in names.items()}


def probabilities(models: dict[str, np.ndarray], x: np.ndarray) -> dict[str, np.ndarray]:
    """label -> each clause's probability of being about it."""
    xb = np.hstack([x, np.ones((len(x), 1), dtype=np.float32)])
    out = {}
    for label, w in models.items():
        z = xb @ w
        out[label] = 1.0 / (1.0 + np.exp(z[:, 0] - z[:, 1]))
    return out


def predict(
    clauses: list[str], x: np.ndarray, known: dict[str, Any], labels: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Facts for the heads `known` leaves unread (only `labels`' heads when given), from the
    clauses' features: task kinds are added to those already read, other facts only where
    unknown."""

    heads = {k: w for k, w in models().items() if not labels or k in labels}
    found: dict[str, Any] = {}
    for label, p in probabilities(heads, x).items():
        hits = [c for c, prob in zip(clauses, p, strict=True) if prob >= PROB]
        if not any(not denied(c, True) for c in hits):
            continue
        if label.startswith("task:"):
            kinds = found.setdefault("task_kinds", list(known.get("task_kinds") or []))
            if label[5:] not in kinds:
                kinds.append(label[5:])
            continue
        field, _, value = label.partition(":")
        if known.get(field) is None:
            found[field] = value or True
    return found


# The situation facts no word list reads: the heads read them on every path, over the
# clauses and their comma pieces, like the clause heads (semantic.clause_facts).
SITUATIONS = ("latency_pressure", "cost_pressure")
