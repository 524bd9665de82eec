"""The learned act reader: what a turn asks for, read from the whole message, and for a tool
request which tool.

A message head (agent/learned/message_head.py) trained on agent/learned/data/act_messages.jsonl
(bench/derive_acts.py: hand-written rows in many voices, the dev halves of the conversation and
understanding sets, and the dev half of the real follow-ups, each row with its origin). The acts
and what answers each are declared once in agent/schema/act_table.py; a tool request is learned
as the tool it asks for (validate a file, launch a run, a run's status, evaluate an adapter:
requests that read nothing alike), each read back as the act "tool". Trained at set-up and
cached beside the ONNX export.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from tunewise.agent.learned.message_head import MessageHead, best
from tunewise.agent.schema.act_table import ACT_NAMES

ROWS = Path(__file__).parent / "data" / "act_messages.jsonl"
FLOOR = 0.45  # below it the reader is unsure, and the message gets the grounded answer
TOOLS = ("validate_data", "train", "job_status", "evaluate")
# a data file is read as its file name: the folders around it say nothing about the act
PATH = re.compile(r"[\w./~-]+\.jsonl\b")
HEAD = MessageHead(
    "act-model",
    ROWS,
    "act",
    tuple(a for a in ACT_NAMES if a != "tool") + TOOLS,
    lambda r: r["tool"] if r["act"] == "tool" else r["act"],
    lambda text: PATH.sub(lambda m: m.group().rsplit("/", 1)[-1], text),
)


def rows() -> list[dict]:
    return HEAD.rows()


def train(data: list[dict]) -> np.ndarray:
    return HEAD.train(data)


def model() -> np.ndarray:
    """The trained weights, from the cache file or trained and saved."""
    return HEAD.weights()


def probabilities(text: str, weights: np.ndarray | None = None) -> dict[str, float]:
    """Each class's probability: the acts, a tool request split by the tool it asks for."""
    return HEAD.probabilities(text, model() if weights is None else weights)


def read(text: str, weights: np.ndarray | None = None) -> tuple[str, float, str | None]:
    """The likeliest act, its probability and, for a tool request, the tool."""
    return top(probabilities(text, weights))


def top(probs: dict[str, float]) -> tuple[str, float, str | None]:
    """From probabilities: the likeliest act, its probability and the tool if any."""
    act, p = best(probs)
    return ("tool", p, act) if act in TOOLS else (act, p, None)
