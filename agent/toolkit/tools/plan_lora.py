"""LoRA/QLoRA pre-flight: memory, GPUs that fit, time and cost."""

from __future__ import annotations

from typing import Any

from tunewise.agent.answers.tool_answers import lora_call, lora_summary
from tunewise.agent.decision.policy import TurnView
from tunewise.agent.toolkit.decl import ToolDecl
from tunewise.tools.lora_plan import LoraPlanInput, plan_lora


def run(app: Any, inp: LoraPlanInput) -> dict:
    return plan_lora(inp, app.catalogue).model_dump(mode="json")


def plan(q: str, view: TurnView) -> dict | None:
    return lora_call(q, view.profile.model_dump())


def render(p: dict) -> str:
    lines = [*lora_summary(p), "", "Assumptions: " + "; ".join(p["assumptions"]) + "."]
    lines.append(
        "To train, say *kick off a LoRA run on FILE.jsonl*: I validate the file, show this "
        "plan for the run and wait for your explicit confirmation before anything starts."
    )
    return "\n".join(lines)


EXAMPLES = (
    "how much GPU memory do we need to LoRA mistral-7b?",
    "which base model and how big a GPU do we need?",
)
TOOL = ToolDecl(
    "plan_lora",
    LoraPlanInput,
    run,
    "LoRA/QLoRA pre-flight: GPU memory (weights, adapters, optimizer, activations), which "
    "GPUs fit, and training time and cost.",
    intents=("train", "plan_lora"),
    plan=plan,
    render=render,
    examples=EXAMPLES,
)
