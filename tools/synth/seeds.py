"""Seed rows: read (inline or JSONL), checked against the target format, reduced to
(system, input, output) pairs the generators vary; and the rendering back to the target."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import NamedTuple

from tunewise.core.errors import InputFileError
from tunewise.tools.synth.models import SynthError, SynthInput
from tunewise.tools.validate.convert import render_row, turns_of
from tunewise.tools.validate.targets import SHAPE_DEFAULT, TARGETS, detect_shape

MAX_SEEDS = 1000


class Seed(NamedTuple):
    id: str
    system: str | None
    input: str
    output: str


def _read(path: Path) -> list[dict]:
    if not path.is_file():
        raise InputFileError(f"seeds file {path} not found; give a .jsonl file of example rows")
    rows = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SynthError(
                    f"seeds file {path} line {n} is not valid JSON ({exc.msg}); check it with "
                    f"`tunewise validate {path}`"
                ) from None
            if len(rows) > MAX_SEEDS:
                raise SynthError(f"more than {MAX_SEEDS} seeds; a few dozen good ones is plenty")
    return rows


def load_seeds(inp: SynthInput) -> list[Seed]:
    rows = list(inp.seeds) + (_read(inp.seeds_file) if inp.seeds_file else [])
    if not rows:
        raise SynthError(
            "no seed examples: give a few rows in the target format (--seeds FILE.jsonl); "
            "3-10 good examples steer the generator"
        )
    target = TARGETS[inp.format]
    seeds = []
    for n, row in enumerate(rows, 1):
        shape = detect_shape(row)
        if shape is None:
            raise SynthError(f"seed {n} has none of the known dataset shapes: {str(row)[:120]}")
        if shape not in target.shapes and not (shape == "chat" and inp.format == "bedrock_haiku"):
            raise SynthError(
                f"seed {n} is in the {SHAPE_DEFAULT.get(shape, shape)} format but the target is "
                f"{inp.format}; convert the seeds first (`tunewise validate SEEDS --fix "
                f"seeds.{inp.format}.jsonl --to {inp.format}`) or generate --format "
                f"{SHAPE_DEFAULT.get(shape, shape)}"
            )
        view = turns_of(row, shape)
        if view is None:
            raise SynthError(f"seed {n} holds more than text (tools or parts); use text rows")
        system, turns = view
        users = [t for r, t in turns if r == "user"]
        answers = [t for r, t in turns if r == "assistant"]
        if not users or not answers or not users[-1].strip() or not answers[-1].strip():
            raise SynthError(f"seed {n} needs a user input and an assistant answer")
        digest = hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest()[:10]
        seeds.append(Seed(f"seed-{n}-{digest}", system, users[-1], answers[-1]))
    return seeds


def render(seed_system: str | None, user: str, answer: str, fmt: str) -> dict:
    row = render_row(seed_system, [("user", user), ("assistant", answer)], TARGETS[fmt])
    if row is None:  # only when a format cannot hold a system prompt
        row = render_row(None, [("user", user), ("assistant", answer)], TARGETS[fmt])
    assert row is not None  # every SynthFormat renders a single user/assistant pair
    return row


def row_pair(row: dict) -> tuple[str, str] | None:
    """(input, output) of a generated row, for resuming a file."""
    view = turns_of(row, detect_shape(row) or "")
    if not view:
        return None
    turns = view[1]
    users = [t for r, t in turns if r == "user"]
    answers = [t for r, t in turns if r == "assistant"]
    return (users[-1], answers[-1]) if users and answers else None
