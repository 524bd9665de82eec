"""Start a LoRA run in the background, after the user's explicit yes."""

from __future__ import annotations

import re
from typing import Any

from tunewise.agent.answers.tool_answers import launch_call
from tunewise.agent.decision.policy import TurnView
from tunewise.agent.toolkit import launch
from tunewise.agent.toolkit.decl import NEXT, ToolDecl, first_path

LAUNCH_WORDS = re.compile(r"\b(?:kick off|launch|start|run|begin|train)\b", re.IGNORECASE)


def run(app: Any, inp: launch.LaunchInput) -> dict:
    return launch.launch(inp.model_dump(mode="json"), app.store, app.data_dir / "runs")


def plan(q: str, view: TurnView) -> dict | None:
    path = first_path(view)
    return launch_call(q, path) if path and LAUNCH_WORDS.search(q) else NEXT


def render(r: dict) -> str:
    return (
        f"Launched job **{r['job_id']}** (pid {r['pid']}); it writes to `{r['output_dir']}`. "
        f"Ask me for its status, or run `tunewise train logs {r['job_id']} -f`."
    )


EXAMPLES = (
    "kick off a LoRA run on data/train.jsonl",
    "start training on data/train.jsonl with base model SmolLM2-135M",
)
TOOL = ToolDecl(
    "launch_training",
    launch.LaunchInput,
    run,
    "Start a LoRA run in the background on this machine. The graph always pauses for the "
    "user's explicit confirmation (showing the plan) before this runs.",
    intents=("train",),
    plan=plan,
    render=render,
    confirm=True,
    examples=EXAMPLES,
)
