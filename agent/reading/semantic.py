"""Embedding similarity for the facts the lexicon's words miss ("it invents policy details",
"replies take forever"). Each fact has a few prototype sentences per value; a clause takes the
value whose prototype is closest when that is clearly similar (threshold) and clearly closer
than any other value of the same fact (margin). Used only for facts the lexicon left unknown.

The prototypes are descriptions of situations in our own words, not the evaluation cases."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from tunewise.agent.learned.clause_features import features
from tunewise.agent.learned.clause_kinds import KIND_CLAUSES
from tunewise.agent.learned.clause_model import CLAUSES, predict
from tunewise.agent.learned.kind_model import label_of
from tunewise.agent.learned.kind_model import predict as predict_kinds
from tunewise.agent.learned.prototypes import GATES, PROTOTYPES, denied
from tunewise.knowledge.embeddings import embed

THRESHOLD = 0.45
MARGIN = 0.06


def _learned(field: str, value: Any) -> bool:
    """A fact the learned readers own (agent/learned/clause_model.py, agent/learned/kind_model.py): its
    prototypes above are part of their training clauses rather than a rival reading with no
    sense of negation."""

    return field in CLAUSES or label_of(field, value) in KIND_CLAUSES


@lru_cache(maxsize=1)
def _bank() -> tuple[list[tuple[str, Any]], np.ndarray]:
    labels, texts = [], []
    for label, phrases in PROTOTYPES.items():
        for p in phrases:
            labels.append(label)
            texts.append(p)
    return labels, np.asarray(embed(texts), dtype=np.float32)


def semantic_facts(clauses: list[str], known: dict[str, Any]) -> dict[str, Any]:
    """Facts read by similarity from the clauses, for fields `known` leaves empty."""
    clauses = [c for c in clauses if len(c.split()) >= 3]
    if not clauses:
        return {}

    labels, bank = _bank()
    vectors = np.asarray(embed(clauses), dtype=np.float32)
    sims = vectors @ bank.T
    found: dict[str, Any] = {}
    for clause, row in zip(clauses, sims, strict=True):
        best: dict[tuple[str, Any], float] = {}
        for label, s in zip(labels, row, strict=True):
            best[label] = max(best.get(label, -1.0), float(s))
        for (field, value), score in best.items():
            if _learned(field, value):
                continue  # the learned reader owns this fact (its prototypes train it)
            rivals = [s for (f, v), s in best.items() if f == field and v != value]
            if score < THRESHOLD or (rivals and score - max(rivals) < MARGIN):
                continue
            gate = GATES.get(field)
            if (gate is not None and not gate.search(clause)) or denied(clause, value):
                continue
            if field.startswith("task:"):
                if not known.get("task_kinds"):
                    found.setdefault("task_kinds", [])
                    if field[5:] not in found["task_kinds"]:
                        found["task_kinds"].append(field[5:])
            elif known.get(field) is None and field not in found:
                found[field] = value
    # the learned readers, for the facts still unknown: the clause heads, then the yes/no
    # heads for task kinds and situation facts
    x = features(clauses, vectors)
    found.update(predict(clauses, x, {**known, **found}))
    found.update(predict_kinds(clauses, x, {**known, **found}))
    return found
