"""The learned message reader: what the writer needs, read from the whole first message.

Real people rarely state facts in the shapes the clause readers know; they ask "how do I
train my own bot on my own docs?" or "how can I give llama its own personality?". The need
is the subject of the question, so it is read from the whole message, questions included:
one multinomial logistic regression over the MiniLM embedding and the negation-marked word
n-grams (agent/learned/clause_features.py), trained on agent/learned/data/need_messages.jsonl (rows written
for training in many voices, and the dev half of the real-message corpus, each row with its
origin; the held-out half is never trained on). A reading counts when it is not "other" and
its probability is at least FLOOR; it owns the message's subject from SURE up, and below that
only fills a subject the clause readers left empty. Both thresholds were chosen by
`python -m bench.real_cv` (the dev threads read by readers that never saw them), not on the
held-out half. Trained at set-up and cached beside the ONNX export, like the other learned
readers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from tunewise.agent.learned.message_head import MessageHead
from tunewise.agent.schema.profile import Profile

ROWS = Path(__file__).parent / "data" / "need_messages.jsonl"
NEEDS = (
    "other",
    "knowledge",
    "format",
    "persona",
    "instruction",
    "new_language",
    "distill",
    "speed",
    "cost",
    "tune_task",
    "measure",
)
FLOOR = 0.25  # below this the reading is a guess: nothing is read
SURE = 0.5  # from this up the reading owns the subject (what needs to improve)

# What each need says about the profile: the subject of the message (what needs to improve)
# and, for the situation needs, the stated pressure.
FACTS: dict[str, dict[str, Any]] = {
    "knowledge": {"task_kinds": ["knowledge"]},
    "format": {"task_kinds": ["format"]},
    "persona": {"task_kinds": ["style"]},
    # a standing instruction a prompt can carry (reply language, house rules, guidelines): the
    # nearest profile kind is how the output is written
    "instruction": {"task_kinds": ["format"]},
    "new_language": {"task_kinds": ["novel_capability"]},
    "distill": {"uses_large_model": True, "cost_pressure": True},
    "speed": {"latency_pressure": True},
    "cost": {"cost_pressure": True},
    # "how do I fine-tune sqlcoder on our queries?", "I have one V100, can I fine-tune it?"
    "tune_task": {"wants_weight_change": True, "narrow_task": True},
    # "my fine-tuned model got worse": a weight change with nothing yet saying where it fails
    "measure": {"wants_weight_change": True, "eval_ready": False},
}


HEAD = MessageHead("need-model", ROWS, "need", NEEDS)


def rows() -> list[dict]:
    return HEAD.rows()


def train(data: list[dict]) -> np.ndarray:
    return HEAD.train(data)


def model() -> np.ndarray:
    """The trained weights, from the cache file or trained and saved."""
    return HEAD.weights()


def probabilities(text: str, weights: np.ndarray | None = None) -> dict[str, float]:
    return HEAD.probabilities(text, model() if weights is None else weights)


def read_scored(text: str, weights: np.ndarray | None = None) -> tuple[str | None, float]:
    """The writer's need and its probability; (None, p) when the reader is unsure or it is
    none of the known ones."""
    if len(text.split()) < 3 and not any(ord(c) > 0x2E80 for c in text):
        return None, 0.0
    probs = probabilities(text, weights)
    need = max(probs, key=probs.get)
    return (None if need == "other" or probs[need] < FLOOR else need), probs[need]


def read_need(text: str, weights: np.ndarray | None = None) -> str | None:
    """The writer's need, or None when the reader is unsure or it is none of the known ones."""
    return read_scored(text, weights)[0]


def need_facts(need: str, known: Profile, sure: bool = True) -> Profile:
    """The facts a need states. The subject (what needs to improve) is the need's own when the
    reading is `sure`: a whole-message reading owns it, so it replaces the task kinds the
    clause readers guessed ("train a chatbot so it has a specific personality" is a persona,
    however the word "train" read); an unsure reading names the subject only when the clause
    readers read none. The situation facts (a large model, cost or speed pressure) fill only the fields
    `known` leaves unknown."""
    out: dict[str, Any] = {}
    for field, value in FACTS.get(need, {}).items():
        if isinstance(value, list):
            if value != getattr(known, field) and (sure or not getattr(known, field)):
                out[field] = value
        elif getattr(known, field) is None:
            out[field] = value
    return Profile.model_validate(out)


def with_need(need: str, profile: Profile, sure: bool = True) -> Profile:
    """`profile` with what the need states (need_facts): its task kinds replace those read,
    its situation facts fill the unknown fields."""
    facts = need_facts(need, profile, sure)
    base = profile.model_copy(update={"task_kinds": []}) if facts.task_kinds else profile
    return base.merge(facts)
