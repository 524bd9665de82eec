"""The tool registry: the declared tools in the order the offline model tries them.

Each tool is one module in agent/toolkit/tools/ (its TOOL declaration, input model, run
function, offline planner, renderer and examples; agent/toolkit/decl.py says what each part
is). Adding a tool is its module plus its line in TOOLS below (and, if it has one, its web
tab); the agent's tools, the offline dispatch, confinement, the MCP server and the
`tunewise tool` command follow from TOOLS.
"""

from __future__ import annotations

from typing import Any

from tunewise.agent.decision.policy import TurnView
from tunewise.agent.toolkit.decl import NEXT, ToolDecl
from tunewise.agent.toolkit.tools import (
    cancel_job,
    compare_approaches,
    estimate_cost,
    evaluate,
    explain_advice,
    generate_synthetic_data,
    job_status,
    launch_training,
    next_steps,
    plan_lora,
    search_knowledge,
    validate_data,
    what_if,
)

# Order matters for the offline model: the first tool whose planner returns arguments for
# the turn's intent is called; the knowledge search comes last as the fallback. The advice
# tools (explain_advice ... next_steps) are called by hosted models; the offline model
# answers their acts directly (agent/answers/act_answers.py).
TOOLS: list[ToolDecl] = [
    estimate_cost.TOOL,
    validate_data.TOOL,
    launch_training.TOOL,
    plan_lora.TOOL,
    cancel_job.TOOL,
    evaluate.TOOL,
    generate_synthetic_data.TOOL,
    job_status.TOOL,
    explain_advice.TOOL,
    what_if.TOOL,
    compare_approaches.TOOL,
    next_steps.TOOL,
    search_knowledge.TOOL,
]
BY_NAME = {t.name: t for t in TOOLS}
RENDERERS = {t.name: t.render for t in TOOLS if t.render and t.speaks}  # the answer itself
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
