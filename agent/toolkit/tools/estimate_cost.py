"""Cost per option: per query, day and month, one-off training and break-even."""

from __future__ import annotations

from typing import Any

from tunewise.agent.answers.tool_answers import cost_call, money
from tunewise.agent.decision.policy import TurnView
from tunewise.agent.toolkit.decl import ToolDecl
from tunewise.tools.cost import EstimateInput, estimate_cost


def run(app: Any, inp: EstimateInput) -> dict:
    return estimate_cost(inp, app.catalogue).model_dump(mode="json")


def plan(q: str, view: TurnView) -> dict:
    return cost_call(view.profile.model_dump(), view.model_ids)


def render(r: dict) -> str:
    lines = [
        f"Cost per option (baseline **{r['baseline']}**):",
        "",
        "| option | per query | per day | per month | one-off | break-even |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for i, o in enumerate(r["options"]):
        be = (
            "baseline"
            if i == 0
            else ("-" if o["break_even_days"] is None else f"{o['break_even_days']:g} days")
        )
        flag = "" if o["verified"] else " *"
        lines.append(
            f"| {o['model']}{flag} | {money(o['per_query_cost'])} | {money(o['daily_cost'])} | "
            f"{money(o['monthly_cost'])} | {money(o['one_off_cost'])} | {be} |"
        )
    lines += ["", "Assumptions:"]
    for o in r["options"]:
        lines.append(
            f"- **{o['model']}** (prices as of {o['as_of']}, {o['source']}): "
            + "; ".join(o["assumptions"])
        )
    lines += [f"- {a}" for a in r["assumptions"]]
    # two options on one provider share its notices: each is said once
    notices = dict.fromkeys(e for o in r["options"] for e in o.get("lifecycle", []))
    lines += [f"- Lifecycle: {e}" for e in notices]
    if any(not o["verified"] for o in r["options"]):
        lines.append("- \\* price not confirmed on the provider's page: budget with the range")
    return "\n".join(lines)


EXAMPLES = (
    "what would 3,000 requests a day cost on gpt-4o-mini?",
    "How much would it cost to run this at 100k queries a day?",
)
TOOL = ToolDecl(
    "estimate_cost",
    EstimateInput,
    run,
    "Per-query, daily and monthly cost of each option (API models, ft:<base> fine-tuned "
    "models, self-hosted:<GPU>), one-off training cost and break-even days, with dated prices.",
    intents=("estimate_cost",),
    plan=plan,
    render=render,
    examples=EXAMPLES,
)
