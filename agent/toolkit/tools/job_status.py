"""Status and latest progress of training jobs."""

from __future__ import annotations

from typing import Any

from tunewise.agent.decision.policy import TurnView
from tunewise.agent.toolkit import launch
from tunewise.agent.toolkit.decl import ToolDecl


def run(app: Any, inp: launch.StatusInput) -> dict:
    return launch.status(inp.job_id, app.store)


def plan(q: str, view: TurnView) -> dict:
    return {}


def render(r: dict) -> str:
    if not r["jobs"]:
        return "There are no training jobs yet. Say e.g. *kick off a LoRA run on data.jsonl*."
    lines = []
    for j in r["jobs"]:
        p = j["progress"]
        if not p:
            where = "starting" if j["status"] == "running" else "no step logged"
        else:
            where = f"step {p['step']}/{p['max_steps']}, loss {p['loss']:.3f}"
            if j["status"] == "running":  # time left means something only while it runs
                where += f", about {p['eta_s']:.0f} s left"
        line = f"- **{j['job_id']}**: {j['status']}, {where}"
        if j["adapter"]:
            line += f"; adapter at `{j['adapter']}`"
        if j["error"] and j["status"] == "failed":
            line += f"; error: {j['error'].splitlines()[0]}"
        lines.append(line)
    return "Training jobs:\n" + "\n".join(lines)


EXAMPLES = (
    "how is my training run doing?",
    "what's the status of the job?",
)
TOOL = ToolDecl(
    "job_status",
    launch.StatusInput,
    run,
    "Status and latest progress (step, loss, ETA) of training jobs.",
    intents=("job_status",),
    plan=plan,
    render=render,
    examples=EXAMPLES,
)
