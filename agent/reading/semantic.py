"""The learned readers over a message's clauses, and embedding similarity for the facts the
lexicon's words miss ("it invents policy details", "replies take forever").

How far prompting got, whether an evaluation set exists and whether the data may leave are read
by the clause heads alone (agent/learned/clause_model.py), speed and cost pressure by their
yes/no heads alone (agent/learned/kind_model.py), over the clauses and their comma-separated
pieces. For the other facts, each has a few prototype sentences per value; a
clause takes the value whose prototype is closest when that is clearly similar (threshold) and
clearly closer than any other value of the same fact (margin); used only for facts the lexicon
left unknown; then the yes/no heads fill what is still unknown.

The prototypes are descriptions of situations in our own words, not the evaluation cases."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import numpy as np

from tunewise.agent.learned.clause_features import features
from tunewise.agent.learned.clause_kinds import KIND_CLAUSES
from tunewise.agent.learned.clause_model import CLAUSES, predict
from tunewise.agent.learned.kind_model import SITUATIONS, label_of
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


PIECE = re.compile(r",\s+|\s+-\s+")


def pieces(clauses: list[str]) -> list[str]:
    """The clauses and their comma-separated pieces ("6k rows, holdout set, on-prem"): a
    piece usually carries one fact, as the clause heads' training rows do."""
    out = [*clauses, *(x for c in clauses for x in PIECE.split(c))]
    return list(dict.fromkeys(x.strip(" .") for x in out if x.strip(" .")))


def read_facts(
    clauses: list[str], known: dict[str, Any], semantic: bool = True
) -> tuple[dict[str, Any], dict[str, str]]:
    """The learned and similarity facts of a message's clauses for fields `known` leaves empty
    (clause_facts; with `semantic`, then semantic_facts on the clauses of three words or more),
    and for each clause-head fact the piece it was read from. Each distinct text is embedded
    once: a clause is often also one of its own pieces."""
    parts = pieces(clauses)
    longer = [c for c in clauses if len(c.split()) >= 3] if semantic else []
    texts = list(dict.fromkeys([*parts, *longer]))
    if not texts:
        return {}, {}
    vector = dict(zip(texts, np.asarray(embed(texts), dtype=np.float32), strict=True))
    facts, sources = clause_facts(parts, np.stack([vector[t] for t in parts]), known)
    if longer:
        facts.update(
            semantic_facts(longer, np.stack([vector[c] for c in longer]), {**known, **facts})
        )
    return facts, sources


def clause_facts(
    parts: list[str], vectors: np.ndarray, known: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The clause heads' facts (prompting effort, evaluation set, data permission) and the
    speed and cost heads' for fields `known` leaves empty, read from the clauses' pieces and
    their embeddings; and for each clause-head fact the piece it was read from."""
    x = features(parts, vectors)
    read = predict(parts, x, known)
    facts = {f: v for f, (v, _) in read.items()}
    facts.update(predict_kinds(parts, x, {**known, **facts}, SITUATIONS))
    return facts, {f: piece for f, (_, piece) in read.items()}


def semantic_facts(
    clauses: list[str], vectors: np.ndarray, known: dict[str, Any]
) -> dict[str, Any]:
    """Facts read by similarity and by the yes/no heads from the clauses and their
    embeddings, for fields `known` leaves empty."""
    found: dict[str, Any] = {}
    labels, bank = _bank()
    sims = vectors @ bank.T
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
    # the yes/no heads for task kinds and situation facts, for those still unknown
    x = features(clauses, vectors)
    found.update(predict_kinds(clauses, x, {**known, **found}))
    return found
