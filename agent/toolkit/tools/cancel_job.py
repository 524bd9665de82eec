"""Cancel a training run; its checkpoints stay so it can be resumed."""

from __future__ import annotations

import re
from typing import Any

from tunewise.agent.decision.policy import TurnView
from tunewise.agent.toolkit import launch
from tunewise.agent.toolkit.decl import ToolDecl

JOB_ID = re.compile(
    r"\b(\d{8}-[0-9a-f]{4,8}|[0-9a-f]{6,}(?=\b))\b|\b(?:run|job)\s+(?:id\s+)?([\w-]{4,})\b", re.I
)
NOT_IDS = {"please", "that", "this", "it", "now", "again", "the"}


def run(app: Any, inp: launch.CancelInput) -> dict:
    return launch.cancel(inp.job_id, app.store)


def plan(q: str, view: TurnView) -> dict:
    """'cancel run 20261206-ab12cd34' names the job; 'cancel it' means the latest running one."""
    for m in JOB_ID.finditer(q):
        ident = m.group(1) or m.group(2)
        if ident and ident.lower() not in NOT_IDS and any(c.isdigit() for c in ident):
            return {"job_id": ident}
    return {}


def render(r: dict) -> str:
    p = r.get("progress")
    where = f" at step {p['step']}/{p['max_steps']}" if p else ""
    return (
        f"Cancelled job **{r['job_id']}**{where}; it is now {r['status']}. Its checkpoints stay "
        f"on disk: `tunewise train resume {r['job_id']}` continues from the last one."
    )


EXAMPLES = (
    "cancel it",
    "cancel my training run 20261206-ab12cd34",
)
TOOL = ToolDecl(
    "cancel_job",
    launch.CancelInput,
    run,
    "Cancel a training run: the job named (an id or its first characters), or the latest "
    "running one. Its checkpoints stay, so it can be resumed.",
    intents=("cancel_job",),
    plan=plan,
    render=render,
    examples=EXAMPLES,
)
