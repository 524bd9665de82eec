"""The tool registry: each capability declared once.

A declaration names the tool, its input model (path fields typed with core.paths.UserPath, so
the web app's confinement follows from the type), the function that runs it over the App, a
one-line summary, the intents the offline model serves with it and how it fills the
arguments (its planner), and how its result is shown (its renderer). The agent's tools
(agent/toolkit/tools.py), the offline model's dispatch (agent/runtime/offline_model.py) and confinement
(agent/toolkit/confine.py) are all derived from TOOLS; adding a tool is one declaration here plus its
function in tools/, its CLI module in ui/ and, if it has one, its web tab.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from tunewise.agent.answers import drafting
from tunewise.agent.answers import tool_answers as answers
from tunewise.agent.decision.policy import TurnView
from tunewise.agent.toolkit import launch
from tunewise.agent.toolkit import tool_runs as runs
from tunewise.tools.cost import EstimateInput
from tunewise.tools.evaluate import EvalInput
from tunewise.tools.lora_plan import LoraPlanInput
from tunewise.tools.synth.models import SynthToolInput
from tunewise.tools.validate import ValidateInput

NEXT = object()  # a planner's "not me: try the next declared tool"
# A planner (question, the turn) returns the call's arguments (a list: several calls), NEXT, or None (no tool:
# the model answers directly, e.g. asks for the missing file or figures).
Planner = Callable[[str, TurnView], Any]
LAUNCH_WORDS = re.compile(r"\b(?:kick off|launch|start|run|begin|train)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ToolDecl:
    name: str
    input: Callable[[], type[BaseModel]]  # lazy: heavy input modules load on first use
    run: Callable[[Any, BaseModel], Any]  # (App, validated input) -> result
    summary: str
    intents: tuple[str, ...] = ()
    plan: Planner | None = None  # offline: (question, context) -> the call's arguments
    render: Callable[[dict], str] | None = None
    confirm: bool = False  # the graph pauses for an explicit yes before it runs
    needs: tuple[str, ...] = field(default=())  # offline planner needs these context keys


def _first_path(view: TurnView) -> str | None:
    return view.file_paths[0] if view.file_paths else None


def _plan_cost(q: str, view: TurnView) -> dict:
    return answers.cost_call(view.profile.model_dump(), view.model_ids)


def _plan_validate(q: str, view: TurnView) -> dict | None:
    path = _first_path(view)
    return {"path": path} if path else None


def _plan_launch(q: str, view: TurnView) -> dict | None:
    path = _first_path(view)
    return answers.launch_call(q, path) if path and LAUNCH_WORDS.search(q) else NEXT


def _plan_lora(q: str, view: TurnView) -> dict | None:
    return answers.lora_call(q, view.profile.model_dump())


JOB_ID = re.compile(
    r"\b(\d{8}-[0-9a-f]{4,8}|[0-9a-f]{6,}(?=\b))\b|\b(?:run|job)\s+(?:id\s+)?([\w-]{4,})\b", re.I
)
NOT_IDS = {"please", "that", "this", "it", "now", "again", "the"}


def _plan_cancel(q: str, view: TurnView) -> dict:
    """'cancel run 20261206-ab12cd34' names the job; 'cancel it' means the latest running one."""
    for m in JOB_ID.finditer(q):
        ident = m.group(1) or m.group(2)
        if ident and ident.lower() not in NOT_IDS and any(c.isdigit() for c in ident):
            return {"job_id": ident}
    return {}


def _plan_eval(q: str, view: TurnView) -> dict | None:
    path = _first_path(view)
    if not path:
        return None
    args: dict[str, Any] = {"heldout": path, "limit": 20}
    base = answers.launch_call(q, path).get("base_model")  # "... with base model X"
    return {**args, "base_model": base} if base else args


def _plan_synth(q: str, view: TurnView) -> dict | None:
    path = _first_path(view)
    return answers.synth_call(q, path) if path else NEXT


def _plan_search(q: str, view: TurnView) -> list[dict] | dict:
    if view.intent == "draft_answer":  # one search per option the question names
        return [{"query": drafting.QUERIES[k], "k": 4} for k in drafting.options_in(q)]
    return {"query": q[:500], "k": 4}


# Order matters for the offline model: the first tool whose planner returns arguments for
# the turn's intent is called; the knowledge search comes last as the fallback.
TOOLS: list[ToolDecl] = [
    ToolDecl(
        "estimate_cost",
        lambda: EstimateInput,
        runs.estimate,
        "Per-query, daily and monthly cost of each option (API models, ft:<base> fine-tuned "
        "models, self-hosted:<GPU>), one-off training cost and break-even days, with dated prices.",
        intents=("estimate_cost",),
        plan=_plan_cost,
        render=answers.cost_answer,
    ),
    ToolDecl(
        "validate_data",
        lambda: ValidateInput,
        runs.validate,
        "Validate a fine-tuning JSONL file for a target format: errors and warnings with line "
        "numbers and stable codes, token statistics and the training-cost estimate.",
        intents=("validate_data",),
        plan=_plan_validate,
        render=answers.validation_answer,
    ),
    ToolDecl(
        "launch_training",
        lambda: launch.LaunchInput,
        runs.launch_training,
        "Start a LoRA run in the background on this machine. The graph always pauses for the "
        "user's explicit confirmation (showing the plan) before this runs.",
        intents=("train",),
        plan=_plan_launch,
        render=answers.launch_answer,
        confirm=True,
    ),
    ToolDecl(
        "plan_lora",
        lambda: LoraPlanInput,
        runs.lora_plan,
        "LoRA/QLoRA pre-flight: GPU memory (weights, adapters, optimizer, activations), which "
        "GPUs fit, and training time and cost.",
        intents=("train", "plan_lora"),
        plan=_plan_lora,
        render=answers.lora_answer,
    ),
    ToolDecl(
        "cancel_job",
        lambda: launch.CancelInput,
        runs.cancel_job,
        "Cancel a training run: the job named (an id or its first characters), or the latest "
        "running one. Its checkpoints stay, so it can be resumed.",
        intents=("cancel_job",),
        plan=_plan_cancel,
        render=answers.cancel_answer,
    ),
    ToolDecl(
        "evaluate",
        lambda: EvalInput,
        runs.evaluate,
        "Compare the base model zero-shot, few-shot prompting and base + LoRA adapter on a "
        "held-out chat JSONL (exact match, JSON validity, format, ROUGE-L, latency, prompt "
        "tokens). Without an adapter, the latest completed job's adapter, base and data are used.",
        intents=("evaluate",),
        plan=_plan_eval,
        render=answers.eval_answer,
    ),
    ToolDecl(
        "generate_synthetic_data",
        lambda: SynthToolInput,
        runs.synthesize,
        "Generate synthetic training rows from seed examples with a teacher (template or "
        "smollm2 offline, or a hosted model), filtered (duplicates, near-duplicates, length, "
        "validator) and written as JSONL with a provenance sidecar.",
        intents=("generate_data",),
        plan=_plan_synth,
        render=answers.synth_answer,
    ),
    ToolDecl(
        "job_status",
        lambda: launch.StatusInput,
        runs.job_status,
        "Status and latest progress (step, loss, ETA) of training jobs.",
        intents=("job_status",),
        plan=lambda q, view: {},
        render=answers.status_answer,
    ),
    # The advisor's reasoning for follow-ups: a hosted model calls these with the CONTEXT
    # profile; the offline model answers the same acts directly (agent/answers/act_answers.py).
    ToolDecl(
        "explain_advice",
        lambda: runs.WhyInput,
        runs.why,
        "Why the recommended approach wins, or why another approach does not, from the "
        "advisor's reasons for and against, with what would make the other win.",
        render=lambda r: r["answer"],
    ),
    ToolDecl(
        "what_if",
        lambda: runs.WhatIfInput,
        runs.what_if,
        "Advice for a hypothetical change of facts, on a copy: the stored facts do not change.",
        render=lambda r: r["answer"],
    ),
    ToolDecl(
        "compare_approaches",
        lambda: runs.CompareInput,
        runs.compare,
        "Side-by-side comparison of two or three approaches for the user's facts: fit, data "
        "leaving, data needed, effort, time to first result, running cost, dated caveats.",
        render=lambda r: r["answer"],
    ),
    ToolDecl(
        "next_steps",
        lambda: runs.FactsInput,
        runs.next_steps,
        "A concrete plan for the recommended route: data, evaluation, first run, rollout.",
        render=lambda r: r["answer"],
    ),
    ToolDecl(
        "search_knowledge",
        lambda: runs.SearchInput,
        runs.search,
        "Hybrid search of the fine-tuning knowledge base; returns sections with doc and "
        "section names.",
        intents=(
            "draft_answer",
            "explain",
            "estimate_cost",
            "validate_data",
            "generate_data",
            "train",
            "job_status",
        ),
        plan=_plan_search,
    ),
]
BY_NAME = {t.name: t for t in TOOLS}
RENDERERS = {t.name: t.render for t in TOOLS if t.render}
CONFIRM = {t.name for t in TOOLS if t.confirm}


def plan_offline(intent: str, question: str, view: TurnView, bound: list[str]) -> Any:
    """The offline model's tool call(s) for this turn: the first declared tool, among those
    bound, whose planner fills arguments for the intent; None to answer directly."""
    view = view.model_copy(update={"intent": intent})
    for t in TOOLS:
        if intent in t.intents and t.name in bound and t.plan is not None:
            args = t.plan(question, view)
            if args is NEXT:
                continue
            if args is None:
                return None
            if isinstance(args, list):
                return [{"name": t.name, "args": a} for a in args] or None
            return {"name": t.name, "args": args}
    return None
